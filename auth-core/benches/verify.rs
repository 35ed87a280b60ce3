//! Server-side verification at scale: `Verifier::verify` (Pixee, `X-API-Key`, an operation
//! with a scope) with 1 key and with 1,000,000 keys in a `MemoryKeyStore`, against a
//! hand-written SHA-256 + `HashMap` lookup of the same header over the same keys, in one
//! run; and 1 vs 2 threads (std threads, a fixed number of verifications each, wall time),
//! with the hand-written lookup as the control row (it scales only if a core is free).
//!
//! Two access patterns: one hot key (the same caller again and again), and keys drawn at
//! random from all 1,000,000 (every lookup likely a cache miss, for both sides).
//!
//! `cargo bench -p auth-core --features tower --bench verify`

use std::collections::HashMap;
use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use auth_core::server::{KeyRecord, MemoryKeyStore, Verified, Verifier};
use criterion::{Criterion, criterion_group};
use sha2::{Digest, Sha256};

const MANY: usize = 1_000_000;
/// Requests prepared for the random pattern (cycled through).
const QUERIES: usize = 4_096;

/// Poll a future that an in-memory store answers at once.
fn now<F: Future>(f: F) -> F::Output {
    match pin!(f).poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(v) => v,
        Poll::Pending => unreachable!("an in-memory store answers at once"),
    }
}

/// A deterministic key for index `i`: `pm_live_` and 32 characters (xorshift).
fn key(i: usize) -> String {
    let mut x = (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut s = String::from("pm_live_");
    const ABC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    for _ in 0..32 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        s.push(ABC[(x % 62) as usize] as char);
    }
    s
}

fn request(key: &str) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .uri("/api/v1/products")
        .header("X-API-Key", key)
        .body(Vec::new())
        .expect("request")
}

/// What the hand-written side keeps per key.
struct Record {
    id: String,
    scopes: Vec<String>,
}

/// The hand-written verifier: read the header, SHA-256 it, look the digest up, check the
/// scope, hand back the record.
struct Hand(HashMap<[u8; 32], Arc<Record>>);

impl Hand {
    fn verify(&self, req: &http::Request<Vec<u8>>) -> Option<Arc<Record>> {
        let key = req.headers().get("x-api-key")?.to_str().ok()?;
        let digest: [u8; 32] = Sha256::digest(key.as_bytes()).into();
        let r = self.0.get(&digest)?;
        r.scopes
            .iter()
            .any(|s| s == "products:read")
            .then(|| r.clone())
    }
}

struct Side {
    engine: Verifier,
    hand: Hand,
}

fn side(n: usize, spec: &Arc<auth_spec::Spec>) -> Side {
    let store = Arc::new(MemoryKeyStore::new());
    let mut hand = HashMap::with_capacity(n);
    for i in 0..n {
        let k = key(i);
        let mut r = KeyRecord::new(format!("key_{i}"), "api_key");
        r.scopes = Some(vec!["products:read".into()]);
        store.insert(r, [("key", k.as_str())]);
        hand.insert(
            Sha256::digest(k.as_bytes()).into(),
            Arc::new(Record {
                id: format!("key_{i}"),
                scopes: vec!["products:read".into()],
            }),
        );
    }
    Side {
        engine: Verifier::new(spec.clone(), store),
        hand: Hand(hand),
    }
}

fn ok(v: Result<Verified, auth_core::server::Rejection>) -> usize {
    v.map(|v| v.principal.map_or(0, |p| p.key_id().len()))
        .unwrap_or_else(|r| panic!("refused: {r}"))
}

const HITS: usize = 1_000_000;

/// Wall time for `threads` threads each making `HITS` calls of `f(i)`.
fn wall(threads: usize, f: &(impl Fn(usize) -> usize + Sync)) -> Duration {
    let barrier = std::sync::Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for t in 0..threads {
            let barrier = &barrier;
            s.spawn(move || {
                barrier.wait();
                let mut n = 0usize;
                for i in 0..HITS {
                    n = n.wrapping_add(f(i.wrapping_mul(7).wrapping_add(t * 1_013)));
                }
                black_box(n);
            });
        }
        barrier.wait();
        Instant::now()
    })
    .elapsed()
}

