//! Self-signed JWTs: the header and claims a spec describes, signed with `jsonwebtoken`
//! (RustCrypto backend), cached until shortly before they expire or made fresh for every
//! request. Also what a verifier needs: the public key of a held private key, and checking
//! a JWT's signature and times against a clock it is given.

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use auth_spec::model::{Claim, Jwt, JwtAlgorithm, JwtMode, Template};
use base64::Engine as _;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey};
use p256::pkcs8::{DecodePrivateKey as _, EncodePrivateKey as _, EncodePublicKey as _};
use rsa::pkcs1::DecodeRsaPrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use sha2::Digest as _;
use zeroize::Zeroizing;

use super::{RequestInfo, SignError, decode_secret, random_hex, unix_seconds};
use crate::Secret;

const B64URL: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// Signs one credential's JWTs. Holds the parsed key (zeroed on drop) and, in `cached`
/// mode, the last JWT with the time it is renewed at.
pub struct JwtSigner {
    credential: String,
    algorithm: Algorithm,
    key: EncodingKey,
    public: Option<PublicKey>,
    cached: Mutex<Option<(Secret, SystemTime)>>,
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtSigner")
            .field("credential", &self.credential)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// A public key derived from a private key: what a verifier checks signatures with, and
/// its fingerprint.
#[derive(Clone)]
pub struct PublicKey {
    /// Base64 of the SHA-256 of its DER SubjectPublicKeyInfo (Snowflake's fingerprint,
    /// `openssl ... -pubout -outform DER | openssl dgst -sha256 -binary | base64`).
    pub sha256: String,
    decoding: DecodingKey,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey")
            .field("sha256", &self.sha256)
            .finish_non_exhaustive()
    }
}

fn algorithm(a: JwtAlgorithm) -> Algorithm {
    match a {
        JwtAlgorithm::HS256 => Algorithm::HS256,
        JwtAlgorithm::HS384 => Algorithm::HS384,
        JwtAlgorithm::HS512 => Algorithm::HS512,
        JwtAlgorithm::RS256 => Algorithm::RS256,
        JwtAlgorithm::RS384 => Algorithm::RS384,
        JwtAlgorithm::RS512 => Algorithm::RS512,
        JwtAlgorithm::PS256 => Algorithm::PS256,
        JwtAlgorithm::ES256 => Algorithm::ES256,
    }
}

/// A PEM as users paste it into an environment variable: real line breaks, or `\n`
/// written out (as Coinbase's docs warn).
fn pem_text(value: &str) -> Zeroizing<String> {
    let trimmed = value.trim();
    if !trimmed.contains('\n') && trimmed.contains("\\n") {
        Zeroizing::new(trimmed.replace("\\n", "\n"))
    } else {
        Zeroizing::new(trimmed.to_owned())
    }
}

/// Read a private key for `alg` from its PEM text (or, for `HS*`, the secret): the key to
/// sign with and, for RSA and EC, its public key.
pub fn read_key(
    credential: &str,
    alg: JwtAlgorithm,
    encoding: auth_spec::model::KeyEncoding,
    value: &str,
) -> Result<(EncodingKey, Option<PublicKey>), SignError> {
    let bad = |expected| SignError::BadKey {
        credential: credential.to_owned(),
        expected,
    };
    match alg {
        JwtAlgorithm::HS256 | JwtAlgorithm::HS384 | JwtAlgorithm::HS512 => {
            let secret = decode_secret(value, encoding, credential)?;
            if secret.is_empty() {
                return Err(bad("a non-empty secret"));
            }
            Ok((EncodingKey::from_secret(&secret), None))
        }
        JwtAlgorithm::RS256 | JwtAlgorithm::RS384 | JwtAlgorithm::RS512 | JwtAlgorithm::PS256 => {
            const WANT: &str =
                "an RSA private key in PEM (PKCS#8 `PRIVATE KEY` or PKCS#1 `RSA PRIVATE KEY`)";
            let pem = pem_text(value);
            // The PKCS#1 DER the signer wants is inside a PKCS#8 document as it is: taken
            // from there rather than re-encoded (`to_pkcs1_der` leaves copies of the
            // private numbers in freed memory). Documents zero themselves on drop, and so
            // does `RsaPrivateKey`.
            let (label, doc) = rsa::pkcs8::SecretDocument::from_pem(&pem).map_err(|_| bad(WANT))?;
            let pkcs1: &[u8] = match label {
                "PRIVATE KEY" => {
                    rsa::pkcs8::PrivateKeyInfo::try_from(doc.as_bytes())
                        .map_err(|_| bad(WANT))?
                        .private_key
                }
                "RSA PRIVATE KEY" => doc.as_bytes(),
                _ => return Err(bad(WANT)),
            };
            let key = rsa::RsaPrivateKey::from_pkcs1_der(pkcs1).map_err(|_| bad(WANT))?;
            let spki = key
                .to_public_key()
                .to_public_key_der()
                .map_err(|_| bad(WANT))?;
            let public = key.to_public_key();
            let decoding = DecodingKey::from_rsa_raw_components(
                &public.n().to_bytes_be(),
                &public.e().to_bytes_be(),
            );
            Ok((
                EncodingKey::from_rsa_der(pkcs1),
                Some(PublicKey {
                    sha256: fingerprint(spki.as_bytes()),
                    decoding,
                }),
            ))
        }
        JwtAlgorithm::ES256 => {
            const WANT: &str =
                "a P-256 EC private key in PEM (PKCS#8 `PRIVATE KEY` or SEC1 `EC PRIVATE KEY`)";
            let pem = pem_text(value);
            // Decoded into a document that zeroes itself (`from_sec1_pem` leaves a copy of
            // the scalar in freed memory); `SecretKey` zeroes itself on drop.
            let (label, doc) =
                p256::pkcs8::SecretDocument::from_pem(&pem).map_err(|_| bad(WANT))?;
            let key = match label {
                "PRIVATE KEY" => p256::SecretKey::from_pkcs8_der(doc.as_bytes()).ok(),
                "EC PRIVATE KEY" => p256::SecretKey::from_sec1_der(doc.as_bytes()).ok(),
                _ => None,
            }
            .ok_or_else(|| bad(WANT))?;
            let der = key.to_pkcs8_der().map_err(|_| bad(WANT))?;
            let public = key.public_key();
            let spki = public.to_public_key_der().map_err(|_| bad(WANT))?;
            let point = p256::EncodedPoint::from(public);
            Ok((
                EncodingKey::from_ec_der(der.as_bytes()),
                Some(PublicKey {
                    sha256: fingerprint(spki.as_bytes()),
                    decoding: DecodingKey::from_ec_der(point.as_bytes()),
                }),
            ))
        }
    }
}

