//! Where verified keys live: the [`KeyStore`] trait (looking keys up), the [`KeyAdmin`]
//! trait (adding, changing and revoking them), and [`MemoryKeyStore`], which keeps only a
//! SHA-256 digest of each secret.
//!
//! # Lookup by digest
//!
//! A presented credential is hashed once and its digest looked up in a hash index: the cost
//! is the same with one key or a million. No raw key is ever stored, and no timing depends
//! on a stored key's bytes: the index is searched by the *digest of the presented value*,
//! which tells an attacker nothing they could not compute themselves (finding a key from a
//! digest prefix is a SHA-256 preimage), and a found entry is confirmed with a constant-time
//! compare of the whole digest. The index hashes the digest's first eight bytes (already
//! uniform), so an attacker cannot aim collisions at a bucket either.

use std::collections::BTreeMap;
use std::fmt;
use std::future::Future;
use std::hash::{BuildHasher, Hash, Hasher};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};
use smallvec::SmallVec;
use subtle::ConstantTimeEq;

pub use crate::backend::{StoreError, StoreFuture};

/// The SHA-256 digest of a credential: its name and each `(part, value)`, length-prefixed.
///
/// Length prefixes (LEB128) keep `("ab", "c")` and `("a", "bc")` apart; parts are hashed in
/// name order so the digest does not depend on the order they were read in. A typical key
/// (`api_key`, `key`, 40 characters) fits one SHA-256 block.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KeyDigest([u8; 32]);

impl KeyDigest {
    /// The digest a signing credential's record is kept under: of the identity its
    /// requests name (an HMAC key id, a JWT `kid`, a Digest user name), not of its key.
    pub fn of_identity(credential: &str, identity: &str) -> Self {
        Self::of(credential, [("identity", identity)])
    }

    /// The digest of credential `credential` with the given part values.
    pub fn of<'a>(credential: &str, parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut parts: SmallVec<[(&str, &str); 4]> = parts.into_iter().collect();
        parts.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut feed = Feed::default();
        feed.field(credential.as_bytes());
        for (name, value) in parts {
            feed.field(name.as_bytes());
            feed.field(value.as_bytes());
        }
        KeyDigest(feed.finish())
    }

    /// A digest from its 32 bytes (as read back from a shared store).
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        KeyDigest(bytes)
    }

    /// Constant-time equality: the difference of every byte is folded in, eight at a
    /// time, before the one comparison.
    pub fn ct_eq(&self, other: &KeyDigest) -> bool {
        let word = |d: &[u8; 32], i: usize| {
            let mut w = [0u8; 8];
            w.copy_from_slice(&d[i * 8..i * 8 + 8]);
            u64::from_ne_bytes(w)
        };
        let diff = (0..4).fold(0u64, |acc, i| acc | (word(&self.0, i) ^ word(&other.0, i)));
        diff.ct_eq(&0).into()
    }

    /// The raw digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Lower-case hex, as shared stores name entries.
    pub fn to_hex(&self) -> String {
        use fmt::Write as _;
        let mut s = String::with_capacity(64);
        for b in self.0 {
            let _ = write!(s, "{b:02x}");
        }
        s
    }
}

/// The input of a [`KeyDigest`], gathered on the stack and hashed in one call (a typical
/// key's fields fit; longer input goes through the hasher as it comes).
struct Feed {
    hasher: Option<Sha256>,
    buf: [u8; 128],
    len: usize,
}

impl Default for Feed {
    fn default() -> Self {
        Feed {
            hasher: None,
            buf: [0; 128],
            len: 0,
        }
    }
}

impl Feed {
    /// A field: its length (LEB128: seven bits a byte, the high bit set on all but the
    /// last), then its bytes.
    fn field(&mut self, bytes: &[u8]) {
        let (len, n) = leb128(bytes.len());
        self.put(&len[..n]);
        self.put(bytes);
    }

    /// Hand what is gathered to the hasher.
    fn flush(&mut self) {
        self.hasher
            .get_or_insert_with(Sha256::new)
            .update(&self.buf[..self.len]);
        self.len = 0;
    }

    fn put(&mut self, bytes: &[u8]) {
        if self.len + bytes.len() > self.buf.len() {
            self.flush();
            if bytes.len() > self.buf.len() {
                if let Some(h) = &mut self.hasher {
                    h.update(bytes);
                }
                return;
            }
        }
        self.buf[self.len..self.len + bytes.len()].copy_from_slice(bytes);
        self.len += bytes.len();
    }

