//! Signing credentials end to end over loopback, from the catalogue specs alone: Kraken's
//! HMAC-SHA512 (its documented API-Sign reproduced by the engine), Coinbase's per-request
//! ES256 JWT, Snowflake's cached RS256 JWT, MongoDB Atlas's HTTP Digest; and what the
//! verifier refuses (replayed nonces and JWTs, stale timestamps, expired JWTs, a JWT for
//! another request, tampered bodies). Time is a manual clock shared by client and sandbox.

mod common;

use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use auth_core::client::tokens::{Clock, ManualClock};
use auth_core::signing::SigningClock;
use auth_core::{Applied, Authenticator, Client, Credentials, Interceptor, RequestError};
use auth_sandbox::{KeysFile, Sandbox, SandboxHandle};
use auth_spec::Spec;

fn catalogue(name: &str) -> Spec {
    let path = format!(
        "{}/../providers/catalogue/specs/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    auth_spec::load_str(&path, &text).expect("spec loads")
}

fn key_file(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/keys/{name}", env!("CARGO_MANIFEST_DIR")))
        .expect("test key")
}

/// A manual clock at `start`, for the client (token cache clock) and the sandbox.
fn clock(start: SystemTime) -> (Clock, ManualClock, SigningClock) {
    let (c, m) = Clock::manual(start);
    let signing = SigningClock::from(c.clone());
    (c, m, signing)
}

async fn sandbox(spec: Spec, keys: &str, clock: SigningClock) -> (String, SandboxHandle) {
    let keys = KeysFile::parse("keys.yaml", keys).expect("keys file");
    let sandbox = Sandbox::with_clock(spec, &keys, clock).expect("sandbox");
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
    (format!("http://{addr}{base}"), handle)
}

/// Records every attempt's headers as sent (tests only: they hold signatures).
#[derive(Default)]
struct Sent(Mutex<Vec<http::HeaderMap>>);

impl Interceptor for Sent {
    fn on_attempt(&self, request: &reqwest::Request, _: &Applied<'_>) {
        self.0.lock().expect("lock").push(request.headers().clone());
    }
}

impl Sent {
    fn header(&self, i: usize, name: &str) -> String {
        self.0.lock().expect("lock")[i]
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    }
    fn count(&self) -> usize {
        self.0.lock().expect("lock").len()
    }
}

fn client(spec: Spec, base: &str, creds: Credentials, clock: Clock, sent: Arc<Sent>) -> Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    Client::builder(Arc::new(spec))
        .base_url(base)
        .credentials(creds)
        .signing_clock(clock)
        .interceptor(sent)
        .build()
        .expect("client")
}

const KRAKEN_PUBLIC: &str = "CJbfPw4tnbf/9en/ZmpewCTKEwmmzO18LXZcHQcu7HPLWre4l8+V9I3y";
const KRAKEN_PRIVATE: &str =
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

#[test]
fn kraken_engine_reproduces_the_documented_api_sign() {
    // The spec's own conformance vector: Kraken's documented inputs and API-Sign.
    let spec = Arc::new(catalogue("kraken"));
    let example = &spec.examples[0];
    let (req, wire) = example.request.as_ref().expect("a request vector");
    let mut creds = Credentials::new();
    for (c, p, v) in &req.credentials {
        let cred = &spec.credentials[*c];
        creds.set_part(cred.name.as_str(), cred.parts[*p].name.as_str(), v.as_str());
    }
    let at = SystemTime::UNIX_EPOCH + Duration::from_millis(req.clock_millis.expect("clock"));
    let auth = Authenticator::new(spec.clone(), &creds)
        .expect("authenticator")
        .with_clock(SigningClock::from_fn(move || at));
    let body = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&req.form)
        .finish();
    let mut request = http::Request::builder()
        .method(wire.method.as_str())
        .uri(&wire.url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body.into_bytes())
        .expect("request");
    auth.apply(&mut request).expect("applies");
    for (name, value) in &wire.headers {
        assert_eq!(
            request.headers().get(name).and_then(|v| v.to_str().ok()),
            Some(value.as_str()),
            "{name}"
        );
    }
    assert_eq!(
        std::str::from_utf8(request.body()).expect("utf-8"),
        wire.body.as_deref().expect("a body")
    );
    assert_eq!(
        request
            .headers()
            .get("API-Sign")
            .map(|v| v.to_str().unwrap_or("")),
        Some(
            "4/dpxb3iT4tp/ZCVEwSnEsLxx0bqyhLpdfOpc6fn7OR8+UClSV5n9E6aSS8MPtnRfp32bAb0nmbRn6H8ndwLUQ=="
        )
    );
}

