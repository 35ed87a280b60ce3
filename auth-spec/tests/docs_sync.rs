//! The checked-in JSON Schema and the README's field reference and example must match what
//! the model says today.
//!
//! After a change to the model: `UPDATE_SNAPSHOTS=1 cargo test -p auth-spec --test docs_sync`.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn updating() -> bool {
    std::env::var_os("UPDATE_SNAPSHOTS").is_some()
}

/// The text between `<!-- {marker}:start -->` and `<!-- {marker}:end -->`.
fn between<'a>(text: &'a str, marker: &str) -> (usize, usize, &'a str) {
    let start_tag = format!("<!-- {marker}:start -->\n");
    let end_tag = format!("<!-- {marker}:end -->");
    let start = text
        .find(&start_tag)
        .unwrap_or_else(|| panic!("README lacks {start_tag:?}"))
        + start_tag.len();
    let end = text[start..]
        .find(&end_tag)
        .unwrap_or_else(|| panic!("README lacks {end_tag:?}"))
        + start;
    (start, end, &text[start..end])
}

#[test]
fn schema_file_is_current() {
    let path = root().join("schema/authspec.schema.json");
    let want = auth_spec::json_schema();
    if updating() {
        std::fs::write(&path, &want).expect("write schema");
        return;
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "schema/authspec.schema.json is stale; rerun with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn readme_reference_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let want = auth_spec::reference_markdown();
    let (start, end, have) = between(&readme, "reference");
    if updating() {
        let updated = format!("{}{}{}", &readme[..start], want, &readme[end..]);
        std::fs::write(&path, updated).expect("write README");
        return;
    }
    assert!(
        have == want,
        "the README's field reference is stale; rerun with UPDATE_SNAPSHOTS=1"
    );
}

#[test]
fn readme_example_lints_clean() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, _, block) = between(&readme, "example");
    let yaml = block
        .strip_prefix("```yaml\n")
        .and_then(|b| b.strip_suffix("```\n"))
        .expect("the example is one ```yaml block");
    if let Err(e) = auth_spec::load_str("README example", yaml) {
        panic!("the README's example spec does not lint clean:\n{e}");
    }
}

#[test]
fn every_field_is_in_the_reference() {
    // A field added to the model without a doc comment would show an empty description.
    let reference = auth_spec::reference_markdown();
    for line in reference.lines().filter(|l| l.starts_with("| `")) {
        assert!(
            !line.trim_end().ends_with("|  |"),
            "undocumented field in the reference: {line}"
        );
    }
}

#[test]
fn readme_quickstart_is_the_example_file() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, _, block) = between(&readme, "quickstart-example");
    let example = std::fs::read_to_string(root().join("providers/pixee/examples/quickstart.rs"))
        .expect("example");
    assert_eq!(
        block,
        format!("```rust\n{example}```\n"),
        "the README's example is not providers/pixee/examples/quickstart.rs"
    );
}

#[test]
fn readme_errors_example_is_the_example_file() {
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README.md");
    let (_, _, block) = between(&readme, "errors-example");
    let example = std::fs::read_to_string(root().join("providers/weavz/examples/errors.rs"))
        .expect("example");
    assert_eq!(
        block,
        format!("```rust\n{example}```\n"),
        "the README's errors example is not providers/weavz/examples/errors.rs"
    );
}
