//! `authspec serve`: run a provider's sandbox on 127.0.0.1.

use std::path::{Path, PathBuf};

use auth_sandbox::{Backend, KeysFile, Sandbox, ServeLimits};

/// Where `--redis` points.
pub struct Redis<'a> {
    /// The Redis URL (never printed: it may carry a password).
    pub url: &'a str,
    /// Namespace of the entries.
    pub namespace: Option<&'a str>,
}

/// Serve `provider`'s spec under `limits` until interrupted, on a multi-threaded runtime
/// (a worker per core).
///
/// Keys from the built-in example files are printed in full: they are sandbox test keys,
/// public in the repository. Keys from a user's `--keys` file are masked, since people
/// sometimes paste real-looking values into such files.
pub fn run(
    provider: &str,
    keys: Option<&Path>,
    port: u16,
    spec_paths: &[PathBuf],
    redis: Option<Redis<'_>>,
    limits: ServeLimits,
) -> Result<(), String> {
    let spec = crate::specs::find(provider, spec_paths)?;
    let file = match keys {
        Some(p) => KeysFile::read(p),
        None => KeysFile::default_for(&spec),
    }
    .map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let (sandbox, backend) = match &redis {
            None => (
                Sandbox::new(spec, &file).map_err(|e| e.to_string())?,
                "in memory".to_owned(),
            ),
            Some(r) => {
                let namespace = r
                    .namespace
                    .map_or_else(|| format!("authspec:{provider}"), str::to_owned);
                let backend = Backend::redis(r.url, &namespace)
                    .await
                    .map_err(|e| format!("redis: {e}"))?;
                let sandbox = Sandbox::with_backend(spec, &file, backend)
                    .await
                    .map_err(|e| e.to_string())?;
                (sandbox, format!("in Redis, namespace `{namespace}`"))
            }
        };
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!(
            "{} sandbox listening on http://{addr}{}",
            sandbox.spec().title,
            sandbox.base_path()
        );
        println!(
            "keys accepted ({}):",
            if keys.is_some() {
                "from your keys file, masked"
            } else {
                "sandbox test keys"
            }
        );
        for k in sandbox.keys() {
            let parts: Vec<String> = k
                .parts
                .iter()
                .map(|(n, v)| format!("{n}={}", if keys.is_some() { mask(v) } else { v.clone() }))
                .collect();
            let summary = if k.summary.is_empty() {
                String::new()
            } else {
                format!(" ({})", k.summary)
            };
            println!("  {} [{}] {}{summary}", k.id, k.credential, parts.join(" "));
        }
        println!("keys, tokens, rate limits and lockouts: {backend}");
        use std::io::Write as _;
        let _ = std::io::stdout().flush();
        sandbox
            .serve_with(listener, limits)
            .await
            .map_err(|e| e.to_string())
    })
}

/// The first four characters, then `***`.
fn mask(v: &str) -> String {
    let head: String = v.chars().take(4).collect();
    format!("{head}***")
}
