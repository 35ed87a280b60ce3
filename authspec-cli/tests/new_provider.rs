//! Adding a sixth provider, as the README walks through it: scaffold with `authspec new`,
//! fill in the spec, lint it, then build the generated crate and use it from a test of its
//! own (a real compile of the generated code, outside this workspace).

use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn authspec(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(args)
        .output()
        .expect("run authspec")
}

/// The target directory shared with other nested builds (trybuild's), so dependencies
/// compile once.
fn nested_target() -> PathBuf {
    let exe = std::env::current_exe().expect("test exe");
    // target/<profile>/deps/<test> -> target
    let target = exe
        .ancestors()
        .nth(3)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| repo().join("target"));
    target.join("tests").join("trybuild")
}

const FILLED_IN: &str = r#"
scopes:
  items:read: { description: Read items }
  items:write: { description: Create and update items }

operations:
  verify:
    description: Return the account the key belongs to.
    role: verify
    method: GET
    path: /me
    scopes: [items:read]
  create_item:
    description: Create an item.
    method: POST
    path: /items
    scopes: [items:write]
    request:
      fields:
        name: { type: string, required: true, description: The item's name. }
"#;

const USE: &str = r##"
use std::sync::Arc;

use acme::{ApiKey, Environment, Scope, ScopeSet, Validator};
use auth_core::server::{KeyRecord, MemoryKeyStore};

const KEY: &str = "acme_live_0123456789";

#[tokio::test]
async fn the_generated_crate_knows_the_provider() {
    let key = ApiKey::parse(KEY).expect("valid key");
    assert_eq!(key.environment(), Some(Environment::Production));
    assert_eq!(format!("{key:?}"), "ApiKey(acme_live_***)");
    assert!(ApiKey::parse("sk_live_elsewhere").is_err());
    assert_eq!(acme::scope!("items:write"), Scope::ItemsWrite);
    assert_eq!(Scope::ItemsRead.description(), "Read items");

    let store = Arc::new(MemoryKeyStore::new());
    let mut record = KeyRecord::new("k1", "api_key");
    record.scopes = Some(vec!["items:read".into()]);
    store.insert(record, [("key", KEY)]);
    let validator = Validator::new(store);

    let me = http::Request::get("https://api.example.com/v1/me")
        .header("Authorization", format!("Bearer {KEY}"))
        .body(Vec::new())
        .expect("request");
    let ok = validator.verify(&me).await.expect("read is allowed");
    let scopes = Validator::scopes(ok.principal.as_ref().expect("principal"));
    assert_eq!(scopes, [Scope::ItemsRead].into_iter().collect::<ScopeSet>());

    let create = http::Request::post("https://api.example.com/v1/items")
        .header("Authorization", format!("Bearer {KEY}"))
        .body(br#"{"name":"x"}"#.to_vec())
        .expect("request");
    let refused = validator
        .verify(&create)
        .await
        .expect_err("items:write is missing");
    assert_eq!(refused.status().as_u16(), 403);

    let client = acme::Client::builder().credential(key).build().expect("client");
    // The typed operation exists with its typed body; building the future proves it.
    let body = acme::types::CreateItemRequest { name: "x".into() };
    drop(client.create_item(&body));
}
"##;

#[test]
fn scaffold_fill_in_build_and_use_a_sixth_provider() {
    let dir = std::env::temp_dir().join(format!("authspec-new-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let krate = dir.join("acme");
    let root = repo().canonicalize().expect("repo root");
    let out = authspec(&[
        "new",
        "acme",
        "--dir",
        krate.to_str().expect("utf-8 path"),
        "--standalone",
        root.to_str().expect("utf-8 path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("acme.yaml"));

    // As written, the template lints clean.
    let yaml = krate.join("acme.yaml");
    let lint = authspec(&["lint", yaml.to_str().expect("utf-8")]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );

    // Fill it in: a second scope and an operation that needs it.
    let text = std::fs::read_to_string(&yaml).expect("read spec");
    let start = text.find("\nscopes:").expect("template has scopes");
    let end = text.find("\nerrors:").expect("template has errors");
    let filled = format!("{}{}{}", &text[..start], FILLED_IN, &text[end..]);
    std::fs::write(&yaml, filled).expect("write spec");
    let lint = authspec(&["lint", yaml.to_str().expect("utf-8")]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );

    // Use it: a test of the new crate's own, built and run by cargo.
    let manifest = krate.join("Cargo.toml");
    let mut m = std::fs::read_to_string(&manifest).expect("manifest");
    m.push_str(
        "\n[dev-dependencies]\nhttp = \"1\"\ntokio = { version = \"1\", features = [\"macros\", \"rt\"] }\n",
    );
    std::fs::write(&manifest, m).expect("manifest");
    std::fs::create_dir_all(krate.join("tests")).expect("tests dir");
    std::fs::write(krate.join("tests/use.rs"), USE).expect("test file");
    // The workspace's lock file pins the same versions, so nothing new is resolved.
    std::fs::copy(root.join("Cargo.lock"), krate.join("Cargo.lock")).expect("lock file");
    let test = Command::new(env!("CARGO"))
        .args(["test", "--quiet", "--manifest-path"])
        .arg(&manifest)
        .env("CARGO_TARGET_DIR", nested_target())
        .output()
        .expect("run cargo");
    let stderr = String::from_utf8_lossy(&test.stderr);
    let stdout = String::from_utf8_lossy(&test.stdout);
    assert!(
        test.status.success(),
        "cargo test of the new crate failed:\n{stdout}\n{stderr}"
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn new_refuses_bad_names_and_existing_folders() {
    let out = authspec(&["new", "Bad-Name", "--dir", "/tmp/never-created-authspec"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a provider name"));
    let dir = std::env::temp_dir();
    let out = authspec(&["new", "acme", "--dir", dir.to_str().expect("utf-8")]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
}

#[test]
fn expand_prints_the_generated_code() {
    let out = authspec(&["expand", "pixee"]);
    assert!(out.status.success());
    let code = String::from_utf8_lossy(&out.stdout);
    let snapshot =
        std::fs::read_to_string(repo().join("auth-spec/tests/output/pixee.rs")).expect("snapshot");
    assert_eq!(code, snapshot);
}
