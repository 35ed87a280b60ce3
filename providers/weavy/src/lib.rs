//! The weavy provider, as described by `weavy.yaml`.

/// The provider spec, exactly as written.
pub const SPEC_YAML: &str = include_str!("../weavy.yaml");
