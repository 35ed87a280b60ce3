//! What the generator emits for each of the five specs, checked in under `tests/output/`
//! so a change to the generator shows up as a readable diff.
//!
//! After an intended change: `UPDATE_SNAPSHOTS=1 cargo test -p auth-spec --features codegen
//! --test codegen_snapshots`, then review the diff.

use std::path::PathBuf;

fn check(name: &str) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let yaml = root.join(format!("../providers/{name}/{name}.yaml"));
    let text = std::fs::read_to_string(&yaml).expect("read spec");
    let options = auth_spec::codegen::Options {
        yaml_path: Some(format!("{name}.yaml")),
        module: None,
    };
    let got = auth_spec::codegen::expand(&format!("{name}.yaml"), &text, &options)
        .unwrap_or_else(|e| panic!("{e}"));
    let file = root.join(format!("tests/output/{name}.rs"));
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&file, &got).expect("write snapshot");
        return;
    }
    let want = std::fs::read_to_string(&file).unwrap_or_default();
    if got != want {
        let first = got
            .lines()
            .zip(want.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(got.lines().count().min(want.lines().count()));
        panic!(
            "generated code for {name} differs from {} at line {}:\n  got:  {:?}\n  want: {:?}\nrerun with UPDATE_SNAPSHOTS=1 and review the diff",
            file.display(),
            first + 1,
            got.lines().nth(first),
            want.lines().nth(first)
        );
    }
}

#[test]
fn weevio() {
    check("weevio");
}

#[test]
fn pixee() {
    check("pixee");
}

#[test]
fn weshape() {
    check("weshape");
}

#[test]
fn weavz() {
    check("weavz");
}

#[test]
fn weavy() {
    check("weavy");
}
