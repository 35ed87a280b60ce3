//! The generated Weavy crate against the sandbox over loopback HTTP, mirroring the
//! examples of Weavy's authentication page.

use weavy::{ApiKey, Client};

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox = auth_sandbox::Sandbox::with_default_keys(weavy::spec().clone()).expect("sandbox");
    sandbox.start().await.expect("started")
}

/// An error and its causes, joined with ": " (each error shows its own message only).
fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}

fn client(base: &str) -> Client {
    Client::builder()
        .credential(ApiKey::parse("sandbox_weavy_api_key_0001").expect("key"))
        .base_url(base)
        .build()
        .expect("client")
}

#[test]
fn the_base_url_is_the_users_own() {
    let err = Client::builder()
        .credential(ApiKey::parse("k").expect("key"))
        .build()
        .expect_err("no server given");
    assert!(err.to_string().contains("WEAVY_BASE_URL"), "{err}");
}

#[tokio::test]
async fn user_tokens_default_and_custom_lifetime_and_profile_sync() {
    let (base, _h) = sandbox().await;
    let c = client(&base);
    let default = c
        .issue_user_token("u256", &Default::default())
        .await
        .expect("issued");
    assert!(default.value.expose().starts_with("wyu_"));
    let secs = |t: &weavy::Token| {
        t.expires_at
            .and_then(|e| e.duration_since(std::time::SystemTime::now()).ok())
            .map(|d| d.as_secs())
            .expect("expiry")
    };
    assert!((3590..=3600).contains(&secs(&default)));
    let day = c
        .issue_user_token(
            "u257",
            &weavy::types::IssueUserTokenRequest {
                expires_in: Some(86400),
                name: Some("John Doe".into()),
                ..Default::default()
            },
        )
        .await
        .expect("issued");
    assert!((86390..=86400).contains(&secs(&day)));
    // The cached token acts for its user.
    let echo: serde_json::Value = c
        .request(http::Method::GET, "/api/me")
        .credential("user_token")
        .subject("u257")
        .send()
        .await
        .expect("as the user")
        .json()
        .await
        .expect("echo");
    assert_eq!(echo["principal"]["subject"], "u257", "{echo}");
}

#[tokio::test]
async fn bad_uids_are_refused_before_any_call() {
    let (base, _h) = sandbox().await;
    let c = client(&base);
    for uid in ["256", "u 256"] {
        let err = c
            .issue_user_token(uid, &Default::default())
            .await
            .expect_err("refused");
        assert!(chain(&err).contains("uid"), "{err}");
    }
}
