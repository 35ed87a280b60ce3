#![doc = auth_derive::provider_doc!("weshape.yaml")]
#![warn(missing_docs)]

auth_derive::provider!("weshape.yaml");