fn kraken_keys() -> String {
    format!(
        "keys:\n  - id: trader\n    credential: api_key\n    parts: {{ api_key: \"{KRAKEN_PUBLIC}\", private_key: \"{KRAKEN_PRIVATE}\" }}\n"
    )
}

#[tokio::test]
async fn kraken_signed_requests_end_to_end_and_replays_refused() {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let (c, _manual, signing) = clock(start);
    let (base, _h) = sandbox(catalogue("kraken"), &kraken_keys(), signing).await;
    let sent = Arc::new(Sent::default());
    let creds = Credentials::new()
        .with_part("api_key", "api_key", KRAKEN_PUBLIC)
        .with_part("api_key", "private_key", KRAKEN_PRIVATE);
    let client = client(catalogue("kraken"), &base, creds, c, sent.clone());
    // Two calls with the same clock reading: the nonce still increases.
    for _ in 0..2 {
        let res = client
            .operation("get_account_balance", &[])
            .form(&[("asset", "XBT")])
            .send()
            .await
            .expect("signed call accepted");
        assert_eq!(res.status(), 200);
    }
    assert_ne!(sent.header(0, "API-Sign"), sent.header(1, "API-Sign"));

    // The same signed request sent again: its nonce is not greater than the last one.
    let auth = client.authenticator();
    let mut req = http::Request::post(format!("{base}/private/Balance"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"asset=XBT".to_vec())
        .expect("request");
    auth.apply(&mut req).expect("applies");
    let raw = common::client();
    let send = |req: &http::Request<Vec<u8>>, body: Vec<u8>| {
        let mut b = raw.post(req.uri().to_string()).body(body);
        for (k, v) in req.headers() {
            b = b.header(k, v);
        }
        b.send()
    };
    let first = send(&req, req.body().clone()).await.expect("sent");
    let first_body = first.text().await.expect("body");
    assert!(!first_body.contains("EAPI"), "{first_body}");
    let again = send(&req, req.body().clone()).await.expect("sent");
    assert!(
        again
            .text()
            .await
            .expect("body")
            .contains("EAPI:Invalid nonce"),
        "a replayed nonce is refused"
    );
    // A tampered body no longer matches the signature.
    let mut req2 = http::Request::post(format!("{base}/private/Balance"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"asset=XBT".to_vec())
        .expect("request");
    auth.apply(&mut req2).expect("applies");
    let tampered = String::from_utf8(req2.body().clone())
        .expect("utf-8")
        .replace("XBT", "ETH");
    let res = send(&req2, tampered.into_bytes()).await.expect("sent");
    assert!(
        res.text()
            .await
            .expect("body")
            .contains("EAPI:Invalid signature")
    );
    // The client reports the classified error for a wrong private key.
    let wrong = Credentials::new()
        .with_part("api_key", "api_key", KRAKEN_PUBLIC)
        .with_part("api_key", "private_key", "c2FuZGJveCBzZWNyZXQ=");
    let (c2, _m2, _) = clock(start);
    let bad = self::client(
        catalogue("kraken"),
        &base,
        wrong,
        c2,
        Arc::new(Sent::default()),
    );
    let err = bad
        .operation("get_account_balance", &[])
        .send()
        .await
        .expect_err("wrong key refused");
    match err {
        RequestError::Provider { error, .. } => {
            assert_eq!(error.code.as_deref(), Some("EAPI:Invalid signature"));
        }
        other => panic!("{other:?}"),
    }
}

const ATLAS_KEYS: &str = "keys:\n  - id: atlas\n    credential: api_key\n    parts: { public_key: zmmrboas, private_key: 55c3bbb6-b4bb-0be1-e66d20841f3e }\n";

#[tokio::test]
async fn mongodb_atlas_digest_challenge_then_counted_answers() {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let (c, manual, signing) = clock(start);
    let (base, _h) = sandbox(catalogue("mongodb_atlas"), ATLAS_KEYS, signing).await;
    let sent = Arc::new(Sent::default());
    let creds = Credentials::new()
        .with_part("api_key", "public_key", "zmmrboas")
        .with_part("api_key", "private_key", "55c3bbb6-b4bb-0be1-e66d20841f3e");
    let client = client(catalogue("mongodb_atlas"), &base, creds, c, sent.clone());
    let path = [
        ("groupId", "32b6e34b3d91647abb20e7b8"),
        ("clusterName", "Cluster0"),
    ];
    let res = client
        .operation("get_db_access_history", &path)
        .send()
        .await
        .expect("digest accepted");
    assert_eq!(res.status(), 200);
    // The first attempt went without and brought the challenge; the second answered it.
    assert_eq!(sent.count(), 2);
    assert_eq!(sent.header(0, "authorization"), "");
    let answer = sent.header(1, "authorization");
    assert!(
        answer.starts_with("Digest username=\"zmmrboas\""),
        "{answer}"
    );
    assert!(answer.contains("algorithm=SHA-256") && answer.contains("nc=00000001"));
    assert!(!answer.contains("55c3bbb6"), "the password never travels");
    // Later requests answer the same challenge with the next count: one attempt each.
    client
        .operation("get_db_access_history", &path)
        .send()
        .await
        .expect("second call");
    assert_eq!(sent.count(), 3);
    assert!(sent.header(2, "authorization").contains("nc=00000002"));

    // An answer sent twice is a replay.
    let raw = common::client();
    let url = format!("{base}/groups/32b6e34b3d91647abb20e7b8/dbAccessHistory/clusters/Cluster0");
    let res = raw
        .get(&url)
        .header("authorization", sent.header(2, "authorization"))
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 401);

    // Past the nonce's lifetime the server says `stale`, and the client answers anew.
    manual.advance(Duration::from_secs(
        auth_core::server::DIGEST_NONCE_SECONDS + 1,
    ));
    client
        .operation("get_db_access_history", &path)
        .send()
        .await
        .expect("renewed after a stale nonce");
    assert_eq!(sent.count(), 5);
    assert!(sent.header(4, "authorization").contains("nc=00000001"));

    // A wrong password is refused after one fresh challenge, not retried forever.
    let (c2, _m2, _) = clock(start + Duration::from_secs(301));
    let wrong = Credentials::new()
        .with_part("api_key", "public_key", "zmmrboas")
        .with_part("api_key", "private_key", "not-the-key");
    let sent2 = Arc::new(Sent::default());
    let bad = self::client(catalogue("mongodb_atlas"), &base, wrong, c2, sent2.clone());
    let err = bad
        .operation("get_db_access_history", &path)
        .send()
        .await
        .expect_err("wrong password refused");
    assert!(matches!(err, RequestError::Provider { .. }), "{err:?}");
    assert!(sent2.count() <= 3, "{}", sent2.count());
}

fn snowflake_keys() -> String {
    let pem = key_file("rsa_key.p8").replace('\n', "\\n");
    format!(
        "keys:\n  - id: analyst\n    credential: key_pair\n    parts: {{ jwt_account: myorg-myaccount, user: myuser, private_key: \"{pem}\" }}\n"
    )
}

fn snowflake_creds() -> Credentials {
    Credentials::new()
        .with_part("key_pair", "jwt_account", "myorg-myaccount")
        .with_part("key_pair", "user", "myuser")
        .with_part("key_pair", "private_key", key_file("rsa_key.p8"))
        .with_param("account", "myorg-myaccount")
        .with_param("user_agent", "authspec-tests/1.0")
}

fn jwt_claims(bearer: &str) -> serde_json::Value {
    let token = bearer.strip_prefix("Bearer ").expect("bearer");
    let claims = auth_core::signing::jwt::peek(token).expect("a JWT");
    serde_json::Value::Object(claims.claims)
}

#[tokio::test]
async fn snowflake_key_pair_jwt_is_cached_renewed_and_checked() {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let (c, manual, signing) = clock(start);
    let (base, _h) = sandbox(catalogue("snowflake"), &snowflake_keys(), signing).await;
    let sent = Arc::new(Sent::default());
    let client = client(
        catalogue("snowflake"),
        &base,
        snowflake_creds(),
        c,
        sent.clone(),
    );
    for _ in 0..2 {
        let res = client
            .operation("submit_statement", &[])
            .json(&serde_json::json!({"statement": "select 1"}))
            .send()
            .await
            .expect("accepted");
        assert_eq!(res.status(), 200);
    }
    let first = sent.header(0, "authorization");
    assert_eq!(
        first,
        sent.header(1, "authorization"),
        "cached until renewal"
    );
    assert_eq!(
        sent.header(0, "x-snowflake-authorization-token-type"),
        "KEYPAIR_JWT"
    );
    // The issuer carries the fingerprint Snowflake's own openssl recipe gives.
    let fingerprint = key_file("rsa_key.fingerprint");
    let claims = jwt_claims(&first);
    assert_eq!(
        claims["iss"],
        format!("MYORG-MYACCOUNT.MYUSER.SHA256:{}", fingerprint.trim())
    );
    assert_eq!(claims["sub"], "MYORG-MYACCOUNT.MYUSER");
    assert_eq!(claims["exp"].as_u64(), Some(1_700_000_000 + 3540));

    // Inside the renewal margin a new JWT is signed; the old one is refused once expired.
    manual.advance(Duration::from_secs(3540 - 300));
    client
        .operation("submit_statement", &[])
        .send()
        .await
        .expect("renewed");
    let renewed = sent.header(2, "authorization");
    assert_ne!(renewed, first);
    manual.advance(Duration::from_secs(300 + 31));
    let raw = common::client();
    let res = raw
        .post(format!("{base}/statements"))
        .header("authorization", &first)
        .header("user-agent", "t/1")
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 401, "an expired JWT is refused");
    // A JWT signed by another key, claiming the same issuer, is refused.
    let other = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----";
    let bad = Credentials::new()
        .with_part("key_pair", "jwt_account", "myorg-myaccount")
        .with_part("key_pair", "user", "myuser")
        .with_part("key_pair", "private_key", other);
    let err = Client::builder(Arc::new(catalogue("snowflake")))
        .base_url(&base)
        .credentials(bad)
        .build()
        .expect_err("a key that does not parse is refused at build");
    let text = err.to_string();
    assert!(text.contains("RSA private key"), "{text}");
    assert!(!text.contains("MIIE"), "the key is never printed: {text}");
}

