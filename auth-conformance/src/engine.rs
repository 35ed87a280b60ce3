//! Request vectors against the engine: the real client, built from the spec with the
//! vector's credentials and parameters, sends the operation to a loopback recorder that
//! stands in for the documented origin; what arrives must be the vector's wire form.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_core::signing::SigningClock;
use auth_core::{Client, Credentials};
use auth_spec::Spec;
use auth_spec::model::{ExampleRequest, RetryPolicy, Wire};
use reqwest::Url;

use crate::recorder::{Canned, Recorded, Recorder};
use crate::{Mismatch, chain};

/// Run one request vector through the client; every difference found.
pub(crate) async fn check(spec: &Arc<Spec>, req: &ExampleRequest, wire: &Wire) -> Vec<Mismatch> {
    match run(spec, req, wire).await {
        Ok(found) => found,
        Err(m) => vec![m],
    }
}

async fn run(
    spec: &Arc<Spec>,
    req: &ExampleRequest,
    wire: &Wire,
) -> Result<Vec<Mismatch>, Mismatch> {
    let documented = documented_url(wire)?;
    let op = &spec.operations[req.operation];
    // A user-supplied base URL (a self-hosted server) is whatever the documentation's
    // example used; the engine has no origin of its own to compare.
    let supplied = spec
        .base_url
        .user_supplied
        .then(|| format!("{}{}", origin(&documented), spec.base_url.path()));

    // The client as a user builds it: where would it send the request?
    let real = client(spec, req, supplied, None)?;
    let (_, would, _) = request(&real, req)
        .build()
        .map_err(|e| Mismatch::Refused { error: chain(&e) })?;
    let mut found = Vec::new();
    if would.url().origin() != documented.origin() {
        found.push(Mismatch::Origin {
            expected: origin(&documented),
            actual: origin(would.url()),
        });
    }

    // The same client, its origin swapped for a loopback recorder's.
    let recorder = Recorder::start(Canned::ok()).await?;
    let base = format!("{}{}", recorder.origin(), real.base_url().path());
    let reroute = op
        .url
        .is_some()
        .then(|| (origin(would.url()), recorder.origin()));
    let client = client(spec, req, Some(base), reroute)?;
    if let Err(e) = request(&client, req).send().await {
        return Err(Mismatch::Refused { error: chain(&e) });
    }
    let seen = recorder.take();
    let [got] = seen.as_slice() else {
        return Err(Mismatch::Requests { count: seen.len() });
    };
    found.extend(compare(&documented, wire, got));
    Ok(found)
}

/// The vector's URL, parsed.
pub(crate) fn documented_url(wire: &Wire) -> Result<Url, Mismatch> {
    Url::parse(&wire.url)
        .map_err(|e| Mismatch::Setup(format!("wire.url `{}` is not a URL: {e}", wire.url)))
}

/// `scheme://host[:port]`.
pub(crate) fn origin(url: &Url) -> String {
    url.origin().ascii_serialization()
}

/// The vector's credentials and parameters, as a caller hands them to the client.
pub(crate) fn credentials(spec: &Spec, req: &ExampleRequest) -> Credentials {
    let mut creds = Credentials::new();
    for (c, p, v) in &req.credentials {
        let cred = &spec.credentials[*c];
        creds.set_part(cred.name.as_str(), cred.parts[*p].name.as_str(), v.as_str());
    }
    for (p, v) in &req.parameters {
        creds = creds.with_param(spec.parameters[*p].name.as_str(), v.as_str());
    }
    creds
}

/// The real client, with one attempt per request (a vector is one exchange on the wire).
pub(crate) fn client(
    spec: &Arc<Spec>,
    req: &ExampleRequest,
    base_url: Option<String>,
    reroute: Option<(String, String)>,
) -> Result<Client, Mismatch> {
    let mut b = Client::builder(spec.clone())
        .credentials(credentials(spec, req))
        .retry(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::DEFAULT
        });
    if let Some(env) = &req.environment {
        b = b.environment(env.as_str());
    }
    if let Some(clock) = signing_clock(req) {
        b = b.signing_clock(clock);
    }
    if let Some(url) = base_url {
        b = b.base_url(url);
    }
    if let Some((from, to)) = reroute {
        b = b.reroute(from, to);
    }
    b.build()
        .map_err(|e| Mismatch::Refused { error: chain(&e) })
}

/// The time the vector was signed at (a nonce or timestamp it states), for signers.
pub(crate) fn signing_clock(req: &ExampleRequest) -> Option<SigningClock> {
    let at = SystemTime::UNIX_EPOCH + Duration::from_millis(req.clock_millis?);
    Some(SigningClock::from_fn(move || at))
}

/// The vector's call: its operation, path parameters, query, and JSON or form body.
pub(crate) fn request(client: &Client, req: &ExampleRequest) -> auth_core::client::RequestBuilder {
    let path: Vec<(&str, &str)> = req
        .path
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut rb = client.operation_id(req.operation, &path);
    if !req.query.is_empty() {
        rb = rb.query(&req.query);
    }
    if let Some(json) = &req.json {
        rb = rb.json(json);
    }
    if !req.form.is_empty() {
        rb = rb.form(&req.form);
    }
    rb
}

/// Every way `got` differs from the vector: method, path, query (the same pairs in the
/// same order, whatever their percent-encoding), the stated headers (each exactly once,
/// exactly that value), the absent ones, and the body (as JSON when both are JSON).
pub(crate) fn compare(documented: &Url, wire: &Wire, got: &Recorded) -> Vec<Mismatch> {
    let mut found = Vec::new();
    if got.method != wire.method.as_str() {
        found.push(Mismatch::Method {
            expected: wire.method.as_str().to_owned(),
            actual: got.method.clone(),
        });
    }
    if got.path != documented.path() {
        found.push(Mismatch::Path {
            expected: documented.path().to_owned(),
            actual: got.path.clone(),
        });
    }
    let want_q = documented.query().unwrap_or("");
    let got_q = got.query.as_deref().unwrap_or("");
    if pairs(want_q) != pairs(got_q) {
        found.push(Mismatch::Query {
            expected: want_q.to_owned(),
            actual: got_q.to_owned(),
        });
    }
    for (name, value) in &wire.headers {
        let sent = values(&got.headers, name);
        if sent.len() != 1 || sent[0] != *value {
            found.push(Mismatch::Header {
                name: name.clone(),
                expected: value.clone(),
                actual: sent,
            });
        }
    }
    for name in &wire.absent_headers {
        let sent = values(&got.headers, name);
        if !sent.is_empty() {
            found.push(Mismatch::PresentHeader {
                name: name.clone(),
                actual: sent,
            });
        }
    }
    let want_b = wire.body.as_deref().unwrap_or("");
    if !same_body(want_b.as_bytes(), &got.body) {
        found.push(Mismatch::Body {
            expected: want_b.to_owned(),
            actual: String::from_utf8_lossy(&got.body).into_owned(),
        });
    }
    found
}

fn pairs(query: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn values(headers: &http::HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
        .collect()
}

/// Equal bytes, or equal JSON values (key order and spacing aside).
fn same_body(want: &[u8], got: &[u8]) -> bool {
    if want == got {
        return true;
    }
    match (
        serde_json::from_slice::<serde_json::Value>(want),
        serde_json::from_slice::<serde_json::Value>(got),
    ) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
