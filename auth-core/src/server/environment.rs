//! The environment a key's prefix names (`production`, `test`), as a [`super::Principal`]
//! keeps it.
//!
//! Specs name few environments: each name a verifier's plan meets is kept once for the
//! process, and a principal points at it, with nothing copied per request (a copy, written
//! in small pieces and then moved with the verification's result, stalled the loads that
//! moved it). At most [`SHARED`] distinct names are kept; past that, and for a principal
//! built by a caller, the principal holds a copy.

use std::sync::Mutex;

use smallvec::SmallVec;

/// How many distinct names are kept for the process, at most.
const SHARED: usize = 64;

/// The names kept.
static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());

/// `name`, kept for the process; `None` once [`SHARED`] names are kept.
pub(super) fn shared(name: &str) -> Option<&'static str> {
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(n) = names.iter().find(|n| ***n == *name) {
        return Some(n);
    }
    if names.len() >= SHARED {
        return None;
    }
    let n: &'static str = Box::leak(name.into());
    names.push(n);
    Some(n)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_is_kept_once_and_the_number_kept_is_bounded() {
        let a = shared("production").expect("kept");
        let b = shared(&String::from("production")).expect("kept");
        assert!(std::ptr::eq(a, b));
        assert_eq!(a, "production");
        for i in 0..2 * SHARED {
            if let Some(n) = shared(&format!("env{i}")) {
                assert_eq!(n, format!("env{i}"));
            }
        }
        assert!(NAMES.lock().map(|n| n.len()).unwrap_or(0) <= SHARED);
    }
}
