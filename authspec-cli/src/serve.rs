//! `authspec serve`: run a provider's sandbox on 127.0.0.1.

use std::path::{Path, PathBuf};

use auth_sandbox::{KeysFile, Sandbox, ServeLimits};

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
    limits: ServeLimits,
) -> Result<(), String> {
    let spec = crate::specs::find(provider, spec_paths)?;
    let file = match keys {
        Some(p) => KeysFile::read(p),
        None => KeysFile::default_for(&spec),
    }
    .map_err(|e| e.to_string())?;
    let sandbox = Sandbox::new(spec, &file).map_err(|e| e.to_string())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
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
