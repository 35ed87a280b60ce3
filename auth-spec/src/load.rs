//! Reading a spec: YAML (or JSON) text to the raw form, with `file:line:col` for syntax
//! and type errors; then lint and resolution to a [`Spec`], with every problem located.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics, Rule};
use crate::lint::{self, Findings};
use crate::locate::Index;
use crate::{Spec, raw};

/// A spec's text and the name diagnostics give it (usually its file path).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file (or other name) the text came from.
    pub name: String,
    /// The YAML text.
    pub text: String,
}

impl Source {
    /// A source named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            text: text.into(),
        }
    }

    /// Read a file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, Diagnostics> {
        let path = path.as_ref();
        let name = path.display().to_string();
        match std::fs::read_to_string(path) {
            Ok(text) => Ok(Self { name, text }),
            Err(e) => Err(one(
                &name,
                (0, 0),
                Rule::Unreadable,
                format!("cannot read spec: {e}"),
            )),
        }
    }
}

fn one(file: &str, at: (usize, usize), rule: Rule, message: String) -> Diagnostics {
    Diagnostics(vec![Diagnostic::at(file, at, rule, message)])
}

/// Parse, lint and resolve a spec held in memory; `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    load_parts(file, text).map(|(_, spec)| spec)
}

/// Read, parse, lint and resolve a spec file.
pub fn load_file(path: impl AsRef<Path>) -> Result<Spec, Diagnostics> {
    let source = Source::read(path)?;
    load_str(&source.name, &source.text)
}

/// Load a spec from its JSON form (the same fields as the YAML; generated crates embed
/// their spec this way, so nothing parses YAML at run time). Problems carry no position.
pub fn load_json(name: &str, json: &str) -> Result<Spec, Diagnostics> {
    let raw: raw::Spec = serde_json::from_str(json).map_err(|e| {
        let (line, column) = (e.line(), e.column());
        let rule = if e.is_syntax() || e.is_eof() {
            Rule::Syntax
        } else {
            Rule::Schema
        };
        one(name, (line, column), rule, e.to_string())
    })?;
    let mut f = Findings::default();
    lint::check(&raw, &mut f);
    let spec = crate::resolve::resolve(&raw, &mut f);
    if f.is_empty() {
        Ok(spec)
    } else {
        Err(Diagnostics(lint::locate(name, "", f)))
    }
}

/// Load several specs that are used together: each is checked alone, then the clean ones
/// as a set (provider names and key prefixes must be unique across them). Returns the
/// specs that are clean in every respect, and every problem found.
pub fn load_set(sources: &[Source]) -> (Vec<Spec>, Diagnostics) {
    let mut problems = Vec::new();
    let mut clean: Vec<(&Source, raw::Spec, Spec)> = Vec::new();
    for s in sources {
        match load_parts(&s.name, &s.text) {
            Ok((raw, spec)) => clean.push((s, raw, spec)),
            Err(d) => problems.extend(d),
        }
    }
    let set: Vec<(&Source, &raw::Spec)> = clean.iter().map(|(s, raw, _)| (*s, raw)).collect();
    let across = lint::check_set(&set);
    let refused: std::collections::HashSet<&str> = across.iter().map(|d| d.file.as_str()).collect();
    let specs = clean
        .iter()
        .filter(|(s, ..)| !refused.contains(s.name.as_str()))
        .map(|(.., spec)| spec.clone())
        .collect();
    problems.extend(across);
    (specs, Diagnostics(problems))
}

/// Every problem in `sources`, alone and as a set (see [`load_set`]).
pub fn lint_set(sources: &[Source]) -> Vec<Diagnostic> {
    load_set(sources).1.0
}

/// The raw and the resolved form of a clean spec.
pub(crate) fn load_parts(file: &str, text: &str) -> Result<(raw::Spec, Spec), Diagnostics> {
    let raw = parse(file, text)?;
    let mut f = Findings::default();
    lint::check(&raw, &mut f);
    let spec = crate::resolve::resolve(&raw, &mut f);
    if f.is_empty() {
        Ok((raw, spec))
    } else {
        Err(Diagnostics(lint::locate(file, text, f)))
    }
}

/// YAML text to the raw form: syntax and types only.
fn parse(file: &str, text: &str) -> Result<raw::Spec, Diagnostics> {
    if text.trim().is_empty() {
        let message = "the spec is empty; it needs at least `spec_version`, `name`, `title`, `base_url`, `credentials` and `errors`";
        return Err(one(file, (1, 1), Rule::Schema, message.to_owned()));
    }
    if let Err(deep) = crate::depth::check(text) {
        let message = format!(
            "nesting deeper than {} levels; no spec needs that many, so the file is refused unread",
            crate::depth::MAX_DEPTH
        );
        return Err(one(file, (deep.line, deep.column), Rule::Syntax, message));
    }
    serde_yaml_ng::from_str::<raw::Spec>(text)
        .map_err(|e| Diagnostics(vec![from_yaml_error(file, text, &e)]))
}

fn from_yaml_error(file: &str, text: &str, e: &serde_yaml_ng::Error) -> Diagnostic {
    // From the byte index, not the parser's own line count, which also breaks at U+2028.
    let (mut line, mut column) = e
        .location()
        .map_or((1, 1), |l| crate::diag::position(text, l.index()));
    let mut end = (line, column + 1);
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the location is already in front.
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
    }
    // A scanner or parser error is syntax; the rest (serde's) is about fields and types.
    let rule = if saphyr_parser::Parser::new_from_str(text).any(|ev| ev.is_err()) {
        Rule::Syntax
    } else {
        Rule::Schema
    };
    let index = Index::new(text);
    if let Some(e) = index.scalar_end((line, column)) {
        end = e.max(end);
    }
    // serde places these at the enclosing mapping; point at the offending key instead.
    for (marker, nth) in [("unknown field `", 0), ("duplicate key `", 1)] {
        let Some(start) = message.find(marker).map(|i| i + marker.len()) else {
            continue;
        };
        let Some(len) = message[start..].find('`') else {
            continue;
        };
        let key = message[start..start + len].to_owned();
        if let Some((path, span)) = index.key_after(&key, (line, column), nth) {
            let detail = message
                .split_once(": ")
                .map_or(message.as_str(), |(_, d)| d);
            message = format!("{path}: {detail}");
            ((line, column), end) = span;
        }
    }
    Diagnostic {
        file: file.to_owned(),
        line,
        column,
        end_line: end.0,
        end_column: end.1,
        rule,
        path: None,
        message,
    }
}