fn coinbase_keys() -> String {
    let pem = key_file("ec_key.pem").replace('\n', "\\n");
    format!(
        "keys:\n  - id: trader\n    credential: cdp_api_key\n    parts: {{ key_name: organizations/org-1/apiKeys/key-1, private_key: \"{pem}\" }}\n"
    )
}

#[tokio::test]
async fn coinbase_per_request_jwt_names_the_request_and_is_never_reused() {
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let (c, _manual, signing) = clock(start);
    let (base, _h) = sandbox(catalogue("coinbase"), &coinbase_keys(), signing).await;
    let sent = Arc::new(Sent::default());
    // The key as an environment variable often carries `\n` written out.
    let creds = Credentials::new()
        .with_part(
            "cdp_api_key",
            "key_name",
            "organizations/org-1/apiKeys/key-1",
        )
        .with_part(
            "cdp_api_key",
            "private_key",
            key_file("ec_key.pem").replace('\n', "\\n"),
        );
    let client = client(catalogue("coinbase"), &base, creds, c, sent.clone());
    for _ in 0..2 {
        let res = client
            .operation("list_accounts", &[])
            .send()
            .await
            .expect("accepted");
        assert_eq!(res.status(), 200);
    }
    let (a, b) = (
        sent.header(0, "authorization"),
        sent.header(1, "authorization"),
    );
    assert_ne!(a, b, "a fresh JWT per request");
    let token = a.strip_prefix("Bearer ").expect("bearer");
    let decoded = auth_core::signing::jwt::peek(token).expect("jwt");
    assert_eq!(decoded.header["alg"], "ES256");
    assert_eq!(decoded.header["kid"], "organizations/org-1/apiKeys/key-1");
    assert_eq!(decoded.header["nonce"].as_str().map(str::len), Some(32));
    let host = base
        .trim_start_matches("http://")
        .split('/')
        .next()
        .expect("host");
    assert_eq!(
        decoded.claims["uri"],
        format!("GET {host}/api/v3/brokerage/accounts")
    );
    assert_eq!(decoded.claims["iss"], "cdp");
    assert_eq!(decoded.claims["exp"].as_u64(), Some(1_700_000_120));

    let raw = common::client();
    // The same JWT again is a replay.
    let res = raw
        .get(format!("{base}/accounts"))
        .header("authorization", &a)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 401);
    // A JWT made for one request does not authorize another.
    let res = raw
        .get(format!(
            "{base}/accounts/f603f97c-37d7-4e58-b264-c27e9e393dd9"
        ))
        .header("authorization", &b)
        .send()
        .await
        .expect("sent");
    assert_eq!(res.status(), 401);
}

