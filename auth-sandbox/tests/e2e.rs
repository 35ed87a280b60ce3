//! End to end: the engine's client (`auth_core::Client`) against the sandbox, both driven by
//! the same provider spec, over loopback HTTP, for all five providers.
//!
//! The sandbox's answers are checked against the providers' documentation elsewhere
//! (`providers.rs`); here the point is that the client and the server agree: a request
//! the client authenticates is accepted, a refusal comes back classified as the spec says,
//! and the token lifecycle (login, reuse, refresh, user tokens, key creation, rotation,
//! rate limits) works across the wire.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use auth_core::client::{Call, Interceptor};
use auth_core::spec::model::{ErrorAction, ErrorKind, PlacementKind, RetryPolicy};
use auth_core::{ApplyError, Client, ClientBuilder, Credentials, Meter, RequestError};
use auth_sandbox::{KeysFile, RateLimitConfig, Sandbox, SandboxHandle};
use serde_json::{Value, json};

/// A running sandbox for `provider` with its default keys: the sandbox (to look into its
/// key store), the base URL and the handle that keeps it running.
async fn start(provider: &str) -> (Sandbox, String, SandboxHandle) {
    let spec = common::spec(provider);
    let keys = KeysFile::default_for(&spec).unwrap();
    start_with(spec, keys).await
}

async fn start_with(spec: auth_spec::Spec, keys: KeysFile) -> (Sandbox, String, SandboxHandle) {
    let sandbox = Sandbox::new(spec, &keys).unwrap();
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.clone().spawn(0).await.unwrap();
    (sandbox, format!("http://{addr}{base}"), handle)
}

fn builder(provider: &str, base: &str) -> ClientBuilder {
    Client::builder(Arc::new(common::spec(provider))).base_url(base)
}

/// One call as an interceptor saw it: `(method, path, credential, status)`.
type Seen = (String, String, String, Option<u16>);

/// Every call a client makes.
#[derive(Default)]
struct Calls(Mutex<Vec<Seen>>);

impl Interceptor for Calls {
    fn on_response(&self, c: &Call<'_>) {
        self.0.lock().unwrap().push((
            c.method.to_string(),
            c.path.to_owned(),
            c.credential.to_owned(),
            c.status.map(|s| s.as_u16()),
        ));
    }
}

impl Calls {
    fn to(&self, path_end: &str) -> Vec<(String, Option<u16>)> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .filter(|c| c.1.ends_with(path_end))
            .map(|c| (c.2.clone(), c.3))
            .collect()
    }
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

