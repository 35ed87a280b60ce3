//! The client's security properties, each over real loopback HTTP where it can be.

mod support;

use auth_core::client::{describe_request, may_follow};
use auth_core::spec::model::PlacementKind;
use auth_core::{ApplyError, Authenticator, Client, ClientError, Credentials};
use http::Method;
use reqwest::Url;
use support::{Recorder, Reply, quick_retry, spec};

const SECRET: &str = "YOUR_API_SECRET";

fn weevio(base: &str, placement: PlacementKind) -> Client {
    Client::builder(spec("weevio"))
        .base_url(base)
        .credentials(
            Credentials::new()
                .with_part("api_credentials", "api_id", "YOUR_API_ID")
                .with_part("api_credentials", "api_secret", SECRET)
                .with_param("team_id", "TEAM-1"),
        )
        .prefer("api_credentials", placement)
        .retry(quick_retry(2))
        .build()
        .expect("client")
}

fn pixee(base: &str) -> Client {
    Client::builder(spec("pixee"))
        .base_url(base)
        .credentials(Credentials::new().with_key("api_key", "pm_live_SECRETKEY"))
        .build()
        .expect("client")
}

/// A server that redirects everything to `target`.
async fn redirector(target: &str) -> Recorder {
    let server = Recorder::start().await;
    server.then(Reply::new(302, "").header("Location", target));
    server
}

#[tokio::test]
async fn no_credential_follows_a_redirect_to_another_origin() {
    for placement in ["x-api-key", "basic", "query", "body"] {
        let thief = Recorder::start().await;
        let origin = redirector(&thief.url("/steal")).await;
        let resp = match placement {
            "x-api-key" => {
                pixee(&origin.url("/api/v1"))
                    .request(Method::GET, "/products")
                    .send()
                    .await
            }
            "basic" => {
                weevio(&origin.url(""), PlacementKind::Basic)
                    .request(Method::GET, "/c")
                    .send()
                    .await
            }
            "query" => {
                weevio(&origin.url(""), PlacementKind::Query)
                    .request(Method::GET, "/c")
                    .send()
                    .await
            }
            _ => {
                weevio(&origin.url(""), PlacementKind::Body)
                    .request(Method::PUT, "/c")
                    .json(&serde_json::json!({}))
                    .send()
                    .await
            }
        }
        .expect("the 3xx comes back to the caller");
        assert_eq!(resp.status().as_u16(), 302, "{placement}");
        assert_eq!(origin.seen().len(), 1, "{placement}");
        assert!(
            thief.seen().is_empty(),
            "{placement}: the other origin got {:#?}",
            thief.seen()
        );
    }
}

#[tokio::test]
async fn same_origin_redirects_are_followed_without_a_referer() {
    let server = Recorder::start().await;
    server.then(Reply::new(302, "").header("Location", "/api/v1/products-moved"));
    let resp = pixee(&server.url("/api/v1"))
        .request(Method::GET, "/products?page=2&secretish=1")
        .send()
        .await
        .expect("followed");
    assert_eq!(resp.status().as_u16(), 200);
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].path, "/api/v1/products-moved");
    assert_eq!(
        seen[1].header("x-api-key"),
        Some("pm_live_SECRETKEY"),
        "same origin keeps auth"
    );
    assert_eq!(
        seen[1].header("referer"),
        None,
        "the query string must not leak via Referer"
    );
}

#[test]
fn redirect_policy_refuses_other_hosts_ports_and_downgrades() {
    let u = |s: &str| Url::parse(s).expect("url");
    assert!(may_follow(
        &u("https://api.weavz.io/a"),
        &u("https://api.weavz.io/b?x=1")
    ));
    assert!(
        !may_follow(&u("https://api.weavz.io/a"), &u("http://api.weavz.io/a")),
        "downgrade"
    );
    assert!(
        !may_follow(
            &u("https://api.weavz.io/a"),
            &u("https://api.weavz.io:8443/a")
        ),
        "port"
    );
    assert!(
        !may_follow(&u("https://api.weavz.io/a"), &u("https://evil.example/a")),
        "host"
    );
    assert!(!may_follow(
        &u("https://api.weavz.io/a"),
        &u("https://api.weavz.io.evil.example/a")
    ));
}

