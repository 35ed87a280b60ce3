//! Credentials that sign rather than being sent: self-signed JWTs, HMAC request signatures
//! and HTTP Digest. The plain value types (algorithms, encodings) are shared by the raw form
//! and the model; the resolved forms hold parsed templates and part ids.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use super::{PartId, Template};

/// A JWT signing algorithm (RFC 7518 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum JwtAlgorithm {
    /// HMAC with SHA-256, keyed with a shared secret.
    HS256,
    /// HMAC with SHA-384.
    HS384,
    /// HMAC with SHA-512.
    HS512,
    /// RSASSA-PKCS1-v1_5 with SHA-256 (an RSA private key).
    RS256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    RS384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    RS512,
    /// RSASSA-PSS with SHA-256.
    PS256,
    /// ECDSA with P-256 and SHA-256 (an EC private key).
    ES256,
}

impl JwtAlgorithm {
    /// Its name in a JWT header (`RS256`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::HS256 => "HS256",
            Self::HS384 => "HS384",
            Self::HS512 => "HS512",
            Self::RS256 => "RS256",
            Self::RS384 => "RS384",
            Self::RS512 => "RS512",
            Self::PS256 => "PS256",
            Self::ES256 => "ES256",
        }
    }

    /// Whether it is keyed with a shared secret (HMAC) rather than a private key.
    pub fn is_hmac(self) -> bool {
        matches!(self, Self::HS256 | Self::HS384 | Self::HS512)
    }
}

/// When a self-signed JWT is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum JwtMode {
    /// Signed once and reused until shortly before it expires (Snowflake key-pair JWTs).
    #[default]
    Cached,
    /// A fresh JWT for every request, whose claims may name the request (`{method}`,
    /// `{host}`, `{path}`): Coinbase's `uri` claim.
    PerRequest,
}

/// How a secret key is written in the credential's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeyEncoding {
    /// The value's bytes are the key.
    #[default]
    Raw,
    /// The value is standard base64 of the key (Kraken's private key).
    Base64,
    /// The value is hexadecimal.
    Hex,
}

/// The hash an HMAC request signature uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HmacAlgorithm {
    /// HMAC-SHA256.
    Sha256,
    /// HMAC-SHA512.
    Sha512,
}

/// How bytes (a signature) are written as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum OutputEncoding {
    /// Lowercase hexadecimal.
    Hex,
    /// Standard base64 with padding.
    Base64,
    /// URL-safe base64 without padding.
    Base64url,
}

/// What a request nonce is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum NonceKind {
    /// An integer that always increases per key: the current time in milliseconds, or one
    /// more than the last nonce when that is larger (Kraken). The server refuses a nonce
    /// not greater than the last one it accepted.
    #[default]
    IncreasingMillis,
    /// A random value (32 hex digits), unique per request; the server remembers the ones it
    /// saw within the timestamp window.
    Random,
}

/// How a timestamp is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch.
    #[default]
    UnixSeconds,
    /// Milliseconds since the Unix epoch.
    UnixMillis,
}

/// Where a signing value (a nonce, a timestamp) travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueLocation {
    /// A request header.
    Header,
    /// A query-string parameter.
    Query,
    /// A field of a form body.
    Form,
    /// A top-level field of a JSON body (written as a number when it is one).
    Json,
    /// Only in the signed message, not sent on its own.
    None,
}

/// A Digest algorithm (RFC 7616 §6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, JsonSchema)]
pub enum DigestAlgorithm {
    /// MD5 (RFC 2617's default; kept for compatibility).
    #[serde(rename = "MD5")]
    Md5,
    /// SHA-256.
    #[serde(rename = "SHA-256")]
    Sha256,
}

impl DigestAlgorithm {
    /// Its name in a challenge.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Md5 => "MD5",
            Self::Sha256 => "SHA-256",
        }
    }

    /// The algorithm a challenge names (case-insensitive); `None` when unsupported.
    pub fn parse(name: &str) -> Option<Self> {
        if name.eq_ignore_ascii_case("MD5") {
            Some(Self::Md5)
        } else if name.eq_ignore_ascii_case("SHA-256") {
            Some(Self::Sha256)
        } else {
            None
        }
    }
}

