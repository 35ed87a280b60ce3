//! Loading and linting 1,000 distinct specs (`auth_spec::load_str`) against parsing the
//! same texts to `serde_yaml_ng::Value` alone.
//!
//! `cargo bench -p auth-spec --bench load`

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const REAL: [(&str, &str); 5] = [
    ("weevio", include_str!("../../providers/weevio/weevio.yaml")),
    ("pixee", include_str!("../../providers/pixee/pixee.yaml")),
    (
        "weshape",
        include_str!("../../providers/weshape/weshape.yaml"),
    ),
    ("weavz", include_str!("../../providers/weavz/weavz.yaml")),
    ("weavy", include_str!("../../providers/weavy/weavy.yaml")),
];

/// 1,000 distinct spec texts: 500 from the `authspec new` template, 500 of the five real
/// specs renamed (`name: pixee0042`), with distinct key prefixes.
fn specs() -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(1000);
    for i in 0..1000 {
        if i % 2 == 0 {
            let name = format!("synth{i:04}");
            out.push((format!("{name}.yaml"), auth_spec::template_spec(&name)));
        } else {
            let (name, text) = REAL[(i / 2) % REAL.len()];
            let new = format!("{name}{i:04}");
            let text = text
                .replacen(&format!("name: {name}"), &format!("name: {new}"), 1)
                .replace("prefix: ", &format!("prefix: x{i:04}"));
            out.push((format!("{new}.yaml"), text));
        }
    }
    out
}

fn bench(c: &mut Criterion) {
    let specs = specs();
    for (f, t) in &specs {
        auth_spec::load_str(f, t).unwrap_or_else(|d| panic!("{f}: {d}"));
    }
    let bytes: usize = specs.iter().map(|(_, t)| t.len()).sum();
    println!("1000 specs, {bytes} bytes of YAML");
    let mut g = c.benchmark_group("load_1000_specs");
    g.throughput(Throughput::Bytes(bytes as u64))
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(6));
    g.bench_function("serde_yaml_ng::Value (baseline)", |b| {
        b.iter(|| {
            for (_, t) in &specs {
                let v: serde_yaml_ng::Value = serde_yaml_ng::from_str(black_box(t)).expect("yaml");
                black_box(v);
            }
        })
    });
    g.bench_function("auth_spec::load_str (load + lint)", |b| {
        b.iter(|| {
            for (f, t) in &specs {
                black_box(auth_spec::load_str(f, black_box(t)).is_ok());
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
