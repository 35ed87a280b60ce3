#![doc = auth_derive::provider_doc!("weavz.yaml")]
#![warn(missing_docs)]

auth_derive::provider!("weavz.yaml");