async fn body(resp: reqwest::Response) -> Value {
    let text = resp.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

fn refused(r: Result<reqwest::Response, RequestError>) -> auth_core::ProviderError {
    match r {
        Err(e) => e
            .provider_error()
            .cloned()
            .unwrap_or_else(|| panic!("not a provider error: {e}")),
        Ok(resp) => panic!("expected a refusal, got {}", resp.status()),
    }
}

// ---------------------------------------------------------------- success, all five

#[tokio::test]
async fn each_provider_accepts_what_the_client_sends() {
    // Pixee: X-API-Key, with the optional tenant header.
    let (_s, base, _h) = start("pixee").await;
    let c = builder("pixee", &base)
        .credentials(
            Credentials::new()
                .with_key("api_key", "pm_live_sandbox_all_scopes_0001")
                .with_param("tenant_id", "tenant-7"),
        )
        .build()
        .unwrap();
    let b = body(c.operation("list_products", &[]).send().await.unwrap()).await;
    assert_eq!(b["principal"]["key_id"], "key_live_all");
    assert_eq!(b["principal"]["environment"], "production");
    assert_eq!(b["context"]["tenant_id"], "tenant-7");

    // WeShape: X-Api-Key, the documented quick test.
    let (_s, base, _h) = start("weshape").await;
    let c = builder("weshape", &base)
        .credentials(Credentials::new().with_key("api_key", "wsk_test_sandbox_development_0002"))
        .build()
        .unwrap();
    let b = body(c.operation("verify", &[]).send().await.unwrap()).await;
    assert_eq!(b["operation"], "verify");
    assert_eq!(b["principal"]["key_id"], "key_def456");
    assert_eq!(b["principal"]["environment"], "test");

    // Weavz: Bearer, rate-limit headers on every response.
    let (_s, base, _h) = start("weavz").await;
    let c = builder("weavz", &base)
        .credentials(Credentials::new().with_key("api_key", "wvz_sandbox_org_wide_0001"))
        .build()
        .unwrap();
    let resp = c.operation("list_workspaces", &[]).send().await.unwrap();
    let rl = c.rate_limit_of(&resp);
    assert_eq!(rl.limit, Some(100));
    assert_eq!(rl.remaining, Some(99));
    assert!(rl.reset.is_some_and(|r| r > SystemTime::now()));
    assert_eq!(body(resp).await["principal"]["key_id"], "key_org");

    // Weavy: the server-to-server API key as a Bearer token.
    let (_s, base, _h) = start("weavy").await;
    let c = builder("weavy", &base)
        .credentials(Credentials::new().with_key("api_key", "sandbox_weavy_api_key_0001"))
        .build()
        .unwrap();
    let b = body(
        c.request(http::Method::GET, "/api/apps")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b["principal"]["key_id"], "key_server");
}

#[tokio::test]
async fn weevio_basic_query_and_body_placements_each_work_and_are_metered() {
    let (_s, base, _h) = start("weevio").await;
    let meter = Arc::new(Meter::new());
    for kind in [
        PlacementKind::Basic,
        PlacementKind::Query,
        PlacementKind::Body,
    ] {
        let calls = Arc::new(Calls::default());
        let c = builder("weevio", &base)
            .credentials(
                Credentials::new()
                    .with_part("api_credentials", "api_id", "sandbox_api_id_1")
                    .with_part("api_credentials", "api_secret", "sandbox_api_secret_1")
                    .with_param("team_id", "TEAM-1"),
            )
            .prefer("api_credentials", kind)
            .interceptor(meter.clone())
            .interceptor(calls.clone())
            .build()
            .unwrap();
        let resp = c
            .operation("get_customer", &[])
            .query(&[("customerCode", "M-1000")])
            .send()
            .await
            .unwrap_or_else(|e| panic!("{kind}: {e}"));
        let b = body(resp).await;
        assert_eq!(b["principal"]["key_id"], "tenant_team_1", "{kind}");
        assert_eq!(b["context"]["team_id"], "TEAM-1", "{kind}");
        assert_eq!(b["query"]["customerCode"], "M-1000", "{kind}");
        // The sandbox echoes query credentials masked: present exactly when placed there.
        assert_eq!(
            b["query"]["apiSecret"] == "***",
            kind == PlacementKind::Query,
            "{kind}: {b}"
        );
        assert_eq!(calls.to("/customers/single").len(), 1);
    }
    // "Every authenticated call ... is metered."
    let counts = meter.counts("weevio");
    assert_eq!((counts.calls, counts.metered), (3, 3));
}

// ---------------------------------------------------------------- refusals, classified

#[tokio::test]
async fn refusals_come_back_classified_by_each_spec() {
    // Pixee 403, plain-text body.
    let (_s, base, _h) = start("pixee").await;
    let c = builder("pixee", &base)
        .credentials(Credentials::new().with_key("api_key", "pm_test_sandbox_no_scopes_0003"))
        .build()
        .unwrap();
    let e = refused(c.operation("list_products", &[]).send().await);
    assert_eq!(e.status, 403);
    assert_eq!(e.kind, ErrorKind::Forbidden);
    assert_eq!(e.name.as_deref(), Some("forbidden"));
    assert_eq!(e.code, None);
    assert_eq!(
        e.message.as_deref(),
        Some("Valid credential but insufficient scope or permissions")
    );
    assert_eq!(e.action, ErrorAction::GiveUp);

    // Weavz: one status, split by the body's code.
    let (_s, base, _h) = start("weavz").await;
    let ws = builder("weavz", &base)
        .credentials(Credentials::new().with_key("api_key", "wvz_sandbox_workspace_ws1_0002"))
        .build()
        .unwrap();
    let e = refused(
        ws.request(http::Method::GET, "/api/v1/workspaces/ws_2/connections")
            .send()
            .await,
    );
    assert_eq!((e.status.as_u16(), e.kind), (403, ErrorKind::ScopeDenied));
    assert_eq!(e.code.as_deref(), Some("SCOPE_DENIED"));
    assert_eq!(
        e.message.as_deref(),
        Some("Workspace-scoped key cannot access this resource")
    );
    // "API key management requires an org-wide key."
    let e = refused(
        ws.operation("create_key", &[])
            .json(&json!({"name": "x"}))
            .send()
            .await,
    );
    assert_eq!((e.status.as_u16(), e.kind), (403, ErrorKind::Forbidden));
    assert_eq!(e.code.as_deref(), Some("FORBIDDEN"));
    // Its own workspace is fine.
    ws.request(http::Method::GET, "/api/v1/workspaces/ws_1/connections")
        .send()
        .await
        .unwrap();

    // WeShape 401: {"error": "Unauthorized", "errorMessage": "Invalid API key provided"}.
    let (_s, base, _h) = start("weshape").await;
    let c = builder("weshape", &base)
        .credentials(Credentials::new().with_key("api_key", "wsk_live_revoked_0000"))
        .build()
        .unwrap();
    let e = refused(c.operation("verify", &[]).send().await);
    assert_eq!(
        (e.status.as_u16(), e.kind),
        (401, ErrorKind::Unauthenticated)
    );
    assert_eq!(e.code.as_deref(), Some("Unauthorized"));
    assert_eq!(e.message.as_deref(), Some("Invalid API key provided"));

    // Weevio: credentials bound to a tenant; another teamID is a 401. A missing teamID
    // never leaves the client (the server's 400 is tested in providers.rs).
    let (_s, base, _h) = start("weevio").await;
    let creds = Credentials::new()
        .with_part("api_credentials", "api_id", "sandbox_api_id_1")
        .with_part("api_credentials", "api_secret", "sandbox_api_secret_1");
    let c = builder("weevio", &base)
        .credentials(creds.clone().with_param("team_id", "TEAM-2"))
        .build()
        .unwrap();
    let e = refused(c.operation("get_customer", &[]).send().await);
    assert_eq!(
        (e.status.as_u16(), e.kind),
        (401, ErrorKind::Unauthenticated)
    );
    assert_eq!(e.name.as_deref(), Some("unauthorized"));
    let c = builder("weevio", &base).credentials(creds).build().unwrap();
    match c.operation("get_customer", &[]).send().await {
        Err(RequestError::Refused(ApplyError::MissingParameter { wire, env, .. })) => {
            assert_eq!(wire, "teamID");
            assert_eq!(env.as_deref(), Some("WEEVIO_TEAM_ID"));
        }
        other => panic!("{other:?}"),
    }

    // Weavy documents no error catalogue: a 401 still reads as unauthenticated.
    let (_s, base, _h) = start("weavy").await;
    let c = builder("weavy", &base)
        .credentials(Credentials::new().with_key("api_key", "not_a_weavy_key"))
        .build()
        .unwrap();
    let e = refused(c.request(http::Method::GET, "/api/apps").send().await);
    assert_eq!(
        (e.status.as_u16(), e.kind),
        (401, ErrorKind::Unauthenticated)
    );
    assert_eq!(e.name, None);
}

// ---------------------------------------------------------------- tokens

#[tokio::test]
async fn pixee_logs_in_once_reuses_the_token_and_refreshes_through_the_cookie() {
    let (sandbox, base, _h) = start("pixee").await;
    let calls = Arc::new(Calls::default());
    let c = builder("pixee", &base)
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "sandbox-password"),
        )
        .interceptor(calls.clone())
        .build()
        .unwrap();
    let mut principals = Vec::new();
    for _ in 0..3 {
        let b = body(c.operation("list_products", &[]).send().await.unwrap()).await;
        assert_eq!(b["principal"]["credential"], "jwt");
        assert_eq!(b["principal"]["subject"], "you@example.com");
        principals.push(b["principal"]["key_id"].clone());
    }
    // One login; the same token on every call.
    assert_eq!(calls.to("/auth/login"), [("login".into(), Some(200))]);
    assert!(
        principals.iter().all(|p| *p == principals[0]),
        "{principals:?}"
    );
    // The refresh cookie from the login is now held as the `refresh_token` credential.
    let refresh = c.spec().credentials.id("refresh_token").unwrap();
    assert!(c.authenticator().holds(refresh));

    // The provider expires the token early: the next call is refused, the client refreshes
    // through the cookie (not a second login) and resends.
    let jwt = principals[0].as_str().unwrap();
    let mut record = sandbox.store().record(jwt).await.unwrap().unwrap();
    record.expires_at = Some(SystemTime::now() - Duration::from_secs(1));
    assert!(sandbox.store().put(record).await.unwrap());
    let b = body(c.operation("list_products", &[]).send().await.unwrap()).await;
    assert_ne!(b["principal"]["key_id"], principals[0]);
    assert_eq!(b["principal"]["credential"], "jwt");
    assert_eq!(
        calls.to("/auth/refresh"),
        [("refresh_token".into(), Some(200))]
    );
    assert_eq!(calls.to("/auth/login").len(), 1, "no second login");
    assert_eq!(
        calls.to("/products"),
        [
            ("jwt".into(), Some(200)),
            ("jwt".into(), Some(200)),
            ("jwt".into(), Some(200)),
            ("jwt".into(), Some(401)),
            ("jwt".into(), Some(200)),
        ]
    );
}

