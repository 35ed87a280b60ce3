//! The generated catalogue modules as a user calls them: typed keys and parameters, the
//! host the client picks, and operations sent to a sandbox that enforces the same spec over
//! loopback HTTP.

use auth_core::spec::model::ErrorKind;
use auth_sandbox::{KeysFile, Sandbox, SandboxHandle};
use catalogue::{azure_openai, circleci, elasticsearch, klaviyo, paddle};
use serde_json::Value;

/// A sandbox for `spec` holding `keys` (a keys file's YAML): its base URL and handle.
async fn sandbox(
    spec: &'static std::sync::Arc<auth_core::spec::Spec>,
    keys: &str,
) -> (String, SandboxHandle) {
    let keys = KeysFile::parse("keys.yaml", keys).expect("keys file");
    let sb = Sandbox::new(spec.clone(), &keys).expect("sandbox");
    let (addr, handle) = sb.spawn(0).await.expect("spawn");
    (format!("http://{addr}{}", spec.base_url.path()), handle)
}

async fn echo(resp: auth_core::reqwest::Response) -> Value {
    assert_eq!(resp.status(), 200);
    serde_json::from_str(&resp.text().await.expect("body")).expect("JSON echo")
}

const PADDLE_SANDBOX_KEY: &str =
    "pdl_sdbx_apikey_01gtgztp8f4kek3yd4g1wrksa3_q6TGTJyvoIz7LDtXT65bX7_AQO";
const PADDLE_LIVE_KEY: &str =
    "pdl_live_apikey_01gtgztp8f4kek3yd4g1wrksa3_q6TGTJyvoIz7LDtXT65bX7_AQO";

#[test]
fn paddle_the_key_prefix_or_the_caller_picks_the_host() {
    let key = paddle::ApiKey::parse(PADDLE_SANDBOX_KEY).expect("valid key");
    assert_eq!(key.environment(), Some(paddle::Environment::Sandbox));
    assert_eq!(format!("{key:?}"), "ApiKey(pdl_sdbx_***)");
    let by_prefix = paddle::Client::builder()
        .credential(key.clone())
        .build()
        .expect("client");
    assert_eq!(
        by_prefix.inner().base_url().as_str(),
        "https://sandbox-api.paddle.com/"
    );
    let live = paddle::ApiKey::parse(PADDLE_LIVE_KEY).expect("valid key");
    let by_choice = paddle::Client::builder()
        .credential(live)
        .environment(paddle::Environment::Sandbox)
        .build()
        .expect("client");
    assert_eq!(
        by_choice.inner().base_url().as_str(),
        "https://sandbox-api.paddle.com/"
    );
    // A prefix and nothing after it is refused at once.
    assert!(paddle::ApiKey::parse("pdl_sdbx_").is_err());
}

#[tokio::test]
async fn paddle_a_sandbox_key_calls_the_sandbox_and_a_stranger_is_refused() {
    let (base, _sb) = sandbox(
        paddle::spec(),
        &format!("keys:\n  - credential: api_key\n    secret: {PADDLE_SANDBOX_KEY}\n"),
    )
    .await;
    let client = paddle::Client::builder()
        .credential(paddle::ApiKey::parse(PADDLE_SANDBOX_KEY).expect("key"))
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(client.list_transactions().await.expect("accepted")).await;
    assert_eq!(e["operation"], "list_transactions");
    assert_eq!(e["principal"]["environment"], "sandbox");
    // The API root also answers anonymous callers.
    let anonymous = paddle::Client::builder()
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(anonymous.get_api_root().await.expect("anonymous root")).await;
    assert_eq!(e["principal"], Value::Null);

    let stranger = paddle::Client::builder()
        .credential(paddle::ApiKey::parse(PADDLE_LIVE_KEY).expect("key"))
        .base_url(&base)
        .build()
        .expect("client");
    let err = stranger.list_transactions().await.expect_err("unknown key");
    assert_eq!(err.kind(), Some(ErrorKind::Unauthenticated), "{err}");
    assert!(err.code().is_some(), "a documented error: {err:?}");
    assert!(
        !format!("{err} {err:?}").contains("q6TGTJyvoIz7"),
        "{err:?}"
    );
}

