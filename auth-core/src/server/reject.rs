//! Refusing a request the way the provider does: its status, its error body shape and
//! code, its rate-limit headers.

use std::time::{SystemTime, UNIX_EPOCH};

use auth_spec::Spec;
use auth_spec::model::{BodyFormat, ErrorEntry, ErrorId, ErrorKind, ResetFormat};
use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue, StatusCode};

/// Why a request was refused. The texts never contain a credential.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Problem {
    /// No accepted credential was presented.
    #[error("no credential was presented")]
    Missing,
    /// A credential slot held something unreadable, repeated, partial or empty.
    #[error("the credential is malformed: {0}")]
    Malformed(&'static str),
    /// Credentials were presented in more than one place.
    #[error("credentials were presented in more than one place")]
    Ambiguous,
    /// The credential does not have the format the spec gives.
    #[error("the credential does not have the expected format")]
    BadFormat,
    /// No such key.
    #[error("the credential is not known")]
    Unknown,
    /// The key or token has expired.
    #[error("the credential has expired")]
    Expired,
    /// The key is bound to another value of a context parameter (another tenant).
    #[error("the credential is not valid for this `{0}`")]
    ContextMismatch(String),
    /// The key lacks scopes the operation needs.
    #[error("missing scopes: {}", .0.join(", "))]
    MissingScopes(Vec<String>),
    /// The key violates a restriction the operation has (org-wide, workspace).
    #[error("the key does not satisfy restriction `{0}`")]
    Restricted(String),
    /// A required context parameter is absent.
    #[error("required parameter `{0}` is missing")]
    MissingParameter(String),
    /// A context parameter is repeated, conflicting or badly formed.
    #[error("parameter `{0}` is invalid")]
    InvalidParameter(String),
    /// The account is locked (too many failed logins).
    #[error("the account is locked")]
    Locked,
    /// Too many requests.
    #[error("rate limit exceeded")]
    RateLimited,
    /// The request body is larger than the verifier reads.
    #[error("the request body is too large")]
    BodyTooLarge,
    /// The resource (a key id in the path) does not exist.
    #[error("no such {0}")]
    NotFound(String),
    /// Anything else wrong with the request, with a message safe to show.
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A signature (HMAC, JWT, Digest answer) does not verify.
    #[error("the signature does not verify")]
    BadSignature,
    /// A signed request's timestamp, JWT or Digest nonce is too old (or too far ahead).
    #[error("the signed request is stale")]
    Stale,
    /// A nonce, JWT or Digest nonce count was seen before.
    #[error("the signed request was replayed")]
    Replayed,
    /// The request could not be checked: a store the verifier needs (keys, lockouts, rate
    /// limits) did not answer in time. Refused, never let through.
    #[error("the service is temporarily unavailable")]
    Unavailable,
    /// The path is not in its one canonical spelling.
    #[error("{0}")]
    NonCanonicalPath(crate::route::NonCanonical),
    /// The request names its workspace in a way that could be read two ways.
    #[error("{0}")]
    AmbiguousWorkspace(super::Ambiguity),
    /// The key may not act on the key the path names (in path parameter `{0}`).
    #[error("this key may not act on the key named by `{0}`")]
    KeyAccess(String),
}

/// A refusal, ready to be sent: status, headers and the provider-shaped body.
///
/// Boxed inside so that `Result<_, Rejection>` stays small on the success path.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{}: {}", .0.status, .0.problem)]
pub struct Rejection(Box<Inner>);

#[derive(Debug, Clone)]
struct Inner {
    problem: Problem,
    status: StatusCode,
    error: Option<String>,
    headers: HeaderMap,
    body: Bytes,
}

