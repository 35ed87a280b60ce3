//! The typed `Client`: one method per operation the spec names, typed request and response
//! structs where the documentation shows them, accessors for obtained tokens, and the
//! typed placement and parameter choices of the builder. Every method calls the generic
//! `auth_core::provider::Client` by the operation's id.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::marker;
use super::names::{camel_ident, ident};
use crate::Spec;
use crate::model::{FieldType, HttpMethod, Id, Operation, ParamLocation, Payload, PayloadField};
use crate::naming::{camel, snake};

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let marker = marker(spec);
    let mut types = Vec::new();
    let op_names: Vec<String> = spec.operations.values().map(|o| snake(&o.name)).collect();
    let methods: Vec<TokenStream> = spec
        .operations
        .iter()
        .map(|(id, op)| method(spec, id.index() as u32, op, &mut types))
        .collect();
    let tokens = spec
        .credentials
        .iter()
        .filter(|(id, c)| c.is_api() && spec.issuers(*id).next().is_some())
        .map(|(id, c)| {
            let index = id.index() as u32;
            let base = snake(&c.name);
            let f = if op_names.contains(&base) {
                format_ident!("{base}_token")
            } else {
                ident(&base)
            };
            let doc = format!(
                "The current `{}` token: the cached one, or one obtained now by a single exchange shared with every concurrent caller.",
                c.name
            );
            match &c.subject {
                Some(s) => {
                    let arg = ident(&snake(s));
                    quote! {
                        #[doc = #doc]
                        pub async fn #f(&self, #arg: &str) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
                            self.0.__token(#index, Some(#arg)).await
                        }
                    }
                }
                None => quote! {
                    #[doc = #doc]
                    pub async fn #f(&self) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
                        self.0.__token(#index, None).await
                    }
                },
            }
        });
    let title = &spec.title;
    let client_doc = format!(
        "A client for {title}: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names."
    );
    let types_doc = format!(
        "Request and response bodies of {title}'s operations, as its documentation shows them."
    );
    let choices = placements(spec);
    let params = params(spec);
    quote! {
        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client(::auth_core::provider::Client<#marker>);

        impl ::core::convert::From<::auth_core::provider::Client<#marker>> for Client {
            fn from(inner: ::auth_core::provider::Client<#marker>) -> Self {
                Self(inner)
            }
        }

        impl ::core::ops::Deref for Client {
            type Target = ::auth_core::provider::Client<#marker>;
            fn deref(&self) -> &Self::Target {
                &self.0
            }
        }

        impl Client {
            /// Start building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder::new()
            }

            #(#methods)*
            #(#tokens)*
        }

        #choices
        #params

        #[doc = #types_doc]
        pub mod types {
            #[allow(unused_imports)]
            use super::*;
            #(#types)*
        }
    }
}

/// `Placement`: every alternative of the credentials and parameters that have several.
fn placements(spec: &Spec) -> Option<TokenStream> {
    let mut variants = Vec::new();
    let mut arms = Vec::new();
    let mut docs = Vec::new();
    // The engine chooses among alternatives by kind (the first of that kind), so two
    // placements of one kind (Replicate's `Bearer` and legacy `Token` headers) are one
    // choice.
    let mut add = |name: &str, all: Vec<crate::model::PlacementKind>| {
        let mut kinds = all;
        let mut seen = Vec::new();
        kinds.retain(|k| {
            let first = !seen.contains(k);
            seen.push(*k);
            first
        });
        if kinds.len() < 2 {
            return;
        }
        for k in kinds {
            let v = format_ident!("{}{}", camel(name), camel(k.as_str()));
            let kind = camel_ident(k.as_str());
            docs.push(format!("`{name}` in {k}."));
            arms.push(quote!(Self::#v => (#name, ::auth_core::spec::model::PlacementKind::#kind)));
            variants.push(v);
        }
    };
    for c in spec.credentials.values() {
        add(&c.name, c.placements.iter().map(|p| p.kind()).collect());
    }
    for p in spec.parameters.values() {
        add(&p.name, p.placements.iter().map(|p| p.kind()).collect());
    }
    if variants.is_empty() {
        return None;
    }
    let marker = marker(spec);
    Some(quote! {
        /// Where to place a credential or context value that the spec allows in several
        /// places (see [`ClientBuilder::placement`](::auth_core::provider::ClientBuilder::placement)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Placement {
            #( #[doc = #docs] #variants, )*
        }

        impl ::auth_core::provider::PlacementChoice<#marker> for Placement {
            fn choice(self) -> (&'static str, ::auth_core::spec::model::PlacementKind) {
                match self { #(#arms,)* }
            }
        }
    })
}

/// `Param`: the context parameters, for [`ClientBuilder::param`].
fn params(spec: &Spec) -> Option<TokenStream> {
    if spec.parameters.is_empty() {
        return None;
    }
    let names: Vec<&str> = spec.parameters.names().collect();
    let variants: Vec<_> = names.iter().map(|n| camel_ident(n)).collect();
    let docs: Vec<String> = spec
        .parameters
        .values()
        .map(|p| {
            let mut d = p.description.clone();
            if p.required {
                d.push_str(" Required.");
            }
            if let Some(e) = &p.env {
                d.push_str(&format!(" Read from `{e}` by `from_env`."));
            }
            super::docs::linked(&d)
        })
        .collect();
    let marker = marker(spec);
    Some(quote! {
        /// A context value that travels with every request (see
        /// [`ClientBuilder::param`](::auth_core::provider::ClientBuilder::param)).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Param {
            #( #[doc = #docs] #variants, )*
        }

        impl ::auth_core::provider::ContextParam<#marker> for Param {
            fn name(self) -> &'static str {
                match self { #(Self::#variants => #names,)* }
            }
        }
    })
}

