//! Finding where a rule might apply: one pass over the text (see `filter`) for every
//! place name, key-prefix fragment, secret and generic marker.
//!
//! Each pattern is a row of byte sets: a place name allows both cases of its letters and
//! `-` or `_` for its separators, and is followed by a byte that can come between a name
//! and its value (`:`, `=`, a quote, a blank or `\\`); key-prefix fragments, secrets and
//! the generic markers are their exact bytes. What is searched for each pattern is its
//! *window*: the four positions of it least likely in text (`oriz` of `authorization`,
//! not `auth`; patterns share a window when one nearly as rare is already searched), so
//! that common words rarely stop the search; a hit at `m` stands for the pattern at
//! `m - offset`, and the rules then check the whole pattern on the original bytes.
//!
//! Key prefixes are searched by a *fragment*: their last few bytes. Prefixes that end the
//! same way share one (`_live_` for `pm_live_`, `wsk_live_` and every `…_live_` of ten
//! thousand specs), so the pattern set stays small however many specs are loaded; the
//! prefix itself is then looked up in the key table. A fragment stands for the end of a
//! prefix.

use std::collections::HashMap;

use super::filter::{ByteSet, Filter, Hit, Window};
use crate::scan::places::Name;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Trigger {
    /// A place name (index into the names).
    Name(u32),
    /// A key-prefix fragment (index into the fragments).
    Fragment(u32),
    /// `://`: a URL that may carry `user:password@`.
    Url,
    /// curl's `-u ` (found with the space or tab before it) or `--user`.
    Curl,
    /// A secret value (index into the secrets).
    Secret(u32),
}

/// A fragment and the lengths of the prefixes that end with it.
#[derive(Debug, Clone)]
pub(super) struct Fragment {
    pub text: Box<[u8]>,
    pub prefix_lens: Vec<usize>,
}

/// The patterns and the filter over their windows.
#[derive(Debug, Clone)]
pub(super) struct Search {
    filter: Filter,
    /// Per window: the range of its triggers in `triggers`.
    spans: Vec<(u32, u32)>,
    /// A trigger and how far before the window's hit its pattern starts.
    triggers: Vec<(Trigger, u32)>,
    /// The longest pattern, in bytes.
    pub max_pattern: usize,
    /// The largest offset of a window in its pattern.
    pub max_offset: usize,
}

/// Bytes that can follow a place name before its value: the closing quote of a quoted
/// name, a blank, or the separator.
const AFTER_NAME: &[u8] = b"\"'\\ \t:=";

/// How often a byte appears in logs and HTTP text, roughly, per thousand bytes (to pick
/// rare windows).
pub(super) fn weight(b: u8) -> f64 {
    let lower = |c: u8| -> f64 {
        match c {
            b'e' => 80.0,
            b't' => 60.0,
            b'a' => 55.0,
            b'o' | b'i' | b'n' => 50.0,
            b's' | b'r' => 45.0,
            b'h' | b'l' | b'd' => 30.0,
            b'c' | b'u' => 25.0,
            b'm' | b'p' => 20.0,
            b'f' | b'g' => 15.0,
            b'w' | b'y' => 12.0,
            b'b' => 10.0,
            b'v' => 8.0,
            b'k' => 6.0,
            b'x' => 3.0,
            b'j' => 2.0,
            _ => 1.0,
        }
    };
    match b {
        b' ' => 150.0,
        b'a'..=b'z' => lower(b),
        b'A'..=b'Z' => (lower(b.to_ascii_lowercase()) / 5.0).max(1.0),
        b'0'..=b'9' => 20.0,
        b'"' => 40.0,
        b':' | b'=' => 20.0,
        b',' | b'.' | b'/' => 15.0,
        b'-' | b'_' | b'\n' => 10.0,
        b'&' | b'\r' | b'\t' => 5.0,
        0x21..=0x7e => 2.0,
        _ => 1.0,
    }
}

