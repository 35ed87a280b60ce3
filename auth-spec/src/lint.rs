use crate::{Diagnostic, Spec};
pub fn lint(_file: &str, _text: &str, _spec: &Spec) -> Vec<Diagnostic> {
    Vec::new()
}
pub fn lint_set(_specs: &[(&str, &str, &Spec)]) -> Vec<Diagnostic> {
    Vec::new()
}