impl Rejection {
    /// Render `problem` as `spec`'s provider would answer it.
    ///
    /// The catalogue entry is the one the spec names for the case (a restriction's `error`,
    /// a parameter's `missing_error`, the rate limit's `error`), else the first entry of the
    /// matching kind; without one, a bare status with its reason phrase.
    pub fn new(spec: &Spec, problem: Problem) -> Self {
        let named = |id: Option<ErrorId>| {
            id.and_then(|id| spec.errors.catalogue.by_id(id))
                .map(|e| (e.name.as_str(), e))
        };
        let by_kind = |kind: ErrorKind| {
            spec.errors
                .catalogue
                .values()
                .find(|e| e.kind == kind)
                .map(|e| (e.name.as_str(), e))
        };
        // A refused signature or nonce is answered with the entry whose code or message
        // names it (Kraken's `EAPI:Invalid signature`, `EAPI:Invalid nonce`) when the spec
        // has one, else as any unauthenticated request.
        let naming = |words: &[&str]| {
            spec.errors
                .catalogue
                .values()
                .filter(|e| e.kind == ErrorKind::Unauthenticated)
                .find(|e| {
                    let text = format!(
                        "{} {}",
                        e.code.as_deref().unwrap_or(""),
                        e.message.as_deref().unwrap_or("")
                    )
                    .to_ascii_lowercase();
                    words.iter().any(|w| text.contains(w))
                })
                .map(|e| (e.name.as_str(), e))
                .or_else(|| by_kind(ErrorKind::Unauthenticated))
        };
        let (entry, status, fallback): (Option<(&str, &ErrorEntry)>, u16, Option<String>) =
            match &problem {
                Problem::BadSignature => (naming(&["signature"]), 401, None),
                Problem::Replayed | Problem::Stale => (naming(&["nonce", "timestamp"]), 401, None),
                Problem::Missing
                | Problem::Malformed(_)
                | Problem::Ambiguous
                | Problem::BadFormat
                | Problem::Unknown
                | Problem::Expired
                | Problem::ContextMismatch(_) => (by_kind(ErrorKind::Unauthenticated), 401, None),
                Problem::MissingScopes(_) | Problem::KeyAccess(_) => {
                    (by_kind(ErrorKind::Forbidden), 403, None)
                }
                Problem::Restricted(r) => (
                    named(spec.restrictions.get(r).and_then(|r| r.error))
                        .or_else(|| by_kind(ErrorKind::Forbidden)),
                    403,
                    None,
                ),
                Problem::MissingParameter(p) => (
                    named(spec.parameters.get(p).and_then(|p| p.missing_error)),
                    400,
                    Some(format!("Missing '{}' parameter", wire_name(spec, p))),
                ),
                Problem::InvalidParameter(p) => (
                    None,
                    400,
                    Some(format!("Invalid '{}' parameter", wire_name(spec, p))),
                ),
                Problem::Locked => (by_kind(ErrorKind::Locked), 423, None),
                Problem::RateLimited => {
                    let rl = spec.rate_limit.as_ref();
                    (
                        named(rl.and_then(|r| r.error)).or_else(|| by_kind(ErrorKind::RateLimited)),
                        rl.and_then(|r| r.statuses.first().copied()).unwrap_or(429),
                        None,
                    )
                }
                Problem::BodyTooLarge => (None, 413, None),
                Problem::NotFound(what) => (None, 404, Some(format!("No such {what}"))),
                Problem::BadRequest(m) => (None, 400, Some(m.clone())),
                // The provider's own 5xx answer when its catalogue has one (503 first).
                Problem::Unavailable => (
                    spec.errors
                        .catalogue
                        .values()
                        .filter(|e| e.status >= 500)
                        .min_by_key(|e| (e.status != 503, e.status))
                        .map(|e| (e.name.as_str(), e)),
                    503,
                    None,
                ),
                Problem::NonCanonicalPath(e) => (None, 400, Some(capitalise(&e.to_string()))),
                Problem::AmbiguousWorkspace(e) => (None, 400, Some(capitalise(&e.to_string()))),
            };
        let status = entry
            .map(|(_, e)| e.status)
            .and_then(|s| StatusCode::from_u16(s).ok())
            .or_else(|| StatusCode::from_u16(status).ok())
            .unwrap_or(StatusCode::BAD_REQUEST);
        let message = entry
            .map(|(_, e)| message_of(e))
            .or(fallback)
            .unwrap_or_else(|| status.canonical_reason().unwrap_or("Error").to_owned());
        let code = entry.and_then(|(_, e)| e.code.clone());
        let (content_type, body) = render(spec, &message, code.as_deref());
        let mut headers = HeaderMap::new();
        headers.insert(
            http::header::CONTENT_TYPE,
            HeaderValue::from_static(content_type),
        );
        Rejection(Box::new(Inner {
            problem,
            status,
            error: entry.map(|(n, _)| n.to_owned()),
            headers,
            body,
        }))
    }

