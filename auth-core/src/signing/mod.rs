//! Credentials that sign instead of being sent: self-signed JWTs ([`jwt`]), HMAC request
//! signatures ([`hmac`]) and HTTP Digest ([`digest`]).
//!
//! A signing credential's key is read once, when a client or authenticator is built (a
//! key that does not parse is refused there), and kept in buffers zeroed on drop: the
//! RustCrypto keys behind `jsonwebtoken` zero themselves, and the HMAC and Digest secrets
//! are [`Secret`](crate::Secret)s. No error, `Debug` output or log line names a key's
//! value. Every signer reads the time from a [`SigningClock`], which tests set by hand.

pub mod digest;
pub mod hmac;
pub mod jwt;
mod request;

use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

pub use request::RequestInfo;

/// Where signers read the wall-clock time (`iat`, timestamps, nonces).
#[derive(Clone)]
pub struct SigningClock(Arc<dyn Fn() -> SystemTime + Send + Sync>);

impl SigningClock {
    /// The system clock (the default).
    pub fn system() -> Self {
        Self(Arc::new(SystemTime::now))
    }

    /// A clock that reads `now` (a test's manual clock).
    pub fn from_fn(now: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        Self(Arc::new(now))
    }

    /// The time now.
    pub fn now(&self) -> SystemTime {
        (self.0)()
    }
}

impl Default for SigningClock {
    fn default() -> Self {
        Self::system()
    }
}

impl std::fmt::Debug for SigningClock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningClock")
    }
}

#[cfg(feature = "reqwest")]
impl From<crate::client::tokens::Clock> for SigningClock {
    fn from(clock: crate::client::tokens::Clock) -> Self {
        Self::from_fn(move || clock.wall())
    }
}

/// Seconds since the Unix epoch (0 before it).
pub(crate) fn unix_seconds(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Milliseconds since the Unix epoch (0 before it).
pub(crate) fn unix_millis(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

/// 16 random bytes as 32 lowercase hex digits (a JWT `nonce` header, a random nonce).
pub(crate) fn random_hex() -> String {
    let mut bytes = [0u8; 16];
    // The OS generator: a nonce must not be predictable.
    if getrandom::fill(&mut bytes).is_err() {
        bytes = fastrand::u128(..).to_le_bytes();
    }
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// Why a request could not be signed, or a signing key could not be read. Names the
/// credential, never its value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// The key part is not a private key of the kind the algorithm needs.
    #[error("`{credential}`: the key is not {expected}")]
    BadKey {
        /// The credential.
        credential: String,
        /// What it should be (`an RSA private key in PEM (PKCS#8 or PKCS#1)`).
        expected: &'static str,
    },
    /// A secret is not in the encoding the spec states.
    #[error("`{credential}`: the secret is not valid {encoding}")]
    BadSecret {
        /// The credential.
        credential: String,
        /// The encoding it should be in.
        encoding: &'static str,
    },
    /// A template names a value that is not held (a part, a context parameter).
    #[error("`{credential}`: `{name}` has no value")]
    Missing {
        /// The credential.
        credential: String,
        /// The name.
        name: String,
    },
    /// The request body is a stream, so it cannot be signed.
    #[error("`{credential}`: the request body is a stream and cannot be signed")]
    StreamingBody {
        /// The credential.
        credential: String,
    },
    /// The signer failed (an internal error of the signing library).
    #[error("`{credential}`: signing failed")]
    Failed {
        /// The credential.
        credential: String,
    },
}

/// Decode a secret written in `encoding`, into a buffer zeroed on drop.
pub(crate) fn decode_secret(
    value: &str,
    encoding: auth_spec::model::KeyEncoding,
    credential: &str,
) -> Result<zeroize::Zeroizing<Vec<u8>>, SignError> {
    use auth_spec::model::KeyEncoding;
    use base64::Engine as _;
    let bad = |encoding| SignError::BadSecret {
        credential: credential.to_owned(),
        encoding,
    };
    Ok(zeroize::Zeroizing::new(match encoding {
        KeyEncoding::Raw => value.as_bytes().to_vec(),
        KeyEncoding::Base64 => base64::engine::general_purpose::STANDARD
            .decode(value.trim())
            .map_err(|_| bad("base64"))?,
        KeyEncoding::Hex => {
            let v = value.trim();
            if !v.len().is_multiple_of(2) {
                return Err(bad("hex"));
            }
            (0..v.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(v.get(i..i + 2).unwrap_or("x"), 16))
                .collect::<Result<Vec<u8>, _>>()
                .map_err(|_| bad("hex"))?
        }
    }))
}

/// How one held credential signs: built once from its parts when a client or
/// authenticator is built, shared by every request (and clone) after.
#[derive(Debug)]
pub(crate) enum Signer {
    Jwt(jwt::JwtSigner),
    Hmac(hmac::HmacSigner),
    Digest(digest::DigestClient),
}

impl Signer {
    /// The signer `credential` needs in placement `placement`, from the key part held;
    /// `None` when it signs nothing or its key is not held.
    pub(crate) fn build(
        cred: &auth_spec::model::Credential,
        placement: &auth_spec::model::Placement,
        key: impl Fn(auth_spec::model::PartId) -> Option<crate::Secret>,
    ) -> Result<Option<Self>, SignError> {
        use auth_spec::model::Placement;
        if let Some(j) = &cred.jwt {
            return match key(j.key) {
                Some(k) => jwt::JwtSigner::new(&cred.name, j, &k).map(|s| Some(Self::Jwt(s))),
                None => Ok(None),
            };
        }
        match placement {
            Placement::Hmac(h) => match key(h.key) {
                Some(k) => hmac::HmacSigner::new(&cred.name, h, &k).map(|s| Some(Self::Hmac(s))),
                None => Ok(None),
            },
            Placement::Digest(_) => Ok(Some(Self::Digest(digest::DigestClient::default()))),
            _ => Ok(None),
        }
    }
}