/// A self-signed JWT, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Jwt {
    /// Signing algorithm.
    pub algorithm: JwtAlgorithm,
    /// The part holding the key: a PEM private key, or the HMAC secret.
    pub key: PartId,
    /// How an HMAC secret is written.
    pub key_encoding: KeyEncoding,
    /// Header fields besides `alg` and `typ`: `(name, template)`.
    pub header: Vec<(String, Template)>,
    /// Claims: `(name, value)`.
    pub claims: Vec<(String, Claim)>,
    /// Lifetime: `exp` is this many seconds after `iat`.
    pub lifetime_seconds: u64,
    /// Whether `iat` is written.
    pub issued_at: bool,
    /// Whether `nbf` (= `iat`) is written.
    pub not_before: bool,
    /// Cached or per request.
    pub mode: JwtMode,
    /// A cached JWT is renewed this long before it expires.
    pub renew_before_seconds: u64,
}

impl Jwt {
    /// The name a placement template uses for the signed JWT (`Bearer {jwt}`).
    pub const VAR: &'static str = "jwt";
    /// Template names a JWT's header and claims may use besides parts and context
    /// parameters: the request (per-request JWTs only), a random value, the key's
    /// fingerprint.
    pub const BUILTINS: [&'static str; 5] =
        ["method", "host", "path", "random_hex", "public_key_sha256"];

    /// The claim or header whose value names the key to a verifier: `kid`, else `iss`,
    /// else `sub`.
    pub fn identity(&self) -> Option<(&'static str, &Template)> {
        let header = |n: &str| self.header.iter().find(|(k, _)| k == n).map(|(_, t)| t);
        let claim = |n: &str| {
            self.claims.iter().find_map(|(k, c)| match c {
                Claim::One(t) if k == n => Some(t),
                _ => None,
            })
        };
        header("kid")
            .map(|t| ("kid", t))
            .or_else(|| claim("iss").map(|t| ("iss", t)))
            .or_else(|| claim("sub").map(|t| ("sub", t)))
    }
}

/// A JWT claim's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Claim {
    /// A string.
    One(Template),
    /// An array of strings.
    Many(Vec<Template>),
}

/// An HMAC request signature, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct HmacSigning {
    /// The hash.
    pub algorithm: HmacAlgorithm,
    /// The part holding the secret.
    pub key: PartId,
    /// How the secret is written.
    pub key_encoding: KeyEncoding,
    /// The message signed: a template over the parts and the request (see
    /// [`HmacSigning::BUILTINS`]).
    pub message: Template,
    /// How the signature is written.
    pub encoding: OutputEncoding,
    /// Where the signature goes.
    pub signature: SignatureTarget,
    /// Other headers the signed request carries (the key's id): `(name, header, template)`.
    pub headers: Vec<(String, http::HeaderName, Template)>,
    /// The nonce, when the scheme has one.
    pub nonce: Option<SigningValue<NonceKind>>,
    /// The timestamp, when the scheme has one.
    pub timestamp: Option<SigningValue<TimestampFormat>>,
    /// How far a timestamp may be from the server's clock.
    pub max_skew_seconds: u64,
}

impl HmacSigning {
    /// Names a signed message may use besides the credential's parts: the request's method,
    /// host, path, query (sorted, encoded), body, and the nonce and timestamp.
    pub const BUILTINS: [&'static str; 7] = [
        "method",
        "host",
        "path",
        "query",
        "body",
        "nonce",
        "timestamp",
    ];

    /// The part that identifies the key to a verifier: the first part a header names.
    pub fn identity(&self) -> Option<(&http::HeaderName, &Template)> {
        self.headers
            .iter()
            .find(|(_, _, t)| !t.vars().is_empty())
            .map(|(_, h, t)| (h, t))
    }
}

/// Where a signature goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureTarget {
    /// A header, with a value template around `{signature}` (`{signature}` alone when none).
    Header(http::HeaderName, Template),
    /// A query parameter.
    Query(String),
}

/// A nonce or timestamp and where it travels.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningValue<K> {
    /// What it is.
    pub kind: K,
    /// Where it goes.
    pub location: ValueLocation,
    /// Its wire name (empty for [`ValueLocation::None`]).
    pub name: String,
}

/// HTTP Digest authentication (RFC 7616), resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DigestAuth {
    /// The part sent as the user name.
    pub username: PartId,
    /// The part that is the password.
    pub password: PartId,
    /// The algorithms a verifier offers, preferred first.
    pub algorithms: Vec<DigestAlgorithm>,
    /// The realm a verifier names.
    pub realm: Option<String>,
}
