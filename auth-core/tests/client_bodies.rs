//! What the client reads and uses from a server is bounded (issue 16, items 9 and 11): an
//! error, token or inspected body is read once up to a bound, a success body reaches the
//! caller unread, a failure that would repeat is not retried, and a token no header could
//! carry is never sent. Real servers on 127.0.0.1; the large bodies are generated as they
//! are sent, and the server counts what it produced before the client hung up.

mod support;

use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};

use auth_core::client::limits::{
    ERROR_BODY_LIMIT, INSPECT_BODY_LIMIT, TOKEN_BODY_LIMIT, TOKEN_LENGTH_LIMIT, TokenProblem,
};
use auth_core::{Client, Credentials, ExchangeError, RequestError};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use bytes::Bytes;
use http::Method;
use support::spec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEY: &str = "pm_live_SECRETKEY";

/// The size of the large bodies: 64 MiB, never held in memory by either side.
const HUGE: usize = 64 << 20;

/// Far above every bound the client reads to (at most 1 MiB and a chunk), far below
/// `HUGE`: what the kernel's socket buffers and the HTTP layers may take in between.
const SLACK: usize = 16 << 20;

/// Bytes a server produced, and how many of its large bodies are finished (sent whole, or
/// dropped when the client hung up).
#[derive(Default)]
struct Produced {
    bytes: AtomicUsize,
    finished: AtomicUsize,
    requests: AtomicUsize,
    done: tokio::sync::Notify,
}

impl Produced {
    /// Wait until `n` large bodies are finished; then `bytes` is final.
    async fn finished(&self, n: usize) -> usize {
        loop {
            let notified = self.done.notified();
            if self.finished.load(Ordering::SeqCst) >= n {
                return self.bytes.load(Ordering::SeqCst);
            }
            notified.await;
        }
    }
}

/// A body of `left` bytes, made 64 KiB at a time as the connection takes them: byte `i`
/// is `i % 251`, so a reader can tell every byte arrived in order.
struct Generated {
    left: usize,
    offset: usize,
    produced: Arc<Produced>,
}

impl Generated {
    fn body(len: usize, produced: Arc<Produced>) -> axum::body::Body {
        axum::body::Body::new(Generated {
            left: len,
            offset: 0,
            produced,
        })
    }
}

fn pattern(offset: usize, len: usize) -> Bytes {
    (offset..offset + len).map(|i| (i % 251) as u8).collect()
}

impl http_body::Body for Generated {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        if self.left == 0 {
            return Poll::Ready(None);
        }
        let n = self.left.min(64 << 10);
        let chunk = pattern(self.offset, n);
        self.left -= n;
        self.offset += n;
        self.produced.bytes.fetch_add(n, Ordering::SeqCst);
        Poll::Ready(Some(Ok(http_body::Frame::data(chunk))))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        http_body::SizeHint::with_exact(self.left as u64)
    }
}

impl Drop for Generated {
    fn drop(&mut self) {
        self.produced.finished.fetch_add(1, Ordering::SeqCst);
        self.produced.done.notify_waiters();
    }
}

async fn serve(app: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    addr
}

fn pixee_key(addr: SocketAddr) -> Client {
    Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(Credentials::new().with_key("api_key", KEY))
        .build()
        .expect("client")
}

fn pixee_login(addr: SocketAddr) -> Client {
    Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "hunter2"),
        )
        .build()
        .expect("client")
}

async fn huge_401(State(p): State<Arc<Produced>>) -> Response {
    p.requests.fetch_add(1, Ordering::SeqCst);
    (StatusCode::UNAUTHORIZED, Generated::body(HUGE, p.clone())).into_response()
}

async fn huge_200(State(p): State<Arc<Produced>>) -> Response {
    p.requests.fetch_add(1, Ordering::SeqCst);
    (StatusCode::OK, Generated::body(HUGE, p.clone())).into_response()
}

