//! The generated Weavz crate against the sandbox over loopback HTTP, mirroring the
//! examples of Weavz's authentication page.

use weavz::{ApiKey, Client, Error, ErrorCode};

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox = auth_sandbox::Sandbox::with_default_keys(weavz::spec().clone()).expect("sandbox");
    sandbox.start().await.expect("started")
}

fn client(base: &str, key: &str) -> Client {
    Client::builder()
        .credential(ApiKey::parse(key).expect("valid key"))
        .base_url(base)
        .build()
        .expect("client")
}

#[test]
fn mcp_tokens_are_not_api_keys() {
    for token in ["mcp_end_user_token", "mcpo_oauth_token"] {
        let err = ApiKey::parse(token).expect_err("not an API key");
        assert!(
            err.to_string().contains("not for the provider's API"),
            "{err}"
        );
    }
    assert!(weavz::McpBearerToken::parse("mcp_end_user_token").is_ok());
}

#[tokio::test]
async fn list_workspaces_and_create_a_key_shown_once() {
    let (base, _h) = sandbox().await;
    let org = client(&base, "wvz_sandbox_org_wide_0001");
    let resp = org.list_workspaces().await.expect("listed");
    assert_eq!(resp.status(), 200);
    let limits = org.inner().rate_limit_of(&resp);
    assert!(
        limits.limit.is_some() && limits.remaining.is_some() && limits.reset.is_some(),
        "{limits:?}"
    );
    let created = org
        .create_key(&weavz::types::CreateKeyRequest {
            name: "Production Key".into(),
        })
        .await
        .expect("created");
    let plain = created.plain_key.expose().to_owned();
    assert!(plain.starts_with("wvz_"));
    client(&base, &plain)
        .list_workspaces()
        .await
        .expect("the new key works");
}

#[tokio::test]
async fn the_three_403s_are_three_variants() {
    let (base, _h) = sandbox().await;
    let ws = client(&base, "wvz_sandbox_workspace_ws1_0002");
    ws.request(http::Method::GET, "/api/v1/workspaces/ws_1/connections")
        .send()
        .await
        .expect("inside its workspace");
    let outside = ws
        .request(http::Method::GET, "/api/v1/workspaces/ws_2/connections")
        .send()
        .await
        .map_err(Error::from);
    assert!(
        matches!(outside, Err(Error::Documented(ErrorCode::ScopeDenied, _))),
        "{outside:?}"
    );
    let create = ws
        .create_key(&weavz::types::CreateKeyRequest { name: "k".into() })
        .await;
    match create {
        Err(e @ Error::Documented(ErrorCode::Forbidden, _)) => assert_eq!(
            e.provider_error().and_then(|p| p.code.as_deref()),
            Some("FORBIDDEN")
        ),
        other => panic!("API key management requires an org-wide key: {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_is_retried_after_the_reset() {
    let spec = weavz::spec().clone();
    // One request per two-second window: the second, sent at once, is over the limit
    // (unless a window boundary falls in the millisecond between them).
    let keys = auth_sandbox::KeysFile::parse(
        "limited.yaml",
        "keys:\n  - id: k\n    credential: api_key\n    secret: wvz_sandbox_org_wide_0001\nrate_limit: { limit: 1, window_seconds: 2 }\n",
    )
    .expect("keys");
    let (base, _h) = auth_sandbox::Sandbox::new(spec, &keys)
        .expect("sandbox")
        .start()
        .await
        .expect("started");
    let meter = std::sync::Arc::new(auth_core::Meter::new());
    let c = Client::builder()
        .credential(ApiKey::parse("wvz_sandbox_org_wide_0001").expect("key"))
        .base_url(base)
        .interceptor(meter.clone())
        .build()
        .expect("client");
    c.list_workspaces().await.expect("first");
    // The engine reads X-RateLimit-Reset from the 429, waits for it and tries again.
    c.list_workspaces().await.expect("retried after the reset");
    assert_eq!(meter.counts("weavz").calls, 3, "one 429, then the retry");
}

#[tokio::test]
async fn documented_errors_expose_their_parsed_fields() {
    let spec = weavz::spec().clone();
    let keys = auth_sandbox::KeysFile::parse(
        "limited.yaml",
        "keys:\n  - id: k\n    credential: api_key\n    secret: wvz_sandbox_workspace_ws1_0002\n    workspaces: [ws_1]\nrate_limit: { limit: 1, window_seconds: 60 }\n",
    )
    .expect("keys");
    let (base, _h) = auth_sandbox::Sandbox::new(spec, &keys)
        .expect("sandbox")
        .start()
        .await
        .expect("started");
    let ws = client(&base, "wvz_sandbox_workspace_ws1_0002");
    let e = ws
        .request(http::Method::GET, "/api/v1/workspaces/ws_2/connections")
        .send()
        .await
        .map_err(Error::from)
        .expect_err("outside its workspace");
    assert_eq!(e.code(), Some(ErrorCode::ScopeDenied));
    assert_eq!(e.status().map(|s| s.as_u16()), Some(403));
    assert_eq!(e.provider_code(), Some("SCOPE_DENIED"));
    assert_eq!(
        e.message(),
        Some("Workspace-scoped key cannot access this resource")
    );
    assert_eq!(e.details(), Some(&serde_json::json!({})));
    // The rate-limit headers come on every response: one request left of one, then none.
    let rl = e.rate_limit().expect("a provider error");
    assert_eq!((rl.limit, rl.remaining), (Some(1), Some(0)));

    // A refused request counts for the caller's address, not the key's window (issue 16:
    // nobody spends a credential's window but its holder): the key's one request is left.
    ws.list_workspaces().await.expect("the key's own window");
    // Over the limit: the reset is a minute away, past the default 30 s retry budget, so
    // the client reports at once with the wait rather than sleeping past its bound.
    let e = ws.list_workspaces().await.expect_err("over the limit");
    assert_eq!(e.code(), Some(ErrorCode::RateLimitExceeded));
    assert_eq!(e.provider_code(), Some("RATE_LIMIT_EXCEEDED"));
    assert_eq!(e.message(), Some("Rate limit exceeded"));
    let rl = e.rate_limit().expect("a provider error");
    assert_eq!((rl.limit, rl.remaining), (Some(1), Some(0)));
    assert!(rl.reset.is_some());
    let wait = e.retry_after().expect("the reset says how long");
    assert!(
        (50..=61).contains(&wait.as_secs()),
        "about a minute: {wait:?}"
    );
}
