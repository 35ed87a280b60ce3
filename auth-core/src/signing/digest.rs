//! HTTP Digest authentication (RFC 7616) with RustCrypto's MD5 and SHA-256: the response
//! computation, challenges and `Authorization` parameters, the client's state (the last
//! challenge and its nonce count) and the server's nonces (stateless, MAC-ed with a
//! per-server secret, so a verifier keeps no per-nonce state but the counts it has seen).
//!
//! The `digest_auth` crate was considered: it is client-only and pulls a second copy of the
//! RustCrypto stack (digest 0.10, sha2 0.10, md-5 0.10, rand 0.8); the computation itself
//! is three hashes, checked here against RFC 7616 §3.9.1.

use std::sync::Mutex;
use std::time::SystemTime;

use auth_spec::model::DigestAlgorithm;
use base64::Engine as _;
use hmac::{KeyInit as _, Mac as _};
use sha2::Digest as _;
use zeroize::Zeroizing;

use super::{random_hex, unix_seconds};

/// Lowercase hex of `H(data)`.
fn h(alg: DigestAlgorithm, data: &[u8]) -> String {
    let bytes: Vec<u8> = match alg {
        DigestAlgorithm::Md5 => md5::Md5::digest(data).to_vec(),
        DigestAlgorithm::Sha256 => sha2::Sha256::digest(data).to_vec(),
    };
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The `response` of RFC 7616 §3.4.1 with `qop=auth`:
/// `H(H(user:realm:password):nonce:nc:cnonce:auth:H(method:uri))`.
#[allow(clippy::too_many_arguments)]
pub fn response(
    alg: DigestAlgorithm,
    username: &str,
    realm: &str,
    password: &str,
    method: &str,
    uri: &str,
    nonce: &str,
    nc: &str,
    cnonce: &str,
) -> String {
    let a1 = Zeroizing::new(format!("{username}:{realm}:{password}"));
    let ha1 = Zeroizing::new(h(alg, a1.as_bytes()));
    let ha2 = h(alg, format!("{method}:{uri}").as_bytes());
    h(
        alg,
        format!("{}:{nonce}:{nc}:{cnonce}:auth:{ha2}", ha1.as_str()).as_bytes(),
    )
}

/// A `WWW-Authenticate: Digest` challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The realm.
    pub realm: String,
    /// The server's nonce.
    pub nonce: String,
    /// Returned unchanged.
    pub opaque: Option<String>,
    /// The algorithm.
    pub algorithm: DigestAlgorithm,
    /// The nonce was valid but too old: answer the new one, the password was right.
    pub stale: bool,
}

/// `name=value` pairs of an auth scheme's parameters (values quoted or tokens).
pub fn params(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = text.trim();
    while !rest.is_empty() {
        let Some((name, after)) = rest.split_once('=') else {
            break;
        };
        let name = name
            .trim()
            .trim_start_matches(',')
            .trim()
            .to_ascii_lowercase();
        let after = after.trim_start();
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, n)) = chars.next() {
                            value.push(n);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end.min(quoted.len())..])
        } else {
            let end = after.find(',').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        out.push((name, value));
        rest = next.trim_start().trim_start_matches(',').trim_start();
    }
    out
}

fn get<'a>(ps: &'a [(String, String)], name: &str) -> Option<&'a str> {
    ps.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