fn fingerprint(spki_der: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(spki_der))
}

/// The key a verifier checks a JWT with: the public key of `value` (a private key in PEM),
/// or the shared secret for `HS*`.
pub fn verifying_key(
    credential: &str,
    alg: JwtAlgorithm,
    encoding: auth_spec::model::KeyEncoding,
    value: &str,
) -> Result<DecodingKey, SignError> {
    if alg.is_hmac() {
        let secret = decode_secret(value, encoding, credential)?;
        return Ok(DecodingKey::from_secret(&secret));
    }
    let (_, public) = read_key(credential, alg, encoding, value)?;
    public.map(|p| p.decoding).ok_or(SignError::BadKey {
        credential: credential.to_owned(),
        expected: "a private key",
    })
}

impl JwtSigner {
    /// A signer for `credential`, whose key part holds `key`.
    pub fn new(credential: &str, jwt: &Jwt, key: &Secret) -> Result<Self, SignError> {
        let (encoding, public) =
            read_key(credential, jwt.algorithm, jwt.key_encoding, key.expose())?;
        Ok(Self {
            credential: credential.to_owned(),
            algorithm: algorithm(jwt.algorithm),
            key: encoding,
            public,
            cached: Mutex::new(None),
        })
    }

    /// The fingerprint of the public key (`{public_key_sha256}`), for RSA and EC keys.
    pub fn public_key_sha256(&self) -> Option<&str> {
        self.public.as_ref().map(|p| p.sha256.as_str())
    }