/// A spec with the other signing options: a timestamp header, a random nonce in the
/// query, a hex signature in the query, a raw secret.
const STAMPED: &str = r#"
spec_version: 2
name: stamped
title: Stamped
base_url: { url: https://api.example.com/v1 }
credentials:
  signed:
    description: A key id and a raw HMAC-SHA256 secret.
    kind: key_pair
    parts:
      key_id: { secret: false }
      secret: {}
    placements:
      - in: hmac
        algorithm: sha256
        key: secret
        message: "{method}\n{path}\n{query}\n{timestamp}\n{nonce}\n{hex({sha256({body})})}"
        encoding: hex
        query: signature
        headers: { X-Key-Id: "{key_id}" }
        timestamp: { in: header, name: X-Timestamp, format: unix_seconds }
        nonce: { kind: random, in: query, name: nonce }
        max_skew_seconds: 60
default_auth: [signed]
operations:
  items: { description: Items., method: GET, path: /items }
errors:
  body: { format: json, message_field: message }
  catalogue:
    unauthorized: { status: 401, description: Refused., kind: unauthenticated, action: give_up }
"#;

#[tokio::test]
async fn timestamped_signatures_expire_and_random_nonces_are_single_use() {
    let spec = auth_spec::load_str("stamped.yaml", STAMPED).expect("spec loads");
    let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
    let (c, manual, signing) = clock(start);
    let keys = "keys:\n  - credential: signed\n    parts: { key_id: k1, secret: s3cr3t }\n";
    let (base, _h) = sandbox(spec.clone(), keys, signing).await;
    let sent = Arc::new(Sent::default());
    let creds = Credentials::new()
        .with_part("signed", "key_id", "k1")
        .with_part("signed", "secret", "s3cr3t");
    let client = client(spec, &base, creds, c, sent.clone());
    let res = client
        .request(http::Method::GET, "/items?b=2&a=1")
        .send()
        .await
        .expect("accepted");
    assert_eq!(res.status(), 200);
    assert_eq!(sent.header(0, "x-timestamp"), "1700000000");

    // Sign one request by hand, then send it twice, then once more when it is stale.
    let auth = client.authenticator();
    let mut req = http::Request::get(format!("{base}/items?a=1"))
        .body(Vec::new())
        .expect("request");
    auth.apply(&mut req).expect("applies");
    let raw = common::client();
    let send = || {
        let mut b = raw.get(req.uri().to_string());
        for (k, v) in req.headers() {
            b = b.header(k, v);
        }
        b.send()
    };
    assert_eq!(send().await.expect("sent").status(), 200);
    assert_eq!(send().await.expect("sent").status(), 401, "nonce replayed");
    let mut late = http::Request::get(format!("{base}/items?a=1"))
        .body(Vec::new())
        .expect("request");
    auth.apply(&mut late).expect("applies");
    manual.advance(Duration::from_secs(61));
    let mut b = raw.get(late.uri().to_string());
    for (k, v) in late.headers() {
        b = b.header(k, v);
    }
    assert_eq!(
        b.send().await.expect("sent").status(),
        401,
        "stale timestamp"
    );
    // The engine's own requests after the clock moved carry the new time and pass.
    let res = client
        .request(http::Method::GET, "/items")
        .send()
        .await
        .expect("fresh signature accepted");
    assert_eq!(res.status(), 200);
}
