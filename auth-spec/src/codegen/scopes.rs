//! The `Scope` enum, its set type, and the `scope!` macro that rejects undeclared scopes at
//! compile time.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::camel_ident;
use crate::Spec;

/// `module`: the path from the crate root of the module the items are generated into
/// (`klaviyo`), when not the root. The `scope!` macro is exported at the crate root, so
/// there it is named `<module>_scope!` and names the module's `Scope`.
pub(crate) fn generate(spec: &Spec, module: Option<&str>) -> TokenStream {
    let names: Vec<&str> = spec.scopes.names().collect();
    let variants: Vec<_> = names.iter().map(|n| camel_ident(n)).collect();
    let docs: Vec<String> = spec
        .scopes
        .values()
        .map(|s| s.description.clone())
        .collect();
    let attr_docs: Vec<String> = docs.iter().map(|d| super::docs::linked(d)).collect();
    let count = names.len();
    let words = count.div_ceil(64).max(1);
    let provider = &spec.title;
    let enum_doc = format!("A scope declared by {provider}.");
    let uninhabited = count == 0;
    let derive = if uninhabited {
        quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)])
    } else {
        quote!(#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)] #[repr(u16)])
    };
    let (macro_name, path) = match module {
        Some(m) => {
            let segments = m.split("::").map(super::names::ident);
            (
                format_ident!("{}_scope", m.replace("::", "_")),
                quote!($crate #(::#segments)*),
            )
        }
        None => (format_ident!("scope"), quote!($crate)),
    };
    let arms = names
        .iter()
        .zip(&variants)
        .map(|(n, v)| quote!((#n) => { #path::Scope::#v };));
    let unknown = format!("unknown scope; {provider} declares: {}", names.join(", "));
    let index_body = if uninhabited {
        quote!(match self {})
    } else {
        quote!(self as usize)
    };
    quote! {
        #[doc = #enum_doc]
        #derive
        pub enum Scope {
            #( #[doc = #attr_docs] #variants, )*
        }

        impl Scope {
            /// Every declared scope, in the order the spec lists them.
            pub const ALL: [Scope; #count] = [#(Scope::#variants),*];

            /// The scope as the provider writes it.
            pub fn as_str(self) -> &'static str {
                match self { #(Scope::#variants => #names,)* }
            }

            /// What the scope grants, from the spec.
            pub fn description(self) -> &'static str {
                match self { #(Scope::#variants => #docs,)* }
            }
        }

        impl ::auth_core::scopes::ScopeName for Scope {
            const ALL: &'static [Scope] = &Scope::ALL;
            fn index(self) -> usize {
                #index_body
            }
            fn as_str(self) -> &'static str {
                Scope::as_str(self)
            }
        }

        impl ::core::fmt::Display for Scope {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for Scope {
            type Err = ::auth_core::scopes::UnknownScope;
            fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                <Scope as ::auth_core::scopes::ScopeName>::from_name(s)
                    .ok_or_else(|| ::auth_core::scopes::UnknownScope(s.to_owned()))
            }
        }

        /// A set of [`Scope`]s, stored as bits: `Copy`, and checking membership costs nothing.
        pub type ScopeSet = ::auth_core::scopes::ScopeSet<Scope, #words>;

        pub use ::auth_core::scopes::UnknownScope;

        /// A declared scope by its provider name, checked at compile time:
        /// an undeclared name is a compile error listing the declared ones.
        #[macro_export]
        macro_rules! #macro_name {
            #(#arms)*
            ($other:tt) => { ::core::compile_error!(#unknown) };
        }
    }
}
