//! The five providers' documented errors and rate limits, over loopback HTTP: each
//! documented error body (the specs' response vectors) gets its documented meaning, action
//! and message; each error the sandbox answers with reads back as the entry it meant; each
//! documented rate-limit response leads to the documented wait (paused tokio clock: no
//! test sleeps).
//!
//! Until the generic vector runner (`authspec test`) lands, this runs the response vectors
//! of the five seed specs directly through the client.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::server::{MemoryKeyStore, Problem, Verifier};
use auth_core::spec::Spec;
use auth_core::spec::model::{ErrorAction, ErrorKind};
use auth_core::{Applied, Client, Credentials, Interceptor, RequestError};
use http::Method;
use support::{Recorder, Reply, quick_retry, spec};

/// Credentials each provider's client is built with (formats as its spec requires).
fn credentials(provider: &str) -> Credentials {
    match provider {
        "pixee" => Credentials::new().with_key("api_key", "pm_live_abc123"),
        "weavy" => Credentials::new().with_key("api_key", "wys_abc123"),
        "weavz" => Credentials::new().with_key("api_key", "wvz_your_api_key"),
        "weevio" => Credentials::new()
            .with_part("api_credentials", "api_id", "YOUR_API_ID")
            .with_part("api_credentials", "api_secret", "YOUR_API_SECRET")
            .with_param("team_id", "TEAM-1"),
        "weshape" => Credentials::new().with_key("api_key", "wsk_live_your_api_key_here"),
        other => panic!("no credentials for {other}"),
    }
}

fn provider_error(r: Result<reqwest::Response, RequestError>) -> auth_core::ProviderError {
    match r {
        Err(RequestError::Provider { error, .. }) => *error,
        other => panic!("expected a provider error, got {other:?}"),
    }
}

/// A client for `provider` against `server`, retrying as `retry` says.
fn client(
    spec: Arc<Spec>,
    server: &Recorder,
    retry: Option<auth_core::spec::model::RetryPolicy>,
) -> auth_core::ClientBuilder {
    let name = spec.name.clone();
    let mut b = Client::builder(spec)
        .base_url(server.url("/api"))
        .credentials(credentials(&name));
    if let Some(r) = retry {
        b = b.retry(r);
    }
    b
}

const PROVIDERS: [&str; 5] = ["pixee", "weavy", "weavz", "weevio", "weshape"];

#[tokio::test]
async fn every_documented_error_body_gets_its_documented_meaning() {
    let mut checked = Vec::new();
    for provider in PROVIDERS {
        let spec = spec(provider);
        let server = Recorder::start().await;
        // One attempt: the first answer is the one classified.
        let client = client(spec.clone(), &server, Some(quick_retry(1)))
            .build()
            .expect("client");
        let mut n = 0;
        for example in &spec.examples {
            let Some((response, want)) = &example.response else {
                continue;
            };
            let mut reply = Reply::new(response.status, response.body.as_deref().unwrap_or(""));
            for (k, v) in &response.headers {
                reply = reply.header(k, v);
            }
            server.then(reply);
            let e = provider_error(client.request(Method::GET, "/documented").send().await);
            let what = format!("{provider}: {}", example.description);
            let entry = want.error.map(|id| spec.errors.catalogue[id].name.as_str());
            assert_eq!(e.name.as_deref(), entry, "{what}");
            assert_eq!(e.error, want.error, "{what}");
            assert_eq!((e.kind, e.action), (want.kind, want.action), "{what}");
            assert_eq!(e.status.as_u16(), response.status, "{what}");
            if let Some(code) = &want.code {
                assert_eq!(e.code.as_ref(), Some(code), "{what}");
            }
            if let Some(message) = &want.message {
                assert_eq!(e.message.as_ref(), Some(message), "{what}");
                // The provider's own words reach the user.
                assert!(e.to_string().contains(message.as_str()), "{what}: {e}");
            }
            if let Some(secs) = want.retry_after_seconds {
                let got = e.retry_after.map(|d| d.as_secs_f64());
                assert_eq!(got, Some(secs), "{what}");
            }
            n += 1;
        }
        checked.push((provider, n));
    }
    // Every documented error body of the five, and none skipped.
    assert_eq!(
        checked,
        [
            ("pixee", 3),
            ("weavy", 0),
            ("weavz", 5),
            ("weevio", 2),
            ("weshape", 3)
        ]
    );
}

