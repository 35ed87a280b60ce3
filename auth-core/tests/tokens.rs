//! The token lifecycle over real loopback HTTP: single-flight exchanges, expiry, refresh by
//! cookie, failures shared by all waiters, re-authentication on 401, and key rotation.

mod support;

use std::collections::HashSet;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use auth_core::client::tokens::{Clock, TokenCache};
use auth_core::{Client, Credentials, RequestError};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use http::Method;
use support::spec;

/// A provider that issues tokens, counting every exchange it performs.
#[derive(Default)]
struct Provider {
    logins: AtomicUsize,
    refreshes: AtomicUsize,
    issued: AtomicUsize,
    products: AtomicUsize,
    /// Tokens the provider accepts.
    valid: Mutex<HashSet<String>>,
    /// Refresh requests as seen: (cookie header, authorization header).
    refresh_seen: Mutex<Vec<(Option<String>, Option<String>)>>,
    /// The next `n` logins fail with 500.
    fail_logins: AtomicUsize,
    /// User-token bodies received.
    user_token_bodies: Mutex<Vec<(String, serde_json::Value)>>,
    /// Lifetime to hand out for user tokens.
    user_token_lifetime: AtomicUsize,
    /// API keys the provider accepts (rotation).
    keys: Mutex<HashSet<String>>,
    rejected_keys: AtomicUsize,
    slow: AtomicBool,
    /// Refuse every bearer token, however fresh.
    refuse_tokens: AtomicBool,
}

type Shared = Arc<Provider>;

fn header(h: &HeaderMap, name: &str) -> Option<String> {
    h.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned)
}

async fn login(State(p): State<Shared>, body: String) -> Response {
    let n = p.logins.fetch_add(1, Ordering::SeqCst) + 1;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let creds: serde_json::Value = serde_json::from_str(&body).unwrap_or_default();
    if creds != serde_json::json!({"email": "you@example.com", "password": "hunter2"}) {
        return (StatusCode::UNAUTHORIZED, "bad login").into_response();
    }
    if p.fail_logins.load(Ordering::SeqCst) > 0 {
        p.fail_logins.fetch_sub(1, Ordering::SeqCst);
        return (StatusCode::INTERNAL_SERVER_ERROR, "login service down").into_response();
    }
    let token = format!("jwt-{n}");
    p.valid.lock().expect("lock").insert(token.clone());
    (
        [(
            "set-cookie",
            format!("refresh_token=rt-{n}; HttpOnly; Path=/api/v1/auth"),
        )],
        axum::Json(serde_json::json!({"access_token": token, "token_type": "bearer"})),
    )
        .into_response()
}

async fn refresh(State(p): State<Shared>, h: HeaderMap) -> Response {
    let n = p.refreshes.fetch_add(1, Ordering::SeqCst) + 1;
    p.refresh_seen
        .lock()
        .expect("lock")
        .push((header(&h, "cookie"), header(&h, "authorization")));
    if !header(&h, "cookie").is_some_and(|c| c.starts_with("refresh_token=rt-")) {
        return (StatusCode::UNAUTHORIZED, "").into_response();
    }
    let token = format!("refreshed-{n}");
    p.valid.lock().expect("lock").insert(token.clone());
    axum::Json(serde_json::json!({"access_token": token, "token_type": "bearer"})).into_response()
}

async fn products(State(p): State<Shared>, h: HeaderMap) -> Response {
    p.products.fetch_add(1, Ordering::SeqCst);
    if p.slow.load(Ordering::SeqCst) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    if let Some(key) = header(&h, "x-api-key") {
        if p.keys.lock().expect("lock").contains(&key) {
            return (StatusCode::OK, "{}").into_response();
        }
        p.rejected_keys.fetch_add(1, Ordering::SeqCst);
        return (StatusCode::UNAUTHORIZED, "").into_response();
    }
    let bearer =
        header(&h, "authorization").and_then(|a| a.strip_prefix("Bearer ").map(str::to_owned));
    match bearer {
        Some(t)
            if !p.refuse_tokens.load(Ordering::SeqCst)
                && p.valid.lock().expect("lock").contains(&t) =>
        {
            (StatusCode::OK, "{}").into_response()
        }
        _ => (StatusCode::UNAUTHORIZED, "").into_response(),
    }
}

async fn rotate(State(p): State<Shared>, Path(_id): Path<String>, h: HeaderMap) -> Response {
    let old = header(&h, "x-api-key").unwrap_or_default();
    let mut keys = p.keys.lock().expect("lock");
    if !keys.remove(&old) {
        return (StatusCode::UNAUTHORIZED, "").into_response();
    }
    keys.insert("pm_live_NEW".to_owned());
    // Pixee's docs do not show the response body; this test server picks one.
    axum::Json(serde_json::json!({"key": "pm_live_NEW"})).into_response()
}