fn scaling(name: &str, f: impl Fn(usize) -> usize + Sync) {
    let runs = 3;
    let one = (0..runs).map(|_| wall(1, &f)).min().unwrap_or_default();
    let two = (0..runs).map(|_| wall(2, &f)).min().unwrap_or_default();
    let t1 = HITS as f64 / one.as_secs_f64();
    let t2 = 2.0 * HITS as f64 / two.as_secs_f64();
    println!(
        "{name}: 1 thread {:.2} M/s, 2 threads {:.2} M/s: {:.2}x",
        t1 / 1e6,
        t2 / 1e6,
        t2 / t1
    );
}

fn rss_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// Pixee's spec, the provider both sides verify.
fn pixee() -> Arc<auth_core::spec::Spec> {
    Arc::new(
        auth_spec::load_str(
            "pixee.yaml",
            include_str!("../../providers/pixee/pixee.yaml"),
        )
        .unwrap_or_else(|d| panic!("{d}")),
    )
}

fn bench(c: &mut Criterion) {
    let spec = pixee();
    let one = side(1, &spec);
    let before = rss_kib();
    let many = side(MANY, &spec);
    println!(
        "{MANY} keys: +{} MiB resident for both sides' tables together",
        (rss_kib().saturating_sub(before)) / 1024
    );
    let hot = request(&key(0));
    let random: Vec<_> = (0..QUERIES)
        .map(|i| request(&key((i * 2_654_435_761) % MANY)))
        .collect();
    // Every prepared request verifies on both sides.
    assert!(ok(now(many.engine.verify_request(&hot))) > 0);
    for r in &random {
        assert!(ok(now(many.engine.verify_request(r))) > 0);
        assert!(many.hand.verify(r).is_some());
    }

    println!("1 vs 2 threads, {HITS} verifications per thread (best of 3):");
    scaling("engine, 1,000,000 keys, random keys", |i| {
        ok(now(many.engine.verify_request(&random[i % QUERIES])))
    });
    scaling("engine, 1,000,000 keys, one hot key", |_| {
        ok(now(many.engine.verify_request(&hot)))
    });
    scaling("hand-written, 1,000,000 keys, random keys (control)", |i| {
        many.hand
            .verify(&random[i % QUERIES])
            .map_or(0, |r| r.id.len())
    });

    let mut g = c.benchmark_group("verify");
    g.bench_function("engine, 1 key", |b| {
        b.iter(|| ok(now(one.engine.verify_request(black_box(&hot)))))
    });
    g.bench_function("engine, 1,000,000 keys, hot key", |b| {
        b.iter(|| ok(now(many.engine.verify_request(black_box(&hot)))))
    });
    let mut i = 0;
    g.bench_function("engine, 1,000,000 keys, random keys", |b| {
        b.iter(|| {
            i = (i + 1) % QUERIES;
            ok(now(many.engine.verify_request(black_box(&random[i]))))
        })
    });
    g.bench_function("hand-written SHA-256 + HashMap, 1 key", |b| {
        b.iter(|| one.hand.verify(black_box(&hot)))
    });
    let mut i = 0;
    g.bench_function(
        "hand-written SHA-256 + HashMap, 1,000,000 keys, random keys",
        |b| {
            b.iter(|| {
                i = (i + 1) % QUERIES;
                many.hand.verify(black_box(&random[i]))
            })
        },
    );
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(30)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}

