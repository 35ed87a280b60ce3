//! Which specs a command works with: the built-in ones (the five seed providers and the
//! catalogue), plus any the user names.

use std::path::{Path, PathBuf};

use auth_spec::{Source, Spec};

use crate::embedded;

/// The built-in specs as sources.
pub fn builtin() -> Vec<Source> {
    embedded::all()
        .map(|e| Source::new(e.file, e.yaml))
        .collect()
}

/// Read every spec file in `paths` (files, or folders searched for `*.yaml`/`*.yml`).
pub fn read(paths: &[PathBuf]) -> Result<Vec<Source>, String> {
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
            Ok(Source::new(f.display().to_string(), text))
        })
        .collect()
}

/// The built-in specs followed by those in `extra`, each loaded (parsed, linted,
/// resolved) with its source. A spec in `extra` with a built-in's name replaces it.
fn load_sources(extra: &[PathBuf]) -> Result<Vec<(Source, Spec)>, String> {
    let mut sources = builtin();
    if !extra.is_empty() {
        sources.extend(read(extra)?);
    }
    let mut out: Vec<(Source, Spec)> = Vec::with_capacity(sources.len());
    for s in sources {
        let spec = auth_spec::load_str(&s.name, &s.text).map_err(|d| d.to_string())?;
        out.retain(|(_, old)| old.name != spec.name);
        out.push((s, spec));
    }
    Ok(out)
}

/// The built-in specs followed by those in `extra`, each loaded.
pub fn load_all(extra: &[PathBuf]) -> Result<Vec<Spec>, String> {
    Ok(load_sources(extra)?.into_iter().map(|(_, s)| s).collect())
}

/// The spec named `name`, from the built-ins and `extra`, with its source.
pub fn find_with_source(name: &str, extra: &[PathBuf]) -> Result<(Source, Spec), String> {
    let all = load_sources(extra)?;
    let names: Vec<String> = all.iter().map(|(_, s)| s.name.clone()).collect();
    all.into_iter()
        .find(|(_, s)| s.name == name)
        .ok_or_else(|| format!("no provider named `{name}`; known: {}", names.join(", ")))
}

/// The spec named `name`, from the built-ins and `extra`.
pub fn find(name: &str, extra: &[PathBuf]) -> Result<Spec, String> {
    find_with_source(name, extra).map(|(_, s)| s)
}

/// `path` itself if it is a file; every YAML file below it, in sorted order, if a folder
/// (skipping `target`, `tests` and hidden folders).
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
            // Build output and test fixtures (deliberately broken specs) are not specs
            // to check; name such a file directly to lint it.
            if !name.starts_with('.') && name != "target" && name != "tests" {
                collect(&e, out)?;
            }
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            out.push(e);
        }
    }
    Ok(())
}
