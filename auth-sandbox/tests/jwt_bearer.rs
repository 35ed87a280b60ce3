//! The JWT bearer grant (RFC 7523 §2.1) end to end over loopback, from the catalogue's
//! Google service account spec alone: the client signs a JWT with the service account's
//! key, exchanges it at the token endpoint (the sandbox, verifying signature, audience and
//! lifetime) for an access token, and sends that token, never the JWT, to the API. One
//! exchange serves every request until the token expires; a bad assertion gets
//! `invalid_grant`; the key and the assertion never show in errors or `Debug`.
//!
//! Time is a manual clock shared by the client and the sandbox; nothing sleeps.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use auth_core::client::tokens::{Clock, ManualClock, TokenCache};
use auth_core::signing::SigningClock;
use auth_core::{Applied, Client, Credentials, Interceptor, RequestError};
use auth_sandbox::{KeysFile, Sandbox, SandboxHandle};
use auth_spec::Spec;

const EMAIL: &str = "sa-name@project-id.iam.gserviceaccount.com";
const KEY_ID: &str = "0123456789abcdef0123456789abcdef01234567";
const SCOPE: &str = "https://www.googleapis.com/auth/devstorage.read_only";
const TOKEN_URL: &str = "https://oauth2.googleapis.com";

fn spec() -> Arc<Spec> {
    let path = format!(
        "{}/../providers/catalogue/specs/google_service_account.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    Arc::new(auth_spec::load_str(&path, &text).expect("spec loads"))
}

fn private_key() -> String {
    std::fs::read_to_string(format!(
        "{}/tests/keys/rsa_key.p8",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("test key")
}

fn keys() -> KeysFile {
    let pem = private_key().replace('\n', "\\n");
    let text = format!(
        "keys:\n  - id: sa\n    credential: service_account\n    parts: {{ client_email: {EMAIL}, private_key_id: {KEY_ID}, private_key: \"{pem}\" }}\n"
    );
    KeysFile::parse("keys.yaml", &text).expect("keys file")
}

fn creds(key_id: &str) -> Credentials {
    Credentials::new()
        .with_part("service_account", "client_email", EMAIL)
        .with_part("service_account", "private_key_id", key_id)
        .with_part("service_account", "private_key", private_key())
        .with_param("scope", SCOPE)
}

/// One request as sent: its path, `Authorization` header and body.
#[derive(Clone, Debug)]
struct Seen {
    path: String,
    authorization: Option<String>,
    body: String,
}

/// Records every attempt (tests only: they hold tokens).
#[derive(Default)]
struct Sent(Mutex<Vec<Seen>>);

impl Interceptor for Sent {
    fn on_attempt(&self, request: &reqwest::Request, applied: &Applied<'_>) {
        let body = request
            .body()
            .and_then(|b| b.as_bytes())
            .map(|b| String::from_utf8_lossy(b).into_owned())
            .unwrap_or_default();
        // What a `-v` printer masks: the assertion must be among the secret fields.
        if request.url().path() == "/token" {
            assert!(
                applied.secret_fields().any(|f| f == "assertion"),
                "{applied:?}"
            );
        }
        self.0.lock().expect("lock").push(Seen {
            path: request.url().path().to_owned(),
            authorization: request
                .headers()
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned),
            body,
        });
    }
}

impl Sent {
    fn exchanges(&self) -> Vec<Seen> {
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|s| s.path == "/token")
            .cloned()
            .collect()
    }
    fn api_calls(&self) -> Vec<Seen> {
        self.0
            .lock()
            .expect("lock")
            .iter()
            .filter(|s| s.path != "/token")
            .cloned()
            .collect()
    }
}

struct Setup {
    origin: String,
    base: String,
    manual: ManualClock,
    clock: Clock,
    _sandbox: SandboxHandle,
}

async fn setup() -> Setup {
    let start = SystemTime::now();
    let (clock, manual) = Clock::manual(start);
    let sandbox =
        Sandbox::with_clock(spec(), &keys(), SigningClock::from(clock.clone())).expect("sandbox");
    let base_path = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
    Setup {
        origin: format!("http://{addr}"),
        base: format!("http://{addr}{base_path}"),
        manual,
        clock,
        _sandbox: handle,
    }
}

fn client(s: &Setup, creds: Credentials, sent: Arc<Sent>) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder(spec())
        .base_url(&s.base)
        .reroute(TOKEN_URL, &s.origin)
        .credentials(creds)
        .signing_clock(s.clock.clone())
        .token_cache(Arc::new(TokenCache::default().with_clock(s.clock.clone())))
        .interceptor(sent)
        .build()
        .expect("client")
}

