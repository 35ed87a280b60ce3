//! The generated Weevio crate against the sandbox over loopback HTTP, mirroring the
//! examples of Weevio's authentication page.

use std::sync::Arc;

use auth_core::spec::model::PlacementKind;
use weevio::{ApiCredentials, Client, Error};

async fn sandbox() -> (String, auth_sandbox::SandboxHandle) {
    let sandbox =
        auth_sandbox::Sandbox::with_default_keys(weevio::spec().clone()).expect("sandbox");
    let base = sandbox.base_path().to_owned();
    let (addr, handle) = sandbox.spawn(0).await.expect("spawn");
    (format!("http://{addr}{base}"), handle)
}

fn creds(secret: &str) -> ApiCredentials {
    ApiCredentials::new("sandbox_api_id_1", secret).expect("no format rules")
}

#[tokio::test]
async fn the_example_request_with_basic_auth_and_with_query_parameters() {
    let (base, _h) = sandbox().await;
    let meter = Arc::new(auth_core::Meter::new());
    for placement in [
        PlacementKind::Basic,
        PlacementKind::Query,
        PlacementKind::Body,
    ] {
        let client = Client::builder()
            .api_credentials(creds("sandbox_api_secret_1"))
            .team_id("TEAM-1")
            .base_url(&base)
            .prefer("api_credentials", placement)
            .observer(meter.clone())
            .build()
            .expect("client");
        let resp = client
            .get_customer("M-1000")
            .await
            .unwrap_or_else(|e| panic!("{placement}: {e}"));
        assert_eq!(resp.status(), 200, "{placement}");
    }
    assert_eq!(
        meter.counts("weevio").metered,
        3,
        "every authenticated call is metered"
    );
}

#[tokio::test]
async fn missing_team_id_and_wrong_secret() {
    let (base, _h) = sandbox().await;
    let no_team = Client::builder()
        .api_credentials(creds("sandbox_api_secret_1"))
        .base_url(&base)
        .build()
        .expect("client");
    match no_team.get_customer("M-1000").await {
        Err(Error::Refused(e)) => assert!(e.to_string().contains("teamID"), "{e}"),
        other => panic!("{other:?}"),
    }
    let wrong = Client::builder()
        .api_credentials(creds("not-the-secret"))
        .team_id("TEAM-1")
        .base_url(&base)
        .build()
        .expect("client");
    match wrong.get_customer("M-1000").await {
        Err(e @ Error::Unauthorized(_)) => {
            assert_eq!(e.provider_error().map(|p| p.status.as_u16()), Some(401))
        }
        other => panic!("{other:?}"),
    }
    // The client refuses to send without teamID; a spec copy without the parameter lets
    // the request through, and the sandbox answers with the documented 400.
    let mut spec_without_team = (*weevio::spec_arc()).clone();
    spec_without_team.parameters.clear();
    let unchecked = auth_core::Client::builder(Arc::new(spec_without_team))
        .base_url(&base)
        .credentials(
            auth_core::Credentials::new()
                .with_part("api_credentials", "api_id", "sandbox_api_id_1")
                .with_part("api_credentials", "api_secret", "sandbox_api_secret_1"),
        )
        .build()
        .expect("client");
    let err = unchecked
        .request(http::Method::GET, "/customers/single")
        .send()
        .await
        .expect_err("400");
    let e = Error::from(err);
    assert!(matches!(e, Error::MissingTeamId(_)), "{e:?}");
    assert_eq!(e.message(), Some("Missing 'teamID' parameter!"));
}
