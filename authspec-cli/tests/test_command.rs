//! `authspec test` as a user runs it: the real binary on real spec files, its vectors run
//! against the engine and the sandbox over loopback.

mod common;

use std::path::{Path, PathBuf};
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

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const KLAVIYO: &str = "providers/catalogue/specs/klaviyo.yaml";

/// A temporary folder holding `name` with `text`.
fn temp_spec(tag: &str, name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("authspec-test-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join(name);
    std::fs::write(&file, text).expect("write spec");
    file
}

fn klaviyo() -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join(KLAVIYO),
    )
    .expect("klaviyo spec")
}

#[test]
fn passing_vectors_print_ok_lines_and_exit_0() {
    let o = authspec(&["test", KLAVIYO]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(0), "{out}{}", stderr(&o));
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert!(
        lines[0].starts_with(&format!("{KLAVIYO}: ok   examples[0] (engine, sandbox): ")),
        "{out}"
    );
    assert!(
        lines[2].starts_with(&format!("{KLAVIYO}: ok   examples[2] (classify): ")),
        "{out}"
    );
    assert!(
        stderr(&o).contains("3 vector(s) passed, 0 failed"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_failing_vector_prints_its_diff_and_exits_1() {
    // The vector now says the revision header is another date than the one it sets.
    let text = klaviyo().replacen(
        "        revision: \"2024-10-15\"\n",
        "        revision: \"2024-10-16\"\n",
        1,
    );
    assert_ne!(text, klaviyo());
    let file = temp_spec("fail", "klaviyo.yaml", &text);
    let o = authspec(&["test", file.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    let out = stdout(&o);
    let want = format!(
        "{}: FAIL examples[0] (engine, sandbox): The authenticate page's example request",
        file.display()
    );
    assert!(out.contains(&want), "{out}");
    assert!(
        out.contains(
            "       engine: header `revision`: expected \"2024-10-16\", sent \"2024-10-15\""
        ),
        "{out}"
    );
    // The other vectors still pass, and are still reported.
    assert_eq!(out.matches(": ok   examples[").count(), 2, "{out}");
    assert!(
        stderr(&o).contains("2 vector(s) passed, 1 failed"),
        "{}",
        stderr(&o)
    );
    std::fs::remove_dir_all(file.parent().expect("dir")).ok();
}

#[test]
fn a_spec_that_does_not_load_is_reported_at_its_line_and_exits_1() {
    let text = klaviyo().replacen("operation: get_lists", "operation: get_listz", 1);
    let file = temp_spec("lint", "klaviyo.yaml", &text);
    let o = authspec(&["test", file.to_str().expect("utf-8 path")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains(&format!("{}:", file.display()))
            && out.contains("unknown operation `get_listz`"),
        "{out}"
    );
    std::fs::remove_dir_all(file.parent().expect("dir")).ok();
}

#[test]
fn an_unreadable_path_exits_2() {
    let o = authspec(&["test", "no/such/spec.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no/such/spec.yaml"), "{}", stderr(&o));
    assert_eq!(stdout(&o), "");
}

#[test]
fn without_a_path_the_built_in_specs_are_tested() {
    let o = authspec(&["test"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("providers/catalogue/specs/paddle.yaml: ok "));
    let n = common::builtin_specs();
    assert!(
        stderr(&o).contains(&format!("{n} spec(s)")),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains(" 0 failed"), "{}", stderr(&o));
}
