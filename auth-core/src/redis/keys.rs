//! Keys in Redis, by digest: `{ns}:d:{digest}` holds a key's record (JSON), `{ns}:id:{id}`
//! its digest, and the sorted set `{ns}:ids` every id by expiry (for listing). Entries of
//! expiring keys carry the same expiry in Redis, so Redis forgets them itself.
//!
//! Changes are Lua scripts, so each is atomic among all replicas: a refresh token revoked
//! by one replica cannot be spent by another at the same moment. (The scripts name keys
//! they compute, which a Redis Cluster does not allow: this store is for one Redis, or a
//! primary with replicas.)

use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use redis::Script;
use serde::{Deserialize, Serialize};

use super::RedisBackend;
use crate::backend::{StoreError, StoreFuture};
use crate::server::{KeyAdmin, KeyDigest, KeyRecord, KeyStore, Lookup};

const STORE: &str = "key store";

/// A [`KeyStore`] and [`KeyAdmin`] in Redis, shared by every replica using the same
/// Redis and namespace.
#[derive(Clone, Debug)]
pub struct RedisKeyStore {
    redis: RedisBackend,
}

/// A record as stored: times in milliseconds since the epoch.
#[derive(Serialize, Deserialize)]
struct Wire {
    id: String,
    credential: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scopes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    workspaces: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    environment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    session: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    context: BTreeMap<String, String>,
    created_ms: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    last_used_ms: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expires_ms: Option<u64>,
}

fn ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

fn time(ms: u64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(ms)
}

fn encode(r: &KeyRecord) -> String {
    let w = Wire {
        id: r.id.clone(),
        credential: r.credential.clone(),
        name: r.name.clone(),
        scopes: r.scopes.clone(),
        workspaces: r.workspaces.clone(),
        environment: r.environment.clone(),
        subject: r.subject.clone(),
        session: r.session.clone(),
        context: r.context.clone(),
        created_ms: ms(r.created_at),
        last_used_ms: r.last_used.map(ms),
        // Never 0 (which the scripts read as "no expiry").
        expires_ms: r.expires_at.map(|t| ms(t).max(1)),
    };
    // A struct of strings, lists and numbers always serialises.
    serde_json::to_string(&w).unwrap_or_default()
}

fn decode(json: &str) -> Result<KeyRecord, StoreError> {
    let w: Wire = serde_json::from_str(json).map_err(|e| StoreError::Corrupt {
        store: STORE,
        reason: e.to_string(),
    })?;
    Ok(KeyRecord {
        id: w.id,
        credential: w.credential,
        name: w.name,
        scopes: w.scopes,
        workspaces: w.workspaces,
        environment: w.environment,
        subject: w.subject,
        session: w.session,
        context: w.context,
        created_at: time(w.created_ms),
        last_used: w.last_used_ms.map(time),
        expires_at: w.expires_ms.map(time),
    })
}

/// Sets `KEYS[1]` (the record) and `KEYS[2]` (id → digest) and indexes the id, dropping
/// what the id or the digest pointed at before. ARGV: ns, digest, json, id, expiry ms (0:
/// none), now ms.
static ADD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local ns, hex, json, id, at, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5]), ARGV[6]
local old = redis.call('GET', KEYS[2])
if old and old ~= hex then redis.call('DEL', ns .. ':d:' .. old) end
local prev = redis.call('GET', KEYS[1])
if prev then
  local pid = cjson.decode(prev)['id']
  if pid ~= id then
    redis.call('DEL', ns .. ':id:' .. pid)
    redis.call('ZREM', KEYS[3], pid)
  end
end
if at > 0 then
  redis.call('SET', KEYS[1], json, 'PXAT', at)
  redis.call('SET', KEYS[2], hex, 'PXAT', at)
  redis.call('ZADD', KEYS[3], at, id)
else
  redis.call('SET', KEYS[1], json)
  redis.call('SET', KEYS[2], hex)
  redis.call('ZADD', KEYS[3], '+inf', id)
end
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. now)
return 1
",
    )
});

