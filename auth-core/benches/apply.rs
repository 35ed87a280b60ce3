//! Applying auth through the engine vs a hand-written `reqwest` builder setting the same
//! header, query and Basic values, for each of the five real providers; with a counting
//! global allocator, so the allocations of both sides are compared too.
//!
//! Pairing: both sides start from the same `reqwest::Client::get(url)` and end with an
//! authenticated `reqwest::Request` (dropped inside the timed loop on both sides).
//! - hand-written: `client.get(url).<auth calls>.build()`;
//! - engine: `client.get(url).build()`, then `Authenticator::apply(&mut request, ..)`, the
//!   per-attempt work `auth_core::Client` and the generated crates do.
//!
//! `cargo bench -p auth-core --bench apply`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use auth_core::{ApplyOptions, Authenticator, Credentials};
use criterion::{Criterion, criterion_group, criterion_main};

/// Counts every allocation (and reallocation) made through it.
struct Counting;

static ALLOCS: AtomicUsize = AtomicUsize::new(0);
static BYTES: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCS.fetch_add(1, Ordering::Relaxed);
        BYTES.fetch_add(new_size, Ordering::Relaxed);
        // SAFETY: same contract as the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations (count, bytes) made while running `f` once; the result is dropped after.
fn count<R>(f: impl FnOnce() -> R) -> (usize, usize) {
    let (a, b) = (ALLOCS.load(Ordering::SeqCst), BYTES.load(Ordering::SeqCst));
    let r = f();
    let out = (
        ALLOCS.load(Ordering::SeqCst) - a,
        BYTES.load(Ordering::SeqCst) - b,
    );
    drop(r);
    out
}

const URL: &str = "https://api.example.com/v1/customers/42";

fn spec(yaml: &str, file: &str) -> Arc<auth_core::spec::Spec> {
    Arc::new(auth_spec::load_str(file, yaml).unwrap_or_else(|d| panic!("{d}")))
}

struct Case {
    provider: &'static str,
    auth: Authenticator,
    hand: Box<dyn Fn(&reqwest::Client) -> reqwest::Request>,
}

fn cases() -> Vec<Case> {
    let env = |pairs: &'static [(&'static str, &'static str)]| {
        move |k: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let weevio = spec(
        include_str!("../../providers/weevio/weevio.yaml"),
        "weevio.yaml",
    );
    let pixee = spec(
        include_str!("../../providers/pixee/pixee.yaml"),
        "pixee.yaml",
    );
    let weshape = spec(
        include_str!("../../providers/weshape/weshape.yaml"),
        "weshape.yaml",
    );
    let weavz = spec(
        include_str!("../../providers/weavz/weavz.yaml"),
        "weavz.yaml",
    );
    let weavy = spec(
        include_str!("../../providers/weavy/weavy.yaml"),
        "weavy.yaml",
    );
    const ID: &str = "0b7c8f1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e";
    const SECRET: &str = "s3cr3t-Yq9Zr4Tn8Wm2Kp6Lx1Hv5Bc7Dj3Fg0Sa";
    const TEAM: &str = "team-8842";
    const PIXEE: &str = "pm_live_4eC39HqLyjWDarjtT1zdp7dcXyZ0aB12";
    const WESHAPE: &str = "wsk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const WEAVZ: &str = "wvz_Zx81Kq0Pm3Rt6Yu9Io2Lk5Jh8Gf1Ds4Aa7";
    const WEAVY: &str = "wys_7Hh2Kk9Lq4Zx1Cv8Bn3Mm6Nn0Pp5Qq2Rr9";
    vec![
        Case {
            provider: "weevio (Basic + teamID query)",
            auth: Authenticator::new(
                weevio.clone(),
                Credentials::from_lookup(
                    &weevio,
                    env(&[
                        ("WEEVIO_API_ID", ID),
                        ("WEEVIO_API_SECRET", SECRET),
                        ("WEEVIO_TEAM_ID", TEAM),
                    ]),
                ),
            ),
            hand: Box::new(|c| {
                c.get(URL)
                    .basic_auth(ID, Some(SECRET))
                    .query(&[("teamID", TEAM)])
                    .build()
                    .unwrap()
            }),
        },
        Case {
            provider: "pixee (X-API-Key)",
            auth: Authenticator::new(
                pixee.clone(),
                Credentials::from_lookup(&pixee, env(&[("PIXEE_API_KEY", PIXEE)])),
            ),
            hand: Box::new(|c| c.get(URL).header("X-API-Key", PIXEE).build().unwrap()),
        },
        Case {
            provider: "weshape (X-Api-Key)",
            auth: Authenticator::new(
                weshape.clone(),
                Credentials::from_lookup(&weshape, env(&[("WESHAPE_API_KEY", WESHAPE)])),
            ),
            hand: Box::new(|c| c.get(URL).header("X-Api-Key", WESHAPE).build().unwrap()),
        },
        Case {
            provider: "weavz (Bearer)",
            auth: Authenticator::new(
                weavz.clone(),
                Credentials::from_lookup(&weavz, env(&[("WEAVZ_API_KEY", WEAVZ)])),
            ),
            hand: Box::new(|c| c.get(URL).bearer_auth(WEAVZ).build().unwrap()),
        },
        Case {
            provider: "weavy (Bearer)",
            auth: Authenticator::new(
                weavy.clone(),
                Credentials::from_lookup(&weavy, env(&[("WEAVY_API_KEY", WEAVY)])),
            ),
            hand: Box::new(|c| c.get(URL).bearer_auth(WEAVY).build().unwrap()),
        },
    ]
}

fn engine(client: &reqwest::Client, auth: &Authenticator) -> reqwest::Request {
    let mut req = client.get(URL).build().unwrap();
    auth.apply(&mut req, &ApplyOptions::default()).unwrap();
    req
}

/// The two sides must produce the same request: same URL, same header values.
fn assert_same(a: &reqwest::Request, b: &reqwest::Request, provider: &str) {
    assert_eq!(a.url(), b.url(), "{provider}");
    assert_eq!(a.headers().len(), b.headers().len(), "{provider}");
    for (k, v) in a.headers() {
        assert_eq!(b.headers().get(k), Some(v), "{provider}: {k}");
    }
}

fn bench(c: &mut Criterion) {
    // As `auth_core::Client` does: ring as the TLS provider (the client is never used to send).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = reqwest::Client::new();
    let cases = cases();
    println!("allocations per request built (count, bytes):");
    for case in &cases {
        let ours = engine(&client, &case.auth);
        let hand = (case.hand)(&client);
        assert_same(&ours, &hand, case.provider);
        // Warm anything lazily initialised, then count.
        let ours_n = count(|| engine(&client, &case.auth));
        let hand_n = count(|| (case.hand)(&client));
        println!(
            "  {:<32} engine {:>2} ({:>4} B)   hand-written {:>2} ({:>4} B)",
            case.provider, ours_n.0, ours_n.1, hand_n.0, hand_n.1
        );
        assert!(
            ours_n.0 <= hand_n.0,
            "{}: the engine allocates more than the hand-written builder",
            case.provider
        );
    }
    let mut g = c.benchmark_group("apply");
    for case in &cases {
        g.bench_function(format!("{} / hand-written reqwest", case.provider), |b| {
            b.iter(|| black_box((case.hand)(black_box(&client))))
        });
        g.bench_function(format!("{} / Authenticator::apply", case.provider), |b| {
            b.iter(|| black_box(engine(black_box(&client), black_box(&case.auth))))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(40)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