async fn user_token(State(p): State<Shared>, Path(uid): Path<String>, body: String) -> Response {
    let n = p.issued.fetch_add(1, Ordering::SeqCst) + 1;
    let json: serde_json::Value = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
    p.user_token_bodies
        .lock()
        .expect("lock")
        .push((uid.clone(), json));
    let token = format!("wyu_{uid}_{n}");
    p.valid.lock().expect("lock").insert(token.clone());
    let lifetime = p.user_token_lifetime.load(Ordering::SeqCst);
    axum::Json(serde_json::json!({"access_token": token, "expires_in": lifetime})).into_response()
}

async fn start(p: Shared) -> SocketAddr {
    let app = axum::Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/auth/refresh", post(refresh))
        .route("/api/v1/products", get(products))
        .route("/api/v1/api-keys/{id}/rotate", post(rotate))
        .route("/api/users/{uid}/tokens", post(user_token))
        .route("/api/me", get(products))
        .with_state(p);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    addr
}

/// An error and its sources, joined by ": " (each error shows its own message only).
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_concurrent_requests_cause_one_login() {
    let p = Shared::default();
    let addr = start(p.clone()).await;
    let client = pixee_login(addr);
    let mut tasks = Vec::new();
    for _ in 0..1000 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            c.request(Method::GET, "/products").send().await
        }));
    }
    for t in tasks {
        let resp = t.await.expect("task").expect("request succeeds");
        assert_eq!(resp.status(), 200);
    }
    assert_eq!(p.logins.load(Ordering::SeqCst), 1);
    assert_eq!(p.products.load(Ordering::SeqCst), 1000);
}

