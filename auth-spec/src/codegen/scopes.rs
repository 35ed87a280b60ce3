//! The `Scope` enum, its set type, and the `scope!` macro that rejects undeclared scopes at
//! compile time.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::names::camel_ident;
use crate::Spec;

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let names: Vec<&String> = spec.scopes.keys().collect();
    let variants: Vec<_> = names.iter().map(|n| camel_ident(n)).collect();
    let docs: Vec<String> = spec
        .scopes
        .values()
        .map(|s| s.description.clone())
        .collect();
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
    let macro_name = format_ident!("scope");
    let arms = names
        .iter()
        .zip(&variants)
        .map(|(n, v)| quote!((#n) => { $crate::Scope::#v };));
    let unknown = format!(
        "unknown scope; {provider} declares: {}",
        names
            .iter()
            .map(|n| n.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    );
    let index_fn = if uninhabited {
        quote!(
            fn index(self) -> usize {
                match self {}
            }
        )
    } else {
        quote!(
            fn index(self) -> usize {
                self as usize
            }
        )
    };
    quote! {
        #[doc = #enum_doc]
        #derive
        pub enum Scope {
            #( #[doc = #docs] #variants, )*
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

            #index_fn
        }

        impl ::core::fmt::Display for Scope {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::str::FromStr for Scope {
            type Err = UnknownScope;
            fn from_str(s: &str) -> ::core::result::Result<Self, UnknownScope> {
                match s {
                    #(#names => Ok(Scope::#variants),)*
                    _ => Err(UnknownScope(s.to_owned())),
                }
            }
        }

        /// A string that names no declared scope.
        #[derive(Debug, Clone, PartialEq, Eq, ::thiserror::Error)]
        #[error("unknown scope `{0}`")]
        pub struct UnknownScope(pub String);

        /// A set of [`Scope`]s, stored as bits: `Copy`, and checking membership costs nothing.
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct ScopeSet([u64; #words]);

        impl ScopeSet {
            /// No scopes.
            pub const fn empty() -> Self { Self([0; #words]) }

            /// Every declared scope.
            pub fn all() -> Self { Scope::ALL.into_iter().collect() }

            /// Add a scope.
            pub fn insert(&mut self, scope: Scope) {
                let i = scope.index();
                self.0[i / 64] |= 1 << (i % 64);
            }

            /// Whether the set holds `scope`.
            pub fn contains(&self, scope: Scope) -> bool {
                let i = scope.index();
                self.0[i / 64] & (1 << (i % 64)) != 0
            }

            /// Whether every scope of `other` is in this set.
            pub fn contains_all(&self, other: &ScopeSet) -> bool {
                self.0.iter().zip(other.0.iter()).all(|(a, b)| a & b == *b)
            }

            /// The scopes in declaration order.
            pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
                Scope::ALL.into_iter().filter(|s| self.contains(*s))
            }

            /// Parse provider scope strings, e.g. from a key's permission list.
            pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> ::core::result::Result<Self, UnknownScope> {
                let mut set = Self::empty();
                for name in names {
                    set.insert(name.parse()?);
                }
                Ok(set)
            }
        }

        impl ::core::fmt::Debug for ScopeSet {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_set().entries(self.iter().map(Scope::as_str)).finish()
            }
        }

        impl ::core::iter::FromIterator<Scope> for ScopeSet {
            fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
                let mut set = Self::empty();
                for s in iter { set.insert(s); }
                set
            }
        }

        /// A declared scope by its provider name, checked at compile time:
        /// an undeclared name is a compile error listing the declared ones.
        #[macro_export]
        macro_rules! #macro_name {
            #(#arms)*
            ($other:tt) => { ::core::compile_error!(#unknown) };
        }
    }
}
