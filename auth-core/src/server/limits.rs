//! Rate-limit windows and login lockouts: counters keyed by who is calling, bounded in
//! memory ([`MemoryLimits`]) or shared by every replica (the Redis store, feature `redis`).
//!
//! Both are keyed by strings the caller chooses (a credential's id, a client address, a
//! client and an account). [`MemoryLimits`] holds at most a fixed number of entries per
//! table and evicts the least recently used when full, so a flood of distinct bogus callers
//! costs a bounded amount of memory; the price is that a flood can make it forget an old
//! counter early, which at worst lets that caller start a window afresh.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use lru::LruCache;

use crate::backend::{StoreError, StoreFuture};

/// A rate-limit window after counting one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Requests counted in this window, this one included.
    pub count: u64,
    /// When the window ends and the count starts again.
    pub reset: SystemTime,
}

/// When failed attempts lock a caller out, and for how long.
///
/// After `after_failures` failures in a row the key is locked for `base`; each further
/// failure once the lock has passed doubles it, up to `max` (a backoff, not a permanent
/// lock). A success clears the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockoutPolicy {
    /// Failures in a row before the first lock.
    pub after_failures: u32,
    /// How long the first lock lasts.
    pub base: Duration,
    /// The longest a lock lasts.
    pub max: Duration,
}

impl LockoutPolicy {
    /// How long `failures` failures in a row lock for (`None`: not locked).
    pub fn lock_for(&self, failures: u32) -> Option<Duration> {
        let over = failures.checked_sub(self.after_failures.max(1))?;
        let factor = 1u32.checked_shl(over.min(31)).unwrap_or(u32::MAX);
        Some(
            self.base
                .saturating_mul(factor)
                .min(self.max.max(self.base)),
        )
    }

    /// How long a key's failures are remembered after its last one (or after its lock
    /// ends): long enough to back off, short enough that an idle entry goes away.
    pub fn memory(&self) -> Duration {
        self.max.max(self.base)
    }
}

/// A key's failures after recording one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LockState {
    /// Failures in a row.
    pub failures: u32,
    /// Locked until then, if locked.
    pub locked_until: Option<SystemTime>,
}

/// Counters for rate limits and lockouts. Every method may fail on a shared store; a
/// caller enforcing limits then refuses the request (fails closed).
pub trait LimitStore: Send + Sync {
    /// Count one request for `bucket` in a fixed window of length `window` that starts at
    /// the bucket's first request.
    fn hit<'a>(
        &'a self,
        bucket: &'a str,
        window: Duration,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Window, StoreError>>;

    /// Until when `key` is locked (`None`: it is not).
    fn locked_until<'a>(
        &'a self,
        key: &'a str,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Option<SystemTime>, StoreError>>;

    /// Record a failed attempt by `key`.
    fn fail<'a>(
        &'a self,
        key: &'a str,
        policy: LockoutPolicy,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<LockState, StoreError>>;

    /// Forget `key`'s failures (it succeeded).
    fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), StoreError>>;
}

/// Entries per table of a [`MemoryLimits::default`]: about 10 MB at most for both tables
/// with keys of a typical length.
pub const DEFAULT_CAPACITY: usize = 65_536;

const SHARDS: usize = 16;

/// One table, split in shards so that callers on several cores rarely meet on a lock.
struct Table<V> {
    shards: Vec<Mutex<LruCache<Box<str>, V, RandomState>>>,
    /// Keyed by attacker-chosen strings: a per-process random SipHash key.
    pick: RandomState,
}

impl<V> Table<V> {
    fn new(capacity: usize) -> Self {
        let per = NonZeroUsize::new(capacity.div_ceil(SHARDS).max(1)).unwrap_or(NonZeroUsize::MIN);
        Table {
            shards: (0..SHARDS)
                .map(|_| Mutex::new(LruCache::with_hasher(per, RandomState::new())))
                .collect(),
            pick: RandomState::new(),
        }
    }

    fn with<R>(
        &self,
        key: &str,
        f: impl FnOnce(&mut LruCache<Box<str>, V, RandomState>) -> R,
    ) -> R {
        let i = (self.pick.hash_one(key) as usize) % SHARDS;
        let mut shard = self.shards[i].lock().unwrap_or_else(|e| e.into_inner());
        f(&mut shard)
    }

    fn len(&self) -> usize {
        self.shards
            .iter()
            .map(|s| s.lock().unwrap_or_else(|e| e.into_inner()).len())
            .sum()
    }
}

#[derive(Clone, Copy)]
struct Lock {
    failures: u32,
    locked_until: Option<SystemTime>,
    /// Forgotten after this.
    until: SystemTime,
}

/// Rate-limit windows and lockouts in this process's memory, bounded (see the module docs).
pub struct MemoryLimits {
    windows: Table<(SystemTime, u64)>,
    locks: Table<Lock>,
}

impl Default for MemoryLimits {
    fn default() -> Self {
        Self::with_capacity(DEFAULT_CAPACITY)
    }
}

impl std::fmt::Debug for MemoryLimits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MemoryLimits")
            .field("windows", &self.windows.len())
            .field("locks", &self.locks.len())
            .finish()
    }
}

impl MemoryLimits {
    /// Tables of at most about `capacity` entries each.
    pub fn with_capacity(capacity: usize) -> Self {
        MemoryLimits {
            windows: Table::new(capacity),
            locks: Table::new(capacity),
        }
    }

    /// Entries held: `(windows, lockouts)`.
    pub fn len(&self) -> (usize, usize) {
        (self.windows.len(), self.locks.len())
    }

    /// Whether both tables are empty.
    pub fn is_empty(&self) -> bool {
        self.len() == (0, 0)
    }

