//! Provider-wide settings: version, name, base URL, environment variables, context
//! parameters, error catalogue, rate limits, retry policy, timeouts and undocumented topics.

use crate::diag::Rule;
use std::collections::HashMap;

use super::Findings;
use crate::model::{BodyFormat, PlacementKind, SPEC_VERSION, Topic, is_field_path};
use crate::raw::Spec;

/// Retry bounds a spec may not exceed: a policy outside them is effectively unbounded.
const MAX_ATTEMPTS: u32 = 10;
const MAX_ELAPSED_MS: u64 = 10 * 60 * 1000;

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    if !(1..=SPEC_VERSION).contains(&spec.spec_version) {
        f.at(
            Rule::SpecVersion,
            "spec_version",
            format!(
                "unsupported spec_version {}; this authspec reads versions 1 to {SPEC_VERSION}",
                spec.spec_version
            ),
        );
    }
    if !is_ident(&spec.name) {
        f.at(
            Rule::Naming, "name",
            format!(
                "provider name `{}` must start with a lowercase letter and hold only lowercase letters, digits and `_`",
                spec.name
            ),
        );
    }
    base_url(spec, f);
    env_vars(spec, f);
    parameters(spec, f);
    errors(spec, f);
    rate_limit(spec, f);
    retry(spec, f);
    timeouts(spec, f);
    undocumented(spec, f);
    rust_names(spec, f);
}

