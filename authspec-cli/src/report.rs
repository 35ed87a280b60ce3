//! How `authspec lint` shows its diagnostics: as rustc does (the line with the span
//! underlined), one line each, or as JSON or SARIF 2.1.0 for editors and CI code scanning.
//! Every form carries the same diagnostics, in the same order.

use std::collections::HashMap;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use auth_spec::{Diagnostic, Rule, Source};
use serde_json::{Value, json};

/// The output forms of `authspec lint --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// As rustc shows errors: the offending line with the span underlined.
    Human,
    /// One `file:line:col: error: message` line per problem.
    Short,
    /// A JSON document: `{"version", "checked", "diagnostics": [...]}`.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

/// Render `problems` (found in `sources`, `checked` specs in all) in `format`. `color` adds
/// ANSI styles to the human form.
pub fn render(
    format: Format,
    problems: &[Diagnostic],
    sources: &[Source],
    checked: usize,
    color: bool,
) -> String {
    match format {
        Format::Human => human(problems, sources, color),
        Format::Short => problems.iter().map(|p| format!("{p}\n")).collect(),
        Format::Json => pretty(&json_doc(problems, checked)),
        Format::Sarif => pretty(&sarif(problems)),
    }
}

fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// rustc's layout: `error[rule]: path: message`, then `--> file:line:col` and the line.
fn human(problems: &[Diagnostic], sources: &[Source], color: bool) -> String {
    let texts: HashMap<&str, &str> = sources
        .iter()
        .map(|s| (s.name.as_str(), s.text.as_str()))
        .collect();
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for p in problems {
        let title = Level::ERROR.primary_title(p.full_message()).id(p.rule.id());
        let excerpt = texts.get(p.file.as_str()).and_then(|t| excerpt(t, p));
        let group: Group<'_> = match &excerpt {
            Some((first_line, lines, span)) => title.element(
                Snippet::source(lines.as_str())
                    .line_start(*first_line)
                    .path(p.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span.clone())),
            ),
            None => {
                let mut origin = Origin::path(p.file.as_str());
                if p.line > 0 {
                    origin = origin.line(p.line).char_column(p.column.saturating_sub(1));
                }
                title.element(origin)
            }
        };
        out.push_str(&renderer.render(&[group]));
        out.push_str("\n\n");
    }
    out
}

/// The lines a diagnostic spans, the first one's number, and the span as a byte range
/// within them. `None` when the position is outside the text.
fn excerpt(text: &str, p: &Diagnostic) -> Option<(usize, String, std::ops::Range<usize>)> {
    if p.line == 0 {
        return None;
    }
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let last = p.end_line.max(p.line);
    let chosen = lines.get(p.line - 1..last.min(lines.len()))?;
    let joined: String = chosen.concat();
    // A byte offset from a 1-based line (relative to the excerpt) and character column.
    let offset = |line: usize, column: usize| -> usize {
        let before: usize = chosen[..line].iter().map(|l| l.len()).sum();
        let this = chosen.get(line).copied().unwrap_or("");
        let within = this
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(this.trim_end_matches(['\n', '\r']).len(), |(i, _)| i);
        before + within
    };
    let start = offset(0, p.column);
    let end_line = last - p.line;
    let mut end = offset(end_line.min(chosen.len() - 1), p.end_column).max(start);
    if end == start {
        end = (start + 1..=joined.len())
            .find(|&i| joined.is_char_boundary(i))
            .unwrap_or(start);
    }
    Some((p.line, joined, start..end))
}

fn json_doc(problems: &[Diagnostic], checked: usize) -> Value {
    json!({
        "version": 1,
        "checked": checked,
        "diagnostics": problems.iter().map(|p| json!({
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "end_line": p.end_line,
            "end_column": p.end_column,
            "rule": p.rule.id(),
            "severity": "error",
            "path": p.path,
            "message": p.message,
        })).collect::<Vec<_>>(),
    })
}

/// SARIF 2.1.0: one run, the rule table, one result per diagnostic. Columns count Unicode
/// code points (`columnKind`), as the text form does.
fn sarif(problems: &[Diagnostic]) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|r| {
            json!({
                "id": r.id(),
                "shortDescription": { "text": r.summary() },
                "defaultConfiguration": { "level": "error" },
            })
        })
        .collect();
    let results: Vec<Value> = problems
        .iter()
        .map(|p| {
            let mut location = json!({
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&p.file) },
                }
            });
            if p.line > 0 {
                location["physicalLocation"]["region"] = json!({
                    "startLine": p.line,
                    "startColumn": p.column.max(1),
                    "endLine": p.end_line.max(p.line),
                    "endColumn": p.end_column.max(p.column + 1),
                });
            }
            json!({
                "ruleId": p.rule.id(),
                "ruleIndex": Rule::ALL.iter().position(|r| *r == p.rule),
                "level": "error",
                "message": { "text": p.full_message() },
                "locations": [location],
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "authspec",
                    "version": env!("CARGO_PKG_VERSION"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

/// A file path as a URI reference: relative paths stay relative, absolute ones become
/// `file://` URIs; characters a URI cannot hold are percent-encoded.
fn uri(path: &str) -> String {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    const KEEP: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'[')
        .add(b']')
        .add(b'\\')
        .add(b'^')
        .add(b'`')
        .add(b'{')
        .add(b'|')
        .add(b'}');
    let encoded = utf8_percent_encode(path, KEEP).to_string();
    if path.starts_with('/') {
        format!("file://{encoded}")
    } else {
        encoded
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag(line: usize, column: usize, end: (usize, usize)) -> Diagnostic {
        let mut d = Diagnostic::at("a.yaml", (line, column), Rule::Naming, "bad name");
        (d.end_line, d.end_column) = end;
        d
    }

    #[test]
    fn excerpt_is_the_spanned_line() {
        let text = "a: 1\nname: Bad é\nz: 2\n";
        let (first, lines, span) = excerpt(text, &diag(2, 1, (2, 12))).expect("in range");
        assert_eq!((first, lines.as_str()), (2, "name: Bad é\n"));
        assert_eq!(&lines[span], "name: Bad é");
        // A one-character span at the end of a line still underlines something.
        let (_, lines, span) = excerpt(text, &diag(3, 5, (3, 5))).expect("in range");
        assert_eq!(&lines[span], "\n");
        assert!(excerpt(text, &diag(9, 1, (9, 2))).is_none());
    }

    #[test]
    fn uris() {
        assert_eq!(uri("providers/a b.yaml"), "providers/a%20b.yaml");
        assert_eq!(uri("/tmp/x.yaml"), "file:///tmp/x.yaml");
    }
}
