//! Shared by the scanning benches: the real specs, synthetic ones, key generation, and
//! the three 100 MB corpora (generated when a bench starts, never in CI).

#![allow(dead_code)]

pub mod baseline;

use auth_core::spec::Spec;
use auth_core::spec::model::Format;

pub const SIZE: usize = 100 * 1024 * 1024;

/// The secret value every corpus carries now and then, as an environment secret.
pub const ENV_SECRET: &str = "Wv-9f8e7d6c5b4a39281706";

fn load(path: &str) -> Spec {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    auth_spec::load_str(path, &text).unwrap_or_else(|d| panic!("{d}"))
}

fn root() -> String {
    format!("{}/..", env!("CARGO_MANIFEST_DIR"))
}

/// The five seed providers.
pub fn seed() -> Vec<Spec> {
    ["weevio", "pixee", "weshape", "weavz", "weavy"]
        .into_iter()
        .map(|n| load(&format!("{}/providers/{n}/{n}.yaml", root())))
        .collect()
}

/// The seed providers and the catalogue's real ones.
pub fn real() -> Vec<Spec> {
    let mut specs = seed();
    let dir = format!("{}/providers/catalogue/specs", root());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    specs.extend(files.iter().map(|p| load(&p.display().to_string())));
    specs
}

/// `n` synthetic specs from the `authspec new` template, with random lowercase names of 5
/// to 10 letters (so prefixes `<name>_live_`/`<name>_test_` of several lengths, starting
/// with any letter).
pub fn synthetic(n: usize, seed: u64) -> Vec<Spec> {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let len = rng.usize(5..=10);
        let name: String = (0..len).map(|_| rng.lowercase()).collect();
        if !seen.insert(name.clone()) {
            continue;
        }
        let yaml = auth_spec::template_spec(&name);
        out.push(
            auth_spec::load_str(&format!("{name}.yaml"), &yaml).unwrap_or_else(|d| panic!("{d}")),
        );
    }
    out
}

/// Every secret prefixed key format: `(prefix, format)`.
pub fn key_formats(specs: &[Spec]) -> Vec<(String, Format)> {
    let mut out = Vec::new();
    for s in specs {
        for c in s.credentials.values() {
            for p in c.parts.values().filter(|p| p.secret) {
                let Some(f) = &p.format else { continue };
                for x in &f.prefixes {
                    out.push((x.prefix.clone(), f.clone()));
                }
            }
        }
    }
    out
}

