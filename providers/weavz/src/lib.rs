//! The weavz provider, as described by `weavz.yaml`.

/// The provider spec, exactly as written.
pub const SPEC_YAML: &str = include_str!("../weavz.yaml");
