//! `authspec request` against `authspec serve`, both the real binary, over loopback HTTP.
//!
//! Credentials reach the child through `Command::env` only; every provider variable is
//! removed first, so the tests do not depend on the environment they run in.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_authspec");

/// Every variable the built-in specs read, removed from each child's environment.
const VARS: &[&str] = &[
    "KRAKEN_API_KEY",
    "KRAKEN_PRIVATE_KEY",
    "SNOWFLAKE_ACCOUNT",
    "SNOWFLAKE_JWT_ACCOUNT",
    "SNOWFLAKE_USER",
    "SNOWFLAKE_PRIVATE_KEY",
    "SNOWFLAKE_USER_AGENT",
    "GOOGLE_CLIENT_EMAIL",
    "GOOGLE_PRIVATE_KEY_ID",
    "GOOGLE_PRIVATE_KEY",
    "GOOGLE_SCOPES",
    "PIXEE_API_KEY",
    "PIXEE_EMAIL",
    "PIXEE_PASSWORD",
    "PIXEE_TENANT_ID",
    "WEEVIO_API_ID",
    "WEEVIO_API_SECRET",
    "WEEVIO_TEAM_ID",
    "WESHAPE_API_KEY",
    "WEAVZ_API_KEY",
    "WEAVZ_BASE_URL",
    "WEAVY_API_KEY",
    "WEAVY_BASE_URL",
    "ACME_CLIENT_ID",
    "ACME_CLIENT_SECRET",
    "ACME_TENANT",
];

/// A running `authspec serve`; killed when dropped.
struct Server {
    child: Child,
    /// Base URL, with the spec's path prefix.
    base: String,
}

impl Server {
    fn start(provider: &str) -> Server {
        Server::start_with(provider, &[])
    }

    fn start_with(provider: &str, args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", provider, "--port", "0"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let base = first
            .split("listening on ")
            .nth(1)
            .unwrap_or_else(|| panic!("{first}"))
            .to_owned();
        // Keep reading (and discarding) so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn request(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.arg("request").args(args);
    for v in VARS {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", text(&out.stdout)))
}

/// A port where something listens but never answers, to prove nothing was sent there.
struct Silent(TcpListener);

impl Silent {
    fn new() -> Silent {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.set_nonblocking(true).unwrap();
        Silent(l)
    }
    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.0.local_addr().unwrap())
    }
    fn contacted(&self) -> bool {
        self.0.accept().is_ok()
    }
}

const PIXEE_KEY: &str = "pm_live_sandbox_all_scopes_0001";

#[test]
fn pixee_success_prints_the_body_with_context_and_query() {
    let s = Server::start("pixee");
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &s.base,
            "--param",
            "X-Tenant-ID=tenant-7",
            "--param",
            "limit=5",
        ],
        &[("PIXEE_API_KEY", PIXEE_KEY)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = json(&out);
    assert_eq!(body["operation"], "list_products");
    assert_eq!(body["principal"]["key_id"], "key_live_all");
    // --param by wire name became the context header; an unknown name became the query.
    assert_eq!(body["context"]["tenant_id"], "tenant-7");
    assert_eq!(body["query"]["limit"], "5");
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));

    // A full URL on the base URL's origin is matched to the same operation.
    let out = request(
        &[
            "pixee",
            "GET",
            &format!("{}/products?page=2", s.base),
            "--base-url",
            &s.base,
        ],
        &[("PIXEE_API_KEY", PIXEE_KEY)],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = json(&out);
    assert_eq!(body["operation"], "list_products");
    assert_eq!(body["query"]["page"], "2");
}

#[test]
fn pixee_refusal_is_classified_on_stderr_with_exit_1() {
    let s = Server::start("pixee");
    let out = request(
        &["pixee", "GET", "/products", "--base-url", &s.base],
        &[("PIXEE_API_KEY", "pm_test_sandbox_no_scopes_0003")],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "pixee answered 403 Forbidden: Valid credential but insufficient scope or \
             permissions (forbidden; do not retry)"
        ),
        "{err}"
    );
    // The key is masked wherever it could appear.
    assert!(!err.contains("sandbox_no_scopes"), "{err}");
}

