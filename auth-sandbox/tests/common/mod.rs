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