pub(crate) fn is_ident(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn base_url(spec: &Spec, f: &mut Findings) {
    let b = &spec.base_url;
    if b.url.is_none() && b.environments.is_empty() {
        f.at(
            Rule::InvalidUrl,
            "base_url",
            "give the base `url`, or `environments` with a URL each",
        );
        return;
    }
    let url = b.default_url();
    // A base URL that starts with a parameter a token response sets (an instance URL)
    // takes its scheme from the response; the engine still refuses plain HTTP.
    let from_response = url
        .strip_prefix('{')
        .and_then(|rest| rest.split_once('}'))
        .is_some_and(|(name, _)| {
            spec.operations.values().any(|op| {
                op.issues
                    .as_ref()
                    .is_some_and(|x| x.parameters.contains_key(name))
            })
        });
    if !url.starts_with("https://") && !from_response {
        f.at(
            Rule::InsecureUrl,
            "base_url.url",
            format!("base URL `{url}` must use https: credentials never go over plain HTTP"),
        );
        return;
    }
    // Placeholders must name context parameters (whose values fill them), unless the
    // whole URL is the user's to give.
    let undeclared = crate::model::Template::parse(url).map_or(true, |t| {
        t.vars().iter().any(|v| !spec.parameters.contains_key(*v))
    });
    let has_template = url.contains('{') || url.contains('}');
    if has_template && !b.user_supplied && undeclared {
        f.at(
            Rule::InvalidUrl,
            "base_url.url",
            "a base URL with `{placeholders}` must be marked `user_supplied: true`",
        );
    }
    for (name, env_url) in &b.environments {
        let path = format!("base_url.environments.{name}");
        if !env_url.starts_with("https://") {
            f.at(
                Rule::InsecureUrl,
                &path,
                format!(
                    "base URL `{env_url}` must use https: credentials never go over plain HTTP"
                ),
            );
        } else if !fill_placeholders(env_url)
            .parse::<http::Uri>()
            .is_ok_and(|u| u.host().is_some_and(|h| !h.is_empty()) && u.query().is_none())
        {
            f.at(
                Rule::InvalidUrl,
                &path,
                format!("`{env_url}` is not a valid absolute URL without a query"),
            );
        }
    }
    if let Some(first) = b.environments.values().next()
        && b.default_environment.is_none()
        && b.url
            .as_ref()
            .is_some_and(|u| u != first && !b.environments.values().any(|e| e == u))
    {
        f.at(
            Rule::InvalidUrl, "base_url.url",
            "`url` must be one of the `environments` (the default one), so a reader sees which host is used",
        );
    }
    if b.user_supplied && b.env.is_none() {
        f.at(
            Rule::InvalidUrl,
            "base_url",
            "a user-supplied base URL needs an `env` variable to read it from",
        );
    }
    // Check the shape with placeholders filled in, so `https://{weavy-server}` passes.
    let filled: String = if from_response {
        format!("https://{}", fill_placeholders(url))
    } else {
        fill_placeholders(url)
    };
    match filled.parse::<http::Uri>() {
        Ok(uri) if uri.host().is_some_and(|h| !h.is_empty()) => {
            if uri.query().is_some() {
                f.at(
                    Rule::InvalidUrl,
                    "base_url.url",
                    "a base URL may not carry a query string",
                );
            }
        }
        _ => f.at(
            Rule::InvalidUrl,
            "base_url.url",
            format!("`{url}` is not a valid absolute URL"),
        ),
    }
    if url.contains('#') {
        f.at(
            Rule::InvalidUrl,
            "base_url.url",
            "a base URL may not carry a fragment",
        );
    }
}

fn fill_placeholders(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    let mut in_braces = false;
    for c in url.chars() {
        match c {
            '{' => in_braces = true,
            '}' => {
                in_braces = false;
                out.push('x');
            }
            _ if in_braces => {}
            _ => out.push(c),
        }
    }
    out
}

fn env_vars(spec: &Spec, f: &mut Findings) {
    let mut seen: HashMap<&str, String> = HashMap::new();
    let mut uses: Vec<(String, &str)> = Vec::new();
    if let Some(e) = &spec.base_url.env {
        uses.push(("base_url.env".into(), e));
    }
    for (cn, c) in &spec.credentials {
        if let Some(e) = &c.env {
            uses.push((format!("credentials.{cn}.env"), e));
        }
        for (pn, p) in &c.parts {
            if let Some(e) = &p.env {
                uses.push((format!("credentials.{cn}.parts.{pn}.env"), e));
            }
        }
    }
    for (pn, p) in &spec.parameters {
        if let Some(e) = &p.env {
            uses.push((format!("parameters.{pn}.env"), e));
        }
    }
    for (path, name) in uses {
        let valid = name.chars().next().is_some_and(|c| c.is_ascii_uppercase())
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            f.at(
                Rule::EnvVar,
                &path,
                format!("environment variable `{name}` must be uppercase letters, digits and `_`"),
            );
        }
        if let Some(first) = seen.get(name) {
            f.at(
                Rule::EnvVar,
                &path,
                format!("environment variable `{name}` is already read by {first}"),
            );
        } else {
            seen.insert(name, path);
        }
    }
}

fn parameters(spec: &Spec, f: &mut Findings) {
    // The templates a parameter may fill instead of being placed on requests.
    let url_vars: Vec<String> = std::iter::once(spec.base_url.default_url())
        .filter(|_| !spec.base_url.user_supplied)
        .chain(spec.base_url.environments.values().map(String::as_str))
        .chain(spec.operations.values().filter_map(|o| o.url.as_deref()))
        // Constant and templated request fields (`box_subject_id: {value: "{id}"}`).
        .chain(
            spec.operations
                .values()
                .filter_map(|o| o.request.as_ref())
                .flat_map(|r| r.fields.values().filter_map(|pf| pf.value.as_deref())),
        )
        // A signed JWT's header and claims (Google's `scope: "{scope}"`).
        .chain(
            spec.credentials
                .values()
                .filter_map(|c| c.jwt.as_ref())
                .flat_map(|j| {
                    let claims = j.claims.values().flat_map(|c| match c {
                        crate::raw::ClaimValue::One(v) => std::slice::from_ref(v),
                        crate::raw::ClaimValue::Many(vs) => vs.as_slice(),
                    });
                    j.header.values().chain(claims).map(String::as_str)
                }),
        )
        .filter_map(|u| crate::model::Template::parse(u).ok())
        .flat_map(|t| t.vars().into_iter().map(str::to_owned).collect::<Vec<_>>())
        .collect();
    for (pn, p) in &spec.parameters {
        let base = format!("parameters.{pn}");
        if p.placements.is_empty() && !url_vars.contains(pn) {
            f.at(
                Rule::Parameter, format!("{base}.placements"),
                "a context parameter needs at least one placement, or to appear in a template (`{name}` in `base_url.url`, an operation's `url`, a request field's `value` or a JWT claim)",
            );
        }
        if p.placements.iter().filter(|pl| pl.preferred).count() > 1 {
            f.at(
                Rule::Placement,
                format!("{base}.placements"),
                "only one placement may be `preferred`",
            );
        }
        for (i, pl) in p.placements.iter().enumerate() {
            if pl.location == PlacementKind::Basic {
                f.at(
                    Rule::Parameter, format!("{base}.placements[{i}].in"),
                    "a context parameter cannot go in `basic`; use header, query, form, json, body or cookie",
                );
            }
        }
        if p.missing_error.is_some() && !p.required {
            f.at(
                Rule::Parameter,
                format!("{base}.missing_error"),
                "`missing_error` only applies to a `required` parameter",
            );
        }
    }
}