    fn finish(&mut self) -> [u8; 32] {
        let len = self.len;
        let h = self.hasher.get_or_insert_with(Sha256::new);
        h.update(&self.buf[..len]);
        finish(h)
    }
}

/// The fixed start of the digest input of a one-part credential (its name and the part's,
/// length-prefixed), worked out once.
///
/// A value of up to [`DigestPrefix::SHORT`] bytes (a typical key) is hashed in one call,
/// as the whole input: the start is copied from a template of fixed size (no zeroing, no
/// copy of variable length), the value's length and bytes written after it. A longer
/// value is fed to a SHA-256 state that has already absorbed the start.
#[derive(Clone)]
pub(crate) struct DigestPrefix {
    /// The start, then zeros; `None` when the start does not fit it with a short value.
    template: Option<([u8; Self::TEMPLATE], usize)>,
    state: Sha256,
}

impl fmt::Debug for DigestPrefix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DigestPrefix")
    }
}

impl DigestPrefix {
    /// Values up to this length are hashed from the template.
    const SHORT: usize = 64;
    const TEMPLATE: usize = 112;

    pub(crate) fn new(credential: &str, part: &str) -> Self {
        let mut start = Vec::new();
        for field in [credential, part] {
            let (len, n) = leb128(field.len());
            start.extend_from_slice(&len[..n]);
            start.extend_from_slice(field.as_bytes());
        }
        // The start, a one-byte length and a short value.
        let template = (start.len() + 1 + Self::SHORT <= Self::TEMPLATE).then(|| {
            let mut t = [0u8; Self::TEMPLATE];
            t[..start.len()].copy_from_slice(&start);
            (t, start.len())
        });
        DigestPrefix {
            template,
            state: Sha256::new_with_prefix(&start),
        }
    }

    /// [`KeyDigest::of`] the credential with this part's value `value`.
    pub(crate) fn digest(&self, value: &str) -> KeyDigest {
        let value = value.as_bytes();
        if let Some((template, at)) = &self.template
            && value.len() <= Self::SHORT
        {
            let mut input = *template;
            // A length below 128 is one LEB128 byte.
            input[*at] = value.len() as u8;
            let end = at + 1 + value.len();
            crate::short::copy(&mut input[at + 1..], value);
            let mut hasher = Sha256::new();
            hasher.update(&input[..end]);
            return KeyDigest(finish(&mut hasher));
        }
        let mut hasher = self.state.clone();
        let (len, n) = leb128(value.len());
        hasher.update(&len[..n]);
        hasher.update(value);
        KeyDigest(finish(&mut hasher))
    }
}

/// The digest of what `hasher` absorbed, finished where it lies. `Sha256::digest` and
/// `finalize` move the hasher (its 64-byte block buffer, just written in pieces) to finish
/// it: copied back in wider loads than it was written with, a store-forwarding stall (found
/// with `perf annotate`) that took ~28 ns of a ~215 ns verification.
fn finish(hasher: &mut Sha256) -> [u8; 32] {
    let mut out = [0u8; 32];
    hasher.finalize_into_reset((&mut out).into());
    out
}

/// `n` in LEB128 (seven bits a byte, the high bit set on all but the last): the bytes and
/// how many.
fn leb128(mut n: usize) -> ([u8; 10], usize) {
    let mut out = [0u8; 10];
    let mut i = 0;
    loop {
        let low = (n & 0x7f) as u8;
        n >>= 7;
        out[i] = low | if n > 0 { 0x80 } else { 0 };
        i += 1;
        if n == 0 || i == out.len() {
            return (out, i);
        }
    }
}

/// Hashes a digest by its first eight bytes: they are already uniform, and an attacker
/// cannot choose them (that would take a SHA-256 preimage), so no keyed hash is needed.
impl Hash for KeyDigest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut head = [0u8; 8];
        head.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(head));
    }
}

impl fmt::Debug for KeyDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Short and non-reversible; enough to tell two records apart in a log.
        write!(
            f,
            "KeyDigest({:02x}{:02x}{:02x}{:02x}…)",
            self.0[0], self.0[1], self.0[2], self.0[3]
        )
    }
}

/// A [`BuildHasher`] for maps keyed by [`KeyDigest`]: takes the `u64` the digest writes.
#[derive(Clone, Copy, Default, Debug)]
pub struct DigestHasher;

/// The hasher [`DigestHasher`] builds.
#[derive(Default)]
pub struct DigestHash(u64);

