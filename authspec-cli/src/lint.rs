//! `authspec lint`: check spec files one by one, then as a set (names and key prefixes must
//! be unique across everything loaded together).

use std::path::PathBuf;

use auth_spec::{Diagnostic, Spec};

use crate::specs::{self, Source};

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

/// Parse and lint each source, then lint the clean ones as a set.
fn check(sources: &[Source]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut parsed: Vec<(&Source, Spec)> = Vec::new();
    for s in sources {
        match auth_spec::parse_str(&s.file, &s.text) {
            Ok(spec) => {
                let found = auth_spec::lint(&s.file, &s.text, &spec);
                if found.is_empty() {
                    parsed.push((s, spec));
                } else {
                    problems.extend(found);
                }
            }
            Err(d) => problems.extend(d),
        }
    }
    let set: Vec<(&str, &str, &Spec)> = parsed
        .iter()
        .map(|(s, spec)| (s.file.as_str(), s.text.as_str(), spec))
        .collect();
    problems.extend(auth_spec::lint_set(&set));
    problems
}
