//! Scope sets for generated crates: each crate generates its `Scope` enum and implements
//! [`ScopeName`] for it; the set type, its bit operations and parsing live here once.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

/// A provider's scope enum, as generated crates implement it.
pub trait ScopeName: Copy + Eq + 'static {
    /// Every scope, in the order the spec lists them.
    const ALL: &'static [Self];

    /// The scope's position in [`ScopeName::ALL`].
    fn index(self) -> usize;

    /// The scope as the provider writes it (`products:read`).
    fn as_str(self) -> &'static str;

    /// The scope the provider writes as `name`, if it is declared.
    fn from_name(name: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|s| s.as_str() == name)
    }
}

/// A string that names no declared scope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown scope `{0}`")]
pub struct UnknownScope(pub String);

/// A set of scopes stored as bits (`W` words of 64): `Copy`, and a membership check is a
/// mask. Generated crates name it `ScopeSet` with the width their spec needs.
pub struct ScopeSet<S, const W: usize = 1> {
    bits: [u64; W],
    scope: PhantomData<fn() -> S>,
}

impl<S: ScopeName, const W: usize> ScopeSet<S, W> {
    /// No scopes.
    pub const fn empty() -> Self {
        Self {
            bits: [0; W],
            scope: PhantomData,
        }
    }

    /// Every declared scope.
    pub fn all() -> Self {
        S::ALL.iter().copied().collect()
    }

    /// Add a scope.
    pub fn insert(&mut self, scope: S) {
        let i = scope.index();
        if let Some(word) = self.bits.get_mut(i / 64) {
            *word |= 1 << (i % 64);
        }
    }

    /// Whether the set holds `scope`.
    pub fn contains(&self, scope: S) -> bool {
        let i = scope.index();
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }

    /// Whether every scope of `other` is in this set.
    pub fn contains_all(&self, other: &Self) -> bool {
        self.bits
            .iter()
            .zip(other.bits.iter())
            .all(|(a, b)| a & b == *b)
    }

    /// Whether the set is empty.
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|w| *w == 0)
    }

    /// The scopes in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = S> + '_ {
        S::ALL.iter().copied().filter(|s| self.contains(*s))
    }

    /// Parse provider scope strings, e.g. from a key's permission list.
    pub fn parse<'a>(names: impl IntoIterator<Item = &'a str>) -> Result<Self, UnknownScope> {
        let mut set = Self::empty();
        for name in names {
            set.insert(S::from_name(name).ok_or_else(|| UnknownScope(name.to_owned()))?);
        }
        Ok(set)
    }
}

impl<S, const W: usize> Clone for ScopeSet<S, W> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<S, const W: usize> Copy for ScopeSet<S, W> {}

impl<S, const W: usize> PartialEq for ScopeSet<S, W> {
    fn eq(&self, other: &Self) -> bool {
        self.bits == other.bits
    }
}

impl<S, const W: usize> Eq for ScopeSet<S, W> {}

impl<S, const W: usize> Hash for ScopeSet<S, W> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.bits.hash(state);
    }
}

impl<S: ScopeName, const W: usize> Default for ScopeSet<S, W> {
    fn default() -> Self {
        Self::empty()
    }
}

impl<S: ScopeName, const W: usize> fmt::Debug for ScopeSet<S, W> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter().map(S::as_str)).finish()
    }
}

impl<S: ScopeName, const W: usize> FromIterator<S> for ScopeSet<S, W> {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut set = Self::empty();
        for s in iter {
            set.insert(s);
        }
        set
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum S {
        A,
        B,
        C,
    }

    impl ScopeName for S {
        const ALL: &'static [S] = &[S::A, S::B, S::C];
        fn index(self) -> usize {
            self as usize
        }
        fn as_str(self) -> &'static str {
            match self {
                S::A => "a:read",
                S::B => "b:write",
                S::C => "c",
            }
        }
    }

    #[test]
    fn sets_hold_parse_and_print_scopes() {
        let set: ScopeSet<S> = [S::A, S::C].into_iter().collect();
        assert!(set.contains(S::A) && !set.contains(S::B));
        assert_eq!(set.iter().collect::<Vec<_>>(), [S::A, S::C]);
        assert_eq!(format!("{set:?}"), r#"{"a:read", "c"}"#);
        assert_eq!(ScopeSet::<S>::parse(["c", "a:read"]), Ok(set));
        assert_eq!(
            ScopeSet::<S>::parse(["a:read", "nope"]),
            Err(UnknownScope("nope".into()))
        );
        assert!(ScopeSet::<S>::all().contains_all(&set));
        assert!(!set.contains_all(&ScopeSet::all()));
        assert!(ScopeSet::<S>::empty().is_empty());
    }
}