impl Hasher for DigestHash {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Not reached for `KeyDigest` (it writes one u64); fold anything else in.
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

impl BuildHasher for DigestHasher {
    type Hasher = DigestHash;
    fn build_hasher(&self) -> DigestHash {
        DigestHash(0)
    }
}

/// What the server knows about one key (never the key itself).
#[derive(Debug, Clone, PartialEq)]
pub struct KeyRecord {
    /// Stable identifier (`key_abc123`), used in URLs such as `/api-keys/{key_id}/rotate`.
    pub id: String,
    /// The spec credential this key is an instance of (`api_key`, `jwt`, `login`…).
    pub credential: String,
    /// A descriptive name.
    pub name: Option<String>,
    /// Scopes granted; `None` means the key is not limited by scope.
    pub scopes: Option<Vec<String>>,
    /// Workspaces a workspace-scoped key may touch; `None` means org-wide.
    pub workspaces: Option<Vec<String>>,
    /// `production`, `test`…, from the key's prefix.
    pub environment: Option<String>,
    /// The subject a token was issued for (a user's `uid` or login).
    pub subject: Option<String>,
    /// The session a token belongs to: the tokens one login issues, and those its refreshes
    /// issue, share it, so a session can be revoked as a whole.
    pub session: Option<String>,
    /// Context parameter values this key is bound to (Weevio `team_id` → its tenant); a
    /// request that carries another value is refused.
    pub context: BTreeMap<String, String>,
    /// When the key was created.
    pub created_at: SystemTime,
    /// When it last authenticated a request (to the second).
    pub last_used: Option<SystemTime>,
    /// When it stops being valid; `None` for keys that do not expire. A store may forget
    /// an expired record at any time.
    pub expires_at: Option<SystemTime>,
}

impl KeyRecord {
    /// A record with only the required fields set.
    pub fn new(id: impl Into<String>, credential: impl Into<String>) -> Self {
        KeyRecord {
            id: id.into(),
            credential: credential.into(),
            name: None,
            scopes: None,
            workspaces: None,
            environment: None,
            subject: None,
            session: None,
            context: BTreeMap::new(),
            created_at: SystemTime::now(),
            last_used: None,
            expires_at: None,
        }
    }

    /// Whether the key has expired at `now`.
    pub fn is_expired(&self, now: SystemTime) -> bool {
        self.expires_at.is_some_and(|t| t <= now)
    }
}

/// What a key store answers for one digest.
pub type Answer = Result<Option<Arc<KeyRecord>>, StoreError>;

/// The answer to a [`KeyStore::find`]: ready at once (an in-memory store, no allocation), or
/// a future (a shared store). Await it either way.
pub enum Lookup<'a> {
    /// Answered without waiting.
    Ready(Option<Result<Option<Arc<KeyRecord>>, StoreError>>),
    /// Answered by a remote store.
    Pending(StoreFuture<'a, Result<Option<Arc<KeyRecord>>, StoreError>>),
}

impl Lookup<'_> {
    /// The answer when it is there at once; `None` when the store answers later.
    pub(crate) fn ready(self) -> Option<Result<Option<Arc<KeyRecord>>, StoreError>> {
        match self {
            // Already taken: say so rather than panic, as `poll` does.
            Lookup::Ready(r) => Some(r.unwrap_or_else(|| {
                Err(StoreError::Unavailable {
                    store: "key store",
                    reason: "lookup polled after it finished".into(),
                })
            })),
            Lookup::Pending(_) => None,
        }
    }
}

impl Future for Lookup<'_> {
    type Output = Result<Option<Arc<KeyRecord>>, StoreError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            // Polled again after it answered: the answer is gone, say so rather than panic.
            Lookup::Ready(r) => Poll::Ready(r.take().unwrap_or_else(|| {
                Err(StoreError::Unavailable {
                    store: "key store",
                    reason: "lookup polled after it finished".into(),
                })
            })),
            Lookup::Pending(f) => f.as_mut().poll(cx),
        }
    }
}

impl fmt::Debug for Lookup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Lookup::Ready(_) => "Lookup::Ready",
            Lookup::Pending(_) => "Lookup::Pending",
        })
    }
}

/// Looks keys up by digest. Implement it over a database to verify against real keys.
pub trait KeyStore: Send + Sync {
    /// The record whose digest equals `digest`, if any. A store that cannot answer returns
    /// an error, and the verifier then refuses the request (fails closed).
    fn find<'a>(&'a self, digest: &'a KeyDigest) -> Lookup<'a>;

    /// Called after a key authenticated a request (to keep `last_used`, meter calls…).
    /// Must not block: a shared store records it in the background or not at all.
    fn used(&self, _id: &str) {}

    /// As [`KeyStore::used`], for a key just found by `digest` (a store indexed by digest
    /// finds it again without its id index). By default, [`KeyStore::used`].
    fn used_digest(&self, _digest: &KeyDigest, id: &str) {
        self.used(id)
    }

