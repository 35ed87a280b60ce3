//! `authspec lint` as a user runs it: real files, real exit codes, real output.

mod common;

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
    let n = common::builtin_specs();
    let e = String::from_utf8_lossy(&o.stderr);
    assert!(
        e.contains(&format!("{n} spec(s) checked, {n} clean")),
        "{e}"
    );
}

#[test]
fn providers_folder_is_clean() {
    let o = authspec(&["lint", "providers/"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_eq!(stdout(&o), "");
}

/// A copy of Pixee with two mistakes: a misspelt scope (line 99) and a header name with
/// spaces (line 31), in a temporary folder named for `tag`.
fn broken_pixee(tag: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = std::env::temp_dir().join(format!("authspec-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let yaml = include_str!("../../providers/pixee/pixee.yaml")
        .replace("scopes: [products:read]", "scopes: [products:raed]")
        .replace("name: X-API-Key", "name: X API Key");
    let file = dir.join("broken.yaml");
    std::fs::write(&file, yaml).expect("write spec");
    (dir, file)
}

#[test]
fn a_broken_spec_is_reported_at_its_line_and_exits_1() {
    let (dir, file) = broken_pixee("lint-short");
    let o = authspec(&[
        "lint",
        "--format",
        "short",
        file.to_str().expect("utf-8 temp path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert_eq!(
        lines[0],
        format!(
            "{}:31:9: error: credentials.api_key.placements[0].name: `X API Key` is not a valid HTTP header name",
            file.display()
        )
    );
    let want = format!(
        "{}:99:14: error: operations.list_products.scopes[0]: unknown scope `products:raed`",
        file.display()
    );
    assert!(lines[1].starts_with(&want), "{out}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_default_form_shows_the_line_with_the_span_underlined() {
    let (dir, file) = broken_pixee("lint-human");
    let o = authspec(&["lint", file.to_str().expect("utf-8 temp path")]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    // Not a terminal: no colour codes.
    assert!(!out.contains('\x1b'), "{out:?}");
    let want = format!(
        "error[invalid-header]: credentials.api_key.placements[0].name: `X API Key` is not a valid HTTP header name
  --> {}:31:9
   |
31 |         name: X API Key
   |         ^^^^^^^^^^^^^^^
",
        file.display()
    );
    assert!(out.starts_with(&want), "{out}");
    let want = format!(
        "  --> {}:99:14
   |
99 |     scopes: [products:raed]
   |              ^^^^^^^^^^^^^
",
        file.display()
    );
    assert!(out.contains(&want), "{out}");
    assert!(out.contains("error[unknown-reference]: operations.list_products.scopes[0]: unknown scope `products:raed`"));
    std::fs::remove_dir_all(&dir).ok();
}

fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

#[test]
fn json_and_sarif_give_the_same_diagnostics_as_text() {
    let (dir, file) = broken_pixee("lint-json");
    let path = file.to_str().expect("utf-8 temp path");
    let short = authspec(&["lint", "--format", "short", path]);
    let text_count = stdout(&short).lines().count();
    assert_eq!(text_count, 2);

    let o = authspec(&["lint", "--format", "json", path]);
    assert_eq!(o.status.code(), Some(1));
    let doc = json_of(&o);
    assert_eq!(doc["version"], 1);
    assert_eq!(doc["checked"], 1);
    let diags = doc["diagnostics"].as_array().expect("diagnostics array");
    assert_eq!(diags.len(), text_count);
    let d = &diags[0];
    for key in ["file", "rule", "severity", "path", "message"] {
        assert!(d[key].is_string(), "{key} in {d}");
    }
    for key in ["line", "column", "end_line", "end_column"] {
        assert!(d[key].as_u64().is_some_and(|n| n > 0), "{key} in {d}");
    }
    assert_eq!(d["file"], path);
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(31), Some(9))
    );
    assert_eq!(
        (d["end_line"].as_u64(), d["end_column"].as_u64()),
        (Some(31), Some(24))
    );
    assert_eq!(d["rule"], "invalid-header");
    assert_eq!(diags[1]["rule"], "unknown-reference");

    let o = authspec(&["lint", "--format", "sarif", path]);
    assert_eq!(o.status.code(), Some(1));
    let sarif = json_of(&o);
    assert_eq!(sarif["version"], "2.1.0");
    assert!(
        sarif["$schema"]
            .as_str()
            .is_some_and(|s| s.contains("sarif-2.1.0"))
    );
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "authspec");
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(ids.len(), rules.len(), "every rule has an id");
    for r in rules {
        assert!(
            r["shortDescription"]["text"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{r}"
        );
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), text_count);
    for (res, d) in results.iter().zip(diags) {
        let id = res["ruleId"].as_str().expect("ruleId");
        assert_eq!(id, d["rule"]);
        let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], id, "ruleIndex points at the rule");
        assert_eq!(res["level"], "error");
        assert!(
            res["message"]["text"]
                .as_str()
                .is_some_and(|m| m.ends_with(d["message"].as_str().unwrap_or("?")))
        );
        let loc = &res["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], format!("file://{path}"));
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn clean_specs_give_empty_json_and_sarif() {
    let o = authspec(&["lint", "--format", "json", "providers/"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let doc = json_of(&o);
    assert_eq!(doc["diagnostics"].as_array().map(Vec::len), Some(0));
    assert!(doc["checked"].as_u64().is_some_and(|n| n >= 5));
    let o = authspec(&["lint", "--format", "sarif"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(
        json_of(&o)["runs"][0]["results"].as_array().map(Vec::len),
        Some(0)
    );
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