/// One method for one operation.
fn method(spec: &Spec, index: u32, op: &Operation, types: &mut Vec<TokenStream>) -> TokenStream {
    let f = ident(&snake(&op.name));
    let name = &op.name;
    let mut doc = op.description.clone();
    if !op.scopes.is_empty() {
        let scopes: Vec<&str> = op
            .scopes
            .iter()
            .map(|&s| spec.scopes[s].name.as_str())
            .collect();
        doc.push_str(&format!("\n\nNeeds scope(s): `{}`.", scopes.join("`, `")));
    }
    for &r in &op.restrictions {
        doc.push_str(&format!("\n\n{}", spec.restrictions[r].description));
    }
    let target = op.url.as_ref().map_or(op.path.as_str(), |u| u.as_str());
    doc.push_str(&format!("\n\n`{} {target}`", op.method.as_str()));
    let doc = super::docs::linked(&doc);
    let path_params: Vec<(&str, Ident)> = op
        .parameters
        .iter()
        .filter(|p| p.location == ParamLocation::Path)
        .map(|p| (p.name.as_str(), ident(&snake(&p.name))))
        .collect();
    // Fields filled from a credential (a login's email and password) are the engine's to
    // send; only what the caller chooses becomes an argument.
    let request_ty = op
        .request
        .as_ref()
        .filter(|r| {
            r.additional_fields
                || r.fields
                    .iter()
                    .any(|(_, f)| f.from.is_none() && f.value.is_none())
        })
        .map(|r| {
            let ty = format_ident!("{}Request", camel(name));
            types.push(payload(
                &ty,
                r,
                &format!("The body of a `{name}` request."),
                true,
            ));
            ty
        });
    let response_ty = op
        .response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .filter(|b| !b.fields.is_empty())
        .map(|b| {
            let ty = format_ident!("{}Response", camel(name));
            types.push(payload(
                &ty,
                b,
                &format!("The body of a `{name}` response."),
                false,
            ));
            ty
        });
    let body_arg = request_ty.as_ref().map(|t| quote!(body: &types::#t,));
    let body_val = if request_ty.is_some() {
        quote!(Some(body))
    } else {
        quote!(None)
    };
    if let Some(role) = op.role
        && role.is_exchange()
        && let Some(issued) = &op.issues
    {
        let cred = &spec.credentials[issued.credential];
        let subject_arg = cred.subject.as_ref().map(|s| ident(&snake(s)));
        let subject_val = match &subject_arg {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let subject_param = subject_arg.as_ref().map(|s| quote!(#s: &str,));
        let doc = format!(
            "{doc}\n\nThe `{}` token it returns is cached and used by later requests until shortly before it expires.",
            cred.name
        );
        // The exchange fills its only path parameter, the subject, itself.
        return quote! {
            #[doc = #doc]
            pub async fn #f(&self, #subject_param #body_arg) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
                self.0.__exchange(#index, #subject_val, #body_val).await
            }
        };
    }
    // Query and header parameters: required ones are `&str` arguments, optional ones
    // `Option<&str>`.
    let mut args = Vec::new();
    let mut pushes = Vec::new();
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location != ParamLocation::Path)
    {
        let arg = ident(&snake(&p.name));
        let wire = &p.name;
        let list = match p.location {
            ParamLocation::Query => quote!(query),
            _ => quote!(headers),
        };
        if p.required {
            args.push(quote!(#arg: &str,));
            pushes.push(quote!(#list.push((#wire, #arg));));
        } else {
            args.push(quote!(#arg: Option<&str>,));
            pushes.push(quote!(if let Some(v) = #arg { #list.push((#wire, v)); }));
        }
    }
    let free_body =
        request_ty.is_none() && matches!(op.method, HttpMethod::Put | HttpMethod::Patch);
    let (free_arg, body_val) = if free_body {
        (
            Some(quote!(body: &::auth_core::__codegen::serde_json::Value,)),
            quote!(Some(body)),
        )
    } else {
        (None, body_val)
    };
    let path_names: Vec<&str> = path_params.iter().map(|(n, _)| *n).collect();
    let path_args: Vec<&Ident> = path_params.iter().map(|(_, i)| i).collect();
    let has_query = op
        .parameters
        .iter()
        .any(|p| p.location == ParamLocation::Query);
    let has_headers = op
        .parameters
        .iter()
        .any(|p| p.location == ParamLocation::Header);
    let lists = (!pushes.is_empty()).then(|| {
        let q = has_query.then(|| quote!(let mut query: Vec<(&str, &str)> = Vec::new();));
        let h = has_headers.then(|| quote!(let mut headers: Vec<(&str, &str)> = Vec::new();));
        quote!(#q #h #(#pushes)*)
    });
    let query = if has_query {
        quote!(&query)
    } else {
        quote!(&[])
    };
    let headers = if has_headers {
        quote!(&headers)
    } else {
        quote!(&[])
    };
    let (ret, call) = match &response_ty {
        Some(t) => (quote!(types::#t), quote!(__send_json)),
        None => (quote!(::auth_core::reqwest::Response), quote!(__send)),
    };
    quote! {
        #[doc = #doc]
        pub async fn #f(&self, #(#path_args: &str,)* #(#args)* #body_arg #free_arg) -> ::core::result::Result<#ret, Error> {
            #lists
            self.0.#call(#index, &[#((#path_names, #path_args)),*], #query, #headers, #body_val).await
        }
    }
}

/// A request or response struct from a payload's fields.
fn payload(ty: &Ident, p: &Payload, doc: &str, request: bool) -> TokenStream {
    let mut nested = Vec::new();
    // A request's fields the engine fills (from a credential, or a constant or template)
    // are not the caller's to give.
    let fields: Vec<TokenStream> = p
        .fields
        .iter()
        .filter(|(_, f)| !request || (f.from.is_none() && f.value.is_none()))
        .map(|(wire, f)| field(ty, wire, f, request, &mut nested))
        .collect();
    let extra = p.additional_fields.then(|| {
        quote! {
            /// Further fields the provider accepts (profile data, for example).
            #[serde(flatten)]
            pub extra: ::auth_core::__codegen::serde_json::Map<String, ::auth_core::__codegen::serde_json::Value>,
        }
    });
    // Requests are built by callers (a struct literal, or `..Default::default()` when no
    // field is required); responses only by deserialisation, so they may grow fields.
    let all_optional = p
        .fields
        .iter()
        .filter(|(_, f)| !request || (f.from.is_none() && f.value.is_none()))
        .all(|(_, f)| !f.required);
    let derive = match (request, all_optional) {
        (true, true) => {
            quote!(#[derive(Debug, Clone, Default, ::auth_core::__codegen::serde::Serialize)])
        }
        (true, false) => quote!(#[derive(Debug, Clone, ::auth_core::__codegen::serde::Serialize)]),
        (false, _) => {
            quote!(#[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)] #[non_exhaustive])
        }
    };
    let doc = p
        .description
        .as_ref()
        .map_or(doc.to_owned(), |d| format!("{doc} {d}"));
    let doc = super::docs::linked(&doc);
    quote! {
        #(#nested)*

        #[doc = #doc]
        #derive
        #[serde(crate = "::auth_core::__codegen::serde")]
        pub struct #ty {
            #(#fields)*
            #extra
        }
    }
}

fn field(
    parent: &Ident,
    wire: &str,
    f: &PayloadField,
    request: bool,
    nested: &mut Vec<TokenStream>,
) -> TokenStream {
    let name_s = snake(wire);
    let name = ident(&name_s);
    let doc = f.description.clone().map_or_else(
        || format!("The `{wire}` field."),
        |d| super::docs::linked(&d),
    );
    let base = match f.ty {
        _ if f.secret => quote!(::auth_core::Secret),
        FieldType::String | FieldType::DateTime => quote!(String),
        FieldType::Integer => quote!(i64),
        FieldType::Boolean => quote!(bool),
        FieldType::Object => {
            quote!(::auth_core::__codegen::serde_json::Map<String, ::auth_core::__codegen::serde_json::Value>)
        }
        FieldType::Array if !f.items.is_empty() => {
            let item = format_ident!("{}{}", parent, camel(wire));
            let item_payload = Payload {
                description: None,
                fields: f.items.clone(),
                additional_fields: false,
                encoding: crate::model::BodyEncoding::Json,
            };
            nested.push(payload(
                &item,
                &item_payload,
                &format!("One element of `{wire}`."),
                request,
            ));
            quote!(Vec<#item>)
        }
        FieldType::Array => quote!(Vec<::auth_core::__codegen::serde_json::Value>),
    };
    let (ty, attrs) = if f.required {
        (base, quote!())
    } else if request {
        (
            quote!(Option<#base>),
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")]),
        )
    } else {
        (quote!(Option<#base>), quote!(#[serde(default)]))
    };
    // Rename only where the Rust name differs from the wire name.
    let rename = (name_s != wire).then(|| quote!(#[serde(rename = #wire)]));
    quote! {
        #[doc = #doc]
        #rename
        #attrs
        pub #name: #ty,
    }
}
