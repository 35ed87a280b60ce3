//! `authspec redact`: copy a file (or stdin) to stdout with every credential masked.
//!
//! Masks what every loaded spec says about secrets (keys by prefix and format, values in
//! the places they travel: see [`auth_core::scan::redact`]), and the values of the specs'
//! secret credential environment variables that are set (e.g. `WEEVIO_API_SECRET`, which
//! has no prefix to find it by). Streams: memory stays bounded however big the input, and
//! each line is written as soon as it is read, so it can sit in a log pipe.

use std::fs::File;
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use auth_core::Secret;
use auth_core::scan::redact::Redactor;
use auth_core::spec::Spec;

use crate::specs;

/// Redact `file` (stdin when `None`) to stdout, with the built-in specs and `extra`.
pub fn run(file: Option<&Path>, extra: &[PathBuf]) -> Result<(), String> {
    let loaded = specs::load_all(extra)?;
    let mut redactor = Redactor::new(&loaded).map_err(|e| e.to_string())?;
    let secrets = env_secrets(&loaded);
    redactor.add_secrets(&secrets).map_err(|e| e.to_string())?;
    let stdout = io::stdout();
    let out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    let result = match file {
        Some(path) => {
            let f = File::open(path).map_err(|e| format!("{}: {e}", path.display()))?;
            redactor.redact_stream(f, out)
        }
        None => redactor.redact_stream(io::stdin().lock(), out),
    };
    match result {
        Ok(_) => Ok(()),
        // The reader went away (`| head`): nothing left to protect.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(e.to_string()),
    }
}

/// The values of every secret credential part's environment variable that is set.
fn env_secrets(specs: &[Spec]) -> Vec<Secret> {
    specs
        .iter()
        .flat_map(|s| s.credentials.values())
        .flat_map(|c| c.parts.values())
        .filter(|p| p.secret)
        .filter_map(|p| p.env.as_deref())
        .filter_map(|name| std::env::var(name).ok())
        .filter(|v| !v.is_empty())
        .map(Secret::new)
        .collect()
}
