//! Verifying signing credentials: a JWT's signature, times and request-bound claims; an
//! HMAC signature recomputed over the request, with its timestamp's freshness and its
//! nonce's novelty; a Digest answer to a nonce this verifier issued, with its nonce count.
//!
//! # Bounded memory
//!
//! Replay protection remembers what it has seen (random nonces, per-request JWTs, Digest
//! nonce counts) in a [`Seen`] set of at most [`SEEN_CAPACITY`] entries. Entries older than
//! their window are dropped first; if the set is still full, the oldest eighth is
//! forgotten and everything issued at or before the newest forgotten time is refused from
//! then on. Memory stays bounded, and what is forgotten can never be replayed; the cost
//! falls on clients whose requests are older than the watermark, not on safety. An
//! increasing nonce costs one number per key.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Duration;

use auth_spec::Spec;
use auth_spec::model::{
    Claim, Credential, Placement, PlacementKind, SignatureTarget, SigningValue, ValueLocation,
};
use http::{HeaderMap, Method, Uri};
use sha2::Digest as _;

use super::extract::{Offered, Proof, RequestView};
use super::keystore::{KeyRecord, KeyStore};
use super::reject::Problem;
use crate::signing::digest::DigestNonces;
use crate::signing::{RequestInfo, SigningClock, hmac, jwt, unix_seconds};

/// Most entries a verifier's replay set holds.
pub const SEEN_CAPACITY: usize = 65_536;

/// How long a Digest nonce this verifier issued is answered before it is stale.
pub const DIGEST_NONCE_SECONDS: u64 = 300;

/// Leeway for JWT times (clocks disagree a little).
const JWT_LEEWAY: Duration = Duration::from_secs(30);

/// A bounded set of what was seen, each with the time it was issued (see the module docs).
#[derive(Debug)]
pub(crate) struct Seen {
    cap: usize,
    map: HashMap<[u8; 32], (u64, u64)>,
    floor: u64,
}

impl Seen {
    pub(crate) fn new(cap: usize) -> Self {
        Self {
            cap: cap.max(8),
            map: HashMap::new(),
            floor: 0,
        }
    }

    /// Record `key` issued at `time`: `false` when seen before (or possibly forgotten).
    /// With `count`, a key seen before passes when `count` is larger than its last one
    /// (Digest nonce counts).
    pub(crate) fn record(
        &mut self,
        key: &[u8],
        time: u64,
        count: Option<u64>,
        now: u64,
        window: u64,
    ) -> bool {
        if time <= self.floor {
            return false;
        }
        let key: [u8; 32] = sha2::Sha256::digest(key).into();
        if let Some((_, last)) = self.map.get_mut(&key) {
            return match count {
                Some(n) if n > *last => {
                    *last = n;
                    true
                }
                _ => false,
            };
        }
        if self.map.len() >= self.cap {
            self.map.retain(|_, (t, _)| t.saturating_add(window) > now);
        }
        if self.map.len() >= self.cap {
            let mut times: Vec<u64> = self.map.values().map(|(t, _)| *t).collect();
            let k = self.cap / 8;
            let (_, cut, _) = times.select_nth_unstable(k);
            let cut = *cut;
            self.map.retain(|_, (t, _)| *t > cut);
            self.floor = self.floor.max(cut);
            if time <= self.floor {
                return false;
            }
        }
        self.map.insert(key, (time, count.unwrap_or(0)));
        true
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }
}

/// A verifier's state for signing credentials.
pub(crate) struct SignedState {
    pub(crate) clock: SigningClock,
    pub(crate) nonces: DigestNonces,
    seen: Mutex<Seen>,
    /// The last increasing nonce accepted, per key.
    last_nonce: Mutex<HashMap<String, u64>>,
}

impl Default for SignedState {
    fn default() -> Self {
        Self {
            clock: SigningClock::system(),
            nonces: DigestNonces::default(),
            seen: Mutex::new(Seen::new(SEEN_CAPACITY)),
            last_nonce: Mutex::new(HashMap::new()),
        }
    }
}