#[tokio::test]
async fn pixee_wrong_password_is_classified_and_locks_out() {
    let (_s, base, _h) = start("pixee").await;
    let c = builder("pixee", &base)
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "wrong"),
        )
        .build()
        .unwrap();
    let mut last = None;
    for _ in 0..6 {
        let err = c.operation("list_products", &[]).send().await.unwrap_err();
        assert!(matches!(err, RequestError::Exchange { .. }), "{err}");
        last = err.provider_error().map(|e| (e.status.as_u16(), e.kind));
        // A failed exchange may hold back the next one; the sandbox counts each login.
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // After five failures: "Account locked after too many failed login attempts".
    assert_eq!(last, Some((423, ErrorKind::Locked)));
}

#[tokio::test]
async fn weavy_user_tokens_are_issued_with_expires_in() {
    let (sandbox, base, _h) = start("weavy").await;
    let calls = Arc::new(Calls::default());
    let c = builder("weavy", &base)
        .credentials(Credentials::new().with_key("api_key", "sandbox_weavy_api_key_0001"))
        .token_lifetime(Duration::from_secs(120))
        .interceptor(calls.clone())
        .build()
        .unwrap();
    // A user-to-server call: the client issues a token for the uid with its API key.
    for _ in 0..2 {
        let b = body(
            c.request(http::Method::GET, "/api/conversations")
                .credential("user_token")
                .subject("u256")
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(b["principal"]["credential"], "user_token");
        assert_eq!(b["principal"]["subject"], "u256");
    }
    assert_eq!(
        calls.to("/api/users/u256/tokens"),
        [("api_key".into(), Some(200))]
    );
    let token = c.token("user_token", Some("u256")).await.unwrap();
    assert!(token.value.expose().starts_with("wyu_"));
    let left = token
        .expires_at
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(
        left > Duration::from_secs(100) && left <= Duration::from_secs(120),
        "{left:?}"
    );

    // Explicit issuance with a custom lifetime and profile data.
    let mut fields = serde_json::Map::new();
    fields.insert("expires_in".into(), 60.into());
    fields.insert("name".into(), "John Doe".into());
    let token = c
        .obtain_token("user_token", Some("jdoe"), fields)
        .await
        .unwrap();
    let left = token
        .expires_at
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(
        left > Duration::from_secs(50) && left <= Duration::from_secs(60),
        "{left:?}"
    );
    let record = sandbox
        .store()
        .records()
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.subject.as_deref() == Some("jdoe"))
        .unwrap();
    assert_eq!(record.name.as_deref(), Some("John Doe"));
    let expires = record
        .expires_at
        .unwrap()
        .duration_since(SystemTime::now())
        .unwrap();
    assert!(expires <= Duration::from_secs(60));
    // The token obtained is the one used.
    let b = body(
        c.request(http::Method::GET, "/api/conversations")
            .credential("user_token")
            .subject("jdoe")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b["principal"]["key_id"], record.id);
    // A uid of digits only is refused before anything is sent.
    let before = calls.0.lock().unwrap().len();
    let err = c.token("user_token", Some("256")).await.unwrap_err();
    assert!(chain(&err).contains("not a digit"), "{err}");
    assert_eq!(calls.0.lock().unwrap().len(), before);
}