    /// [`LimitStore::hit`], at once.
    pub fn hit_now(&self, bucket: &str, window: Duration, now: SystemTime) -> Window {
        self.windows.with(bucket, |t| {
            let w = match t.get_mut(bucket) {
                Some(w) => w,
                None => {
                    t.push(bucket.into(), (now, 0));
                    match t.get_mut(bucket) {
                        Some(w) => w,
                        // Just pushed into a cache of capacity ≥ 1: present.
                        None => {
                            return Window {
                                count: 1,
                                reset: now + window,
                            };
                        }
                    }
                }
            };
            if now >= w.0 + window || now < w.0 {
                *w = (now, 0);
            }
            w.1 = w.1.saturating_add(1);
            Window {
                count: w.1,
                reset: w.0 + window,
            }
        })
    }

    /// [`LimitStore::locked_until`], at once.
    pub fn locked_until_now(&self, key: &str, now: SystemTime) -> Option<SystemTime> {
        self.locks.with(key, |t| {
            let l = t.peek(key).copied()?;
            if l.until <= now {
                t.pop(key);
                return None;
            }
            l.locked_until.filter(|u| *u > now)
        })
    }

    /// [`LimitStore::fail`], at once.
    pub fn fail_now(&self, key: &str, policy: LockoutPolicy, now: SystemTime) -> LockState {
        self.locks.with(key, |t| {
            let prev = t.peek(key).copied().filter(|l| l.until > now);
            let failures = prev.map_or(0, |l| l.failures).saturating_add(1);
            let locked_until = policy.lock_for(failures).map(|d| now + d);
            let l = Lock {
                failures,
                locked_until,
                until: locked_until.unwrap_or(now) + policy.memory(),
            };
            t.push(key.into(), l);
            LockState {
                failures,
                locked_until,
            }
        })
    }

    /// [`LimitStore::clear`], at once.
    pub fn clear_now(&self, key: &str) {
        self.locks.with(key, |t| t.pop(key));
    }
}

fn ready<T: Send + 'static>(v: T) -> StoreFuture<'static, Result<T, StoreError>> {
    Box::pin(std::future::ready(Ok(v)))
}

impl LimitStore for MemoryLimits {
    fn hit<'a>(
        &'a self,
        bucket: &'a str,
        window: Duration,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Window, StoreError>> {
        ready(self.hit_now(bucket, window, now))
    }

    fn locked_until<'a>(
        &'a self,
        key: &'a str,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<Option<SystemTime>, StoreError>> {
        ready(self.locked_until_now(key, now))
    }

    fn fail<'a>(
        &'a self,
        key: &'a str,
        policy: LockoutPolicy,
        now: SystemTime,
    ) -> StoreFuture<'a, Result<LockState, StoreError>> {
        ready(self.fail_now(key, policy, now))
    }

    fn clear<'a>(&'a self, key: &'a str) -> StoreFuture<'a, Result<(), StoreError>> {
        self.clear_now(key);
        ready(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const POLICY: LockoutPolicy = LockoutPolicy {
        after_failures: 3,
        base: Duration::from_secs(60),
        max: Duration::from_secs(600),
    };

    #[test]
    fn a_window_counts_until_it_resets() {
        let l = MemoryLimits::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let w = Duration::from_secs(10);
        assert_eq!(l.hit_now("a", w, t0).count, 1);
        assert_eq!(l.hit_now("a", w, t0 + Duration::from_secs(9)).count, 2);
        assert_eq!(l.hit_now("b", w, t0).count, 1, "buckets are apart");
        let after = l.hit_now("a", w, t0 + Duration::from_secs(10));
        assert_eq!(
            after,
            Window {
                count: 1,
                reset: t0 + Duration::from_secs(20)
            }
        );
    }

    #[test]
    fn lockout_backs_off_and_is_forgotten() {
        let l = MemoryLimits::default();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        for i in 1..3 {
            assert_eq!(
                l.fail_now("k", POLICY, t0).locked_until,
                None,
                "failure {i}"
            );
        }
        let s = l.fail_now("k", POLICY, t0);
        assert_eq!(s.locked_until, Some(t0 + POLICY.base));
        assert_eq!(l.locked_until_now("k", t0), Some(t0 + POLICY.base));
        assert_eq!(l.locked_until_now("other", t0), None);
        // Once the lock passes, the next failure doubles it.
        let t1 = t0 + POLICY.base;
        assert_eq!(l.locked_until_now("k", t1), None);
        let s = l.fail_now("k", POLICY, t1);
        assert_eq!(s.locked_until, Some(t1 + 2 * POLICY.base));
        // Capped at `max`.
        assert_eq!(POLICY.lock_for(40), Some(POLICY.max));
        // A success clears it; an idle entry is forgotten after its memory.
        l.clear_now("k");
        assert_eq!(l.fail_now("k", POLICY, t1).failures, 1);
        let late = t1 + POLICY.memory() + Duration::from_secs(1);
        assert_eq!(l.fail_now("k", POLICY, late).failures, 1);
    }

    #[test]
    fn tables_stay_bounded_and_evict_the_least_recent() {
        let l = MemoryLimits::with_capacity(1_600);
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let w = Duration::from_secs(60);
        l.hit_now("kept", w, now);
        for i in 0..100_000 {
            l.hit_now(&format!("bogus-{i}"), w, now);
            l.fail_now(&format!("bogus-{i}"), POLICY, now);
            if i % 50 == 0 {
                // A caller still active stays.
                l.hit_now("kept", w, now);
            }
        }
        let (windows, locks) = l.len();
        assert!(windows <= 1_600 && locks <= 1_600, "{windows} {locks}");
        assert!(l.hit_now("kept", w, now).count > 1_000);
    }
}
