//! Typed credentials: a name for each credential a user supplies (its format checked on
//! construction, its secret never printed), and the `Environment`s its prefixes and the
//! base URL name.
//! The behaviour is `auth_core::provider::{Key, Parts}`'s; only names and docs are here.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::marker;
use super::names::{camel_ident, credential_type, ident};
use crate::Spec;
use crate::model::Credential;
use crate::naming::snake;

/// Every environment a key prefix of the spec names, in first-seen order, then those of
/// the base URL no prefix names.
pub(crate) fn environments(spec: &Spec) -> Vec<String> {
    let mut out = prefix_environments(spec);
    for (env, _) in &spec.base_url.environments {
        if !out.contains(env) {
            out.push(env.clone());
        }
    }
    out
}

/// Every environment a key prefix of the spec names, in first-seen order.
fn prefix_environments(spec: &Spec) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for c in spec.credentials.values() {
        for p in c.parts.values() {
            for prefix in p.format.iter().flat_map(|f| &f.prefixes) {
                if let Some(env) = &prefix.environment
                    && !out.contains(env)
                {
                    out.push(env.clone());
                }
            }
        }
    }
    out
}

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let envs = environments(spec);
    let variants: Vec<_> = envs.iter().map(|e| camel_ident(e)).collect();
    let prefixed = prefix_environments(spec);
    let docs: Vec<String> = envs
        .iter()
        .map(|e| {
            let keys = prefixed
                .contains(e)
                .then(|| format!("Keys whose prefix marks the `{e}` environment."));
            let host = spec
                .base_url
                .environment(e)
                .map(|url| format!("Requests go to `{url}`."));
            match (keys, host) {
                (Some(k), Some(h)) => format!("{k} {h}"),
                (Some(k), None) => k,
                (None, Some(h)) => format!("The `{e}` environment. {h}"),
                (None, None) => format!("The `{e}` environment."),
            }
        })
        .collect();
    let types = spec
        .credentials
        .iter()
        .filter(|(_, c)| c.held_by_user())
        .map(|(id, c)| credential(spec, crate::model::Id::index(id), c));
    quote! {
        /// An environment of the provider: the one a key's prefix names, or one whose host
        /// a client can be sent to (`ClientBuilder::environment`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Environment {
            #( #[doc = #docs] #variants, )*
        }

        impl Environment {
            /// The environment's name in the spec.
            pub fn as_str(self) -> &'static str {
                match self { #(Environment::#variants => #envs,)* }
            }
        }

        impl ::auth_core::provider::Environment for Environment {
            fn from_name(name: &str) -> Option<Self> {
                match name { #(#envs => Some(Environment::#variants),)* _ => None }
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
        }

        #(#types)*
    }
}

fn credential(spec: &Spec, index: usize, c: &Credential) -> TokenStream {
    let ty = credential_type(&c.name);
    let marker = marker(spec);
    let index = index as u32;
    let how = c
        .how_to_obtain
        .as_ref()
        .map(|h| format!("\n\nHow to obtain it: {h}"))
        .unwrap_or_default();
    let once = if c.shown_once {
        "\n\nThe provider shows it only once: store it when you receive it."
    } else {
        ""
    };
    let not_api = if c.is_api() {
        String::new()
    } else {
        format!(
            "\n\nNot a credential for {}'s API: it is accepted by `{}`.",
            spec.title, c.audience
        )
    };
    let doc = super::docs::linked(&format!("{}{how}{once}{not_api}", c.description));
    if c.parts.len() == 1 {
        return quote! {
            #[doc = #doc]
            pub type #ty = ::auth_core::provider::Key<#marker, #index>;
        };
    }
    let args: Vec<_> = c.parts.values().map(|p| ident(&snake(&p.name))).collect();
    let exposers: Vec<_> = c
        .parts
        .values()
        .map(|p| format_ident!("expose_{}", snake(&p.name)))
        .collect();
    let part_docs: Vec<String> = c
        .parts
        .values()
        .map(|p| {
            p.description
                .as_deref()
                .map_or_else(|| format!("The `{}` part.", p.name), super::docs::linked)
        })
        .collect();
    let positions: Vec<usize> = (0..args.len()).collect();
    quote! {
        #[doc = #doc]
        #[derive(Clone, PartialEq, Eq)]
        pub struct #ty(::auth_core::provider::Parts<#marker, #index>);

        impl #ty {
            /// Build it from its parts, checking each part's format.
            pub fn new(#( #args: impl Into<::auth_core::Secret> ),*) -> ::core::result::Result<Self, ::auth_core::FormatError> {
                ::auth_core::provider::Parts::new(vec![#( #args.into() ),*]).map(Self)
            }

            /// Read every part from its environment variable, checking formats.
            pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
                ::auth_core::provider::Parts::from_env().map(Self)
            }

            #(
                #[doc = #part_docs]
                pub fn #exposers(&self) -> &str {
                    self.0.expose(#positions)
                }
            )*
        }

        impl ::auth_core::provider::Credential<#marker> for #ty {
            fn store(self, creds: &mut ::auth_core::Credentials) {
                self.0.store(creds)
            }
        }

        impl ::core::fmt::Debug for #ty {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                self.0.fmt(f)
            }
        }
    }
}