// ---------------------------------------------------------------- keys

#[tokio::test]
async fn weavz_creates_a_key_returned_once_that_then_works() {
    let (sandbox, base, _h) = start("weavz").await;
    let org = builder("weavz", &base)
        .credentials(Credentials::new().with_key("api_key", "wvz_sandbox_org_wide_0001"))
        .build()
        .unwrap();
    let resp = org
        .operation("create_key", &[])
        .json(&json!({"name": "Production Key"}))
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 201);
    let created = body(resp).await;
    let plain = created["plainKey"].as_str().unwrap().to_owned();
    let id = created["id"].as_str().unwrap().to_owned();
    assert!(plain.starts_with("wvz_"), "{created}");
    assert_eq!(created["name"], "Production Key");
    // The server keeps a record and a digest, never the value: it cannot show it again.
    let record = sandbox.store().record(&id).await.unwrap().unwrap();
    assert_eq!(record.name.as_deref(), Some("Production Key"));
    assert!(!format!("{record:?}").contains(&plain));

    let fresh = builder("weavz", &base)
        .credentials(Credentials::new().with_key("api_key", plain.as_str()))
        .build()
        .unwrap();
    let b = body(
        fresh
            .operation("list_workspaces", &[])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(b["principal"]["key_id"], id.as_str());
}

