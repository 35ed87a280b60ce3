//! Token-cache hits against an `Arc` clone measured in the same run, and readers on one
//! vs two threads (std threads, a fixed number of hits each, wall time).
//!
//! `cargo bench -p auth-core --bench tokens`

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_core::tokens::{Token, TokenCache, TokenHandle, TokenKey};
use criterion::{Criterion, criterion_group, criterion_main};

fn handle() -> TokenHandle {
    let cache = TokenCache::default();
    let h = cache.handle(TokenKey::new("pixee", "jwt", None));
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    rt.block_on(h.set(Token::new(
        "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.sig",
        Some(Duration::from_secs(3600)),
    )));
    h
}

const HITS: u64 = 20_000_000;

/// Wall time for `threads` threads each making `HITS` calls of `hit`.
fn wall(threads: usize, hit: impl Fn() -> usize + Sync) -> Duration {
    let barrier = std::sync::Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                barrier.wait();
                let mut n = 0usize;
                for _ in 0..HITS {
                    n = n.wrapping_add(hit());
                }
                black_box(n);
            });
        }
        barrier.wait();
        let start = Instant::now();
        // The scope joins every thread before returning.
        start
    })
    .elapsed()
}

/// As [`wall`], each thread making its own hit function with `make` (per-thread state).
fn wall_with<H: FnMut() -> usize>(threads: usize, make: &(impl Fn() -> H + Sync)) -> Duration {
    let barrier = std::sync::Barrier::new(threads + 1);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                let mut hit = make();
                barrier.wait();
                let mut n = 0usize;
                for _ in 0..HITS {
                    n = n.wrapping_add(hit());
                }
                black_box(n);
            });
        }
        barrier.wait();
        Instant::now()
    })
    .elapsed()
}

/// [`scaling`] with per-thread state.
fn scaling_with<H: FnMut() -> usize>(name: &str, make: impl Fn() -> H + Sync) {
    let runs = 3;
    let one = (0..runs)
        .map(|_| wall_with(1, &make))
        .min()
        .unwrap_or_default();
    let two = (0..runs)
        .map(|_| wall_with(2, &make))
        .min()
        .unwrap_or_default();
    let t1 = HITS as f64 / one.as_secs_f64();
    let t2 = 2.0 * HITS as f64 / two.as_secs_f64();
    println!(
        "{name}: 1 thread {:.1} M hits/s ({one:.2?}), 2 threads {:.1} M hits/s ({two:.2?}): {:.2}x",
        t1 / 1e6,
        t2 / 1e6,
        t2 / t1
    );
}

/// Throughput of two threads over one, best of `runs` for each.
fn scaling(name: &str, hit: impl Fn() -> usize + Sync) {
    let runs = 3;
    let one = (0..runs).map(|_| wall(1, &hit)).min().unwrap_or_default();
    let two = (0..runs).map(|_| wall(2, &hit)).min().unwrap_or_default();
    let t1 = HITS as f64 / one.as_secs_f64();
    let t2 = 2.0 * HITS as f64 / two.as_secs_f64();
    println!(
        "{name}: 1 thread {:.1} M hits/s ({one:.2?}), 2 threads {:.1} M hits/s ({two:.2?}): {:.2}x",
        t1 / 1e6,
        t2 / 1e6,
        t2 / t1
    );
}

fn bench(c: &mut Criterion) {
    let h = handle();
    assert!(h.with_current(|t| t.value.expose().len()).is_some());
    let arc = Arc::new(Token::new("x", None));

    println!("readers on 1 vs 2 threads, {HITS} hits per thread (best of 3):");
    scaling("with_current", || {
        h.with_current(|t| t.value.expose().len()).unwrap_or(0)
    });
    scaling_with("TokenReader::with_current (one reader per thread)", || {
        let mut r = h.reader();
        move || r.with_current(|t| t.value.expose().len()).unwrap_or(0)
    });
    scaling("current (Arc per hit)", || {
        h.current().map_or(0, |t| t.value.expose().len())
    });
    scaling("Arc clone of one shared Arc", || {
        Arc::clone(black_box(&arc)).value.expose().len()
    });

    let mut g = c.benchmark_group("token_hit");
    g.bench_function("Arc::clone + drop (baseline)", |b| {
        b.iter(|| black_box(Arc::clone(black_box(&arc))))
    });
    g.bench_function("TokenHandle::with_current", |b| {
        b.iter(|| black_box(&h).with_current(|t| black_box(t.value.expose().len())))
    });
    let mut reader = h.reader();
    g.bench_function("TokenReader::with_current", |b| {
        b.iter(|| reader.with_current(|t| black_box(t.value.expose().len())))
    });
    g.bench_function("TokenHandle::current", |b| {
        b.iter(|| black_box(black_box(&h).current()))
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(50)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench
}
criterion_main!(benches);