/// The Digest challenges in a response's `WWW-Authenticate` headers that ask for
/// `qop=auth` with an algorithm supported here, the preferred algorithm first (SHA-256).
pub fn challenges(headers: &http::HeaderMap) -> Vec<Challenge> {
    let mut out: Vec<Challenge> = Vec::new();
    for v in headers.get_all(http::header::WWW_AUTHENTICATE) {
        let Ok(text) = v.to_str() else { continue };
        // A header may hold several challenges; each Digest one starts with the scheme.
        for part in split_schemes(text) {
            let Some(rest) = strip_scheme(part, "Digest") else {
                continue;
            };
            let ps = params(rest);
            let algorithm = match get(&ps, "algorithm") {
                None => DigestAlgorithm::Md5,
                Some(a) => match DigestAlgorithm::parse(a) {
                    Some(a) => a,
                    None => continue,
                },
            };
            let auth = get(&ps, "qop")
                .is_some_and(|q| q.split(',').any(|x| x.trim().eq_ignore_ascii_case("auth")));
            let (Some(realm), Some(nonce), true) = (get(&ps, "realm"), get(&ps, "nonce"), auth)
            else {
                continue;
            };
            out.push(Challenge {
                realm: realm.to_owned(),
                nonce: nonce.to_owned(),
                opaque: get(&ps, "opaque").map(str::to_owned),
                algorithm,
                stale: get(&ps, "stale").is_some_and(|s| s.eq_ignore_ascii_case("true")),
            });
        }
    }
    out.sort_by_key(|c| c.algorithm != DigestAlgorithm::Sha256);
    out
}

/// Split a header value into challenges at each `Digest`/`Basic`/`Bearer` scheme token.
fn split_schemes(text: &str) -> Vec<&str> {
    let mut starts = Vec::new();
    let bytes = text.as_bytes();
    let mut in_quotes = false;
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'"' && (i == 0 || bytes[i - 1] != b'\\') {
            in_quotes = !in_quotes;
        }
        if in_quotes {
            continue;
        }
        let at_word = i == 0 || matches!(bytes[i - 1], b' ' | b',');
        if at_word {
            let rest = &text[i..];
            let word = rest.split([' ', ',']).next().unwrap_or("");
            if !word.contains('=') && !word.is_empty() {
                starts.push(i);
            }
        }
    }
    let mut out = Vec::new();
    for (n, &s) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        out.push(text[s..end].trim().trim_end_matches(',').trim());
    }
    out
}

fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let (s, rest) = text.trim().split_once(' ')?;
    s.eq_ignore_ascii_case(scheme).then_some(rest)
}

fn quote(v: &str) -> String {
    v.replace('\\', "\\\\").replace('"', "\\\"")
}

/// One client credential's Digest state: the challenge it answers and its nonce count.
#[derive(Default)]
pub struct DigestClient {
    state: Mutex<Option<(Challenge, u32)>>,
}

impl std::fmt::Debug for DigestClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DigestClient")
    }
}

impl DigestClient {
    /// The `Authorization` value answering the last challenge, for `method` and `uri`
    /// (the request target); `None` before any challenge (the first request goes without,
    /// and its 401 brings one).
    pub fn authorization(
        &self,
        username: &str,
        password: &str,
        method: &str,
        uri: &str,
    ) -> Option<Zeroizing<String>> {
        let (challenge, nc) = {
            let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
            let (c, nc) = state.as_mut()?;
            *nc = nc.saturating_add(1);
            (c.clone(), *nc)
        };
        Some(header(
            &challenge,
            username,
            password,
            method,
            uri,
            nc,
            &random_hex(),
        ))
    }

    /// Take the challenge of a 401: `true` when it is new (a new nonce, or a stale one
    /// renewed), so the request is worth sending again; `false` when the server refused an
    /// answer to the challenge already held (a wrong password).
    pub fn challenged(&self, headers: &http::HeaderMap) -> bool {
        let Some(new) = challenges(headers).into_iter().next() else {
            return false;
        };
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let fresh = match &*state {
            None => true,
            Some((old, _)) => new.stale || old.nonce != new.nonce,
        };
        if fresh {
            *state = Some((new, 0));
        }
        fresh
    }
}

/// The `Authorization: Digest ...` value (RFC 7616 §3.4).
pub fn header(
    c: &Challenge,
    username: &str,
    password: &str,
    method: &str,
    uri: &str,
    nc: u32,
    cnonce: &str,
) -> Zeroizing<String> {
    let nc = format!("{nc:08x}");
    let response = response(
        c.algorithm,
        username,
        &c.realm,
        password,
        method,
        uri,
        &c.nonce,
        &nc,
        cnonce,
    );
    let mut out = format!(
        "Digest username=\"{}\", realm=\"{}\", uri=\"{}\", algorithm={}, nonce=\"{}\", nc={nc}, cnonce=\"{cnonce}\", qop=auth, response=\"{response}\"",
        quote(username),
        quote(&c.realm),
        quote(uri),
        c.algorithm.as_str(),
        quote(&c.nonce),
    );
    if let Some(o) = &c.opaque {
        out.push_str(&format!(", opaque=\"{}\"", quote(o)));
    }
    Zeroizing::new(out)
}

