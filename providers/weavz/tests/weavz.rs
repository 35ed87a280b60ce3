//! The generated Weavz crate against the sandbox over loopback HTTP, mirroring the
//! examples of Weavz's authentication page.

use weavz::{ApiKey, Client, Error};

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox = auth_sandbox::Sandbox::with_default_keys(weavz::spec().clone()).expect("sandbox");
    sandbox.start().await.expect("started")
}

fn client(base: &str, key: &str) -> Client {
    Client::builder()
        .api_key(ApiKey::parse(key).expect("valid key"))
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
    let limits = auth_core::client::rate_limit_of(weavz::spec(), &resp);
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
    assert!(matches!(outside, Err(Error::ScopeDenied(_))), "{outside:?}");
    let create = ws
        .create_key(&weavz::types::CreateKeyRequest { name: "k".into() })
        .await;
    match create {
        Err(e @ Error::Forbidden(_)) => assert_eq!(e.code(), Some("FORBIDDEN")),
        other => panic!("API key management requires an org-wide key: {other:?}"),
    }
}

#[tokio::test]
async fn rate_limit_is_retried_then_reported() {
    let spec = weavz::spec().clone();
    let keys = auth_sandbox::KeysFile::parse(
        "limited.yaml",
        "keys:\n  - id: k\n    credential: api_key\n    secret: wvz_sandbox_org_wide_0001\nrate_limit: { limit: 2, window_seconds: 1 }\n",
    )
    .expect("keys");
    let sandbox = auth_sandbox::Sandbox::new(spec, &keys).expect("sandbox");
    let (addr, _h) = sandbox.spawn(0).await.expect("spawn");
    let c = Client::builder()
        .api_key(ApiKey::parse("wvz_sandbox_org_wide_0001").expect("key"))
        .base_url(format!("http://{addr}"))
        .build()
        .expect("client");
    c.list_workspaces().await.expect("1");
    c.list_workspaces().await.expect("2");
    // The third is over the limit: the engine waits for the reset and tries again.
    let started = std::time::Instant::now();
    c.list_workspaces().await.expect("retried after the reset");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(50),
        "{:?}",
        started.elapsed()
    );
}
