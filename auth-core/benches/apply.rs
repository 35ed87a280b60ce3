//! The client's real per-attempt work vs a careful hand-written reqwest client, for each
//! of the five real providers; with a counting global allocator, so the allocations of both
//! sides are compared too.
//!
//! Both sides start from the same unauthenticated `reqwest::Request` (built once, as a
//! request is before its attempts) and end with the attempt ready to send:
//! - engine: clone the request, then `Client::__prepare`, exactly what every attempt of
//!   `Client::execute` runs before sending (load the credentials held, choose the
//!   credential, apply it and the context values);
//! - hand-written: clone the request and insert a header name and value parsed once at
//!   start-up (and append the query value), as a careful engineer would.
//!
//! Before criterion's groups, both sides are also timed in alternating batches (the fastest
//! batch of each), which a shared machine disturbs least.
//!
//! `cargo bench -p auth-core --bench apply`

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth_core::client::SendOptions;
use auth_core::{Client, Credentials};
use base64::Engine as _;
use criterion::{Criterion, criterion_group, criterion_main};
use http::Method;
use http::header::{AUTHORIZATION, HeaderName, HeaderValue};

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

/// Batches per side, and attempts per batch, of the interleaved measure.
const BATCHES: usize = 200;
const BATCH: usize = 2_000;

const BASE: &str = "https://api.example.com";
const PATH: &str = "/v1/customers/42";

fn spec(yaml: &str, file: &str) -> Arc<auth_core::spec::Spec> {
    Arc::new(auth_spec::load_str(file, yaml).unwrap_or_else(|d| panic!("{d}")))
}

type Hand = Box<dyn Fn(&mut reqwest::Request)>;

struct Case {
    provider: &'static str,
    client: Client,
    hand: Hand,
}

fn header(name: &'static str, value: &str) -> Hand {
    let name = HeaderName::from_static(name);
    let mut value = HeaderValue::from_str(value).expect("a valid header value");
    value.set_sensitive(true);
    Box::new(move |r: &mut reqwest::Request| {
        r.headers_mut().insert(name.clone(), value.clone());
    })
}

fn client(
    spec: Arc<auth_core::spec::Spec>,
    vars: &'static [(&'static str, &'static str)],
) -> Client {
    let creds = Credentials::from_lookup(&spec, |k| {
        vars.iter()
            .find(|(n, _)| *n == k)
            .map(|(_, v)| (*v).to_owned())
    });
    Client::builder(spec)
        .base_url(BASE)
        .credentials(creds)
        .build()
        .expect("client")
}

fn cases() -> Vec<Case> {
    const ID: &str = "0b7c8f1e-2d3a-4b5c-9d8e-7f6a5b4c3d2e";
    const SECRET: &str = "s3cr3t-Yq9Zr4Tn8Wm2Kp6Lx1Hv5Bc7Dj3Fg0Sa";
    const TEAM: &str = "team-8842";
    const PIXEE: &str = "pm_live_4eC39HqLyjWDarjtT1zdp7dcXyZ0aB12";
    const WESHAPE: &str = "wsk_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0";
    const WEAVZ: &str = "wvz_Zx81Kq0Pm3Rt6Yu9Io2Lk5Jh8Gf1Ds4Aa7";
    const WEAVY: &str = "wys_7Hh2Kk9Lq4Zx1Cv8Bn3Mm6Nn0Pp5Qq2Rr9";
    let basic = {
        let encoded = base64::engine::general_purpose::STANDARD.encode(format!("{ID}:{SECRET}"));
        let mut v = HeaderValue::from_str(&format!("Basic {encoded}")).expect("valid");
        v.set_sensitive(true);
        v
    };
    vec![
        Case {
            provider: "weevio (Basic + teamID query)",
            client: client(
                spec(
                    include_str!("../../providers/weevio/weevio.yaml"),
                    "weevio.yaml",
                ),
                &[
                    ("WEEVIO_API_ID", ID),
                    ("WEEVIO_API_SECRET", SECRET),
                    ("WEEVIO_TEAM_ID", TEAM),
                ],
            ),
            hand: Box::new(move |r: &mut reqwest::Request| {
                r.headers_mut().insert(AUTHORIZATION, basic.clone());
                r.url_mut().query_pairs_mut().append_pair("teamID", TEAM);
            }),
        },
        Case {
            provider: "pixee (X-API-Key)",
            client: client(
                spec(
                    include_str!("../../providers/pixee/pixee.yaml"),
                    "pixee.yaml",
                ),
                &[("PIXEE_API_KEY", PIXEE)],
            ),
            hand: header("x-api-key", PIXEE),
        },
        Case {
            provider: "weshape (X-Api-Key)",
            client: client(
                spec(
                    include_str!("../../providers/weshape/weshape.yaml"),
                    "weshape.yaml",
                ),
                &[("WESHAPE_API_KEY", WESHAPE)],
            ),
            hand: header("x-api-key", WESHAPE),
        },
        Case {
            provider: "weavz (Bearer)",
            client: client(
                spec(
                    include_str!("../../providers/weavz/weavz.yaml"),
                    "weavz.yaml",
                ),
                &[("WEAVZ_API_KEY", WEAVZ)],
            ),
            hand: header("authorization", &format!("Bearer {WEAVZ}")),
        },
        Case {
            provider: "weavy (Bearer)",
            client: client(
                spec(
                    include_str!("../../providers/weavy/weavy.yaml"),
                    "weavy.yaml",
                ),
                &[("WEAVY_API_KEY", WEAVY)],
            ),
            hand: header("authorization", &format!("Bearer {WEAVY}")),
        },
    ]
}