#[tokio::test]
async fn every_error_the_sandbox_answers_reads_back_as_the_entry_it_meant() {
    let mut checked = 0;
    for provider in PROVIDERS {
        let spec = spec(provider);
        let verifier = Verifier::new(spec.clone(), Arc::new(MemoryKeyStore::new()));
        let mut problems = vec![
            Problem::Missing,
            Problem::MissingScopes(vec!["x".into()]),
            Problem::Locked,
            Problem::RateLimited,
        ];
        problems.extend(
            spec.restrictions
                .values()
                .map(|r| Problem::Restricted(r.name.clone())),
        );
        problems.extend(
            spec.parameters
                .values()
                .filter(|p| p.required)
                .map(|p| Problem::MissingParameter(p.name.clone())),
        );
        let server = Recorder::start().await;
        let client = client(spec.clone(), &server, Some(quick_retry(1)))
            .build()
            .expect("client");
        for problem in problems {
            let rejection = verifier.reject(problem.clone());
            let Some(entry) = rejection.error() else {
                continue;
            };
            let mut reply = Reply::new(
                rejection.status().as_u16(),
                std::str::from_utf8(rejection.body()).expect("utf-8 body"),
            );
            let response = rejection.to_response::<Vec<u8>>();
            for (k, v) in response.headers() {
                reply = reply.header(k.as_str(), v.to_str().expect("text header"));
            }
            server.then(reply);
            let e = provider_error(client.request(Method::GET, "/documented").send().await);
            let what = format!("{provider} {problem:?}");
            assert_eq!(e.name.as_deref(), Some(entry), "{what}");
            let documented = spec.errors.catalogue.get(entry).expect("entry");
            assert_eq!((e.kind, e.action), (documented.kind, documented.action));
            // The sandbox writes the documented message (or description) where the
            // provider's shape puts it, and the client reads it back from there.
            let shown = e.message.clone().expect("a message");
            assert!(
                documented.message.as_ref() == Some(&shown)
                    || documented.description.starts_with(shown.as_str()),
                "{what}: {shown:?}"
            );
            if let Some(code) = &documented.code {
                assert_eq!(e.code.as_ref(), Some(code), "{what}");
            }
            checked += 1;
        }
    }
    // pixee 401/403/423; weavz 401, 403 (scopes and the org-wide restriction), the
    // workspace restriction's SCOPE_DENIED and 429; weevio 401 and its missing teamID;
    // weshape 401/403/429. Weavy documents no errors.
    assert_eq!(checked, 13);
}

#[tokio::test]
async fn the_sandbox_writes_every_documented_error_in_the_providers_shape() {
    let mut checked = 0;
    for provider in PROVIDERS {
        let spec = spec(provider);
        let server = Recorder::start().await;
        let client = client(spec.clone(), &server, Some(quick_retry(1)))
            .build()
            .expect("client");
        for (id, entry) in &spec.errors.catalogue {
            let message = entry.message.as_deref().unwrap_or("A documented failure");
            let (content_type, body) =
                auth_core::server::render(&spec, message, entry.code.as_deref());
            server.then(
                Reply::new(entry.status, std::str::from_utf8(&body).expect("utf-8"))
                    .header("content-type", content_type),
            );
            let e = provider_error(client.request(Method::GET, "/documented").send().await);
            let what = format!("{provider} {}", entry.name);
            assert_eq!(e.error, Some(id), "{what}");
            assert_eq!(e.message.as_deref(), Some(message), "{what}");
            assert_eq!(e.code, entry.code, "{what}");
            checked += 1;
        }
    }
    assert_eq!(checked, 3 + 5 + 2 + 3);
}

/// When each attempt went out and each answer came back, on the (paused) tokio clock.
#[derive(Default)]
struct Timeline(Mutex<Vec<(&'static str, tokio::time::Instant)>>);

impl Interceptor for Timeline {
    fn on_attempt(&self, _: &reqwest::Request, _: &Applied<'_>) {
        self.push("sent");
    }
    fn on_response(&self, _: &auth_core::client::Call<'_>) {
        self.push("answered");
    }
}

impl Timeline {
    fn push(&self, what: &'static str) {
        self.0
            .lock()
            .expect("lock")
            .push((what, tokio::time::Instant::now()));
    }

    /// The waits between each answer and the next attempt.
    fn waits(&self) -> Vec<Duration> {
        let t = self.0.lock().expect("lock");
        t.windows(2)
            .filter(|w| w[0].0 == "answered" && w[1].0 == "sent")
            .map(|w| w[1].1 - w[0].1)
            .collect()
    }

    fn attempts(&self) -> usize {
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|(w, _)| *w == "sent")
            .count()
    }
}

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_secs()
}

