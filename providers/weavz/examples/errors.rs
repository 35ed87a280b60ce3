//! Acting on a provider's errors: the documented error it was classified as, and the parsed
//! code, message, details and rate-limit state, as typed values. Runs against Weavz's
//! sandbox on 127.0.0.1, which answers in Weavz's own error format.
//!
//! Run it with `cargo run -p weavz --example errors`.

use std::time::Duration;

use weavz::{ApiKey, Client, Error, ErrorCode};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // The sandbox's keys, with a window of two requests a minute so the third is refused.
    let mut keys = auth_sandbox::KeysFile::default_for(weavz::spec())?;
    keys.rate_limit = auth_sandbox::RateLimitConfig {
        limit: 2,
        window_seconds: 60,
    };
    let sandbox = auth_sandbox::Sandbox::new(weavz::spec().clone(), &keys)?;
    let (base, _server) = sandbox.start().await?;

    // A workspace-scoped key may not manage keys ("API key management requires an
    // org-wide key"): Weavz answers 403 FORBIDDEN.
    let scoped = Client::builder()
        .credential(ApiKey::parse("wvz_sandbox_workspace_ws1_0002")?)
        .base_url(&base)
        .build()?;
    let body = weavz::types::CreateKeyRequest {
        name: "Production Key".into(),
    };
    match scoped.create_key(&body).await {
        Err(Error::Documented(ErrorCode::Forbidden, e)) => {
            // The provider's own words, as its body wrote them.
            println!("{} {:?}: {:?}", e.status, e.code, e.message);
            println!("details: {:?}", e.details);
        }
        other => println!("unexpected: {other:?}"),
    }

    // The org-wide key: the second request of the window is the last one allowed.
    let client = Client::builder()
        .credential(ApiKey::parse("wvz_sandbox_org_wide_0001")?)
        .base_url(&base)
        .build()?;
    client.list_workspaces().await?;
    match client.list_workspaces().await {
        Err(Error::Documented(ErrorCode::RateLimitExceeded, e)) => {
            // Every limit the response reported, and how long to wait. The reset is a
            // minute away, beyond the default retry budget, so the client gave up at once
            // rather than sleep past it.
            let rl = &e.rate_limit;
            println!("rate limited: {:?} of {:?} left", rl.remaining, rl.limit);
            let wait = e.retry_after.unwrap_or(Duration::ZERO);
            println!("retry in {}s", wait.as_secs_f64().round());
        }
        Err(e) => return Err(e.into()),
        Ok(_) => println!("not limited yet"),
    }
    Ok(())
}
