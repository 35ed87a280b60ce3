//! Issue 16, item 10: nesting far deeper than any spec needs is refused before the YAML
//! parser sees it, with a located error, by every entry point (`load_str`, `load_file`,
//! `lint_set`, and the generator the `provider!` macro calls), in memory that does not
//! grow with the depth.
//!
//! A counting allocator measures the peak heap growth of each load: before the fix, the
//! 30,000-deep block sequence took 2.77 GB in the position index.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// One measurement at a time (tests run on several threads).
static MEASURE: Mutex<()> = Mutex::new(());

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }
    unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
        unsafe { System.dealloc(p, layout) };
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static A: Counting = Counting;

/// Peak heap growth (bytes) while `f` runs, and its result.
fn peak_of<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let _one = MEASURE.lock().unwrap_or_else(|e| e.into_inner());
    let base = LIVE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let out = f();
    (PEAK.load(Ordering::Relaxed).saturating_sub(base), out)
}

/// The inputs: `a:` then `- - - … x` 30,000 deep (60 kB), and `a: [[[…]]]`
/// (200 kB, 100,000 deep).
fn attacks() -> Vec<(&'static str, String)> {
    vec![
        ("block", format!("a:\n{}x\n", "- ".repeat(30_000))),
        (
            "flow",
            format!("a: {}x{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        ),
        (
            "flow mappings",
            format!("a: {}x{}\n", "{b: ".repeat(40_000), "}".repeat(40_000)),
        ),
    ]
}

/// Where the 33rd level starts in each attack.
fn expected_position(name: &str) -> (usize, usize) {
    match name {
        // `a:` opens level 1; the 32nd `- ` (column 63) opens level 33.
        "block" => (2, 63),
        // `a:` is level 1; `[` number 32 (column 4 + 31) opens level 33.
        "flow" => (1, 35),
        "flow mappings" => (1, 4 + 31 * 4),
        _ => unreachable!(),
    }
}

const BOUND: usize = 4 << 20;

#[test]
fn load_str_refuses_deep_nesting_with_its_position() {
    for (name, text) in attacks() {
        let (peak, result) = peak_of(|| auth_spec::load_str("deep.yaml", &text));
        let diags = result.expect_err(name);
        let d = diags.first().expect("one problem");
        assert_eq!((d.line, d.column), expected_position(name), "{name}: {d}");
        assert!(d.message.contains("nesting deeper than 32"), "{name}: {d}");
        assert!(peak < BOUND, "{name}: peak heap growth {peak} bytes");
    }
}

#[test]
fn load_file_and_lint_refuse_it_too() {
    let dir = std::env::temp_dir().join(format!("authspec-deep-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for (name, text) in attacks() {
        let path = dir.join(format!("{}.yaml", name.replace(' ', "_")));
        std::fs::write(&path, &text).expect("written");
        let (peak, result) = peak_of(|| auth_spec::load_file(&path));
        let d = result.expect_err(name).0.remove(0);
        assert_eq!((d.line, d.column), expected_position(name), "{name}: {d}");
        assert!(peak < BOUND, "{name}: load_file peak {peak}");

        let source = auth_spec::Source::new("deep.yaml", text.clone());
        let (peak, found) = peak_of(|| auth_spec::lint_set(std::slice::from_ref(&source)));
        assert_eq!(found.len(), 1, "{name}: {found:?}");
        assert_eq!(
            (found[0].line, found[0].column),
            expected_position(name),
            "{name}"
        );
        assert!(peak < BOUND, "{name}: lint peak {peak}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What `auth_derive::provider!` calls: the generator's own load.
#[cfg(feature = "codegen")]
#[test]
fn the_generator_refuses_it() {
    let opts = auth_spec::codegen::Options::default();
    for (name, text) in attacks() {
        let (peak, result) = peak_of(|| auth_spec::codegen::generate("deep.yaml", &text, &opts));
        let d = result.expect_err(name).0.remove(0);
        assert_eq!((d.line, d.column), expected_position(name), "{name}: {d}");
        assert!(peak < BOUND, "{name}: generator peak {peak}");
    }
}

/// A spec at the limit still loads as far as its content allows (the limit refuses
/// depth, not size): 32 levels of flow nesting is only an unknown field here.
#[test]
fn nesting_at_the_limit_is_not_refused_for_depth() {
    let text = format!("a: {}x{}\n", "[".repeat(31), "]".repeat(31));
    let diags = auth_spec::load_str("ok.yaml", &text).expect_err("not a spec");
    assert!(
        diags.iter().all(|d| !d.message.contains("nesting deeper")),
        "{diags}"
    );
}
