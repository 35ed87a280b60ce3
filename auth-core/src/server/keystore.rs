//! Where verified keys live: the [`KeyStore`] trait and an in-memory store that keeps only
//! a SHA-256 digest of each secret.
//!
//! A store never holds a key in plain text, so a dump of it (or a `Debug` print) does not
//! leak credentials. Lookups compare digests with [`subtle`] and visit every entry, so the
//! time a lookup takes does not depend on how many leading bytes of a guess were right.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::RwLock;
use std::time::SystemTime;

use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

/// The SHA-256 digest of a credential: its name and each `(part, value)`, length-prefixed.
///
/// Length prefixes keep `("ab", "c")` and `("a", "bc")` apart; parts are hashed in name
/// order so the digest does not depend on the order they were read in.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct KeyDigest([u8; 32]);

impl KeyDigest {
    /// The digest of credential `credential` with the given part values.
    pub fn of<'a>(credential: &str, parts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut parts: Vec<(&str, &str)> = parts.into_iter().collect();
        parts.sort_by(|a, b| a.0.cmp(b.0));
        let mut h = Sha256::new();
        let mut field = |bytes: &[u8]| {
            h.update((bytes.len() as u64).to_be_bytes());
            h.update(bytes);
        };
        field(credential.as_bytes());
        for (name, value) in parts {
            field(name.as_bytes());
            field(value.as_bytes());
        }
        let mut out = [0u8; 32];
        out.copy_from_slice(&h.finalize());
        KeyDigest(out)
    }

    /// Constant-time equality.
    pub fn ct_eq(&self, other: &KeyDigest) -> bool {
        self.0.ct_eq(&other.0).into()
    }

    /// The raw digest bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
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
    /// Context parameter values this key is bound to (Weevio `team_id` → its tenant); a
    /// request that carries another value is refused.
    pub context: BTreeMap<String, String>,
    /// When the key was created.
    pub created_at: SystemTime,
    /// When it last authenticated a request.
    pub last_used: Option<SystemTime>,
    /// When it stops being valid; `None` for keys that do not expire.
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

/// Looks keys up by digest. Implement it over a database to verify against real keys.
pub trait KeyStore: Send + Sync {
    /// The record whose digest equals `digest`, if any. Implementations should compare in
    /// constant time (see [`KeyDigest::ct_eq`]).
    fn find(&self, digest: &KeyDigest) -> Option<KeyRecord>;

    /// Called after a key authenticated a request (to keep `last_used`, meter calls…).
    fn used(&self, _id: &str) {}

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

/// An in-memory [`KeyStore`] holding digests only.
///
/// Lookups scan every entry with a constant-time compare: linear, which is right for a
/// sandbox or a handful of service keys, not for millions of keys.
#[derive(Default)]
pub struct MemoryKeyStore {
    entries: RwLock<Vec<(KeyDigest, KeyRecord)>>,
    /// Signing keys: `(credential, identity, record id, key)`.
    signing: RwLock<Vec<(String, String, String, crate::Secret)>>,
}

impl fmt::Debug for MemoryKeyStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MemoryKeyStore")
            .field("keys", &self.list().len())
            .finish()
    }
}

impl MemoryKeyStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, Vec<(KeyDigest, KeyRecord)>> {
        // A panic while holding the lock cannot leave the Vec half-written in a way that
        // matters here, so a poisoned lock is still usable.
        self.entries.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Vec<(KeyDigest, KeyRecord)>> {
        self.entries.write().unwrap_or_else(|e| e.into_inner())
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

    /// Add a key by its digest.
    pub fn insert_digest(&self, record: KeyRecord, digest: KeyDigest) {
        let mut entries = self.write();
        entries.retain(|(_, r)| r.id != record.id);
        entries.push((digest, record));
    }

    /// Add a signing key (see [`KeyStore::signing_key`]): `record` is kept like any key's
    /// (its digest is of the identity), and `key` is kept to check signatures with.
    pub fn insert_signing(&self, record: KeyRecord, identity: &str, key: crate::Secret) {
        let digest = KeyDigest::of(&record.credential, [("identity", identity)]);
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
        let mut entries = self.write();
        let at = entries.iter().position(|(_, r)| r.id == id)?;
        Some(entries.remove(at).1)
    }

    /// The record with this id.
    pub fn get(&self, id: &str) -> Option<KeyRecord> {
        self.read()
            .iter()
            .find(|(_, r)| r.id == id)
            .map(|(_, r)| r.clone())
    }

    /// Change a record in place; returns the updated record.
    pub fn update(&self, id: &str, change: impl FnOnce(&mut KeyRecord)) -> Option<KeyRecord> {
        let mut entries = self.write();
        let (_, r) = entries.iter_mut().find(|(_, r)| r.id == id)?;
        change(r);
        Some(r.clone())
    }

    /// Replace the secret of key `id` (rotation): the old value stops matching at once.
    pub fn replace_secret<'a>(
        &self,
        id: &str,
        parts: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Option<KeyRecord> {
        let mut entries = self.write();
        let (digest, r) = entries.iter_mut().find(|(_, r)| r.id == id)?;
        *digest = KeyDigest::of(&r.credential, parts);
        r.created_at = SystemTime::now();
        Some(r.clone())
    }

    /// Every record, in insertion order.
    pub fn list(&self) -> Vec<KeyRecord> {
        self.read().iter().map(|(_, r)| r.clone()).collect()
    }

    /// The stored digest of key `id` (for tests and audits: proof that no plain key is kept).
    pub fn digest_of(&self, id: &str) -> Option<KeyDigest> {
        self.read()
            .iter()
            .find(|(_, r)| r.id == id)
            .map(|(d, _)| *d)
    }
}

impl KeyStore for MemoryKeyStore {
    fn find(&self, digest: &KeyDigest) -> Option<KeyRecord> {
        let entries = self.read();
        let mut found = None;
        // No early exit: every entry is compared, each compare in constant time.
        for (d, r) in entries.iter() {
            if d.ct_eq(digest) {
                found = Some(r);
            }
        }
        found.cloned()
    }

    fn used(&self, id: &str) {
        self.update(id, |r| r.last_used = Some(SystemTime::now()));
    }

    fn signing_key(&self, credential: &str, identity: &str) -> Option<(KeyRecord, crate::Secret)> {
        let signing = self.signing.read().unwrap_or_else(|e| e.into_inner());
        let (.., id, key) = signing
            .iter()
            .find(|(c, i, ..)| c == credential && i == identity)?;
        Some((self.get(id)?, key.clone()))
    }
}

impl<T: KeyStore + ?Sized> KeyStore for std::sync::Arc<T> {
    fn find(&self, digest: &KeyDigest) -> Option<KeyRecord> {
        (**self).find(digest)
    }
    fn used(&self, id: &str) {
        (**self).used(id)
    }
    fn signing_key(&self, credential: &str, identity: &str) -> Option<(KeyRecord, crate::Secret)> {
        (**self).signing_key(credential, identity)
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
    }

    #[test]
    fn digest_binds_the_credential_name() {
        assert!(
            !KeyDigest::of("api_key", [("key", "k")]).ct_eq(&KeyDigest::of("jwt", [("key", "k")]))
        );
    }
}
