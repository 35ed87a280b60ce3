//! QuickBooks' rotating refresh tokens through code generated from its catalogue spec
//! (in this test crate: one crate holds one generated provider until the catalogue's
//! modules can be told apart), against the sandbox over loopback HTTP.

mod quickbooks {
    auth_derive::provider!("specs/quickbooks.yaml");
}

#[tokio::test]
async fn quickbooks_rotating_refresh_tokens_through_the_generated_client() {
    let sandbox =
        auth_sandbox::Sandbox::with_default_keys(quickbooks::spec().clone()).expect("sandbox");
    let keys = sandbox.keys().to_vec();
    let (base, _h) = sandbox.start().await.expect("started");
    let origin = base.split("/v3/").next().expect("origin").to_owned();
    let value = |cred: &str, part: &str| {
        keys.iter()
            .find(|k| k.credential == cred)
            .and_then(|k| k.parts.iter().find(|(n, _)| n == part))
            .map(|(_, v)| v.clone())
            .expect("sandbox key")
    };
    let refresh = value("refresh_token", "key");
    let client = quickbooks::Client::builder()
        .credential(
            quickbooks::OauthClient::new(
                value("oauth_client", "client_id"),
                value("oauth_client", "client_secret"),
            )
            .expect("valid"),
        )
        .credential(quickbooks::RefreshToken::parse(refresh.clone()).expect("valid"))
        .param(quickbooks::Param::RealmId, "193514473450094")
        .base_url(format!("{origin}/v3/company/193514473450094"))
        .configure(|b| b.reroute("https://oauth.platform.intuit.com", &origin))
        .build()
        .expect("client");
    let resp = client
        .read_company_info("193514473450094")
        .await
        .expect("allowed");
    assert_eq!(resp.status(), 200);
    let first = client.access_token().await.expect("cached");
    let rotated = first
        .refresh
        .clone()
        .expect("a new refresh token came with it");
    assert_ne!(
        rotated.expose(),
        refresh,
        "QuickBooks rotates refresh tokens"
    );

    // Refresh now (the typed exchange method): it sends the rotated token, not the one
    // the user gave, which the sandbox would refuse as a replay.
    let second = client
        .refresh()
        .await
        .expect("refreshed with the newest token");
    assert_ne!(second.value.expose(), first.value.expose());
    assert_eq!(
        client
            .read_company_info("193514473450094")
            .await
            .expect("ok")
            .status(),
        200
    );
}
