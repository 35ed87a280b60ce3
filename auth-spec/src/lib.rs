//! What a provider spec *is*: the language's model, loading with `file:line:col`
//! diagnostics, lint, JSON Schema export and (feature `codegen`) the code generator.
//!
//! A spec is read in two steps. The YAML becomes a raw serde form (private), which lint
//! checks; then every name written as a reference is resolved into a typed id, giving a
//! [`Spec`] the engine can trust: no lookup by name can fail after loading.
//!
//! ```
//! let yaml = include_str!("../../providers/pixee/pixee.yaml");
//! let spec = auth_spec::load_str("pixee.yaml", yaml).expect("the Pixee spec is clean");
//! assert_eq!(spec.scopes.len(), 14);
//! let api_key = spec.credentials.id("api_key").expect("declared");
//! assert_eq!(spec.default_auth[0].single(), Some(api_key));
//! ```

#![warn(missing_docs)]

#[cfg(feature = "codegen")]
pub mod codegen;
mod depth;
mod diag;
mod lint;
mod load;
mod locate;
pub mod model;
pub mod naming;
mod raw;
mod reference;
mod resolve;
mod schema;
mod template;

pub use depth::MAX_DEPTH;
pub use diag::{Diagnostic, Diagnostics, Rule};
pub use load::{Source, lint_set, load_file, load_json, load_set, load_str};
pub use model::Spec;
pub use reference::reference_markdown;
pub use schema::json_schema;
pub use template::template_spec;
