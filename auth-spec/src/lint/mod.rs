//! Semantic checks: what serde cannot see.
//!
//! Each check names the YAML path of what it objects to; positions are looked up once at
//! the end, and only when there is something to report, so a clean spec costs no extra
//! YAML pass.

mod credentials;
mod operations;
mod policy;
mod prefixes;
mod wire;

use crate::diag::Diagnostic;
use crate::locate::Index;
use crate::model::Spec;

/// Problems found so far in one spec, by YAML path.
#[derive(Default)]
pub(crate) struct Findings(Vec<(String, String)>);

impl Findings {
    /// Report `message` about the node at `path`.
    pub(crate) fn at(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push((path.into(), message.into()));
    }
}

/// Check one spec. `file` names it in diagnostics and `text` is the YAML it was parsed
/// from (used to find lines). Returns every problem, in file order; empty means clean.
pub fn lint(file: &str, text: &str, spec: &Spec) -> Vec<Diagnostic> {
    let mut f = Findings::default();
    policy::check(spec, &mut f);
    credentials::check(spec, &mut f);
    operations::check(spec, &mut f);
    wire::check(spec, &mut f);
    prefixes::check_within(spec, &mut f);
    locate(file, text, f)
}

/// Checks that span several specs loaded together: provider names and key prefixes must be
/// unique across the set, or `identify` could not tell providers apart.
///
/// Each entry is `(file, text, spec)`, as for [`lint`]; diagnostics point at the later of
/// two clashing specs.
pub fn lint_set(specs: &[(&str, &str, &Spec)]) -> Vec<Diagnostic> {
    let mut per_spec: Vec<Findings> = specs.iter().map(|_| Findings::default()).collect();
    let mut seen = std::collections::HashMap::new();
    for (i, (file, _, spec)) in specs.iter().enumerate() {
        if let Some(first) = seen.insert(spec.name.as_str(), *file) {
            per_spec[i].at(
                "name",
                format!("provider name `{}` is also used by {first}", spec.name),
            );
        }
    }
    prefixes::check_across(specs, &mut per_spec);
    let mut out = Vec::new();
    for ((file, text, _), f) in specs.iter().zip(per_spec) {
        out.extend(locate(file, text, f));
    }
    out
}

fn locate(file: &str, text: &str, f: Findings) -> Vec<Diagnostic> {
    if f.0.is_empty() {
        return Vec::new();
    }
    let index = Index::new(text);
    let mut out: Vec<Diagnostic> =
        f.0.into_iter()
            .map(|(path, message)| {
                let (line, column) = index.find(&path);
                Diagnostic {
                    file: file.to_owned(),
                    line,
                    column,
                    path: Some(path),
                    message,
                }
            })
            .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// `a, b and c` with backticks, for "expected one of" messages.
pub(crate) fn list<'a>(names: impl IntoIterator<Item = &'a String>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.len() {
        0 => "none".to_owned(),
        _ => names.join(", "),
    }
}
