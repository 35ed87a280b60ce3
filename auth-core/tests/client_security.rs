//! The client's security properties, each over real loopback HTTP where it can be.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use auth_core::client::Interceptor;
use auth_core::spec::model::PlacementKind;
use auth_core::{
    Applied, ApplyError, Authenticator, Client, ClientBuilder, Credentials, RequestError,
};
use http::{HeaderMap, Method};
use support::{Recorder, Reply, quick_retry, spec};

const SECRET: &str = "YOUR_API_SECRET";

fn weevio_creds() -> Credentials {
    Credentials::new()
        .with_part("api_credentials", "api_id", "YOUR_API_ID")
        .with_part("api_credentials", "api_secret", SECRET)
        .with_param("team_id", "TEAM-1")
}

fn weevio_builder(base: &str, placement: PlacementKind) -> ClientBuilder {
    Client::builder(spec("weevio"))
        .base_url(base)
        .credentials(weevio_creds())
        .prefer("api_credentials", placement)
        .retry(quick_retry(2))
}

fn weevio(base: &str, placement: PlacementKind) -> Client {
    weevio_builder(base, placement).build().expect("client")
}

fn pixee(base: &str) -> Client {
    pixee_resolving(base, &[])
}

/// A Pixee client whose HTTP layer resolves each of `hosts` to the given address (so
/// several host names can lead to servers on loopback).
fn pixee_resolving(base: &str, hosts: &[(&str, SocketAddr)]) -> Client {
    let hosts: Vec<(String, SocketAddr)> =
        hosts.iter().map(|(h, a)| ((*h).to_owned(), *a)).collect();
    Client::builder(spec("pixee"))
        .base_url(base)
        .credentials(Credentials::new().with_key("api_key", "pm_live_SECRETKEY"))
        .http(move |mut b| {
            for (host, addr) in &hosts {
                b = b.resolve(host, *addr);
            }
            b
        })
        .build()
        .expect("client")
}

/// An attempt as the client sent it, seen by an interceptor: its URL and headers (with
/// their sensitivity flags), and what the apply reported (`Applied`'s `Debug`, the wire
/// names it marks secret).
#[derive(Debug, Clone)]
struct Attempt {
    url: String,
    headers: HeaderMap,
    applied: String,
    secret_fields: Vec<String>,
}

/// Records every attempt a client sends.
#[derive(Default)]
struct Attempts(Mutex<Vec<Attempt>>);

impl Attempts {
    fn take(&self) -> Vec<Attempt> {
        std::mem::take(&mut *self.0.lock().expect("lock"))
    }
}

impl Interceptor for Attempts {
    fn on_attempt(&self, request: &reqwest::Request, applied: &Applied<'_>) {
        self.0.lock().expect("lock").push(Attempt {
            url: request.url().to_string(),
            headers: request.headers().clone(),
            applied: format!("{applied:?}"),
            secret_fields: applied.secret_fields().map(str::to_owned).collect(),
        });
    }
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

#[tokio::test]
async fn redirect_policy_refuses_other_hosts_ports_and_downgrades() {
    // Over loopback, through the client's own redirect policy. Host names are resolved by
    // the client's HTTP layer, so a redirect to another name (or a longer name that starts
    // with the origin's) that the policy wrongly followed would reach a server here. The
    // https-to-http downgrade is sent over real TLS in `tls_redirect.rs`; a scheme change
    // the other way (http to https, same host and port) is refused here the same way.
    let redirected = |origin: &Recorder, location: &str| {
        origin.then(Reply::new(302, "").header("Location", location));
    };
    let send = |base: String, hosts: Vec<(&'static str, SocketAddr)>| async move {
        pixee_resolving(&base, &hosts)
            .request(Method::GET, "/a")
            .send()
            .await
            .map(|r| r.status().as_u16())
    };

    // Same origin, another path and a query: followed, with the credential.
    let origin = Recorder::start().await;
    let port = origin.addr.port();
    redirected(&origin, &format!("http://localhost:{port}/api/v1/b?x=1"));
    let status = send(
        format!("http://localhost:{port}/api/v1"),
        vec![("localhost", origin.addr)],
    )
    .await
    .expect("followed");
    assert_eq!(status, 200);
    let seen = origin.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        (seen[1].path.as_str(), seen[1].query.as_deref()),
        ("/api/v1/b", Some("x=1"))
    );
    assert_eq!(seen[1].header("x-api-key"), Some("pm_live_SECRETKEY"));

