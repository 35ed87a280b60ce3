//! Real public APIs as authspec providers: one module per provider, each generated from
//! its spec in `specs/` (written from the provider's own documentation, sources cited).
//! One crate rather than one per provider keeps a cold build of the workspace short.

pub mod box_platform {
    #![doc = auth_derive::provider_doc!("specs/box_platform.yaml")]
    auth_derive::provider!("specs/box_platform.yaml");
}
