//! `ErrorCode`: one variant per documented error in the spec's catalogue.

use proc_macro2::TokenStream;
use quote::quote;

use super::names::camel_ident;
use crate::Spec;

pub(crate) fn generate(spec: &Spec) -> TokenStream {
    let title = &spec.title;
    let variants: Vec<_> = spec
        .errors
        .catalogue
        .values()
        .map(|e| camel_ident(&e.name))
        .collect();
    let indexes: Vec<usize> = (0..variants.len()).collect();
    let docs: Vec<String> = spec
        .errors
        .catalogue
        .values()
        .map(|e| {
            let code = e
                .code
                .as_ref()
                .map(|c| format!(" `{c}`"))
                .unwrap_or_default();
            super::docs::linked(&format!(
                "{} ({}{code}).",
                e.description.trim_end_matches('.'),
                e.status
            ))
        })
        .collect();
    let doc = format!("The errors {title} documents, one variant per meaning.");
    let body = if variants.is_empty() {
        quote!(None)
    } else {
        quote! {
            match ::auth_core::spec::model::Id::index(id) {
                #( #indexes => Some(Self::#variants), )*
                _ => None,
            }
        }
    };
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ErrorCode {
            #( #[doc = #docs] #variants, )*
        }

        impl ::auth_core::provider::Catalogue for ErrorCode {
            fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
                #body
            }
        }
    }
}