/// `{digest, json}` of id `KEYS[1]`, or nil. ARGV: ns.
static RECORD: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local h = redis.call('GET', KEYS[1])
if not h then return false end
local j = redis.call('GET', ARGV[1] .. ':d:' .. h)
if not j then return false end
return {h, j}
",
    )
});

/// Replace the record of id `KEYS[1]` if its digest is still ARGV[2] (new digest ARGV[3],
/// which may be the same). ARGV: ns, old digest, new digest, json, id, expiry ms (0: none).
static REPLACE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local ns, old, new, json, id, at = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], tonumber(ARGV[6])
if redis.call('GET', KEYS[1]) ~= old then return 0 end
if old ~= new then redis.call('DEL', ns .. ':d:' .. old) end
if at > 0 then
  redis.call('SET', ns .. ':d:' .. new, json, 'PXAT', at)
  redis.call('SET', KEYS[1], new, 'PXAT', at)
  redis.call('ZADD', KEYS[2], at, id)
else
  redis.call('SET', ns .. ':d:' .. new, json)
  redis.call('SET', KEYS[1], new)
  redis.call('ZADD', KEYS[2], '+inf', id)
end
return 1
",
    )
});

/// Remove id `KEYS[1]`; its record's json, or nil. ARGV: ns, id.
static REVOKE: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
local h = redis.call('GET', KEYS[1])
if not h then return false end
local j = redis.call('GET', ARGV[1] .. ':d:' .. h)
redis.call('DEL', KEYS[1], ARGV[1] .. ':d:' .. h)
redis.call('ZREM', KEYS[2], ARGV[2])
return j or false
",
    )
});

/// Every live record's json. ARGV: ns, now ms.
static RECORDS: LazyLock<Script> = LazyLock::new(|| {
    Script::new(
        r"
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[2])
local out = {}
for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local h = redis.call('GET', ARGV[1] .. ':id:' .. id)
  if h then
    local j = redis.call('GET', ARGV[1] .. ':d:' .. h)
    if j then table.insert(out, j) end
  end
end
return out
",
    )
});

impl RedisKeyStore {
    pub(crate) fn new(redis: RedisBackend) -> Self {
        RedisKeyStore { redis }
    }

    fn ns(&self) -> &str {
        self.redis.namespace()
    }

    fn ids(&self) -> String {
        format!("{}:ids", self.ns())
    }

    async fn lookup(&self, digest: &KeyDigest) -> Result<Option<Arc<KeyRecord>>, StoreError> {
        let key = self.redis.key("d", &digest.to_hex());
        let json: Option<String> = self
            .redis
            .run(STORE, |mut c| async move {
                redis::cmd("GET").arg(&key).query_async(&mut c).await
            })
            .await?;
        json.map(|j| decode(&j).map(Arc::new)).transpose()
    }

    async fn add_record(&self, record: KeyRecord, digest: KeyDigest) -> Result<(), StoreError> {
        let hex = digest.to_hex();
        let json = encode(&record);
        let at = record.expires_at.map_or(0, |t| ms(t).max(1));
        let keys = [
            self.redis.key("d", &hex),
            self.redis.key("id", &record.id),
            self.ids(),
        ];
        let ns = self.ns().to_owned();
        let now = ms(SystemTime::now());
        self.redis
            .run(STORE, |mut c| async move {
                ADD.key(&keys[0])
                    .key(&keys[1])
                    .key(&keys[2])
                    .arg(ns)
                    .arg(hex)
                    .arg(json)
                    .arg(&record.id)
                    .arg(at)
                    .arg(now)
                    .invoke_async::<i64>(&mut c)
                    .await
            })
            .await?;
        Ok(())
    }

    /// `(digest, record)` of id `id`.
    async fn entry(&self, id: &str) -> Result<Option<(String, KeyRecord)>, StoreError> {
        let key = self.redis.key("id", id);
        let ns = self.ns().to_owned();
        let found: Option<(String, String)> = self
            .redis
            .run(STORE, |mut c| async move {
                RECORD.key(&key).arg(ns).invoke_async(&mut c).await
            })
            .await?;
        found.map(|(h, j)| Ok((h, decode(&j)?))).transpose()
    }

