//! Identifiers for generated code.

use proc_macro2::{Ident, Span};

use crate::naming::camel;

pub(crate) fn ident(s: &str) -> Ident {
    match s {
        "type" | "match" | "move" | "ref" | "self" | "super" | "crate" | "fn" | "impl" | "mod"
        | "use" | "loop" | "where" => Ident::new_raw(s, Span::call_site()),
        _ => Ident::new(s, Span::call_site()),
    }
}

pub(crate) fn camel_ident(name: &str) -> Ident {
    ident(&camel(name))
}

/// Names the generator gives items of its own in every provider crate.
const GENERATED: &[&str] = &[
    "Client",
    "ClientBuilder",
    "Environment",
    "Error",
    "ErrorCode",
    "Param",
    "Placement",
    "Scope",
    "ScopeSet",
    "Token",
    "UnknownScope",
    "Validator",
];

/// The type of a credential: its name in camel case (`api_key` → `ApiKey`), with
/// `Credential` after it when that is the name of a generated item (a credential named
/// `token` is `TokenCredential`, as `Token` is the exchanged token type).
pub(crate) fn credential_type(name: &str) -> Ident {
    let camel = camel(name);
    if GENERATED.contains(&camel.as_str()) {
        ident(&format!("{camel}Credential"))
    } else {
        ident(&camel)
    }
}
