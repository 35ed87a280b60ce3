//! The misreadings issue 13 names, each now read as written, over loopback HTTP (paused
//! tokio clock where a wait is measured): a nested message path is a path, not a literal
//! key; a reset in Unix milliseconds is milliseconds; a decimal `Retry-After` is honoured;
//! a limit signalled by 403 and a header is a rate limit, a plain 403 is not. (The other
//! misreadings, `code:` under `format: unspecified` and a rate limit with no signal, are
//! lint errors: see auth-spec/tests/bad_specs.rs.)

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::spec::model::{ErrorAction, ErrorKind, RetryPolicy};
use auth_core::{Applied, Client, Credentials, Interceptor, RequestError};
use http::Method;
use support::{Recorder, Reply};

const SPEC: &str = r#"
spec_version: 2
name: shapes
title: Shapes API
base_url: { url: "https://api.shapes.test" }
credentials:
  api_key:
    description: Key.
    kind: api_key
    placements: [{ in: header, name: X-Api-Key }]
default_auth: [api_key]
errors:
  body: { format: json, message_field: error.message, code_field: error.code, details_field: error.details }
  catalogue:
    forbidden:
      status: 403
      code: forbidden
      description: Not allowed.
      kind: forbidden
      action: give_up
    secondary_limit:
      status: 403
      header: { name: X-RateLimit-Remaining, equals: "0" }
      description: A secondary rate limit, told apart by its header.
      kind: rate_limited
      action: retry
    limited:
      status: 429
      description: Too many requests.
      kind: rate_limited
      action: retry
rate_limit:
  status: [429, 403]
  limits:
    - name: per_minute
      limit_header: X-RateLimit-Limit
      remaining_header: X-RateLimit-Remaining
      reset_header: X-RateLimit-Reset
      reset_format: unix_millis
retry:
  max_attempts: 2
  initial_delay_ms: 1
  max_delay_ms: 1
"#;

fn spec() -> Arc<auth_core::spec::Spec> {
    Arc::new(auth_core::spec::load_str("shapes.yaml", SPEC).unwrap_or_else(|e| panic!("{e}")))
}

/// When each attempt went out and each answer came back, on the tokio clock.
#[derive(Default)]
struct Timeline(Mutex<Vec<(bool, tokio::time::Instant)>>);

impl Interceptor for Timeline {
    fn on_attempt(&self, _: &reqwest::Request, _: &Applied<'_>) {
        self.0
            .lock()
            .expect("lock")
            .push((true, tokio::time::Instant::now()));
    }
    fn on_response(&self, _: &auth_core::client::Call<'_>) {
        self.0
            .lock()
            .expect("lock")
            .push((false, tokio::time::Instant::now()));
    }
}

impl Timeline {
    /// How many attempts were sent.
    fn attempts(&self) -> usize {
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|(sent, _)| *sent)
            .count()
    }

    /// The waits between each answer and the next attempt.
    fn waits(&self) -> Vec<Duration> {
        let t = self.0.lock().expect("lock");
        t.windows(2)
            .filter(|w| !w[0].0 && w[1].0)
            .map(|w| w[1].1 - w[0].1)
            .collect()
    }
}

async fn setup() -> (Recorder, Client, Arc<Timeline>) {
    let server = Recorder::start().await;
    let timeline = Arc::new(Timeline::default());
    let client = Client::builder(spec())
        .base_url(server.url(""))
        .credentials(Credentials::new().with_key("api_key", "k_123"))
        .interceptor(timeline.clone())
        .build()
        .expect("client");
    (server, client, timeline)
}