#[tokio::test]
async fn plain_http_is_refused_except_to_loopback() {
    let client = pixee("http://api.pixeepim.test/api/v1");
    let err = client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect_err("refused");
    assert!(
        matches!(err, ClientError::Apply(ApplyError::Cleartext { ref host }) if host == "api.pixeepim.test"),
        "{err:?}"
    );
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        let mut req = http::Request::builder()
            .uri(format!("http://{host}:9/x"))
            .body(Vec::new())
            .expect("request");
        let auth = Authenticator::new(
            spec("pixee"),
            Credentials::new().with_key("api_key", "pm_test_x"),
        );
        auth.apply(&mut req, &Default::default())
            .expect("loopback allowed");
    }
}

#[tokio::test]
async fn absolute_urls_outside_the_base_origin_are_refused() {
    let server = Recorder::start().await;
    let other = Recorder::start().await;
    let client = pixee(&server.url("/api/v1"));
    let err = client
        .request(Method::GET, &other.url("/products?k=v"))
        .send()
        .await
        .expect_err("refused");
    assert!(matches!(err, ClientError::ForeignOrigin { .. }), "{err:?}");
    assert!(!err.to_string().contains("k=v"), "{err}");
    assert!(server.seen().is_empty() && other.seen().is_empty());
    client
        .request(Method::GET, &server.url("/api/v1/products"))
        .send()
        .await
        .expect("same origin is fine");
}

#[tokio::test]
async fn transport_errors_do_not_print_urls_with_credentials() {
    // A port nothing listens on: the connection is refused.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    let client = weevio(&format!("http://127.0.0.1:{port}/v1"), PlacementKind::Query);
    let err = client
        .request(Method::GET, "/customers/single")
        .send()
        .await
        .expect_err("refused");
    let shown = format!("{err} {err:?}");
    assert!(matches!(err, ClientError::Transport { .. }), "{shown}");
    assert!(
        shown.contains(&format!("http://127.0.0.1:{port}/v1/customers/single")),
        "{shown}"
    );
    for leak in [SECRET, "apiSecret", "YOUR_API_ID", "teamID"] {
        assert!(!shown.contains(leak), "`{leak}` leaked: {shown}");
    }
}

#[tokio::test]
async fn secrets_are_masked_in_debug_and_verbose_output_and_headers_are_sensitive() {
    let server = Recorder::start().await;
    let client = weevio(&server.url(""), PlacementKind::Basic);
    let mut shown = Vec::new();
    let mut sensitive = Vec::new();
    client
        .request(Method::GET, "/c")
        .send_with(|req, applied| {
            shown.push(describe_request(req, applied));
            sensitive.push(req.headers()["authorization"].is_sensitive());
        })
        .await
        .expect("200");
    assert_eq!(sensitive, [true]);
    assert!(
        shown[0].contains("> authorization: Basic ***"),
        "{}",
        shown[0]
    );

    let query = weevio(&server.url(""), PlacementKind::Query);
    let mut text = String::new();
    query
        .request(Method::POST, "/c")
        .json(&serde_json::json!({"a": 1}))
        .send_with(|req, applied| text = describe_request(req, applied))
        .await
        .expect("200");
    assert!(
        text.contains("apiSecret=***") && text.contains("teamID=TEAM-1"),
        "{text}"
    );

    let auth = client.authenticator();
    let everything = format!(
        "{shown:?} {text} {client:?} {auth:?} {:?}",
        auth.credentials()
    );
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(!everything.contains("YOUR_API_ID"), "{everything}");
}

#[tokio::test]
async fn cookie_and_custom_headers_are_marked_sensitive() {
    let server = Recorder::start().await;
    let refresh = Client::builder(spec("pixee"))
        .base_url(server.url("/api/v1"))
        .credentials(
            Credentials::new()
                .with_key("refresh_token", "rt-secret")
                .with_key("api_key", "pm_live_k"),
        )
        .build()
        .expect("client");
    let mut flags = Vec::new();
    refresh
        .operation("refresh", &[])
        .send_with(|req, _| flags.push(req.headers()["cookie"].is_sensitive()))
        .await
        .expect("200");
    refresh
        .request(Method::GET, "/products")
        .send_with(|req, _| flags.push(req.headers()["x-api-key"].is_sensitive()))
        .await
        .expect("200");
    assert_eq!(flags, [true, true]);
}
