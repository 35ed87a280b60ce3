//! The server-side `Validator`: the verification engine bound to this provider's spec.

use proc_macro2::TokenStream;
use quote::quote;

use crate::Spec;

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let doc = format!(
        "Checks incoming requests the way {} does, and answers refusals in its own error format.",
        spec.title
    );
    quote! {
        #[doc = #doc]
        ///
        /// Keys live in a [`::auth_core::verify::KeyStore`] that keeps only their digests.
        #[derive(Clone)]
        pub struct Validator {
            inner: ::std::sync::Arc<::auth_core::verify::Verifier>,
        }

        impl Validator {
            /// A validator that looks keys up in `store`.
            pub fn new(store: ::std::sync::Arc<dyn ::auth_core::verify::KeyStore>) -> Self {
                Self {
                    inner: ::std::sync::Arc::new(::auth_core::verify::Verifier::new(spec_arc(), store)),
                }
            }

            /// Verify a request: who is calling, with which scopes, for which operation;
            /// or the provider's own refusal, ready to send.
            pub fn verify<B: AsRef<[u8]>>(
                &self,
                request: &::auth_core::__private::http::Request<B>,
            ) -> ::core::result::Result<::auth_core::verify::Verified, ::auth_core::verify::Rejection> {
                self.inner.verify_request(request)
            }

            /// The scopes a verified caller holds, as this crate's [`ScopeSet`]; scopes
            /// the spec does not declare are left out.
            pub fn scopes(principal: &::auth_core::verify::Principal) -> ScopeSet {
                principal
                    .scopes
                    .iter()
                    .flatten()
                    .filter_map(|s| s.parse::<Scope>().ok())
                    .collect()
            }

            /// The engine underneath, e.g. for [`::auth_core::verify::VerifyLayer`].
            pub fn verifier(&self) -> &::std::sync::Arc<::auth_core::verify::Verifier> {
                &self.inner
            }
        }

        impl ::core::fmt::Debug for Validator {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct("Validator").field("provider", &NAME).finish_non_exhaustive()
            }
        }
    }
}
