//! The generated Box module against the sandbox over loopback HTTP: the client credentials
//! grant (with its subject fields) through the typed API only (credentials, parameters,
//! operations, tokens, errors).

use catalogue::box_platform;

#[tokio::test]
async fn box_client_credentials_through_the_generated_client() {
    let sandbox =
        auth_sandbox::Sandbox::with_default_keys(box_platform::spec().clone()).expect("sandbox");
    let keys = sandbox.keys().to_vec();
    let (base, _h) = sandbox.start().await.expect("started");
    let origin = base.trim_end_matches("/2.0").to_owned();
    let part = |name: &str| {
        keys.iter()
            .find(|k| k.credential == "oauth_client")
            .and_then(|k| k.parts.iter().find(|(n, _)| n == name))
            .map(|(_, v)| v.clone())
            .expect("sandbox key")
    };
    let client = box_platform::Client::builder()
        .credential(
            box_platform::OauthClient::new(part("client_id"), part("client_secret"))
                .expect("valid"),
        )
        .param(box_platform::Param::BoxSubjectId, "1234567")
        .param(box_platform::Param::BoxVersion, "2025.0")
        .base_url(&base)
        .configure(|b| b.reroute("https://api.box.com", &origin))
        .build()
        .expect("client");
    let resp = client.list_sign_requests().await.expect("allowed");
    assert_eq!(resp.status(), 200);
    let token = client.access_token().await.expect("cached");
    assert!(
        !format!("{token:?}").contains(token.value.expose()),
        "the token is masked"
    );
    // The exchange operation itself, typed: a new token replaces the cached one.
    let fresh = client.client_credentials_token().await.expect("issued");
    assert_ne!(fresh.value.expose(), token.value.expose());
    assert_eq!(client.list_sign_requests().await.expect("ok").status(), 200);

    // A wrong secret: the token endpoint's refusal, classified by the generated errors.
    let wrong = box_platform::Client::builder()
        .credential(box_platform::OauthClient::new(part("client_id"), "wrong").expect("valid"))
        .param(box_platform::Param::BoxSubjectId, "1234567")
        .base_url(&base)
        .configure(|b| b.reroute("https://api.box.com", &origin))
        .build()
        .expect("client");
    let err = wrong.list_sign_requests().await.expect_err("refused");
    assert_eq!(err.provider_error().map(|p| p.status.as_u16()), Some(401));
    assert!(!format!("{err} {err:?}").contains("wrong"), "{err:?}");
}
