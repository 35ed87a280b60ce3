//! `authspec test`: run the conformance vectors (`examples:`) of spec files against the
//! engine and the sandbox, over loopback HTTP, one line per vector.

use std::path::PathBuf;
use std::sync::Arc;

use crate::specs;

/// What a run found.
pub struct Summary {
    /// Vectors that failed, plus specs that do not load.
    pub failed: usize,
}

/// Test `paths` (files, or folders searched for `*.yaml`/`*.yml`), or the built-in specs
/// when none are given. Prints `file: ok|FAIL examples[i] (checks): description` per
/// vector, each mismatch on an indented line below a failure; a spec that does not load
/// is reported as `lint` reports it and counts as a failure.
pub fn run(paths: &[PathBuf]) -> Result<Summary, String> {
    let sources = if paths.is_empty() {
        specs::builtin()
    } else {
        specs::read(paths)?
    };
    let (mut passed, mut failed, mut empty) = (0, 0, 0);
    for source in &sources {
        let spec = match auth_spec::load_str(&source.name, &source.text) {
            Ok(s) => s,
            Err(diagnostics) => {
                for d in diagnostics.iter() {
                    println!("{d}");
                }
                failed += 1;
                continue;
            }
        };
        if spec.examples.is_empty() {
            empty += 1;
            continue;
        }
        let reports = auth_conformance::run_blocking(Arc::new(spec))
            .map_err(|e| format!("cannot start the loopback servers: {e}"))?;
        for r in reports {
            println!("{}: {r}", source.name);
            if r.passed() {
                passed += 1;
            } else {
                failed += 1;
            }
        }
    }
    eprintln!(
        "{} spec(s), {} without vectors; {passed} vector(s) passed, {failed} failed",
        sources.len(),
        empty
    );
    Ok(Summary { failed })
}