    // Another scheme, port, host, or a host that only starts with the origin's: the 3xx
    // comes back to the caller and nothing else is sent.
    for (what, location) in [
        ("scheme", "https://localhost:{port}/a"),
        ("port", "http://localhost:{other}/a"),
        ("host", "http://evil.example:{port}/a"),
        ("suffix", "http://localhost.evil.example:{port}/a"),
    ] {
        let origin = Recorder::start().await;
        let other = Recorder::start().await;
        let port = origin.addr.port();
        let location = location
            .replace("{port}", &port.to_string())
            .replace("{other}", &other.addr.port().to_string());
        redirected(&origin, &location);
        let status = send(
            format!("http://localhost:{port}/api/v1"),
            vec![
                ("localhost", origin.addr),
                ("evil.example", origin.addr),
                ("localhost.evil.example", origin.addr),
            ],
        )
        .await;
        assert!(matches!(status, Ok(302)), "{what}: {status:?}");
        assert_eq!(origin.seen().len(), 1, "{what}: followed to {location}");
        assert!(other.seen().is_empty(), "{what}: followed to {location}");
    }
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
        matches!(err, RequestError::Refused(ApplyError::Cleartext { ref host }) if host == "api.pixeepim.test"),
        "{err:?}"
    );
    for host in ["localhost", "127.0.0.1", "[::1]"] {
        let mut req = http::Request::builder()
            .uri(format!("http://{host}:9/x"))
            .body(Vec::new())
            .expect("request");
        let auth = Authenticator::new(
            spec("pixee"),
            &Credentials::new().with_key("api_key", "pm_test_x"),
        )
        .expect("authenticator");
        auth.apply(&mut req).expect("loopback allowed");
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
    assert!(matches!(err, RequestError::ForeignOrigin { .. }), "{err:?}");
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
    assert!(matches!(err, RequestError::Transport { .. }), "{shown}");
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
    // The `-v` printer is the CLI's now (authspec-cli/src/show.rs, whose tests check the
    // printed `> authorization: Basic ***` and `apiSecret=***`); what it masks by comes
    // from here: sensitive headers and `Applied::secret_fields`, checked below.
    let server = Recorder::start().await;
    let attempts = Arc::new(Attempts::default());
    let client = weevio_builder(&server.url(""), PlacementKind::Basic)
        .interceptor(attempts.clone())
        .build()
        .expect("client");
    client.request(Method::GET, "/c").send().await.expect("200");
    let shown = attempts.take();
    let sensitive: Vec<bool> = shown
        .iter()
        .map(|a| a.headers["authorization"].is_sensitive())
        .collect();
    assert_eq!(sensitive, [true]);
    assert!(
        shown[0].secret_fields.iter().any(|f| f == "authorization"),
        "{:?}",
        shown[0]
    );

    let query = weevio_builder(&server.url(""), PlacementKind::Query)
        .interceptor(attempts.clone())
        .build()
        .expect("client");
    query
        .request(Method::POST, "/c")
        .json(&serde_json::json!({"a": 1}))
        .send()
        .await
        .expect("200");
    let sent = attempts.take();
    let text = &sent[0];
    assert!(
        text.secret_fields.iter().any(|f| f == "apiSecret")
            && !text.secret_fields.iter().any(|f| f == "teamID")
            && text.url.contains("teamID=TEAM-1"),
        "{text:?}"
    );

    let auth = client.authenticator();
    let applied: Vec<&str> = shown
        .iter()
        .chain(&sent)
        .map(|a| a.applied.as_str())
        .collect();
    let everything = format!(
        "{applied:?} {client:?} {query:?} {auth:?} {:?}",
        weevio_creds()
    );
    assert!(!everything.contains(SECRET), "{everything}");
    assert!(!everything.contains("YOUR_API_ID"), "{everything}");
}

#[tokio::test]
async fn cookie_and_custom_headers_are_marked_sensitive() {
    let server = Recorder::start().await;
    let attempts = Arc::new(Attempts::default());
    let refresh = Client::builder(spec("pixee"))
        .base_url(server.url("/api/v1"))
        .credentials(
            Credentials::new()
                .with_key("refresh_token", "rt-secret")
                .with_key("api_key", "pm_live_k"),
        )
        .interceptor(attempts.clone())
        .build()
        .expect("client");
    let mut flags = Vec::new();
    refresh.operation("refresh", &[]).send().await.expect("200");
    flags.extend(
        attempts
            .take()
            .iter()
            .map(|a| a.headers["cookie"].is_sensitive()),
    );
    refresh
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("200");
    flags.extend(
        attempts
            .take()
            .iter()
            .map(|a| a.headers["x-api-key"].is_sensitive()),
    );
    assert_eq!(flags, [true, true]);
}