fn errors(spec: &Spec, f: &mut Findings) {
    let e = &spec.errors;
    let bodies: Vec<(String, &crate::model::ErrorBody)> = match (&e.body, e.bodies.is_empty()) {
        (Some(b), true) => vec![("errors.body".to_owned(), b)],
        (None, false) => e
            .bodies
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("errors.bodies[{i}]"), b))
            .collect(),
        (Some(b), false) => {
            f.at(
                Rule::ErrorBody,
                "errors.bodies",
                "give either `body` (one shape) or `bodies` (several), not both",
            );
            vec![("errors.body".to_owned(), b)]
        }
        (None, true) => {
            f.at(
                Rule::ErrorBody,
                "errors",
                "say how error bodies are written: `body` (or `bodies`)",
            );
            Vec::new()
        }
    };
    for (path, body) in &bodies {
        let has_fields = body.message_field.is_some()
            || body.code_field.is_some()
            || body.details_field.is_some();
        if has_fields && !matches!(body.format, BodyFormat::Json | BodyFormat::Xml) {
            f.at(
                Rule::ErrorBody, format!("{path}.format"),
                "body field names (`message_field`, `code_field`, `details_field`) need `format: json`",
            );
        }
        for (field, value) in [
            ("message_field", &body.message_field),
            ("code_field", &body.code_field),
            ("details_field", &body.details_field),
        ] {
            if let Some(v) = value
                && !is_field_path(v)
            {
                f.at(
                    Rule::FieldPath, format!("{path}.{field}"),
                    format!("`{v}` is not a field path: keys joined by `.`, each optionally followed by `[0]` or `[]`"),
                );
            }
        }
    }
    let has_code_field = bodies.iter().any(|(_, b)| b.code_field.is_some());
    // The one format every shape has, when none of them has fields to read.
    let fieldless = match bodies.first() {
        Some((_, first))
            if bodies.iter().all(|(_, b)| {
                b.format == first.format
                    && matches!(b.format, BodyFormat::Text | BodyFormat::Unspecified)
            }) =>
        {
            Some(first.format)
        }
        _ => None,
    };
    let has_json = bodies.iter().any(|(_, b)| b.format == BodyFormat::Json);
    let mut seen: HashMap<String, &str> = HashMap::new();
    for (name, e) in &spec.errors.catalogue {
        let base = format!("errors.catalogue.{name}");
        if !is_ident(name) {
            f.at(
                Rule::Naming,
                &base,
                format!("error name `{name}` must be lowercase letters, digits and `_`"),
            );
        }
        let success_with_marker = (200..=299).contains(&e.status) && e.when.is_some();
        if !(400..=599).contains(&e.status) && !success_with_marker {
            f.at(
                Rule::Status,
                format!("{base}.status"),
                format!("status {} is not an error status (400-599)", e.status),
            );
        }
        if e.code.is_some() && fieldless == Some(BodyFormat::Text) {
            f.at(
                Rule::CodeWithoutCodes,
                format!("{base}.code"),
                "a plain-text error body has no code to match",
            );
        } else if e.code.is_some() && fieldless == Some(BodyFormat::Unspecified) {
            f.at(
                Rule::CodeWithoutCodes,
                format!("{base}.code"),
                "the error body's format is `unspecified`, so it has no code field to match; document the body (`format: json` with a `code_field`) or match on `message_contains`",
            );
        } else if e.code.is_some() && !has_code_field {
            f.at(
                Rule::CodeWithoutCodes,
                format!("{base}.code"),
                "entries with a `code` need `errors.body.code_field`",
            );
        }
        if e.message_contains.as_deref().is_some_and(str::is_empty) {
            f.at(
                Rule::ErrorMatcher,
                format!("{base}.message_contains"),
                "an empty text matches every message",
            );
        }
        if e.when.is_some() && !has_json {
            f.at(
                Rule::ErrorMatcher,
                format!("{base}.when"),
                "a `when` field matcher reads a JSON body, and no error body here is `format: json`",
            );
        }
        if let Some(w) = &e.when
            && !is_field_path(&w.field)
        {
            f.at(
                Rule::FieldPath,
                format!("{base}.when.field"),
                format!("`{}` is not a field path", w.field),
            );
        }
        if let Some(h) = &e.header
            && http::HeaderName::from_bytes(h.name.as_bytes()).is_err()
        {
            f.at(
                Rule::InvalidHeader,
                format!("{base}.header.name"),
                format!("`{}` is not a valid HTTP header name", h.name),
            );
        }
        // Two entries no response could tell apart.
        let key = format!(
            "{}|{:?}|{:?}|{:?}|{:?}",
            e.status,
            e.code,
            e.message_contains,
            e.header.as_ref().map(|h| (&h.name, &h.equals)),
            e.when.as_ref().map(|w| (&w.field, &w.equals))
        );
        if let Some(first) = seen.insert(key, name) {
            let mut marks = Vec::new();
            if let Some(c) = &e.code {
                marks.push(format!("code `{c}`"));
            }
            if let Some(m) = &e.message_contains {
                marks.push(format!("a message containing `{m}`"));
            }
            if let Some(h) = &e.header {
                marks.push(format!("header `{}`", h.name));
            }
            if let Some(w) = &e.when {
                marks.push(format!("field `{}`", w.field));
            }
            let what = match marks.len() {
                0 => format!("status {} without a code", e.status),
                _ if e.code.is_some() && marks.len() == 1 => {
                    format!("status {} and {}", e.status, marks[0])
                }
                _ => format!("status {} with {}", e.status, marks.join(" and ")),
            };
            f.at(
                Rule::IndistinguishableErrors,
                &base,
                format!(
                    "{what} is already catalogued as `{first}`; responses could not be told apart"
                ),
            );
        }
    }
}

