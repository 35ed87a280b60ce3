//! Redaction throughput on five 100 MB corpora generated when the bench starts (a plain
//! application log, a JSON log with snake_case keys, an HTTP dump, the application log with
//! a few secrets per MB, and a worst case where every token is a candidate), with every
//! real spec loaded (the five seed providers and the catalogue): the redactor against the
//! same masking written with `regex` (see `common/baseline.rs`; byte-identical output is
//! asserted on each corpus) and against a plain copy of the buffer (the floor). Then the
//! same with 5, 1,005 and 10,005 specs loaded and keys drawn from all of them, and the cost
//! of `add_secret` at each size. After the first three corpora's rows it prints how much of
//! `redact_into` is memory traffic (see `where_time_goes`).
//!
//! `cargo bench -p auth-core --bench redact`

mod common;

use std::hint::black_box;
use std::time::{Duration, Instant};

use auth_core::Secret;
use auth_core::scan::redact::Redactor;
use auth_core::spec::Spec;
use common::baseline::Baseline;
use common::*;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn corpora(c: &mut Criterion) {
    let specs = real();
    let mut redactor = Redactor::new(&specs).expect("builds");
    redactor.add_secret(&Secret::new(ENV_SECRET)).expect("adds");
    let baseline = Baseline::new(&specs, &[ENV_SECRET]);
    let names = baseline.names();
    type Gen<'a> = Box<dyn Fn(&[Spec]) -> Vec<u8> + 'a>;
    let kinds: [(&str, Gen); 5] = [
        ("app_log", Box::new(app_log)),
        ("json_log", Box::new(json_log)),
        ("http_dump", Box::new(http_dump)),
        ("sparse_log", Box::new(sparse_log)),
        ("worst_case", Box::new(|s: &[Spec]| worst_case(s, &names))),
    ];
    for (name, generate) in kinds {
        let data = generate(&specs);
        // Both do the same work: identical output on the whole corpus, and something masked.
        let mut ours = Vec::with_capacity(data.len());
        redactor.redact_into(&data, &mut ours);
        let mut theirs = Vec::with_capacity(data.len());
        baseline.redact_into(&data, &mut theirs);
        if ours != theirs {
            let at = ours
                .iter()
                .zip(&theirs)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let from = at.saturating_sub(200);
            panic!(
                "{name}: the regex baseline and the redactor disagree at byte {at}:\nredactor: {}\nbaseline: {}",
                String::from_utf8_lossy(&ours[from..(at + 200).min(ours.len())]),
                String::from_utf8_lossy(&theirs[from..(at + 200).min(theirs.len())])
            );
        }
        assert!(ours.len() < data.len(), "{name}: nothing masked");
        let mut streamed = Vec::with_capacity(data.len());
        redactor
            .redact_stream(&data[..], &mut streamed)
            .expect("io");
        assert!(streamed == ours, "{name}: the stream differs");

        let mut g = c.benchmark_group(format!("redact_100MB/{name}"));
        g.throughput(Throughput::Bytes(data.len() as u64))
            .sample_size(10)
            .warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(6));
        let mut out = Vec::with_capacity(data.len() + (1 << 20));
        g.bench_function("copy (floor)", |b| {
            b.iter(|| {
                out.clear();
                out.extend_from_slice(black_box(&data));
                black_box(out.len())
            })
        });
        g.bench_function("redactor/redact_into", |b| {
            b.iter(|| {
                out.clear();
                redactor.redact_into(black_box(&data), &mut out);
                black_box(out.len())
            })
        });
        g.bench_function("redactor/redact_stream", |b| {
            b.iter(|| {
                out.clear();
                redactor
                    .redact_stream(black_box(&data[..]), &mut out)
                    .map(|_| out.len())
            })
        });
        g.bench_function("regex baseline", |b| {
            b.iter(|| {
                out.clear();
                baseline.redact_into(black_box(&data), &mut out);
                black_box(out.len())
            })
        });
        g.finish();
        if matches!(name, "app_log" | "json_log" | "http_dump") {
            where_time_goes(name, &redactor, &data, &mut out);
        }
    }
}

/// Passes of the interleaved measure below.
const SPLIT_PASSES: usize = 15;

