//! Turning a provider's error response into a structured error a program can act on.

use std::fmt;
use std::time::{Duration, SystemTime};

use auth_spec::Spec;
use auth_spec::model::{BodyFormat, ErrorAction, ErrorId, ErrorKind, xml_element};
use http::{HeaderMap, StatusCode};
use serde_json::Value;

use super::ratelimit::RateLimitInfo;

/// Longest error message kept from a body; a provider that returns a whole HTML page as an
/// error should not fill a log line with it.
const MAX_MESSAGE: usize = 512;

/// A provider's error response, classified by its spec's error catalogue.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderError {
    /// The provider (spec name).
    pub provider: String,
    /// HTTP status.
    pub status: StatusCode,
    /// What kind of failure it is.
    pub kind: ErrorKind,
    /// The catalogue entry it matched, if any.
    pub error: Option<ErrorId>,
    /// That entry's name (`scope_denied`).
    pub name: Option<String>,
    /// The provider's own code from the body (`SCOPE_DENIED`).
    pub code: Option<String>,
    /// The provider's message from the body, or the documented one.
    pub message: Option<String>,
    /// What the matched catalogue entry says the error means.
    pub description: Option<String>,
    /// The provider's details object, when its body shape has one.
    pub details: Option<Value>,
    /// What the caller should do.
    pub action: ErrorAction,
    /// Rate-limit headers on the response.
    pub rate_limit: RateLimitInfo,
    /// How long to wait before retrying, when the response says.
    pub retry_after: Option<Duration>,
}

impl ProviderError {
    /// Whether retrying (after [`ProviderError::retry_after`]) may succeed.
    pub fn is_retryable(&self) -> bool {
        self.action == ErrorAction::Retry
    }
}

impl fmt::Display for ProviderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} answered {}", self.provider, self.status)?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        if let Some(m) = self.message.as_ref().or(self.description.as_ref()) {
            write!(f, ": {m}")?;
        }
        write!(f, " ({}; {})", kind_str(self.kind), action_str(self.action))?;
        if let Some(d) = self.retry_after {
            write!(f, "; retry after {}s", d.as_secs())?;
        }
        Ok(())
    }
}

impl std::error::Error for ProviderError {}

/// A short lowercase name for a kind, in words.
fn kind_str(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Unauthenticated => "unauthenticated",
        ErrorKind::Forbidden => "forbidden",
        ErrorKind::ScopeDenied => "scope denied",
        ErrorKind::QuotaExceeded => "quota exceeded",
        ErrorKind::RateLimited => "rate limited",
        ErrorKind::Locked => "locked",
        ErrorKind::BadRequest => "bad request",
        ErrorKind::Other => "other",
    }
}

/// What the caller should do, in words.
fn action_str(action: ErrorAction) -> &'static str {
    match action {
        ErrorAction::Retry => "retry later",
        ErrorAction::Reauthenticate => "refresh credentials and retry once",
        ErrorAction::FixRequest => "fix the request",
        ErrorAction::GiveUp => "do not retry",
    }
}

