//! Every request is bounded in time (issue 16, item 8): a server that never answers, a
//! connection that is never made, a login that never answers, and retries that would
//! outlast the whole request's deadline. Real servers on 127.0.0.1; tokio's paused clock
//! moves time, so the default deadlines (10 s, 30 s, 120 s) are what is tested, without
//! waiting for them.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth_core::{Client, Credentials, ExchangeError, RequestError, TimeoutKind};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::Method;
use support::spec;

const KEY: &str = "pm_live_SECRETKEY";

/// What the server counts, and whether its login answers.
#[derive(Default)]
struct Counts {
    products: AtomicUsize,
    logins: AtomicUsize,
    /// Logins after this many answer; the first ones never do.
    silent_logins: AtomicUsize,
}

type Shared = Arc<Counts>;

/// Never answers.
async fn silent(State(c): State<Shared>) -> Response {
    c.products.fetch_add(1, Ordering::SeqCst);
    std::future::pending::<()>().await;
    StatusCode::OK.into_response()
}

/// Answers 503 after 25 s: within an attempt's deadline, never a success.
async fn slow_unavailable(State(c): State<Shared>) -> Response {
    c.products.fetch_add(1, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(25)).await;
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

async fn login(State(c): State<Shared>) -> Response {
    let n = c.logins.fetch_add(1, Ordering::SeqCst);
    if n < c.silent_logins.load(Ordering::SeqCst) {
        std::future::pending::<()>().await;
    }
    axum::Json(serde_json::json!({"access_token": "jwt-1", "token_type": "bearer"})).into_response()
}

async fn products_with_token(State(c): State<Shared>, h: axum::http::HeaderMap) -> Response {
    c.products.fetch_add(1, Ordering::SeqCst);
    if h.get("authorization").and_then(|v| v.to_str().ok()) == Some("Bearer jwt-1") {
        (StatusCode::OK, "[]").into_response()
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

/// `fut`'s output, failing the test if it takes more than `secs` seconds (of the paused
/// clock, so at once): a client without deadlines would wait here for ever.
async fn within<T>(secs: u64, fut: impl std::future::Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(secs), fut)
        .await
        .unwrap_or_else(|_| panic!("no answer and no deadline within {secs} s"))
}

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    addr
}

fn with_key(addr: SocketAddr) -> auth_core::ClientBuilder {
    Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(Credentials::new().with_key("api_key", KEY))
}

#[tokio::test(start_paused = true)]
async fn a_server_that_never_answers_times_out_each_attempt() {
    let counts = Shared::default();
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/products", get(silent).post(silent))
            .with_state(counts.clone()),
    )
    .await;
    let client = with_key(addr).build().expect("client");

    // A GET may be sent again: the default policy's three attempts, 30 s each.
    let err = within(200, client.request(Method::GET, "/products").send())
        .await
        .expect_err("no answer");
    match &err {
        RequestError::Timeout {
            kind,
            limit,
            attempts,
            url,
            ..
        } => {
            assert_eq!(*kind, TimeoutKind::Attempt);
            assert_eq!(*limit, Duration::from_secs(30));
            assert_eq!(*attempts, 3);
            assert!(url.ends_with("/api/v1/products"), "{url}");
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
    assert_eq!(err.timeout(), Some(TimeoutKind::Attempt));
    let shown = err.to_string();
    assert!(shown.contains("gave up after 30s"), "{shown}");
    assert!(!shown.contains(KEY), "{shown}");
    assert_eq!(counts.products.load(Ordering::SeqCst), 3);

    // A POST that timed out may have taken effect: it is not sent again.
    let err = within(
        200,
        client
            .request(Method::POST, "/products")
            .json(&serde_json::json!({}))
            .send(),
    )
    .await
    .expect_err("no answer");
    assert_eq!(err.timeout(), Some(TimeoutKind::Attempt));
    assert_eq!(err.attempts(), Some(1));
    assert_eq!(counts.products.load(Ordering::SeqCst), 4);
}

#[tokio::test(start_paused = true)]
async fn the_spec_and_the_builder_set_the_deadlines() {
    let counts = Shared::default();
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/products", get(silent))
            .with_state(counts.clone()),
    )
    .await;
    // The spec says 5 s per attempt.
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../providers/pixee/pixee.yaml");
    let yaml = std::fs::read_to_string(path).expect("pixee.yaml");
    let yaml = yaml.replacen(
        "\ncredentials:\n",
        "\ntransport:\n  timeouts:\n    attempt_ms: 5000\n    overall_ms: 60000\ncredentials:\n",
        1,
    );
    let spec = Arc::new(auth_spec::load_str("pixee.yaml", &yaml).unwrap_or_else(|e| panic!("{e}")));
    let client = Client::builder(spec.clone())
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(Credentials::new().with_key("api_key", KEY))
        .retry(support::quick_retry(1))
        .build()
        .expect("client");
    let err = within(200, client.request(Method::GET, "/products").send())
        .await
        .expect_err("no answer");
    assert!(
        matches!(
            err,
            RequestError::Timeout { kind: TimeoutKind::Attempt, limit, .. } if limit == Duration::from_secs(5)
        ),
        "{err:?}"
    );
    // The builder overrides the spec: the whole request may take 2 s, less than an attempt.
    let client = Client::builder(spec)
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(Credentials::new().with_key("api_key", KEY))
        .timeout(Duration::from_secs(2))
        .build()
        .expect("client");
    let err = within(200, client.request(Method::GET, "/products").send())
        .await
        .expect_err("no answer");
    assert!(
        matches!(
            err,
            RequestError::Timeout { kind: TimeoutKind::Overall, limit, attempts: 1, .. } if limit == Duration::from_secs(2)
        ),
        "{err:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn the_overall_deadline_cuts_retries_short() {
    let counts = Shared::default();
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/products", get(slow_unavailable))
            .with_state(counts.clone()),
    )
    .await;
    // Ten attempts allowed by the policy; each takes 25 s; the request may take 60 s.
    let policy = auth_spec::model::RetryPolicy {
        max_attempts: 10,
        initial_delay_ms: 100,
        max_delay_ms: 100,
        max_elapsed_ms: 600_000,
        honour_reset: true,
        description: None,
    };
    let client = with_key(addr)
        .retry(policy)
        .timeout(Duration::from_secs(60))
        .build()
        .expect("client");
    let err = within(200, client.request(Method::GET, "/products").send())
        .await
        .expect_err("never succeeds");
    match err {
        RequestError::Timeout {
            kind: TimeoutKind::Overall,
            limit,
            attempts,
            ..
        } => {
            assert_eq!(limit, Duration::from_secs(60));
            assert_eq!(attempts, 3, "25 s + 25 s + (cut short) within 60 s");
        }
        other => panic!("expected the overall deadline, got {other:?}"),
    }
    assert_eq!(counts.products.load(Ordering::SeqCst), 3);
}

#[tokio::test(start_paused = true)]
async fn a_login_that_never_answers_fails_every_waiter_and_the_next_request_tries_again() {
    let counts = Shared::default();
    counts.silent_logins.store(1, Ordering::SeqCst);
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/auth/login", post(login))
            .route("/api/v1/products", get(products_with_token))
            .with_state(counts.clone()),
    )
    .await;
    let client = Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "hunter2"),
        )
        .build()
        .expect("client");
    let mut tasks = Vec::new();
    for _ in 0..20 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            within(200, c.request(Method::GET, "/products").send()).await
        }));
    }
    for t in tasks {
        let err = t
            .await
            .expect("task")
            .expect_err("the login never answered");
        assert_eq!(err.timeout(), Some(TimeoutKind::Attempt), "{err:?}");
        match &err {
            RequestError::Exchange {
                credential,
                failure,
            } => {
                assert_eq!(credential, "jwt");
                match &**failure {
                    ExchangeError::Failed { operation, error } => {
                        assert_eq!(operation, "login");
                        assert!(
                            matches!(
                                **error,
                                RequestError::Timeout {
                                    kind: TimeoutKind::Attempt,
                                    attempts: 1,
                                    ..
                                }
                            ),
                            "a POST login is not sent twice: {error:?}"
                        );
                    }
                    other => panic!("{other:?}"),
                }
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(
        counts.logins.load(Ordering::SeqCst),
        1,
        "one login for twenty waiters"
    );
    assert_eq!(counts.products.load(Ordering::SeqCst), 0);
    // The failure is not kept: the next request logs in again, and this time it answers.
    let resp = client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("the next login answers");
    assert_eq!(resp.status(), 200);
    assert_eq!(counts.logins.load(Ordering::SeqCst), 2);
}

/// A listener whose accept queue is full: the kernel drops further connection attempts'
/// SYNs, so a connect never completes (until the client gives up).
fn unconnectable() -> (tokio::net::TcpListener, std::net::TcpStream) {
    let socket = tokio::net::TcpSocket::new_v4().expect("socket");
    socket
        .bind("127.0.0.1:0".parse().expect("addr"))
        .expect("bind");
    let listener = socket.listen(0).expect("listen");
    let addr = listener.local_addr().expect("addr");
    // Fills the queue (one connection with a backlog of 0); never accepted.
    let filler = std::net::TcpStream::connect(addr).expect("first connection");
    (listener, filler)
}

#[tokio::test(start_paused = true)]
async fn a_connection_never_made_times_out() {
    let (listener, _filler) = unconnectable();
    let addr = listener.local_addr().expect("addr");
    let client = with_key(addr).build().expect("client");
    // Three attempts of 10 s, and the short waits between them.
    let err = within(60, client.request(Method::GET, "/products").send())
        .await
        .expect_err("no connection");
    match err {
        RequestError::Timeout {
            kind: TimeoutKind::Connect,
            limit,
            attempts,
            ..
        } => {
            assert_eq!(limit, Duration::from_secs(10));
            assert_eq!(attempts, 3, "a connection never made is tried again");
        }
        other => panic!("expected a connect timeout, got {other:?}"),
    }
}
