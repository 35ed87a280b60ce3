//! Typed credentials: one type per credential a user supplies, checking its format on
//! construction, reading itself from its environment variables, never printing its secret.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::{camel_ident, ident};
use crate::Spec;
use crate::model::{Credential, CredentialKind};
use crate::naming::{camel, snake};

/// Whether users hand this credential to the client (exchanged tokens are the engine's).
pub(crate) fn is_supplied(c: &Credential) -> bool {
    matches!(
        c.kind,
        CredentialKind::ApiKey
            | CredentialKind::KeyPair
            | CredentialKind::BearerToken
            | CredentialKind::Password
    )
}

/// Every environment a key prefix of the spec names, in first-seen order.
pub(crate) fn environments(spec: &Spec) -> Vec<String> {
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
    let environment = (!envs.is_empty()).then(|| {
        let variants: Vec<_> = envs.iter().map(|e| camel_ident(e)).collect();
        let docs: Vec<String> = envs
            .iter()
            .map(|e| format!("Keys whose prefix marks the `{e}` environment."))
            .collect();
        quote! {
            /// The environment a key belongs to, as its prefix says.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
            pub enum Environment {
                #( #[doc = #docs] #variants, )*
            }

            impl Environment {
                /// The environment's name in the spec.
                pub fn as_str(self) -> &'static str {
                    match self { #(Environment::#variants => #envs,)* }
                }

                fn from_spec(name: &str) -> Option<Self> {
                    match name { #(#envs => Some(Environment::#variants),)* _ => None }
                }
            }
        }
    });
    let types = spec
        .credentials
        .iter()
        .filter(|(_, c)| is_supplied(c))
        .map(|(name, c)| credential(spec, name, c, !envs.is_empty()));
    quote! {
        #environment
        #(#types)*
    }
}

fn credential(spec: &Spec, name: &str, c: &Credential, has_envs: bool) -> TokenStream {
    let ty = camel_ident(name);
    let doc = &c.description;
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
    let full_doc = format!("{doc}{how}{once}{not_api}");
    let parts: Vec<&String> = c.parts.keys().collect();
    let envs: Vec<Option<&String>> = c.parts.values().map(|p| p.env.as_ref()).collect();
    let environment = has_envs
        && c.parts.values().any(|p| {
            p.format
                .as_ref()
                .is_some_and(|f| f.prefixes.iter().any(|x| x.environment.is_some()))
        });
    let env_method = environment.then(|| {
        let first = parts[0];
        let getter = if parts.len() == 1 {
            quote!(self.0.expose())
        } else {
            let f = ident(&snake(first));
            quote!(self.#f.expose())
        };
        quote! {
            /// The environment this credential belongs to, as its prefix says.
            pub fn environment(&self) -> Option<Environment> {
                ::auth_core::format::check_credential(spec(), #name, Some(#first), #getter)
                    .ok()?
                    .environment()
                    .and_then(Environment::from_spec)
            }
        }
    });
    if parts.len() == 1 {
        let part = parts[0];
        let env_const = envs[0].map(|e| {
            quote! {
                /// The environment variable it is read from by default.
                pub const ENV: &'static str = #e;
            }
        });
        let from_env = envs[0].map(|_| {
            quote! {
                /// Read it from [`Self::ENV`], checking its format.
                pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
                    let value = ::auth_core::env_secret(Self::ENV)?;
                    Self::check(&value).map_err(|source| ::auth_core::EnvError::Invalid {
                        var: Self::ENV.to_owned(),
                        source: ::std::boxed::Box::new(source),
                    })?;
                    Ok(Self(value))
                }
            }
        });
        let label = camel(name);
        quote! {
            #[doc = #full_doc]
            #[derive(Clone, PartialEq, Eq)]
            pub struct #ty(::auth_core::Secret);

            impl #ty {
                #env_const

                /// Check `value` against the spec's format for this credential.
                pub fn parse(value: impl Into<String>) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
                    let value = ::auth_core::Secret::new(value);
                    Self::check(&value)?;
                    Ok(Self(value))
                }

                fn check(value: &::auth_core::Secret) -> ::core::result::Result<(), ::auth_core::format::FormatError> {
                    ::auth_core::format::check_credential(spec(), #name, Some(#part), value.expose()).map(|_| ())
                }

                #from_env
                #env_method

                /// The secret itself, for the moment it must be handed on.
                pub fn expose_secret(&self) -> &str {
                    self.0.expose()
                }

                fn store(self, creds: &mut ::auth_core::Credentials) {
                    creds.set_part(#name, #part, self.0);
                }
            }

            impl ::core::str::FromStr for #ty {
                type Err = ::auth_core::format::FormatError;
                fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
                    Self::parse(s)
                }
            }

            impl ::core::fmt::Debug for #ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    // The prefix is not secret and tells a reader which kind of key it is.
                    let prefix = ::auth_core::format::check_credential(spec(), #name, Some(#part), self.0.expose())
                        .ok()
                        .and_then(|m| m.prefix)
                        .map_or("", |p| p.prefix.as_str());
                    write!(f, "{}({}***)", #label, prefix)
                }
            }

            impl<'de> ::auth_core::__private::serde::Deserialize<'de> for #ty {
                fn deserialize<D: ::auth_core::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                    let value = <::auth_core::Secret as ::auth_core::__private::serde::Deserialize>::deserialize(d)?;
                    Self::check(&value).map_err(<D::Error as ::auth_core::__private::serde::de::Error>::custom)?;
                    Ok(Self(value))
                }
            }
        }
    } else {
        let fields: Vec<_> = parts.iter().map(|p| ident(&snake(p))).collect();
        let exposers: Vec<_> = parts
            .iter()
            .map(|p| ident(&format!("expose_{}", snake(p))))
            .collect();
        let part_docs: Vec<String> = c
            .parts
            .iter()
            .map(|(p, part)| {
                part.description
                    .clone()
                    .unwrap_or_else(|| format!("The `{p}` part."))
            })
            .collect();
        let from_env = envs.iter().all(Option::is_some).then(|| {
            let vars: Vec<&String> = envs.iter().flatten().copied().collect();
            quote! {
                /// Read every part from its environment variable, checking formats.
                pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
                    #( let #fields = ::auth_core::env_secret(#vars)?; )*
                    let all = [#((#parts, #vars, &#fields)),*];
                    for (part, var, value) in all {
                        ::auth_core::format::check_credential(spec(), #name, Some(part), value.expose())
                            .map_err(|source| ::auth_core::EnvError::Invalid { var: var.to_owned(), source: ::std::boxed::Box::new(source) })?;
                    }
                    Ok(Self { #(#fields),* })
                }
            }
        });
        let label = camel(name);
        quote! {
            #[doc = #full_doc]
            #[derive(Clone, PartialEq, Eq)]
            pub struct #ty {
                #( #fields: ::auth_core::Secret, )*
            }

            impl #ty {
                /// Build it from its parts, checking each part's format.
                pub fn new(#( #fields: impl Into<String> ),*) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
                    #( let #fields = ::auth_core::Secret::new(#fields); )*
                    #( ::auth_core::format::check_credential(spec(), #name, Some(#parts), #fields.expose())?; )*
                    Ok(Self { #(#fields),* })
                }

                #from_env
                #env_method

                #(
                    #[doc = #part_docs]
                    pub fn #exposers(&self) -> &str {
                        self.#fields.expose()
                    }
                )*

                fn store(self, creds: &mut ::auth_core::Credentials) {
                    #( creds.set_part(#name, #parts, self.#fields); )*
                }
            }

            impl ::core::fmt::Debug for #ty {
                fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    f.write_str(concat!(#label, "(***)"))
                }
            }
        }
    }
}
