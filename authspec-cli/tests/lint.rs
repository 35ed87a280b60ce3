//! `authspec lint` as a user runs it: real files, real exit codes, real output.

use std::path::Path;
use std::process::{Command, Output};

fn authspec(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_authspec"))
        .args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .output()
        .expect("run authspec")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn builtin_specs_are_clean() {
    let o = authspec(&["lint"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The five seed providers and the eighteen of the catalogue.
    assert!(String::from_utf8_lossy(&o.stderr).contains("23 spec(s) checked, 23 clean"));
}

#[test]
fn providers_folder_is_clean() {
    let o = authspec(&["lint", "providers/"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn a_broken_spec_is_reported_at_its_line_and_exits_1() {
    let dir = std::env::temp_dir().join(format!("authspec-lint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let yaml = include_str!("../../providers/pixee/pixee.yaml")
        .replace("scopes: [products:read]", "scopes: [products:raed]");
    let file = dir.join("broken.yaml");
    std::fs::write(&file, yaml).expect("write spec");
    let o = authspec(&["lint", file.to_str().expect("utf-8 temp path")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let want = format!(
        "{}:99:14: error: operations.list_products.scopes[0]: unknown scope `products:raed`",
        file.display()
    );
    assert!(out.starts_with(&want), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn prefix_clash_across_files_is_found() {
    let dir = std::env::temp_dir().join(format!("authspec-set-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // A copy of Pixee under another name still claims Pixee's `pm_live_` prefix.
    let copy =
        include_str!("../../providers/pixee/pixee.yaml").replace("name: pixee", "name: pixee_two");
    std::fs::write(dir.join("pixee_two.yaml"), copy).expect("write spec");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers/pixee/pixee.yaml"),
        dir.join("pixee.yaml"),
    )
    .expect("copy spec");
    let o = authspec(&["lint", dir.to_str().expect("utf-8 temp path")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("pm_live_"), "{}", stdout(&o));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn unreadable_path_exits_2() {
    let o = authspec(&["lint", "no/such/place"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no/such/place"));
}

#[test]
fn schema_command_prints_the_checked_in_schema() {
    let o = authspec(&["schema"]);
    assert_eq!(o.status.code(), Some(0));
    let file = include_str!("../../schema/authspec.schema.json");
    assert_eq!(stdout(&o), file);
}
