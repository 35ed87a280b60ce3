//! What an attacker found (issue 16, items 4–6), reproduced over loopback and now refused:
//! a lockout aimed at another client, a refresh cookie that works forever or around a
//! lockout, a rate limit spent by unauthenticated traffic, tokens that are never forgotten.
//!
//! Two client addresses on one machine: 127.0.0.1 (the owner) and 127.0.0.2 (the
//! attacker); all of 127.0.0.0/8 is loopback on Linux.

mod common;

use std::net::{IpAddr, Ipv4Addr};
use std::time::{Duration, SystemTime};

use auth_sandbox::{KeysFile, RateLimitConfig, Sandbox};
use common::{header, spec};
use serde_json::json;

fn from(last: u8) -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, 0, last)))
        .build()
        .unwrap()
}

async fn start(provider: &str, keys: KeysFile) -> (Sandbox, String, auth_sandbox::SandboxHandle) {
    let sandbox = Sandbox::new(spec(provider), &keys).unwrap();
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.clone().spawn(0).await.unwrap();
    (sandbox, format!("http://{addr}{base}"), handle)
}

async fn login(c: &reqwest::Client, base: &str, password: &str) -> reqwest::Response {
    c.post(format!("{base}/auth/login"))
        .header("Content-Type", "application/json")
        .body(json!({"email": "you@example.com", "password": password}).to_string())
        .send()
        .await
        .unwrap()
}

async fn refresh(c: &reqwest::Client, base: &str, cookie: &str) -> reqwest::Response {
    c.post(format!("{base}/auth/refresh"))
        .header("Cookie", cookie)
        .send()
        .await
        .unwrap()
}

/// The `name=value` of the response's refresh cookie.
fn cookie(res: &reqwest::Response) -> String {
    header(res, "set-cookie")
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no cookie: {:?}", res.headers()))
        .to_owned()
}

#[tokio::test]
async fn an_attacker_cannot_lock_the_owner_out() {
    let spec = spec("pixee");
    let (_s, base, _h) = start("pixee", KeysFile::default_for(&spec).unwrap()).await;
    let (owner, attacker) = (from(1), from(2));
    for _ in 0..5 {
        assert_eq!(login(&attacker, &base, "guess").await.status(), 401);
    }
    // The attacker is locked out of the account, even with the right password...
    let res = login(&attacker, &base, "sandbox-password").await;
    assert_eq!(res.status(), 423);
    assert_eq!(
        res.text().await.unwrap(),
        "Account locked after too many failed login attempts"
    );
    // ...and guessing on keeps it so; the owner elsewhere logs in as ever.
    for _ in 0..10 {
        assert_eq!(login(&attacker, &base, "guess").await.status(), 423);
    }
    assert_eq!(login(&owner, &base, "sandbox-password").await.status(), 200);
}

#[tokio::test]
async fn a_locked_client_cannot_refresh_around_the_lock() {
    let spec = spec("pixee");
    let (_s, base, _h) = start("pixee", KeysFile::default_for(&spec).unwrap()).await;
    let (owner, client) = (from(1), from(2));
    let ok = login(&client, &base, "sandbox-password").await;
    assert_eq!(ok.status(), 200);
    let held = cookie(&ok);
    for _ in 0..5 {
        assert_eq!(login(&client, &base, "wrong").await.status(), 401);
    }
    // Locked: the cookie it holds does not mint tokens for it either.
    assert_eq!(refresh(&client, &base, &held).await.status(), 423);
    // The lock is this client's, not the session's: elsewhere the cookie still works once.
    assert_eq!(refresh(&owner, &base, &held).await.status(), 200);
}

#[tokio::test]
async fn a_refresh_token_works_once_and_is_replaced() {
    let spec = spec("pixee");
    let (_s, base, _h) = start("pixee", KeysFile::default_for(&spec).unwrap()).await;
    let c = from(1);
    let mut current = cookie(&login(&c, &base, "sandbox-password").await);
    let first = current.clone();
    for _ in 0..20 {
        let res = refresh(&c, &base, &current).await;
        assert_eq!(res.status(), 200);
        let set = header(&res, "set-cookie").unwrap().to_owned();
        assert!(
            set.contains("HttpOnly") && set.contains("Max-Age=86400"),
            "{set}"
        );
        let next = cookie(&res);
        assert_ne!(next, current);
        // Spent: the same cookie again is refused.
        assert_eq!(refresh(&c, &base, &current).await.status(), 401);
        current = next;
    }
    assert_eq!(refresh(&c, &base, &first).await.status(), 401);
}

#[tokio::test]
async fn unauthenticated_traffic_does_not_spend_a_credentials_window() {
    let spec = spec("weavz");
    let mut keys = KeysFile::default_for(&spec).unwrap();
    keys.rate_limit = RateLimitConfig {
        limit: 5,
        window_seconds: 60,
    };
    let (_s, base, _h) = start("weavz", keys).await;
    let c = from(1);
    let get = |key: Option<&'static str>| {
        let mut r = c.get(format!("{base}/api/v1/workspaces"));
        if let Some(k) = key {
            r = r.header("Authorization", format!("Bearer {k}"));
        }
        r.send()
    };
    // 100 requests with no key, from the same address as the key's owner.
    let mut statuses = Vec::new();
    for _ in 0..100 {
        statuses.push(get(None).await.unwrap().status().as_u16());
    }
    assert_eq!(statuses[..5], [401; 5]);
    assert!(statuses[5..].iter().all(|s| *s == 429), "{statuses:?}");
    // The org key still has its whole window: counted per credential, after authentication.
    let org = Some("wvz_sandbox_org_wide_0001");
    for i in 0..5 {
        let res = get(org).await.unwrap();
        assert_eq!(res.status(), 200, "request {i}");
        assert_eq!(
            header(&res, "x-ratelimit-remaining"),
            Some((4 - i).to_string().as_str())
        );
    }
    assert_eq!(get(org).await.unwrap().status(), 429);
    // Another credential has its own window.
    let ws = Some("wvz_sandbox_workspace_ws1_0002");
    assert_eq!(get(ws).await.unwrap().status(), 200);
}

#[tokio::test]
async fn issued_tokens_expire_and_are_forgotten() {
    let spec = spec("pixee");
    let (sandbox, base, _h) = start("pixee", KeysFile::default_for(&spec).unwrap()).await;
    let c = from(1);
    let start = sandbox.store().records().await.unwrap().len();
    for _ in 0..50 {
        assert_eq!(login(&c, &base, "sandbox-password").await.status(), 200);
    }
    let all = sandbox.store().records().await.unwrap();
    assert_eq!(
        all.len(),
        start + 100,
        "a token and a refresh token per login"
    );
    // Each has a lifetime: the JWT's documented 15 minutes, the refresh token's one day.
    let now = SystemTime::now();
    for r in &all[start..] {
        let left = r
            .expires_at
            .expect("issued tokens expire")
            .duration_since(now)
            .unwrap();
        assert!(left <= Duration::from_secs(86_400), "{left:?}");
    }
    // Once they have expired, the next issue forgets them all.
    for mut r in all.into_iter().skip(start) {
        r.expires_at = Some(now - Duration::from_secs(1));
        assert!(sandbox.store().put(r).await.unwrap());
    }
    assert_eq!(login(&c, &base, "sandbox-password").await.status(), 200);
    assert_eq!(sandbox.store().records().await.unwrap().len(), start + 2);
}
