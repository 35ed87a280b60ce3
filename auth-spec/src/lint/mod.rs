//! Semantic checks: what serde cannot see.
//!
//! Each check names the YAML path of what it objects to; positions are looked up once at
//! the end, and only when there is something to report, so a clean spec costs no extra
//! YAML pass.

mod credentials;
mod documented;
mod exchange;
mod operations;
mod policy;
mod prefixes;
mod wire;

use crate::Source;
use crate::diag::{Diagnostic, Rule};
use crate::locate::Index;
use crate::raw::Spec;

/// Problems found so far in one spec: `(rule, YAML path, message)`.
#[derive(Default)]
pub(crate) struct Findings(Vec<(Rule, String, String)>);

impl Findings {
    /// Whether nothing was found.
    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Report `message`, a breach of `rule`, about the node at `path`.
    pub(crate) fn at(&mut self, rule: Rule, path: impl Into<String>, message: impl Into<String>) {
        self.0.push((rule, path.into(), message.into()));
    }
}

/// Run every single-spec check on `spec` (the raw form, whose shapes some checks are
/// about); reference checks happen where references are resolved ([`crate::resolve`]).
pub(crate) fn check(spec: &Spec, f: &mut Findings) {
    policy::check(spec, f);
    credentials::check(spec, f);
    operations::check(spec, f);
    exchange::check(spec, f);
    wire::check(spec, f);
    prefixes::check_within(spec, f);
    documented::check(spec, f);
}

/// Checks that span several specs loaded together: provider names and key prefixes must be
/// unique across the set, or `identify` could not tell providers apart. Diagnostics point at
/// the later of two clashing specs.
pub(crate) fn check_set(specs: &[(&Source, &Spec)]) -> Vec<Diagnostic> {
    let mut per_spec: Vec<Findings> = specs.iter().map(|_| Findings::default()).collect();
    let mut seen = std::collections::HashMap::new();
    for (i, (source, spec)) in specs.iter().enumerate() {
        if let Some(first) = seen.insert(spec.name.as_str(), source.name.as_str()) {
            per_spec[i].at(
                Rule::Naming,
                "name",
                format!("provider name `{}` is also used by {first}", spec.name),
            );
        }
    }
    let named: Vec<(&str, &Spec)> = specs
        .iter()
        .map(|(s, spec)| (s.name.as_str(), *spec))
        .collect();
    prefixes::check_across(&named, &mut per_spec);
    let mut out = Vec::new();
    for ((source, _), f) in specs.iter().zip(per_spec) {
        out.extend(locate(&source.name, &source.text, f));
    }
    out
}

pub(crate) fn locate(file: &str, text: &str, f: Findings) -> Vec<Diagnostic> {
    if f.0.is_empty() {
        return Vec::new();
    }
    let index = Index::new(text);
    let mut out: Vec<Diagnostic> =
        f.0.into_iter()
            .map(|(rule, path, message)| {
                let ((line, column), (end_line, end_column)) = index.span(&path);
                Diagnostic {
                    file: file.to_owned(),
                    line,
                    column,
                    end_line,
                    end_column,
                    rule,
                    path: Some(path),
                    message,
                }
            })
            .collect();
    out.sort_by_key(|d| (d.line, d.column));
    out
}

/// `a, b and c` with backticks, for "expected one of" messages.
pub(crate) fn list<S: AsRef<str>>(names: impl IntoIterator<Item = S>) -> String {
    let names: Vec<String> = names
        .into_iter()
        .map(|n| format!("`{}`", n.as_ref()))
        .collect();
    match names.len() {
        0 => "none".to_owned(),
        _ => names.join(", "),
    }
}
