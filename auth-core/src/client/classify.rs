//! Turning a provider's error response into a structured error a program can act on.

use std::fmt;
use std::time::{Duration, SystemTime};

use auth_spec::Spec;
use auth_spec::model::{BodyFormat, ErrorAction, ErrorId, ErrorKind};
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

/// Classify a response. `None` for success and redirects (status below 400).
pub fn classify(
    spec: &Spec,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<ProviderError> {
    classify_at(spec, status, headers, body, SystemTime::now())
}

/// [`classify`] with an explicit clock, for reset times in tests.
pub fn classify_at(
    spec: &Spec,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    now: SystemTime,
) -> Option<ProviderError> {
    if status.as_u16() < 400 {
        return None;
    }
    let parsed = parse_body(spec, body);
    // Most specific entry first: a matching body code, then a matching documented
    // message, then any entry for the status that needs no code; the first among equals.
    let score = |e: &auth_spec::model::ErrorEntry| match (&e.code, &parsed.code) {
        (Some(c), Some(got)) if c == got => Some(4),
        (Some(_), _) => None,
        (None, _) if e.message.is_some() && e.message == parsed.message => Some(2),
        (None, _) => Some(1),
    };
    let mut entry: Option<(u8, ErrorId, &auth_spec::model::ErrorEntry)> = None;
    for (id, e) in &spec.errors.catalogue {
        if e.status != status.as_u16() {
            continue;
        }
        if let Some(s) = score(e)
            && entry.is_none_or(|(best, _, _)| s > best)
        {
            entry = Some((s, id, e));
        }
    }
    let entry = entry.map(|(_, id, e)| (id, e));
    let rate_limit = RateLimitInfo::parse(spec.rate_limit.as_ref(), headers, now);
    let (kind, action) = match entry {
        Some((_, e)) => (e.kind, e.action),
        None => default_meaning(status),
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

/// What an undocumented status most likely means.
fn default_meaning(status: StatusCode) -> (ErrorKind, ErrorAction) {
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

/// Read the body in the provider's shape. When the spec does not know the shape, try
/// JSON with the usual field names, then plain text.
fn parse_body(spec: &Spec, body: &[u8]) -> Parsed {
    let shape = &spec.errors.body;
    let as_text = || {
        let text = String::from_utf8_lossy(body);
        let text = text.trim();
        (!text.is_empty()).then(|| truncate(text))
    };
    match shape.format {
        BodyFormat::Text => Parsed {
            message: as_text(),
            ..Parsed::default()
        },
        BodyFormat::Json | BodyFormat::Unspecified => match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => {
                let field = |named: Option<&str>, usual: &[&str]| -> Option<String> {
                    let v = match named {
                        Some(n) => map.get(n),
                        None => usual.iter().find_map(|u| map.get(*u)),
                    }?;
                    Some(truncate(&match v {
                        Value::String(s) => s.clone(),
                        other => other.to_string(),
                    }))
                };
                Parsed {
                    code: field(shape.code_field.as_deref(), &["code", "error_code"]),
                    message: field(
                        shape.message_field.as_deref(),
                        &["message", "error", "errorMessage", "detail"],
                    ),
                    details: shape
                        .details_field
                        .as_deref()
                        .or(Some("details"))
                        .and_then(|d| map.get(d).cloned()),
                }
            }
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
