#![doc = auth_derive::provider_doc!("weevio.yaml")]
#![warn(missing_docs)]

auth_derive::provider!("weevio.yaml");
