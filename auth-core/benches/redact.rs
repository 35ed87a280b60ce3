//! Redaction throughput on a 100 MB synthetic log, against a `regex`-based redactor doing
//! the same masking and against a plain copy of the buffer (the floor).
//!
//! `cargo bench -p auth-core --bench redact`

use std::hint::black_box;
use std::time::Duration;

use auth_core::Secret;
use auth_core::scan::redact::Redactor;
use auth_core::spec::Spec;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const REAL: [(&str, &str); 5] = [
    (
        "weevio.yaml",
        include_str!("../../providers/weevio/weevio.yaml"),
    ),
    (
        "pixee.yaml",
        include_str!("../../providers/pixee/pixee.yaml"),
    ),
    (
        "weshape.yaml",
        include_str!("../../providers/weshape/weshape.yaml"),
    ),
    (
        "weavz.yaml",
        include_str!("../../providers/weavz/weavz.yaml"),
    ),
    (
        "weavy.yaml",
        include_str!("../../providers/weavy/weavy.yaml"),
    ),
];

const PREFIXES: [&str; 8] = [
    "pm_live_",
    "pm_test_",
    "wsk_live_",
    "wsk_test_",
    "wvz_",
    "mcpo_",
    "mcp_",
    "wyu_",
];
const SECRET: &str = "Wv-9f8e7d6c5b4a39281706";
const SIZE: usize = 100 * 1024 * 1024;

/// About 100 MB of log lines; one line in eight carries a key, one in forty the secret,
/// and words like `some_mcp_handler` test the boundary rule.
fn log() -> Vec<u8> {
    let mut rng = fastrand::Rng::with_seed(7);
    let mut out = Vec::with_capacity(SIZE + 256);
    let words = [
        "GET",
        "POST",
        "/v3/archives",
        "status=200",
        "latency=12ms",
        "user=u1234",
        "some_mcp_handler",
        "retry=0",
        "region=eu-west-1",
        "ok",
        "request completed",
    ];
    let mut n = 0u64;
    while out.len() < SIZE {
        n += 1;
        out.extend_from_slice(
            format!("2026-03-01T12:{:02}:{:02}Z INFO req={n:x}", n % 60, n % 59).as_bytes(),
        );
        for _ in 0..rng.usize(4..9) {
            out.push(b' ');
            out.extend_from_slice(words[rng.usize(..words.len())].as_bytes());
        }
        if n.is_multiple_of(8) {
            let p = PREFIXES[rng.usize(..PREFIXES.len())];
            out.extend_from_slice(
                format!(" key={p}{:016x}{:016x}", rng.u64(..), rng.u64(..)).as_bytes(),
            );
        }
        if n.is_multiple_of(40) {
            out.extend_from_slice(format!(" apiSecret={SECRET}&teamID=7").as_bytes());
        }
        out.push(b'\n');
    }
    out
}

/// The same masking with `regex`: a boundary byte, a prefix and the key's body; or the secret.
struct RegexRedactor(regex::bytes::Regex);

impl RegexRedactor {
    fn new() -> Self {
        let alts: Vec<String> = PREFIXES.iter().map(|p| regex::escape(p)).collect();
        let re = format!(
            r"(?:(^|[^A-Za-z0-9_\-])({})(?:[A-Za-z0-9_\-]|[./+%][A-Za-z0-9_\-])+)|({})",
            alts.join("|"),
            regex::escape(SECRET)
        );
        RegexRedactor(regex::bytes::Regex::new(&re).expect("regex"))
    }

    fn redact_into(&self, text: &[u8], out: &mut Vec<u8>) {
        let mut last = 0;
        for c in self.0.captures_iter(text) {
            let Some(m) = c.get(0) else { continue };
            out.extend_from_slice(&text[last..m.start()]);
            if c.get(3).is_some() {
                out.extend_from_slice(b"***");
            } else {
                if let Some(b) = c.get(1) {
                    out.extend_from_slice(b.as_bytes());
                }
                if let Some(p) = c.get(2) {
                    out.extend_from_slice(p.as_bytes());
                }
                out.extend_from_slice(b"***");
            }
            last = m.end();
        }
        out.extend_from_slice(&text[last..]);
    }
}

fn bench(c: &mut Criterion) {
    let specs: Vec<Spec> = REAL
        .iter()
        .map(|(f, t)| auth_spec::load_str(f, t).unwrap_or_else(|d| panic!("{d}")))
        .collect();
    let mut redactor = Redactor::new(&specs).expect("builds");
    redactor.add_secret(&Secret::new(SECRET)).expect("adds");
    let data = log();
    let baseline = RegexRedactor::new();

    // Both do the same work: identical output on the whole log.
    let mut ours = Vec::with_capacity(data.len());
    redactor.redact_into(&data, &mut ours);
    let mut theirs = Vec::with_capacity(data.len());
    baseline.redact_into(&data, &mut theirs);
    assert!(
        ours == theirs,
        "the regex baseline and the redactor disagree"
    );
    assert!(ours.len() < data.len());
    let mut streamed = Vec::with_capacity(data.len());
    redactor
        .redact_stream(&data[..], &mut streamed)
        .expect("io");
    assert!(streamed == ours);

    let mut g = c.benchmark_group("redact_100MB");
    g.throughput(Throughput::Bytes(data.len() as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    let mut out = Vec::with_capacity(data.len());
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
    g.bench_function("redactor/redact_bytes (allocates)", |b| {
        b.iter(|| redactor.redact_bytes(black_box(&data)).len())
    });
    g.bench_function("regex baseline", |b| {
        b.iter(|| {
            out.clear();
            baseline.redact_into(black_box(&data), &mut out);
            black_box(out.len())
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
