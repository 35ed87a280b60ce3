//! `authspec lint`: check spec files one by one, then as a set (names and key prefixes must
//! be unique across everything loaded together).

use std::io::IsTerminal;
use std::path::PathBuf;

use auth_spec::{Diagnostic, Source};

use crate::report::{self, Format};
use crate::specs;

/// Lint `paths` (files, or folders searched for `*.yaml`/`*.yml`), or the built-in specs
/// when none are given. Prints the problems in `format` on stdout and a summary on stderr;
/// returns how many problems there were.
pub fn run(paths: &[PathBuf], format: Format) -> Result<usize, String> {
    let sources = if paths.is_empty() {
        specs::builtin()
    } else {
        specs::read(paths)?
    };
    let mut problems = check(&sources);
    problems.sort_by(|a, b| (&a.file, a.line, a.column).cmp(&(&b.file, b.line, b.column)));
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    print!(
        "{}",
        report::render(format, &problems, &sources, sources.len(), color)
    );
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
