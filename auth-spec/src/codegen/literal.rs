//! A spec as a Rust expression, so generated crates hold their spec without parsing YAML
//! (or anything else) at run time.
//!
//! The expression assumes `use <runtime>::spec::model::*;` and `IndexMap` in scope, which
//! the generator emits around it.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::model::*;

/// Something that can be written as a Rust expression constructing itself.
pub(crate) trait Lit {
    fn lit(&self) -> TokenStream;
}

impl Lit for String {
    fn lit(&self) -> TokenStream {
        quote!(#self.into())
    }
}

impl Lit for bool {
    fn lit(&self) -> TokenStream {
        quote!(#self)
    }
}

impl Lit for u16 {
    fn lit(&self) -> TokenStream {
        let v = proc_macro2::Literal::u16_unsuffixed(*self);
        quote!(#v)
    }
}

impl Lit for u32 {
    fn lit(&self) -> TokenStream {
        let v = proc_macro2::Literal::u32_unsuffixed(*self);
        quote!(#v)
    }
}

impl Lit for u64 {
    fn lit(&self) -> TokenStream {
        let v = proc_macro2::Literal::u64_unsuffixed(*self);
        quote!(#v)
    }
}

impl Lit for usize {
    fn lit(&self) -> TokenStream {
        let v = proc_macro2::Literal::usize_unsuffixed(*self);
        quote!(#v)
    }
}

impl<T: Lit> Lit for Option<T> {
    fn lit(&self) -> TokenStream {
        match self {
            Some(v) => {
                let v = v.lit();
                quote!(Some(#v))
            }
            None => quote!(None),
        }
    }
}

impl<T: Lit> Lit for Vec<T> {
    fn lit(&self) -> TokenStream {
        let items = self.iter().map(Lit::lit);
        quote!(vec![#(#items),*])
    }
}

impl<V: Lit> Lit for indexmap::IndexMap<String, V> {
    fn lit(&self) -> TokenStream {
        if self.is_empty() {
            return quote!(IndexMap::new());
        }
        let items = self.iter().map(|(k, v)| {
            let v = v.lit();
            quote!((#k.into(), #v))
        });
        quote!(IndexMap::from_iter([#(#items),*]))
    }
}

/// Unit enums: the variant's `Debug` name is its Rust name.
macro_rules! lit_unit_enum {
    ($($t:ident),* $(,)?) => {$(
        impl Lit for $t {
            fn lit(&self) -> TokenStream {
                let v = Ident::new(&format!("{self:?}"), Span::call_site());
                quote!($t::#v)
            }
        }
    )*};
}

lit_unit_enum!(
    CredentialKind,
    PlacementKind,
    MeteringUnit,
    RestrictionKind,
    ResetFormat,
    Topic,
    OperationRole,
    HttpMethod,
    ParamLocation,
    FieldType,
    BodyFormat,
    ErrorKind,
    ErrorAction,
);

/// Structs: every field, by name.
macro_rules! lit_struct {
    ($($t:ident { $($f:ident),* $(,)? })*) => {$(
        impl Lit for $t {
            fn lit(&self) -> TokenStream {
                $(let $f = self.$f.lit();)*
                quote!($t { $($f: #$f),* })
            }
        }
    )*};
}

lit_struct! {
    Spec {
        schema, spec_version, name, title, description, base_url, transport, metering,
        credentials, default_auth, parameters, scopes, restrictions, operations, errors,
        rate_limit, retry, undocumented,
    }
    BaseUrl { url, env, user_supplied, description }
    Transport { https_only, description }
    Metering { unit, description }
    Credential {
        description, kind, env, format, parts, placements, audience,
        default_lifetime_seconds, subject, shown_once, how_to_obtain, variants,
    }
    Part { description, env, secret, format }
    Format { prefixes, min_length, max_length, no_whitespace, require_non_digit }
    Prefix { prefix, environment, description }
    FieldPlacement { name, fields, preferred }
    Parameter { description, required, env, placements, missing_error, format }
    ParameterPlacement { location, name, preferred }
    Scope { description }
    Restriction { description, kind, error }
    Operation {
        description, role, method, path, auth, scopes, restrictions, parameters, request,
        response, issues, invalidates,
    }
    OperationParam { location, description, required, example, format }
    Payload { description, fields, additional_fields }
    Response { status, body, sets_cookies }
    PayloadField { ty, description, required, secret, from, items }
    Exchange { credential, token_field, expires_in_field, lifetime_request_field }
    Errors { body, catalogue }
    ErrorBody { format, message_field, code_field, details_field, description }
    ErrorEntry { status, code, message, description, kind, action }
    RateLimit {
        status, error, limit_header, remaining_header, reset_header, reset_format,
        on_every_response, description,
    }
    RetryPolicy { max_attempts, initial_delay_ms, max_delay_ms, max_elapsed_ms, honour_reset, description }
}

impl Lit for Placement {
    fn lit(&self) -> TokenStream {
        match self {
            Placement::Header {
                name,
                scheme,
                part,
                preferred,
            } => {
                let (name, scheme, part, preferred) =
                    (name.lit(), scheme.lit(), part.lit(), preferred.lit());
                quote!(Placement::Header { name: #name, scheme: #scheme, part: #part, preferred: #preferred })
            }
            Placement::Basic {
                username,
                password,
                preferred,
            } => {
                let (username, password, preferred) =
                    (username.lit(), password.lit(), preferred.lit());
                quote!(Placement::Basic { username: #username, password: #password, preferred: #preferred })
            }
            Placement::Query(f)
            | Placement::Form(f)
            | Placement::Json(f)
            | Placement::Body(f)
            | Placement::Cookie(f) => {
                let v = Ident::new(&format!("{:?}", self.kind()), Span::call_site());
                let f = f.lit();
                quote!(Placement::#v(#f))
            }
        }
    }
}
