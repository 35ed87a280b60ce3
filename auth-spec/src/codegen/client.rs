//! The typed `Client`: a builder that takes the typed credentials and context values, and
//! one method per operation the spec names, with typed request and response structs where
//! the documentation shows them. Every method calls into `auth_core::Client`.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use super::credentials::is_supplied;
use super::names::{camel_ident, ident};
use crate::Spec;
use crate::model::{
    FieldType, HttpMethod, Operation, OperationRole, ParamLocation, Payload, PayloadField,
};
use crate::naming::{camel, snake};

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let builder = builder(spec);
    let mut types = Vec::new();
    let methods: Vec<TokenStream> = spec
        .operations
        .iter()
        .map(|(name, op)| method(spec, name, op, &mut types))
        .collect();
    let replacers = spec
        .credentials
        .iter()
        .filter(|(_, c)| is_supplied(c) && c.is_api())
        .map(|(name, _)| {
            let ty = camel_ident(name);
            let f = format_ident!("replace_{}", snake(name));
            let doc = format!(
                "Use this [`{}`] for every request from now on. To rotate under traffic without losing a request, call the rotation inside [`::auth_core::Client::rotate`] (see [`Client::inner`]), which holds back refused requests until the new value is in place.",
                camel(name)
            );
            quote! {
                #[doc = #doc]
                pub fn #f(&self, credential: #ty) {
                    self.inner.update_credentials(move |creds| credential.clone().store(creds));
                }
            }
        });
    let title = &spec.title;
    let client_doc = format!(
        "A client for {title}: applies its authentication to any request, and offers the operations its documentation names."
    );
    let types_doc = format!(
        "Request and response bodies of {title}'s operations, as its documentation shows them."
    );
    quote! {
        #builder

        #[doc = #client_doc]
        #[derive(Clone, Debug)]
        pub struct Client {
            inner: ::auth_core::Client,
        }

        impl Client {
            /// Start building a client.
            pub fn builder() -> ClientBuilder {
                ClientBuilder {
                    inner: ::auth_core::Client::builder(spec_arc()),
                    creds: ::auth_core::Credentials::new(),
                }
            }

            /// A request to a path under the base URL (or an absolute URL on the same
            /// origin); credentials are applied when it is sent.
            pub fn request(&self, method: ::auth_core::__private::http::Method, path: &str) -> ::auth_core::client::RequestBuilder {
                self.inner.request(method, path)
            }

            #(#replacers)*

            /// The run-time client underneath, for everything not wrapped here.
            pub fn inner(&self) -> &::auth_core::Client {
                &self.inner
            }

            #(#methods)*
        }

        #[doc = #types_doc]
        pub mod types {
            #[allow(unused_imports)]
            use super::*;
            #(#types)*
        }
    }
}

fn builder(spec: &Spec) -> TokenStream {
    let setters = spec
        .credentials
        .iter()
        .filter(|(_, c)| is_supplied(c) && c.is_api())
        .map(|(name, c)| {
            let ty = camel_ident(name);
            let f = ident(&snake(name));
            let doc = format!("Authenticate with this [`{}`].", camel(name));
            let _ = c;
            quote! {
                #[doc = #doc]
                pub fn #f(mut self, credential: #ty) -> Self {
                    credential.store(&mut self.creds);
                    self
                }
            }
        });
    let params = spec.parameters.iter().map(|(name, p)| {
        let f = ident(&snake(name));
        let doc = format!(
            "{}{}",
            p.description,
            if p.required { " Required." } else { "" }
        );
        quote! {
            #[doc = #doc]
            pub fn #f(mut self, value: impl Into<String>) -> Self {
                self.creds = self.creds.with_param(#name, value);
                self
            }
        }
    });
    let env_reads = spec
        .credentials
        .iter()
        .filter(|(_, c)| is_supplied(c) && c.is_api() && c.parts.values().all(|p| p.env.is_some()))
        .map(|(name, _)| {
            let ty = camel_ident(name);
            quote! {
                match #ty::from_env() {
                    Ok(c) => c.store(&mut self.creds),
                    Err(::auth_core::EnvError::Missing { .. }) => {}
                    Err(e) => return Err(e),
                }
            }
        });
    let param_reads = spec.parameters.iter().filter_map(|(name, p)| {
        let var = p.env.as_ref()?;
        Some(quote! {
            if let Ok(v) = ::std::env::var(#var) {
                self.creds = self.creds.with_param(#name, v);
            }
        })
    });
    let base_env = spec.base_url.env.as_ref().map(|var| {
        quote! {
            if let Ok(url) = ::std::env::var(#var) {
                self.inner = self.inner.base_url(url);
            }
        }
    });
    quote! {
        /// Builds a [`Client`]: credentials, context values, base URL.
        pub struct ClientBuilder {
            inner: ::auth_core::ClientBuilder,
            creds: ::auth_core::Credentials,
        }

        impl ClientBuilder {
            #(#setters)*
            #(#params)*

            /// Read every credential and context value whose environment variable is set
            /// (and the base URL, where the spec names a variable for it). A set variable
            /// whose value has the wrong format is an error.
            pub fn from_env(mut self) -> ::core::result::Result<Self, ::auth_core::EnvError> {
                #(#env_reads)*
                #(#param_reads)*
                #base_env
                Ok(self)
            }

            /// Send requests to another base URL (a self-hosted server, a sandbox).
            pub fn base_url(mut self, url: impl Into<String>) -> Self {
                self.inner = self.inner.base_url(url);
                self
            }

            /// Place a credential or context value in another of the places the spec
            /// allows for it.
            pub fn prefer(mut self, name: &str, kind: ::auth_core::spec::model::PlacementKind) -> Self {
                self.inner = self.inner.prefer(name, kind);
                self
            }

            /// Tell `observer` about every authenticated call (metering).
            pub fn observer(mut self, observer: ::std::sync::Arc<dyn ::auth_core::Observer>) -> Self {
                self.inner = self.inner.observer(observer);
                self
            }

            /// Adjust the run-time client builder (retry policy, token cache, timeouts).
            pub fn configure(mut self, f: impl FnOnce(::auth_core::ClientBuilder) -> ::auth_core::ClientBuilder) -> Self {
                self.inner = f(self.inner);
                self
            }

            /// Build the client.
            pub fn build(self) -> ::core::result::Result<Client, Error> {
                let inner = self.inner.credentials(self.creds).build()?;
                Ok(Client { inner })
            }
        }
    }
}

