//! The text face of the engine: which provider and kind of credential a key is
//! ([`Identifier`]), and masking credentials in arbitrary text ([`Redactor`]).

pub mod identify;
pub mod redact;

pub use identify::{Identifier, Identity};
pub use redact::Redactor;
