//! What a provider spec *is*: the serde model, loading with `file:line:col` diagnostics,
//! semantic lint, and JSON Schema export.
//!
//! ```
//! let yaml = include_str!("../../providers/pixee/pixee.yaml");
//! let spec = auth_spec::load_str("pixee.yaml", yaml).expect("the Pixee spec is clean");
//! assert_eq!(spec.scopes.len(), 14);
//! ```

#![warn(missing_docs)]

#[cfg(feature = "codegen")]
pub mod codegen;
mod diag;
mod lint;
mod load;
mod locate;
pub mod model;
pub mod naming;
mod reference;
mod schema;
mod template;

pub use diag::{Diagnostic, Diagnostics};
pub use lint::{lint, lint_set};
pub use load::{load_file, load_str, parse_str};
pub use model::Spec;
pub use reference::reference_markdown;
pub use schema::json_schema;
pub use template::template_spec;