#[tokio::test]
async fn azure_openai_the_resource_names_the_host_and_the_version_is_sent() {
    let key = || azure_openai::ApiKey::parse("example-azure-openai-api-key").expect("key");
    let client = azure_openai::Client::builder()
        .credential(key())
        .param(azure_openai::Param::Resource, "aoairesource")
        .build()
        .expect("client");
    assert_eq!(
        client.inner().base_url().as_str(),
        "https://aoairesource.openai.azure.com/openai"
    );
    // The host is the resource's; without it there is no client.
    let missing = azure_openai::Client::builder().credential(key()).build();
    let e = missing.expect_err("no resource").to_string();
    assert!(
        e.contains("resource") && e.contains("AZURE_OPENAI_RESOURCE"),
        "{e}"
    );
    // A value cannot move the request to another host.
    let hostile = azure_openai::Client::builder()
        .credential(key())
        .param(azure_openai::Param::Resource, "evil.example/x?")
        .build();
    assert!(
        hostile.is_err(),
        "{:?}",
        hostile.map(|c| c.inner().base_url().clone())
    );

    let (base, _sb) = sandbox(
        azure_openai::spec(),
        "keys:\n  - credential: api_key\n    secret: example-azure-openai-api-key\n",
    )
    .await;
    let client = azure_openai::Client::builder()
        .credential(key())
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(
        client
            .create_chat_completion("gpt-4o")
            .await
            .expect("accepted"),
    )
    .await;
    assert_eq!(e["operation"], "create_chat_completion");
    assert_eq!(e["path"], "/openai/deployments/gpt-4o/chat/completions");
    // The default API version, sent without the caller setting it.
    let version = &azure_openai::spec()
        .parameters
        .get("api_version")
        .expect("declared")
        .default;
    assert_eq!(e["query"]["api-version"].as_str(), version.as_deref());
}

#[tokio::test]
async fn elasticsearch_an_api_key_of_two_parts_is_sent_encoded() {
    let (base, _sb) = sandbox(
        elasticsearch::spec(),
        "keys:\n  - credential: api_key\n    parts: { id: VuaCfGcBCdbkQm-e5aOx, api_key: ui2lp2axTNmsyakw9tvNnw }\n",
    )
    .await;
    let key =
        elasticsearch::ApiKey::new("VuaCfGcBCdbkQm-e5aOx", "ui2lp2axTNmsyakw9tvNnw").expect("key");
    assert!(!format!("{key:?}").contains("ui2lp2ax"));
    let client = elasticsearch::Client::builder()
        .credential(key)
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(client.cluster_health().await.expect("accepted")).await;
    assert_eq!(e["operation"], "cluster_health");
    assert_eq!(e["principal"]["credential"], "api_key");
    // The other half wrong: refused.
    let wrong = elasticsearch::Client::builder()
        .credential(
            elasticsearch::ApiKey::new("VuaCfGcBCdbkQm-e5aOx", "not-the-secret").expect("key"),
        )
        .base_url(&base)
        .build()
        .expect("client");
    let err = wrong.cluster_health().await.expect_err("refused");
    assert_eq!(err.kind(), Some(ErrorKind::Unauthenticated), "{err}");
}

#[tokio::test]
async fn circleci_a_project_slug_keeps_its_slashes() {
    let token = "CCIPAT_ULUhR6rJLxYbyzyrP19iMZ_8fb1e3510325f7f09361de22b9420346c53ca2cb";
    let (base, _sb) = sandbox(
        circleci::spec(),
        &format!("keys:\n  - credential: personal_api_token\n    secret: {token}\n"),
    )
    .await;
    let client = circleci::Client::builder()
        .credential(circleci::PersonalApiToken::parse(token).expect("token"))
        .base_url(&base)
        .build()
        .expect("client");
    let e = echo(
        client
            .list_project_pipelines("gh/CircleCI-Public/circleci-cli")
            .await
            .expect("accepted"),
    )
    .await;
    assert_eq!(e["operation"], "list_project_pipelines");
    assert_eq!(
        e["path"],
        "/api/v2/project/gh/CircleCI-Public/circleci-cli/pipeline"
    );
    // A slug that would climb out of the path is refused before anything is sent.
    let err = client
        .list_project_pipelines("gh/../../admin")
        .await
        .expect_err("refused");
    assert!(err.to_string().contains("project_slug"), "{err}");
}

#[tokio::test]
async fn klaviyo_scopes_and_the_public_key_in_the_query() {
    assert_eq!(
        catalogue::klaviyo_scope!("lists:read"),
        klaviyo::Scope::ListsRead
    );
    let (base, _sb) = sandbox(
        klaviyo::spec(),
        "keys:\n  - credential: public_api_key\n    secret: AbC123\n  - credential: private_api_key\n    secret: pk_abc123abc123abc123abc123abc123ab\n    scopes: [lists:read]\n",
    )
    .await;
    let client = klaviyo::Client::builder()
        .credential(klaviyo::PublicApiKey::parse("AbC123").expect("public key"))
        .credential(
            klaviyo::PrivateApiKey::parse("pk_abc123abc123abc123abc123abc123ab").expect("key"),
        )
        .base_url(&base)
        .build()
        .expect("client");
    // The client-side endpoint takes the public key alone, in the query.
    let e = echo(client.create_client_subscription().await.expect("accepted")).await;
    assert_eq!(e["principal"]["credential"], "public_api_key");
    assert_eq!(e["query"]["company_id"], "***");
    let e = echo(client.get_lists().await.expect("accepted")).await;
    assert_eq!(e["principal"]["credential"], "private_api_key");
    // The private key's format: `pk_` and letters and digits.
    assert!(klaviyo::PrivateApiKey::parse("pk_abc-123").is_err());
}