#[test]
fn a_malformed_key_is_refused_before_anything_is_sent() {
    let silent = Silent::new();
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &silent.url("/api/v1"),
        ],
        &[("PIXEE_API_KEY", "sk_live_not_pixee_secret")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("PIXEE_API_KEY"), "{err}");
    assert!(err.contains("pm_live_, pm_test_"), "{err}");
    assert!(err.contains("nothing was sent"), "{err}");
    assert!(!err.contains("not_pixee_secret"), "{err}");
    assert!(!silent.contacted());

    // A Weavz MCP token offered as the API key is named for what it is.
    let out = request(
        &[
            "weavz",
            "GET",
            "/api/v1/workspaces",
            "--base-url",
            &silent.url(""),
        ],
        &[("WEAVZ_API_KEY", "mcp_endusertoken123")],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("mcp_bearer_token"), "{err}");
    assert!(!err.contains("endusertoken123"), "{err}");
    assert!(!silent.contacted());
}

#[test]
fn a_missing_required_value_is_refused_before_anything_is_sent() {
    let silent = Silent::new();
    let base = silent.url("/tenant/api/pims/v1");
    let creds = [
        ("WEEVIO_API_ID", "sandbox_api_id_1"),
        ("WEEVIO_API_SECRET", "sandbox_api_secret_1"),
    ];
    let out = request(
        &["weevio", "GET", "/customers/single", "--base-url", &base],
        &creds,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("`teamID` is required"), "{err}");
    assert!(err.contains("WEEVIO_TEAM_ID"), "{err}");

    // Half a key pair names the missing part's variable.
    let out = request(
        &["weevio", "GET", "/customers/single", "--base-url", &base],
        &[
            ("WEEVIO_API_ID", "sandbox_api_id_1"),
            ("WEEVIO_TEAM_ID", "TEAM-1"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("WEEVIO_API_SECRET"));
    assert!(!silent.contacted());
}

#[test]
fn weevio_every_placement_works_and_verbose_masks_the_secret() {
    let s = Server::start("weevio");
    let creds = [
        ("WEEVIO_API_ID", "sandbox_api_id_1"),
        ("WEEVIO_API_SECRET", "sandbox_api_secret_1"),
        ("WEEVIO_TEAM_ID", "TEAM-1"),
    ];
    for (placement, shown) in [
        ("basic", "> authorization: Basic ***"),
        ("query", "apiID=***&apiSecret=***"),
        ("body", "> apiID=***&apiSecret=***"),
    ] {
        let out = request(
            &[
                "weevio",
                "GET",
                "/customers/single",
                "--base-url",
                &s.base,
                "--param",
                "customerCode=M-1000",
                "--placement",
                &format!("api_credentials={placement}"),
                "-v",
            ],
            &creds,
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{placement}: {err}");
        let body = json(&out);
        assert_eq!(body["principal"]["key_id"], "tenant_team_1", "{placement}");
        assert_eq!(body["operation"], "get_customer");
        assert!(err.contains(shown), "{placement}: {err}");
        assert!(err.contains("< 200 OK"), "{err}");
        for secret in ["sandbox_api_secret_1", "sandbox_api_id_1"] {
            assert!(!err.contains(secret), "{placement}: {err}");
        }
    }

    // Another tenant's teamID (given by its spec name) is refused by the provider.
    let out = request(
        &[
            "weevio",
            "GET",
            "/customers/single",
            "--base-url",
            &s.base,
            "--param",
            "team_id=TEAM-2",
        ],
        &creds[..2],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("weevio answered 401 Unauthorized"));
}

#[test]
fn pixee_login_then_the_token_is_reused() {
    let s = Server::start("pixee");
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &s.base,
            "-v",
            "--repeat",
            "3",
        ],
        &[
            ("PIXEE_EMAIL", "you@example.com"),
            ("PIXEE_PASSWORD", "sandbox-password"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // One login, by the engine, then three requests with the bearer token it obtained.
    assert_eq!(err.matches("/auth/login").count(), 1, "{err}");
    // The engine's own login is shown as sent, its body masked.
    assert!(err.contains("/api/v1/auth/login\n"), "{err}");
    assert!(
        err.contains(r#"> {"email":"***","password":"***"}"#),
        "{err}"
    );
    assert!(
        err.contains("< set-cookie: refresh_token=***; HttpOnly"),
        "{err}"
    );
    assert_eq!(
        err.matches("> authorization: Bearer ***").count(),
        3,
        "{err}"
    );
    assert!(!err.contains("sandbox-password"), "{err}");
    let bodies: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(bodies.len(), 3);
    let ids: Vec<&serde_json::Value> = bodies.iter().map(|b| &b["principal"]["key_id"]).collect();
    assert!(ids.iter().all(|id| *id == ids[0]), "{ids:?}");
    assert_eq!(bodies[0]["principal"]["credential"], "jwt");
    assert_eq!(bodies[0]["principal"]["subject"], "you@example.com");

    // Calling the login operation itself uses the operation's own credential, even with an
    // API key held, and prints the token the provider returned.
    let out = request(
        &["pixee", "POST", "/auth/login", "--base-url", &s.base],
        &[
            ("PIXEE_API_KEY", PIXEE_KEY),
            ("PIXEE_EMAIL", "you@example.com"),
            ("PIXEE_PASSWORD", "sandbox-password"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(json(&out)["token_type"], "bearer");

    // A wrong password: Pixee's 401 (its catalogue says to re-authenticate).
    let out = request(
        &["pixee", "GET", "/products", "--base-url", &s.base],
        &[
            ("PIXEE_EMAIL", "you@example.com"),
            ("PIXEE_PASSWORD", "wrong"),
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("could not obtain a `jwt` token"), "{err}");
    assert!(err.contains("401 Unauthorized"), "{err}");
}

#[test]
fn path_placeholders_are_filled_from_params() {
    let s = Server::start("pixee");
    let out = request(
        &[
            "pixee",
            "POST",
            "/api-keys/{key_id}/rotate",
            "--base-url",
            &s.base,
            "--param",
            "key_id=key_test_no_scopes",
        ],
        // A Pixee key rotates only itself (issue 16, item 1).
        &[("PIXEE_API_KEY", "pm_test_sandbox_no_scopes_0003")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = json(&out);
    assert_eq!(body["id"], "key_test_no_scopes");
    let new_key = body["key"].as_str().unwrap();
    assert!(new_key.starts_with("pm_test_"), "{body}");
    // The old key is refused at once; the new one works.
    let old = request(
        &["pixee", "GET", "/categories", "--base-url", &s.base],
        &[("PIXEE_API_KEY", "pm_test_sandbox_no_scopes_0003")],
    );
    assert_eq!(old.status.code(), Some(1));
    assert!(text(&old.stderr).contains("401 Unauthorized"));
    let new = request(
        &["pixee", "GET", "/categories", "--base-url", &s.base],
        &[("PIXEE_API_KEY", new_key)],
    );
    assert_eq!(new.status.code(), Some(0), "{}", text(&new.stderr));

    let out = request(
        &[
            "pixee",
            "POST",
            "/api-keys/{key_id}/rotate",
            "--base-url",
            &s.base,
        ],
        &[("PIXEE_API_KEY", PIXEE_KEY)],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--param key_id=VALUE"));
}

#[test]
fn weavy_user_token_is_issued_for_the_subject() {
    let s = Server::start("weavy");
    let env = [
        ("WEAVY_BASE_URL", s.base.as_str()),
        ("WEAVY_API_KEY", "sandbox_weavy_api_key_0001"),
    ];
    let out = request(
        &[
            "weavy",
            "GET",
            "/api/users/me",
            "--credential",
            "user_token",
            "--subject",
            "u256",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let body = json(&out);
    assert_eq!(body["principal"]["credential"], "user_token");
    assert_eq!(body["principal"]["subject"], "u256");

    // A uid made of digits only breaks Weavy's rule: refused before the exchange.
    let out = request(
        &[
            "weavy",
            "GET",
            "/api/users/me",
            "--credential",
            "user_token",
            "--subject",
            "256",
        ],
        &env,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("at least one character that is not a digit"));

    // Without a base URL, Weavy (user-supplied server) cannot be called.
    let out = request(
        &["weavy", "GET", "/api/users/me"],
        &[("WEAVY_API_KEY", "sandbox_weavy_api_key_0001")],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("WEAVY_BASE_URL"));
}

#[test]
fn weavz_scope_denied_and_weshape_error_shapes() {
    let s = Server::start("weavz");
    let out = request(
        &[
            "weavz",
            "GET",
            "/api/v1/workspaces/ws_2/connections",
            "--base-url",
            &s.base,
        ],
        &[("WEAVZ_API_KEY", "wvz_sandbox_workspace_ws1_0002")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("weavz answered 403 Forbidden SCOPE_DENIED:")
            && err.contains("(scope denied;"),
        "{err}"
    );

    let s = Server::start("weshape");
    let out = request(
        &[
            "weshape",
            "GET",
            "/v3/users/me/company",
            "--base-url",
            &s.base,
        ],
        &[("WESHAPE_API_KEY", "wsk_live_sandbox_revoked_9999")],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("weshape answered 401 Unauthorized Unauthorized: Invalid API key provided"),
        "{err}"
    );
    assert!(!err.contains("revoked_9999"), "{err}");
}

#[test]
fn a_redirect_to_another_origin_is_not_followed() {
    let elsewhere = Silent::new();
    let target = elsewhere.url("/steal");
    let redirector = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = redirector.local_addr().unwrap();
    let server = std::thread::spawn(move || {
        let (mut s, _) = redirector.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        let res = format!(
            "HTTP/1.1 302 Found\r\nLocation: {target}?k=v\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        s.write_all(res.as_bytes()).unwrap();
    });
    let out = request(
        &[
            "weshape",
            "GET",
            "/v3/archives",
            "--base-url",
            &format!("http://{addr}/api"),
        ],
        &[("WESHAPE_API_KEY", "wsk_live_sandbox_production_0001")],
    );
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("302 Found"), "{err}");
    assert!(err.contains("not followed"), "{err}");
    assert!(err.contains("/steal"), "{err}");
    assert!(!err.contains("k=v"), "the query is not printed: {err}");
    // Give a follow, had there been one, time to land.
    let deadline = Instant::now() + Duration::from_millis(200);
    while Instant::now() < deadline {
        assert!(!elsewhere.contacted(), "credentials followed the redirect");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn no_response_exits_3_and_bad_arguments_exit_2() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &format!("http://127.0.0.1:{port}/api/v1"),
        ],
        &[("PIXEE_API_KEY", PIXEE_KEY)],
    );
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(
        err.contains("Connection refused") || err.contains("connect"),
        "{err}"
    );
    assert!(!err.contains(PIXEE_KEY), "{err}");

    let key = [("PIXEE_API_KEY", PIXEE_KEY)];
    for (args, says) in [
        (
            vec!["pixee", "GET", "/p", "--param", "noequals"],
            "NAME=VALUE",
        ),
        (
            vec!["pixee", "GET", "/p", "--placement", "api_key=pigeon"],
            "not a placement",
        ),
        (
            vec!["pixee", "GET", "/p", "--placement", "api_key=query"],
            "cannot be placed in query",
        ),
        (vec!["pixee", "G T", "/p"], "not an HTTP method"),
        (
            vec!["pixee", "POST", "/p", "--json", "{nope"],
            "--json is not JSON",
        ),
        (
            vec!["pixee", "GET", "/p", "--credential", "nope"],
            "no credential `nope`",
        ),
        (vec!["nosuch", "GET", "/p"], "no provider named `nosuch`"),
        (
            vec!["pixee", "GET", "https://evil.example/p"],
            "refusing to send pixee credentials",
        ),
    ] {
        let out = request(&args, &key);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = text(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(!err.contains(PIXEE_KEY), "{err}");
    }
}

/// An OAuth 2.0 provider (a test spec) whose token endpoint is on another host: a loopback
/// base URL sends it to the sandbox too. `-v` shows the engine's token requests as sent,
/// with the client secret and the refresh token masked wherever they go.
#[test]
fn client_credentials_and_refresh_grants_show_no_secret_in_verbose_output() {
    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../auth-sandbox/tests/fixtures/acme_oauth.yaml"
    );
    const SECRET: &str = "client-SECRET-4f1c";
    // Tokens that live 20 s, under the engine's 30 s margin: every request renews, by the
    // refresh token the last one came with.
    let keys =
        std::env::temp_dir().join(format!("authspec-oauth-keys-{}.yaml", std::process::id()));
    std::fs::write(
        &keys,
        format!(
            "keys:\n  - credential: oauth_client\n    parts: {{client_id: acme-client, client_secret: {SECRET}}}\ntoken_lifetime_seconds: 20\n"
        ),
    )
    .unwrap();
    let s = Server::start_with(
        "acme_oauth",
        &["--spec", FIXTURE, "--keys", keys.to_str().unwrap()],
    );
    let env = [
        ("ACME_CLIENT_ID", "acme-client"),
        ("ACME_CLIENT_SECRET", SECRET),
        ("ACME_TENANT", "t1"),
    ];
    let base = s.base.clone();
    let out = request(
        &[
            "acme_oauth",
            "GET",
            "/widgets",
            "--spec",
            FIXTURE,
            "--base-url",
            &base,
            "-v",
            "--repeat",
            "3",
        ],
        &env,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(err.matches("/oauth/token").count(), 3, "{err}");
    assert!(err.contains("> authorization: Basic ***"), "{err}");
    assert!(err.contains("grant_type=client_credentials"), "{err}");
    assert_eq!(
        err.matches("> refresh_token=***&grant_type=refresh_token")
            .count(),
        2,
        "{err}"
    );
    assert_eq!(
        err.matches("> authorization: Bearer ***").count(),
        3,
        "{err}"
    );
    assert!(!err.contains(SECRET), "{err}");
    let stdout = text(&out.stdout);
    assert!(!stdout.contains(SECRET));

    // The client in the body instead: its secret is masked there.
    let out = request(
        &[
            "acme_oauth",
            "GET",
            "/widgets",
            "--spec",
            FIXTURE,
            "--base-url",
            &base,
            "-v",
            "--placement",
            "oauth_client=form",
        ],
        &env,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // (`-v` masks every value held, the client id included.)
    assert!(
        err.contains("> client_id=***&client_secret=***&grant_type=client_credentials"),
        "{err}"
    );
    assert!(!err.contains(SECRET), "{err}");

    // A wrong secret: the token endpoint's RFC 6749 error, classified, exit 1.
    let out = request(
        &[
            "acme_oauth",
            "GET",
            "/widgets",
            "--spec",
            FIXTURE,
            "--base-url",
            &base,
        ],
        &[
            ("ACME_CLIENT_ID", "acme-client"),
            ("ACME_CLIENT_SECRET", "wrong-SECRET-77"),
            ("ACME_TENANT", "t1"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("invalid_client"), "{err}");
    assert!(err.contains("Client authentication failed"), "{err}");
    assert!(!err.contains("wrong-SECRET-77"), "{err}");
    let _ = std::fs::remove_file(&keys);
}

/// A catalogue spec file and a keys file for it, written to a temporary folder.
fn catalogue_with_keys(name: &str, keys: &str) -> (String, String, tempdir::Dir) {
    let dir = tempdir::Dir::new(name);
    let spec = format!(
        "{}/../providers/catalogue/specs/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let keys_path = dir.path.join("keys.yaml");
    std::fs::write(&keys_path, keys).unwrap();
    (spec, keys_path.display().to_string(), dir)
}

mod tempdir {
    /// A folder removed when dropped.
    pub struct Dir {
        pub path: std::path::PathBuf,
    }
    impl Dir {
        pub fn new(tag: &str) -> Dir {
            let path = std::env::temp_dir().join(format!(
                "authspec-request-{tag}-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos()
            ));
            std::fs::create_dir_all(&path).unwrap();
            Dir { path }
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

const KRAKEN_PRIVATE: &str =
    "kQH5HW/8p1uGOVjbgWA7FunAmGO8lsSUXNsu3eow76sz84Q18fWxnyRzBHCd3pd5nE9qa99HAZtuZuj6F1huXg==";

#[test]
fn kraken_signed_request_verbose_masks_the_signature_and_never_shows_the_key() {
    let keys = format!(
        "keys:\n  - id: trader\n    credential: api_key\n    parts: {{ api_key: pub-key-1, private_key: \"{KRAKEN_PRIVATE}\" }}\n"
    );
    let (spec, keys, _dir) = catalogue_with_keys("kraken", &keys);
    let s = Server::start_with("kraken", &["--spec", &spec, "--keys", &keys]);
    let creds = [
        ("KRAKEN_API_KEY", "pub-key-1"),
        ("KRAKEN_PRIVATE_KEY", KRAKEN_PRIVATE),
    ];
    let out = request(
        &[
            "kraken",
            "POST",
            "/private/Balance",
            "--spec",
            &spec,
            "--base-url",
            &s.base,
            "-v",
        ],
        &creds,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert_eq!(json(&out)["principal"]["key_id"], "trader");
    assert!(
        err.to_ascii_lowercase().contains("> api-sign: ***"),
        "{err}"
    );
    assert!(err.contains("nonce="), "the nonce is shown: {err}");
    assert!(
        !err.contains(KRAKEN_PRIVATE) && !err.contains("kQH5HW"),
        "{err}"
    );

    // A private key that is not base64 is refused before anything is sent, unnamed.
    let out = request(
        &[
            "kraken",
            "POST",
            "/private/Balance",
            "--spec",
            &spec,
            "--base-url",
            &s.base,
            "-v",
        ],
        &[
            ("KRAKEN_API_KEY", "pub-key-1"),
            ("KRAKEN_PRIVATE_KEY", "not*base64*secret"),
        ],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(!err.contains("not*base64*secret"), "{err}");
}

#[test]
fn snowflake_jwt_verbose_shows_no_token_and_no_private_key() {
    let pem = std::fs::read_to_string(format!(
        "{}/../auth-sandbox/tests/keys/rsa_key.p8",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let keys = format!(
        "keys:\n  - id: analyst\n    credential: key_pair\n    parts: {{ jwt_account: myorg-myaccount, user: myuser, private_key: \"{}\" }}\n",
        pem.replace('\n', "\\n")
    );
    let (spec, keys, _dir) = catalogue_with_keys("snowflake", &keys);
    let s = Server::start_with("snowflake", &["--spec", &spec, "--keys", &keys]);
    let body_line = pem.lines().nth(1).unwrap().to_owned();
    let creds = [
        ("SNOWFLAKE_ACCOUNT", "myorg-myaccount"),
        ("SNOWFLAKE_JWT_ACCOUNT", "myorg-myaccount"),
        ("SNOWFLAKE_USER", "myuser"),
        ("SNOWFLAKE_PRIVATE_KEY", pem.as_str()),
        ("SNOWFLAKE_USER_AGENT", "authspec-tests/1.0"),
    ];
    let out = request(
        &[
            "snowflake",
            "POST",
            "/statements",
            "--spec",
            &spec,
            "--base-url",
            &s.base,
            "-v",
        ],
        &creds,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("> authorization: Bearer ***"), "{err}");
    assert!(!err.contains("eyJ"), "no JWT is printed: {err}");
    assert!(!err.contains(&body_line), "{err}");
}

#[test]
fn google_jwt_bearer_verbose_shows_no_assertion_token_or_private_key() {
    let pem = std::fs::read_to_string(format!(
        "{}/../auth-sandbox/tests/keys/rsa_key.p8",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let email = "sa-name@project-id.iam.gserviceaccount.com";
    let kid = "0123456789abcdef0123456789abcdef01234567";
    let keys = format!(
        "keys:\n  - id: sa\n    credential: service_account\n    parts: {{ client_email: {email}, private_key_id: {kid}, private_key: \"{}\" }}\n",
        pem.replace('\n', "\\n")
    );
    let (spec, keys, _dir) = catalogue_with_keys("google_service_account", &keys);
    let s = Server::start_with(
        "google_service_account",
        &["--spec", &spec, "--keys", &keys],
    );
    let body_line = pem.lines().nth(1).unwrap().to_owned();
    let creds = [
        ("GOOGLE_CLIENT_EMAIL", email),
        ("GOOGLE_PRIVATE_KEY_ID", kid),
        ("GOOGLE_PRIVATE_KEY", pem.as_str()),
        (
            "GOOGLE_SCOPES",
            "https://www.googleapis.com/auth/devstorage.read_only",
        ),
    ];
    let out = request(
        &[
            "google_service_account",
            "GET",
            "/b?project=my-project",
            "--spec",
            &spec,
            "--base-url",
            &s.base,
            "-v",
        ],
        &creds,
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("assertion=***"),
        "the assertion is masked: {err}"
    );
    assert!(err.contains("> authorization: Bearer ***"), "{err}");
    assert!(!err.contains("eyJ"), "no JWT is printed: {err}");
    assert!(!err.contains(&body_line), "{err}");
}

/// A server that answers the first request it gets with `response`, then stops.
fn answer_once(response: String) -> (std::net::SocketAddr, std::thread::JoinHandle<()>) {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = server.local_addr().unwrap();
    let handle = std::thread::spawn(move || {
        let (mut s, _) = server.accept().unwrap();
        let mut buf = [0u8; 4096];
        let _ = s.read(&mut buf);
        s.write_all(response.as_bytes()).unwrap();
    });
    (addr, handle)
}

#[test]
fn a_providers_terminal_escapes_are_shown_not_obeyed() {
    // Retitle the window, clear the screen, move the cursor, and forge a line.
    let body = "\x1b]0;pwned\x07\x1b[2J\x1b[1;1Hbad key\r\nauthspec request: all good";
    let (addr, server) = answer_once(format!(
        "HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    ));
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &format!("http://{addr}/api/v1"),
        ],
        &[("PIXEE_API_KEY", PIXEE_KEY)],
    );
    server.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        !out.stderr.iter().any(|b| matches!(b, 0x1b | 0x07 | b'\r')),
        "{err:?}"
    );
    assert_eq!(err.lines().count(), 1, "no forged line: {err:?}");
    assert!(err.contains("\\u{1b}[2J"), "{err}");
    assert!(
        err.contains("bad key\\r\\nauthspec request: all good"),
        "{err}"
    );
}

#[test]
fn timeout_gives_up_on_a_server_that_never_answers() {
    let silent = Silent::new();
    let key = [("PIXEE_API_KEY", PIXEE_KEY)];
    let out = request(
        &[
            "pixee",
            "GET",
            "/products",
            "--base-url",
            &silent.url("/api/v1"),
            "--timeout",
            "0.3",
        ],
        &key,
    );
    assert_eq!(out.status.code(), Some(3));
    let err = text(&out.stderr);
    assert!(err.contains("gave up after 300ms"), "{err}");
    assert!(err.contains("whole request"), "{err}");
    assert!(!err.contains(PIXEE_KEY), "{err}");
    for bad in ["0", "1e9", "soon"] {
        let out = request(&["pixee", "GET", "/products", "--timeout", bad], &key);
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(
            text(&out.stderr).contains("not a number of seconds"),
            "{bad}: {}",
            text(&out.stderr)
        );
    }
}
