//! `authspec serve` starts a sandbox, says where, and enforces the spec.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

/// Kills the server when the test ends, however it ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(addr: &str, path: &str, header: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{header}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_prints_address_and_keys_and_enforces_the_spec() {
    let child = Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(["serve", "weshape", "--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split("listening on ")
        .nth(1)
        .expect(&first)
        .to_owned();
    assert!(
        url.starts_with("http://127.0.0.1:") && url.ends_with("/api"),
        "{first}"
    );
    let mut printed = String::new();
    for _ in 0..3 {
        printed.push_str(&lines.next().unwrap().unwrap());
        printed.push('\n');
    }
    // Sandbox test keys are printed in full.
    assert!(
        printed.contains("key=wsk_live_sandbox_production_0001"),
        "{printed}"
    );

    let addr = url.trim_start_matches("http://").trim_end_matches("/api");
    let ok = get(
        addr,
        "/api/v3/users/me/company",
        "X-Api-Key: wsk_live_sandbox_production_0001\r\n",
    );
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let denied = get(addr, "/api/v3/archives", "");
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
    // JSON member order carries no meaning; accept either.
    let body = denied.split("\r\n\r\n").nth(1).unwrap_or_default();
    assert!(
        body == r#"{"error":"Unauthorized","errorMessage":"Invalid API key provided"}"#
            || body == r#"{"errorMessage":"Invalid API key provided","error":"Unauthorized"}"#,
        "{denied}"
    );
}

#[test]
fn serve_masks_keys_from_a_keys_file_and_reports_bad_ones() {
    let dir = std::env::temp_dir().join(format!("authspec-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("good.yaml");
    std::fs::write(
        &good,
        "keys:\n  - id: mine\n    credential: api_key\n    secret: wsk_live_my_private_key\n",
    )
    .unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(["serve", "weshape", "--port", "0", "--keys"])
        .arg(&good)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let text: Vec<String> = (0..3).map(|_| lines.next().unwrap().unwrap()).collect();
    let text = text.join("\n");
    assert!(text.contains("mine [api_key] key=wsk_***"), "{text}");
    assert!(!text.contains("my_private_key"), "{text}");
    drop(server);

    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        "keys:\n  - credential: api_key\n    secret: sk_wrong_prefix\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(["serve", "weshape", "--keys"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("does not start with any expected prefix (wsk_live_, wsk_test_)"),
        "{err}"
    );
    assert!(!err.contains("sk_wrong_prefix"), "{err}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Start `authspec serve weshape` with `extra` flags; `(server, host:port)`.
fn serve_weshape(extra: &[&str]) -> (Server, String) {
    let child = Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(["serve", "weshape", "--port", "0"])
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let mut lines = BufReader::new(server.0.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first.split("listening on ").nth(1).expect(&first);
    let addr = url
        .trim_start_matches("http://")
        .trim_end_matches("/api")
        .to_owned();
    // Keep reading what it prints, so it never writes to a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    (server, addr)
}

#[test]
fn serve_limit_flags_reach_the_server() {
    let (_server, addr) = serve_weshape(&["--max-header-bytes", "2048"]);
    let key = "X-Api-Key: wsk_live_sandbox_production_0001\r\n";
    let padded = |n: usize| format!("{key}X-Pad: {}\r\n", "p".repeat(n));
    let fits = get(&addr, "/api/v3/users/me/company", &padded(1000));
    assert!(fits.starts_with("HTTP/1.1 200"), "{fits}");
    let over = get(&addr, "/api/v3/users/me/company", &padded(3000));
    assert!(over.starts_with("HTTP/1.1 431"), "{over}");
}

/// The issue found `serve` on one thread; it now runs a worker per core besides the main
/// thread.
#[cfg(target_os = "linux")]
#[test]
fn serve_runs_on_more_than_one_thread() {
    let (server, addr) = serve_weshape(&[]);
    // Serving answers, so the runtime is up.
    let ok = get(&addr, "/api/v3/archives", "");
    assert!(ok.starts_with("HTTP/1.1 401"), "{ok}");
    let status = std::fs::read_to_string(format!("/proc/{}/status", server.0.id())).unwrap();
    let threads: usize = status
        .lines()
        .find_map(|l| l.strip_prefix("Threads:"))
        .and_then(|n| n.trim().parse().ok())
        .expect(&status);
    assert!(threads >= 2, "{threads} thread(s)");
}
