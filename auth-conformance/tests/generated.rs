//! The v2 fixtures as generated provider modules: what `provider!` emits for AND-ed and
//! anonymous auth, any-of scopes, templated hosts, operations on another host and hosts by
//! environment, used against a sandbox that enforces the same spec over loopback.

use std::sync::Arc;

use auth_core::spec::Spec;
use auth_sandbox::{KeysFile, Sandbox, SandboxHandle};
use serde_json::Value;

#[macro_use]
mod access {
    auth_derive::provider!("fixtures/access.yaml", module = access);
}
mod hosts {
    auth_derive::provider!("fixtures/hosts.yaml", module = hosts);
}
mod environments {
    auth_derive::provider!("fixtures/environments.yaml", module = environments);
}

async fn sandbox(spec: &Arc<Spec>, keys: &str) -> (String, SandboxHandle) {
    let keys = KeysFile::parse("keys.yaml", keys).expect("keys file");
    let sb = Sandbox::new(spec.clone(), &keys).expect("sandbox");
    let (addr, handle) = sb.spawn(0).await.expect("spawn");
    (format!("http://{addr}"), handle)
}

async fn echo(resp: auth_core::reqwest::Response) -> Value {
    assert_eq!(resp.status(), 200);
    serde_json::from_str(&resp.text().await.expect("body")).expect("JSON echo")
}

#[tokio::test]
async fn and_anonymous_and_any_scope() {
    let (base, _sb) = sandbox(
        access::spec(),
        "keys:
  - { credential: app_id, secret: app-42 }
  - { credential: app_key, secret: appkey-0123 }
  - { credential: token, secret: tok-admin, scopes: [admin] }
",
    )
    .await;
    // Both app credentials, sent together.
    let app = access::Client::builder()
        .credential(access::AppId::parse("app-42").expect("id"))
        .credential(access::AppKey::parse("appkey-0123").expect("key"))
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(app.search().await.expect("accepted")).await;
    assert_eq!(e["principal"]["credential"], "app_id");
    // One of the two alone is not enough: refused before anything is sent.
    let half = access::Client::builder()
        .credential(access::AppId::parse("app-42").expect("id"))
        .base_url(&base)
        .build()
        .expect("client");
    assert!(half.search().await.is_err());
    // Anonymous where allowed; a token named `token` does not clash with the `Token` type.
    let nobody = access::Client::builder()
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(nobody.public_feed().await.expect("anonymous")).await;
    assert_eq!(e["principal"], Value::Null);
    assert!(nobody.report().await.is_err(), "report needs a token");
    let admin = access::Client::builder()
        .credential(access::TokenCredential::parse("tok-admin").expect("token"))
        .base_url(&base)
        .build()
        .expect("client");
    // Any one scope suffices; all of them are needed where the spec says so.
    echo(admin.report().await.expect("admin is one of the scopes")).await;
    let err = admin.settings().await.expect_err("read is missing");
    assert_eq!(err.code(), Some(access::ErrorCode::Forbidden), "{err}");
    assert_eq!(access::Scope::ALL.len(), 2);
    assert_eq!(access_scope!("admin"), access::Scope::Admin);
}

#[tokio::test]
async fn a_templated_host_and_an_operation_on_another_host() {
    let key = || hosts::ApiKey::parse("hk-0123").expect("key");
    let client = hosts::Client::builder()
        .credential(key())
        .param(hosts::Param::Tenant, "acme")
        .build()
        .expect("client");
    assert_eq!(
        client.inner().base_url().as_str(),
        "https://acme.hosts.test/orgs/main"
    );
    // The login host serves the token endpoint: a sandbox stands in for it, and another
    // for the API, each reached by rerouting its origin.
    let (login, _l) = sandbox(
        hosts::spec(),
        "keys: [{ credential: api_key, secret: hk-0123 }]",
    )
    .await;
    let (api, _a) = sandbox(
        hosts::spec(),
        "keys: [{ credential: api_key, secret: hk-0123 }]",
    )
    .await;
    let client = hosts::Client::builder()
        .credential(key())
        .param(hosts::Param::Tenant, "acme")
        .base_url(format!("{api}/orgs/main"))
        .configure(|b| b.reroute("https://login.hosts.test", &login))
        .build()
        .expect("client");
    let e = echo(client.get_token().await.expect("token endpoint")).await;
    assert_eq!(e["operation"], "get_token");
    assert_eq!(e["path"], "/acme/oauth/token");
    let e = echo(client.get_me().await.expect("API")).await;
    assert_eq!(e["operation"], "get_me");
    assert_eq!(e["path"], "/orgs/main/me");
    // Without the tenant, the operation's own URL cannot be made.
    let no_tenant = hosts::Client::builder()
        .credential(key())
        .base_url(format!("{api}/orgs/main"))
        .build()
        .expect("client: the base URL is given");
    let err = no_tenant.get_token().await.expect_err("no tenant");
    assert!(err.to_string().contains("tenant"), "{err}");
}

#[test]
fn hosts_by_environment() {
    let sandbox_key = environments::ApiKey::parse("ek_sbx_abcdef012345").expect("key");
    assert_eq!(
        sandbox_key.environment(),
        Some(environments::Environment::Sandbox)
    );
    let by_key = environments::Client::builder()
        .credential(sandbox_key)
        .build()
        .expect("client");
    assert_eq!(
        by_key.inner().base_url().as_str(),
        "https://sandbox.envs.test/v2"
    );
    let chosen = environments::Client::builder()
        .credential(environments::ApiKey::parse("ek_live_abcdef012345").expect("key"))
        .environment(environments::Environment::Sandbox)
        .build()
        .expect("client");
    assert_eq!(
        chosen.inner().base_url().as_str(),
        "https://sandbox.envs.test/v2"
    );
    // Formats: an unprefixed key is valid, one outside the hex set is not.
    assert!(environments::ApiKey::parse("ABCDEF0123456789").is_ok());
    assert!(environments::ApiKey::parse("ek_live_xyz0123456789").is_err());
    assert!(environments::SignedKey::parse("sk-0123abcde-v1").is_ok());
    assert!(environments::SignedKey::parse("sk-0123abcde-v2").is_err());
}
