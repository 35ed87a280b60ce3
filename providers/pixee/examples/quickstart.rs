//! The generated Pixee crate end to end, with no network and no account: a sandbox on
//! 127.0.0.1, an API-key call, a refusal in Pixee's terms, and a login whose token is reused.
//!
//! Run it with `cargo run -p pixee --example quickstart`.

use pixee::{ApiKey, Client, Error, ErrorCode, Login};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Pixee's sandbox, enforcing pixee.yaml, with its public test keys.
    let sandbox = auth_sandbox::Sandbox::with_default_keys(pixee::spec().clone())?;
    let (base, _server) = sandbox.start().await?;

    // A key is checked when it is parsed: its prefix says production or test.
    let key = ApiKey::parse("pm_live_sandbox_all_scopes_0001")?;
    println!("{key:?} is a {:?} key", key.environment());
    let client = Client::builder().credential(key).base_url(&base).build()?;
    let products = client.list_products().await?;
    println!("GET /products -> {}", products.status());

    // A key without the scope: Pixee's 403 comes back as a typed error.
    let weak = Client::builder()
        .credential(ApiKey::parse("pm_test_sandbox_no_scopes_0003")?)
        .base_url(&base)
        .build()?;
    match weak.list_products().await {
        Err(e @ Error::Documented(ErrorCode::Forbidden, _)) => println!("refused: {e}"),
        other => println!("unexpected: {other:?}"),
    }

    // Email and password: the engine logs in once and reuses the 15-minute JWT.
    let user = Client::builder()
        .credential(Login::new("you@example.com", "sandbox-password")?)
        .base_url(&base)
        .build()?;
    for _ in 0..3 {
        user.list_products().await?;
    }
    // The token the three requests shared, from the engine's cache.
    let token = user.jwt().await?;
    println!("{token:?}: one login, reused until shortly before it expires");
    Ok(())
}
