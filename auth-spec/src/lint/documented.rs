//! What the documentation's own responses (the spec's response vectors) show, checked
//! against how the spec says to read them: a field path no documented body has, a reset
//! time whose unit the documented value contradicts. These catch misreadings that would
//! otherwise pass silently (`error.mesage` never found; a reset in milliseconds read as
//! seconds).

use serde_json::Value;

use super::Findings;
use crate::diag::Rule;
use crate::model::{BodyFormat, ResetFormat, json_field, xml_element};
use crate::raw::Spec;

/// A documented response: its vector's path, status, headers and body.
struct Documented<'a> {
    path: String,
    status: u16,
    headers: Vec<(&'a str, &'a str)>,
    body: Option<&'a str>,
    json: Option<Value>,
}

fn documented(spec: &Spec) -> Vec<Documented<'_>> {
    spec.examples
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let r = e.response.as_ref()?;
            Some(Documented {
                path: format!("examples[{i}].response"),
                status: r.status,
                headers: r
                    .headers
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect(),
                body: r.body.as_deref(),
                json: r
                    .body
                    .as_deref()
                    .and_then(|b| serde_json::from_str::<Value>(b).ok())
                    .filter(Value::is_object),
            })
        })
        .collect()
}

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    let docs = documented(spec);
    if docs.is_empty() {
        return;
    }
    field_paths(spec, &docs, f);
    resets(spec, &docs, f);
}

/// Whether `doc` has `path` in `format`.
fn has(doc: &Documented<'_>, format: BodyFormat, path: &str) -> bool {
    match format {
        BodyFormat::Xml => doc.body.is_some_and(|b| xml_element(b, path).is_some()),
        _ => doc
            .json
            .as_ref()
            .is_some_and(|j| json_field(j, path).is_some()),
    }
}

/// Each field path must lead somewhere in at least one documented body it applies to
/// (when the spec documents any such body).
fn field_paths(spec: &Spec, docs: &[Documented<'_>], f: &mut Findings) {
    let e = &spec.errors;
    let shapes: Vec<(String, &crate::model::ErrorBody)> = match &e.body {
        Some(b) => vec![("errors.body".to_owned(), b)],
        None => e
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("errors.bodies[{i}]"), b))
            .collect(),
    };
    let readable = |format: BodyFormat, d: &Documented<'_>| match format {
        BodyFormat::Xml => d.body.is_some_and(|b| b.trim_start().starts_with('<')),
        BodyFormat::Json => d.json.is_some(),
        BodyFormat::Text | BodyFormat::Unspecified => false,
    };
    if let [(spath, shape)] = shapes.as_slice() {
        // One shape: every documented body is written in it, so its message and code
        // paths must lead somewhere in at least one (details are often optional).
        let in_format: Vec<&Documented<'_>> =
            docs.iter().filter(|d| readable(shape.format, d)).collect();
        for (field, value) in [
            ("message_field", &shape.message_field),
            ("code_field", &shape.code_field),
        ] {
            let Some(v) = value.as_deref().filter(|v| crate::model::is_field_path(v)) else {
                continue;
            };
            if !in_format.is_empty() && !in_format.iter().any(|d| has(d, shape.format, v)) {
                f.at(
                    Rule::FieldPath,
                    format!("{spath}.{field}"),
                    format!(
                        "`{v}` is in none of the documented error bodies ({}); the engine would never find it",
                        list_paths(&in_format)
                    ),
                );
            }
        }
    } else if shapes.len() > 1 {
        // Several shapes: each documented error body must be read by one of them.
        for d in docs.iter().filter(|d| d.status >= 400) {
            let read = shapes.iter().any(|(_, shape)| {
                readable(shape.format, d)
                    && [&shape.message_field, &shape.code_field]
                        .into_iter()
                        .flatten()
                        .any(|v| has(d, shape.format, v))
            });
            let some_shape_reads_fields = shapes.iter().any(|(_, s)| {
                readable(s.format, d) && (s.message_field.is_some() || s.code_field.is_some())
            });
            if some_shape_reads_fields && !read {
                f.at(
                    Rule::FieldPath,
                    format!("{}.body", d.path),
                    "no error body shape finds its message or code in this documented body",
                );
            }
        }
    }
    // A `when` field must be in a documented body of its status, if there is one.
    for (name, entry) in &e.catalogue {
        let Some(w) = &entry.when else { continue };
        if !crate::model::is_field_path(&w.field) {
            continue;
        }
        let same: Vec<&Documented<'_>> = docs
            .iter()
            .filter(|d| d.status == entry.status && d.json.is_some())
            .collect();
        if !same.is_empty() && !same.iter().any(|d| has(d, BodyFormat::Json, &w.field)) {
            f.at(
                Rule::FieldPath,
                format!("errors.catalogue.{name}.when.field"),
                format!(
                    "`{}` is in none of the documented {} bodies ({})",
                    w.field,
                    entry.status,
                    list_paths(&same)
                ),
            );
        }
    }
    // A wait in a body field must be in a documented rate-limited body, if there is one.
    if let Some(r) = &spec.rate_limit
        && let Some(field) = r.retry_after.as_ref().and_then(|ra| ra.field.as_deref())
        && crate::model::is_field_path(field)
    {
        let statuses = r.status.as_ref().map(crate::raw::Statuses::list);
        let limited: Vec<&Documented<'_>> = docs
            .iter()
            .filter(|d| {
                d.json.is_some() && statuses.as_ref().is_some_and(|s| s.contains(&d.status))
            })
            .collect();
        if !limited.is_empty() && !limited.iter().any(|d| has(d, BodyFormat::Json, field)) {
            f.at(
                Rule::FieldPath,
                "rate_limit.retry_after.field",
                format!(
                    "`{field}` is in none of the documented rate-limited bodies ({})",
                    list_paths(&limited)
                ),
            );
        }
    }
}

