//! The environment a key's prefix names (`production`, `test`), as a [`super::Principal`]
//! keeps it.
//!
//! Specs name few environments: each name a verifier's plan meets is kept once for the
//! process ([`auth_spec::model::kept`]), and a principal points at it, with nothing copied
//! per request (a copy, written in small pieces and then moved with the verification's
//! result, stalled the loads that moved it). Past that function's bound, and for a
//! principal built by a caller, the principal holds a copy.

use smallvec::SmallVec;

/// `name`, kept for the process; `None` past the bound.
pub(super) fn shared(name: &str) -> Option<&'static str> {
    auth_spec::model::kept(name)
}

/// An environment's name.
#[derive(Clone, Debug)]
pub(super) enum Environment {
    /// Kept for the process.
    Shared(&'static str),
    /// A copy.
    Own(SmallVec<[u8; 16]>),
}

impl Environment {
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Environment::Shared(n) => Some(n),
            Environment::Own(b) => std::str::from_utf8(b).ok(),
        }
    }
}
