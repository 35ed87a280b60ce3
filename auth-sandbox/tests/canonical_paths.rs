//! Issue 16, item 3: one decision for every spelling of a request, or a refusal.
//!
//! A table of path and query spellings (encoded characters, dot segments, doubled
//! slashes, case, matrix parameters, repeated and respelt parameters), each either
//! `Same` (it must get the decision its canonical form gets) or `Refused` (400). It runs
//! against the sandbox and against `VerifyLayer` in front of an app that answers 200 to
//! whatever reaches it (as a router that normalises paths would): before the fix, the
//! no-scope key got 403 on `/api/v1/products` but 200 on `/api/v1/./products`.

mod common;

use std::sync::Arc;

use auth_core::server::{Verifier, VerifyLayer};
use auth_sandbox::Sandbox;
use common::{raw, spec};

#[derive(Debug, Clone, Copy)]
enum Expect {
    /// The decision of this canonical request (method, target).
    Same(&'static str, &'static str),
    /// 400, whatever the canonical form would get.
    Refused,
}
use Expect::{Refused, Same};

const PIXEE_NO_SCOPES: (&str, &str) = ("X-API-Key", "pm_test_sandbox_no_scopes_0003");
const WEAVZ_WS1: (&str, &str) = ("Authorization", "Bearer wvz_sandbox_workspace_ws1_0002");

const PRODUCTS: Expect = Same("GET", "/api/v1/products");
const ROTATE: Expect = Same("POST", "/api/v1/api-keys/key_live_all/rotate");
const WS2: Expect = Same("GET", "/api/v1/workspaces/ws_2/connections");
const WS2_QUERY: Expect = Same("GET", "/api/v1/mcp/servers?workspaceId=ws_2");
const CREATE_KEY: Expect = Same("POST", "/api/v1/api-keys");

/// `(provider, method, target, expectation)`.
const TABLE: &[(&str, &str, &str, Expect)] = &[
    // Pixee, the key without scopes: 403 on its canonical form.
    ("pixee", "GET", "/api/v1/products/", PRODUCTS),
    ("pixee", "GET", "/api/v1/products?", PRODUCTS),
    ("pixee", "GET", "/api/v1/products?a=1&a=2", PRODUCTS),
    ("pixee", "HEAD", "/api/v1/products", PRODUCTS),
    ("pixee", "GET", "/api/v1/./products", Refused),
    ("pixee", "GET", "/api/v1/products/.", Refused),
    ("pixee", "GET", "/api/v1/x/../products", Refused),
    ("pixee", "GET", "/api/v1/products/x/..", Refused),
    ("pixee", "GET", "/api/v1/%70roducts", Refused),
    ("pixee", "GET", "/api/v1/product%73", Refused),
    ("pixee", "GET", "/api/v1/%2E/products", Refused),
    ("pixee", "GET", "/api/v1/%2e/products", Refused),
    ("pixee", "GET", "/api/v1//products", Refused),
    ("pixee", "GET", "//api/v1/products", Refused),
    ("pixee", "GET", "/api/v1/products//", Refused),
    ("pixee", "GET", "/api/v1/PRODUCTS", Refused),
    ("pixee", "GET", "/api/v1/Products", Refused),
    ("pixee", "GET", "/API/V1/products", Refused),
    ("pixee", "GET", "/Api/v1/products", Refused),
    ("pixee", "GET", "/api/v1/products;x", Refused),
    ("pixee", "GET", "/api/v1;x/products", Refused),
    ("pixee", "GET", "/api/v1/products;jsessionid=1", Refused),
    ("pixee", "GET", "/api/v1/products%2F", Refused),
    ("pixee", "GET", "/api/v1%2Fproducts", Refused),
    ("pixee", "GET", "/api/v1/products%5C", Refused),
    ("pixee", "GET", "/api/v1/products%00", Refused),
    ("pixee", "GET", "/api/v1/products%zz", Refused),
    // Pixee, the same key rotating another key: 403 on its canonical form.
    (
        "pixee",
        "POST",
        "/api/v1/api-keys/key_live_all/rotate/",
        ROTATE,
    ),
    (
        "pixee",
        "POST",
        "/api/v1/api-keys/key%5Flive%5Fall/rotate",
        Refused,
    ),
    (
        "pixee",
        "POST",
        "/api/v1/api-keys//key_live_all/rotate",
        Refused,
    ),
    (
        "pixee",
        "POST",
        "/api/v1/API-KEYS/key_live_all/rotate",
        Refused,
    ),
    // Weavz, the key limited to ws_1, reaching for ws_2: 403 on the canonical form.
    ("weavz", "GET", "/api/v1/workspaces/ws_2/connections/", WS2),
    (
        "weavz",
        "GET",
        "/api/v1/workspaces//ws_2/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/workspaces/ws_1/../ws_2/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/Workspaces/ws_2/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/workspaces/ws%5F2/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/workspaces/./ws_2/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/workspaces/ws_2;x/connections",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspace%49d=ws_2",
        WS2_QUERY,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspaceId=ws%5F2",
        WS2_QUERY,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspaceid=ws_2",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspace_id=ws_2",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspaceId=ws_1&workspaceId=ws_2",
        Refused,
    ),
    (
        "weavz",
        "GET",
        "/api/v1/mcp/servers?workspaceId=ws_2&workspaceId=ws_2",
        Refused,
    ),
    // Weavz, the same key managing keys (org-wide keys only): 403 on the canonical form.
    ("weavz", "POST", "/api/v1/api-keys/", CREATE_KEY),
    ("weavz", "POST", "/api/v1//api-keys", Refused),
    ("weavz", "POST", "/API/v1/api-keys", Refused),
];