fn rate_limit(spec: &Spec, f: &mut Findings) {
    let Some(r) = &spec.rate_limit else { return };
    let reports = r.limit_header.is_some()
        || r.remaining_header.is_some()
        || r.reset_header.is_some()
        || !r.limits.is_empty()
        || r.retry_after.is_some()
        || r.ietf_headers;
    let Some(statuses) = r.status.as_ref().map(crate::raw::Statuses::list) else {
        if !reports {
            f.at(
                Rule::RateLimitSignal, "rate_limit",
                "a rate limit with no signal: give the `status` that signals it, or the headers that report it; none is assumed",
            );
        }
        return;
    };
    if statuses.is_empty() {
        f.at(
            Rule::RateLimitSignal,
            "rate_limit.status",
            "give at least one status",
        );
    }
    for s in &statuses {
        if !(400..=599).contains(s) {
            f.at(
                Rule::Status,
                "rate_limit.status",
                format!("status {s} is not an error status (400-599)"),
            );
        }
    }
    let shown = |v: &[u16]| v.iter().map(u16::to_string).collect::<Vec<_>>().join(", ");
    if let Some(e) = &r.error {
        // An unknown name is reported where it is resolved.
        match spec.errors.catalogue.get(e) {
            Some(entry) if !statuses.contains(&entry.status) => f.at(
                Rule::RateLimit,
                "rate_limit.error",
                format!(
                    "error `{e}` has status {}, but rate_limit.status is {}",
                    entry.status,
                    shown(&statuses)
                ),
            ),
            _ => {}
        }
    }
    const RESET_UNIT: &str = "`reset_header` and `reset_format` go together: say how the reset time is written (`unix_seconds`, `unix_millis`, `delta_seconds`, ...); none is assumed";
    let unit_path = |base: &str, header: bool| {
        if header {
            format!("{base}.reset_header")
        } else {
            format!("{base}.reset_format")
        }
    };
    if r.reset_header.is_some() != r.reset_format.is_some() {
        f.at(
            Rule::RateLimitReset,
            unit_path("rate_limit", r.reset_header.is_some()),
            RESET_UNIT,
        );
    }
    for (i, l) in r.limits.iter().enumerate() {
        if l.reset_header.is_some() != l.reset_format.is_some() {
            f.at(
                Rule::RateLimitReset,
                unit_path(&format!("rate_limit.limits[{i}]"), l.reset_header.is_some()),
                RESET_UNIT,
            );
        }
        if l.limit_header.is_none() && l.remaining_header.is_none() && l.reset_header.is_none() {
            f.at(
                Rule::RateLimitSignal,
                format!("rate_limit.limits[{i}]"),
                "a limit needs at least one header that reports it",
            );
        }
    }
    if let Some(ra) = &r.retry_after
        && ra.header.is_some() == ra.field.is_some()
    {
        f.at(
            Rule::RateLimit,
            "rate_limit.retry_after",
            "give either `header` or `field`: where the wait is written",
        );
    }
}

