//! Reading a spec from YAML text: syntax and type errors with `file:line:col`, then lint,
//! then normalisation of shorthand forms.

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::locate::Index;
use crate::model::{Credential, Part, Spec};

/// Parse a spec without semantic checks: only syntax and types are verified.
///
/// Use [`load_str`] unless you lint separately (as `authspec lint` does for many files).
/// Shorthand credentials are *not* normalised, so paths in later diagnostics match the text.
pub fn parse_str(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    if text.trim().is_empty() {
        let message = "the spec is empty; it needs at least `spec_version`, `name`, `title`, `base_url`, `credentials` and `errors`";
        return Err(Diagnostics(vec![Diagnostic {
            file: file.to_owned(),
            line: 1,
            column: 1,
            path: None,
            message: message.to_owned(),
        }]));
    }
    serde_yaml_ng::from_str::<Spec>(text)
        .map_err(|e| Diagnostics(vec![from_yaml_error(file, text, &e)]))
}

/// Parse, lint and normalise a spec held in memory; `file` names it in diagnostics.
pub fn load_str(file: &str, text: &str) -> Result<Spec, Diagnostics> {
    let mut spec = parse_str(file, text)?;
    let problems = crate::lint::lint(file, text, &spec);
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    normalize(&mut spec);
    Ok(spec)
}

/// Read, parse, lint and normalise a spec file.
pub fn load_file(path: impl AsRef<Path>) -> Result<Spec, Diagnostics> {
    let path = path.as_ref();
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostics(vec![Diagnostic {
            file: file.clone(),
            line: 0,
            column: 0,
            path: None,
            message: format!("cannot read spec: {e}"),
        }])
    })?;
    load_str(&file, &text)
}

/// Turn the single-part shorthand (`env`/`format` on the credential) into one part named
/// [`Credential::SHORTHAND_PART`], so the engine and generator see one shape only.
pub(crate) fn normalize(spec: &mut Spec) {
    for cred in spec.credentials.values_mut() {
        if cred.parts.is_empty() {
            let part = Part {
                description: None,
                env: cred.env.take(),
                secret: true,
                format: cred.format.take(),
            };
            cred.parts
                .insert(Credential::SHORTHAND_PART.to_owned(), part);
        }
    }
}

fn from_yaml_error(file: &str, text: &str, e: &serde_yaml_ng::Error) -> Diagnostic {
    // From the byte index, not the parser's own line count, which also breaks at U+2028.
    let (mut line, mut column) = e
        .location()
        .map_or((1, 1), |l| crate::diag::position(text, l.index()));
    let mut message = e.to_string();
    // serde_yaml appends " at line L column C"; the location is already in front.
    if let Some(at) = message.find(" at line ") {
        message.truncate(at);
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
        let index = Index::new(text);
        if let Some((path, pos)) = index.key_after(&key, (line, column), nth) {
            let detail = message
                .split_once(": ")
                .map_or(message.as_str(), |(_, d)| d);
            message = format!("{path}: {detail}");
            (line, column) = pos;
        }
    }
    Diagnostic {
        file: file.to_owned(),
        line,
        column,
        path: None,
        message,
    }
}
