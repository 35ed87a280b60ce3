//! `authspec serve --redis URL`: three sandbox processes sharing one Redis enforce one rate
//! limit and one lockout between them, and share the keys one of them creates.

#[path = "../../auth-core/tests/redis_support/mod.rs"]
mod redis_support;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the servers when the test ends, however it ends.
struct Servers(Vec<Child>);

impl Drop for Servers {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// Start `n` sandboxes of `provider` on `url`/`namespace`; their `host:port`s.
fn serve(
    provider: &str,
    keys: &str,
    url: &str,
    namespace: &str,
    n: usize,
) -> (Servers, Vec<String>) {
    let dir = std::env::temp_dir().join(redis_support::namespace(provider).replace(':', "_"));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("keys.yaml");
    std::fs::write(&file, keys).unwrap();
    let mut servers = Servers(Vec::new());
    let mut addrs = Vec::new();
    for _ in 0..n {
        let mut child = Command::new(env!("CARGO_BIN_EXE_authspec"))
            .args([
                "serve",
                provider,
                "--port",
                "0",
                "--redis",
                url,
                "--redis-namespace",
                namespace,
            ])
            .arg("--keys")
            .arg(&file)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        // Keep reading what it prints (the keys), so it never writes to a closed pipe.
        std::thread::spawn(move || lines.for_each(drop));
        servers.0.push(child);
        let url = first.split("listening on http://").nth(1).expect(&first);
        addrs.push(url.split('/').next().unwrap().to_owned());
    }
    (servers, addrs)
}

/// One request over a fresh connection; `(status, headers and body)`.
fn send(addr: &str, method: &str, path: &str, headers: &str, body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    let status = out
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    (status, out)
}

#[test]
fn three_sandboxes_on_one_redis_enforce_one_rate_limit() {
    let url = redis_support::url();
    let ns = redis_support::namespace("serve-weavz");
    let keys = "keys:\n  - id: key_org\n    credential: api_key\n    secret: wvz_sandbox_org_wide_0001\n  - id: key_other\n    credential: api_key\n    secret: wvz_sandbox_org_wide_0002\nrate_limit: { limit: 6, window_seconds: 60 }\n";
    let (_servers, addrs) = serve("weavz", keys, &url, &ns, 3);
    let org = "Authorization: Bearer wvz_sandbox_org_wide_0001\r\n";
    for i in 0..6 {
        let (status, text) = send(&addrs[i % 3], "GET", "/api/v1/workspaces", org, "");
        assert_eq!(status, 200, "request {i}: {text}");
        assert!(
            text.to_ascii_lowercase()
                .contains(&format!("x-ratelimit-remaining: {}", 5 - i)),
            "one window across the three: {text}"
        );
    }
    for addr in &addrs {
        let (status, text) = send(addr, "GET", "/api/v1/workspaces", org, "");
        assert_eq!(status, 429, "{text}");
        assert!(text.contains("RATE_LIMIT_EXCEEDED"), "{text}");
    }
    // Another credential has its own window, on every process.
    let other = "Authorization: Bearer wvz_sandbox_org_wide_0002\r\n";
    assert_eq!(
        send(&addrs[2], "GET", "/api/v1/workspaces", other, "").0,
        200
    );

    // A key created through one process works on the others at once.
    let (status, text) = send(
        &addrs[0],
        "POST",
        "/api/v1/api-keys",
        "Authorization: Bearer wvz_sandbox_org_wide_0002\r\nContent-Type: application/json\r\n",
        r#"{"name": "shared"}"#,
    );
    assert_eq!(status, 201, "{text}");
    let plain = text
        .split("\"plainKey\":\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap_or_else(|| panic!("{text}"))
        .to_owned();
    let auth = format!("Authorization: Bearer {plain}\r\n");
    assert_eq!(
        send(&addrs[1], "GET", "/api/v1/workspaces", &auth, "").0,
        200
    );
}

#[test]
fn three_sandboxes_on_one_redis_enforce_one_lockout() {
    let url = redis_support::url();
    let ns = redis_support::namespace("serve-pixee");
    let keys = "keys:\n  - id: user_1\n    credential: login\n    parts: { email: you@example.com, password: sandbox-password }\nlockout: { after_failures: 5, seconds: 900 }\n";
    let (_servers, addrs) = serve("pixee", keys, &url, &ns, 3);
    let login = |addr: &str, password: &str| {
        send(
            addr,
            "POST",
            "/api/v1/auth/login",
            "Content-Type: application/json\r\n",
            &format!(r#"{{"email": "you@example.com", "password": "{password}"}}"#),
        )
    };
    // Five failures spread over the three processes lock this client out on all of them.
    for i in 0..5 {
        assert_eq!(login(&addrs[i % 3], "wrong").0, 401, "failure {i}");
    }
    for addr in &addrs {
        let (status, text) = login(addr, "sandbox-password");
        assert_eq!(status, 423, "{text}");
        assert!(
            text.ends_with("Account locked after too many failed login attempts"),
            "{text}"
        );
    }
}
