//! Where tokens live between uses: a trait, so a store shared by many processes (Redis, a
//! database) can be added without changing callers, and the in-memory default.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::{Token, TokenKey};
pub use crate::backend::{StoreError, StoreFuture};

/// What [`TokenStore::lock`] grants: the right to run the exchange for a token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lease {
    /// The store is not shared: the cache's own single-flight is enough.
    Local,
    /// This process holds the store's lock, under this owner mark, until it unlocks or
    /// the lock's time to live passes.
    Held(String),
    /// Another process holds it: wait for the token it will store.
    Busy,
}

/// Persistence for tokens, keyed by provider, credential and subject.
///
/// The cache in front of it answers hits from memory; the store is asked only on a miss
/// (a token another process obtained), after an exchange, and on invalidation. A store
/// that fails may answer `None` and drop writes: the cache then exchanges anew.
pub trait TokenStore: Send + Sync {
    /// The token saved under `key`, if any.
    fn load<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Option<Arc<Token>>>;
    /// Save `token` under `key`, replacing what was there.
    fn save<'a>(&'a self, key: &'a TokenKey, token: Arc<Token>) -> StoreFuture<'a, ()>;
    /// Forget `key` (the token was rejected).
    fn remove<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, ()>;

    /// Take the lock that lets one process (of all sharing the store) run the exchange
    /// for `key`. A store shared by several processes grants it to one at a time, with a
    /// time to live, so a process that dies holding it is replaced once it lapses. The
    /// default, for a store of one process, is [`Lease::Local`].
    fn lock<'a>(&'a self, _key: &'a TokenKey) -> StoreFuture<'a, Result<Lease, StoreError>> {
        Box::pin(std::future::ready(Ok(Lease::Local)))
    }

    /// Give back a lease [`TokenStore::lock`] granted (a lock another holder has taken
    /// since, after this one lapsed, is left alone).
    fn unlock<'a>(&'a self, _key: &'a TokenKey, _lease: Lease) -> StoreFuture<'a, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// Tokens in this process's memory. Values are [`crate::Secret`]s, so they are masked in
/// output and zeroed when the last copy drops.
#[derive(Default)]
pub struct MemoryStore {
    tokens: Mutex<HashMap<TokenKey, Arc<Token>>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> std::sync::MutexGuard<'_, HashMap<TokenKey, Arc<Token>>> {
        self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many tokens are held.
    pub fn len(&self) -> usize {
        self.map().len()
    }

    /// Whether none are.
    pub fn is_empty(&self) -> bool {
        self.map().is_empty()
    }
}

impl std::fmt::Debug for MemoryStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryStore")
            .field("tokens", &self.len())
            .finish()
    }
}

impl TokenStore for MemoryStore {
    fn load<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Option<Arc<Token>>> {
        let found = self.map().get(key).cloned();
        Box::pin(std::future::ready(found))
    }

    fn save<'a>(&'a self, key: &'a TokenKey, token: Arc<Token>) -> StoreFuture<'a, ()> {
        self.map().insert(key.clone(), token);
        Box::pin(std::future::ready(()))
    }

    fn remove<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, ()> {
        self.map().remove(key);
        Box::pin(std::future::ready(()))
    }
}