/// How much of `redact_into` is memory: every variant timed in turn, the fastest of
/// [`SPLIT_PASSES`] kept. The whole corpus (input read from memory, output written to a
/// 100 MB buffer) against the same text in 256 KiB pieces, each redacted twice into a small
/// buffer: the first time with its input cold, the second with input and output in cache.
fn where_time_goes(name: &str, redactor: &Redactor, data: &[u8], out: &mut Vec<u8>) {
    const PIECE: usize = 256 * 1024;
    let mut small = Vec::with_capacity(2 * PIECE);
    let mut best = [Duration::MAX; 4];
    for _ in 0..SPLIT_PASSES {
        let t = Instant::now();
        out.clear();
        out.extend_from_slice(black_box(data));
        best[0] = best[0].min(t.elapsed());
        let t = Instant::now();
        out.clear();
        redactor.redact_into(black_box(data), out);
        best[1] = best[1].min(t.elapsed());
        let (mut cold, mut warm) = (Duration::ZERO, Duration::ZERO);
        for piece in data.chunks(PIECE) {
            for time in [&mut cold, &mut warm] {
                small.clear();
                let t = Instant::now();
                redactor.redact_into(black_box(piece), &mut small);
                *time += t.elapsed();
            }
        }
        best[2] = best[2].min(cold);
        best[3] = best[3].min(warm);
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let x = |d: Duration| d.as_secs_f64() / best[0].as_secs_f64();
    println!(
        "{name}, fastest of {SPLIT_PASSES} interleaved passes: copy {:.1} ms; redact_into {:.1} ms ({:.2}x); \
         in 256 KiB pieces, input cold {:.1} ms ({:.2}x), all in cache {:.1} ms ({:.2}x)",
        ms(best[0]),
        ms(best[1]),
        x(best[1]),
        ms(best[2]),
        x(best[2]),
        ms(best[3]),
        x(best[3]),
    );
}

/// An application log whose keys come from every loaded spec (3 lines in 4 carry one).
fn keys_log(specs: &[Spec], size: usize) -> Vec<u8> {
    let mut s = Secrets::new(specs, 9);
    let mut out = Vec::with_capacity(size + 1024);
    let mut n = 0u64;
    while out.len() < size {
        n += 1;
        out.extend_from_slice(
            format!(
                "2026-03-01T12:{:02}:{:02}Z INFO req={n:x} method=GET path=/v1/items status=200 retry_count=0",
                n % 60,
                n % 59
            )
            .as_bytes(),
        );
        if !n.is_multiple_of(4) {
            out.extend_from_slice(format!(" key={}", s.key()).as_bytes());
        }
        out.push(b'\n');
    }
    out
}

fn scale(c: &mut Criterion) {
    let seed = seed();
    let mut sets: Vec<(usize, Vec<Spec>)> = vec![(seed.len(), seed.clone())];
    for n in [1000, 10_000] {
        let mut s = seed.clone();
        s.extend(synthetic(n, 7));
        sets.push((s.len(), s));
    }
    let mut g = c.benchmark_group("redact_scale_32MB");
    g.sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    for (n, specs) in &sets {
        let t = Instant::now();
        let mut r = Redactor::new(specs).expect("builds");
        let built = t.elapsed();
        let t = Instant::now();
        r.add_secret(&Secret::new(ENV_SECRET)).expect("adds");
        let added = t.elapsed();
        println!("redactor with {n} specs: built in {built:?}; add_secret took {added:?}");
        let data = keys_log(specs, 32 << 20);
        let mut out = Vec::with_capacity(data.len());
        r.redact_into(&data, &mut out);
        assert!(out.len() < data.len());
        g.throughput(Throughput::Bytes(data.len() as u64));
        g.bench_function(format!("{n} specs"), |b| {
            b.iter(|| {
                out.clear();
                r.redact_into(black_box(&data), &mut out);
                black_box(out.len())
            })
        });
        g.bench_function(format!("{n} specs/add_secret"), |b| {
            b.iter_batched(
                || r.clone(),
                |mut r| r.add_secret(&Secret::new("another-secret-9f8e")).map(|_| r),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group!(benches, corpora, scale);
criterion_main!(benches);
