//! Starting a sandbox for a built-in provider on 127.0.0.1.
#![allow(dead_code)]

use auth_sandbox::{KeysFile, Sandbox, SandboxHandle};

pub fn spec(provider: &str) -> auth_spec::Spec {
    let path = format!(
        "{}/../providers/{provider}/{provider}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    auth_spec::load_str(&path, &text).expect("spec loads")
}

/// `(base URL including the spec's path prefix, handle)`.
pub async fn start(provider: &str) -> (String, SandboxHandle) {
    let spec = spec(provider);
    let keys = KeysFile::default_for(&spec).expect("default keys");
    start_with(spec, keys).await
}

pub async fn start_with(spec: auth_spec::Spec, keys: KeysFile) -> (String, SandboxHandle) {
    let sandbox = Sandbox::new(spec, &keys).expect("sandbox");
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
    (format!("http://{addr}{base}"), handle)
}

/// A plain-HTTP client (see the `rustls` dev-dependency for why a provider is installed).
pub fn client() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

pub fn header<'r>(res: &'r reqwest::Response, name: &str) -> Option<&'r str> {
    res.headers().get(name).and_then(|v| v.to_str().ok())
}

/// A response read off the wire.
pub struct Raw {
    pub status: u16,
    pub body: String,
}

/// Send one request over raw TCP, byte for byte as given (no client normalises the
/// target), to the server behind `base` (`http://addr/prefix`: `target` is appended to
/// the prefix), and read the whole response (`Connection: close`).
pub async fn raw(
    base: &str,
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Raw {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let rest = base.strip_prefix("http://").expect("http base");
    let (addr, prefix) = rest.split_once('/').map_or((rest, ""), |(a, p)| (a, p));
    let target = if prefix.is_empty() {
        target.to_owned()
    } else {
        format!("/{prefix}{target}")
    };
    let mut req = format!("{method} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (n, v) in headers {
        req.push_str(&format!("{n}: {v}\r\n"));
    }
    if !body.is_empty() || method == "POST" || method == "PUT" {
        req.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    req.push_str("\r\n");
    req.push_str(body);
    let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
    s.write_all(req.as_bytes()).await.expect("write");
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no status line for {method} {target}: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    Raw { status, body }
}
