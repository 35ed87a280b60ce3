//! Every example request and error in the provider docs, sent by the client to a real
//! server on 127.0.0.1: the exact wire form, and the classified result.

mod support;

use std::sync::Arc;

use auth_core::client::Meter;
use auth_core::spec::model::{ErrorAction, ErrorKind, PathTemplate, PlacementKind};
use auth_core::{ApplyError, Client, Credentials, RequestError};
use base64::Engine as _;
use http::Method;
use support::{Recorder, Reply, quick_retry, spec};

fn basic(user: &str, pass: &str) -> String {
    let enc = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"));
    format!("Basic {enc}")
}

fn weevio_creds() -> Credentials {
    Credentials::new()
        .with_part("api_credentials", "api_id", "YOUR_API_ID")
        .with_part("api_credentials", "api_secret", "YOUR_API_SECRET")
        .with_param("team_id", "TEAM-1")
}

async fn weevio(server: &Recorder, creds: Credentials) -> auth_core::ClientBuilder {
    Client::builder(spec("weevio"))
        .base_url(server.url("/tenant/api/pims/v1"))
        .credentials(creds)
        .retry(quick_retry(3))
}

fn provider_error(r: Result<reqwest::Response, RequestError>) -> auth_core::ProviderError {
    match r {
        Err(RequestError::Provider { error, .. }) => *error,
        other => panic!("expected a provider error, got {other:?}"),
    }
}

// ---- Weevio -------------------------------------------------------------------------

#[tokio::test]
async fn weevio_example_with_basic_auth() {
    let server = Recorder::start().await;
    let client = weevio(&server, weevio_creds())
        .await
        .build()
        .expect("client");
    client
        .request(Method::GET, "/customers/single")
        .query(&[("customerCode", "M-1000")])
        .send()
        .await
        .expect("200");
    let seen = server.only();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/tenant/api/pims/v1/customers/single");
    assert_eq!(
        seen.query_pairs(),
        [
            ("customerCode".into(), "M-1000".into()),
            ("teamID".into(), "TEAM-1".into())
        ]
    );
    assert_eq!(
        seen.header("authorization"),
        Some(basic("YOUR_API_ID", "YOUR_API_SECRET").as_str())
    );
}

#[tokio::test]
async fn weevio_example_with_query_parameters() {
    let server = Recorder::start().await;
    let client = weevio(&server, weevio_creds())
        .await
        .prefer("api_credentials", PlacementKind::Query)
        .build()
        .expect("client");
    client
        .request(Method::GET, "/customers/single?customerCode=M-1000")
        .send()
        .await
        .expect("200");
    let seen = server.only();
    assert_eq!(seen.header("authorization"), None);
    let q = seen.query_pairs();
    for (k, v) in [
        ("customerCode", "M-1000"),
        ("apiID", "YOUR_API_ID"),
        ("apiSecret", "YOUR_API_SECRET"),
        ("teamID", "TEAM-1"),
    ] {
        assert!(q.contains(&(k.into(), v.into())), "{k} missing from {q:?}");
    }
    assert_eq!(q.len(), 4);
}