    /// [`KeyStore::find`], for a store that answers at once, then [`KeyStore::used_digest`]
    /// when the request is let through: `accept` is given the answer (it may take the
    /// record) and says whether it was. `false`, with `accept` not called, when the store
    /// answers later (use [`KeyStore::find`]). By default, those two calls; a store that
    /// keeps `last_used` beside its index marks the record it found, with one lookup.
    fn find_now(&self, digest: &KeyDigest, accept: &mut dyn FnMut(&mut Answer) -> bool) -> bool {
        let Lookup::Ready(Some(mut answer)) = self.find(digest) else {
            return false;
        };
        let found = answer.as_ref().ok().and_then(Option::clone);
        if accept(&mut answer)
            && let Some(record) = found
        {
            self.used_digest(digest, &record.id);
        }
        true
    }

    /// The record and key of a signing credential (HMAC, JWT, Digest), by the identity its
    /// requests name: an HMAC key's id header, a JWT's `kid` (else `iss`, else `sub`), a
    /// Digest user name. The key is the HMAC secret, the JWT's key (a private or public key
    /// in PEM, or the `HS*` secret) or the Digest password: checking a signature needs it,
    /// so a store that verifies signatures holds these values, unlike API keys. The default
    /// holds none.
    fn signing_key(
        &self,
        _credential: &str,
        _identity: &str,
    ) -> Option<(KeyRecord, crate::Secret)> {
        None
    }
}

impl<T: KeyStore + ?Sized> KeyStore for Arc<T> {
    fn find<'a>(&'a self, digest: &'a KeyDigest) -> Lookup<'a> {
        (**self).find(digest)
    }
    fn used(&self, id: &str) {
        (**self).used(id)
    }
    fn used_digest(&self, digest: &KeyDigest, id: &str) {
        (**self).used_digest(digest, id)
    }
    fn find_now(&self, digest: &KeyDigest, accept: &mut dyn FnMut(&mut Answer) -> bool) -> bool {
        (**self).find_now(digest, accept)
    }
    fn signing_key(&self, credential: &str, identity: &str) -> Option<(KeyRecord, crate::Secret)> {
        (**self).signing_key(credential, identity)
    }
}

/// Adds, changes and revokes keys: what an issuer (the sandbox's login, rotation and key
/// creation) needs beyond lookups. Every method may fail on a shared store.
pub trait KeyAdmin: KeyStore {
    /// Add `record` under `digest`. A record with the same id, or the same digest, is
    /// replaced.
    fn add(&self, record: KeyRecord, digest: KeyDigest) -> StoreFuture<'_, Result<(), StoreError>>;
    /// The record with this id.
    fn record<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>>;
    /// Replace the fields of the record with `record.id` (its digest is kept); `false`
    /// when there is none.
    fn put(&self, record: KeyRecord) -> StoreFuture<'_, Result<bool, StoreError>>;
    /// Give key `id` a new secret (rotation): the old value stops matching at once.
    fn rekey<'a>(
        &'a self,
        id: &'a str,
        digest: KeyDigest,
    ) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>>;
    /// Remove key `id`; returns its record.
    fn revoke<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>>;
    /// Remove every record of session `session`; returns how many.
    fn revoke_session<'a>(&'a self, session: &'a str)
    -> StoreFuture<'a, Result<usize, StoreError>>;
    /// Every record, oldest first.
    fn records(&self) -> StoreFuture<'_, Result<Vec<KeyRecord>, StoreError>>;
}

/// One stored key, held in the digest index's entry beside its digest (one pointer fewer to
/// follow on a lookup than a shared box: with many keys, each hop is a likely cache miss):
/// its record (shared with every lookup), when it was added and when it was last used
/// (seconds since the epoch, written only when the second changes so that readers of a
/// hot key do not keep invalidating each other's caches).
struct Stored {
    record: Arc<KeyRecord>,
    seq: u64,
    last_used: AtomicU64,
}

impl Stored {
    /// Mark it used at `now` (seconds), writing only when the second changed.
    fn touch(&self, now: u64) {
        if self.last_used.load(Ordering::Relaxed) != now {
            self.last_used.store(now, Ordering::Relaxed);
        }
    }

    fn snapshot(&self) -> KeyRecord {
        let mut r = (*self.record).clone();
        let secs = self.last_used.load(Ordering::Relaxed);
        if secs > 0 {
            r.last_used = Some(UNIX_EPOCH + Duration::from_secs(secs));
        }
        r
    }
}

