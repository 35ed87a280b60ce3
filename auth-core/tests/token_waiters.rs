//! 10,000 concurrent waiters on an expired token cause exactly one exchange, counted at a
//! loopback axum server (issue 7; the count is quoted in BENCHMARKS.md).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, SystemTime};

use auth_core::ExchangeError;
use auth_core::client::tokens::{Token, TokenCache, TokenKey};
use axum::extract::State;
use axum::routing::post;

async fn issue(State(count): State<Arc<AtomicUsize>>) -> String {
    let n = count.fetch_add(1, Ordering::SeqCst) + 1;
    // Slow enough that every waiter arrives while the exchange is in flight.
    tokio::time::sleep(Duration::from_millis(200)).await;
    format!("token-{n}")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ten_thousand_waiters_on_an_expired_token_cause_one_exchange() {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let count = Arc::new(AtomicUsize::new(0));
    let app = axum::Router::new()
        .route("/token", post(issue))
        .with_state(count.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/token", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });

    let cache = TokenCache::default();
    let handle = cache.handle(TokenKey::new("pixee", "jwt", None));
    handle
        .set(Token {
            expires_at: SystemTime::now().checked_sub(Duration::from_secs(1)),
            ..Token::new("expired", None)
        })
        .await;
    assert!(handle.current().is_none());

    let http = reqwest::Client::new();
    let start = Arc::new(tokio::sync::Barrier::new(10_000));
    let mut tasks = Vec::with_capacity(10_000);
    for _ in 0..10_000 {
        let handle = handle.clone();
        let http = http.clone();
        let url = url.clone();
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            start.wait().await;
            handle
                .get_or_fetch(|| async move {
                    let fail = |e: reqwest::Error| ExchangeError::Other {
                        message: e.to_string(),
                        retry_after: None,
                    };
                    let body = http
                        .post(url)
                        .send()
                        .await
                        .map_err(fail)?
                        .text()
                        .await
                        .map_err(fail)?;
                    Ok(Token::new(body, Some(Duration::from_secs(3600))))
                })
                .await
                .map(|t| t.value.expose().to_owned())
        }));
    }
    let mut got = Vec::with_capacity(tasks.len());
    for t in tasks {
        got.push(t.await.expect("joins").expect("token"));
    }
    let exchanges = count.load(Ordering::SeqCst);
    println!("10000 waiters, exchanges counted at the server: {exchanges}");
    assert_eq!(exchanges, 1);
    assert!(got.iter().all(|t| t == "token-1"));
    assert_eq!(
        handle.current().map(|t| t.value.expose().to_owned()),
        Some("token-1".to_owned())
    );
}