#[tokio::test]
async fn weevio_body_parameters_merge_into_json_and_form() {
    let server = Recorder::start().await;
    let client = weevio(&server, weevio_creds())
        .await
        .prefer("api_credentials", PlacementKind::Body)
        .prefer("team_id", PlacementKind::Body)
        .build()
        .expect("client");
    client
        .request(Method::POST, "/customers")
        .json(&serde_json::json!({"customerCode": "M-1000"}))
        .send()
        .await
        .expect("200");
    client
        .request(Method::POST, "/customers")
        .form(&[("customerCode", "M-1001")])
        .send()
        .await
        .expect("200");
    let seen = server.seen();
    let json: serde_json::Value = serde_json::from_slice(&seen[0].body).expect("json body");
    assert_eq!(
        json,
        serde_json::json!({"customerCode": "M-1000", "apiID": "YOUR_API_ID", "apiSecret": "YOUR_API_SECRET", "teamID": "TEAM-1"})
    );
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(
        seen[1].body_str(),
        "customerCode=M-1001&apiID=YOUR_API_ID&apiSecret=YOUR_API_SECRET&teamID=TEAM-1"
    );
    assert_eq!(
        seen[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert!(
        seen.iter()
            .all(|s| s.query.is_none() && s.header("authorization").is_none())
    );
}

#[tokio::test]
async fn weevio_missing_team_id_is_refused_before_sending() {
    let server = Recorder::start().await;
    let creds = Credentials::new()
        .with_part("api_credentials", "api_id", "id")
        .with_part("api_credentials", "api_secret", "secret");
    let client = weevio(&server, creds).await.build().expect("client");
    let err = client
        .request(Method::GET, "/customers/single")
        .send()
        .await
        .expect_err("refused");
    match &err {
        RequestError::Refused(ApplyError::MissingParameter { wire, env, .. }) => {
            assert_eq!(wire, "teamID");
            assert_eq!(env.as_deref(), Some("WEEVIO_TEAM_ID"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "weevio: `teamID` is required on every request (set WEEVIO_TEAM_ID)"
    );
    assert!(server.seen().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn weevio_missing_secret_is_refused_before_sending() {
    let server = Recorder::start().await;
    let creds = Credentials::new()
        .with_part("api_credentials", "api_id", "id")
        .with_param("team_id", "T");
    let client = weevio(&server, creds).await.build().expect("client");
    let err = client
        .request(Method::GET, "/x")
        .send()
        .await
        .expect_err("refused");
    assert_eq!(
        err.to_string(),
        "weevio: credential `api_credentials` lacks its `api_secret` part (set WEEVIO_API_SECRET)"
    );
    assert!(server.seen().is_empty());
}

#[tokio::test]
async fn weevio_errors_are_classified_and_every_call_is_metered() {
    let server = Recorder::start().await;
    let meter = Arc::new(Meter::new());
    let client = weevio(&server, weevio_creds())
        .await
        .interceptor(meter.clone())
        .build()
        .expect("client");
    server.then(Reply::new(401, "Unauthorized"));
    let e = provider_error(
        client
            .request(Method::GET, "/customers/single")
            .send()
            .await,
    );
    assert_eq!(
        (e.status.as_u16(), e.kind, e.action),
        (401, ErrorKind::Unauthenticated, ErrorAction::GiveUp)
    );
    assert_eq!(e.name.as_deref(), Some("unauthorized"));

    server.then(Reply::new(400, "Missing 'teamID' parameter!"));
    let e = provider_error(
        client
            .request(Method::GET, "/customers/single")
            .send()
            .await,
    );
    assert_eq!(
        (e.kind, e.action),
        (ErrorKind::BadRequest, ErrorAction::FixRequest)
    );
    assert_eq!(e.name.as_deref(), Some("missing_team_id"));
    assert_eq!(e.message.as_deref(), Some("Missing 'teamID' parameter!"));

    client
        .request(Method::GET, "/customers/single")
        .send()
        .await
        .expect("200");
    let counts = meter.counts("weevio");
    assert_eq!((counts.calls, counts.metered), (3, 3));
}

// ---- Pixee --------------------------------------------------------------------------

fn pixee(server: &Recorder, creds: Credentials) -> Client {
    Client::builder(spec("pixee"))
        .base_url(server.url("/api/v1"))
        .credentials(creds)
        .retry(quick_retry(2))
        .build()
        .expect("client")
}

#[tokio::test]
async fn pixee_api_key_and_tenant_header() {
    let server = Recorder::start().await;
    let client = pixee(
        &server,
        Credentials::new().with_key("api_key", "pm_live_abc123"),
    );
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("200");
    let with_tenant = pixee(
        &server,
        Credentials::new()
            .with_key("api_key", "pm_live_abc123")
            .with_param("tenant_id", "tenant-7"),
    );
    with_tenant
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("200");
    let seen = server.seen();
    assert_eq!(seen[0].path, "/api/v1/products");
    assert_eq!(seen[0].header("x-api-key"), Some("pm_live_abc123"));
    assert_eq!(
        seen[0].header("x-tenant-id"),
        None,
        "optional header absent when not set"
    );
    assert_eq!(seen[0].header("authorization"), None);
    assert_eq!(seen[1].header("x-api-key"), Some("pm_live_abc123"));
    assert_eq!(seen[1].header("x-tenant-id"), Some("tenant-7"));
}

#[tokio::test]
async fn pixee_jwt_bearer_rotate_and_refresh_cookie() {
    let server = Recorder::start().await;
    let client = pixee(&server, Credentials::new().with_key("jwt", "eyJhbGc.x.y"));
    client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("200");
    let key = pixee(
        &server,
        Credentials::new().with_key("api_key", "pm_live_abc123"),
    );
    key.operation("rotate_key", &[("key_id", "k 1")])
        .send()
        .await
        .expect("200");
    let refresh = pixee(
        &server,
        Credentials::new().with_key("refresh_token", "rt-1"),
    );
    refresh
        .operation("refresh", &[])
        .header("content-type", "application/json")
        .send()
        .await
        .expect("200");
    let seen = server.seen();
    assert_eq!(seen[0].header("authorization"), Some("Bearer eyJhbGc.x.y"));
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("POST", "/api/v1/api-keys/k%201/rotate")
    );
    assert_eq!(seen[1].header("x-api-key"), Some("pm_live_abc123"));
    assert_eq!(
        (seen[2].method.as_str(), seen[2].path.as_str()),
        ("POST", "/api/v1/auth/refresh")
    );
    assert_eq!(seen[2].header("cookie"), Some("refresh_token=rt-1"));
    assert_eq!(
        seen[2].header("authorization"),
        None,
        "refresh needs no Authorization header"
    );
}

#[tokio::test]
async fn pixee_errors_are_classified() {
    let server = Recorder::start().await;
    let client = pixee(
        &server,
        Credentials::new().with_key("api_key", "pm_live_abc123"),
    );
    for (status, kind, action) in [
        (401, ErrorKind::Unauthenticated, ErrorAction::Reauthenticate),
        (403, ErrorKind::Forbidden, ErrorAction::GiveUp),
        (423, ErrorKind::Locked, ErrorAction::GiveUp),
    ] {
        server.then(Reply::new(status, ""));
        let e = provider_error(client.request(Method::GET, "/products").send().await);
        assert_eq!(
            (e.status.as_u16(), e.kind, e.action),
            (status, kind, action)
        );
    }
}

// ---- WeShape ------------------------------------------------------------------------

#[tokio::test]
async fn weshape_quick_test_and_error_shape() {
    let server = Recorder::start().await;
    let client = Client::builder(spec("weshape"))
        .base_url(server.url("/api"))
        .credentials(Credentials::new().with_key("api_key", "wsk_live_your_api_key_here"))
        .retry(quick_retry(3))
        .build()
        .expect("client");
    client
        .request(Method::GET, "/v3/users/me/company")
        .send()
        .await
        .expect("200");
    let seen = server.only();
    assert_eq!(seen.path, "/api/v3/users/me/company");
    assert_eq!(seen.header("x-api-key"), Some("wsk_live_your_api_key_here"));

    server.then(Reply::new(
        401,
        r#"{"error": "Unauthorized", "errorMessage": "Invalid API key provided"}"#,
    ));
    let e = provider_error(client.request(Method::GET, "/v3/archives").send().await);
    assert_eq!(e.kind, ErrorKind::Unauthenticated);
    assert_eq!(e.code.as_deref(), Some("Unauthorized"));
    assert_eq!(e.message.as_deref(), Some("Invalid API key provided"));

    // 429 twice, then success: retried with backoff, three attempts in all.
    server.then(Reply::new(429, "")).then(Reply::new(429, ""));
    client
        .request(Method::GET, "/v3/archives")
        .send()
        .await
        .expect("retried to success");
    assert_eq!(server.seen().len(), 5);
}

// ---- Weavz --------------------------------------------------------------------------

fn weavz(server: &Recorder) -> Client {
    Client::builder(spec("weavz"))
        .base_url(server.url(""))
        .credentials(Credentials::new().with_key("api_key", "wvz_your_api_key"))
        .retry(quick_retry(2))
        .build()
        .expect("client")
}

#[tokio::test]
async fn weavz_examples() {
    let server = Recorder::start().await;
    let client = weavz(&server);
    client
        .request(Method::GET, "/api/v1/workspaces")
        .send()
        .await
        .expect("200");
    client
        .operation("create_key", &[])
        .json(&serde_json::json!({"name": "Production Key"}))
        .send()
        .await
        .expect("200");
    let seen = server.seen();
    assert_eq!(seen[0].path, "/api/v1/workspaces");
    assert_eq!(
        seen[0].header("authorization"),
        Some("Bearer wvz_your_api_key")
    );
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("POST", "/api/v1/api-keys")
    );
    assert_eq!(seen[1].header("content-type"), Some("application/json"));
    assert_eq!(seen[1].body_str(), r#"{"name":"Production Key"}"#);
}

#[tokio::test]
async fn weavz_three_403_codes_are_three_kinds() {
    let server = Recorder::start().await;
    let client = weavz(&server);
    let mut kinds = Vec::new();
    for code in ["FORBIDDEN", "SCOPE_DENIED", "QUOTA_EXCEEDED"] {
        server.then(Reply::new(
            403,
            &format!(r#"{{"error": "no", "code": "{code}", "details": {{"workspace": "w1"}}}}"#),
        ));
        let e = provider_error(
            client
                .request(Method::GET, "/api/v1/workspaces")
                .send()
                .await,
        );
        assert_eq!(e.code.as_deref(), Some(code));
        assert_eq!(e.details, Some(serde_json::json!({"workspace": "w1"})));
        kinds.push(e.kind);
    }
    assert_eq!(
        kinds,
        [
            ErrorKind::Forbidden,
            ErrorKind::ScopeDenied,
            ErrorKind::QuotaExceeded
        ]
    );
    server.then(Reply::new(
        401,
        r#"{"error": "Missing or invalid API key", "code": "UNAUTHENTICATED", "details": {}}"#,
    ));
    let e = provider_error(
        client
            .request(Method::GET, "/api/v1/workspaces")
            .send()
            .await,
    );
    assert_eq!(
        (e.kind, e.message.as_deref()),
        (
            ErrorKind::Unauthenticated,
            Some("Missing or invalid API key")
        )
    );
}

#[tokio::test]
async fn weavz_429_honours_reset_then_reports_when_exhausted() {
    let server = Recorder::start().await;
    let client = weavz(&server);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs();
    let limited = || {
        Reply::new(
            429,
            r#"{"error": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED"}"#,
        )
        .header("X-RateLimit-Limit", "100")
        .header("X-RateLimit-Remaining", "0")
        .header("X-RateLimit-Reset", &now.to_string())
    };
    server.then(limited()).then(limited());
    let started = std::time::Instant::now();
    let e = provider_error(
        client
            .request(Method::GET, "/api/v1/workspaces")
            .send()
            .await,
    );
    assert_eq!(
        (e.kind, e.action),
        (ErrorKind::RateLimited, ErrorAction::Retry)
    );
    assert_eq!(e.code.as_deref(), Some("RATE_LIMIT_EXCEEDED"));
    assert_eq!(
        (e.rate_limit.limit, e.rate_limit.remaining),
        (Some(100), Some(0))
    );
    assert_eq!(server.seen().len(), 2, "max_attempts = 2");
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[tokio::test]
async fn weavz_post_is_not_retried_on_503_but_is_on_429() {
    let server = Recorder::start().await;
    let client = weavz(&server);
    server.then(Reply::new(503, ""));
    let e = provider_error(
        client
            .operation("create_key", &[])
            .json(&serde_json::json!({"name": "k"}))
            .send()
            .await,
    );
    assert_eq!(e.status.as_u16(), 503);
    assert_eq!(
        server.seen().len(),
        1,
        "a POST that may have taken effect is not resent"
    );
    server.then(Reply::new(429, ""));
    client
        .operation("create_key", &[])
        .json(&serde_json::json!({"name": "k"}))
        .send()
        .await
        .expect("retried");
    assert_eq!(server.seen().len(), 3);
}

// ---- Weavy --------------------------------------------------------------------------

#[tokio::test]
async fn weavy_needs_a_base_url_and_sends_bearer() {
    let err = Client::builder(spec("weavy"))
        .build()
        .expect_err("no base URL");
    assert!(err.to_string().contains("WEAVY_BASE_URL"), "{err}");
    let server = Recorder::start().await;
    let client = Client::builder(spec("weavy"))
        .base_url(server.url(""))
        .credentials(Credentials::new().with_key("api_key", "wys_server_key"))
        .build()
        .expect("client");
    client
        .operation("issue_user_token", &[("uid", "u256")])
        .json(&serde_json::json!({"expires_in": 86400, "name": "John Doe"}))
        .send()
        .await
        .expect("200");
    let seen = server.only();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", "/api/users/u256/tokens")
    );
    assert_eq!(seen.header("authorization"), Some("Bearer wys_server_key"));
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"expires_in": 86400, "name": "John Doe"})
    );
}

// ---- Formats ------------------------------------------------------------------------

#[test]
fn malformed_credentials_are_refused_when_the_client_is_built() {
    let err = Client::builder(spec("pixee"))
        .credentials(Credentials::new().with_key("api_key", "sk_live_abc"))
        .build()
        .expect_err("not a Pixee key");
    assert_eq!(
        err.to_string(),
        "PIXEE_API_KEY (pixee `api_key`): the value does not start with any expected prefix (pm_live_, pm_test_)"
    );
    let err = Client::builder(spec("weavz"))
        .credentials(Credentials::new().with_key("api_key", "mcp_end_user_token"))
        .build()
        .expect_err("an MCP token is not an API key");
    assert!(err.to_string().contains("mcp_bearer_token"), "{err}");
    assert!(
        !err.to_string().contains("end_user_token"),
        "the value is never echoed: {err}"
    );
    let err = Client::builder(spec("pixee"))
        .credentials(Credentials::new().with_key("api_key", "pm_live_"))
        .build()
        .expect_err("a bare prefix");
    assert!(err.to_string().contains("only the prefix"), "{err}");
}

#[tokio::test]
async fn a_plain_reqwest_builder_can_be_authenticated() {
    let server = Recorder::start().await;
    let auth = auth_core::Authenticator::with_placements(
        spec("weevio"),
        &Credentials::new()
            .with_part("api_credentials", "api_id", "YOUR_API_ID")
            .with_part("api_credentials", "api_secret", "YOUR_API_SECRET")
            .with_param("team_id", "TEAM-1"),
        &[("api_credentials".to_owned(), PlacementKind::Body)],
    )
    .expect("body is allowed");
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::new();
    let builder = http
        .post(server.url("/tenant/api/pims/v1/customers"))
        .json(&serde_json::json!({"customerCode": "M-1000"}));
    auth.apply_to_builder(builder, &Default::default())
        .expect("applied")
        .send()
        .await
        .expect("sent");
    let seen = server.only();
    let body: serde_json::Value = serde_json::from_slice(&seen.body).expect("json");
    assert_eq!(
        body,
        serde_json::json!({"customerCode": "M-1000", "apiID": "YOUR_API_ID", "apiSecret": "YOUR_API_SECRET"})
    );
    // teamID keeps its own preferred place, the query.
    assert_eq!(seen.query_pairs(), [("teamID".into(), "TEAM-1".into())]);
}

#[tokio::test]
async fn weshape_documented_errors_are_classified() {
    let server = Recorder::start().await;
    let client = Client::builder(spec("weshape"))
        .base_url(server.url("/api"))
        .credentials(Credentials::new().with_key("api_key", "wsk_live_your_api_key_here"))
        .retry(quick_retry(1))
        .build()
        .expect("client");
    for (status, body, kind, action) in [
        (
            401,
            r#"{"error": "Unauthorized", "errorMessage": "Invalid API key provided"}"#,
            ErrorKind::Unauthenticated,
            ErrorAction::GiveUp,
        ),
        (
            403,
            r#"{"error": "Forbidden", "errorMessage": "API key lacks required permissions"}"#,
            ErrorKind::Forbidden,
            ErrorAction::GiveUp,
        ),
        (
            429,
            r#"{"error": "Too Many Requests", "errorMessage": "Rate limit exceeded"}"#,
            ErrorKind::RateLimited,
            ErrorAction::Retry,
        ),
    ] {
        server.then(Reply::new(status, body));
        let e = provider_error(client.request(Method::GET, "/v3/archives").send().await);
        assert_eq!(
            (e.status.as_u16(), e.kind, e.action),
            (status, kind, action),
            "{body}"
        );
    }
}

#[test]
fn the_planned_default_path_writes_what_the_general_path_writes() {
    // A default request with one header and no context value takes a precomputed path;
    // naming the credential takes the general one. Both must write the same request.
    let cases = [
        ("pixee", "api_key", "pm_live_abc123"),
        ("weshape", "api_key", "wsk_live_abc"),
        ("weavz", "api_key", "wvz_abc"),
        ("weavy", "api_key", "wys_abc"),
    ];
    for (provider, credential, key) in cases {
        let spec = spec(provider);
        let id = spec.credentials.id(credential).expect("declared");
        let auth =
            auth_core::Authenticator::new(spec, &Credentials::new().with_key(credential, key))
                .expect("authenticator");
        let build = || {
            http::Request::get("https://api.example.com/v1/x?a=1")
                .body(Vec::new())
                .expect("request")
        };
        let mut planned = build();
        let a = auth.apply(&mut planned).expect("planned");
        let mut general = build();
        let opts = auth_core::ApplyOptions {
            credential: Some(id),
            ..Default::default()
        };
        let b = auth.apply_with(&mut general, &opts).expect("general");
        assert_eq!(planned.headers(), general.headers(), "{provider}");
        assert_eq!(planned.uri(), general.uri(), "{provider}");
        assert_eq!(
            a.placements().collect::<Vec<_>>(),
            b.placements().collect::<Vec<_>>(),
            "{provider}"
        );
        assert!(
            planned.headers().values().all(|v| v.is_sensitive()),
            "{provider}"
        );
        // And the plan still refuses plain HTTP off loopback.
        let mut cleartext = http::Request::get("http://api.example.com/x")
            .body(Vec::new())
            .expect("request");
        assert!(matches!(
            auth.apply(&mut cleartext),
            Err(ApplyError::Cleartext { .. })
        ));
    }
    // A held context value (Pixee's tenant) takes the general path and is written too.
    let auth = auth_core::Authenticator::new(
        spec("pixee"),
        &Credentials::new()
            .with_key("api_key", "pm_live_abc123")
            .with_param("tenant_id", "t-1"),
    )
    .expect("authenticator");
    let mut req = http::Request::get("https://api.example.com/x")
        .body(Vec::new())
        .expect("request");
    auth.apply(&mut req).expect("applied");
    assert_eq!(req.headers()["x-tenant-id"], "t-1");
    assert_eq!(req.headers()["x-api-key"], "pm_live_abc123");
}

#[test]
fn path_parameters_cannot_change_the_route() {
    // The one filler the client, the verifier and the CLI share.
    let fill_path = |template: &str, params: &[(&str, &str)]| {
        PathTemplate::parse(template)
            .expect("a template")
            .fill(params)
            .expect("every parameter given")
    };
    assert_eq!(
        fill_path("/api-keys/{key_id}/rotate", &[("key_id", "k1")]),
        "/api-keys/k1/rotate"
    );
    assert_eq!(
        fill_path("/users/{uid}/tokens", &[("uid", "../admin?x=1#f")]),
        "/users/..%2Fadmin%3Fx=1%23f/tokens"
    );
    assert_eq!(
        fill_path("/users/{uid}", &[("uid", "u 256")]),
        "/users/u%20256"
    );
}
