//! The client's real token hit (`Client::__token_hit`: the identity step of every attempt
//! of `Client::execute` whose credential is a cached token: the handle the client keeps,
//! its slot, its freshness) against an `Arc` clone measured in the same run; and hits on
//! one vs two threads (std threads, a fixed number of hits each, wall time), with each
//! thread cloning its own `Arc` as the control row: it scales only if the machine has a
//! core to spare.
//!
//! `cargo bench -p auth-core --bench tokens`

use std::hint::black_box;
use std::sync::Arc;
use std::time::{Duration, Instant};

use auth_core::client::tokens::{Token, TokenCache, TokenKey};
use auth_core::spec::model::CredentialId;
use auth_core::{Client, Credentials};
use criterion::{Criterion, criterion_group, criterion_main};

/// A Pixee client holding a login, whose `jwt` is in its token cache: every request it
/// sends for an operation that takes the JWT reads it from there.
fn client() -> (Client, CredentialId) {
    let spec = Arc::new(
        auth_spec::load_str(
            "pixee.yaml",
            include_str!("../../providers/pixee/pixee.yaml"),
        )
        .unwrap_or_else(|d| panic!("{d}")),
    );
    let cache = Arc::new(TokenCache::default());
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    // Stored inside a runtime, as the client stores tokens: its freshness timer runs
    // there (the bench ends long before the hour is up).
    rt.block_on(
        cache
            .handle(TokenKey::new("pixee", "jwt", None))
            .set(Token::new(
                "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1MSJ9.sig",
                Some(Duration::from_secs(3600)),
            )),
    );
    std::mem::forget(rt);
    let client = Client::builder(spec.clone())
        .credentials(
            Credentials::new()
                .with_part("login", "email", "you@example.com")
                .with_part("login", "password", "sandbox-password"),
        )
        .token_cache(cache)
        .build()
        .expect("client");
    let jwt = spec.credentials.id("jwt").expect("declared");
    (client, jwt)
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
    let (client, jwt) = client();
    assert!(client.__token_hit(jwt, None).is_some(), "the JWT is cached");
    let arc = Arc::new(Token::new("x", None));

    println!("hits on 1 vs 2 threads, {HITS} hits per thread (best of 3):");
    scaling("Client token hit", || {
        client.__token_hit(jwt, None).unwrap_or(0)
    });
    scaling("Arc clone, one Arc per thread (control)", || {
        thread_local!(static OWN: Arc<Token> = Arc::new(Token::new("x", None)));
        OWN.with(|a| Arc::clone(black_box(a)).value.expose().len())
    });

    let mut g = c.benchmark_group("token_hit");
    g.bench_function("Arc::clone + drop (baseline)", |b| {
        b.iter(|| black_box(Arc::clone(black_box(&arc))))
    });
    g.bench_function("Client token hit", |b| {
        b.iter(|| black_box(black_box(&client).__token_hit(black_box(jwt), None)))
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