/// What writers share (never touched by lookups): the insertion counter and the expiry
/// index that [`MemoryKeyStore::purge_expired`] walks.
#[derive(Default)]
struct Writer {
    seq: u64,
    /// `(expires_at, seq)` → id; an entry whose record changed since is skipped.
    expiries: BTreeMap<(SystemTime, u64), String>,
}

/// An in-memory [`KeyStore`] holding digests only.
///
/// Lookups read a lock-free hash index ([`papaya`]) by digest: flat cost from one key to
/// millions, and readers on many cores never wait for each other or for writers. Writers
/// (adding, rotating, revoking) take a mutex among themselves only. Records that expire
/// are forgotten: every insertion purges those whose time has passed, so a sandbox that
/// issues a token per login holds only the live ones.
pub struct MemoryKeyStore {
    by_digest: papaya::HashMap<KeyDigest, Stored, DigestHasher>,
    /// Id → digest (the record is the digest index's).
    by_id: papaya::HashMap<String, KeyDigest>,
    writer: Mutex<Writer>,
    /// Signing keys: `(credential, identity, record id, key)`. Few (one per signing
    /// credential issued), so a list.
    signing: RwLock<Vec<(String, String, String, crate::Secret)>>,
    clock: Seconds,
}

impl Default for MemoryKeyStore {
    fn default() -> Self {
        MemoryKeyStore {
            by_digest: papaya::HashMap::with_hasher(DigestHasher),
            by_id: papaya::HashMap::new(),
            writer: Mutex::new(Writer::default()),
            signing: RwLock::default(),
            clock: Seconds::new(),
        }
    }
}

/// The wall clock in whole seconds since the epoch, for `last_used`, read per request
/// without a system call: the wall-clock time read when the store was made, advanced by
/// the coarse monotonic clock (which the kernel keeps in memory shared with the process).
/// A step of the wall clock after that (not a slew) is not followed.
struct Seconds {
    unix: u64,
    at: coarsetime::Instant,
}

impl Seconds {
    fn new() -> Self {
        Seconds {
            unix: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            // Not the variant that updates a cache every thread would write to.
            at: coarsetime::Instant::now_without_cache_update(),
        }
    }

    fn now(&self) -> u64 {
        let elapsed = coarsetime::Instant::now_without_cache_update().duration_since(self.at);
        self.unix + elapsed.as_secs()
    }
}

impl fmt::Debug for MemoryKeyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryKeyStore")
            .field("keys", &self.len())
            .finish()
    }
}

