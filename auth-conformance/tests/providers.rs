//! Every conformance vector of every spec in `providers/` (the five seed providers and the
//! catalogue) passes against the engine and the sandbox.

use std::path::{Path, PathBuf};
use std::sync::Arc;

fn specs(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read providers/")
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for e in entries {
        let name = e.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if e.is_dir() {
            // Test fixtures (deliberately broken specs) and build output are not specs.
            if !matches!(name, "target" | "tests" | "examples") && !name.starts_with('.') {
                specs(&e, out);
            }
        } else if name.ends_with(".yaml") {
            out.push(e);
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vector_of_every_provider_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers");
    let mut files = Vec::new();
    specs(&root, &mut files);
    assert!(files.len() >= 23, "found only {files:?}");
    let mut failures = Vec::new();
    let mut vectors = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read spec");
        let shown = file
            .strip_prefix(&root)
            .unwrap_or(file)
            .display()
            .to_string();
        let spec = auth_spec::load_str(&shown, &text).unwrap_or_else(|d| panic!("{d}"));
        for report in auth_conformance::run(Arc::new(spec)).await {
            vectors += 1;
            if !report.passed() {
                failures.push(format!("{shown}: {report}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {vectors} vectors fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(vectors >= 40, "only {vectors} vectors");
}