fn list_paths(docs: &[&Documented<'_>]) -> String {
    super::list(docs.iter().map(|d| d.path.as_str()))
}

/// Unix times after this (in seconds) are in the year 5138: the value is milliseconds.
const SECONDS_CEILING: f64 = 1e11;

/// A documented reset or wait value must read sensibly in the format the spec gives it.
fn resets(spec: &Spec, docs: &[Documented<'_>], f: &mut Findings) {
    let Some(r) = &spec.rate_limit else { return };
    let mut headers: Vec<(&str, ResetFormat)> = Vec::new();
    if let (Some(h), Some(fm)) = (&r.reset_header, r.reset_format) {
        headers.push((h, fm));
    }
    for l in &r.limits {
        if let (Some(h), Some(fm)) = (&l.reset_header, l.reset_format) {
            headers.push((h, fm));
        }
    }
    if let Some(ra) = &r.retry_after
        && let (Some(h), Some(fm)) = (&ra.header, ra.format)
    {
        headers.push((h, fm));
    }
    for d in docs {
        for (name, value) in &d.headers {
            let Some((_, format)) = headers.iter().find(|(h, _)| h.eq_ignore_ascii_case(name))
            else {
                continue;
            };
            if let Some(why) = misread(value.trim(), *format) {
                f.at(
                    Rule::RateLimitReset,
                    format!("{}.headers.{name}", d.path),
                    format!("`{value}` read as `{}` {why}", format_name(*format)),
                );
            }
        }
    }
}

/// Why `value` cannot be a reset written as `format`, if it cannot.
fn misread(value: &str, format: ResetFormat) -> Option<String> {
    let number = value.parse::<f64>().ok().filter(|n| n.is_finite());
    match format {
        ResetFormat::UnixSeconds => match number {
            None => Some("is not a number".to_owned()),
            Some(n) if n >= SECONDS_CEILING => {
                Some("lies thousands of years ahead: it is milliseconds (`unix_millis`)".to_owned())
            }
            Some(_) => None,
        },
        ResetFormat::UnixMillis => match number {
            None => Some("is not a number".to_owned()),
            Some(n) if n < SECONDS_CEILING => {
                Some("lies in 1970: it is seconds (`unix_seconds`)".to_owned())
            }
            Some(_) => None,
        },
        ResetFormat::DeltaSeconds | ResetFormat::DeltaMillis => {
            number.is_none().then(|| "is not a number".to_owned())
        }
        ResetFormat::HttpDate => (!value.ends_with("GMT"))
            .then(|| "is not an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`)".to_owned()),
        ResetFormat::Rfc3339 => {
            let b = value.as_bytes();
            let ok = b.len() >= 20
                && b[4] == b'-'
                && b[7] == b'-'
                && matches!(b[10], b'T' | b't' | b' ');
            (!ok).then(|| "is not an RFC 3339 date-time".to_owned())
        }
        ResetFormat::Duration => (number.is_some()
            || !value.ends_with(|c: char| c.is_ascii_alphabetic()))
        .then(|| "is not a duration with units (`6m0s`, `2.5s`)".to_owned()),
    }
}

fn format_name(format: ResetFormat) -> &'static str {
    match format {
        ResetFormat::UnixSeconds => "unix_seconds",
        ResetFormat::UnixMillis => "unix_millis",
        ResetFormat::DeltaSeconds => "delta_seconds",
        ResetFormat::DeltaMillis => "delta_millis",
        ResetFormat::HttpDate => "http_date",
        ResetFormat::Rfc3339 => "rfc3339",
        ResetFormat::Duration => "duration",
    }
}
