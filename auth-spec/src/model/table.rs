//! Named entries addressed by typed index ids.
//!
//! A resolved spec refers to its credentials, operations, scopes and errors by id, never by
//! name: the loader looked every name up once, so an id held by the engine always points
//! at an entry. Ids are indexes in the order the author wrote the entries.

use std::fmt;
use std::marker::PhantomData;

/// An entry with a name, as every credential, operation, scope and error has.
pub trait Named {
    /// The name the author gave the entry.
    fn name(&self) -> &str;
}

/// A typed index into a [`Table`].
pub trait Id: Copy + Eq + fmt::Debug {
    /// The id of the `index`th entry.
    fn from_index(index: usize) -> Self;
    /// The entry's position.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(u32);

        impl Id for $name {
            fn from_index(index: usize) -> Self {
                Self(u32::try_from(index).unwrap_or(u32::MAX))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.0)
            }
        }
    )*};
}

ids! {
    /// A credential of a spec.
    CredentialId,
    /// A context parameter of a spec.
    ParameterId,
    /// A scope of a spec.
    ScopeId,
    /// A key restriction of a spec.
    RestrictionId,
    /// An operation of a spec.
    OperationId,
    /// An entry of a spec's error catalogue.
    ErrorId,
    /// A part of one credential (its index among that credential's parts).
    PartId,
}

/// Entries in the author's order, found by id (at no cost) or by name (a scan: specs hold
/// a handful of entries of each kind).
#[derive(Clone, PartialEq)]
pub struct Table<I, T> {
    entries: Vec<T>,
    _id: PhantomData<fn() -> I>,
}

impl<I: Id, T: Named> Table<I, T> {
    pub(crate) fn new(entries: Vec<T>) -> Self {
        Self {
            entries,
            _id: PhantomData,
        }
    }

    /// The id of the entry named `name`.
    pub fn id(&self, name: &str) -> Option<I> {
        self.entries
            .iter()
            .position(|e| e.name() == name)
            .map(I::from_index)
    }

    /// The entry named `name`.
    pub fn get(&self, name: &str) -> Option<&T> {
        self.entries.iter().find(|e| e.name() == name)
    }

    /// Whether an entry is named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The entry with id `id`, or `None` for an id of another spec that is out of range.
    pub fn by_id(&self, id: I) -> Option<&T> {
        self.entries.get(id.index())
    }

    /// Every entry with its id, in the author's order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (I, &T)> + Clone {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (I::from_index(i), e))
    }

    /// Every entry, in the author's order.
    pub fn values(&self) -> std::slice::Iter<'_, T> {
        self.entries.iter()
    }

    /// Every id, in the author's order.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = I> + Clone + use<I, T> {
        (0..self.entries.len()).map(I::from_index)
    }

    /// Every name, in the author's order.
    pub fn names(&self) -> impl Iterator<Item = &str> + Clone {
        self.entries.iter().map(Named::name)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// An id from this table. Ids come from the spec that holds the table; one from another
/// spec is a caller's bug and panics like an out-of-range slice index.
impl<I: Id, T> std::ops::Index<I> for Table<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.entries[id.index()]
    }
}

impl<'a, I: Id, T: Named> IntoIterator for &'a Table<I, T> {
    type Item = (I, &'a T);
    type IntoIter = std::iter::Map<
        std::iter::Enumerate<std::slice::Iter<'a, T>>,
        fn((usize, &'a T)) -> (I, &'a T),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.entries
            .iter()
            .enumerate()
            .map(|(i, e)| (I::from_index(i), e))
    }
}

impl<I, T: fmt::Debug> fmt::Debug for Table<I, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(&self.entries).finish()
    }
}