    /// The JWT to send at `now`: in `cached` mode the one signed before while it is not
    /// within `renew_before_seconds` of expiring, else a new one; in `per_request` mode a
    /// new one naming `request`. `lookup` gives the credential's parts and the context
    /// parameters by name.
    pub fn token<'v>(
        &self,
        jwt: &Jwt,
        lookup: &dyn Fn(&str) -> Option<&'v str>,
        request: Option<&RequestInfo>,
        now: SystemTime,
    ) -> Result<Secret, SignError> {
        if jwt.mode == JwtMode::Cached {
            let cached = self.cached.lock().unwrap_or_else(|e| e.into_inner());
            if let Some((token, renew_at)) = &*cached
                && now < *renew_at
            {
                return Ok(token.clone());
            }
        }
        let token = self.sign(jwt, lookup, request, now)?;
        if jwt.mode == JwtMode::Cached {
            let renew_at = now
                + Duration::from_secs(
                    jwt.lifetime_seconds
                        .saturating_sub(jwt.renew_before_seconds),
                );
            *self.cached.lock().unwrap_or_else(|e| e.into_inner()) =
                Some((token.clone(), renew_at));
        }
        Ok(token)
    }

    /// Sign a new JWT (see [`JwtSigner::token`]).
    pub fn sign<'v>(
        &self,
        jwt: &Jwt,
        lookup: &dyn Fn(&str) -> Option<&'v str>,
        request: Option<&RequestInfo>,
        now: SystemTime,
    ) -> Result<Secret, SignError> {
        let random = random_hex();
        let value = |name: &str| -> Option<&str> {
            match name {
                "random_hex" => Some(random.as_str()),
                "public_key_sha256" => self.public_key_sha256(),
                "method" => request.map(|r| r.method.as_str()),
                "host" => request.map(|r| r.host.as_str()),
                "path" => request.map(|r| r.path.as_str()),
                other => lookup(other),
            }
        };
        let render = |t: &Template| {
            t.render(value).map_err(|name| SignError::Missing {
                credential: self.credential.clone(),
                name: name.to_owned(),
            })
        };
        let mut header = serde_json::Map::new();
        header.insert("alg".into(), jwt.algorithm.as_str().into());
        header.insert("typ".into(), "JWT".into());
        for (name, t) in &jwt.header {
            header.insert(name.clone(), render(t)?.into());
        }
        let mut claims = serde_json::Map::new();
        for (name, c) in &jwt.claims {
            let v = match c {
                Claim::One(t) => serde_json::Value::String(render(t)?),
                Claim::Many(ts) => serde_json::Value::Array(
                    ts.iter()
                        .map(|t| render(t).map(serde_json::Value::String))
                        .collect::<Result<_, _>>()?,
                ),
            };
            claims.insert(name.clone(), v);
        }
        let iat = unix_seconds(now);
        if jwt.issued_at {
            claims.insert("iat".into(), iat.into());
        }
        if jwt.not_before {
            claims.insert("nbf".into(), iat.into());
        }
        claims.insert(
            "exp".into(),
            iat.saturating_add(jwt.lifetime_seconds).into(),
        );
        let failed = || SignError::Failed {
            credential: self.credential.clone(),
        };
        let mut message = B64URL.encode(serde_json::to_vec(&header).map_err(|_| failed())?);
        message.push('.');
        message.push_str(&B64URL.encode(serde_json::to_vec(&claims).map_err(|_| failed())?));
        let signature = jsonwebtoken::crypto::sign(message.as_bytes(), &self.key, self.algorithm)
            .map_err(|_| failed())?;
        message.push('.');
        message.push_str(&signature);
        Ok(Secret::new(message))
    }
}

/// A JWT whose signature checked out: its header and claims.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The header fields.
    pub header: serde_json::Map<String, serde_json::Value>,
    /// The claims.
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// Why a presented JWT is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum JwtRejection {
    /// Not three base64url parts of JSON.
    #[error("the JWT is malformed")]
    Malformed,
    /// The header names another algorithm than the spec's.
    #[error("the JWT is signed with another algorithm")]
    Algorithm,
    /// The signature does not verify.
    #[error("the JWT's signature does not verify")]
    Signature,
    /// `exp` is missing or past.
    #[error("the JWT has expired")]
    Expired,
    /// `nbf` or `iat` is in the future beyond the leeway.
    #[error("the JWT is not valid yet")]
    NotYetValid,
    /// It lives longer than the spec's lifetime allows.
    #[error("the JWT lives longer than allowed")]
    TooLong,
}

/// Read a JWT's header and claims without checking it (to find which key signed it).
pub fn peek(token: &str) -> Result<Decoded, JwtRejection> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(JwtRejection::Malformed);
    };
    let json = |s: &str| {
        B64URL
            .decode(s)
            .ok()
            .and_then(|b| {
                serde_json::from_slice::<serde_json::Map<String, serde_json::Value>>(&b).ok()
            })
            .ok_or(JwtRejection::Malformed)
    };
    Ok(Decoded {
        header: json(h)?,
        claims: json(c)?,
    })
}

/// Check `token` against `spec`'s algorithm and `key` at `now`: signature, `exp`, `nbf`
/// and `iat` (with `leeway`), and a lifetime no longer than the spec's.
pub fn verify(
    token: &str,
    spec: &Jwt,
    key: &DecodingKey,
    now: SystemTime,
    leeway: Duration,
) -> Result<Decoded, JwtRejection> {
    let decoded = peek(token)?;
    if decoded.header.get("alg").and_then(|v| v.as_str()) != Some(spec.algorithm.as_str()) {
        return Err(JwtRejection::Algorithm);
    }
    let (message, signature) = token.rsplit_once('.').ok_or(JwtRejection::Malformed)?;
    let ok = jsonwebtoken::crypto::verify(
        signature,
        message.as_bytes(),
        key,
        algorithm(spec.algorithm),
    )
    .map_err(|_| JwtRejection::Signature)?;
    if !ok {
        return Err(JwtRejection::Signature);
    }
    let now = unix_seconds(now);
    let leeway = leeway.as_secs();
    let int = |name: &str| decoded.claims.get(name).and_then(serde_json::Value::as_u64);
    let exp = int("exp").ok_or(JwtRejection::Expired)?;
    if exp.saturating_add(leeway) <= now {
        return Err(JwtRejection::Expired);
    }
    for name in ["nbf", "iat"] {
        if int(name).is_some_and(|t| t > now.saturating_add(leeway)) {
            return Err(JwtRejection::NotYetValid);
        }
    }
    let start = int("iat").or(int("nbf")).unwrap_or(now);
    if exp.saturating_sub(start) > spec.lifetime_seconds.saturating_add(leeway) {
        return Err(JwtRejection::TooLong);
    }
    Ok(decoded)
}