fn key(provider: &str) -> (&'static str, &'static str) {
    match provider {
        "pixee" => PIXEE_NO_SCOPES,
        _ => WEAVZ_WS1,
    }
}

/// Status of one request (a JSON body on POST, as the key operations expect).
async fn status(base: &str, provider: &str, method: &str, target: &str) -> u16 {
    let (name, value) = key(provider);
    let mut headers = vec![(name, value)];
    let body = if method == "POST" {
        headers.push(("Content-Type", "application/json"));
        r#"{"name":"k"}"#
    } else {
        ""
    };
    raw(base, method, target, &headers, body).await.status
}

/// Run the table against `bases` (provider -> `http://addr`); `label` names the server.
async fn run(label: &str, base_of: impl Fn(&str) -> String) {
    assert!(TABLE.len() >= 30);
    let mut failures = Vec::new();
    for &(provider, method, target, expect) in TABLE {
        let base = base_of(provider);
        let got = status(&base, provider, method, target).await;
        let want = match expect {
            Refused => 400,
            Same(m, t) => {
                let canonical = status(&base, provider, m, t).await;
                assert_ne!(canonical, 400, "{label}: canonical {m} {t} refused");
                assert!(
                    matches!(canonical, 403),
                    "{label}: every canonical form here is a refusal by scope, key or workspace: {m} {t} got {canonical}"
                );
                canonical
            }
        };
        if got != want {
            failures.push(format!(
                "{label}: {method} {target}: got {got}, want {want}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn the_sandbox_decides_every_spelling_the_same_or_refuses_it() {
    let mut servers = Vec::new();
    for p in ["pixee", "weavz"] {
        let sandbox = Sandbox::with_default_keys(spec(p)).expect("sandbox");
        let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
        servers.push((p, format!("http://{addr}"), handle));
    }
    run("sandbox", |p| {
        servers
            .iter()
            .find(|(n, ..)| *n == p)
            .map(|(_, b, _)| b.clone())
            .expect("started")
    })
    .await;
}

#[tokio::test]
async fn verify_layer_decides_every_spelling_the_same_or_refuses_it() {
    let mut servers = Vec::new();
    for p in ["pixee", "weavz"] {
        // The sandbox's default keys, in a store the layer verifies against.
        let sandbox = Sandbox::with_default_keys(spec(p)).expect("keys");
        let verifier = Verifier::new(Arc::new(spec(p)), sandbox.store().clone());
        // Whatever passes the layer reaches a handler that answers 200, as a router that
        // normalises paths would route `/./products` to the products handler.
        let app = axum::Router::new()
            .fallback(|| async { "reached the protected handler" })
            .layer(VerifyLayer::new(verifier));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app).await;
        });
        servers.push((p, format!("http://{addr}"), task));
    }
    run("VerifyLayer", |p| {
        servers
            .iter()
            .find(|(n, ..)| *n == p)
            .map(|(_, b, _)| b.clone())
            .expect("started")
    })
    .await;
    for (.., task) in servers {
        task.abort();
    }
}

/// `unknown_routes: deny`: a path no operation names is refused before any credential is
/// read; the operations the spec names are served as before.
#[tokio::test]
async fn a_spec_can_deny_unknown_routes() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../providers/pixee/pixee.yaml"
    ))
    .expect("spec");
    let spec = auth_spec::load_str("pixee.yaml", &format!("{text}\nunknown_routes: deny\n"))
        .expect("clean");
    let sandbox = Sandbox::with_default_keys(spec).expect("sandbox");
    let (addr, _h) = sandbox.spawn(0).await.expect("spawn");
    let base = format!("http://{addr}");
    let all = ("X-API-Key", "pm_live_sandbox_all_scopes_0001");
    let get = |target: &'static str| {
        let base = base.clone();
        async move { raw(&base, "GET", target, &[all], "").await.status }
    };
    assert_eq!(get("/api/v1/products").await, 200);
    assert_eq!(get("/api/v1/products/").await, 200);
    assert_eq!(get("/api/v1/admin").await, 404);
    assert_eq!(get("/api/v1/products/1").await, 404);
    assert_eq!(get("/elsewhere").await, 404);
    // Without a key too: nothing about the credential is said for an unknown route.
    assert_eq!(
        raw(&base, "GET", "/api/v1/admin", &[], "").await.status,
        404
    );
}
