//! The sandbox answers as each provider's documentation says, over real HTTP.
//!
//! Expected statuses, headers and bodies are literals from `shared/provider-docs/*.txt`,
//! not derived from the spec, so the sandbox cannot agree with a client on a wrong answer.

mod common;

use std::time::{SystemTime, UNIX_EPOCH};

use common::{client, header, json, start, start_with};
use serde_json::json;

// ---------------------------------------------------------------- Pixee

#[tokio::test]
async fn pixee_api_key_scopes_and_errors() {
    let (base, _h) = start("pixee").await;
    let c = client();
    // "curl https://api.pixeepim.com/api/v1/products -H "X-API-Key: pm_live_abc123...""
    let res = c
        .get(format!("{base}/products"))
        .header("X-API-Key", "pm_live_sandbox_all_scopes_0001")
        .header("X-Tenant-ID", "tenant-7")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["principal"]["key_id"], "key_live_all");
    assert_eq!(body["principal"]["environment"], "production");
    assert_eq!(body["context"]["tenant_id"], "tenant-7");

    // 401: "Missing, invalid, or expired credential"
    for key in [None, Some("pm_live_not_a_key"), Some("sk_wrong_prefix")] {
        let mut req = c.get(format!("{base}/products"));
        if let Some(k) = key {
            req = req.header("X-API-Key", k);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{key:?}");
        assert_eq!(
            res.text().await.unwrap(),
            "Missing, invalid, or expired credential"
        );
    }
    // 403: "Valid credential but insufficient scope or permissions"
    let res = c
        .get(format!("{base}/products"))
        .header("X-API-Key", "pm_test_sandbox_no_scopes_0003")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.text().await.unwrap(),
        "Valid credential but insufficient scope or permissions"
    );
}