/// A key of `f` with `prefix`.
pub fn key(prefix: &str, f: &Format, rng: &mut fastrand::Rng) -> String {
    let class: Vec<u8> = match f.charset {
        Some(c) => (0..=255u8).filter(|&b| c.contains(b)).collect(),
        None => (0..=255u8)
            .filter(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .collect(),
    };
    let sfx = f.suffix.clone().unwrap_or_default();
    let fixed = prefix.len() + sfx.len();
    let total = match f.length {
        Some(l) => l,
        None => {
            let lo = f.min_length.unwrap_or(fixed + 24).max(fixed + 1);
            rng.usize(lo..=f.max_length.unwrap_or(lo + 24).max(lo))
        }
    };
    let body: String = (0..total - fixed)
        .map(|_| class[rng.usize(..class.len())] as char)
        .collect();
    format!("{prefix}{body}{sfx}")
}

/// Picks keys of the loaded providers, and values for places with no format.
pub struct Secrets {
    formats: Vec<(String, Format)>,
    pub rng: fastrand::Rng,
}

impl Secrets {
    pub fn new(specs: &[Spec], seed: u64) -> Self {
        Secrets {
            formats: key_formats(specs),
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// A key of a random provider.
    pub fn key(&mut self) -> String {
        let (p, f) = &self.formats[self.rng.usize(..self.formats.len())];
        key(p, f, &mut self.rng)
    }

    /// A random token of `n` alphanumerics.
    pub fn token(&mut self, n: usize) -> String {
        (0..n).map(|_| self.rng.alphanumeric()).collect()
    }

    /// A value for `Authorization`: a scheme and a credential.
    pub fn authorization(&mut self) -> String {
        match self.rng.u8(..6) {
            0 => format!("Basic {}", base64ish(&mut self.rng, 28)),
            1 => format!("Token {}", self.token(40)),
            2 => format!("Bearer {}", self.token(48)),
            _ => format!("Bearer {}", self.key()),
        }
    }
}

fn base64ish(rng: &mut fastrand::Rng, n: usize) -> String {
    let mut s: String = (0..n).map(|_| rng.alphanumeric()).collect();
    s.push_str("==");
    s
}

const PATHS: [&str; 6] = [
    "/v3/orders/81234",
    "/v1/customers",
    "/api/v2/tickets?page=3&per_page=50",
    "/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21",
    "/v2/me",
    "/spaces/abc123/entries?limit=10",
];
const MSGS: [&str; 8] = [
    "request completed",
    "cache miss for some_mcp_handler",
    "upstream call finished",
    "user signed in",
    "retrying request (attempt 2 of 5)",
    "rate limit headroom low",
    "job queued for the nightly_export_worker",
    "connection reused",
];

/// A plain application log: `time LEVEL service key=value ... msg="..."`, a key or a place
/// in about one line of eight, the environment secret in one of forty.
pub fn app_log(specs: &[Spec]) -> Vec<u8> {
    app_log_every(specs, 1)
}

/// The application log with secrets `m` times rarer (URLs as often): `m` = 256 gives a
/// few secrets per MB, as a real log has.
pub fn sparse_log(specs: &[Spec]) -> Vec<u8> {
    app_log_every(specs, 256)
}

fn app_log_every(specs: &[Spec], m: u64) -> Vec<u8> {
    let mut s = Secrets::new(specs, 1);
    let mut out = Vec::with_capacity(SIZE + 1024);
    let mut n = 0u64;
    while out.len() < SIZE {
        n += 1;
        let r = &mut s.rng;
        let level = ["INFO", "INFO", "INFO", "DEBUG", "WARN"][r.usize(..5)];
        let line = format!(
            "2026-03-01T12:{:02}:{:02}.{:03}Z {level} order-service req={:08x} method={} path={} status={} latency_ms={} user=u{} retry_count=0",
            n % 60,
            n % 59,
            n % 1000,
            r.u32(..),
            ["GET", "POST", "PUT"][r.usize(..3)],
            PATHS[r.usize(..PATHS.len())],
            [200, 200, 201, 404, 429][r.usize(..5)],
            r.u32(1..900),
            r.u32(..100_000)
        );
        out.extend_from_slice(line.as_bytes());
        match n % 8 {
            1 if n % (8 * m) == 1 => out.extend_from_slice(format!(" key={}", s.key()).as_bytes()),
            3 if n % (16 * m) == 3 => out.extend_from_slice(
                format!(
                    " query=\"apiID={}&apiSecret={}&teamID=7\"",
                    s.token(12),
                    s.token(24)
                )
                .as_bytes(),
            ),
            5 => out.extend_from_slice(
                format!(
                    " upstream=https://api.partner.example/v2/items?page={}",
                    n % 9
                )
                .as_bytes(),
            ),
            7 if n % (32 * m) == 7 => out
                .extend_from_slice(format!(" authorization=\"{}\"", s.authorization()).as_bytes()),
            _ => {}
        }
        if n.is_multiple_of(40 * m) {
            out.extend_from_slice(format!(" secret_seen={ENV_SECRET}").as_bytes());
        }
        let msg = MSGS[s.rng.usize(..MSGS.len())];
        out.extend_from_slice(format!(" msg=\"{msg}\"\n").as_bytes());
    }
    out
}

/// A JSON log with snake_case keys, one object a line; secrets in one line of eight.
pub fn json_log(specs: &[Spec]) -> Vec<u8> {
    let mut s = Secrets::new(specs, 2);
    let mut out = Vec::with_capacity(SIZE + 1024);
    let mut n = 0u64;
    while out.len() < SIZE {
        n += 1;
        let r = &mut s.rng;
        let line = format!(
            "{{\"ts\":\"2026-03-01T12:{:02}:{:02}.{:03}Z\",\"level\":\"{}\",\"service_name\":\"order_service\",\"trace_id\":\"{:016x}{:016x}\",\"span_id\":\"{:016x}\",\"request_id\":\"req_{:012x}\",\"user_id\":{},\"http_method\":\"{}\",\"http_path\":\"{}\",\"http_status\":{},\"duration_ms\":{},\"remote_addr\":\"10.0.{}.{}\",\"user_agent\":\"okhttp/4.12.0\"",
            n % 60,
            n % 59,
            n % 1000,
            ["info", "info", "debug", "warn"][r.usize(..4)],
            r.u64(..),
            r.u64(..),
            r.u64(..),
            r.u64(..1 << 48),
            r.u32(..100_000),
            ["GET", "POST"][r.usize(..2)],
            PATHS[r.usize(..PATHS.len())],
            [200, 201, 404, 429][r.usize(..4)],
            r.u32(1..900),
            r.u8(..),
            r.u8(..)
        );
        out.extend_from_slice(line.as_bytes());
        match n % 8 {
            1 => out.extend_from_slice(
                format!(",\"request_headers\":{{\"authorization\":\"{}\",\"content_type\":\"application/json\"}}", s.authorization()).as_bytes(),
            ),
            3 if n % 16 == 3 => out.extend_from_slice(format!(",\"api_key\":\"{}\"", s.key()).as_bytes()),
            5 => out.extend_from_slice(format!(",\"upstream_url\":\"https://api.partner.example/v2/items?page={}\"", n % 9).as_bytes()),
            7 if n % 32 == 7 => out.extend_from_slice(
                format!(",\"login\":{{\"email\":\"ann{}@example.com\",\"password\":\"{}\"}}", n % 97, s.token(14)).as_bytes(),
            ),
            _ => {}
        }
        let msg = if n.is_multiple_of(40) {
            format!("token {ENV_SECRET} rejected")
        } else {
            MSGS[s.rng.usize(..MSGS.len())].to_owned()
        };
        out.extend_from_slice(format!(",\"msg\":\"{msg}\"}}\n").as_bytes());
    }
    out
}

/// An HTTP dump: requests with their credentials (every request has one, as real traffic
/// does), bodies, and responses with rate-limit headers and cookies.
pub fn http_dump(specs: &[Spec]) -> Vec<u8> {
    let mut s = Secrets::new(specs, 3);
    let mut out = Vec::with_capacity(SIZE + 4096);
    let mut n = 0u64;
    while out.len() < SIZE {
        n += 1;
        let path = PATHS[s.rng.usize(..PATHS.len())];
        let post = n.is_multiple_of(3);
        let mut req = String::new();
        if n % 16 == 5 {
            req.push_str(&format!(
                "GET /v1/customers?teamID=7&apiID={}&apiSecret={} HTTP/1.1\r\n",
                s.token(12),
                s.token(24)
            ));
        } else {
            req.push_str(&format!(
                "{} {path} HTTP/1.1\r\n",
                if post { "POST" } else { "GET" }
            ));
        }
        req.push_str("Host: api.example.com\r\nUser-Agent: okhttp/4.12.0\r\nAccept: application/json\r\nAccept-Encoding: gzip\r\n");
        match n % 5 {
            0 => req.push_str(&format!("X-Api-Key: {}\r\n", s.key())),
            1 => req.push_str(&format!(
                "Cookie: session_id={:016x}; refresh_token={}\r\n",
                s.rng.u64(..),
                s.token(32)
            )),
            _ => req.push_str(&format!("Authorization: {}\r\n", s.authorization())),
        }
        req.push_str(&format!("X-Request-Id: {:032x}\r\n", s.rng.u128(..)));
        if post {
            let body = if n.is_multiple_of(6) {
                format!(
                    "{{\"email\":\"ann{}@example.com\",\"password\":\"{}\",\"remember_me\":true}}",
                    n % 97,
                    s.token(14)
                )
            } else {
                format!(
                    "{{\"customer_code\":\"M-{}\",\"quantity\":{},\"note\":\"{}\"}}",
                    n % 10_000,
                    n % 7,
                    MSGS[s.rng.usize(..MSGS.len())]
                )
            };
            req.push_str(&format!(
                "Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}\r\n",
                body.len()
            ));
        } else {
            req.push_str("\r\n");
        }
        out.extend_from_slice(req.as_bytes());
        let body = format!(
            "{{\"id\":\"cus_{n}\",\"object\":\"customer\",\"created\":1767225600,\"email\":\"ann{}@example.com\",\"name\":\"Ann\",\"links\":{{\"self\":\"https://api.example.com/v1/customers/cus_{n}\"}}}}",
            n % 97
        );
        let mut resp = format!(
            "HTTP/1.1 200 OK\r\nDate: Sun, 01 Mar 2026 12:00:00 GMT\r\nContent-Type: application/json\r\nContent-Length: {}\r\nX-RateLimit-Limit: 1000\r\nX-RateLimit-Remaining: {}\r\nX-RateLimit-Reset: 1767225600\r\n",
            body.len(),
            1000 - n % 1000
        );
        if n.is_multiple_of(7) {
            resp.push_str(&format!(
                "Set-Cookie: refresh_token={}; Path=/auth; HttpOnly; Secure\r\n",
                s.token(32)
            ));
        }
        resp.push_str(&format!("\r\n{body}\r\n\r\n"));
        out.extend_from_slice(resp.as_bytes());
        if n.is_multiple_of(40) {
            out.extend_from_slice(format!("# note: retried with {ENV_SECRET}\r\n").as_bytes());
        }
    }
    out
}

/// Worst case: every token is a candidate (a prefix alone or with too short a body, a place
/// name in prose or with a value, a URL with and without user info, curl's `-u`, words
/// that contain a prefix's fragment) and one in three is a secret; `names` are the place
/// names the specs give (lowercase).
pub fn worst_case(specs: &[Spec], names: &[String]) -> Vec<u8> {
    let mut s = Secrets::new(specs, 4);
    let prefixes: Vec<String> = key_formats(specs).into_iter().map(|(p, _)| p).collect();
    let mut out = Vec::with_capacity(SIZE + 1024);
    while out.len() < SIZE {
        for _ in 0..12 {
            let p = &prefixes[s.rng.usize(..prefixes.len())];
            let name = &names[s.rng.usize(..names.len())];
            let t = match s.rng.u8(..12) {
                0 => format!("{p} "),
                1 => format!("{p}ab"),
                2 => s.key(),
                3 => format!("{name} was rotated"),
                4 => format!("{name}={}", s.token(20)),
                5 => format!("\"{name}\":\"{}\"", s.token(20)),
                6 => "https://api.example.com/v1/x?y=2".to_owned(),
                7 => format!("https://svc:{}@db.example.com/", s.token(16)),
                8 => "curl -u admin https://x.example".to_owned(),
                9 => format!("curl -u id:{} https://x.example", s.token(16)),
                10 => ["go_live_event", "pre_test_run", "sk_live", "user_token_id"]
                    [s.rng.usize(..4)]
                .to_owned(),
                _ => ENV_SECRET.to_owned(),
            };
            out.extend_from_slice(t.as_bytes());
            out.push(b' ');
        }
        out.push(b'\n');
    }
    out
}
