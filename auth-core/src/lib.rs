//! The run-time rule engine of authspec: it interprets a provider spec
//! ([`auth_spec::Spec`]) to put credentials where the provider expects them, check and
//! identify keys, mask them in text, classify error responses, retry with backoff, keep
//! tokens fresh and verify incoming requests.
//!
//! A gateway can load hundreds of specs at run time; a generated provider crate calls the
//! same functions with its compiled-in spec. Nothing here is specific to one provider.

pub mod format;
pub mod identify;
pub mod redact;
pub mod secret;

pub use auth_spec as spec;
pub use format::FormatError;
pub use identify::{Identifier, Identity};
pub use redact::Redactor;
pub use secret::Secret;

/// Re-exports used by generated code; not part of the public API.
#[doc(hidden)]
pub mod __private {
    pub use indexmap::IndexMap;
}
