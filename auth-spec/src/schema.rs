//! JSON Schema of the spec language, for editors (yaml-language-server) and other tools.

/// The JSON Schema of the spec language (the YAML form of [`crate::Spec`]), pretty-printed, as kept in `schema/authspec.schema.json`.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(crate::raw::Spec);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}
