//! Shared by the scanning tests: the real specs loaded from their YAML files, and keys
//! generated to fit (or to just miss) each key format they declare.

#![allow(dead_code)]

use auth_core::spec::Spec;
use auth_core::spec::model::Format;

pub fn load(path: &str) -> Spec {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    auth_spec::load_str(path, &text).unwrap_or_else(|d| panic!("{d}"))
}

pub fn root() -> String {
    format!("{}/..", env!("CARGO_MANIFEST_DIR"))
}

/// The five seed providers.
pub fn seed() -> Vec<Spec> {
    ["weevio", "pixee", "weshape", "weavz", "weavy"]
        .into_iter()
        .map(|n| load(&format!("{}/providers/{n}/{n}.yaml", root())))
        .collect()
}

/// The catalogue's real providers.
pub fn catalogue() -> Vec<Spec> {
    let dir = format!("{}/providers/catalogue/specs", root());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    files.sort();
    assert!(files.len() >= 18, "the catalogue's specs: {files:?}");
    files
        .iter()
        .map(|p| load(&p.display().to_string()))
        .collect()
}

/// The seed providers and the catalogue.
pub fn all_specs() -> Vec<Spec> {
    let mut s = seed();
    s.extend(catalogue());
    s
}

/// Every secret credential part with a prefixed format: `(provider, credential, part,
/// format)`.
pub fn prefixed_formats(specs: &[Spec]) -> Vec<(String, String, String, Format)> {
    let mut out = Vec::new();
    for s in specs {
        for c in s.credentials.values() {
            for p in c.parts.values().filter(|p| p.secret) {
                if let Some(f) = p.format.as_ref().filter(|f| !f.prefixes.is_empty()) {
                    out.push((s.name.clone(), c.name.clone(), p.name.clone(), f.clone()));
                }
            }
        }
    }
    out
}

/// The bytes a key body of `f` is made of.
fn class(f: &Format) -> Vec<u8> {
    match f.charset {
        Some(c) => (0..=255u8).filter(|&b| c.contains(b)).collect(),
        None => (0..=255u8)
            .filter(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
            .collect(),
    }
}

/// The length bounds of a key of `f` with `prefix`, prefix and suffix included.
fn bounds(f: &Format, prefix: &str) -> (usize, usize) {
    let fixed = prefix.len() + f.suffix.as_deref().map_or(0, str::len);
    match f.length {
        Some(l) => (l, l),
        None => {
            let lo = f.min_length.unwrap_or(fixed + 8).max(fixed + 1);
            (lo, f.max_length.unwrap_or(lo + 48).max(lo))
        }
    }
}

/// A key of `f` with `prefix`.
pub fn key(f: &Format, prefix: &str, rng: &mut fastrand::Rng) -> String {
    let class = class(f);
    let sfx = f.suffix.clone().unwrap_or_default();
    let (lo, hi) = bounds(f, prefix);
    let n = rng.usize(lo..=hi) - prefix.len() - sfx.len();
    let bounded = f.length.is_some() || f.min_length.is_some() || f.max_length.is_some();
    let mut body = String::new();
    for i in 0..n {
        // Keys with no charset and no length may have JWT-like dots and base64 inside.
        if f.charset.is_none() && !bounded && i > 0 && i + 1 < n && rng.u8(..8) == 0 {
            body.push(['.', '+', '/', '='][rng.usize(..4)]);
        } else {
            body.push(class[rng.usize(..class.len())] as char);
        }
    }
    format!("{prefix}{body}{sfx}")
}

/// Strings that start like a key of `f` with `prefix` but are not one.
pub fn near_misses(f: &Format, prefix: &str, rng: &mut fastrand::Rng) -> Vec<String> {
    let good = key(f, prefix, rng);
    let (lo, hi) = bounds(f, prefix);
    let sfx = f.suffix.clone().unwrap_or_default();
    let body_end = good.len() - sfx.len();
    let mut out = vec![prefix.to_owned(), format!("{prefix}{sfx}")];
    // A byte outside every body class in the middle of the body.
    let mid = prefix.len() + (body_end - prefix.len()) / 2;
    out.push(format!("{}!{}", &good[..mid], &good[mid..]));
    out.push(format!("{good}!"));
    if f.charset.is_some() || f.length.is_some() || f.max_length.is_some() {
        // A key character outside the charset, or one too many.
        out.push(format!("{}_{}", &good[..mid], &good[mid..]));
    }
    if f.length.is_some() || f.max_length.is_some() {
        let c = class(f);
        let extra = c[rng.usize(..c.len())] as char;
        out.push(format!("{}{extra}{}", &good[..body_end], &good[body_end..]));
    }
    if lo > prefix.len() + sfx.len() + 1 {
        let short = good[..body_end - 1].to_owned() + &sfx;
        out.push(short);
    }
    if !sfx.is_empty() {
        out.push(good[..body_end].to_owned());
    }
    let _ = hi;
    out
}
