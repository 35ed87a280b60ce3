#![doc = auth_derive::provider_doc!("pixee.yaml")]
#![warn(missing_docs)]

auth_derive::provider!("pixee.yaml");
