//! The tower layer protecting a small axum app, over real HTTP on 127.0.0.1.
#![cfg(feature = "tower")]

use std::sync::Arc;

use auth_core::server::{KeyRecord, MemoryKeyStore, Principal, Verified, Verifier, VerifyLayer};
use axum::extract::Extension;
use axum::routing::{get, post};

fn spec(provider: &str) -> auth_spec::Spec {
    let path = format!(
        "{}/../providers/{provider}/{provider}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    auth_spec::load_str(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// A plain-HTTP client. With the `reqwest` feature on, reqwest is built without a default
/// TLS crypto provider, so one is installed first (it is never used for http://).
fn client() -> reqwest::Client {
    #[cfg(feature = "reqwest")]
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

async fn serve(app: axum::Router) -> (String, tokio::task::JoinHandle<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{addr}"), task)
}

#[tokio::test]
async fn layer_protects_an_axum_app_and_hands_over_the_principal() {
    let store = Arc::new(MemoryKeyStore::new());
    let mut reader = KeyRecord::new("reader", "api_key");
    reader.scopes = Some(vec!["products:read".into()]);
    store.insert(reader, [("key", "pm_test_reader_0001")]);
    let mut nobody = KeyRecord::new("nobody", "api_key");
    nobody.scopes = Some(vec![]);
    store.insert(nobody, [("key", "pm_test_nobody_0002")]);
    let spec = Arc::new(spec("pixee"));
    let verifier = Verifier::new(spec.clone(), store);

    // The handler reads who called, put there by the layer.
    let app = axum::Router::new()
        .route(
            "/api/v1/products",
            get(
                |Extension(p): Extension<Principal>, Extension(v): Extension<Verified>| async move {
                    // The operation is an id into the spec; its name is the spec's.
                    let operation = v
                        .operation
                        .map(|o| spec.operations[o].name.clone())
                        .unwrap_or_default();
                    format!("{} {} {:?}", p.key_id(), operation, p.environment())
                },
            ),
        )
        .layer(VerifyLayer::new(verifier));
    let (base, _task) = serve(app).await;
    let c = client();

    let res = c
        .get(format!("{base}/api/v1/products"))
        .header("X-API-Key", "pm_test_reader_0001")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.text().await.unwrap(),
        "reader list_products Some(\"test\")"
    );

    let res = c
        .get(format!("{base}/api/v1/products"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(
        res.headers()
            .get("www-authenticate")
            .and_then(|v| v.to_str().ok()),
        Some("Bearer realm=\"pixee\"")
    );
    assert_eq!(
        res.text().await.unwrap(),
        "Missing, invalid, or expired credential"
    );

    let res = c
        .get(format!("{base}/api/v1/products"))
        .header("X-API-Key", "pm_test_nobody_0002")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
}

#[tokio::test]
async fn layer_reads_body_credentials_and_still_passes_the_body_on() {
    let store = Arc::new(MemoryKeyStore::new());
    store.insert(
        KeyRecord::new("tenant", "api_credentials"),
        [("api_id", "id1"), ("api_secret", "s3cret")],
    );
    let verifier = Verifier::new(spec("weevio"), store);
    let app = axum::Router::new()
        .route(
            "/tenant/api/pims/v1/customers",
            post(
                |Extension(p): Extension<Principal>, body: String| async move {
                    format!("{}|{body}", p.key_id())
                },
            ),
        )
        .layer(VerifyLayer::new(verifier).body_limit(1024));
    let (base, _task) = serve(app).await;
    let c = client();
    let form = "teamID=T1&apiID=id1&apiSecret=s3cret&name=x";
    let res = c
        .post(format!("{base}/tenant/api/pims/v1/customers"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), format!("tenant|{form}"));

    // Missing teamID: Weevio's 400 message, from the layer.
    let res = c
        .post(format!("{base}/tenant/api/pims/v1/customers"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("apiID=id1&apiSecret=s3cret")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.text().await.unwrap(), "Missing 'teamID' parameter!");

    // Over the layer's body limit: 413, the handler is not reached.
    let res = c
        .post(format!("{base}/tenant/api/pims/v1/customers"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(format!("{form}&pad={}", "x".repeat(2048)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
}
