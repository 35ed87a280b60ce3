//! `authspec lint`: check spec files one by one, then as a set (names and key prefixes must
//! be unique across everything loaded together).

use std::path::PathBuf;

use auth_spec::{Diagnostic, Source};

use crate::specs;

/// Lint `paths` (files, or folders searched for `*.yaml`/`*.yml`), or the built-in specs
/// when none are given. Prints one line per problem; returns how many there were.
pub fn run(paths: &[PathBuf]) -> Result<usize, String> {
    let sources = if paths.is_empty() {
        specs::builtin()
    } else {
        specs::read(paths)?
    };
    let mut problems = check(&sources);
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    for p in &problems {
        println!("{p}");
    }
    let clean = sources.len()
        - problems
            .iter()
            .map(|p| &p.file)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
    eprintln!(
        "{} spec(s) checked, {} clean, {} problem(s)",
        sources.len(),
        clean,
        problems.len()
    );
    Ok(problems.len())
}

/// Check each source alone, then the clean ones as a set.
fn check(sources: &[Source]) -> Vec<Diagnostic> {
    auth_spec::lint_set(sources)
}
