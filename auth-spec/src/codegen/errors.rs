//! The `Error` enum: one variant per documented meaning in the spec's error catalogue,
//! carrying the provider's code and message, plus the engine's own failures.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::camel_ident;
use crate::Spec;

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let title = &spec.title;
    let names: Vec<&String> = spec.errors.catalogue.keys().collect();
    let variants: Vec<_> = names.iter().map(|n| camel_ident(n)).collect();
    let docs: Vec<String> = spec
        .errors
        .catalogue
        .values()
        .map(|e| {
            let code = e
                .code
                .as_ref()
                .map(|c| format!(" `{c}`"))
                .unwrap_or_default();
            format!(
                "{} ({}{code}).",
                e.description.trim_end_matches('.'),
                e.status
            )
        })
        .collect();

    let other_doc = format!("An error response {title}'s catalogue does not list.");
    quote! {
        /// What can go wrong calling the provider: its documented errors, one variant per
        /// meaning, and the engine's own refusals and transport failures.
        #[derive(Debug, ::thiserror::Error)]
        #[non_exhaustive]
        pub enum Error {
            #(
                #[doc = #docs]
                #[error("{0}")]
                #variants(::std::boxed::Box<::auth_core::ProviderError>),
            )*
            #[doc = #other_doc]
            #[error("{0}")]
            Other(::std::boxed::Box<::auth_core::ProviderError>),
            /// Refused before anything was sent: a credential or required value is missing
            /// or malformed, or the URL is not safe for credentials.
            #[error(transparent)]
            Refused(::auth_core::ApplyError),
            /// A credential's format is wrong.
            #[error(transparent)]
            Format(#[from] ::auth_core::format::FormatError),
            /// No response, a token that could not be obtained, or a misconfigured client.
            #[error(transparent)]
            Client(::auth_core::ClientError),
        }

        impl Error {
            /// The classified provider response behind this error, if there was one.
            pub fn provider_error(&self) -> Option<&::auth_core::ProviderError> {
                match self {
                    #( Error::#variants(e) )|* | Error::Other(e) => Some(e),
                    Error::Client(e) => e.provider_error(),
                    _ => None,
                }
            }

            /// The provider's own error code, when its body carried one.
            pub fn code(&self) -> Option<&str> {
                self.provider_error()?.code.as_deref()
            }

            /// The provider's message, from the body or the documentation.
            pub fn message(&self) -> Option<&str> {
                self.provider_error()?.message.as_deref()
            }

            /// What the caller should do, as the spec says.
            pub fn action(&self) -> Option<::auth_core::spec::model::ErrorAction> {
                Some(self.provider_error()?.action)
            }

            /// How long to wait before retrying, when the provider said.
            pub fn retry_after(&self) -> Option<::std::time::Duration> {
                self.provider_error()?.retry_after
            }
        }

        impl ::core::convert::From<::auth_core::ClientError> for Error {
            fn from(e: ::auth_core::ClientError) -> Self {
                match e {
                    ::auth_core::ClientError::Provider { error, .. } => match error.name.as_deref() {
                        #( Some(#names) => Error::#variants(error), )*
                        _ => Error::Other(error),
                    },
                    ::auth_core::ClientError::Apply(e) => Error::Refused(e),
                    other => Error::Client(other),
                }
            }
        }
    }
}