#[tokio::test]
async fn a_huge_error_body_is_read_once_up_to_its_bound() {
    let produced = Arc::new(Produced::default());
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/products", get(huge_401))
            .with_state(produced.clone()),
    )
    .await;
    let err = pixee_key(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("401");
    let error = err.provider_error().expect("classified");
    assert_eq!(error.status, 401);
    assert_eq!(error.name.as_deref(), Some("unauthorized"));
    // The message is the body's start, cut short, never the whole body.
    assert!(error.message.as_ref().is_some_and(|m| m.len() < 1024));
    let sent = produced.finished(1).await;
    println!(
        "64 MiB 401 body: the server produced {sent} bytes before the client hung up (bound {ERROR_BODY_LIMIT})"
    );
    assert!(
        sent < SLACK,
        "the client read {sent} bytes of an error body"
    );
    assert_eq!(produced.requests.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_401_on_a_token_reads_each_answer_once_up_to_its_bound() {
    // A cached token refused with a huge 401 is renewed once: two logins, two attempts,
    // two bounded reads.
    let produced = Arc::new(Produced::default());
    let logins = Arc::new(AtomicUsize::new(0));
    let counted = logins.clone();
    let addr =
        serve(
            axum::Router::new()
                .route(
                    "/api/v1/auth/login",
                    post(move || {
                        let n = counted.fetch_add(1, Ordering::SeqCst);
                        async move {
                            axum::Json(serde_json::json!({"access_token": format!("jwt-{n}")}))
                        }
                    }),
                )
                .route("/api/v1/products", get(huge_401))
                .with_state(produced.clone()),
        )
        .await;
    let err = pixee_login(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("401 twice");
    assert_eq!(err.provider_error().map(|e| e.status.as_u16()), Some(401));
    assert_eq!(err.attempts(), Some(2));
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    let sent = produced.finished(2).await;
    assert!(
        sent < 2 * SLACK,
        "the client read {sent} bytes of two error bodies"
    );
}

#[tokio::test]
async fn a_success_body_reaches_the_caller_unread_and_streams() {
    let produced = Arc::new(Produced::default());
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/products", get(huge_200))
            .with_state(produced.clone()),
    )
    .await;
    let mut resp = pixee_key(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("200");
    let before = produced.bytes.load(Ordering::SeqCst);
    assert!(
        before < SLACK,
        "{before} bytes were produced before the caller read any"
    );
    check_stream(&mut resp).await;
    assert_eq!(produced.finished(1).await, HUGE);
}

/// Read `resp` chunk by chunk: every byte, in order, `HUGE` in all.
async fn check_stream(resp: &mut reqwest::Response) {
    let mut offset = 0;
    let mut chunks = 0;
    while let Some(chunk) = resp.chunk().await.expect("chunk") {
        assert_eq!(chunk, pattern(offset, chunk.len()), "bytes at {offset}");
        offset += chunk.len();
        chunks += 1;
    }
    assert_eq!(offset, HUGE);
    assert!(chunks > 1, "streamed, not handed over in one piece");
}

/// WeShape (JSON error bodies), with a success status that may report an error in its
/// body (a GraphQL-style `errors` array): the client reads such bodies to look for one.
fn weshape_with_body_errors() -> Arc<auth_spec::Spec> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../providers/weshape/weshape.yaml"
    );
    let yaml = std::fs::read_to_string(path).expect("weshape.yaml");
    let yaml = yaml.replacen(
        "  catalogue:\n",
        "  catalogue:\n    body_error:\n      status: 200\n      when: {field: errors}\n      \
         description: An error reported in a success body.\n      kind: other\n      \
         action: give_up\n",
        1,
    );
    Arc::new(auth_spec::load_str("weshape.yaml", &yaml).unwrap_or_else(|e| panic!("{e}")))
}

#[tokio::test]
async fn an_inspected_success_body_is_read_only_up_to_its_bound_then_streams() {
    let produced = Arc::new(Produced::default());
    let addr = serve(
        axum::Router::new()
            .route("/api/v3/archives", get(huge_200))
            .route(
                "/api/v3/small",
                get(|| async { r#"{"errors": [{"message": "no"}]}"# }),
            )
            .with_state(produced.clone()),
    )
    .await;
    let client = Client::builder(weshape_with_body_errors())
        .base_url(format!("http://{addr}/api"))
        .credentials(Credentials::new().with_key("api_key", "wsk_live_SECRETKEY"))
        .build()
        .expect("client");
    // A small body is still inspected.
    let err = client
        .request(Method::GET, "/v3/small")
        .send()
        .await
        .expect_err("an error in a 200");
    assert_eq!(
        err.provider_error().and_then(|e| e.name.as_deref()),
        Some("body_error")
    );
    // A huge one is handed over, its start from memory, the rest unread.
    let mut resp = client
        .request(Method::GET, "/v3/archives")
        .send()
        .await
        .expect("200");
    let before = produced.bytes.load(Ordering::SeqCst);
    println!(
        "64 MiB inspected 200: {before} bytes produced before the caller read (bound {INSPECT_BODY_LIMIT})"
    );
    assert!(
        before < SLACK,
        "{before} bytes were read before the caller got the response"
    );
    assert!(
        resp.url().path().ends_with("/v3/archives"),
        "{}",
        resp.url()
    );
    check_stream(&mut resp).await;
}

#[tokio::test]
async fn a_huge_token_response_is_refused_unread() {
    let produced = Arc::new(Produced::default());
    let addr = serve(
        axum::Router::new()
            .route("/api/v1/auth/login", post(huge_200))
            .route("/api/v1/products", get(|| async { "[]" }))
            .with_state(produced.clone()),
    )
    .await;
    let err = pixee_login(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("no token");
    match &err {
        RequestError::Exchange { failure, .. } => assert!(
            matches!(&**failure, ExchangeError::BodyTooLarge { operation, limit } if operation == "login" && *limit == TOKEN_BODY_LIMIT),
            "{failure:?}"
        ),
        other => panic!("{other:?}"),
    }
    let sent = produced.finished(1).await;
    println!("64 MiB token response: {sent} bytes produced (bound {TOKEN_BODY_LIMIT})");
    assert!(
        sent < SLACK,
        "the client read {sent} bytes of a token response"
    );
}

/// A login that hands out `token`, and a products endpoint counting what it receives.
async fn issuing(token: String) -> (SocketAddr, Arc<AtomicUsize>) {
    let products = Arc::new(AtomicUsize::new(0));
    let counted = products.clone();
    let addr = serve(
        axum::Router::new()
            .route(
                "/api/v1/auth/login",
                post(move || {
                    let token = token.clone();
                    async move { axum::Json(serde_json::json!({"access_token": token})) }
                }),
            )
            .route(
                "/api/v1/products",
                get(move || {
                    counted.fetch_add(1, Ordering::SeqCst);
                    async { "[]" }
                }),
            ),
    )
    .await;
    (addr, products)
}

#[tokio::test]
async fn a_token_no_header_could_carry_is_never_sent() {
    let cases = [
        (
            "x".repeat(1_000_000),
            TokenProblem::TooLong {
                length: 1_000_000,
                limit: TOKEN_LENGTH_LIMIT,
            },
        ),
        ("tök€n".to_owned(), TokenProblem::Character { at: 1 }),
        (
            "jwt\r\nX-Admin: 1".to_owned(),
            TokenProblem::Character { at: 3 },
        ),
        ("two words".to_owned(), TokenProblem::Character { at: 3 }),
    ];
    for (token, want) in cases {
        let (addr, products) = issuing(token.clone()).await;
        let err = pixee_login(addr)
            .request(Method::GET, "/products")
            .send()
            .await
            .expect_err("refused");
        let shown = format!("{err:?} {err}");
        match &err {
            RequestError::Exchange { failure, .. } => match &**failure {
                ExchangeError::BadToken {
                    operation,
                    field,
                    problem,
                } => {
                    assert_eq!(operation, "login");
                    assert_eq!(field, "access_token");
                    assert_eq!(*problem, want);
                }
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        }
        assert!(!shown.contains(&token[..token.len().min(9)]), "{shown}");
        assert_eq!(products.load(Ordering::SeqCst), 0, "the token was sent");
    }
}

#[tokio::test]
async fn a_redirect_loop_is_given_up_after_ten_requests_not_thirty() {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let addr = serve(axum::Router::new().route(
        "/api/v1/products",
        any(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            async { (StatusCode::FOUND, [("location", "/api/v1/products")]) }
        }),
    ))
    .await;
    let err = pixee_key(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("a loop");
    assert!(matches!(err, RequestError::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), Some(1), "{err}");
    // The first request and nine redirects followed, the tenth refused: one attempt of
    // ten requests, not three of them.
    assert_eq!(hits.load(Ordering::SeqCst), 10);
}

#[tokio::test]
async fn an_oversized_response_head_is_not_asked_for_again() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let requests = Arc::new(AtomicUsize::new(0));
    let counted = requests.clone();
    tokio::spawn(async move {
        while let Ok((mut s, _)) = listener.accept().await {
            let counted = counted.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 16 << 10];
                if s.read(&mut buf).await.unwrap_or(0) == 0 {
                    return;
                }
                counted.fetch_add(1, Ordering::SeqCst);
                let head = format!(
                    "HTTP/1.1 200 OK\r\nX-Padding: {}\r\nContent-Length: 0\r\n\r\n",
                    "a".repeat(1 << 20)
                );
                let _ = s.write_all(head.as_bytes()).await;
            });
        }
    });
    let err = pixee_key(addr)
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("a head too large");
    assert!(matches!(err, RequestError::Transport { .. }), "{err:?}");
    assert_eq!(err.attempts(), Some(1), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
}