impl MemoryKeyStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn write(&self) -> std::sync::MutexGuard<'_, Writer> {
        // A panic while holding the lock leaves both maps consistent (each change is one
        // insert or remove per map), so a poisoned lock is still usable.
        self.writer.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many keys it holds.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Add a key whose parts are `parts`; only their digest is kept. A record with the same
    /// id is replaced.
    pub fn insert<'a>(
        &self,
        record: KeyRecord,
        parts: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) {
        let digest = KeyDigest::of(&record.credential, parts);
        self.insert_digest(record, digest);
    }

    /// Add a key by its digest. A record with the same id, or the same digest, is replaced.
    pub fn insert_digest(&self, record: KeyRecord, digest: KeyDigest) {
        let mut w = self.write();
        let now = SystemTime::now();
        Self::purge(&mut w, &self.by_id, &self.by_digest, now);
        w.seq += 1;
        let seq = w.seq;
        self.place(&mut w, record, digest, seq, 0);
    }

    /// Put a record in both indexes (under the writer lock), dropping what it replaces.
    fn place(&self, w: &mut Writer, record: KeyRecord, digest: KeyDigest, seq: u64, used: u64) {
        let (ids, digests) = (self.by_id.pin(), self.by_digest.pin());
        if let Some(&old) = ids.get(record.id.as_str())
            && old != digest
        {
            digests.remove(&old);
        }
        if let Some(old) = digests.get(&digest)
            && old.record.id != record.id
        {
            ids.remove(old.record.id.as_str());
        }
        if let Some(at) = record.expires_at {
            w.expiries.insert((at, seq), record.id.clone());
        }
        let id = record.id.clone();
        digests.insert(
            digest,
            Stored {
                record: Arc::new(record),
                seq,
                last_used: AtomicU64::new(used),
            },
        );
        ids.insert(id, digest);
    }

    fn purge(
        w: &mut Writer,
        by_id: &papaya::HashMap<String, KeyDigest>,
        by_digest: &papaya::HashMap<KeyDigest, Stored, DigestHasher>,
        now: SystemTime,
    ) -> usize {
        let (ids, digests) = (by_id.pin(), by_digest.pin());
        let mut removed = 0;
        while let Some(entry) = w.expiries.first_entry() {
            let (at, seq) = *entry.key();
            if at > now {
                break;
            }
            let id = entry.remove();
            // Only if the record is still the one indexed, and still expired (an update
            // may have extended it).
            if let Some(digest) = ids.get(id.as_str())
                && let Some(s) = digests.get(digest)
                && s.seq == seq
                && s.record.is_expired(now)
            {
                digests.remove(digest);
                ids.remove(id.as_str());
                removed += 1;
            }
        }
        removed
    }

    /// Forget every record that has expired at `now`; returns how many. Insertions do this
    /// on their own; call it to reclaim memory when nothing is being added.
    pub fn purge_expired(&self, now: SystemTime) -> usize {
        let mut w = self.write();
        Self::purge(&mut w, &self.by_id, &self.by_digest, now)
    }

    /// Add a signing key (see [`KeyStore::signing_key`]): `record` is kept like any key's
    /// (its digest is of the identity), and `key` is kept to check signatures with.
    pub fn insert_signing(&self, record: KeyRecord, identity: &str, key: crate::Secret) {
        let digest = KeyDigest::of_identity(&record.credential, identity);
        let mut signing = self.signing.write().unwrap_or_else(|e| e.into_inner());
        signing.retain(|(_, _, id, _)| *id != record.id);
        signing.push((
            record.credential.clone(),
            identity.to_owned(),
            record.id.clone(),
            key,
        ));
        drop(signing);
        self.insert_digest(record, digest);
    }

    /// Remove a key; returns its record.
    pub fn remove(&self, id: &str) -> Option<KeyRecord> {
        let _w = self.write();
        let (ids, digests) = (self.by_id.pin(), self.by_digest.pin());
        let digest = *ids.remove(id)?;
        digests.remove(&digest).map(Stored::snapshot)
    }

    /// Remove every record of session `session`; returns how many. Walks the store: a rare
    /// event (a refresh token presented twice).
    pub fn remove_session(&self, session: &str) -> usize {
        let _w = self.write();
        let (ids, digests) = (self.by_id.pin(), self.by_digest.pin());
        let doomed: Vec<(KeyDigest, &str)> = digests
            .iter()
            .filter(|(_, s)| s.record.session.as_deref() == Some(session))
            .map(|(d, s)| (*d, s.record.id.as_str()))
            .collect();
        for (digest, id) in &doomed {
            ids.remove(*id);
            digests.remove(digest);
        }
        doomed.len()
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<KeyRecord> {
        self.entry(&self.by_digest.pin(), id)
            .map(|(_, s)| s.snapshot())
    }

    /// The digest and stored entry of key `id`, under `digests`' guard.
    fn entry<'g>(
        &self,
        digests: &'g papaya::HashMapRef<'_, KeyDigest, Stored, DigestHasher, impl papaya::Guard>,
        id: &str,
    ) -> Option<(KeyDigest, &'g Stored)> {
        let digest = *self.by_id.pin().get(id)?;
        Some((digest, digests.get(&digest)?))
    }

    /// The record whose digest is `digest` (a copy), if any.
    pub fn find(&self, digest: &KeyDigest) -> Option<KeyRecord> {
        self.lookup(digest).map(|r| (*r).clone())
    }

    fn lookup(&self, digest: &KeyDigest) -> Option<Arc<KeyRecord>> {
        let digests = self.by_digest.pin();
        let (stored, s) = digests.get_key_value(digest)?;
        // The index compared with `==`; confirm the whole digest in constant time.
        stored.ct_eq(digest).then(|| s.record.clone())
    }

    /// Change a record in place; returns the updated record.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut KeyRecord)) -> Option<KeyRecord> {
        let mut w = self.write();
        let digests = self.by_digest.pin();
        let (digest, old) = self.entry(&digests, id)?;
        let mut record = old.snapshot();
        change(&mut record);
        // The id is what the record is found by: keep it.
        record.id = old.record.id.clone();
        let out = record.clone();
        let used = old.last_used.load(Ordering::Relaxed);
        self.place(&mut w, record, digest, old.seq, used);
        Some(out)
    }

    /// Replace the secret of key `id` (rotation): the old value stops matching at once.
    pub fn replace_secret<'a>(
        &self,
        id: &str,
        parts: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Option<KeyRecord> {
        let digests = self.by_digest.pin();
        let credential = self.entry(&digests, id)?.1.record.credential.clone();
        self.replace_digest(id, KeyDigest::of(&credential, parts))
    }

    /// As [`MemoryKeyStore::replace_secret`], by the new digest.
    pub fn replace_digest(&self, id: &str, digest: KeyDigest) -> Option<KeyRecord> {
        let mut w = self.write();
        let digests = self.by_digest.pin();
        let (_, old) = self.entry(&digests, id)?;
        let mut record = old.snapshot();
        record.created_at = SystemTime::now();
        let out = record.clone();
        self.place(&mut w, record, digest, old.seq, 0);
        Some(out)
    }

    /// Every record, in insertion order.
    pub fn list(&self) -> Vec<KeyRecord> {
        let digests = self.by_digest.pin();
        let mut all: Vec<&Stored> = digests.values().collect();
        all.sort_by_key(|s| s.seq);
        all.into_iter().map(|s| s.snapshot()).collect()
    }

    /// The stored digest of key `id` (for tests and audits: proof that no plain key is kept).
    pub fn digest_of(&self, id: &str) -> Option<KeyDigest> {
        self.by_id.pin().get(id).copied()
    }
}