/// `VERIFY_PROFILE=engine|hand|setup|ratio [N]` (and `random`, below): only the 1-key side, `N` verifications
/// (default 100,000), no criterion: a short run for `valgrind --tool=callgrind` or `perf`,
/// whose instruction count per verification does not depend on the machine's load (`setup`
/// does the set-up alone: subtract it); `ratio` times batches of both sides in turn and
/// prints the fastest batch of each.
fn profile(mode: &str) {
    let spec = pixee();
    let one = side(1, &spec);
    let hot = request(&key(0));
    let n: usize = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(100_000);
    let mut sum = 0usize;
    if mode == "random" {
        random_ratios(&spec, &one, &hot, n);
        return;
    }
    if mode == "ratio" {
        // Batches of each side in turn; the fastest batch of each (the least disturbed by
        // other work on a shared machine).
        let batch = 10_000;
        let (mut engine, mut hand) = (Duration::MAX, Duration::MAX);
        for _ in 0..n.div_ceil(batch) {
            let t = Instant::now();
            for _ in 0..batch {
                sum = sum.wrapping_add(ok(now(one.engine.verify_request(black_box(&hot)))));
            }
            engine = engine.min(t.elapsed());
            let t = Instant::now();
            for _ in 0..batch {
                sum = sum.wrapping_add(one.hand.verify(black_box(&hot)).map_or(0, |r| r.id.len()));
            }
            hand = hand.min(t.elapsed());
        }
        let per = |d: Duration| d.as_secs_f64() * 1e9 / batch as f64;
        println!(
            "engine {:.1} ns, hand-written {:.1} ns: {:.2}x ({sum})",
            per(engine),
            per(hand),
            per(engine) / per(hand)
        );
        return;
    }
    for _ in 0..n {
        sum = sum.wrapping_add(match mode {
            "engine" => ok(now(one.engine.verify_request(black_box(&hot)))),
            "hand" => one.hand.verify(black_box(&hot)).map_or(0, |r| r.id.len()),
            _ => 0,
        });
    }
    println!("{mode}: {n} verifications ({sum})");
}

/// `VERIFY_PROFILE=random [N]`: with 1,000,000 keys too, batches of 10,000 of each of four
/// (engine and hand-written, 1 key and keys drawn at random from 1,000,000) in turn, `N`
/// verifications of each in all; prints the fastest batch of each and the ratios (the
/// sequential criterion rows of the random pattern swing by 2x or more on a shared machine).
fn random_ratios(spec: &Arc<auth_spec::Spec>, one: &Side, hot: &http::Request<Vec<u8>>, n: usize) {
    let many = side(MANY, spec);
    let random: Vec<_> = (0..QUERIES)
        .map(|i| request(&key((i * 2_654_435_761) % MANY)))
        .collect();
    let batch = 10_000;
    let mut best = [Duration::MAX; 4];
    let (mut i, mut sum) = (0usize, 0usize);
    for _ in 0..n.div_ceil(batch) {
        for (k, best) in best.iter_mut().enumerate() {
            let t = Instant::now();
            for _ in 0..batch {
                i = (i + 1) % QUERIES;
                sum = sum.wrapping_add(match k {
                    0 => ok(now(one.engine.verify_request(black_box(hot)))),
                    1 => ok(now(many.engine.verify_request(black_box(&random[i])))),
                    2 => one.hand.verify(black_box(hot)).map_or(0, |r| r.id.len()),
                    _ => many
                        .hand
                        .verify(black_box(&random[i]))
                        .map_or(0, |r| r.id.len()),
                });
            }
            *best = (*best).min(t.elapsed());
        }
    }
    let [e1, er, h1, hr] = best.map(|d| d.as_secs_f64() * 1e9 / batch as f64);
    println!(
        "engine: 1 key {e1:.1} ns, 1,000,000 random keys {er:.1} ns: {:.2}x; \
         hand-written: 1 key {h1:.1} ns, random {hr:.1} ns: {:.2}x; \
         engine vs hand-written: 1 key {:.2}x, random {:.2}x ({sum})",
        er / e1,
        hr / h1,
        e1 / h1,
        er / hr
    );
}

fn main() {
    if let Ok(mode) = std::env::var("VERIFY_PROFILE") {
        profile(&mode);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
