//! The generated Pixee crate against the sandbox over loopback HTTP, mirroring the
//! examples of Pixee's authentication page.

use pixee::{ApiKey, Client, Environment, Error, ErrorCode, Login, Scope};

const ALL_SCOPES: &str = "pm_live_sandbox_all_scopes_0001";
const NO_SCOPES: &str = "pm_test_sandbox_no_scopes_0003";

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox = auth_sandbox::Sandbox::with_default_keys(pixee::spec().clone()).expect("sandbox");
    sandbox.start().await.expect("started")
}

fn with_key(base: &str, key: &str) -> Client {
    Client::builder()
        .credential(ApiKey::parse(key).expect("valid key"))
        .base_url(base)
        .build()
        .expect("client")
}

#[test]
fn keys_know_their_environment_and_format() {
    assert_eq!(
        ApiKey::parse(ALL_SCOPES).expect("live").environment(),
        Some(Environment::Production)
    );
    assert_eq!(
        ApiKey::parse(NO_SCOPES).expect("test").environment(),
        Some(Environment::Test)
    );
    let err = ApiKey::parse("pm_dev_abc").expect_err("unknown prefix");
    assert!(err.to_string().contains("pm_live_, pm_test_"), "{err}");
    assert_eq!(
        format!("{:?}", ApiKey::parse(ALL_SCOPES).expect("live")),
        "ApiKey(pm_live_***)"
    );
    assert_eq!(Scope::ALL.len(), 14);
    assert_eq!(
        pixee::scope!("windev:sync").description(),
        "WinDev Integration — full WinDev sync access"
    );
}

#[tokio::test]
async fn api_key_request_and_a_missing_scope() {
    let (base, _h) = sandbox().await;
    let resp = with_key(&base, ALL_SCOPES)
        .list_products()
        .await
        .expect("allowed");
    assert_eq!(resp.status(), 200);
    match with_key(&base, NO_SCOPES).list_products().await {
        Err(e @ Error::Documented(ErrorCode::Forbidden, _)) => {
            assert_eq!(
                e.action(),
                Some(auth_core::spec::model::ErrorAction::GiveUp)
            );
        }
        other => panic!("{other:?}"),
    }
    match with_key(&base, "pm_live_not_a_real_key_000")
        .list_products()
        .await
    {
        Err(Error::Documented(ErrorCode::Unauthorized, _)) => {}
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn login_token_reuse_refresh_and_lockout() {
    let (base, _h) = sandbox().await;
    let client = Client::builder()
        .credential(Login::new("you@example.com", "sandbox-password").expect("login"))
        .base_url(&base)
        .build()
        .expect("client");
    let token = client.login().await.expect("logged in");
    assert!(
        token.value.expose().starts_with("eyJ"),
        "a JWT-shaped token"
    );
    let lifetime = token
        .expires_at
        .and_then(|t| t.duration_since(std::time::SystemTime::now()).ok())
        .expect("expiry");
    assert!(
        lifetime.as_secs() > 890 && lifetime.as_secs() <= 900,
        "{lifetime:?}"
    );
    // The cached token is used for later requests: no second login.
    client.list_products().await.expect("with the JWT");
    client.list_products().await.expect("again");
    let refreshed = client
        .refresh()
        .await
        .expect("refreshed through the cookie");
    assert_ne!(refreshed.value, token.value);
    client
        .list_products()
        .await
        .expect("with the refreshed JWT");

    let wrong = Client::builder()
        .credential(Login::new("you@example.com", "wrong").expect("login"))
        .base_url(&base)
        .build()
        .expect("client");
    let mut last = None;
    for _ in 0..6 {
        last = Some(wrong.login().await.expect_err("refused"));
    }
    let locked = last.expect("six attempts");
    let status = locked.provider_error().map(|p| p.status.as_u16());
    assert_eq!(status, Some(423), "{locked:?}");
    assert_eq!(
        locked.provider_error().map(|p| p.kind),
        Some(auth_core::spec::model::ErrorKind::Locked)
    );
}

#[tokio::test]
async fn rotation_invalidates_the_old_key_at_once() {
    let (base, _h) = sandbox().await;
    let client = with_key(&base, ALL_SCOPES);
    let resp = client.rotate_key("key_live_all").await.expect("rotated");
    // Pixee's docs do not show the response; the sandbox answers {"id", "key"}.
    let body: serde_json::Value = resp.json().await.expect("json");
    let new = ApiKey::parse(body["key"].as_str().expect("new key")).expect("valid");
    assert!(matches!(
        with_key(&base, ALL_SCOPES).list_products().await,
        Err(Error::Documented(ErrorCode::Unauthorized, _))
    ));
    client.replace(new).expect("the new key is valid");
    client.list_products().await.expect("the new key works");
}
