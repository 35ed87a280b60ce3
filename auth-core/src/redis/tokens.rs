//! The client's tokens in Redis, shared by every replica of a gateway: `{ns}:tok:{hash}`
//! holds a token (its serialised [`Token`], expiring with it), `{ns}:lock:{hash}` the lock
//! of the one process running the exchange for it.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::Script;

use super::{RedisBackend, hashed};
use crate::backend::{StoreError, StoreFuture};
use crate::client::tokens::{Lease, Token, TokenKey, TokenStore};

const STORE: &str = "token store";

/// A [`TokenStore`] in Redis with a cross-process lock around each exchange (see
/// [`TokenStore::lock`]): N replicas cause one exchange per token, and a replica that dies
/// holding the lock is replaced once its time to live ([`RedisTokenStore::lock_ttl`])
/// passes.
///
/// When Redis fails, loads answer "nothing stored" and writes are dropped, each with a
/// `warn` event: the cache in front keeps serving the tokens it holds and exchanges on its
/// own when it must.
#[derive(Clone, Debug)]
pub struct RedisTokenStore {
    redis: RedisBackend,
    lock_ttl: Duration,
    owner: Arc<str>,
}

/// Delete the lock only if this owner still holds it. ARGV: owner mark.
static UNLOCK: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
",
    )
});

/// A mark unique to this store in this process (not a secret: it only tells lock holders
/// apart).
fn owner_mark() -> String {
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(
        "{}-{}-{nanos}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

impl RedisTokenStore {
    /// How long a lock lasts when its holder neither stores a token nor unlocks (it died,
    /// or hangs): 10 s unless set.
    pub const DEFAULT_LOCK_TTL: Duration = Duration::from_secs(10);

    pub(crate) fn new(redis: RedisBackend) -> Self {
        RedisTokenStore {
            redis,
            lock_ttl: Self::DEFAULT_LOCK_TTL,
            owner: owner_mark().into(),
        }
    }

    /// Locks lapse after `ttl` (longer than an exchange takes, shorter than you would wait
    /// for a dead replica).
    pub fn with_lock_ttl(mut self, ttl: Duration) -> Self {
        self.lock_ttl = ttl;
        self
    }

    /// The lock's time to live.
    pub fn lock_ttl(&self) -> Duration {
        self.lock_ttl
    }

    fn name(key: &TokenKey) -> String {
        let subject = key.subject.as_deref().unwrap_or("");
        hashed(&format!(
            "{}\0{}\0{}\0{subject}",
            key.provider,
            key.credential,
            u8::from(key.subject.is_some())
        ))
    }

    fn warn(error: &StoreError, what: &str) {
        tracing::warn!(
            %error,
            "token store unavailable ({what}): serving from this process's token cache"
        );
    }

    async fn get(&self, key: &TokenKey) -> Result<Option<Arc<Token>>, StoreError> {
        let k = self.redis.key("tok", &Self::name(key));
        let json: Option<String> = self
            .redis
            .run(STORE, |mut c| async move {
                redis::cmd("GET").arg(&k).query_async(&mut c).await
            })
            .await?;
        json.map(|j| {
            serde_json::from_str::<Token>(&j)
                .map(Arc::new)
                .map_err(|e| StoreError::Corrupt {
                    store: STORE,
                    reason: e.to_string(),
                })
        })
        .transpose()
    }

    async fn set(&self, key: &TokenKey, token: &Token) -> Result<(), StoreError> {
        let k = self.redis.key("tok", &Self::name(key));
        let json = serde_json::to_string(token).map_err(|e| StoreError::Corrupt {
            store: STORE,
            reason: e.to_string(),
        })?;
        let at = token.expires_at.map(|t| {
            t.duration_since(UNIX_EPOCH).map_or(1, |d| {
                u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
            })
        });
        self.redis
            .run(STORE, |mut c| async move {
                let mut cmd = redis::cmd("SET");
                cmd.arg(&k).arg(json);
                if let Some(at) = at {
                    cmd.arg("PXAT").arg(at);
                }
                cmd.query_async::<()>(&mut c).await
            })
            .await
    }

    async fn del(&self, key: &TokenKey) -> Result<(), StoreError> {
        let k = self.redis.key("tok", &Self::name(key));
        self.redis
            .run(STORE, |mut c| async move {
                redis::cmd("DEL").arg(&k).query_async::<i64>(&mut c).await
            })
            .await
            .map(drop)
    }

    async fn take(&self, key: &TokenKey) -> Result<Lease, StoreError> {
        let k = self.redis.key("lock", &Self::name(key));
        let mark = format!("{}-{}", self.owner, owner_mark());
        let ttl = u64::try_from(self.lock_ttl.as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let m = mark.clone();
        let got: Option<String> = self
            .redis
            .run(STORE, |mut c| async move {
                redis::cmd("SET")
                    .arg(&k)
                    .arg(m)
                    .arg("NX")
                    .arg("PX")
                    .arg(ttl)
                    .query_async(&mut c)
                    .await
            })
            .await?;
        Ok(if got.is_some() {
            Lease::Held(mark)
        } else {
            Lease::Busy
        })
    }

    async fn give_back(&self, key: &TokenKey, mark: String) -> Result<(), StoreError> {
        let k = self.redis.key("lock", &Self::name(key));
        self.redis
            .run(STORE, |mut c| async move {
                UNLOCK.key(&k).arg(mark).invoke_async::<i64>(&mut c).await
            })
            .await
            .map(drop)
    }
}

impl TokenStore for RedisTokenStore {
    fn load<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Option<Arc<Token>>> {
        Box::pin(async move {
            self.get(key)
                .await
                .inspect_err(|e| Self::warn(e, "load"))
                .ok()
                .flatten()
        })
    }

    fn save<'a>(&'a self, key: &'a TokenKey, token: Arc<Token>) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if let Err(e) = self.set(key, &token).await {
                Self::warn(&e, "save");
            }
        })
    }

    fn remove<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if let Err(e) = self.del(key).await {
                Self::warn(&e, "remove");
            }
        })
    }

    fn lock<'a>(&'a self, key: &'a TokenKey) -> StoreFuture<'a, Result<Lease, StoreError>> {
        Box::pin(self.take(key))
    }

    fn unlock<'a>(&'a self, key: &'a TokenKey, lease: Lease) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            if let Lease::Held(mark) = lease
                && let Err(e) = self.give_back(key, mark).await
            {
                // The lock lapses on its own.
                Self::warn(&e, "unlock");
            }
        })
    }
}