fn weavz_limited(reset: u64) -> Reply {
    Reply::new(
        429,
        r#"{"error": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED"}"#,
    )
    .header("content-type", "application/json")
    .header("X-RateLimit-Limit", "100")
    .header("X-RateLimit-Remaining", "0")
    .header("X-RateLimit-Reset", &reset.to_string())
}

/// Weavz: a 429 with `X-RateLimit-Reset` (a Unix timestamp) is retried when the window
/// resets, not before; the spec gives no retry policy, so the engine's bounds apply.
#[tokio::test(start_paused = true)]
async fn weavz_429_waits_until_the_documented_reset() {
    let server = Recorder::start().await;
    let timeline = Arc::new(Timeline::default());
    let client = client(spec("weavz"), &server, None)
        .interceptor(timeline.clone())
        .build()
        .expect("client");
    let reset = unix_now() + 20;
    server.then(weavz_limited(reset));
    client
        .request(Method::GET, "/api/v1/workspaces")
        .send()
        .await
        .expect("retried after the reset");
    let waits = timeline.waits();
    assert_eq!(waits.len(), 1, "one retry");
    // The reset is a whole second: the wait is what is left of the 20 s, at least 19 s.
    assert!(
        waits[0] >= Duration::from_secs(19) && waits[0] <= Duration::from_secs(20),
        "{waits:?}"
    );
}

/// Weavz: a reset past the retry budget is reported with its wait, never slept through.
#[tokio::test(start_paused = true)]
async fn weavz_reset_past_the_budget_is_reported_not_slept() {
    let server = Recorder::start().await;
    let timeline = Arc::new(Timeline::default());
    let client = client(spec("weavz"), &server, None)
        .interceptor(timeline.clone())
        .build()
        .expect("client");
    let started = tokio::time::Instant::now();
    let reset = unix_now() + 120;
    server.then(weavz_limited(reset));
    let e = provider_error(
        client
            .request(Method::GET, "/api/v1/workspaces")
            .send()
            .await,
    );
    // The reset is read against the wall clock, which runs on (a loaded machine may take
    // seconds over the exchange): the wait is the reset less the time at reading, in
    // whole seconds.
    let read_by = unix_now();
    assert_eq!(e.name.as_deref(), Some("rate_limit_exceeded"));
    assert_eq!(e.message.as_deref(), Some("Rate limit exceeded"));
    let wait = e.retry_after.expect("the reset gives the wait");
    assert!(
        (reset - read_by - 1..=120).contains(&wait.as_secs()),
        "{wait:?}"
    );
    assert_eq!(timeline.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(1), "no sleep");
}

/// WeShape: "Implement exponential backoff": 2^i × 1000 ms before retry i, at most three
/// attempts. The engine's full jitter waits at most that long.
#[tokio::test(start_paused = true)]
async fn weshape_429_backs_off_exponentially_three_attempts_in_all() {
    let server = Recorder::start().await;
    let timeline = Arc::new(Timeline::default());
    let client = client(spec("weshape"), &server, None)
        .interceptor(timeline.clone())
        .build()
        .expect("client");
    for _ in 0..3 {
        server.then(
            Reply::new(429, r#"{"error": "Too Many Requests"}"#)
                .header("content-type", "application/json"),
        );
    }
    let e = provider_error(client.request(Method::GET, "/v3/archives").send().await);
    assert_eq!(
        (e.name.as_deref(), e.kind, e.action),
        (
            Some("too_many_requests"),
            ErrorKind::RateLimited,
            ErrorAction::Retry
        )
    );
    assert_eq!(timeline.attempts(), 3);
    let waits = timeline.waits();
    assert_eq!(waits.len(), 2);
    for (i, w) in waits.iter().enumerate() {
        let cap = Duration::from_millis(1000 << i);
        assert!(*w <= cap, "wait {i} = {w:?} over {cap:?}");
    }
}