async fn list_buckets(client: &Client) -> Result<u16, RequestError> {
    let resp = client
        .operation("list_buckets", &[])
        .query(&[("project", "my-project")])
        .send()
        .await?;
    Ok(resp.status().as_u16())
}

fn form(body: &str) -> Vec<(String, String)> {
    form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_jwt_is_exchanged_once_reused_and_renewed_at_expiry() {
    let s = setup().await;
    let sent = Arc::new(Sent::default());
    let client = client(&s, creds(KEY_ID), sent.clone());
    for _ in 0..3 {
        assert_eq!(list_buckets(&client).await.expect("listed"), 200);
    }
    let exchanges = sent.exchanges();
    assert_eq!(exchanges.len(), 1, "one exchange for three calls");
    let fields = form(&exchanges[0].body);
    assert_eq!(
        field(&fields, "grant_type"),
        Some("urn:ietf:params:oauth:grant-type:jwt-bearer")
    );
    let assertion = field(&fields, "assertion").expect("assertion").to_owned();
    // The token request carries the JWT in its body only, no Authorization header.
    assert_eq!(exchanges[0].authorization, None);
    let jwt = auth_core::signing::jwt::peek(&assertion).expect("a JWT");
    assert_eq!(jwt.header["alg"], "RS256");
    assert_eq!(jwt.header["kid"], KEY_ID);
    assert_eq!(jwt.claims["iss"], EMAIL);
    assert_eq!(jwt.claims["scope"], SCOPE);
    assert_eq!(jwt.claims["aud"], "https://oauth2.googleapis.com/token");
    let iat = jwt.claims["iat"].as_u64().expect("iat");
    assert_eq!(jwt.claims["exp"].as_u64(), Some(iat + 3600));
    // The API gets the access token, the same one each time, never the JWT.
    let calls = sent.api_calls();
    assert_eq!(calls.len(), 3);
    let bearer = calls[0].authorization.clone().expect("authorization");
    assert!(bearer.starts_with("Bearer "), "{bearer}");
    assert!(!bearer.contains(&assertion));
    assert!(
        calls
            .iter()
            .all(|c| c.authorization.as_ref() == Some(&bearer))
    );

    // At expiry (the token lives an hour), the next call exchanges a new JWT, once.
    s.manual.advance(Duration::from_secs(3600));
    for _ in 0..2 {
        assert_eq!(list_buckets(&client).await.expect("renewed"), 200);
    }
    let exchanges = sent.exchanges();
    assert_eq!(exchanges.len(), 2, "renewed once");
    let renewed = form(&exchanges[1].body);
    let second = field(&renewed, "assertion").expect("assertion");
    assert_ne!(second, assertion, "a fresh JWT is signed for the renewal");
    let calls = sent.api_calls();
    assert_ne!(calls[3].authorization.as_ref(), Some(&bearer));
    assert_eq!(calls[3].authorization, calls[4].authorization);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_thousand_concurrent_requests_cause_one_exchange() {
    let s = setup().await;
    let sent = Arc::new(Sent::default());
    let client = client(&s, creds(KEY_ID), sent.clone());
    let start = Arc::new(tokio::sync::Barrier::new(1000));
    let calls: Vec<_> = (0..1000)
        .map(|_| {
            let client = client.clone();
            let start = start.clone();
            tokio::spawn(async move {
                start.wait().await;
                list_buckets(&client).await
            })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.expect("joined").expect("listed"), 200);
    }
    assert_eq!(sent.exchanges().len(), 1);
    assert_eq!(sent.api_calls().len(), 1000);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tampered_expired_or_unknown_assertion_gets_invalid_grant() {
    let s = setup().await;
    let sent = Arc::new(Sent::default());
    let good = client(&s, creds(KEY_ID), sent.clone());
    list_buckets(&good).await.expect("listed");
    let assertion = field(&form(&sent.exchanges()[0].body), "assertion")
        .expect("assertion")
        .to_owned();
    let raw = common::client();
    let token_url = format!("{}/token", s.origin);
    let post = |assertion: String, grant: &'static str| {
        let raw = raw.clone();
        let url = token_url.clone();
        async move {
            let body = form_urlencoded::Serializer::new(String::new())
                .append_pair("grant_type", grant)
                .append_pair("assertion", &assertion)
                .finish();
            let resp = raw
                .post(url)
                .header("content-type", "application/x-www-form-urlencoded")
                .body(body)
                .send()
                .await
                .expect("sent");
            let status = resp.status().as_u16();
            let body = common::json(&resp.text().await.expect("body"));
            (status, body)
        }
    };
    const GRANT: &str = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    // The assertion as sent is accepted again (no `jti`: the spec asks for no replay check).
    let (status, body) = post(assertion.clone(), GRANT).await;
    assert_eq!(status, 200, "{body}");
    assert!(body["access_token"].is_string());
    assert_eq!(body["expires_in"], 3600);

    // One character of the signature changed.
    let mut tampered = assertion.clone().into_bytes();
    let last = tampered.len() - 2;
    tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).expect("ascii");
    let (status, body) = post(tampered, GRANT).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // The claims changed (another audience), the signature kept.
    let parts: Vec<&str> = assertion.split('.').collect();
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let mut claims: serde_json::Value =
        serde_json::from_slice(&base64::Engine::decode(&b64, parts[1]).expect("b64"))
            .expect("claims");
    claims["aud"] = "https://evil.example/token".into();
    let forged = format!(
        "{}.{}.{}",
        parts[0],
        base64::Engine::encode(&b64, claims.to_string()),
        parts[2]
    );
    let (status, body) = post(forged, GRANT).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // Another grant type at the same endpoint, and no assertion at all.
    let (status, body) = post(assertion.clone(), "client_credentials").await;
    assert_eq!(status, 400, "{body}");
    let (status, body) = post(String::new(), GRANT).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_request"))
    );

    // Past its `exp` (and the verifier's leeway) the same assertion is refused.
    s.manual.advance(Duration::from_secs(3600 + 120));
    let (status, body) = post(assertion.clone(), GRANT).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_grant"))
    );

    // A client whose key id the token endpoint does not know gets the refusal classified,
    // and neither the key nor the assertion it signed shows in the error.
    let sent2 = Arc::new(Sent::default());
    let unknown = client(
        &s,
        creds("ffffffffffffffffffffffffffffffffffffffff"),
        sent2.clone(),
    );
    let err = list_buckets(&unknown).await.expect_err("refused");
    let refused = field(&form(&sent2.exchanges()[0].body), "assertion")
        .expect("assertion")
        .to_owned();
    let shown = format!("{err} {err:?} {unknown:?} {:?}", creds(KEY_ID));
    assert!(shown.contains("invalid_grant"), "{shown}");
    let key_body: String = private_key()
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    for line in private_key().lines().filter(|l| !l.starts_with("-----")) {
        assert!(!shown.contains(line), "a key line leaked: {shown}");
    }
    assert!(!shown.contains(&key_body[..40]));
    assert!(!shown.contains(&refused), "the assertion leaked: {shown}");
    assert!(!shown.contains(&refused[refused.len() - 40..]), "{shown}");
    assert_eq!(sent2.api_calls().len(), 0, "no API call without a token");
}
