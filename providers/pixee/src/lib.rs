//! The pixee provider, as described by `pixee.yaml`.

/// The provider spec, exactly as written.
pub const SPEC_YAML: &str = include_str!("../pixee.yaml");