impl SignedState {
    pub(crate) fn with_clock(clock: SigningClock) -> Self {
        Self {
            clock,
            ..Self::default()
        }
    }

    fn record(&self, key: &[u8], time: u64, count: Option<u64>, window: u64) -> bool {
        let now = unix_seconds(self.clock.now());
        self.seen
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .record(key, time, count, now, window)
    }
}

/// The parts of an incoming request a signature covers.
pub(crate) struct Incoming<'a> {
    pub(crate) method: &'a Method,
    pub(crate) uri: &'a Uri,
    pub(crate) headers: &'a HeaderMap,
    pub(crate) body: &'a [u8],
    pub(crate) view: &'a RequestView<'a>,
    pub(crate) context: &'a std::collections::BTreeMap<String, String>,
}

/// Check a signing credential's proof; its key's record when it holds.
pub(crate) fn verify(
    spec: &Spec,
    store: &dyn KeyStore,
    state: &SignedState,
    offered: &Offered<'_>,
    req: &Incoming<'_>,
) -> Result<KeyRecord, Problem> {
    let cred = &spec.credentials[offered.id];
    let now = state.clock.now();
    match offered.proof.as_deref().ok_or(Problem::Missing)? {
        Proof::Jwt(token) => {
            let j = cred.jwt.as_deref().ok_or(Problem::Unknown)?;
            let token = token.expose();
            let peeked = jwt::peek(token).map_err(|_| Problem::BadSignature)?;
            let (field, _) = j.identity().ok_or(Problem::Unknown)?;
            let identity = if field == "kid" {
                peeked.header.get("kid")
            } else {
                peeked.claims.get(field)
            }
            .and_then(|v| v.as_str())
            .ok_or(Problem::Unknown)?;
            let (record, key) = store
                .signing_key(&cred.name, identity)
                .ok_or(Problem::Unknown)?;
            let key = jwt::verifying_key(&cred.name, j.algorithm, j.key_encoding, key.expose())
                .map_err(|_| Problem::Unknown)?;
            let decoded = jwt::verify(token, j, &key, now, JWT_LEEWAY).map_err(|e| match e {
                jwt::JwtRejection::Expired => Problem::Expired,
                jwt::JwtRejection::NotYetValid | jwt::JwtRejection::TooLong => Problem::Stale,
                _ => Problem::BadSignature,
            })?;
            check_claims(
                j,
                &decoded,
                &RequestInfo::of_incoming(req.method, req.uri, req.headers),
            )?;
            if j.mode == auth_spec::model::JwtMode::PerRequest {
                let iat = decoded
                    .claims
                    .get("iat")
                    .or(decoded.claims.get("nbf"))
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or_else(|| unix_seconds(now));
                if !state.record(
                    token.as_bytes(),
                    iat,
                    None,
                    j.lifetime_seconds + JWT_LEEWAY.as_secs(),
                ) {
                    return Err(Problem::Replayed);
                }
            }
            Ok(record)
        }
        Proof::Signature {
            signature,
            identity,
        } => {
            let Placement::Hmac(h) =
                placement(cred, PlacementKind::Hmac).ok_or(Problem::Unknown)?
            else {
                return Err(Problem::Unknown);
            };
            let (record, secret) = store
                .signing_key(&cred.name, identity)
                .ok_or(Problem::Unknown)?;
            let key = crate::signing::decode_secret(secret.expose(), h.key_encoding, &cred.name)
                .map_err(|_| Problem::Unknown)?;
            let nonce = h
                .nonce
                .as_ref()
                .map(|n| read_value(req.view, n))
                .transpose()?;
            let timestamp = h
                .timestamp
                .as_ref()
                .map(|t| read_value(req.view, t))
                .transpose()?;
            let now_s = unix_seconds(now);
            let issued = match (&h.timestamp, &timestamp) {
                (Some(t), Some(v)) => {
                    let at = hmac::timestamp_seconds(t.kind, v).ok_or(Problem::BadSignature)?;
                    if at.abs_diff(now_s) > h.max_skew_seconds {
                        return Err(Problem::Stale);
                    }
                    at
                }
                _ => now_s,
            };
            let mut info = RequestInfo::of_incoming(req.method, req.uri, req.headers);
            if let SignatureTarget::Query(name) = &h.signature {
                info.query = form_urlencoded::parse(info.query.as_bytes())
                    .filter(|(k, _)| k != name.as_str())
                    .fold(
                        form_urlencoded::Serializer::new(String::new()),
                        |mut s, (k, v)| {
                            s.append_pair(&k, &v);
                            s
                        },
                    )
                    .finish();
            }
            let lookup = |name: &str| {
                offered
                    .part(name)
                    .or_else(|| req.context.get(name).map(String::as_str))
            };
            let message = hmac::message(
                h,
                &cred.name,
                &info,
                req.body,
                nonce.as_deref(),
                timestamp.as_deref(),
                &lookup,
            )
            .map_err(|_| Problem::BadSignature)?;
            if !hmac::matches(h, &key, &message, signature) {
                return Err(Problem::BadSignature);
            }
            if let (Some(n), Some(value)) = (&h.nonce, &nonce) {
                match n.kind {
                    auth_spec::model::NonceKind::IncreasingMillis => {
                        let v: u64 = value.trim().parse().map_err(|_| Problem::BadSignature)?;
                        let mut last = state.last_nonce.lock().unwrap_or_else(|e| e.into_inner());
                        let slot = last.entry(record.id.clone()).or_insert(0);
                        if v <= *slot {
                            return Err(Problem::Replayed);
                        }
                        *slot = v;
                    }
                    auth_spec::model::NonceKind::Random => {
                        let key = format!("{}\u{0}{value}", record.id);
                        if !state.record(key.as_bytes(), issued, None, h.max_skew_seconds * 2) {
                            return Err(Problem::Replayed);
                        }
                    }
                }
            }
            Ok(record)
        }
        Proof::Digest(answer) => {
            let Placement::Digest(d) =
                placement(cred, PlacementKind::Digest).ok_or(Problem::Unknown)?
            else {
                return Err(Problem::Unknown);
            };
            let issued = state
                .nonces
                .issued_at(&answer.nonce)
                .ok_or(Problem::Stale)?;
            let now_s = unix_seconds(now);
            if issued.saturating_add(DIGEST_NONCE_SECONDS) <= now_s || issued > now_s + 5 {
                return Err(Problem::Stale);
            }
            let realm = d.realm.as_deref().unwrap_or(&spec.name);
            let target = req
                .uri
                .path_and_query()
                .map_or_else(|| req.uri.path().to_owned(), |p| p.as_str().to_owned());
            if answer.realm != realm
                || answer.uri != target
                || !d.algorithms.contains(&answer.algorithm)
            {
                return Err(Problem::BadSignature);
            }
            let (record, password) = store
                .signing_key(&cred.name, &answer.username)
                .ok_or(Problem::Unknown)?;
            if !answer.matches(password.expose(), req.method.as_str()) {
                return Err(Problem::BadSignature);
            }
            if !state.record(
                answer.nonce.as_bytes(),
                issued,
                Some(answer.count()),
                DIGEST_NONCE_SECONDS,
            ) {
                return Err(Problem::Replayed);
            }
            Ok(record)
        }
    }
}