#[tokio::test]
async fn pixee_login_jwt_refresh_cookie() {
    let (base, _h) = start("pixee").await;
    let c = client();
    // curl -X POST .../auth/login -H "Content-Type: application/json" -d '{"email": ..., "password": ...}'
    let res = c
        .post(format!("{base}/auth/login"))
        .header("Content-Type", "application/json")
        .body(r#"{"email": "you@example.com", "password": "sandbox-password"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let cookie = header(&res, "set-cookie").unwrap().to_owned();
    assert!(cookie.starts_with("refresh_token="), "{cookie}");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    let body = json(&res.text().await.unwrap());
    // Response: { "access_token": "eyJhbGc...", "token_type": "bearer" }
    assert_eq!(body["token_type"], "bearer");
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("eyJ"), "{token}");
    // "valid for 15 minutes by default"
    let payload = token.split('.').nth(1).unwrap();
    use base64::Engine as _;
    let claims = json(
        &String::from_utf8(
            base64::engine::general_purpose::URL_SAFE_NO_PAD
                .decode(payload)
                .unwrap(),
        )
        .unwrap(),
    );
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        900
    );
    assert_eq!(claims["sub"], "you@example.com");

    // "Use the token in the Authorization header just like an API key"
    let res = c
        .get(format!("{base}/products"))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["principal"]["credential"], "jwt");

    // Refresh: "No Authorization header needed for this endpoint."
    let pair = cookie.split(';').next().unwrap().to_owned();
    let res = c
        .post(format!("{base}/auth/refresh"))
        .header("Content-Type", "application/json")
        .header("Cookie", pair)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let fresh = json(&res.text().await.unwrap());
    let fresh = fresh["access_token"].as_str().unwrap();
    assert_ne!(fresh, token);
    let res = c
        .get(format!("{base}/products"))
        .header("Authorization", format!("Bearer {fresh}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // Without the cookie, refresh is a 401.
    let res = c.post(format!("{base}/auth/refresh")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    // An access token is not a refresh token.
    let res = c
        .post(format!("{base}/auth/refresh"))
        .header("Cookie", format!("refresh_token={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn pixee_rotation_invalidates_old_key_at_once() {
    let (base, _h) = start("pixee").await;
    let c = client();
    let old = "pm_live_sandbox_all_scopes_0001";
    let res = c
        .post(format!("{base}/api-keys/key_live_all/rotate"))
        .header("X-API-Key", old)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    let new = body["key"].as_str().unwrap().to_owned();
    assert_eq!(body["id"], "key_live_all");
    assert!(new.starts_with("pm_live_"), "same environment: {new}");
    // "The old key is invalidated immediately and a new one is returned."
    let res = c
        .get(format!("{base}/products"))
        .header("X-API-Key", old)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = c
        .get(format!("{base}/products"))
        .header("X-API-Key", &new)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Another key id, known or not: a key may rotate only itself (pixee.yaml's
    // `key_access`), so it is 403 either way and the answer says nothing of which ids exist.
    for other in ["key_nope", "key_test_products_read"] {
        let res = c
            .post(format!("{base}/api-keys/{other}/rotate"))
            .header("X-API-Key", &new)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 403, "{other}");
    }
}

#[tokio::test]
async fn pixee_lockout_is_423_after_five_failures() {
    let (base, _h) = start("pixee").await;
    let c = client();
    let login = |password: &str| {
        c.post(format!("{base}/auth/login"))
            .header("Content-Type", "application/json")
            .body(json!({"email": "you@example.com", "password": password}).to_string())
            .send()
    };
    for _ in 0..5 {
        assert_eq!(login("wrong").await.unwrap().status(), 401);
    }
    // "423 Locked: Account locked after too many failed login attempts", even with the
    // right password now.
    let res = login("sandbox-password").await.unwrap();
    assert_eq!(res.status(), 423);
    assert_eq!(
        res.text().await.unwrap(),
        "Account locked after too many failed login attempts"
    );
    // Another account is not affected.
    let res = c
        .post(format!("{base}/auth/login"))
        .header("Content-Type", "application/json")
        .body(r#"{"email": "other@example.com", "password": "x"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

// ---------------------------------------------------------------- Weevio

fn basic(id: &str, secret: &str) -> String {
    use base64::Engine as _;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{id}:{secret}"))
    )
}

#[tokio::test]
async fn weevio_basic_query_and_body_with_team_id() {
    let (base, _h) = start("weevio").await;
    let c = client();
    // curl -s -u 'YOUR_API_ID:YOUR_API_SECRET' .../customers/single --get teamID, customerCode=M-1000
    let res = c
        .get(format!(
            "{base}/customers/single?teamID=TEAM-1&customerCode=M-1000"
        ))
        .header(
            "Authorization",
            basic("sandbox_api_id_1", "sandbox_api_secret_1"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["operation"], "get_customer");
    assert_eq!(body["context"]["team_id"], "TEAM-1");

    // The query form: apiID and apiSecret as query parameters.
    let res = c
        .get(format!(
            "{base}/customers/single?teamID=TEAM-1&apiID=sandbox_api_id_1&apiSecret=sandbox_api_secret_1&customerCode=M-1000"
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(
        !text.contains("sandbox_api_secret_1"),
        "the echo masks credentials: {text}"
    );

    // Body parameters (form-encoded).
    let res = c
        .post(format!("{base}/customers"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("teamID=TEAM-1&apiID=sandbox_api_id_1&apiSecret=sandbox_api_secret_1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn weevio_missing_team_id_is_400_and_bad_credentials_401() {
    let (base, _h) = start("weevio").await;
    let c = client();
    // "A request without it returns 400 with Missing 'teamID' parameter!"
    let res = c
        .get(format!("{base}/customers/single?customerCode=M-1000"))
        .header(
            "Authorization",
            basic("sandbox_api_id_1", "sandbox_api_secret_1"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.text().await.unwrap(), "Missing 'teamID' parameter!");

    // "A missing or incorrect credential returns 401 Unauthorized."
    for auth in [
        None,
        Some(basic("sandbox_api_id_1", "wrong")),
        Some(basic("nobody", "sandbox_api_secret_1")),
    ] {
        let mut req = c.get(format!("{base}/customers/single?teamID=TEAM-1"));
        if let Some(a) = &auth {
            req = req.header("Authorization", a);
        }
        assert_eq!(req.send().await.unwrap().status(), 401, "{auth:?}");
    }
    // Credentials are validated against the tenant the teamID names.
    let res = c
        .get(format!("{base}/customers/single?teamID=TEAM-2"))
        .header(
            "Authorization",
            basic("sandbox_api_id_1", "sandbox_api_secret_1"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

// ---------------------------------------------------------------- WeShape

#[tokio::test]
async fn weshape_key_list_permissions_and_errors() {
    let (base, _h) = start("weshape").await;
    let c = client();
    let live = "wsk_live_sandbox_production_0001";
    // Quick Test: curl https://v2.weshape.today/api/v3/users/me/company -H "X-Api-Key: wsk_live_..."
    for path in ["/v3/users/me/company", "/v3/archives"] {
        let res = c
            .get(format!("{base}{path}"))
            .header("X-Api-Key", live)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
    }
    // Example Error Response: { "error": "Unauthorized", "errorMessage": "Invalid API key provided" }
    let res = c
        .get(format!("{base}/v3/archives"))
        .header("X-Api-Key", "wsk_live_not_a_real_key")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert_eq!(header(&res, "content-type"), Some("application/json"));
    assert_eq!(
        json(&res.text().await.unwrap()),
        json!({"error": "Unauthorized", "errorMessage": "Invalid API key provided"})
    );

    // List All API Keys: { "apiKeys": [ { "id", "name", "createdAt", "lastUsed" }, ... ] }
    let res = c
        .get(format!("{base}/auth/apikeys"))
        .header("X-Api-Key", live)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    let keys = body["apiKeys"].as_array().unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0]["id"], "key_abc123");
    assert_eq!(keys[0]["name"], "Production Key");
    assert_eq!(keys[1]["id"], "key_def456");
    assert_eq!(keys[1]["name"], "Development Key");
    let created = keys[0]["createdAt"].as_str().unwrap();
    assert!(
        created.len() == 20 && created.ends_with('Z') && created.as_bytes()[10] == b'T',
        "{created}"
    );
    assert!(
        keys[0]["lastUsed"].is_string(),
        "the key in use has a lastUsed"
    );
    assert!(
        !body.to_string().contains("wsk_"),
        "no key values in the list"
    );

    // GET/PUT /v3/companies/{companyId}/api-keys/{keyId}/permissions
    let url = format!("{base}/v3/companies/c1/api-keys/key_def456/permissions");
    let res = c
        .put(&url)
        .header("X-Api-Key", live)
        .header("Content-Type", "application/json")
        .body(r#"{"permissions": ["archives:read"]}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = c.get(&url).header("X-Api-Key", live).send().await.unwrap();
    assert_eq!(
        json(&res.text().await.unwrap()),
        json!({"keyId": "key_def456", "permissions": ["archives:read"]})
    );
    let res = c
        .get(format!(
            "{base}/v3/companies/c1/api-keys/key_nope/permissions"
        ))
        .header("X-Api-Key", live)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

// ---------------------------------------------------------------- Weavz

#[tokio::test]
async fn weavz_errors_restrictions_and_rate_limit_headers() {
    let (base, _h) = start("weavz").await;
    let c = client();
    let org = "wvz_sandbox_org_wide_0001";
    let ws = "wvz_sandbox_workspace_ws1_0002";
    // curl https://api.weavz.io/api/v1/workspaces -H "Authorization: Bearer wvz_your_api_key"
    let res = c
        .get(format!("{base}/api/v1/workspaces"))
        .header("Authorization", format!("Bearer {org}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // "Rate limit information is included in every response"; reset is a Unix timestamp.
    assert_eq!(header(&res, "x-ratelimit-limit"), Some("100"));
    assert_eq!(header(&res, "x-ratelimit-remaining"), Some("99"));
    let reset: u64 = header(&res, "x-ratelimit-reset").unwrap().parse().unwrap();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    assert!(reset >= now && reset <= now + 61, "{reset} vs {now}");

    // 401 UNAUTHENTICATED, in {"error", "code", "details"}.
    let res = c
        .get(format!("{base}/api/v1/workspaces"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    assert!(header(&res, "x-ratelimit-remaining").is_some());
    assert_eq!(
        json(&res.text().await.unwrap()),
        json!({"error": "Missing or invalid API key", "code": "UNAUTHENTICATED", "details": {}})
    );
    // MCP tokens are not API keys.
    for t in ["mcp_sandbox_token", "mcpo_sandbox_token"] {
        let res = c
            .get(format!("{base}/api/v1/workspaces"))
            .header("Authorization", format!("Bearer {t}"))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{t}");
    }
    // Workspace-scoped keys: outside their workspaces, 403 SCOPE_DENIED.
    let res = c
        .get(format!("{base}/api/v1/workspaces/ws_2/connections"))
        .header("Authorization", format!("Bearer {ws}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["code"], "SCOPE_DENIED");
    let res = c
        .get(format!("{base}/api/v1/workspaces/ws_1/connections"))
        .header("Authorization", format!("Bearer {ws}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["principal"]["workspaces"], json!(["ws_1"]));
    // "API key management requires an org-wide key": 403 FORBIDDEN.
    let res = c
        .post(format!("{base}/api/v1/api-keys"))
        .header("Authorization", format!("Bearer {ws}"))
        .header("Content-Type", "application/json")
        .body(r#"{"name": "Production Key"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        json(&res.text().await.unwrap()),
        json!({"error": "Key lacks permission for this action", "code": "FORBIDDEN", "details": {}})
    );
}

#[tokio::test]
async fn weavz_create_key_returns_plain_key_once() {
    let (base, _h) = start("weavz").await;
    let c = client();
    let res = c
        .post(format!("{base}/api/v1/api-keys"))
        .header("Authorization", "Bearer wvz_sandbox_org_wide_0001")
        .header("Content-Type", "application/json")
        .body(r#"{"name": "Production Key"}"#)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["name"], "Production Key");
    let plain = body["plainKey"].as_str().unwrap();
    assert!(plain.starts_with("wvz_"), "{plain}");
    let res = c
        .get(format!("{base}/api/v1/workspaces"))
        .header("Authorization", format!("Bearer {plain}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn weavz_429_body_and_headers() {
    let spec = common::spec("weavz");
    let mut keys = auth_sandbox::KeysFile::default_for(&spec).unwrap();
    keys.rate_limit = auth_sandbox::RateLimitConfig {
        limit: 2,
        window_seconds: 60,
    };
    let (base, _h) = start_with(spec, keys).await;
    let c = client();
    let get = || {
        c.get(format!("{base}/api/v1/workspaces"))
            .header("Authorization", "Bearer wvz_sandbox_org_wide_0001")
            .send()
    };
    assert_eq!(get().await.unwrap().status(), 200);
    assert_eq!(get().await.unwrap().status(), 200);
    let res = get().await.unwrap();
    // "When you exceed the rate limit, the API returns a 429 Too Many Requests response."
    assert_eq!(res.status(), 429);
    assert_eq!(header(&res, "x-ratelimit-limit"), Some("2"));
    assert_eq!(header(&res, "x-ratelimit-remaining"), Some("0"));
    assert!(header(&res, "x-ratelimit-reset").is_some());
    let body = json(&res.text().await.unwrap());
    // { "error": "Rate limit exceeded", "code": "RATE_LIMIT_EXCEEDED" } (plus the general
    // format's `details`).
    assert_eq!(body["error"], "Rate limit exceeded");
    assert_eq!(body["code"], "RATE_LIMIT_EXCEEDED");
}

// ---------------------------------------------------------------- Weavy

#[tokio::test]
async fn weavy_user_tokens() {
    let (base, _h) = start("weavy").await;
    let c = client();
    let key = "Bearer sandbox_weavy_api_key_0001";
    // curl -H "Authorization: Bearer {token}" -X POST https://{weavy-server}/api/users/{uid}/tokens
    let res = c
        .post(format!("{base}/api/users/u256/tokens"))
        .header("Authorization", key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    // { "access_token": "wyu_...", "expires_in": 3600 }
    assert_eq!(body["expires_in"], 3600);
    let token = body["access_token"].as_str().unwrap().to_owned();
    assert!(token.starts_with("wyu_"), "{token}");
    // --json '{"expires_in": 86400, "name": "John Doe"}'
    let res = c
        .post(format!("{base}/api/users/u256/tokens"))
        .header("Authorization", key)
        .header("Content-Type", "application/json")
        .body(r#"{"expires_in": 86400, "name": "John Doe"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(json(&res.text().await.unwrap())["expires_in"], 86400);

    // The user token acts for the user.
    let res = c
        .get(format!("{base}/api/conversations"))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let body = json(&res.text().await.unwrap());
    assert_eq!(body["principal"]["credential"], "user_token");
    assert_eq!(body["principal"]["subject"], "u256");
    // ...but cannot issue tokens (that needs an API key).
    let res = c
        .post(format!("{base}/api/users/u1/tokens"))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // uid: "cannot contain whitespace and must contain at least one non-digit"
    for uid in ["256", "u%20256"] {
        let res = c
            .post(format!("{base}/api/users/{uid}/tokens"))
            .header("Authorization", key)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{uid}");
    }
    // Without credentials: 401.
    let res = c
        .post(format!("{base}/api/users/u256/tokens"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn example_keys_files_load_for_every_provider() {
    for p in ["pixee", "weavy", "weavz", "weevio", "weshape"] {
        let spec = common::spec(p);
        let path = format!("{}/keys/{p}.yaml", env!("CARGO_MANIFEST_DIR"));
        let keys = auth_sandbox::KeysFile::read(std::path::Path::new(&path)).unwrap();
        let sandbox = auth_sandbox::Sandbox::new(spec.clone(), &keys).unwrap();
        assert!(!sandbox.keys().is_empty(), "{p}");
        // Generated keys (for a provider with no example file) fit the spec too.
        auth_sandbox::Sandbox::new(spec.clone(), &auth_sandbox::KeysFile::generated(&spec))
            .unwrap();
    }
}