/// A server's Digest nonces: `base64(time ‖ HMAC(secret, time)[..16])`, so any nonce it
/// issued can be checked (and its age read) without remembering it.
pub struct DigestNonces {
    secret: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for DigestNonces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DigestNonces")
    }
}

impl Default for DigestNonces {
    fn default() -> Self {
        let mut secret = Zeroizing::new([0u8; 32]);
        if getrandom::fill(secret.as_mut_slice()).is_err() {
            for chunk in secret.chunks_mut(16) {
                chunk.copy_from_slice(&fastrand::u128(..).to_le_bytes());
            }
        }
        Self { secret }
    }
}

impl DigestNonces {
    fn tag(&self, time: u64) -> [u8; 16] {
        let mut out = [0u8; 16];
        if let Ok(m) = hmac::Hmac::<sha2::Sha256>::new_from_slice(self.secret.as_slice()) {
            out.copy_from_slice(&m.chain_update(time.to_be_bytes()).finalize().into_bytes()[..16]);
        }
        out
    }

    /// A nonce issued at `now`.
    pub fn issue(&self, now: SystemTime) -> String {
        let t = unix_seconds(now);
        let mut raw = t.to_be_bytes().to_vec();
        raw.extend_from_slice(&self.tag(t));
        base64::engine::general_purpose::STANDARD.encode(raw)
    }

    /// When `nonce` was issued, if this server issued it.
    pub fn issued_at(&self, nonce: &str) -> Option<u64> {
        use subtle::ConstantTimeEq as _;
        let raw = base64::engine::general_purpose::STANDARD
            .decode(nonce)
            .ok()?;
        if raw.len() != 24 {
            return None;
        }
        let t = u64::from_be_bytes(raw[..8].try_into().ok()?);
        bool::from(self.tag(t).ct_eq(&raw[8..])).then_some(t)
    }
}

/// The parameters of an `Authorization: Digest` answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The user name.
    pub username: String,
    /// The realm.
    pub realm: String,
    /// The nonce answered.
    pub nonce: String,
    /// The request target.
    pub uri: String,
    /// The algorithm.
    pub algorithm: DigestAlgorithm,
    /// The nonce count, as written (8 hex digits).
    pub nc: String,
    /// The client nonce.
    pub cnonce: String,
    /// The response hash.
    pub response: String,
}

impl Answer {
    /// Read an `Authorization` value; `None` unless it is a complete `qop=auth` answer.
    pub fn parse(value: &str) -> Option<Self> {
        let rest = strip_scheme(value, "Digest")?;
        let ps = params(rest);
        if !get(&ps, "qop").is_some_and(|q| q.eq_ignore_ascii_case("auth")) {
            return None;
        }
        let nc = get(&ps, "nc")?;
        if nc.len() != 8 || !nc.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        Some(Self {
            username: get(&ps, "username")?.to_owned(),
            realm: get(&ps, "realm")?.to_owned(),
            nonce: get(&ps, "nonce")?.to_owned(),
            uri: get(&ps, "uri")?.to_owned(),
            algorithm: match get(&ps, "algorithm") {
                None => DigestAlgorithm::Md5,
                Some(a) => DigestAlgorithm::parse(a)?,
            },
            nc: nc.to_owned(),
            cnonce: get(&ps, "cnonce")?.to_owned(),
            response: get(&ps, "response")?.to_owned(),
        })
    }

    /// The nonce count as a number.
    pub fn count(&self) -> u64 {
        u64::from_str_radix(&self.nc, 16).unwrap_or(0)
    }

