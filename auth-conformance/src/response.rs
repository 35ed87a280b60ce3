//! Response vectors: a loopback server answers with the vector's status, headers and body;
//! the client, sending an ordinary authenticated request, must classify the answer as the
//! vector says.

use std::sync::Arc;

use auth_core::{Client, Credentials};
use auth_sandbox::KeysFile;
use auth_spec::Spec;
use auth_spec::model::{Classified, ExampleResponse, RetryPolicy};
use axum::body::Bytes;
use http::{HeaderName, HeaderValue, Method, StatusCode};

use crate::engine::origin;
use crate::recorder::{Canned, Recorder};
use crate::{Mismatch, chain};

/// Serve one response vector and classify it with the client; every difference found.
pub(crate) async fn check(
    spec: &Arc<Spec>,
    resp: &ExampleResponse,
    want: &Classified,
) -> Vec<Mismatch> {
    match run(spec, resp, want).await {
        Ok(found) => found,
        Err(m) => vec![m],
    }
}

async fn run(
    spec: &Arc<Spec>,
    resp: &ExampleResponse,
    want: &Classified,
) -> Result<Vec<Mismatch>, Mismatch> {
    let status = StatusCode::from_u16(resp.status)
        .map_err(|_| Mismatch::Setup(format!("status {} is not an HTTP status", resp.status)))?;
    let mut headers = Vec::new();
    for (k, v) in &resp.headers {
        let name = HeaderName::try_from(k.as_str())
            .map_err(|_| Mismatch::Setup(format!("`{k}` is not a header name")))?;
        let value = HeaderValue::try_from(v.as_str())
            .map_err(|_| Mismatch::Setup(format!("the value of `{k}` cannot be sent")))?;
        headers.push((name, value));
    }
    let recorder = Recorder::start(Canned {
        status,
        headers,
        body: Bytes::from(resp.body.clone().unwrap_or_default()),
    })
    .await?;
    let setup = |e: auth_core::BuildError| {
        Mismatch::Setup(format!(
            "no client for the spec's sample keys: {}",
            chain(&e)
        ))
    };
    // Operations on other hosts (a token endpoint) answer from the recorder too: an
    // exchange answered with the vector fails with it, as a login does.
    let mut real = Client::builder(spec.clone()).credentials(sample_credentials(spec));
    if spec.base_url.user_supplied {
        // Any origin does: only the operations on other hosts are read from it.
        real = real.base_url(format!("https://api.example{}", spec.base_url.path()));
    }
    let real = real.build().map_err(setup)?;
    let mut builder = Client::builder(spec.clone())
        .credentials(sample_credentials(spec))
        .base_url(format!("{}{}", recorder.origin(), spec.base_url.path()))
        .retry(RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::DEFAULT
        });
    for (id, op) in spec.operations.iter() {
        if op.url.is_some()
            && let Ok((_, req, _)) = real.operation_id(id, &[]).build()
        {
            builder = builder.reroute(origin(req.url()), recorder.origin());
        }
    }
    let client = builder.build().map_err(setup)?;
    let error = match client.request(Method::GET, "/").send().await {
        Ok(r) => {
            return Ok(vec![Mismatch::NotAnError {
                status: r.status().as_u16(),
            }]);
        }
        // An exchange (a login) answered with the response fails with it too.
        Err(e) => match e.provider_error() {
            Some(pe) => pe.clone(),
            None => return Err(Mismatch::Refused { error: chain(&e) }),
        },
    };
    let mut found = Vec::new();
    let mut differ = |field: &'static str, expected: String, actual: String| {
        if expected != actual {
            found.push(Mismatch::Classified {
                field,
                expected,
                actual,
            });
        }
    };
    let named = |name: Option<&str>| name.map_or("none".to_owned(), |n| format!("`{n}`"));
    differ(
        "error",
        named(want.error.map(|id| spec.errors.catalogue[id].name.as_str())),
        named(error.name.as_deref()),
    );
    differ(
        "kind",
        want.kind.as_str().to_owned(),
        error.kind.as_str().to_owned(),
    );
    differ(
        "action",
        want.action.as_str().to_owned(),
        error.action.as_str().to_owned(),
    );
    let text = |t: Option<&str>| t.map_or("none".to_owned(), |t| format!("{t:?}"));
    if let Some(m) = &want.message {
        differ("message", text(Some(m)), text(error.message.as_deref()));
    }
    if let Some(c) = &want.code {
        differ("code", text(Some(c)), text(error.code.as_deref()));
    }
    if let Some(s) = want.retry_after_seconds {
        let actual = error.retry_after.map(|d| d.as_secs_f64());
        if actual.is_none_or(|a| (a - s).abs() > 1e-3) {
            found.push(Mismatch::Classified {
                field: "retry_after_seconds",
                expected: s.to_string(),
                actual: actual.map_or("none".to_owned(), |a| a.to_string()),
            });
        }
    }
    Ok(found)
}

/// Keys of the right shape for every credential the user supplies (the sandbox's
/// generated keys), and a value for every required context parameter without a default,
/// so the client sends its ordinary request.
fn sample_credentials(spec: &Spec) -> Credentials {
    let mut creds = Credentials::new();
    for k in KeysFile::generated(spec).keys {
        for (part, value) in k.parts {
            creds.set_part(k.credential.as_str(), part, value);
        }
    }
    for p in spec.parameters.values() {
        if p.required && p.default.is_none() {
            let value = p
                .format
                .as_ref()
                .and_then(|f| auth_core::format::example(f, 1))
                .unwrap_or_else(|| "conformance".to_owned());
            creds = creds.with_param(p.name.as_str(), value);
        }
    }
    creds
}
