//! The sandbox's state stays cheap and bounded (issue 14; issue 16 items 4–6).
//!
//! 1. API-key requests per second on a fresh Pixee sandbox, then after 100,000 logins
//!    (each leaves a live token and refresh token behind: 200,000 records), in one run;
//!    also as criterion rows (time per request, fresh and after).
//! 2. Resident memory while 1,000,000 requests with distinct bogus keys from distinct
//!    client addresses hit a Weavz sandbox (rate-limited: unauthenticated traffic is
//!    counted per address), and while 1,000,000 failed logins with distinct e-mails from
//!    distinct addresses hit the Pixee one (lockouts per address and account).
//!
//! Requests go through the sandbox's axum app in process (no sockets), so the figures are
//! the sandbox's own work.
//!
//! `cargo bench -p auth-sandbox --bench sandbox`

use std::hint::black_box;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::{Duration, Instant};

use auth_sandbox::{KeysFile, RateLimitConfig, Sandbox};
use axum::body::Body;
use axum::extract::connect_info::ConnectInfo;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Request;
use tower_service::Service;

fn spec(name: &str) -> auth_spec::Spec {
    let path = format!(
        "{}/../providers/{name}/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    auth_spec::load_str(&path, &text).unwrap_or_else(|d| panic!("{d}"))
}

fn sandbox(name: &str) -> axum::Router {
    let spec = spec(name);
    let mut keys = KeysFile::default_for(&spec).expect("keys");
    keys.rate_limit = RateLimitConfig {
        limit: 1_000,
        window_seconds: 3_600,
    };
    Sandbox::new(spec, &keys).expect("sandbox").router()
}

fn from(req: &mut Request<Body>, n: u32) {
    let ip = Ipv4Addr::from(0x0A00_0000 | (n & 0x00FF_FFFF));
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
}

fn get(key: &str, n: u32) -> Request<Body> {
    let mut r = Request::builder()
        .uri("/api/v1/products")
        .header("X-API-Key", key)
        .body(Body::empty())
        .expect("request");
    from(&mut r, n);
    r
}

fn login(email: &str, password: &str, n: u32) -> Request<Body> {
    let mut r = Request::builder()
        .method("POST")
        .uri("/api/v1/auth/login")
        .header("content-type", "application/json")
        .body(Body::from(format!(
            r#"{{"email":"{email}","password":"{password}"}}"#
        )))
        .expect("request");
    from(&mut r, n);
    r
}

async fn status(app: &mut axum::Router, req: Request<Body>) -> u16 {
    match app.call(req).await {
        Ok(res) => res.status().as_u16(),
        Err(e) => match e {},
    }
}

const KEY: &str = "pm_live_sandbox_all_scopes_0001";
const ROUND: u32 = 20_000;

/// API-key requests per second, best of 5 rounds of `ROUND`.
async fn rate(app: &mut axum::Router) -> f64 {
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let t = Instant::now();
        for i in 0..ROUND {
            // Each from its own address: the rate-limit bucket is the key's either way.
            assert_eq!(status(app, get(KEY, i)).await, 200);
        }
        best = best.min(t.elapsed());
    }
    f64::from(ROUND) / best.as_secs_f64()
}

fn rss_kib() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut pixee = sandbox("pixee");
    let mut fresh_app = sandbox("pixee");
    rt.block_on(async {
        let fresh = rate(&mut pixee).await;
        let t = Instant::now();
        for i in 0..100_000u32 {
            let s = status(&mut pixee, login("you@example.com", "sandbox-password", i)).await;
            assert_eq!(s, 200);
        }
        let logins = 100_000.0 / t.elapsed().as_secs_f64();
        let after = rate(&mut pixee).await;
        println!(
            "pixee API-key requests: fresh {:.0}/s, after 100,000 logins {:.0}/s: {:.2}x \
             (logins ran at {logins:.0}/s)",
            fresh,
            after,
            after / fresh
        );
    });

    let mut g = c.benchmark_group("sandbox_request");
    g.bench_function("API-key GET, fresh sandbox", |b| {
        b.iter(|| rt.block_on(status(&mut fresh_app, black_box(get(KEY, 1)))))
    });
    g.bench_function("API-key GET, after 100,000 logins", |b| {
        b.iter(|| rt.block_on(status(&mut pixee, black_box(get(KEY, 1)))))
    });
    g.finish();

    // Memory under floods of distinct callers.
    rt.block_on(async {
        let mut weavz = sandbox("weavz");
        let (start, _) = rss_kib();
        // Warm up the allocator and tables with a first round of distinct callers.
        for i in 0..100_000u32 {
            let mut r = Request::builder()
                .uri("/api/v1/workspaces")
                .header("Authorization", format!("Bearer wvz_bogus_{i:08}"))
                .body(Body::empty())
                .expect("request");
            from(&mut r, i);
            black_box(status(&mut weavz, r).await);
        }
        let (before, _) = rss_kib();
        for i in 100_000..1_100_000u32 {
            let mut r = Request::builder()
                .uri("/api/v1/workspaces")
                .header("Authorization", format!("Bearer wvz_bogus_{i:08}"))
                .body(Body::empty())
                .expect("request");
            from(&mut r, i);
            black_box(status(&mut weavz, r).await);
        }
        let (after, peak) = rss_kib();
        println!(
            "1,000,000 requests with distinct bogus keys from distinct addresses (weavz): \
             resident {} MiB at start, {} MiB after the first 100,000, {} MiB after \
             1,000,000 more (+{} KiB), peak {} MiB",
            start / 1024,
            before / 1024,
            after / 1024,
            after.saturating_sub(before),
            peak / 1024
        );

        let mut pixee = sandbox("pixee");
        let (start, _) = rss_kib();
        for i in 0..100_000u32 {
            black_box(status(&mut pixee, login(&format!("u{i}@x.example"), "wrong", i)).await);
        }
        let (before, _) = rss_kib();
        for i in 100_000..1_100_000u32 {
            black_box(status(&mut pixee, login(&format!("u{i}@x.example"), "wrong", i)).await);
        }
        let (after, peak) = rss_kib();
        println!(
            "1,000,000 failed logins with distinct e-mails from distinct addresses (pixee): \
             resident {} MiB at start, {} MiB after the first 100,000, {} MiB after \
             1,000,000 more (+{} KiB), peak {} MiB",
            start / 1024,
            before / 1024,
            after / 1024,
            after.saturating_sub(before),
            peak / 1024
        );
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