/// Words nearly every HTTP dump or log carries many times (header names, JSON keys, log
/// fields), as written there: a window found inside one of them would stop the search
/// at every occurrence (`ncod` of a name `encoded` at each `Accept-Encoding`), however
/// rare its letters are in prose.
const COMMON_WORDS: &[&[u8]] = &[
    b"Accept-Encoding",
    b"Content-Encoding",
    b"Transfer-Encoding",
    b"Content-Type",
    b"Content-Length",
    b"Content-Disposition",
    b"Cache-Control",
    b"Connection",
    b"Keep-Alive",
    b"User-Agent",
    b"Accept-Language",
    b"X-Request-Id",
    b"X-Forwarded-For",
    b"X-RateLimit-Remaining",
    b"Set-Cookie",
    b"Location",
    b"application/json",
    b"charset=utf-8",
    b"timestamp",
    b"message",
    b"request_id",
    b"response",
    b"duration",
    b"service",
    b"status",
];

/// [`COMMON_WORDS`] as written and in lower case (HTTP/2 header names, logs).
static COMMON_FORMS: std::sync::LazyLock<Vec<Vec<u8>>> = std::sync::LazyLock::new(|| {
    COMMON_WORDS
        .iter()
        .flat_map(|w| [w.to_vec(), w.to_ascii_lowercase()])
        .collect()
});

/// The cost a window found inside a [`COMMON_WORDS`] word gets on top of its letters':
/// more than any choice within a factor of four of the rarest.
const COMMON_PENALTY: f64 = 8.0;

/// How unlikely a window is in text (lower: rarer): the log of the product of its sets'
/// weights.
fn cost(sets: &[ByteSet]) -> f64 {
    sets.iter()
        .map(|s| s.iter().map(weight).sum::<f64>().max(1.0).ln())
        .sum()
}

/// What a window costs on top of [`cost`]: [`COMMON_PENALTY`] when it is found inside a
/// [`COMMON_WORDS`] word.
fn penalty(sets: &[ByteSet]) -> f64 {
    let inside = |word: &[u8]| {
        word.windows(sets.len())
            .any(|w| w.iter().zip(sets).all(|(&b, s)| s.contains(b)))
    };
    if COMMON_FORMS.iter().any(|w| inside(w)) {
        COMMON_PENALTY
    } else {
        0.0
    }
}

/// The sets of a place name: either case of a letter, `-` or `_` for a separator, and
/// then a byte of [`AFTER_NAME`].
fn name_sets(text: &[u8]) -> Vec<ByteSet> {
    let mut sets: Vec<ByteSet> = text
        .iter()
        .map(|&b| match b {
            b'-' => ByteSet::of(b"-_"),
            _ => ByteSet::of(&[b.to_ascii_lowercase(), b.to_ascii_uppercase()]),
        })
        .collect();
    sets.push(ByteSet::of(AFTER_NAME));
    sets
}

fn exact_sets(text: &[u8]) -> Vec<ByteSet> {
    text.iter().map(|&b| ByteSet::of(&[b])).collect()
}

/// Fragments for `prefixes`: the last `k` bytes of each, for the largest `k` from 6 down
/// to 3 that keeps the set at 16 or fewer (a short prefix is its own fragment).
pub(super) fn fragments<'a>(prefixes: impl Iterator<Item = &'a str>) -> Vec<Fragment> {
    let prefixes: Vec<&[u8]> = prefixes.map(str::as_bytes).collect();
    let tail = |p: &[u8], k: usize| p[p.len().saturating_sub(k)..].to_vec();
    let mut k = 6;
    loop {
        let mut by_text: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        for p in &prefixes {
            let lens = by_text.entry(tail(p, k)).or_default();
            if !lens.contains(&p.len()) {
                lens.push(p.len());
            }
        }
        if by_text.len() <= 16 || k == 3 {
            let mut out: Vec<Fragment> = by_text
                .into_iter()
                .map(|(text, mut prefix_lens)| {
                    prefix_lens.sort_unstable_by(|a, b| b.cmp(a));
                    Fragment {
                        text: text.into(),
                        prefix_lens,
                    }
                })
                .collect();
            out.sort_by(|a, b| a.text.cmp(&b.text));
            return out;
        }
        k -= 1;
    }
}