    /// Replace id `record.id`'s record (and digest) if its digest is still `old`.
    async fn replace(&self, old: &str, new: &str, record: &KeyRecord) -> Result<bool, StoreError> {
        let keys = [self.redis.key("id", &record.id), self.ids()];
        let args = (
            self.ns().to_owned(),
            old.to_owned(),
            new.to_owned(),
            encode(record),
            record.id.clone(),
            record.expires_at.map_or(0, |t| ms(t).max(1)),
        );
        let done: i64 = self
            .redis
            .run(STORE, |mut c| async move {
                REPLACE
                    .key(&keys[0])
                    .key(&keys[1])
                    .arg(args.0)
                    .arg(args.1)
                    .arg(args.2)
                    .arg(args.3)
                    .arg(args.4)
                    .arg(args.5)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        Ok(done == 1)
    }

    async fn revoke_id(&self, id: &str) -> Result<Option<KeyRecord>, StoreError> {
        let keys = [self.redis.key("id", id), self.ids()];
        let (ns, id) = (self.ns().to_owned(), id.to_owned());
        let json: Option<String> = self
            .redis
            .run(STORE, |mut c| async move {
                REVOKE
                    .key(&keys[0])
                    .key(&keys[1])
                    .arg(ns)
                    .arg(id)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        json.map(|j| decode(&j)).transpose()
    }

    async fn all(&self) -> Result<Vec<KeyRecord>, StoreError> {
        let key = self.ids();
        let (ns, now) = (self.ns().to_owned(), ms(SystemTime::now()));
        let list: Vec<String> = self
            .redis
            .run(STORE, |mut c| async move {
                RECORDS
                    .key(&key)
                    .arg(ns)
                    .arg(now)
                    .invoke_async(&mut c)
                    .await
            })
            .await?;
        let mut out = list
            .iter()
            .map(|j| decode(j))
            .collect::<Result<Vec<_>, _>>()?;
        out.sort_by_key(|r| r.created_at);
        Ok(out)
    }
}

impl KeyStore for RedisKeyStore {
    fn find<'a>(&'a self, digest: &'a KeyDigest) -> Lookup<'a> {
        Lookup::Pending(Box::pin(self.lookup(digest)))
    }
}

impl KeyAdmin for RedisKeyStore {
    fn add(&self, record: KeyRecord, digest: KeyDigest) -> StoreFuture<'_, Result<(), StoreError>> {
        Box::pin(self.add_record(record, digest))
    }

    fn record<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        Box::pin(async move { Ok(self.entry(id).await?.map(|(_, r)| r)) })
    }

    fn put(&self, record: KeyRecord) -> StoreFuture<'_, Result<bool, StoreError>> {
        Box::pin(async move {
            let Some((hex, _)) = self.entry(&record.id).await? else {
                return Ok(false);
            };
            self.replace(&hex, &hex, &record).await
        })
    }

    fn rekey<'a>(
        &'a self,
        id: &'a str,
        digest: KeyDigest,
    ) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        Box::pin(async move {
            let Some((old, mut record)) = self.entry(id).await? else {
                return Ok(None);
            };
            record.created_at = SystemTime::now();
            // Another replica changing the key in between makes this one lose: its answer
            // is "no such key", never two live secrets.
            Ok(self
                .replace(&old, &digest.to_hex(), &record)
                .await?
                .then_some(record))
        })
    }

    fn revoke<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        Box::pin(self.revoke_id(id))
    }

    fn revoke_session<'a>(
        &'a self,
        session: &'a str,
    ) -> StoreFuture<'a, Result<usize, StoreError>> {
        Box::pin(async move {
            let mut n = 0;
            for r in self.all().await? {
                if r.session.as_deref() == Some(session) && self.revoke_id(&r.id).await?.is_some() {
                    n += 1;
                }
            }
            Ok(n)
        })
    }

    fn records(&self) -> StoreFuture<'_, Result<Vec<KeyRecord>, StoreError>> {
        Box::pin(self.all())
    }
}