fn provider_error(r: Result<reqwest::Response, RequestError>) -> auth_core::ProviderError {
    match r {
        Err(RequestError::Provider { error, .. }) => *error,
        other => panic!("expected a provider error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_nested_message_field_is_a_path_not_a_literal_key() {
    let (server, client, _) = setup().await;
    server.then(Reply::new(
        403,
        r#"{"error": {"message": "Key lacks scope", "code": "forbidden", "details": {"need": "x"}}}"#,
    ));
    let e = provider_error(client.request(Method::GET, "/x").send().await);
    assert_eq!(e.name.as_deref(), Some("forbidden"));
    assert_eq!(e.message.as_deref(), Some("Key lacks scope"));
    assert_eq!(e.code.as_deref(), Some("forbidden"));
    assert_eq!(e.details, Some(serde_json::json!({"need": "x"})));
    // A top-level key spelt `error.message` is not the path `error` → `message`.
    server.then(Reply::new(
        400,
        r#"{"error.message": "literal", "error.code": "forbidden"}"#,
    ));
    let e = provider_error(client.request(Method::GET, "/x").send().await);
    assert_eq!((e.message.as_deref(), e.code.as_deref()), (None, None));
}

#[tokio::test(start_paused = true)]
async fn a_decimal_retry_after_is_honoured() {
    let (server, client, timeline) = setup().await;
    server.then(Reply::new(429, "{}").header("Retry-After", "1.5"));
    client
        .request(Method::GET, "/x")
        .send()
        .await
        .expect("retried");
    // The wait is the server's 1.5 s (the policy's jitter is at most 1 ms, so it is not
    // the larger).
    assert_eq!(timeline.waits(), [Duration::from_millis(1500)]);
}

#[tokio::test(start_paused = true)]
async fn a_reset_in_unix_milliseconds_is_read_as_milliseconds() {
    let (server, client, timeline) = setup().await;
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis();
    server.then(
        Reply::new(429, "{}")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-Reset", &(now_ms + 20_000).to_string()),
    );
    client
        .request(Method::GET, "/x")
        .send()
        .await
        .expect("retried after the reset");
    let waits = timeline.waits();
    assert_eq!(waits.len(), 1);
    // Read as seconds it would be in the year 55000; read as milliseconds, 20 s away.
    assert!(
        waits[0] > Duration::from_millis(19_900) && waits[0] <= Duration::from_secs(20),
        "{waits:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_403_with_the_limit_header_is_a_rate_limit_and_a_plain_403_is_not() {
    let (server, client, timeline) = setup().await;
    let now_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis();
    let limited = || {
        Reply::new(403, r#"{"error": {"message": "Secondary rate limit"}}"#)
            .header("X-RateLimit-Limit", "60")
            .header("X-RateLimit-Remaining", "0")
            .header("X-RateLimit-Reset", &(now_ms + 5_000).to_string())
    };
    server.then(limited()).then(limited());
    let e = provider_error(client.request(Method::GET, "/x").send().await);
    assert_eq!(
        (e.name.as_deref(), e.kind, e.action),
        (
            Some("secondary_limit"),
            ErrorKind::RateLimited,
            ErrorAction::Retry
        )
    );
    assert_eq!(e.message.as_deref(), Some("Secondary rate limit"));
    assert_eq!(
        (e.rate_limit.limit, e.rate_limit.remaining),
        (Some(60), Some(0))
    );
    // Retried once at the reset (max_attempts 2), then reported.
    let waits = timeline.waits();
    assert_eq!(waits.len(), 1);
    assert!(waits[0] > Duration::from_millis(4_900), "{waits:?}");

    server.then(Reply::new(
        403,
        r#"{"error": {"message": "No", "code": "forbidden"}}"#,
    ));
    let e = provider_error(client.request(Method::GET, "/x").send().await);
    assert_eq!(
        (e.name.as_deref(), e.kind, e.action),
        (Some("forbidden"), ErrorKind::Forbidden, ErrorAction::GiveUp)
    );
    assert_eq!(timeline.attempts(), 3, "a plain 403 is not retried");
}

#[test]
fn the_retry_policy_fills_only_what_the_spec_leaves_out() {
    let spec = spec();
    let r = spec.retry.as_ref().expect("retry");
    let d = RetryPolicy::DEFAULT;
    assert_eq!(
        (r.max_attempts, r.initial_delay_ms, r.max_delay_ms),
        (2, 1, 1)
    );
    assert_eq!(
        r.max_elapsed_ms, d.max_elapsed_ms,
        "from the engine's defaults"
    );
}
