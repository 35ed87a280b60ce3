//! Where tokens live between uses: a trait, so a store shared by many processes (Redis, a
//! database) can be added without changing callers, and the in-memory default.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};

use super::{Token, TokenKey};

/// A boxed future, so the trait stays object-safe (`Arc<dyn TokenStore>`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

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
