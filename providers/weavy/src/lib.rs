#![doc = auth_derive::provider_doc!("weavy.yaml")]
#![warn(missing_docs)]

auth_derive::provider!("weavy.yaml");
