//! Real public APIs as authspec providers: one module per provider, each generated from
//! its spec in `specs/` (written from the provider's own documentation, sources cited).
//! One crate rather than one per provider keeps a cold build of the workspace short.
