//! A thin proc-macro layer over `auth_spec::codegen`.
//!
//! ```ignore
//! #![doc = auth_derive::provider_doc!("pixee.yaml")]
//! auth_derive::provider!("pixee.yaml");
//! ```
//!
//! The path is relative to the crate's `Cargo.toml`. A spec with problems becomes one
//! `compile_error!` per problem, each naming the YAML file, line and column.
//!
//! Several providers can share one crate, one module each; the macro is then told the
//! module's path from the crate root, which names the crate-level scope macro apart
//! (`catalogue::klaviyo_scope!("lists:read")`):
//!
//! ```ignore
//! pub mod klaviyo {
//!     auth_derive::provider!("specs/klaviyo.yaml", module = klaviyo);
//! }
//! ```

use std::path::PathBuf;

use proc_macro::TokenStream;
use quote::quote_spanned;

/// Generate a provider's items (scopes, credentials, errors, client, validator, spec) from
/// its YAML spec: `provider!("pixee.yaml")`, or `provider!("specs/x.yaml", module = x)`
/// inside module `x` of a crate holding several providers.
#[proc_macro]
pub fn provider(input: TokenStream) -> TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    let module = args.module.as_ref().map(|p| {
        p.segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::")
    });
    with_spec(&args.file, |rel, found, text| {
        let options = auth_spec::codegen::Options {
            // Absolute: `local_file` paths are relative to the compiler's directory.
            yaml_path: Some(
                std::fs::canonicalize(found)
                    .unwrap_or_else(|_| found.to_owned())
                    .to_string_lossy()
                    .into_owned(),
            ),
            module,
        };
        auth_spec::codegen::generate(rel, text, &options)
    })
}

/// The arguments of `provider!`: the spec's path, and optionally `module = path`.
struct Args {
    file: syn::LitStr,
    module: Option<syn::Path>,
}

impl syn::parse::Parse for Args {
    fn parse(input: syn::parse::ParseStream<'_>) -> syn::Result<Self> {
        let file = input.parse()?;
        let mut module = None;
        if input.parse::<Option<syn::Token![,]>>()?.is_some() && !input.is_empty() {
            let key: syn::Ident = input.parse()?;
            if key != "module" {
                return Err(syn::Error::new(key.span(), "expected `module = path`"));
            }
            input.parse::<syn::Token![=]>()?;
            module = Some(input.call(syn::Path::parse_mod_style)?);
            input.parse::<Option<syn::Token![,]>>()?;
        }
        Ok(Self { file, module })
    }
}

/// The provider's crate documentation, from its spec, as a string literal.
#[proc_macro]
pub fn provider_doc(input: TokenStream) -> TokenStream {
    let lit = syn::parse_macro_input!(input as syn::LitStr);
    let rel = lit.value();
    // Problems are reported once, by `provider!`; the doc is then simply empty.
    let doc = read(&rel)
        .ok()
        .and_then(|(text, _)| auth_spec::load_str(&rel, &text).ok())
        .map(|spec| auth_spec::codegen::crate_doc(&spec))
        .unwrap_or_default();
    quote::quote!(#doc).into()
}

/// Read the spec: relative to the crate's `Cargo.toml`, or else to the file that invokes
/// the macro (so a test or example can keep its YAML beside it). Also returns the path it
/// was read from, for the compiler to track.
fn read(rel: &str) -> std::io::Result<(String, PathBuf)> {
    let dir = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_default();
    let in_crate = dir.join(rel);
    match std::fs::read_to_string(&in_crate) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let beside = proc_macro::Span::call_site()
                .local_file()
                .and_then(|f| f.parent().map(|p| p.join(rel)));
            match beside {
                Some(path) => std::fs::read_to_string(&path)
                    .map(|t| (t, path))
                    .map_err(|_| e),
                None => Err(e),
            }
        }
        other => other.map(|t| (t, in_crate)),
    }
}

fn with_spec(
    lit: &syn::LitStr,
    emit: impl FnOnce(
        &str,
        &std::path::Path,
        &str,
    ) -> Result<proc_macro2::TokenStream, auth_spec::Diagnostics>,
) -> TokenStream {
    let rel = lit.value();
    let span = lit.span();
    let (text, found) = match read(&rel) {
        Ok(t) => t,
        Err(e) => {
            let msg = format!("{rel}: cannot read spec: {e}");
            return quote_spanned!(span=> ::core::compile_error!(#msg);).into();
        }
    };
    match emit(&rel, &found, &text) {
        Ok(tokens) => tokens.into(),
        Err(diags) => {
            let errors = diags.iter().map(|d| {
                // `file:line:col: path: message`; the compiler adds its own "error:".
                let at = d
                    .path
                    .as_ref()
                    .map(|p| format!("{p}: "))
                    .unwrap_or_default();
                let msg = format!("{}:{}:{}: {at}{}", d.file, d.line, d.column, d.message);
                quote_spanned!(span=> ::core::compile_error!(#msg);)
            });
            quote::quote!(#(#errors)*).into()
        }
    }
}
