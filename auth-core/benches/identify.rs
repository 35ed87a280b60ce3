//! Identification cost with the five real specs vs 1,000 synthetic ones more, and against
//! two baselines over the same prefixes: a linear `starts_with` scan and a `RegexSet`.
//! Then the scale the issue asks about: 5, 1,005 and 10,005 specs with keys drawn from all
//! of them (by criterion, and interleaved: every set timed in turn, the fastest pass kept,
//! beside the reference look-up, one hash-map probe per prefix length), and the
//! memory an [`Identifier`] holds per prefix (counted by a global allocator that tracks
//! live bytes).
//!
//! `cargo bench -p auth-core --bench identify`

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::collections::HashMap;
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use auth_core::scan::identify::Identifier;
use auth_core::spec::Spec;
use criterion::{Criterion, criterion_group, criterion_main};
use foldhash::fast::FixedState;

/// Tracks the bytes currently allocated.
struct Live;

static LIVE: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts.
unsafe impl GlobalAlloc for Live {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        // SAFETY: the caller's layout is passed on unchanged.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: `ptr` came from `System.alloc` with this layout.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        // SAFETY: as for `dealloc`, and `new_size` is the caller's.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Live = Live;

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

fn real_specs() -> Vec<Spec> {
    REAL.iter()
        .map(|(f, t)| auth_spec::load_str(f, t).unwrap_or_else(|d| panic!("{d}")))
        .collect()
}

/// `n` specs generated as YAML text, each with its own `synthNNNN_live_`/`_test_` prefixes.
fn synthetic_specs(n: usize) -> Vec<Spec> {
    (0..n)
        .map(|i| {
            let name = format!("synth{i:04}");
            let yaml = auth_spec::template_spec(&name);
            auth_spec::load_str(&format!("{name}.yaml"), &yaml).unwrap_or_else(|d| panic!("{d}"))
        })
        .collect()
}

/// Keys every identifier is asked about: the real prefixes and some unknown strings.
fn queries() -> Vec<String> {
    let mut q: Vec<String> = [
        "pm_live_",
        "pm_test_",
        "wsk_live_",
        "wsk_test_",
        "wvz_",
        "mcpo_",
        "mcp_",
        "wyu_",
    ]
    .iter()
    .map(|p| format!("{p}a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6"))
    .collect();
    q.extend(
        [
            "sk_live_0123456789abcdef",
            "ghp_0123456789abcdef",
            "eyJhbGciOiJIUzI1NiJ9.e30.x",
            "u256",
        ]
        .map(String::from),
    );
    q
}

fn prefixes(specs: &[Spec]) -> Vec<String> {
    specs
        .iter()
        .flat_map(|s| s.credentials.values())
        .flat_map(|c| c.parts.values())
        .filter_map(|p| p.format.as_ref())
        .flat_map(|f| f.prefixes.iter().map(|p| p.prefix.clone()))
        .collect()
}

fn bench(c: &mut Criterion) {
    let real = real_specs();
    let mut many = real.clone();
    many.extend(synthetic_specs(1000));
    let small = Identifier::new(&real).expect("builds");
    let large = Identifier::new(&many).expect("builds");
    assert_eq!(large.prefix_count(), 2008);
    let q = queries();
    // Sanity: both answer the same for the real keys, and the large one knows synthetic keys.
    for k in &q {
        assert_eq!(
            small.identify(k).map(|i| i.credential),
            large.identify(k).map(|i| i.credential)
        );
    }
    assert_eq!(
        large.identify("synth0999_test_x").map(|i| i.provider),
        Some("synth0999")
    );

    let all = prefixes(&many);
    let set =
        regex::RegexSet::new(all.iter().map(|p| format!("^{}", regex::escape(p)))).expect("regex");

    let mut g = c.benchmark_group("identify");
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4));
    g.bench_function("identifier/5 specs", |b| {
        b.iter(|| {
            q.iter()
                .filter(|k| small.identify(black_box(k)).is_some())
                .count()
        })
    });
    g.bench_function("identifier/1005 specs", |b| {
        b.iter(|| {
            q.iter()
                .filter(|k| large.identify(black_box(k)).is_some())
                .count()
        })
    });
    g.bench_function("linear starts_with/1005 specs", |b| {
        b.iter(|| {
            q.iter()
                .filter(|k| {
                    let k = black_box(k.as_str());
                    all.iter()
                        .filter(|p| k.starts_with(p.as_str()))
                        .max_by_key(|p| p.len())
                        .is_some()
                })
                .count()
        })
    });
    g.bench_function("regex_set/1005 specs", |b| {
        b.iter(|| {
            q.iter()
                .filter(|k| set.matches(black_box(k)).iter().next().is_some())
                .count()
        })
    });
    g.finish();
}

/// Passes over each set's keys in the interleaved measure.
const PASSES: usize = 400;

