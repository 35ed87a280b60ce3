//! Log lines hold no secret. In a test binary of its own: `tracing` caches per call site
//! whether anyone listens, and tests on other threads without a subscriber would race it.

mod support;

use auth_core::spec::model::PlacementKind;
use auth_core::{Client, Credentials};
use http::Method;
use support::{Recorder, Reply, quick_retry, spec};

const SECRET: &str = "YOUR_API_SECRET";
const KRAKEN_PRIVATE: &str =
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

fn weevio(base: &str, placement: PlacementKind) -> Client {
    Client::builder(spec("weevio"))
        .base_url(base)
        .credentials(
            Credentials::new()
                .with_part("api_credentials", "api_id", "YOUR_API_ID")
                .with_part("api_credentials", "api_secret", SECRET)
                .with_param("team_id", "TEAM-1"),
        )
        .prefer("api_credentials", placement)
        .retry(quick_retry(2))
        .build()
        .expect("client")
}

/// Every tracing event the engine emits, rendered as text.
#[derive(Default, Clone)]
struct Captured(std::sync::Arc<std::sync::Mutex<String>>);

impl tracing::Subscriber for Captured {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        span.record(&mut Visitor(self.0.clone()));
        tracing::span::Id::from_u64(1)
    }
    fn record(&self, _: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        values.record(&mut Visitor(self.0.clone()));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        event.record(&mut Visitor(self.0.clone()));
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

struct Visitor(std::sync::Arc<std::sync::Mutex<String>>);

impl tracing::field::Visit for Visitor {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        let mut out = self.0.lock().expect("lock");
        out.push_str(&format!("{}={:?}\n", field.name(), value));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn log_lines_hold_no_secret() {
    let captured = Captured::default();
    let _guard = tracing::subscriber::set_default(captured.clone());
    let server = Recorder::start().await;
    // A retried 429 and a refresh that fails (so the engine logs it and logs in again).
    server.then(Reply::new(429, "slow down"));
    let client = weevio(&server.url(""), PlacementKind::Query);
    client
        .request(Method::GET, "/c")
        .send()
        .await
        .expect("retried");
    server.then(Reply::new(401, "")).then(Reply::new(
        200,
        r#"{"access_token": "eyJ.new.tok", "token_type": "bearer"}"#,
    ));
    let pixee = Client::builder(spec("pixee"))
        .base_url(server.url("/api/v1"))
        .credentials(
            Credentials::new()
                .with_key("refresh_token", "rt-SECRET-COOKIE")
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "hunter2-SECRET"),
        )
        .build()
        .expect("client");
    pixee
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("logged in");
    // OAuth 2.0 (a test spec): a client credentials grant, a token the API rejects, a
    // refresh the token endpoint refuses (RFC 6749 §5.2 body), and a new grant.
    let oauth_spec = auth_core::spec::load_str(
        "acme_oauth.yaml",
        include_str!("../../auth-sandbox/tests/fixtures/acme_oauth.yaml"),
    )
    .expect("spec");
    let origin = server.url("");
    let acme = Client::builder(std::sync::Arc::new(oauth_spec))
        .base_url(server.url("/v1"))
        .reroute("https://t1.auth.acme.test", origin.trim_end_matches('/'))
        .credentials(
            Credentials::new()
                .with_part("oauth_client", "client_id", "acme-client")
                .with_part("oauth_client", "client_secret", "client-SECRET-9")
                .with_param("tenant", "t1"),
        )
        .build()
        .expect("client");
    server
        .then(Reply::new(
            200,
            r#"{"access_token": "at-SECRET-1", "expires_in": 3600, "refresh_token": "rt-SECRET-1"}"#,
        ))
        .then(Reply::new(401, r#"{"message": "expired", "code": "expired"}"#))
        .then(Reply::new(
            400,
            r#"{"error": "invalid_grant", "error_description": "Refresh token revoked"}"#,
        ))
        .then(Reply::new(
            200,
            r#"{"access_token": "at-SECRET-2", "expires_in": 3600, "refresh_token": "rt-SECRET-2"}"#,
        ))
        .then(Reply::new(200, "{}"));
    acme.request(Method::GET, "/widgets")
        .send()
        .await
        .expect("renewed");
    let refresh_sent = server
        .seen()
        .iter()
        .any(|s| s.body_str().contains("refresh_token=rt-SECRET-1"));
    assert!(
        refresh_sent,
        "the refresh was sent with the kept refresh token"
    );

    // Signing credentials: Kraken's HMAC (an invalid-signature answer) and Coinbase's
    // per-request JWT, whose keys and signatures must not be logged either.
    let catalogue = |name: &str| {
        let path = format!(
            "{}/../providers/catalogue/specs/{name}.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        std::sync::Arc::new(auth_spec::load_file(&path).unwrap_or_else(|e| panic!("{e}")))
    };
    server.then(Reply::new(200, r#"{"error": ["EAPI:Invalid signature"]}"#));
    let kraken = Client::builder(catalogue("kraken"))
        .base_url(server.url("/0"))
        .credentials(
            Credentials::new()
                .with_part("api_key", "api_key", "KRAKEN-PUBLIC-KEY")
                .with_part("api_key", "private_key", KRAKEN_PRIVATE),
        )
        .build()
        .expect("client");
    let _ = kraken
        .operation("get_account_balance", &[])
        .send()
        .await
        .expect_err("classified error");
    let sign = server
        .seen()
        .last()
        .and_then(|r| r.header("api-sign").map(str::to_owned))
        .expect("signed");
    let ec = std::fs::read_to_string(format!(
        "{}/../auth-sandbox/tests/keys/ec_key.pem",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("key");
    let coinbase = Client::builder(catalogue("coinbase"))
        .base_url(server.url("/api/v3/brokerage"))
        .credentials(
            Credentials::new()
                .with_part("cdp_api_key", "key_name", "organizations/o/apiKeys/k")
                .with_part("cdp_api_key", "private_key", ec.as_str()),
        )
        .build()
        .expect("client");
    coinbase
        .operation("list_accounts", &[])
        .send()
        .await
        .expect("sent");
    let jwt = server
        .seen()
        .last()
        .and_then(|r| r.header("authorization").map(str::to_owned))
        .expect("a JWT");
    let log = captured.0.lock().expect("lock").clone();
    for secret in [
        KRAKEN_PRIVATE,
        sign.as_str(),
        jwt.trim_start_matches("Bearer "),
        ec.lines().nth(1).expect("a PEM line"),
    ] {
        assert!(!log.contains(secret), "`{secret}` in the log:\n{log}");
    }
    assert!(
        log.contains("kraken") && log.contains("coinbase"),
        "the signed calls were logged: {log}"
    );
    assert!(
        log.contains("retrying")
            && log.contains("refresh failed")
            && log.contains("authenticated call"),
        "the events were emitted: {log}"
    );
    for secret in [
        SECRET,
        "YOUR_API_ID",
        "rt-SECRET-COOKIE",
        "hunter2-SECRET",
        "eyJ.new.tok",
        "client-SECRET-9",
        "at-SECRET-1",
        "at-SECRET-2",
        "rt-SECRET-1",
        "rt-SECRET-2",
    ] {
        assert!(!log.contains(secret), "`{secret}` in the log:\n{log}");
    }
}