    /// Why the request was refused.
    pub fn problem(&self) -> &Problem {
        &self.0.problem
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.0.status
    }

    /// The catalogue entry answered with, if the spec has one for the case.
    pub fn error(&self) -> Option<&str> {
        self.0.error.as_deref()
    }

    /// Headers sent with the refusal (add rate-limit headers here).
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.0.headers
    }

    /// The body bytes.
    pub fn body(&self) -> &Bytes {
        &self.0.body
    }

    /// The refusal as an HTTP response.
    pub fn to_response<B: From<Bytes>>(&self) -> http::Response<B> {
        let mut res = http::Response::new(B::from(self.0.body.clone()));
        *res.status_mut() = self.0.status;
        *res.headers_mut() = self.0.headers.clone();
        res
    }
}

/// `the path…` → `The path…`, for a message shown as a sentence.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// The wire name of a context parameter (`teamID` for `team_id`).
fn wire_name<'a>(spec: &'a Spec, param: &'a str) -> &'a str {
    spec.parameters
        .get(param)
        .and_then(|p| p.placements.get(p.preferred))
        .map_or(param, |p| p.name.as_str())
}

/// An entry's documented message, else the first sentence of its description.
fn message_of(e: &ErrorEntry) -> String {
    if let Some(m) = &e.message {
        return m.clone();
    }
    let d = e.description.trim();
    d.split_once(". ")
        .map_or(d, |(first, _)| first)
        .trim_end_matches('.')
        .to_owned()
}

/// A provider-shaped error body: `(content type, bytes)`.
///
/// JSON bodies carry the spec's message, code and details fields (`details` as `{}`); a
/// provider whose format is unspecified or text gets the message as plain text, which is
/// what the documentation shows literally (Weevio's `Missing 'teamID' parameter!`).
pub fn render(spec: &Spec, message: &str, code: Option<&str>) -> (&'static str, Bytes) {
    let body = &spec.errors.body;
    match body.format {
        BodyFormat::Json => {
            let mut doc = serde_json::Value::Object(Default::default());
            // Details first: a message at `errors[0].detail` goes inside details at `errors`.
            if let Some(field) = &body.details_field
                && field != body.message_field.as_deref().unwrap_or("message")
            {
                set_path(
                    &mut doc,
                    field,
                    serde_json::Value::Object(Default::default()),
                );
            }
            let message_field = body.message_field.as_deref().unwrap_or("message");
            set_path(&mut doc, message_field, message.into());
            if let (Some(field), Some(code)) = (&body.code_field, code) {
                set_path(&mut doc, field, code.into());
            }
            let bytes = serde_json::to_vec(&doc).unwrap_or_default();
            ("application/json", Bytes::from(bytes))
        }
        BodyFormat::Xml => {
            let esc = |t: &str| {
                t.replace('&', "&amp;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;")
            };
            let tag = |name: Option<&str>, default: &str| {
                // A path's last key names the element.
                name.and_then(|n| n.rsplit('.').next())
                    .unwrap_or(default)
                    .to_owned()
            };
            let m = tag(body.message_field.as_deref(), "Message");
            let mut xml = format!("<Error><{m}>{}</{m}>", esc(message));
            if let (Some(field), Some(code)) = (&body.code_field, code) {
                let c = tag(Some(field), "Code");
                xml.push_str(&format!("<{c}>{}</{c}>", esc(code)));
            }
            xml.push_str("</Error>");
            ("application/xml", Bytes::from(xml))
        }
        BodyFormat::Text | BodyFormat::Unspecified => {
            ("text/plain; charset=utf-8", Bytes::from(message.to_owned()))
        }
    }
}

