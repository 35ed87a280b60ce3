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