/// Classify a response: an error status, or a success whose body the spec says reports
/// an error (a GraphQL `errors` array, an `ok: false` envelope). `None` when it is not an
/// error.
pub fn classify(
    spec: &Spec,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<ProviderError> {
    classify_at(spec, status, headers, body, SystemTime::now())
}

/// Whether a success response with `status` may still report an error in its body (so the
/// client must read it before handing it over).
pub fn may_report_error(spec: &Spec, status: StatusCode) -> bool {
    status.is_success()
        && spec
            .errors
            .catalogue
            .values()
            .any(|e| e.status == status.as_u16() && e.when.is_some())
}

/// [`classify`] with an explicit clock, for reset times in tests.
pub fn classify_at(
    spec: &Spec,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Option<ProviderError> {
    let success = status.as_u16() < 400;
    if success && !may_report_error(spec, status) {
        return None;
    }
    let json: Option<Value> = serde_json::from_slice(body).ok();
    let parsed = parse_body(spec, body, json.as_ref());
    let header_matches = |(name, value): &(String, Option<String>)| {
        headers
            .get(name.as_str())
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| value.as_deref().is_none_or(|want| v.trim() == want))
    };
    let field_matches = |(path, value): &(String, Option<String>)| {
        json.as_ref()
            .and_then(|j| field(j, path))
            .is_some_and(|v| value.as_deref().is_none_or(|want| text(v) == want))
    };
    // Most specific entry first: a matching body code, a matching marker (field, header or
    // message text), a matching documented message, then any entry for the status that
    // needs nothing more; the first among equals. An entry whose matcher fails is out.
    let score = |e: &auth_spec::model::ErrorEntry| -> Option<u8> {
        let mut s = 1;
        match (&e.code, &parsed.code) {
            (Some(c), Some(got)) if c == got => s += 8,
            (Some(_), _) => return None,
            _ => {}
        }
        if let Some(w) = &e.when {
            if !field_matches(w) {
                return None;
            }
            s += 4;
        }
        if let Some(h) = &e.header {
            if !header_matches(h) {
                return None;
            }
            s += 4;
        }
        if let Some(m) = &e.message_contains {
            if !parsed
                .message
                .as_deref()
                .is_some_and(|got| got.contains(m.as_str()))
            {
                return None;
            }
            s += 4;
        }
        if e.message.is_some() && e.message == parsed.message {
            s += 2;
        }
        Some(s)
    };
    let mut entry: Option<(u8, ErrorId, &auth_spec::model::ErrorEntry)> = None;
    for (id, e) in &spec.errors.catalogue {
        if e.status != status.as_u16() || (success && e.when.is_none()) {
            continue;
        }
        if let Some(s) = score(e)
            && entry.is_none_or(|(best, _, _)| s > best)
        {
            entry = Some((s, id, e));
        }
    }
    let entry = entry.map(|(_, id, e)| (id, e));
    if success && entry.is_none() {
        return None;
    }
    let rate_limit =
        RateLimitInfo::parse_with_body(spec.rate_limit.as_ref(), headers, json.as_ref(), now);
    let (kind, action) = match entry {
        Some((_, e)) => (e.kind, e.action),
        None => default_meaning(spec, status),
    };
    let retry_after = if action == ErrorAction::Retry {
        rate_limit.wait(now)
    } else {
        rate_limit.retry_after
    };
    Some(ProviderError {
        provider: spec.name.clone(),
        status,
        kind,
        error: entry.map(|(id, _)| id),
        name: entry.map(|(_, e)| e.name.clone()),
        code: parsed.code,
        message: parsed
            .message
            .or_else(|| entry.and_then(|(_, e)| e.message.clone())),
        description: entry.map(|(_, e)| e.description.clone()),
        details: parsed.details,
        action,
        rate_limit,
        retry_after,
    })
}

/// What an undocumented status most likely means (a status the spec says signals a rate
/// limit is one, whatever its number).
fn default_meaning(spec: &Spec, status: StatusCode) -> (ErrorKind, ErrorAction) {
    if spec
        .rate_limit
        .as_ref()
        .is_some_and(|r| r.is_limited(status.as_u16()))
    {
        return (ErrorKind::RateLimited, ErrorAction::Retry);
    }
    match status.as_u16() {
        401 => (ErrorKind::Unauthenticated, ErrorAction::Reauthenticate),
        403 => (ErrorKind::Forbidden, ErrorAction::GiveUp),
        423 => (ErrorKind::Locked, ErrorAction::GiveUp),
        429 => (ErrorKind::RateLimited, ErrorAction::Retry),
        400 | 404 | 405 | 409 | 411 | 413 | 414 | 415 | 422 => {
            (ErrorKind::BadRequest, ErrorAction::FixRequest)
        }
        408 | 502 | 503 | 504 => (ErrorKind::Other, ErrorAction::Retry),
        _ => (ErrorKind::Other, ErrorAction::GiveUp),
    }
}

#[derive(Default)]
struct Parsed {
    code: Option<String>,
    message: Option<String>,
    details: Option<Value>,
}

pub(crate) use auth_spec::model::json_field as field;

/// A JSON value as text: a string as is, anything else as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Read the body in the provider's shape: the first of its body shapes whose fields the
/// response has. When the spec does not know the shape, try JSON with the usual field
/// names, then plain text.
fn parse_body(spec: &Spec, body: &[u8], json: Option<&Value>) -> Parsed {
    let as_text = || {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        (!text.is_empty()).then(|| truncate(text))
    };
    let from_json = |shape: &auth_spec::model::ErrorBody, map: &Value| -> Parsed {
        let get = |named: Option<&str>, usual: &[&str]| -> Option<String> {
            let v = match named {
                Some(n) => field(map, n),
                None => usual.iter().find_map(|u| map.get(*u)),
            }?;
            Some(truncate(&text(v)))
        };
        Parsed {
            code: get(shape.code_field.as_deref(), &["code", "error_code"]),
            message: get(
                shape.message_field.as_deref(),
                &["message", "error", "errorMessage", "detail"],
            ),
            details: match shape.details_field.as_deref() {
                Some(d) => field(map, d).cloned(),
                None => map.get("details").cloned(),
            },
        }
    };
    let shapes = &spec.errors.bodies;
    // The first shape all of whose named fields are present; else the first with any.
    let has = |shape: &auth_spec::model::ErrorBody, all: bool| -> bool {
        let named = [&shape.message_field, &shape.code_field];
        let present = |f: &Option<String>| match (f, shape.format) {
            (None, _) => None,
            (Some(p), BodyFormat::Json) => Some(json.is_some_and(|j| field(j, p).is_some())),
            (Some(p), BodyFormat::Xml) => {
                Some(std::str::from_utf8(body).is_ok_and(|d| xml_element(d, p).is_some()))
            }
            _ => None,
        };
        let results: Vec<bool> = named.iter().filter_map(|f| present(f)).collect();
        if all {
            !results.is_empty() && results.iter().all(|r| *r)
        } else {
            results.iter().any(|r| *r)
        }
    };
    let shape = shapes
        .iter()
        .find(|s| has(s, true))
        .or_else(|| shapes.iter().find(|s| has(s, false)))
        .or_else(|| shapes.first());
    let Some(shape) = shape else {
        return Parsed::default();
    };
    match shape.format {
        BodyFormat::Text => Parsed {
            message: as_text(),
            ..Parsed::default()
        },
        BodyFormat::Xml => {
            let doc = String::from_utf8_lossy(body);
            let get = |f: &Option<String>| {
                f.as_deref()
                    .and_then(|n| xml_element(&doc, n))
                    .map(|t| truncate(t.trim()))
            };
            Parsed {
                code: get(&shape.code_field),
                message: get(&shape.message_field).or_else(as_text),
                details: None,
            }
        }
        BodyFormat::Json | BodyFormat::Unspecified => match json {
            Some(map @ Value::Object(_)) => from_json(shape, map),
            _ => Parsed {
                message: as_text(),
                ..Parsed::default()
            },
        },
    }
}

fn truncate(text: &str) -> String {
    if text.len() <= MAX_MESSAGE {
        return text.to_owned();
    }
    let mut end = MAX_MESSAGE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}
