//! The weevio provider, as described by `weevio.yaml`.

/// The provider spec, exactly as written.
pub const SPEC_YAML: &str = include_str!("../weevio.yaml");
