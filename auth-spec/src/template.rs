//! The commented starting spec that `authspec new <name>` writes.

/// A template spec for a new provider called `name` (an identifier such as `acme`), which
/// lints clean as written.
pub fn template_spec(name: &str) -> String {
    let title = crate::naming::camel(name);
    let env = name.to_ascii_uppercase();
    include_str!("template.yaml")
        .replace("__TITLE__", &title)
        .replace("__NAME__", name)
        .replace("__ENV__", &env)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_lints_clean() {
        for name in ["acme", "my_api"] {
            let text = super::template_spec(name);
            let spec = crate::load_str("template.yaml", &text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(spec.name, name);
        }
    }
}
