//! The generated WeShape crate against the sandbox over loopback HTTP, mirroring the
//! examples of WeShape's API key page.

use weshape::{ApiKey, Client, Environment, Error, ErrorCode};

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox =
        auth_sandbox::Sandbox::with_default_keys(weshape::spec().clone()).expect("sandbox");
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
    (format!("http://{addr}{base}"), handle)
}

fn client(base: &str, key: &str) -> Client {
    Client::builder()
        .credential(ApiKey::parse(key).expect("valid key"))
        .base_url(base)
        .build()
        .expect("client")
}

#[tokio::test]
async fn quick_test_archives_and_key_management() {
    let (base, _h) = sandbox().await;
    let key = ApiKey::parse("wsk_live_sandbox_production_0001").expect("valid");
    assert_eq!(key.environment(), Some(Environment::Production));
    let c = client(&base, "wsk_live_sandbox_production_0001");
    assert_eq!(c.verify().await.expect("quick test").status(), 200);
    assert_eq!(c.list_archives().await.expect("archives").status(), 200);
    let keys = c.list_keys().await.expect("typed list");
    let names: Vec<&str> = keys.api_keys.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(names, ["Production Key", "Development Key"]);
    assert_eq!(keys.api_keys[0].id, "key_abc123");
    let perms = c
        .get_key_permissions("company_1", "key_abc123")
        .await
        .expect("permissions");
    assert_eq!(perms.status(), 200);
    let put = c
        .put_key_permissions(
            "company_1",
            "key_abc123",
            &serde_json::json!({"permissions": ["archives:read"]}),
        )
        .await
        .expect("replaced");
    assert_eq!(put.status(), 200);
}

#[tokio::test]
async fn an_invalid_key_gets_the_documented_error() {
    let (base, _h) = sandbox().await;
    match client(&base, "wsk_live_not_issued_0000")
        .list_archives()
        .await
    {
        Err(e @ Error::Documented(ErrorCode::Unauthorized, _)) => {
            assert_eq!(
                e.provider_error().and_then(|p| p.code.as_deref()),
                Some("Unauthorized")
            );
            assert_eq!(e.message(), Some("Invalid API key provided"));
        }
        other => panic!("{other:?}"),
    }
    assert!(ApiKey::parse("sk_live_other").is_err());
}