fn engine(case: &Case, request: &reqwest::Request, opts: &SendOptions) -> reqwest::Request {
    let mut attempt = request.try_clone().expect("a buffered request");
    case.client
        .__prepare(&mut attempt, opts)
        .expect("a held credential never waits")
        .expect("applied");
    attempt
}

fn hand(case: &Case, request: &reqwest::Request) -> reqwest::Request {
    let mut attempt = request.try_clone().expect("a buffered request");
    (case.hand)(&mut attempt);
    attempt
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
    let cases = cases();
    // One request per provider, built as `RequestBuilder::build` does, before any attempt.
    let prepared: Vec<(reqwest::Request, SendOptions)> = cases
        .iter()
        .map(|c| {
            let (_, r, o) = c
                .client
                .request(Method::GET, PATH)
                .build()
                .expect("request");
            (r, o)
        })
        .collect();
    println!("allocations per attempt (count, bytes):");
    for (case, (req, opts)) in cases.iter().zip(&prepared) {
        assert_same(&engine(case, req, opts), &hand(case, req), case.provider);
        let ours = count(|| engine(case, req, opts));
        let theirs = count(|| hand(case, req));
        println!(
            "  {:<32} engine {:>2} ({:>4} B)   hand-written {:>2} ({:>4} B)",
            case.provider, ours.0, ours.1, theirs.0, theirs.1
        );
    }
    // Both sides timed in alternating batches, the fastest batch of each kept: the least
    // disturbed by other work, and by drift between criterion's groups (a shared VM moves
    // a group's time by more than the margin measured).
    println!("interleaved, fastest of {BATCHES} batches of {BATCH} attempts each (hand → Client):");
    for (case, (req, opts)) in cases.iter().zip(&prepared) {
        let (mut ours, mut theirs) = (Duration::MAX, Duration::MAX);
        for _ in 0..BATCHES {
            let t = Instant::now();
            for _ in 0..BATCH {
                black_box(hand(case, black_box(req)));
            }
            theirs = theirs.min(t.elapsed());
            let t = Instant::now();
            for _ in 0..BATCH {
                black_box(engine(case, black_box(req), black_box(opts)));
            }
            ours = ours.min(t.elapsed());
        }
        let per = |d: Duration| d.as_secs_f64() * 1e9 / BATCH as f64;
        println!(
            "  {:<32} {:>6.1} ns → {:>6.1} ns: {:.2}x",
            case.provider,
            per(theirs),
            per(ours),
            per(ours) / per(theirs)
        );
    }
    let mut g = c.benchmark_group("apply");
    for (case, (req, opts)) in cases.iter().zip(&prepared) {
        g.bench_function(
            format!("{} / hand-written, parsed once", case.provider),
            |b| b.iter(|| black_box(hand(case, black_box(req)))),
        );
        g.bench_function(format!("{} / Client per attempt", case.provider), |b| {
            b.iter(|| black_box(engine(case, black_box(req), black_box(opts))))
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