impl KeyStore for MemoryKeyStore {
    fn find<'a>(&'a self, digest: &'a KeyDigest) -> Lookup<'a> {
        Lookup::Ready(Some(Ok(self.lookup(digest))))
    }

    fn used(&self, id: &str) {
        if let Some((_, s)) = self.entry(&self.by_digest.pin(), id) {
            s.touch(self.clock.now());
        }
    }

    fn find_now(&self, digest: &KeyDigest, accept: &mut dyn FnMut(&mut Answer) -> bool) -> bool {
        let digests = self.by_digest.pin();
        // The index compared with `==`; confirm the whole digest in constant time.
        let stored = digests
            .get_key_value(digest)
            .filter(|(d, _)| d.ct_eq(digest))
            .map(|(_, s)| s);
        let mut answer = Ok(stored.map(|s| s.record.clone()));
        if accept(&mut answer)
            && let Some(s) = stored
        {
            s.touch(self.clock.now());
        }
        true
    }

    fn used_digest(&self, digest: &KeyDigest, id: &str) {
        let now = self.clock.now();
        match self.by_digest.pin().get(digest) {
            // The record just found (the same string), or one with its id.
            Some(s) if std::ptr::eq(s.record.id.as_str(), id) || s.record.id == id => s.touch(now),
            // Replaced since it was found: by its id, if it is still there.
            _ => self.used(id),
        }
    }

    fn signing_key(&self, credential: &str, identity: &str) -> Option<(KeyRecord, crate::Secret)> {
        let signing = self.signing.read().unwrap_or_else(|e| e.into_inner());
        let (.., id, key) = signing
            .iter()
            .find(|(c, i, ..)| c == credential && i == identity)?;
        Some((self.get(id)?, key.clone()))
    }
}

fn ready<T: Send + 'static>(v: T) -> StoreFuture<'static, Result<T, StoreError>> {
    Box::pin(std::future::ready(Ok(v)))
}