#[tokio::test]
async fn pixee_rotation_swaps_the_key_and_the_old_one_is_refused() {
    let (_s, base, _h) = start("pixee").await;
    let old = "pm_test_sandbox_products_read_0002";
    let c = builder("pixee", &base)
        .credentials(Credentials::new().with_key("api_key", old))
        .build()
        .unwrap();
    c.operation("list_products", &[]).send().await.unwrap();
    c.rotate(|c| async move {
        let resp = c
            .operation("rotate_key", &[("key_id", "key_test_products_read")])
            .send()
            .await?;
        let b: Value = resp.json().await?;
        let key = b["key"].as_str().unwrap_or_default().to_owned();
        assert!(key.starts_with("pm_test_"), "{b}");
        Ok::<_, Box<dyn std::error::Error + Send + Sync>>(
            Credentials::new().with_key("api_key", key),
        )
    })
    .await
    .unwrap();
    // The client now uses the new key.
    let b = body(c.operation("list_products", &[]).send().await.unwrap()).await;
    assert_eq!(b["principal"]["key_id"], "key_test_products_read");
    // The key the client now holds, as it would put it on a request.
    let mut probe = http::Request::new(Vec::<u8>::new());
    c.authenticator().apply(&mut probe).unwrap();
    let new = probe.headers()["x-api-key"].to_str().unwrap().to_owned();
    assert_ne!(new, old);
    // "The old key is invalidated immediately."
    let stale = builder("pixee", &base)
        .credentials(Credentials::new().with_key("api_key", old))
        .build()
        .unwrap();
    let e = refused(stale.operation("list_products", &[]).send().await);
    assert_eq!(
        (e.status.as_u16(), e.kind),
        (401, ErrorKind::Unauthenticated)
    );
    assert_eq!(
        e.message.as_deref(),
        Some("Missing, invalid, or expired credential")
    );
}

// ---------------------------------------------------------------- rate limits

#[tokio::test]
async fn weavz_429_is_classified_then_retried_after_the_reset() {
    let spec = common::spec("weavz");
    let mut keys = KeysFile::default_for(&spec).unwrap();
    keys.rate_limit = RateLimitConfig {
        limit: 2,
        // Long enough that the window cannot roll over between the calls below.
        window_seconds: 2,
    };
    let (_s, base, _h) = start_with(spec, keys).await;
    let creds = Credentials::new().with_key("api_key", "wvz_sandbox_org_wide_0001");
    let no_retry = builder("weavz", &base)
        .credentials(creds.clone())
        .retry(RetryPolicy {
            max_attempts: 1,
            initial_delay_ms: 10,
            max_delay_ms: 10,
            max_elapsed_ms: 10,
            honour_reset: true,
            description: None,
        })
        .build()
        .unwrap();
    // Spend the window, then one more.
    let mut last = None;
    for _ in 0..3 {
        last = Some(no_retry.operation("list_workspaces", &[]).send().await);
    }
    let e = refused(last.unwrap());
    let now = SystemTime::now();
    assert_eq!((e.status.as_u16(), e.kind), (429, ErrorKind::RateLimited));
    assert_eq!(e.code.as_deref(), Some("RATE_LIMIT_EXCEEDED"));
    assert_eq!(e.message.as_deref(), Some("Rate limit exceeded"));
    assert_eq!(e.action, ErrorAction::Retry);
    assert_eq!(e.rate_limit.limit, Some(2));
    assert_eq!(e.rate_limit.remaining, Some(0));
    let reset = e.rate_limit.reset.unwrap();
    assert!(
        reset > now && reset <= now + Duration::from_secs(3),
        "{reset:?}"
    );
    let wait = e.retry_after.unwrap();
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(3),
        "{wait:?}"
    );

    // A client that retries waits for the reset the headers announce, and gets through.
    let calls = Arc::new(Calls::default());
    let retrying = builder("weavz", &base)
        .credentials(creds)
        .retry(RetryPolicy {
            max_attempts: 3,
            initial_delay_ms: 50,
            max_delay_ms: 3_000,
            max_elapsed_ms: 5_000,
            honour_reset: true,
            description: None,
        })
        .interceptor(calls.clone())
        .build()
        .unwrap();
    let resp = retrying
        .operation("list_workspaces", &[])
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert!(SystemTime::now() >= reset, "waited until the reset");
    let statuses: Vec<Option<u16>> = calls.to("/workspaces").into_iter().map(|c| c.1).collect();
    assert_eq!(statuses.first(), Some(&Some(429)), "{statuses:?}");
    assert_eq!(statuses.last(), Some(&Some(200)), "{statuses:?}");
    assert_eq!(
        statuses.len(),
        2,
        "one wait, to the announced reset: {statuses:?}"
    );
}