/// One method for one operation.
fn method(spec: &Spec, name: &str, op: &Operation, types: &mut Vec<TokenStream>) -> TokenStream {
    let f = ident(&snake(name));
    let mut doc = op.description.clone();
    if !op.scopes.is_empty() {
        doc.push_str(&format!(
            "\n\nNeeds scope(s): `{}`.",
            op.scopes.join("`, `")
        ));
    }
    for r in &op.restrictions {
        if let Some(res) = spec.restrictions.get(r) {
            doc.push_str(&format!("\n\n{}", res.description));
        }
    }
    doc.push_str(&format!("\n\n`{} {}`", op.method.as_str(), op.path));
    let path_params: Vec<(&String, Ident)> = op
        .parameters
        .iter()
        .filter(|(_, p)| p.location == ParamLocation::Path)
        .map(|(n, _)| (n, ident(&snake(n))))
        .collect();
    // Fields filled from a credential (a login's email and password) are the engine's to
    // send; only what the caller chooses becomes an argument.
    let request_ty = op
        .request
        .as_ref()
        .filter(|r| r.additional_fields || r.fields.values().any(|f| f.from.is_none()))
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
    let subject = op
        .issues
        .as_ref()
        .and_then(|i| spec.credentials.get(&i.credential))
        .and_then(|c| c.subject.clone());
    let arg_names: Vec<&Ident> = path_params.iter().map(|(_, i)| i).collect();
    let arg_keys: Vec<&String> = path_params.iter().map(|(n, _)| *n).collect();
    // Query and header parameters: required ones are `&str` arguments, optional ones
    // `Option<&str>`.
    let mut extra_args = Vec::new();
    let mut extra_sets = Vec::new();
    for (pname, p) in op
        .parameters
        .iter()
        .filter(|(_, p)| p.location != ParamLocation::Path)
    {
        let arg = ident(&snake(pname));
        let set = match p.location {
            ParamLocation::Query => quote!(rb = rb.query(&[(#pname, v)]);),
            _ => quote!(rb = rb.header(#pname, v);),
        };
        if p.required {
            extra_args.push(quote!(#arg: &str,));
            extra_sets.push(quote!({ let v = #arg; #set }));
        } else {
            extra_args.push(quote!(#arg: Option<&str>,));
            extra_sets.push(quote!(if let Some(v) = #arg { #set }));
        }
    }
    let body_arg = request_ty.as_ref().map(|t| quote!(body: &types::#t,));
    let free_body =
        request_ty.is_none() && matches!(op.method, HttpMethod::Put | HttpMethod::Patch);
    let free_arg = free_body.then(|| quote!(body: &::auth_core::__private::serde_json::Value,));
    let exchange = op.issues.as_ref().filter(|_| {
        matches!(
            op.role,
            Some(OperationRole::Login | OperationRole::Refresh | OperationRole::IssueUserToken)
        )
    });
    if let Some(ex) = exchange {
        let cred = &ex.credential;
        let subject_arg = subject.as_ref().map(|s| ident(&snake(s)));
        let subject_val = match &subject_arg {
            Some(s) => quote!(Some(#s)),
            None => quote!(None),
        };
        let subject_param = subject_arg.as_ref().map(|s| quote!(#s: &str,));
        let fields = if request_ty.is_some() {
            quote! {
                match ::auth_core::__private::serde_json::to_value(body) {
                    Ok(::auth_core::__private::serde_json::Value::Object(m)) => m,
                    _ => ::auth_core::__private::serde_json::Map::new(),
                }
            }
        } else {
            quote!(::auth_core::__private::serde_json::Map::new())
        };
        let doc = format!(
            "{doc}\n\nThe `{cred}` token it returns is cached and used by later requests until shortly before it expires."
        );
        // The exchange fills its only path parameter, the subject, itself.
        return quote! {
            #[doc = #doc]
            pub async fn #f(&self, #subject_param #body_arg) -> ::core::result::Result<::std::sync::Arc<::auth_core::tokens::Token>, Error> {
                let fields = #fields;
                Ok(self.inner.run_exchange(#name, #subject_val, fields).await?)
            }
        };
    }
    let send_body = if request_ty.is_some() || free_body {
        quote!(.json(body))
    } else {
        quote!()
    };
    let (ret, finish) = match &response_ty {
        Some(t) => (
            quote!(types::#t),
            quote! {
                resp.json::<types::#t>().await.map_err(|e| Error::Client(::auth_core::ClientError::Config(
                    format!("the `{}` response is not the body the spec describes: {}", #name, e.without_url())
                )))
            },
        ),
        None => (
            quote!(::auth_core::__private::reqwest::Response),
            quote!(Ok(resp)),
        ),
    };
    quote! {
        #[doc = #doc]
        pub async fn #f(&self, #(#arg_names: &str,)* #(#extra_args)* #body_arg #free_arg) -> ::core::result::Result<#ret, Error> {
            #[allow(unused_mut)]
            let mut rb = self.inner.operation(#name, &[#((#arg_keys, #arg_names)),*]);
            #(#extra_sets)*
            let resp = rb #send_body .send().await?;
            #finish
        }
    }
}

/// A request or response struct from a payload's fields.
fn payload(ty: &Ident, p: &Payload, doc: &str, request: bool) -> TokenStream {
    let mut nested = Vec::new();
    let fields: Vec<TokenStream> = p
        .fields
        .iter()
        .map(|(wire, f)| field(ty, wire, f, request, &mut nested))
        .collect();
    let extra = p.additional_fields.then(|| {
        quote! {
            /// Further fields the provider accepts (profile data, for example).
            #[serde(flatten)]
            pub extra: ::auth_core::__private::serde_json::Map<String, ::auth_core::__private::serde_json::Value>,
        }
    });
    // Requests are built by callers (a struct literal, or `..Default::default()` when no
    // field is required); responses only by deserialisation, so they may grow fields.
    let all_optional = p.fields.values().all(|f| !f.required);
    let derive = match (request, all_optional) {
        (true, true) => {
            quote!(#[derive(Debug, Clone, Default, ::auth_core::__private::serde::Serialize)])
        }
        (true, false) => quote!(#[derive(Debug, Clone, ::auth_core::__private::serde::Serialize)]),
        (false, _) => {
            quote!(#[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)] #[non_exhaustive])
        }
    };
    let doc = p
        .description
        .as_ref()
        .map_or(doc.to_owned(), |d| format!("{doc} {d}"));
    quote! {
        #(#nested)*

        #[doc = #doc]
        #derive
        #[serde(crate = "::auth_core::__private::serde")]
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
    let name = ident(&snake(wire));
    let doc = f
        .description
        .clone()
        .unwrap_or_else(|| format!("The `{wire}` field."));
    let base = match f.ty {
        _ if f.secret => quote!(::auth_core::Secret),
        FieldType::String | FieldType::DateTime => quote!(String),
        FieldType::Integer => quote!(i64),
        FieldType::Boolean => quote!(bool),
        FieldType::Object => {
            quote!(::auth_core::__private::serde_json::Map<String, ::auth_core::__private::serde_json::Value>)
        }
        FieldType::Array if !f.items.is_empty() => {
            let item = format_ident!("{}{}", parent, camel(wire));
            let item_payload = Payload {
                description: None,
                fields: f.items.clone(),
                additional_fields: false,
            };
            nested.push(payload(
                &item,
                &item_payload,
                &format!("One element of `{wire}`."),
                request,
            ));
            quote!(Vec<#item>)
        }
        FieldType::Array => quote!(Vec<::auth_core::__private::serde_json::Value>),
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
    quote! {
        #[doc = #doc]
        #[serde(rename = #wire)]
        #attrs
        pub #name: #ty,
    }
}