impl KeyAdmin for MemoryKeyStore {
    fn add(&self, record: KeyRecord, digest: KeyDigest) -> StoreFuture<'_, Result<(), StoreError>> {
        self.insert_digest(record, digest);
        ready(())
    }
    fn record<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        ready(self.get(id))
    }
    fn put(&self, record: KeyRecord) -> StoreFuture<'_, Result<bool, StoreError>> {
        let id = record.id.clone();
        ready(self.update(&id, |r| *r = record).is_some())
    }
    fn rekey<'a>(
        &'a self,
        id: &'a str,
        digest: KeyDigest,
    ) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        ready(self.replace_digest(id, digest))
    }
    fn revoke<'a>(&'a self, id: &'a str) -> StoreFuture<'a, Result<Option<KeyRecord>, StoreError>> {
        ready(self.remove(id))
    }
    fn revoke_session<'a>(
        &'a self,
        session: &'a str,
    ) -> StoreFuture<'a, Result<usize, StoreError>> {
        ready(self.remove_session(session))
    }
    fn records(&self) -> StoreFuture<'_, Result<Vec<KeyRecord>, StoreError>> {
        ready(self.list())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_is_length_prefixed_and_order_free() {
        let a = KeyDigest::of("c", [("a", "bc")]);
        let b = KeyDigest::of("c", [("ab", "c")]);
        assert!(!a.ct_eq(&b));
        let x = KeyDigest::of("pair", [("id", "1"), ("secret", "2")]);
        let y = KeyDigest::of("pair", [("secret", "2"), ("id", "1")]);
        assert!(x.ct_eq(&y));
        assert_eq!(x, y);
        // A length past one prefix byte (128) is still kept apart from its neighbours.
        let long = "x".repeat(200);
        assert_ne!(
            KeyDigest::of("c", [("k", long.as_str())]),
            KeyDigest::of("c", [("k", &long[..199])])
        );
    }

    #[test]
    fn digest_is_sha256_of_the_length_prefixed_fields() {
        // The bytes hashed, written out: LEB128 length, then the bytes, for the credential
        // name and each (part, value); short input is hashed in one call, long input
        // (past the stack buffer) as it comes: both give the same digest.
        // Values whose input ends on each side of the one- and two-block limits (55 and
        // 119 bytes with the 13 bytes before the value), and past the stack buffer.
        let values = [
            0, 1, 11, 40, 41, 42, 43, 100, 104, 105, 106, 107, 115, 116, 300,
        ]
        .map(|n| "v".repeat(n))
        .into_iter()
        .chain(["pm_live_abc".to_owned()]);
        for value in values {
            let mut bytes = vec![7u8];
            bytes.extend(b"api_key");
            bytes.push(3);
            bytes.extend(b"key");
            let mut len = value.len();
            loop {
                let low = (len & 0x7f) as u8;
                len >>= 7;
                bytes.push(low | if len > 0 { 0x80 } else { 0 });
                if len == 0 {
                    break;
                }
            }
            bytes.extend(value.as_bytes());
            let expected: [u8; 32] = Sha256::digest(&bytes).into();
            let d = KeyDigest::of("api_key", [("key", value.as_str())]);
            assert_eq!(d.as_bytes(), &expected, "{} bytes", value.len());
        }
    }

    #[test]
    fn a_prefixed_digest_is_the_digest() {
        // Values whose input ends on each side of the block limits, and a name longer
        // than a block.
        let long_name = "n".repeat(150);
        for credential in ["api_key", long_name.as_str()] {
            for n in [0, 1, 11, 40, 41, 42, 43, 104, 105, 106, 107, 115, 116, 300] {
                let value = "v".repeat(n);
                assert_eq!(
                    DigestPrefix::new(credential, "key").digest(&value),
                    KeyDigest::of(credential, [("key", value.as_str())]),
                    "{} and {n} bytes",
                    credential.len()
                );
            }
        }
    }

    #[test]
    fn digest_binds_the_credential_name() {
        assert!(
            !KeyDigest::of("api_key", [("key", "k")]).ct_eq(&KeyDigest::of("jwt", [("key", "k")]))
        );
    }

    #[test]
    fn expired_records_are_purged_on_insert_and_extended_ones_kept() {
        let store = MemoryKeyStore::new();
        let past = SystemTime::now() - Duration::from_secs(1);
        let future = SystemTime::now() + Duration::from_secs(3600);
        for i in 0..100 {
            let mut r = KeyRecord::new(format!("t{i}"), "jwt");
            r.expires_at = Some(past);
            store.insert_digest(r, KeyDigest::of("jwt", [("key", format!("v{i}").as_str())]));
        }
        let mut live = KeyRecord::new("live", "jwt");
        live.expires_at = Some(future);
        store.insert(live, [("key", "live")]);
        // Each insertion purged those before it; the last one is purged by the next call.
        assert_eq!(store.purge_expired(SystemTime::now()), 0);
        assert_eq!(store.len(), 1);
        // An update that extends a record's life keeps it past its old expiry.
        let mut r = KeyRecord::new("ext", "jwt");
        r.expires_at = Some(SystemTime::now() + Duration::from_secs(1));
        store.insert(r, [("key", "ext")]);
        store.update("ext", |r| r.expires_at = Some(future));
        assert_eq!(
            store.purge_expired(SystemTime::now() + Duration::from_secs(2)),
            0
        );
        assert!(store.get("ext").is_some());
        assert_eq!(store.purge_expired(future + Duration::from_secs(1)), 2);
        assert!(store.is_empty());
    }

    #[test]
    fn one_digest_one_record() {
        let store = MemoryKeyStore::new();
        store.insert(KeyRecord::new("a", "k"), [("key", "same")]);
        store.insert(KeyRecord::new("b", "k"), [("key", "same")]);
        assert_eq!(store.len(), 1);
        assert_eq!(
            store
                .find(&KeyDigest::of("k", [("key", "same")]))
                .map(|r| r.id)
                .as_deref(),
            Some("b")
        );
        store.replace_secret("b", [("key", "other")]);
        assert!(store.find(&KeyDigest::of("k", [("key", "same")])).is_none());
        assert_eq!(store.len(), 1);
    }
}
