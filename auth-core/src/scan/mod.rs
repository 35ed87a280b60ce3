//! The text face of the engine: which provider and kind of credential a key is
//! ([`Identifier`]), and masking credentials in arbitrary text ([`Redactor`]). Both apply
//! the same key-format rules ([`keys`]).

mod bytes;
pub mod export;
pub mod identify;
pub mod keys;
mod places;
pub mod redact;

pub use identify::{Identifier, Identity};
pub use keys::KeyFormat;
pub use redact::Redactor;
