//! `authspec identify` and `authspec redact` as a user runs them: the real binary.

mod common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&[u8]>, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_authspec"));
    cmd.args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // The test's own environment must not add secrets of its own.
    for v in [
        "WEEVIO_API_SECRET",
        "WEEVIO_API_ID",
        "PIXEE_API_KEY",
        "PIXEE_PASSWORD",
    ] {
        cmd.env_remove(v);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("run authspec");
    if let Some(mut i) = child.stdin.take() {
        i.write_all(stdin.unwrap_or_default()).expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn identify_a_key_from_stdin_without_printing_it() {
    let o = run(&["identify"], Some(b"pm_live_9f8e7d6c5b\n"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = out(&o);
    assert!(s.contains("provider:    pixee"), "{s}");
    assert!(s.contains("credential:  api_key"), "{s}");
    assert!(s.contains("kind:        api_key"), "{s}");
    assert!(s.contains("environment: production"), "{s}");
    assert!(s.contains("prefix:      pm_live_"), "{s}");
    assert!(
        !s.contains("9f8e7d6c5b") && !err(&o).contains("9f8e7d6c5b"),
        "{s}"
    );
}

#[test]
fn identify_an_mcp_token_as_argument() {
    let o = run(&["identify", "mcpo_tok123"], None, &[]);
    assert_eq!(o.status.code(), Some(0));
    let s = out(&o);
    assert!(s.contains("weavz") && s.contains("mcp_oauth_token"), "{s}");
    assert!(
        s.contains("audience:    mcp_server") && s.contains("not by the Weavz API"),
        "{s}"
    );
    assert!(!s.contains("tok123"), "{s}");
}

#[test]
fn unknown_key_exits_1_with_a_message() {
    let o = run(&["identify"], Some(b"sk_live_abcdef\n"), &[]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(out(&o), "");
    let e = err(&o);
    assert!(
        e.contains("unknown key")
            && e.contains(&format!("{} loaded spec(s)", common::builtin_specs())),
        "{e}"
    );
    assert!(!e.contains("abcdef"), "{e}");
}

#[test]
fn empty_stdin_is_an_error() {
    let o = run(&["identify"], Some(b"  \n"), &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("no key given"), "{}", err(&o));
}

fn extra_spec() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("authspec-idr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let text = auth_spec_template();
    let path = dir.join("acme.yaml");
    std::fs::write(&path, text).expect("write spec");
    path
}

/// A minimal extra provider, `acme`, with prefixes `acme_live_` / `acme_test_`.
fn auth_spec_template() -> String {
    r#"spec_version: 1
name: acme
title: Acme API
base_url: { url: "https://api.acme.test" }
credentials:
  api_key:
    description: k
    kind: api_key
    env: ACME_API_KEY
    format:
      prefixes:
        - { prefix: acme_live_, environment: production }
        - { prefix: acme_test_, environment: test }
    placements: [{ in: header, name: X-Key }]
default_auth: [api_key]
errors:
  body: { format: json, message_field: message }
  catalogue:
    unauthorized: { status: 401, description: d, kind: unauthenticated, action: give_up }
undocumented: [rate_limit, retry_policy]
"#
    .to_owned()
}

#[test]
fn extra_specs_with_spec_flag() {
    let spec = extra_spec();
    let spec = spec.to_str().expect("utf8 path");
    let o = run(&["identify", "--spec", spec, "acme_test_1"], None, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert!(out(&o).contains("provider:    acme") && out(&o).contains("environment: test"));
    let o = run(
        &["redact", "--spec", spec],
        Some(b"k=acme_live_xyz pm_test_q\n"),
        &[],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(out(&o), "k=acme_live_*** pm_test_***\n");
}

#[test]
fn redact_stdin_and_env_secrets() {
    let log = "POST /v1/orders?apiID=42&apiSecret=Weev-secret-77&teamID=9\n\
               X-API-Key: pm_live_a1b2c3 from 10.0.0.1\n\
               Bearer mcp_zz.yy ok\n\
               nothing here\n";
    let o = run(
        &["redact"],
        Some(log.as_bytes()),
        &[("WEEVIO_API_SECRET", "Weev-secret-77")],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        out(&o),
        "POST /v1/orders?apiID=42&apiSecret=***&teamID=9\n\
         X-API-Key: pm_live_*** from 10.0.0.1\n\
         Bearer mcp_*** ok\n\
         nothing here\n"
    );
    // Without the variable the prefix-less secret cannot be known.
    let o = run(&["redact"], Some(log.as_bytes()), &[]);
    assert!(out(&o).contains("apiSecret=Weev-secret-77"));
}

#[test]
fn redact_a_big_file() {
    let dir = std::env::temp_dir().join(format!("authspec-idr-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("mkdir");
    let path = dir.join("big.log");
    let mut text = String::new();
    for i in 0..60_000 {
        text.push_str(&format!("{i} req key=wsk_live_{i:010} user=u{i}\n"));
    }
    std::fs::write(&path, &text).expect("write");
    let o = run(&["redact", path.to_str().expect("utf8")], None, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let s = out(&o);
    assert_eq!(s.lines().count(), 60_000);
    assert!(!s.contains("wsk_live_0"));
    assert!(s.lines().all(|l| l.contains("key=wsk_live_*** user=u")));
}

#[test]
fn redact_missing_file_is_an_error() {
    let o = run(&["redact", "/nonexistent/file.log"], None, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("/nonexistent/file.log"), "{}", err(&o));
}