impl Search {
    /// The search for `names`, `fragments` and `secrets`, with the generic markers when
    /// `generic` is set. `None` when there is nothing to look for.
    pub(super) fn build(
        names: &[Name],
        fragments: &[Fragment],
        secrets: &[&[u8]],
        generic: bool,
    ) -> Option<Search> {
        let mut patterns: Vec<(Vec<ByteSet>, Trigger)> = Vec::new();
        for (i, n) in names.iter().enumerate() {
            patterns.push((name_sets(&n.text), Trigger::Name(i as u32)));
        }
        for (i, f) in fragments.iter().enumerate() {
            patterns.push((exact_sets(&f.text), Trigger::Fragment(i as u32)));
        }
        if generic {
            patterns.push((exact_sets(b"://"), Trigger::Url));
            let curl = vec![
                ByteSet::of(b" \t"),
                ByteSet::of(b"-"),
                ByteSet::of(b"uU"),
                ByteSet::of(b" "),
            ];
            patterns.push((curl, Trigger::Curl));
            patterns.push((exact_sets(b"--user"), Trigger::Curl));
        }
        for (i, s) in secrets.iter().enumerate() {
            patterns.push((exact_sets(s), Trigger::Secret(i as u32)));
        }
        patterns.retain(|(sets, _)| !sets.is_empty());
        if patterns.is_empty() {
            return None;
        }
        let max_pattern = patterns.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        // Windows: the rarest four positions of each pattern, or one already chosen that
        // is at most four times as likely (fewer windows: fewer shared buckets). Short
        // patterns, with the fewest choices, choose first.
        const WIDTH: usize = 4;
        patterns.sort_by_key(|(s, _)| s.len());
        let mut windows: Vec<Window> = Vec::new();
        let mut by_window: HashMap<Window, usize> = HashMap::new();
        let mut of_window: Vec<Vec<(Trigger, u32)>> = Vec::new();
        for (sets, trigger) in &patterns {
            let w = WIDTH.min(sets.len());
            // By the letters' cost first; the common-word check (a scan of the list) only
            // for the choices that could still win.
            let mut choices: Vec<(usize, f64)> = (0..=sets.len() - w)
                .map(|o| (o, cost(&sets[o..o + w])))
                .collect();
            choices.sort_by(|a, b| a.1.total_cmp(&b.1));
            let total = |o: usize, c: f64| c + penalty(&sets[o..o + w]);
            let mut best = (0, f64::INFINITY);
            for &(o, c) in &choices {
                if c >= best.1 {
                    break;
                }
                let t = total(o, c);
                if t < best.1 {
                    best = (o, t);
                }
            }
            let shared = choices
                .iter()
                .take_while(|&&(_, c)| c <= best.1 + 4f64.ln())
                .filter(|&&(o, _)| by_window.contains_key(&Window(sets[o..o + w].to_vec())))
                .map(|&(o, c)| (o, total(o, c)))
                .filter(|&(_, t)| t <= best.1 + 4f64.ln())
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let (off, _) = shared.unwrap_or(best);
            let win = Window(sets[off..off + w].to_vec());
            let id = *by_window.entry(win.clone()).or_insert_with(|| {
                windows.push(win);
                of_window.push(Vec::new());
                windows.len() - 1
            });
            of_window[id].push((*trigger, off as u32));
        }
        let mut spans = Vec::with_capacity(windows.len());
        let mut triggers = Vec::new();
        for ts in &mut of_window {
            // Longest pattern first (the largest offset: a window that names share is
            // their common end), so that a name read makes the shorter ones it ends with
            // cheap to skip.
            ts.sort_by_key(|&(_, off)| std::cmp::Reverse(off));
            let start = triggers.len() as u32;
            triggers.extend_from_slice(ts);
            spans.push((start, triggers.len() as u32));
        }
        let max_offset = triggers.iter().map(|&(_, o)| o as usize).max().unwrap_or(0);
        Some(Search {
            filter: Filter::new(&windows),
            spans,
            triggers,
            max_pattern,
            max_offset,
        })
    }

    /// Append to `hits` every position in `from..to` of `buf` where a window starts.
    #[inline]
    pub(super) fn find(&self, buf: &[u8], from: usize, to: usize, hits: &mut Vec<Hit>) {
        self.filter.find(buf, from, to, hits);
    }

    /// Call `f` with each trigger of the windows at `hit`, and the offset of the window in
    /// its pattern.
    #[inline]
    pub(super) fn each(&self, buf: &[u8], hit: Hit, mut f: impl FnMut(Trigger, u32)) {
        self.filter.each_at(buf, hit, |w| {
            let (a, b) = self.spans.get(w).copied().unwrap_or_default();
            for &(t, off) in self
                .triggers
                .get(a as usize..b as usize)
                .unwrap_or_default()
            {
                f(t, off);
            }
        });
    }
}
