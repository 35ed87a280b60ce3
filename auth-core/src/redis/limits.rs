//! Rate-limit windows and lockouts in Redis, counted atomically by every replica:
//! `{ns}:rl:{hash}` is a window's counter (expiring when the window ends), `{ns}:lk:{hash}`
//! a lockout's failures and lock (expiring when it is forgotten). Buckets and keys are
//! hashed, so client addresses and account names are not written to Redis.

use std::sync::LazyLock;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::Script;

use super::{RedisBackend, hashed};
use crate::backend::{StoreError, StoreFuture};
use crate::server::limits::{LimitStore, LockState, LockoutPolicy, Window};

const STORE: &str = "limit store";

/// A [`LimitStore`] in Redis, shared by every replica using the same Redis and namespace.
#[derive(Clone, Debug)]
pub struct RedisLimits {
    redis: RedisBackend,
}

/// Count one hit; `{count, ms left}`. The window starts at the first hit (Redis's clock
/// ends it, so every replica agrees). ARGV: window ms.
static HIT: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {n, left}
",
    )
});

/// Record a failure; `{failures, locked until ms (0: not locked)}`. ARGV: now ms, failures
/// before a lock, first lock ms, longest lock ms, memory ms (see `LockoutPolicy`).
static FAIL: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local now, after, base, max, memory =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local f = redis.call('HINCRBY', KEYS[1], 'f', 1)
local untilms = 0
if f >= after then
  local over = math.min(f - after, 31)
  untilms = now + math.min(base * (2 ^ over), math.max(max, base))
  redis.call('HSET', KEYS[1], 'u', untilms)
end
redis.call('PEXPIREAT', KEYS[1], math.max(untilms, now) + memory)
return {f, untilms}
",
    )
});

fn ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX).max(1)
}

impl RedisLimits {
    pub(crate) fn new(redis: RedisBackend) -> Self {
        RedisLimits { redis }
    }

    async fn hit_bucket(
        &self,
        bucket: &str,
        window: Duration,
        now: SystemTime,
    ) -> Result<Window, StoreError> {
        let key = self.redis.key("rl", &hashed(bucket));
        let len = millis(window);
        let (count, left): (u64, u64) = self
            .redis
            .run(STORE, |mut c| async move {
                HIT.key(&key).arg(len).invoke_async(&mut c).await
            })
            .await?;
        Ok(Window {
            count,
            reset: now + Duration::from_millis(left),
        })
    }

    async fn lock_of(&self, key: &str, now: SystemTime) -> Result<Option<SystemTime>, StoreError> {
        let key = self.redis.key("lk", &hashed(key));
        let until: Option<u64> = self
            .redis
            .run(STORE, |mut c| async move {
                redis::cmd("HGET")
                    .arg(&key)
                    .arg("u")
                    .query_async(&mut c)
                    .await
            })
            .await?;
        Ok(until
            .map(|u| UNIX_EPOCH + Duration::from_millis(u))
            .filter(|u| *u > now))
    }

    async fn fail_key(
        &self,
        key: &str,
        policy: LockoutPolicy,
        now: SystemTime,
    ) -> Result<LockState, StoreError> {
        let key = self.redis.key("lk", &hashed(key));
        let args = (
            ms(now),
            policy.after_failures.max(1),
            millis(policy.base),
            millis(policy.max),
            millis(policy.memory()),
        );
        let (failures, until): (u32, u64) = self
            .redis
            .run(STORE, |mut c| async move {
                FAIL.key(&key)
                    .arg(args.0)
                    .arg(args.1)
                    .arg(args.2)
                    .arg(args.3)
                    .arg(args.4)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        Ok(LockState {
            failures,
            locked_until: (until > 0).then(|| UNIX_EPOCH + Duration::from_millis(until)),
        })
    }

    async fn clear_key(&self, key: &str) -> Result<(), StoreError> {
        let key = self.redis.key("lk", &hashed(key));
        self.redis
            .run(STORE, |mut c| async move {
                redis::cmd("DEL").arg(&key).query_async::<i64>(&mut c).await
            })
            .await?;
        Ok(())
    }
}

impl LimitStore for RedisLimits {
    fn hit<'a>(
        &'a self,
        bucket: &'a str,
        window: Duration,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Window, StoreError>> {
        Box::pin(self.hit_bucket(bucket, window, now))
    }

    fn locked_until<'a>(
        &'a self,
        key: &'a str,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Option<SystemTime>, StoreError>> {
        Box::pin(self.lock_of(key, now))
    }

    fn fail<'a>(
        &'a self,
        key: &'a str,
        policy: LockoutPolicy,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<LockState, StoreError>> {
        Box::pin(self.fail_key(key, policy, now))
    }

    fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), StoreError>> {
        Box::pin(self.clear_key(key))
    }
}
