//! Issue 16, items 1 and 2, over loopback: who may act on which key (a spec statement the
//! verifier enforces), and where a request names its workspace (a spec statement, read one
//! way only). Each attack from the issue is replayed and must now fail.
//!
//! Requests go over raw TCP so the request target is sent byte for byte (an HTTP client
//! would normalise `..` and `//` before sending).

mod common;

use auth_sandbox::KeysFile;
use common::{json, raw, start, start_with};
use serde_json::Value;

const NO_SCOPES: &str = "pm_test_sandbox_no_scopes_0003";
const ALL_SCOPES: &str = "pm_live_sandbox_all_scopes_0001";

// ------------------------------------------------------------------ item 1: Pixee rotate

#[tokio::test]
async fn a_pixee_key_can_no_longer_rotate_another_key() {
    let (base, _h) = start("pixee").await;
    // The issue's reproduction: the no-scope key rotates the all-scopes key.
    let res = raw(
        &base,
        "POST",
        "/api-keys/key_live_all/rotate",
        &[("X-API-Key", NO_SCOPES)],
        "",
    )
    .await;
    assert_eq!(res.status, 403, "{}", res.body);
    assert!(!res.body.contains("pm_live_"), "no new key handed out");
    // The owner's key still works.
    let res = raw(&base, "GET", "/products", &[("X-API-Key", ALL_SCOPES)], "").await;
    assert_eq!(res.status, 200);
    // A key may rotate itself: the new key works, the old one is refused at once.
    let res = raw(
        &base,
        "POST",
        "/api-keys/key_test_no_scopes/rotate",
        &[("X-API-Key", NO_SCOPES)],
        "",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let new = json(&res.body)["key"].as_str().expect("new key").to_owned();
    let res = raw(
        &base,
        "POST",
        "/api-keys/key_test_no_scopes/rotate",
        &[("X-API-Key", NO_SCOPES)],
        "",
    )
    .await;
    assert_eq!(res.status, 401);
    // Spelt another way, the target is still another key: refused, never rotated.
    for target in [
        "/api-keys/key_live_all/rotate/",
        "/api-keys/key%5Flive%5Fall/rotate",
        "/api-keys/./key_live_all/rotate",
        "/API-KEYS/key_live_all/rotate",
    ] {
        let res = raw(&base, "POST", target, &[("X-API-Key", &new)], "").await;
        assert!(
            matches!(res.status, 400 | 403),
            "{target}: {} {}",
            res.status,
            res.body
        );
    }
    let res = raw(&base, "GET", "/products", &[("X-API-Key", ALL_SCOPES)], "").await;
    assert_eq!(res.status, 200, "the all-scopes key was never rotated");
}

/// The three rules a spec can state, on a small spec of their own.
const KEYSMITH: &str = r#"
spec_version: 2
name: keysmith
title: Keysmith
base_url: { url: "https://api.keysmith.test/v1" }
credentials:
  api_key:
    description: A key.
    kind: api_key
    format: { prefixes: [{ prefix: ks_ }] }
    placements: [{ in: header, name: X-Key }]
default_auth: [api_key]
scopes:
  keys:manage: { description: Manage every key. }
restrictions:
  org_wide: { description: Needs an org-wide key., kind: org_wide }
operations:
  rotate_own:
    description: A key rotates itself.
    role: rotate_key
    method: POST
    path: /own/{key_id}/rotate
    parameters: { key_id: { in: path } }
    invalidates: [api_key]
    key_access: { param: key_id, allow: [self] }
  rotate_scoped:
    description: A key rotates itself, or a manager any key.
    role: rotate_key
    method: POST
    path: /scoped/{key_id}/rotate
    parameters: { key_id: { in: path } }
    invalidates: [api_key]
    key_access: { param: key_id, allow: [self, { scope: "keys:manage" }] }
  rotate_org:
    description: An org-wide key rotates any key.
    role: rotate_key
    method: POST
    path: /org/{key_id}/rotate
    parameters: { key_id: { in: path } }
    invalidates: [api_key]
    key_access: { param: key_id, allow: [{ restriction: org_wide }] }
errors:
  body: { format: json, message_field: error }
  catalogue:
    unauthorized: { status: 401, description: Bad key., kind: unauthenticated, action: give_up }
    forbidden: { status: 403, description: Not allowed., kind: forbidden, action: give_up }
"#;

const KEYSMITH_KEYS: &str = r#"
keys:
  - { id: admin, credential: api_key, secret: ks_admin_0001, scopes: ["keys:manage"] }
  - { id: plain, credential: api_key, secret: ks_plain_0002, scopes: [] }
  - { id: scoped_ws, credential: api_key, secret: ks_ws_0003, workspaces: [w1] }
"#;

#[tokio::test]
async fn self_scope_and_org_wide_rules_are_enforced() {
    let spec = auth_spec::load_str("keysmith.yaml", KEYSMITH).expect("clean");
    let keys = KeysFile::parse("keys.yaml", KEYSMITH_KEYS).expect("keys");
    let (base, _h) = start_with(spec, keys).await;
    let post = |target: &'static str, key: &'static str| {
        let base = base.clone();
        async move { raw(&base, "POST", target, &[("X-Key", key)], "").await }
    };
    // self: only the key itself.
    assert_eq!(post("/own/admin/rotate", "ks_plain_0002").await.status, 403);
    assert_eq!(post("/own/plain/rotate", "ks_admin_0001").await.status, 403);
    // self or a scope: the manager may rotate another key, a plain key may not.
    assert_eq!(
        post("/scoped/admin/rotate", "ks_plain_0002").await.status,
        403
    );
    let res = post("/scoped/plain/rotate", "ks_admin_0001").await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert_eq!(
        post("/scoped/plain/rotate", "ks_plain_0002").await.status,
        401
    );
    // org-wide: a key limited to workspaces may not, an org-wide key may.
    assert_eq!(post("/org/admin/rotate", "ks_ws_0003").await.status, 403);
    let res = post("/org/scoped_ws/rotate", "ks_admin_0001").await;
    assert_eq!(res.status, 200, "{}", res.body);
}

// ------------------------------------------------------------- item 2: Weavz workspaces

const ORG: &str = "Bearer wvz_sandbox_org_wide_0001";
const WS1: &str = "Bearer wvz_sandbox_workspace_ws1_0002";

async fn weavz(base: &str, key: &str, method: &str, target: &str, ct: &str, body: &str) -> u16 {
    let mut headers = vec![("Authorization", key)];
    if !ct.is_empty() {
        headers.push(("Content-Type", ct));
    }
    raw(base, method, target, &headers, body).await.status
}

#[tokio::test]
async fn a_workspace_key_cannot_reach_another_workspace_by_any_spelling() {
    let (base, _h) = start("weavz").await;
    let j = "application/json";
    // (method, target, content type, body, status for the ws_1 key)
    let cases: &[(&str, &str, &str, &str, u16)] = &[
        // Its own workspace, named each way the spec lists.
        ("GET", "/api/v1/workspaces/ws_1/connections", "", "", 200),
        ("GET", "/api/v1/mcp/servers?workspaceId=ws_1", "", "", 200),
        (
            "POST",
            "/api/v1/connections",
            j,
            r#"{"workspaceId":"ws_1"}"#,
            200,
        ),
        (
            "GET",
            "/api/v1/workspaces/ws_1/x?workspaceId=ws_1",
            "",
            "",
            200,
        ),
        // Another workspace, named plainly: 403 SCOPE_DENIED.
        ("GET", "/api/v1/workspaces/ws_2/connections", "", "", 403),
        ("GET", "/api/v1/mcp/servers?workspaceId=ws_2", "", "", 403),
        (
            "POST",
            "/api/v1/connections",
            j,
            r#"{"workspaceId":"ws_2"}"#,
            403,
        ),
        // The issue's bypasses, each now refused.
        (
            "GET",
            "/api/v1/x?workspaceId=ws_1&workspaceId=ws_2",
            "",
            "",
            400,
        ),
        (
            "GET",
            "/api/v1/x?workspace_id=ws_1&workspaceId=ws_2",
            "",
            "",
            400,
        ),
        ("GET", "/api/v1/workspaces//ws_2/connections", "", "", 400),
        (
            "GET",
            "/api/v1/workspaces/ws_1/../ws_2/connections",
            "",
            "",
            400,
        ),
        ("GET", "/api/v1/Workspaces/ws_2/connections", "", "", 400),
        // The body is read whatever its content type claims, and a repeated key refused.
        (
            "POST",
            "/api/v1/x",
            "text/plain",
            r#"{"workspaceId":"ws_2"}"#,
            403,
        ),
        (
            "POST",
            "/api/v1/x",
            j,
            r#"{"workspaceId":"ws_1","workspaceId":"ws_2"}"#,
            400,
        ),
        // Two places naming different workspaces; another spelling; another place.
        (
            "GET",
            "/api/v1/workspaces/ws_1/x?workspaceId=ws_2",
            "",
            "",
            400,
        ),
        ("GET", "/api/v1/x?workspace_id=ws_2", "", "", 400),
        ("GET", "/api/v1/x?WorkspaceID=ws_2", "", "", 400),
        ("POST", "/api/v1/x", j, r#"{"workspace_id":"ws_2"}"#, 400),
        (
            "POST",
            "/api/v1/x",
            "application/x-www-form-urlencoded",
            "workspaceId=ws_2",
            400,
        ),
    ];
    for (method, target, ct, body, want) in cases {
        let got = weavz(&base, WS1, method, target, ct, body).await;
        assert_eq!(got, *want, "ws_1 key: {method} {target} {body}");
    }
    // An org-wide key is not limited by workspace: only the non-canonical paths are
    // refused for it.
    for (method, target, ct, body, _) in cases {
        let got = weavz(&base, ORG, method, target, ct, body).await;
        let non_canonical = ["//", "..", "/Work"].iter().any(|s| target.contains(s));
        let want = if non_canonical { 400 } else { 200 };
        assert_eq!(got, want, "org key: {method} {target} {body}");
    }
}

#[tokio::test]
async fn a_workspace_named_only_where_the_spec_does_not_say_is_refused() {
    // Weavz's spec without the JSON body among the places: a body that names a
    // workspace is then a place the provider does not read, and is refused.
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../providers/weavz/weavz.yaml"
    ))
    .expect("spec");
    let text = text.replace("      json: [workspaceId]\n", "");
    let spec = auth_spec::load_str("weavz.yaml", &text).expect("clean");
    assert!(
        spec.restrictions
            .values()
            .all(|r| r.named_in.as_ref().is_none_or(|n| n.json.is_empty()))
    );
    let keys = KeysFile::default_for(&spec).expect("keys");
    let (base, _h) = start_with(spec, keys).await;
    let j = "application/json";
    let body = r#"{"workspaceId":"ws_1"}"#;
    assert_eq!(weavz(&base, WS1, "POST", "/api/v1/x", j, body).await, 400);
    assert_eq!(
        weavz(&base, WS1, "POST", "/api/v1/x", j, r#"{"a":1}"#).await,
        200
    );
    let echo = raw(
        &base,
        "GET",
        "/api/v1/x?workspaceId=ws_1",
        &[("Authorization", WS1)],
        "",
    )
    .await;
    assert_eq!(echo.status, 200);
    assert_eq!(
        json(&echo.body)["query"]["workspaceId"],
        Value::from("ws_1")
    );
}
