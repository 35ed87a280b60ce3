//! The weshape provider, as described by `weshape.yaml`.

/// The provider spec, exactly as written.
pub const SPEC_YAML: &str = include_str!("../weshape.yaml");
