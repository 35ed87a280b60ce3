//! The five real provider specs load and lint clean.

use std::path::PathBuf;

fn provider_yaml(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../providers/{name}/{name}.yaml"))
}

#[test]
fn all_five_specs_load_clean() {
    for name in ["weevio", "pixee", "weshape", "weavz", "weavy"] {
        let spec = auth_spec::load_file(provider_yaml(name)).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(spec.name, name);
    }
}