#[tokio::test]
async fn refresh_uses_the_cookie_and_no_authorization_header() {
    let p = Shared::default();
    let addr = start(p.clone()).await;
    // A margin longer than the 15-minute lifetime makes every cached token stale at once.
    let client = Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "hunter2"),
        )
        .token_cache(Arc::new(
            TokenCache::default().with_margin(Duration::from_secs(901)),
        ))
        .build()
        .expect("client");
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("first");
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("second");
    assert_eq!(
        p.logins.load(Ordering::SeqCst),
        1,
        "the second token came from a refresh"
    );
    assert_eq!(p.refreshes.load(Ordering::SeqCst), 1);
    let seen = p.refresh_seen.lock().expect("lock").clone();
    assert_eq!(seen, [(Some("refresh_token=rt-1".to_owned()), None)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_token_endpoint_reaches_every_waiter_and_is_retried_later() {
    let p = Shared::default();
    p.fail_logins.store(1, Ordering::SeqCst);
    let addr = start(p.clone()).await;
    let client = pixee_login(addr);
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            c.request(Method::GET, "/products").send().await
        }));
    }
    for t in tasks {
        let err = t.await.expect("task").expect_err("the exchange failed");
        match &err {
            RequestError::Exchange { credential, .. } => assert_eq!(credential, "jwt"),
            other => panic!("{other:?}"),
        }
        assert_eq!(err.provider_error().map(|e| e.status.as_u16()), Some(500));
    }
    assert_eq!(
        p.logins.load(Ordering::SeqCst),
        1,
        "one exchange for all fifty waiters"
    );
    assert_eq!(p.products.load(Ordering::SeqCst), 0);
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("tried again, succeeds");
    assert_eq!(p.logins.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_rejected_token_is_renewed_once_and_a_second_401_is_reported() {
    let p = Shared::default();
    let addr = start(p.clone()).await;
    let client = pixee_login(addr);
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("first");
    // The provider revokes the token: the client renews it and retries once.
    p.valid.lock().expect("lock").clear();
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("renewed");
    // Renewed through the refresh cookie the login set, not a second login.
    assert_eq!(p.logins.load(Ordering::SeqCst), 1);
    assert_eq!(p.refreshes.load(Ordering::SeqCst), 1);
    assert_eq!(p.products.load(Ordering::SeqCst), 3);

    // Now every token is refused at once: one renewal, then the 401 is reported.
    let refusing = Shared::default();
    let addr = start(refusing.clone()).await;
    let client = pixee_login(addr);
    refusing.refuse_tokens.store(true, Ordering::SeqCst);
    let err = client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("401");
    assert_eq!(err.provider_error().map(|e| e.status.as_u16()), Some(401));
    assert_eq!(
        refusing.products.load(Ordering::SeqCst),
        2,
        "one retry, no loop"
    );
    let exchanges =
        refusing.logins.load(Ordering::SeqCst) + refusing.refreshes.load(Ordering::SeqCst);
    assert_eq!(exchanges, 2);
}

#[tokio::test]
async fn an_expired_token_is_renewed_before_use() {
    let p = Shared::default();
    p.user_token_lifetime.store(1, Ordering::SeqCst);
    let addr = start(p.clone()).await;
    // The cache reads a manual clock: the token's one-second lifetime passes without a sleep.
    let (clock, hand) = Clock::manual(SystemTime::now());
    let client = Client::builder(spec("weavy"))
        .base_url(format!("http://{addr}"))
        .credentials(Credentials::new().with_key("api_key", "server-key"))
        .token_cache(Arc::new(
            TokenCache::default()
                .with_margin(Duration::ZERO)
                .with_clock(clock),
        ))
        .build()
        .expect("client");
    let me = |c: &Client| {
        c.request(Method::GET, "/api/me")
            .credential("user_token")
            .subject("u256")
            .send()
    };
    me(&client).await.expect("first");
    me(&client).await.expect("cached");
    assert_eq!(p.issued.load(Ordering::SeqCst), 1);
    hand.advance(Duration::from_millis(1100));
    me(&client).await.expect("renewed");
    assert_eq!(p.issued.load(Ordering::SeqCst), 2);
    assert_eq!(
        p.products.load(Ordering::SeqCst),
        3,
        "no request went out with the expired token"
    );
}

#[tokio::test]
async fn weavy_tokens_are_per_uid_with_the_requested_lifetime_and_uids_are_checked() {
    let p = Shared::default();
    p.user_token_lifetime.store(86400, Ordering::SeqCst);
    let addr = start(p.clone()).await;
    let client = Client::builder(spec("weavy"))
        .base_url(format!("http://{addr}"))
        .credentials(Credentials::new().with_key("api_key", "server-key"))
        .token_lifetime(Duration::from_secs(86400))
        .build()
        .expect("client");
    for uid in ["u256", "u257", "u256", "u257"] {
        client
            .request(Method::GET, "/api/me")
            .credential("user_token")
            .subject(uid)
            .send()
            .await
            .expect("ok");
    }
    assert_eq!(p.issued.load(Ordering::SeqCst), 2);
    let bodies = p.user_token_bodies.lock().expect("lock").clone();
    assert_eq!(
        bodies[0],
        ("u256".to_owned(), serde_json::json!({"expires_in": 86400}))
    );

    for bad in ["u 256", "256", "\t"] {
        let err = client
            .request(Method::GET, "/api/me")
            .credential("user_token")
            .subject(bad)
            .send()
            .await
            .expect_err("refused");
        // The reason is the error's source: read the whole chain.
        let chain = chain(&err);
        assert!(chain.contains("uid"), "{chain}");
    }
    assert_eq!(p.issued.load(Ordering::SeqCst), 2, "no call for a bad uid");

    // Profile sync on the same call.
    let token = client
        .obtain_token(
            "user_token",
            Some("u300"),
            serde_json::json!({"name": "John Doe"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        )
        .await
        .expect("issued");
    assert!(token.value.expose().starts_with("wyu_u300_"));
    let bodies = p.user_token_bodies.lock().expect("lock").clone();
    assert_eq!(
        bodies.last().cloned(),
        Some((
            "u300".to_owned(),
            serde_json::json!({"name": "John Doe", "expires_in": 86400})
        ))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rotation_mid_traffic_loses_no_request() {
    let p = Shared::default();
    p.keys
        .lock()
        .expect("lock")
        .insert("pm_live_OLD".to_owned());
    p.slow.store(true, Ordering::SeqCst);
    let addr = start(p.clone()).await;
    let client = Client::builder(spec("pixee"))
        .base_url(format!("http://{addr}/api/v1"))
        .credentials(Credentials::new().with_key("api_key", "pm_live_OLD"))
        .build()
        .expect("client");
    let mut tasks = Vec::new();
    for i in 0..400 {
        let c = client.clone();
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(Duration::from_millis(i % 100)).await;
            c.request(Method::GET, "/products").send().await
        }));
    }
    tokio::time::sleep(Duration::from_millis(40)).await;
    client
        .rotate(|c| async move {
            let resp = c
                .operation("rotate_key", &[("key_id", "k1")])
                .send()
                .await?;
            // Pixee's docs do not describe the response; the test server answers {"key"}.
            let body: serde_json::Value = resp.json().await?;
            let new_key = body["key"].as_str().unwrap_or_default().to_owned();
            Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
                Credentials::new().with_key("api_key", new_key),
            )
        })
        .await
        .expect("rotated");
    for t in tasks {
        t.await.expect("task").expect("no request is lost");
    }
    assert!(
        !p.keys.lock().expect("lock").contains("pm_live_OLD"),
        "the old key is invalid at once"
    );
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("new key works");
    assert!(
        p.rejected_keys.load(Ordering::SeqCst) > 0,
        "the race was exercised: some requests carried the old key after rotation and were resent"
    );
}
