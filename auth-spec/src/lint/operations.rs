//! Operations: their paths, the credentials, scopes and restrictions they name, and the
//! credentials they hand out.

use crate::diag::Rule;
use std::collections::HashMap;

use super::Findings;
use crate::raw::Spec;

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    // A token endpoint serves every grant at one URL, told apart by `grant_type`.
    let mut routes: HashMap<(&str, &str, Option<&str>), &str> = HashMap::new();
    for (name, op) in &spec.operations {
        let base = format!("operations.{name}");
        if !super::policy::is_ident(name) {
            f.at(
                Rule::Naming,
                &base,
                format!("operation name `{name}` must be lowercase letters, digits and `_`"),
            );
        }
        let at = op.path.as_deref().or(op.url.as_deref()).unwrap_or_default();
        let grant = op
            .request
            .as_ref()
            .and_then(|r| r.fields.get("grant_type"))
            .and_then(|g| g.value.as_deref());
        if let Some(first) = routes.insert((op.method.as_str(), at, grant), name) {
            f.at(
                Rule::Operation,
                format!("{base}.path"),
                format!("{} {at} is already operation `{first}`", op.method.as_str()),
            );
        }
        if let Some(s) = op.response.as_ref().and_then(|r| r.status)
            && !(200..=299).contains(&s)
        {
            f.at(
                Rule::Status,
                format!("{base}.response.status"),
                format!("status {s} is not a success status (200-299)"),
            );
        }
        if let Some(x) = &op.issues {
            super::exchange::issued_fields(op, x, &base, f);
            if let Some(field) = &x.lifetime_request_field
                && !op
                    .request
                    .as_ref()
                    .is_some_and(|r| r.fields.contains_key(field))
            {
                f.at(
                    Rule::Exchange,
                    format!("{base}.issues.lifetime_request_field"),
                    format!("`{field}` is not a field of the request body"),
                );
            }
        }
    }
}