fn retry(spec: &Spec, f: &mut Findings) {
    let Some(r) = spec.retry.as_ref().map(crate::raw::RetryPolicy::filled) else {
        return;
    };
    if r.max_attempts == 0 || r.max_attempts > MAX_ATTEMPTS {
        f.at(
            Rule::UnboundedRetry,
            "retry.max_attempts",
            format!(
                "unbounded retry policy: max_attempts must be between 1 and {MAX_ATTEMPTS}, not {}",
                r.max_attempts
            ),
        );
    }
    if r.max_elapsed_ms == 0 || r.max_elapsed_ms > MAX_ELAPSED_MS {
        f.at(
            Rule::UnboundedRetry, "retry.max_elapsed_ms",
            format!("unbounded retry policy: max_elapsed_ms must be between 1 and {MAX_ELAPSED_MS}, not {}", r.max_elapsed_ms),
        );
    }
    if r.max_delay_ms > r.max_elapsed_ms {
        f.at(
            Rule::UnboundedRetry,
            "retry.max_delay_ms",
            "max_delay_ms exceeds max_elapsed_ms: no delay may outlast the whole retry budget",
        );
    }
    if r.initial_delay_ms > r.max_delay_ms {
        f.at(
            Rule::UnboundedRetry,
            "retry.initial_delay_ms",
            "initial_delay_ms exceeds max_delay_ms",
        );
    }
}

/// Longest timeout a spec may set: an hour (a request that takes longer is a job to poll).
const MAX_TIMEOUT_MS: u64 = 60 * 60 * 1000;