fn placement(cred: &Credential, kind: PlacementKind) -> Option<&Placement> {
    cred.placements.iter().find(|p| p.kind() == kind)
}

/// A nonce or timestamp, read from where the spec says it travels.
fn read_value<K>(view: &RequestView<'_>, at: &SigningValue<K>) -> Result<String, Problem> {
    let kind = match at.location {
        ValueLocation::Header => PlacementKind::Header,
        ValueLocation::Query => PlacementKind::Query,
        ValueLocation::Form => PlacementKind::Form,
        ValueLocation::Json => PlacementKind::Json,
        // Only signed, never sent: nothing to check it against.
        ValueLocation::None => return Err(Problem::BadSignature),
    };
    view.one(kind, &at.name).ok_or(Problem::Malformed(
        "a signed request's nonce or timestamp is missing or repeated",
    ))
}

/// Claims that are fixed text must be exactly that; claims made of the request
/// (`{method} {host}{path}`) must name this request.
fn check_claims(
    j: &auth_spec::model::Jwt,
    decoded: &jwt::Decoded,
    request: &RequestInfo,
) -> Result<(), Problem> {
    for (name, claim) in &j.claims {
        let Claim::One(t) = claim else { continue };
        let vars = t.vars();
        let checkable = vars
            .iter()
            .all(|v| matches!(*v, "method" | "host" | "path"));
        if !checkable {
            continue;
        }
        let expected = t
            .render(|v| match v {
                "method" => Some(request.method.as_str()),
                "host" => Some(request.host.as_str()),
                "path" => Some(request.path.as_str()),
                _ => None,
            })
            .map_err(|_| Problem::BadSignature)?;
        let got = decoded.claims.get(name).and_then(serde_json::Value::as_str);
        if got != Some(expected.as_str()) {
            return Err(Problem::BadSignature);
        }
    }
    Ok(())
}

