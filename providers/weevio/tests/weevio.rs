//! The generated Weevio crate against the sandbox over loopback HTTP, mirroring the
//! examples of Weevio's authentication page.

use std::sync::Arc;

use auth_core::RequestError;
use weevio::{ApiCredentials, Client, Error, ErrorCode, Param, Placement};

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
        Placement::ApiCredentialsBasic,
        Placement::ApiCredentialsQuery,
        Placement::ApiCredentialsBody,
    ] {
        let client = Client::builder()
            .credential(creds("sandbox_api_secret_1"))
            .param(Param::TeamId, "TEAM-1")
            .base_url(&base)
            .placement(placement)
            .interceptor(meter.clone())
            .build()
            .expect("client");
        let resp = client
            .get_customer("M-1000")
            .await
            .unwrap_or_else(|e| panic!("{placement:?}: {e}"));
        assert_eq!(resp.status(), 200, "{placement:?}");
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
        .credential(creds("sandbox_api_secret_1"))
        .base_url(&base)
        .build()
        .expect("client");
    match no_team.get_customer("M-1000").await {
        Err(Error::Request(RequestError::Refused(e))) => {
            assert!(e.to_string().contains("teamID"), "{e}")
        }
        other => panic!("{other:?}"),
    }
    let wrong = Client::builder()
        .credential(creds("not-the-secret"))
        .param(Param::TeamId, "TEAM-1")
        .base_url(&base)
        .build()
        .expect("client");
    match wrong.get_customer("M-1000").await {
        Err(e @ Error::Documented(ErrorCode::Unauthorized, _)) => {
            assert_eq!(e.provider_error().map(|p| p.status.as_u16()), Some(401))
        }
        other => panic!("{other:?}"),
    }
    // The client refuses to send without teamID; a spec copy without the parameter lets
    // the request through, and the sandbox answers with the documented 400.
    // A resolved spec cannot be edited, so the copy is loaded from the YAML with its
    // `parameters` section cut out.
    let yaml = include_str!("../weevio.yaml");
    let (head, rest) = yaml
        .split_once("\nparameters:\n")
        .expect("parameters section");
    let (_, tail) = rest
        .split_once("\noperations:\n")
        .expect("operations section");
    let spec_without_team =
        auth_core::spec::load_str("weevio.yaml", &format!("{head}\noperations:\n{tail}"))
            .expect("the spec loads without its parameters");
    assert!(spec_without_team.parameters.is_empty());
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
    assert!(
        matches!(e, Error::Documented(ErrorCode::MissingTeamId, _)),
        "{e:?}"
    );
    assert_eq!(e.message(), Some("Missing 'teamID' parameter!"));
}
