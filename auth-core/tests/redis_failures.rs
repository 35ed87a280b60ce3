//! When Redis fails: a verifier refuses (fails closed) with the provider's 5xx-class answer
//! and an `error` event, within a bounded time, whether Redis is down or stalled; a client
//! keeps serving from its local token cache and says so in a `warn` event; a restart of
//! Redis (append-only file, `appendfsync always`) loses no key.
//!
//! One test in a binary of its own: it installs a global `tracing` subscriber to read the
//! events, and runs a private `redis-server` that it kills, stalls and restarts.

mod redis_support;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use auth_core::client::tokens::{Clock, TokenCache};
use auth_core::redis::RedisBackend;
use auth_core::server::{KeyAdmin, KeyDigest, KeyRecord, Problem, Verifier};
use auth_core::{Client, Credentials};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

const KEY: &str = "pm_live_failure_test_key_0001";

/// Every event's message and fields, as text.
#[derive(Default, Clone)]
struct Events(Arc<Mutex<String>>);

struct Visitor(Arc<Mutex<String>>);

impl tracing::field::Visit for Visitor {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let mut s = self.0.lock().unwrap();
        s.push_str(&format!("{}={value:?} ", field.name()));
    }
}

impl tracing::Subscriber for Events {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let level = *event.metadata().level();
        self.0.lock().unwrap().push_str(&format!("[{level}] "));
        event.record(&mut Visitor(self.0.clone()));
        self.0.lock().unwrap().push('\n');
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

impl Events {
    fn take(&self) -> String {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

fn spec(name: &str) -> Arc<auth_spec::Spec> {
    let path = format!(
        "{}/../providers/{name}/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    Arc::new(auth_spec::load_str(&path, &text).expect("spec loads"))
}

fn request() -> http::Request<Vec<u8>> {
    http::Request::builder()
        .uri("/api/v1/products")
        .header("X-API-Key", KEY)
        .body(Vec::new())
        .unwrap()
}

/// Verify once; the status and how long it took.
async fn verify(v: &Verifier) -> (u16, Duration) {
    let t = Instant::now();
    let status = match v.verify_request(&request()).await {
        Ok(_) => 200,
        Err(r) => {
            if r.status().as_u16() == 503 {
                assert_eq!(r.problem(), &Problem::Unavailable);
            }
            r.status().as_u16()
        }
    };
    (status, t.elapsed())
}

async fn login(State(n): State<Arc<AtomicUsize>>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let n = n.fetch_add(1, Ordering::SeqCst) + 1;
    (
        [("content-type", "application/json")],
        format!(r#"{{"access_token":"tok-{n}","token_type":"bearer"}}"#),
    )
        .into_response()
}

async fn products(headers: HeaderMap) -> StatusCode {
    let ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer tok-"));
    if ok {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_slow_or_restarted() {
    let events = Events::default();
    tracing::subscriber::set_global_default(events.clone()).expect("one subscriber");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let mut server = redis_support::Server::start();
    let ns = redis_support::namespace("failures");
    let redis = RedisBackend::connect(&server.url(), &ns).await.unwrap();
    let store = Arc::new(redis.key_store());
    store
        .add(
            KeyRecord::new("k1", "api_key"),
            KeyDigest::of("api_key", [("key", KEY)]),
        )
        .await
        .unwrap();
    let v = Verifier::new(spec("pixee"), store.clone());
    assert_eq!(verify(&v).await.0, 200);

    // ------------------------------------------------ a client with a shared token store
    let logins = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/products", get(products))
        .with_state(logins.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    let (clock, hand) = Clock::manual(SystemTime::now());
    let client = Client::builder(spec("pixee"))
        .base_url(base)
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "pw"),
        )
        .token_cache(Arc::new(
            TokenCache::new(Arc::new(redis.token_store())).with_clock(clock),
        ))
        .build()
        .unwrap();
    let send = || async {
        client
            .request(http::Method::GET, "/products")
            .send()
            .await
            .map(|r| r.status().as_u16())
            .map_err(|e| e.to_string())
    };
    assert_eq!(send().await, Ok(200));
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    events.take();

    // ------------------------------------------------ Redis down
    server.kill();
    for _ in 0..3 {
        let (status, took) = verify(&v).await;
        assert_eq!(status, 503, "fails closed");
        assert!(took < Duration::from_secs(3), "answered in {took:?}");
    }
    let logged = events.take();
    assert!(
        logged.contains("[ERROR]") && logged.contains("key store unavailable"),
        "{logged}"
    );
    assert!(!logged.contains(KEY), "{logged}");
    // The rendered refusal is the provider's (no catalogue 5xx for Pixee: a bare 503).
    let r = v.verify_request(&request()).await.unwrap_err();
    assert_eq!(r.status(), 503);
    assert_eq!(
        std::str::from_utf8(r.body()).unwrap(),
        "Service Unavailable"
    );

    // The client goes on with the token it holds: no store call, no exchange.
    let t = Instant::now();
    assert_eq!(send().await, Ok(200));
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(logins.load(Ordering::SeqCst), 1);
    // Past the token's life it exchanges on its own, keeps the token locally, and says so.
    hand.advance(Duration::from_secs(15 * 60));
    let t = Instant::now();
    assert_eq!(send().await, Ok(200));
    assert!(t.elapsed() < Duration::from_secs(5), "{:?}", t.elapsed());
    assert_eq!(logins.load(Ordering::SeqCst), 2);
    let logged = events.take();
    assert!(
        logged.contains("[WARN]") && logged.contains("serves the token from its own cache"),
        "{logged}"
    );
    assert!(!logged.contains("tok-"), "no token in the log: {logged}");
    assert_eq!(send().await, Ok(200));
    assert_eq!(
        logins.load(Ordering::SeqCst),
        2,
        "served from the local cache"
    );

    // ------------------------------------------------ restarted: no key lost
    // (SIGKILL above; the append-only file is synced on every write.)
    server.restart();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        // The connection comes back on its own; until it has, requests are refused.
        let (status, _) = verify(&v).await;
        if status == 200 {
            break;
        }
        assert_eq!(status, 503);
        assert!(Instant::now() < deadline, "never reconnected");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(store.record("k1").await.unwrap().is_some());

    // ------------------------------------------------ Redis stalled
    let addr = server.addr();
    let stall = std::thread::spawn(move || redis_support::command(&addr, &["DEBUG", "SLEEP", "3"]));
    // (The command answers `+OK` after the 3 s; checked below.)
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, took) = verify(&v).await;
    assert_eq!(status, 503, "a stalled Redis fails closed too");
    assert!(
        took >= Duration::from_millis(400) && took < Duration::from_millis(1_500),
        "bounded by the 500 ms command deadline: {took:?}"
    );
    assert_eq!(stall.join().unwrap(), "+OK\r\n", "the server was stalled");
    let deadline = Instant::now() + Duration::from_secs(10);
    while verify(&v).await.0 != 200 {
        assert!(Instant::now() < deadline, "never recovered from the stall");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
