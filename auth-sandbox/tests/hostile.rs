//! Hostile input: every case gets the provider's own error, never a 500 or a panic.

mod common;

use common::{client, json, start};
use reqwest::header::HeaderValue;

const PIXEE_401: &str = "Missing, invalid, or expired credential";

async fn pixee_get(base: &str, headers: &[(&str, HeaderValue)]) -> (u16, String) {
    let mut req = client().get(format!("{base}/products"));
    for (n, v) in headers {
        req = req.header(*n, v.clone());
    }
    let res = req.send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

fn v(s: &str) -> HeaderValue {
    HeaderValue::from_str(s).unwrap()
}

#[tokio::test]
async fn auth_scheme_is_case_insensitive() {
    let (base, _h) = start("pixee").await;
    let res = client()
        .post(format!("{base}/auth/login"))
        .header("Content-Type", "application/json")
        .body(r#"{"email": "you@example.com", "password": "sandbox-password"}"#)
        .send()
        .await
        .unwrap();
    let token = json(&res.text().await.unwrap())["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let (status, _) =
            pixee_get(&base, &[("authorization", v(&format!("{scheme} {token}")))]).await;
        assert_eq!(status, 200, "{scheme}");
    }
    // Extra spaces between scheme and token are tolerated too.
    let (status, _) = pixee_get(&base, &[("authorization", v(&format!("Bearer   {token}")))]).await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn malformed_duplicated_oversized_and_ambiguous_credentials_get_401() {
    let (base, _h) = start("pixee").await;
    let good = "pm_live_sandbox_all_scopes_0001";
    let long = format!("pm_live_{}", "a".repeat(10_000));
    let cases: Vec<(&str, Vec<(&str, HeaderValue)>)> = vec![
        ("missing", vec![]),
        ("empty header", vec![("x-api-key", v(""))]),
        ("empty bearer", vec![("authorization", v("Bearer"))]),
        (
            "bearer with only spaces",
            vec![("authorization", v("Bearer    "))],
        ),
        (
            "other scheme",
            vec![("authorization", v("Basic Zm9vOmJhcg=="))],
        ),
        (
            "duplicated header",
            vec![("x-api-key", v(good)), ("x-api-key", v(good))],
        ),
        ("oversized", vec![("x-api-key", v(&long))]),
        (
            "non-UTF-8",
            vec![(
                "x-api-key",
                HeaderValue::from_bytes(b"pm_live_\xff\xfe").unwrap(),
            )],
        ),
        (
            "non-UTF-8 bearer",
            vec![(
                "authorization",
                HeaderValue::from_bytes(b"Bearer \xc3\x28").unwrap(),
            )],
        ),
        (
            "wrong prefix",
            vec![("x-api-key", v("sk_live_sandbox_all_scopes_0001"))],
        ),
        ("prefix only", vec![("x-api-key", v("pm_live_"))]),
        // Both a valid API key and a bearer token: refused as ambiguous, not picked from.
        (
            "two places",
            vec![
                ("x-api-key", v(good)),
                ("authorization", v("Bearer eyJx.y.z")),
            ],
        ),
    ];
    for (name, headers) in cases {
        let (status, body) = pixee_get(&base, &headers).await;
        assert_eq!(status, 401, "{name}");
        assert_eq!(body, PIXEE_401, "{name}");
    }
    // The good key alone still works after all that.
    assert_eq!(pixee_get(&base, &[("x-api-key", v(good))]).await.0, 200);
}

#[tokio::test]
async fn weevio_hostile_placements() {
    let (base, _h) = start("weevio").await;
    use base64::Engine as _;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let basic = format!("Basic {}", b64("sandbox_api_id_1:sandbox_api_secret_1"));
    let creds = "apiID=sandbox_api_id_1&apiSecret=sandbox_api_secret_1";
    let c = client();
    let cases: Vec<(&str, String, Option<String>, u16)> = vec![
        (
            "basic is fine",
            "teamID=TEAM-1".into(),
            Some(basic.clone()),
            200,
        ),
        (
            "basic in lower case",
            "teamID=TEAM-1".into(),
            Some(basic.replace("Basic", "basic")),
            200,
        ),
        (
            "basic and query at once",
            format!("teamID=TEAM-1&{creds}"),
            Some(basic.clone()),
            401,
        ),
        (
            "not base64",
            "teamID=TEAM-1".into(),
            Some("Basic %%%".into()),
            401,
        ),
        (
            "no colon",
            "teamID=TEAM-1".into(),
            Some(format!("Basic {}", b64("justone"))),
            401,
        ),
        (
            "empty secret",
            "teamID=TEAM-1".into(),
            Some(format!("Basic {}", b64("sandbox_api_id_1:"))),
            401,
        ),
        (
            "half a pair in the query",
            "teamID=TEAM-1&apiID=sandbox_api_id_1".into(),
            None,
            401,
        ),
        (
            "repeated apiID",
            format!("teamID=TEAM-1&{creds}&apiID=x"),
            None,
            401,
        ),
        (
            "repeated teamID",
            "teamID=TEAM-1&teamID=TEAM-2".into(),
            Some(basic.clone()),
            400,
        ),
        ("no teamID, no credentials", String::new(), None, 400),
    ];
    for (name, query, auth, want) in cases {
        let mut req = c.get(format!("{base}/customers/single?{query}"));
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status().as_u16(), want, "{name}");
    }
    // A JSON body with a repeated key is refused, not resolved to the last value.
    let res = c
        .post(format!("{base}/customers"))
        .header("Content-Type", "application/json")
        .body(r#"{"teamID": "TEAM-1", "apiID": "sandbox_api_id_1", "apiSecret": "nope", "apiSecret": "sandbox_api_secret_1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    // Same body without the repeat is accepted.
    let res = c
        .post(format!("{base}/customers"))
        .header("Content-Type", "application/json")
        .body(r#"{"teamID": "TEAM-1", "apiID": "sandbox_api_id_1", "apiSecret": "sandbox_api_secret_1"}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn bodies_and_garbage_never_500() {
    let (base, _h) = start("pixee").await;
    let c = client();
    // A body over the sandbox's limit: 413, not a crash.
    let res = c
        .post(format!("{base}/auth/login"))
        .header("Content-Type", "application/json")
        .body(vec![b'{'; 200 * 1024])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 413);
    let bodies: [&[u8]; 6] = [
        b"",
        b"not json",
        b"[1,2,3]",
        b"{\"email\": 5, \"password\": [1]}",
        b"{\"email\": \"you@example.com\"}",
        b"\xff\xfe\x00{",
    ];
    for body in bodies {
        let res = c
            .post(format!("{base}/auth/login"))
            .header("Content-Type", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 401, "{:?}", String::from_utf8_lossy(body));
    }
    // Odd paths and cookies.
    for (path, cookie) in [
        ("/api-keys//rotate", "refresh_token="),
        ("/api-keys/%ff/rotate", "refresh_token=a; refresh_token=b"),
        ("/auth/refresh", "refresh_token=\"\""),
        ("/../../etc/passwd", "=;=;;"),
    ] {
        let res = c
            .post(format!("{base}{path}"))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_client_error(), "{path}: {}", res.status());
    }
}