/// Write `value` at `path` (`error.message`, `errors[0].detail`, `errors[].code`) in
/// `doc`, making the objects and arrays on the way (`[]` writes the first element): how a
/// server writes the fields a spec names by path.
pub fn set_path(doc: &mut serde_json::Value, path: &str, value: serde_json::Value) {
    use serde_json::Value;
    let mut v = doc;
    let segments: Vec<&str> = path.split('.').collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let name = seg.split('[').next().unwrap_or(seg);
        let indexes: Vec<usize> = seg[name.len()..]
            .split(']')
            .filter_map(|x| x.strip_prefix('['))
            .map(|n| n.parse().unwrap_or(0))
            .collect();
        if !name.is_empty() {
            if !v.is_object() {
                *v = Value::Object(Default::default());
            }
            let Some(obj) = v.as_object_mut() else { return };
            let fill = if indexes.is_empty() && last {
                value.clone()
            } else if indexes.is_empty() {
                Value::Object(Default::default())
            } else {
                Value::Array(Vec::new())
            };
            v = obj.entry(name.to_owned()).or_insert(fill);
        }
        for (j, ix) in indexes.iter().enumerate() {
            if !v.is_array() {
                *v = Value::Array(Vec::new());
            }
            let Some(arr) = v.as_array_mut() else { return };
            while arr.len() <= *ix {
                arr.push(Value::Object(Default::default()));
            }
            v = &mut arr[*ix];
            if last && j + 1 == indexes.len() {
                *v = value.clone();
            }
        }
        if last && indexes.is_empty() {
            *v = value;
            return;
        }
    }
}

/// The state of a rate-limit window, for the headers the provider sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimitStatus {
    /// Requests allowed per window.
    pub limit: u64,
    /// Requests left in this window.
    pub remaining: u64,
    /// When the window resets.
    pub reset: SystemTime,
}

/// The rate-limit headers `spec` documents, filled from `status`; empty when it documents
/// none.
pub fn rate_limit_headers(spec: &Spec, status: &RateLimitStatus) -> HeaderMap {
    let mut out = HeaderMap::new();
    let Some(rl) = &spec.rate_limit else {
        return out;
    };
    let now = SystemTime::now();
    // Rounded up: a client that waits until the announced second must find the window
    // reset, not be refused again for the fraction of a second rounding down cut off.
    let ceil = |d: std::time::Duration| d.as_secs() + u64::from(d.subsec_nanos() > 0);
    // The sandbox keeps one window; it is reported on the first limit's headers.
    let Some(limit) = rl.limits.first() else {
        return out;
    };
    let reset = match limit.reset.as_ref().map(|(_, f)| *f) {
        Some(ResetFormat::DeltaSeconds) => status.reset.duration_since(now).map_or(0, ceil),
        Some(ResetFormat::DeltaMillis) => status
            .reset
            .duration_since(now)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        Some(ResetFormat::UnixMillis) => status
            .reset
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)),
        _ => status.reset.duration_since(UNIX_EPOCH).map_or(0, ceil),
    };
    let reset_header = limit.reset.as_ref().map(|(h, _)| h.clone());
    for (name, value) in [
        (&limit.limit_header, status.limit),
        (&limit.remaining_header, status.remaining),
        (&reset_header, reset),
    ] {
        if let Some(Ok(name)) = name.as_ref().map(|n| HeaderName::from_bytes(n.as_bytes())) {
            out.insert(name, HeaderValue::from(value));
        }
    }
    out
}