/// Keys drawn from each set's providers.
const KEYS: usize = 4096;

/// Identify every key, keeping each identity (as a caller would read it), and count the
/// keys identified.
fn identify_each(id: &Identifier, keys: &[String]) -> usize {
    keys.iter()
        .filter(|k| black_box(id.identify(black_box(k))).is_some())
        .count()
}

/// The lighter look-up the issue set beside `identify`: one hash-map probe per distinct
/// prefix length, longest first, answering the provider's name. It checks no format (so
/// it takes keys `identify` refuses) and builds no identity.
struct ByLength {
    lengths: Vec<usize>,
    map: HashMap<String, usize, FixedState>,
    providers: Vec<String>,
}

impl ByLength {
    fn new(specs: &[Spec]) -> Self {
        let mut map = HashMap::with_hasher(FixedState::with_seed(7));
        let mut lengths = Vec::new();
        for (i, s) in specs.iter().enumerate() {
            for p in prefixes(std::slice::from_ref(s)) {
                lengths.push(p.len());
                map.entry(p).or_insert(i);
            }
        }
        lengths.sort_unstable_by(|a, b| b.cmp(a));
        lengths.dedup();
        let providers = specs.iter().map(|s| s.name.clone()).collect();
        ByLength {
            lengths,
            map,
            providers,
        }
    }

    fn find(&self, key: &str) -> Option<&str> {
        self.lengths
            .iter()
            .find_map(|&l| self.map.get(key.get(..l)?))
            .and_then(|&i| self.providers.get(i))
            .map(String::as_str)
    }

    fn find_each(&self, keys: &[String]) -> usize {
        keys.iter()
            .filter(|k| black_box(self.find(black_box(k))).is_some())
            .count()
    }
}

/// 5, 1,005 and 10,005 specs (the seed ones and random-named synthetic ones), 4,096 keys
/// drawn from all providers of each set; the heap an `Identifier` holds, per prefix.
fn scale(c: &mut Criterion) {
    let seed = common::seed();
    let mut sets = vec![seed.clone()];
    for n in [1000, 10_000] {
        let mut s = seed.clone();
        s.extend(common::synthetic(n, 7));
        sets.push(s);
    }
    let mut built = Vec::new();
    for specs in &sets {
        let before = LIVE.load(Ordering::Relaxed);
        let id = Identifier::new(specs).expect("builds");
        let held = LIVE.load(Ordering::Relaxed).saturating_sub(before);
        println!(
            "identifier with {} specs: {} prefixes, {held} bytes held, {} bytes per prefix",
            specs.len(),
            id.prefix_count(),
            held / id.prefix_count().max(1)
        );
        let mut secrets = common::Secrets::new(specs, 11);
        let keys: Vec<String> = (0..KEYS).map(|_| secrets.key()).collect();
        assert_eq!(
            identify_each(&id, &keys),
            keys.len(),
            "every key identified"
        );
        let by_length = ByLength::new(specs);
        // Both name the same provider for every key (these keys fit their formats).
        for k in &keys {
            assert_eq!(by_length.find(k), id.identify(k).map(|i| i.provider), "{k}");
        }
        built.push((specs.len(), id, keys, by_length));
    }
    let mut g = c.benchmark_group("identify_scale");
    g.sample_size(30)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    for (n, id, keys, _) in &built {
        g.throughput(criterion::Throughput::Elements(keys.len() as u64));
        g.bench_function(format!("{n} specs"), |b| b.iter(|| identify_each(id, keys)));
    }
    g.finish();
    // Every set timed in turn, pass after pass, the fastest pass of each kept: criterion
    // times its rows one after the other, and on a shared VM one row moves between runs
    // by more than the growth measured.
    let mut best = vec![(Duration::MAX, Duration::MAX); built.len()];
    for _ in 0..PASSES {
        for ((_, id, keys, by_length), best) in built.iter().zip(&mut best) {
            let t = Instant::now();
            black_box(identify_each(id, keys));
            best.0 = best.0.min(t.elapsed());
            let t = Instant::now();
            black_box(by_length.find_each(keys));
            best.1 = best.1.min(t.elapsed());
        }
    }
    println!(
        "interleaved, fastest of {PASSES} passes over {KEYS} keys each (identify; one hash-map probe per prefix length):"
    );
    let per = |d: Duration| d.as_secs_f64() * 1e9 / KEYS as f64;
    let (first, first_map) = (per(best[0].0), per(best[0].1));
    for ((n, ..), &(ours, map)) in built.iter().zip(&best) {
        println!(
            "  {n:>6} specs {:>6.1} ns a key: {:.2}x;  by length {:>5.1} ns: {:.2}x",
            per(ours),
            per(ours) / first,
            per(map),
            per(map) / first_map
        );
    }
}

criterion_group!(benches, bench, scale);
criterion_main!(benches);