    /// Whether the answer is right for `password` and `method` (constant time).
    pub fn matches(&self, password: &str, method: &str) -> bool {
        use subtle::ConstantTimeEq as _;
        let expected = response(
            self.algorithm,
            &self.username,
            &self.realm,
            password,
            method,
            &self.uri,
            &self.nonce,
            &self.nc,
            &self.cnonce,
        );
        expected
            .as_bytes()
            .ct_eq(self.response.to_ascii_lowercase().as_bytes())
            .into()
    }
}

/// A `WWW-Authenticate` value offering `algorithm` with a fresh nonce.
pub fn challenge_value(
    realm: &str,
    algorithm: DigestAlgorithm,
    nonce: &str,
    stale: bool,
) -> String {
    format!(
        "Digest realm=\"{}\", qop=\"auth\", algorithm={}, nonce=\"{nonce}\"{}",
        quote(realm),
        algorithm.as_str(),
        if stale { ", stale=true" } else { "" }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 7616 §3.9.1: user Mufasa, password "Circle of Life", both algorithms.
    #[test]
    fn rfc_7616_example() {
        let (nonce, cnonce) = (
            "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
            "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
        );
        let answer = |alg| {
            response(
                alg,
                "Mufasa",
                "http-auth@example.org",
                "Circle of Life",
                "GET",
                "/dir/index.html",
                nonce,
                "00000001",
                cnonce,
            )
        };
        assert_eq!(
            answer(DigestAlgorithm::Md5),
            "8ca523f5e9506fed4657c9700eebdbec"
        );
        assert_eq!(
            answer(DigestAlgorithm::Sha256),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"
        );
        // The same through the client: the RFC's challenge (SHA-256 preferred), then the
        // `Authorization` it sends with the RFC's client nonce.
        let mut headers = http::HeaderMap::new();
        for alg in ["MD5", "SHA-256"] {
            headers.append(
                http::header::WWW_AUTHENTICATE,
                http::HeaderValue::from_str(&format!(
                    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm={alg}, nonce=\"{nonce}\", opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""
                ))
                .expect("header"),
            );
        }
        let c = &challenges(&headers)[0];
        let v = header(
            c,
            "Mufasa",
            "Circle of Life",
            "GET",
            "/dir/index.html",
            1,
            cnonce,
        );
        assert!(
            v.contains(
                "response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\""
            ),
            "{}",
            v.as_str()
        );
        assert!(v.contains("opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\""));
        let a = Answer::parse(&v).expect("parses");
        assert!(a.matches("Circle of Life", "GET"));
    }

    #[test]
    fn reads_challenges_and_answers() {
        let mut headers = http::HeaderMap::new();
        headers.append(
            http::header::WWW_AUTHENTICATE,
            http::HeaderValue::from_static(
                "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, nonce=\"n1\", opaque=\"o\", Basic realm=\"x\"",
            ),
        );
        headers.append(
            http::header::WWW_AUTHENTICATE,
            http::HeaderValue::from_static(
                "Digest realm=\"http-auth@example.org\", qop=\"auth\", algorithm=SHA-256, nonce=\"n2\", stale=TRUE",
            ),
        );
        let cs = challenges(&headers);
        assert_eq!(cs.len(), 2);
        assert_eq!(cs[0].algorithm, DigestAlgorithm::Sha256);
        assert!(cs[0].stale);
        assert_eq!(cs[1].opaque.as_deref(), Some("o"));
        let c = &cs[0];
        let v = header(c, "Mu\"fasa", "pw", "GET", "/a?b=1", 1, "cn");
        let a = Answer::parse(&v).expect("parses back");
        assert_eq!(a.username, "Mu\"fasa");
        assert_eq!(a.uri, "/a?b=1");
        assert!(a.matches("pw", "GET"));
        assert!(!a.matches("pw2", "GET"));
        assert!(!a.matches("pw", "POST"));
    }

    #[test]
    fn server_nonces_check_out_and_forgeries_do_not() {
        let n = DigestNonces::default();
        let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_700_000_000);
        let nonce = n.issue(t);
        assert_eq!(n.issued_at(&nonce), Some(1_700_000_000));
        assert_eq!(DigestNonces::default().issued_at(&nonce), None);
        assert_eq!(n.issued_at("bm90IGEgbm9uY2U="), None);
    }
}
