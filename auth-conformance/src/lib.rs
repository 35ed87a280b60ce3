//! Conformance vectors: a provider's documentation's own examples, kept in its spec
//! (`examples:`), run against both faces of the engine over real loopback HTTP.
//!
//! - A **request** vector (operation, sample credentials, parameters, and the exact wire
//!   form it must have) runs twice. Against the **engine**: the real [`auth_core::Client`]
//!   is built from the spec with the vector's values; the URL it would send to must have
//!   the documented origin, and the request it sends to a loopback recorder standing in for
//!   that origin must have the documented method, path, query, stated headers (and not the
//!   absent ones) and body. Against the **sandbox**: a sandbox whose keys are the vector's
//!   credentials must accept the wire request, replayed as documented, as the vector's
//!   operation; and for each credential, a sandbox whose key differs from it by one
//!   character must refuse it (so the credential is really checked where it travels).
//! - A **response** vector (status, headers, body) is served by a loopback server to the
//!   client sending an ordinary authenticated request; the error it reports must have
//!   the documented catalogue entry, kind, action and, where stated, message, code and
//!   retry delay.
//!
//! This crate is apart from the engine and the sandbox because it needs both (and an HTTP
//! client and server); neither of them needs the other. `authspec test` and the workspace
//! test that runs every spec in `providers/` both call [`run`].

#![warn(missing_docs)]

mod engine;
mod mismatch;
mod recorder;
mod response;
mod sandbox;

use std::sync::Arc;

use auth_spec::Spec;

pub use mismatch::{Check, Mismatch, VectorReport};

/// Run every conformance vector of `spec`, in order; one report per vector.
pub async fn run(spec: Arc<Spec>) -> Vec<VectorReport> {
    let mut reports = Vec::with_capacity(spec.examples.len());
    for (index, example) in spec.examples.iter().enumerate() {
        let mut checks = Vec::new();
        if let Some((req, wire)) = &example.request {
            checks.push((Check::Engine, engine::check(&spec, req, wire).await));
            checks.push((Check::Sandbox, sandbox::check(&spec, req, wire).await));
        }
        if let Some((resp, classified)) = &example.response {
            checks.push((
                Check::Classify,
                response::check(&spec, resp, classified).await,
            ));
        }
        reports.push(VectorReport {
            index,
            description: example.description.clone(),
            checks,
        });
    }
    reports
}

/// [`run`] on a runtime of its own, for callers that are not async (the CLI).
pub fn run_blocking(spec: Arc<Spec>) -> std::io::Result<Vec<VectorReport>> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok(rt.block_on(run(spec)))
}

/// An error and its sources, joined with ": " (each error shows its own message only).
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        out.push_str(": ");
        out.push_str(&s.to_string());
        source = s.source();
    }
    out
}