/// The identity a signing credential's requests name, and the key a verifier checks them
/// with, from the credential's part values (`parts`) and the context values it is bound to:
/// what a key store keeps for it (see [`KeyStore::signing_key`]). `None` for a credential
/// that does not sign.
pub fn signing_identity(
    spec: &Spec,
    credential: auth_spec::model::CredentialId,
    parts: &[(String, String)],
    context: &std::collections::BTreeMap<String, String>,
) -> Result<Option<(String, crate::Secret)>, crate::signing::SignError> {
    let cred = &spec.credentials[credential];
    let part = |id: auth_spec::model::PartId| {
        let name = &cred.parts[id].name;
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .ok_or_else(|| crate::signing::SignError::Missing {
                credential: cred.name.clone(),
                name: name.clone(),
            })
    };
    let missing = |name: &str| crate::signing::SignError::Missing {
        credential: cred.name.clone(),
        name: name.to_owned(),
    };
    let lookup = |name: &str| -> Option<&str> {
        parts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .or_else(|| context.get(name).map(String::as_str))
            .or_else(|| spec.parameters.get(name).and_then(|p| p.default.as_deref()))
    };
    if let Some(j) = &cred.jwt {
        let key = part(j.key)?;
        let (_, public) = jwt::read_key(&cred.name, j.algorithm, j.key_encoding, key)?;
        let sha = public.map(|p| p.sha256);
        let (_, template) = j.identity().ok_or_else(|| missing("kid"))?;
        let identity = template
            .render(|n| match n {
                "public_key_sha256" => sha.as_deref(),
                other => lookup(other),
            })
            .map_err(missing)?;
        return Ok(Some((identity, crate::Secret::new(key))));
    }
    for p in &cred.placements {
        match p {
            Placement::Hmac(h) => {
                let (_, template) = h.identity().ok_or_else(|| missing("identity"))?;
                let identity = template.render(lookup).map_err(missing)?;
                return Ok(Some((identity, crate::Secret::new(part(h.key)?))));
            }
            Placement::Digest(d) => {
                return Ok(Some((
                    part(d.username)?.to_owned(),
                    crate::Secret::new(part(d.password)?),
                )));
            }
            _ => {}
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seen_set_stays_bounded_and_never_accepts_what_it_forgot() {
        let mut seen = Seen::new(64);
        for i in 0..10_000u64 {
            assert!(seen.record(&i.to_be_bytes(), 1_000 + i, None, 1_000 + i, 1_000_000));
            assert!(seen.len() <= 64);
        }
        // The first entries were forgotten: they are refused, not accepted again.
        assert!(!seen.record(&0u64.to_be_bytes(), 1_000, None, 11_000, 1_000_000));
        // The newest is remembered.
        assert!(!seen.record(&9_999u64.to_be_bytes(), 10_999, None, 11_000, 1_000_000));
        // A count must grow.
        assert!(seen.record(b"n", 20_000, Some(1), 20_000, 10));
        assert!(!seen.record(b"n", 20_000, Some(1), 20_000, 10));
        assert!(seen.record(b"n", 20_000, Some(2), 20_000, 10));
    }
}
