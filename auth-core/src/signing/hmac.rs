//! HMAC request signatures over a canonical string the spec describes (the `hmac`
//! placement): the message template rendered over the request, keyed with a decoded
//! secret, written as hex or base64. The client signs with [`HmacSigner`]; a verifier
//! recomputes the same [`message`] and compares with [`matches()`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use auth_spec::model::{HmacAlgorithm, HmacSigning, NonceKind, OutputEncoding, TimestampFormat};
use base64::Engine as _;
use hmac::{KeyInit as _, Mac as _};
use zeroize::Zeroizing;

use super::{RequestInfo, SignError, decode_secret, random_hex, unix_millis, unix_seconds};
use crate::Secret;

/// One credential's HMAC key (decoded, zeroed on drop) and its last nonce.
pub struct HmacSigner {
    credential: String,
    key: Zeroizing<Vec<u8>>,
    last_nonce: AtomicU64,
}

impl std::fmt::Debug for HmacSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HmacSigner")
            .field("credential", &self.credential)
            .finish_non_exhaustive()
    }
}

impl HmacSigner {
    /// A signer for `credential` whose key part holds `secret`, written as the spec says.
    pub fn new(credential: &str, spec: &HmacSigning, secret: &Secret) -> Result<Self, SignError> {
        let key = decode_secret(secret.expose(), spec.key_encoding, credential)?;
        Ok(Self {
            credential: credential.to_owned(),
            key,
            last_nonce: AtomicU64::new(0),
        })
    }

    /// The next nonce: for `increasing_millis`, the time in milliseconds or one more than
    /// the last nonce, whichever is larger, so concurrent requests never repeat one and a
    /// clock that steps back never makes one go down.
    pub fn nonce(&self, kind: NonceKind, now: SystemTime) -> String {
        match kind {
            NonceKind::Random => random_hex(),
            NonceKind::IncreasingMillis => {
                let now = unix_millis(now);
                let mut last = self.last_nonce.load(Ordering::Acquire);
                loop {
                    let next = now.max(last.saturating_add(1));
                    match self.last_nonce.compare_exchange_weak(
                        last,
                        next,
                        Ordering::AcqRel,
                        Ordering::Acquire,
                    ) {
                        Ok(_) => return next.to_string(),
                        Err(seen) => last = seen,
                    }
                }
            }
        }
    }

    /// The signature of `message`, encoded as the spec says.
    pub fn sign(&self, spec: &HmacSigning, message: &[u8]) -> String {
        encode(spec.encoding, &mac(spec.algorithm, &self.key, message))
    }

    /// The credential's name.
    pub fn credential(&self) -> &str {
        &self.credential
    }
}

/// A timestamp written as the spec says.
pub fn timestamp(format: TimestampFormat, now: SystemTime) -> String {
    match format {
        TimestampFormat::UnixSeconds => unix_seconds(now).to_string(),
        TimestampFormat::UnixMillis => unix_millis(now).to_string(),
    }
}

/// A timestamp read back, as seconds since the epoch.
pub fn timestamp_seconds(format: TimestampFormat, text: &str) -> Option<u64> {
    let n: u64 = text.trim().parse().ok()?;
    Some(match format {
        TimestampFormat::UnixSeconds => n,
        TimestampFormat::UnixMillis => n / 1000,
    })
}

fn mac(algorithm: HmacAlgorithm, key: &[u8], message: &[u8]) -> Zeroizing<Vec<u8>> {
    // HMAC takes keys of any length (RFC 2104), so `new_from_slice` cannot fail.
    Zeroizing::new(match algorithm {
        HmacAlgorithm::Sha256 => hmac::Hmac::<sha2::Sha256>::new_from_slice(key)
            .map(|m| m.chain_update(message).finalize().into_bytes().to_vec())
            .unwrap_or_default(),
        HmacAlgorithm::Sha512 => hmac::Hmac::<sha2::Sha512>::new_from_slice(key)
            .map(|m| m.chain_update(message).finalize().into_bytes().to_vec())
            .unwrap_or_default(),
    })
}

fn encode(encoding: OutputEncoding, bytes: &[u8]) -> String {
    match encoding {
        OutputEncoding::Hex => bytes.iter().map(|b| format!("{b:02x}")).collect(),
        OutputEncoding::Base64 => base64::engine::general_purpose::STANDARD.encode(bytes),
        OutputEncoding::Base64url => base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes),
    }
}

/// The message signed: the spec's template rendered over the request, the nonce and
/// timestamp, and the credential's other parts (`lookup`).
pub fn message<'v>(
    spec: &HmacSigning,
    credential: &str,
    request: &RequestInfo,
    body: &'v [u8],
    nonce: Option<&'v str>,
    timestamp: Option<&'v str>,
    lookup: &dyn Fn(&str) -> Option<&'v str>,
) -> Result<Zeroizing<Vec<u8>>, SignError> {
    let query = request.sorted_query();
    let mut out = Zeroizing::new(Vec::with_capacity(128 + body.len()));
    let mut value = |name: &str| -> Option<&[u8]> {
        Some(match name {
            "method" => request.method.as_bytes(),
            "host" => request.host.as_bytes(),
            "path" => request.path.as_bytes(),
            "query" => query.as_bytes(),
            "body" => body,
            "nonce" => nonce?.as_bytes(),
            "timestamp" => timestamp?.as_bytes(),
            other => lookup(other)?.as_bytes(),
        })
    };
    spec.message
        .render_bytes(&mut out, &mut value)
        .map_err(|name| SignError::Missing {
            credential: credential.to_owned(),
            name: name.to_owned(),
        })?;
    Ok(out)
}

/// Whether `presented` is the signature of `message` under `secret` (constant time).
pub fn matches(spec: &HmacSigning, secret: &[u8], message: &[u8], presented: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    let expected = encode(spec.encoding, &mac(spec.algorithm, secret, message));
    expected
        .as_bytes()
        .ct_eq(presented.trim().as_bytes())
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn increasing_nonces_never_repeat_or_go_down() {
        let s = HmacSigner {
            credential: "k".into(),
            key: Zeroizing::new(vec![1]),
            last_nonce: AtomicU64::new(0),
        };
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(5_000);
        let a: u64 = s.nonce(NonceKind::IncreasingMillis, t).parse().unwrap_or(0);
        let b: u64 = s.nonce(NonceKind::IncreasingMillis, t).parse().unwrap_or(0);
        let earlier = SystemTime::UNIX_EPOCH + std::time::Duration::from_millis(1_000);
        let c: u64 = s
            .nonce(NonceKind::IncreasingMillis, earlier)
            .parse()
            .unwrap_or(0);
        assert_eq!((a, b, c), (5_000, 5_001, 5_002));
    }
}