fn timeouts(spec: &Spec, f: &mut Findings) {
    let Some(t) = &spec.transport.timeouts else {
        return;
    };
    let given = [
        ("connect_ms", t.connect_ms),
        ("attempt_ms", t.attempt_ms),
        ("overall_ms", t.overall_ms),
    ];
    for (name, value) in given {
        if let Some(v) = value
            && (v == 0 || v > MAX_TIMEOUT_MS)
        {
            f.at(
                Rule::Timeout,
                format!("transport.timeouts.{name}"),
                format!("{name} must be between 1 and {MAX_TIMEOUT_MS} (an hour), not {v}"),
            );
        }
    }
    // Each deadline is part of the next: a connection is made within an attempt, and
    // attempts within the whole request. (Where one is left out, the other deadline
    // still holds: the shorter one passes first.)
    if let (Some(c), Some(a)) = (t.connect_ms, t.attempt_ms)
        && c > a
    {
        f.at(
            Rule::Timeout,
            "transport.timeouts.connect_ms",
            format!(
                "connect_ms ({c}) exceeds attempt_ms ({a}): a connection is made within an attempt"
            ),
        );
    }
    if let (Some(a), Some(o)) = (t.attempt_ms, t.overall_ms)
        && a > o
    {
        f.at(
            Rule::Timeout,
            "transport.timeouts.attempt_ms",
            format!("attempt_ms ({a}) exceeds overall_ms ({o}): attempts are made within the whole request"),
        );
    }
}

fn undocumented(spec: &Spec, f: &mut Findings) {
    let mut seen = Vec::new();
    for (i, t) in spec.undocumented.iter().enumerate() {
        let path = format!("undocumented[{i}]");
        if seen.contains(t) {
            f.at(Rule::Duplicate, &path, "topic listed twice");
        }
        seen.push(*t);
        let contradiction = match t {
            Topic::ErrorBody => (spec
                .errors
                .body
                .iter()
                .chain(&spec.errors.bodies)
                .any(|b| b.format != BodyFormat::Unspecified))
                .then_some("the error body is marked undocumented but `errors.body.format` is not `unspecified`"),
            Topic::RateLimit => spec
                .rate_limit
                .is_some()
                .then_some("rate limits are marked undocumented but `rate_limit` is given"),
            Topic::RetryPolicy => spec
                .retry
                .is_some()
                .then_some("the retry policy is marked undocumented but `retry` is given"),
            Topic::OperationScopes
            | Topic::KeyFormat
            | Topic::CredentialLifetime
            | Topic::KeyAccess => None,
        };
        if let Some(msg) = contradiction {
            f.at(Rule::Undocumented, path, msg);
        }
    }
}

/// Names that generated code turns into Rust identifiers must stay distinct once converted
/// (`a:b` and `a_b` would both become `AB`).
pub(super) fn rust_names(spec: &Spec, f: &mut Findings) {
    use crate::naming::camel;
    let groups: [(&str, Vec<&String>); 4] = [
        ("scopes", spec.scopes.keys().collect()),
        ("credentials", spec.credentials.keys().collect()),
        ("errors.catalogue", spec.errors.catalogue.keys().collect()),
        ("operations", spec.operations.keys().collect()),
    ];
    // The provider's marker type is named after the provider; a credential type of the
    // same name would clash. (Clashes with the generator's own items, `Token` and the
    // rest, are avoided by the generator: see `codegen::names::credential_type`.)
    for n in spec.credentials.keys() {
        let ty = camel(n);
        if ty == camel(&spec.name) {
            f.at(
                Rule::Naming,
                format!("credentials.{n}"),
                format!(
                    "`{n}` becomes `{ty}` in generated Rust code, the name of the provider's own type; rename it"
                ),
            );
        }
    }
    for (section, names) in groups {
        let mut seen: HashMap<String, &str> = HashMap::new();
        for n in names {
            if let Some(first) = seen.insert(camel(n), n) {
                f.at(
                    Rule::Naming,
                    format!("{section}.{n}"),
                    format!(
                        "`{n}` and `{first}` both become `{}` in generated Rust code; rename one",
                        camel(n)
                    ),
                );
            }
        }
    }
}
