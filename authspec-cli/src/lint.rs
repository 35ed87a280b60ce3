//! `authspec lint`: check spec files one by one, then as a set (names and key prefixes must
//! be unique across everything loaded together).

use std::path::{Path, PathBuf};

use auth_spec::{Diagnostic, Spec};

use crate::embedded;

/// A spec's text, read before any parsing so that set-wide checks can point into it.
struct Source {
    file: String,
    text: String,
}

/// Lint `paths` (files, or folders searched for `*.yaml`/`*.yml`), or the built-in specs
/// when none are given. Prints one line per problem; returns how many there were.
pub fn run(paths: &[PathBuf]) -> Result<usize, String> {
    let sources = if paths.is_empty() {
        embedded::SPECS
            .iter()
            .map(|e| Source {
                file: e.file.to_owned(),
                text: e.yaml.to_owned(),
            })
            .collect()
    } else {
        read_all(paths)?
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

fn read_all(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
    let mut files = Vec::new();
    for p in paths {
        collect(p, &mut files).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    if files.is_empty() {
        return Err("no spec files (*.yaml, *.yml) found in the given paths".to_owned());
    }
    files
        .into_iter()
        .map(|f| {
            let text = std::fs::read_to_string(&f).map_err(|e| format!("{}: {e}", f.display()))?;
            Ok(Source {
                file: f.display().to_string(),
                text,
            })
        })
        .collect()
}

/// `path` itself if it is a file; every YAML file below it, in sorted order, if a folder.
fn collect(path: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    if !path.is_dir() {
        std::fs::metadata(path)?;
        out.push(path.to_owned());
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for e in entries {
        let name = e.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if e.is_dir() {
            if !name.starts_with('.') && name != "target" {
                collect(&e, out)?;
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(e);
        }
    }
    Ok(())
}
