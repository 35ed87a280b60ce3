//! Finding where a rule might apply: one Aho-Corasick search over the text folded to
//! lower case, for every place name, key-prefix fragment, secret and generic marker.
//!
//! Folding maps ASCII capitals to small letters and `_` to `-` (so names match in any case
//! and with either separator), and a few other bytes onto each other (`\r` onto `-`),
//! which only adds candidates: each is checked on the original bytes. It runs over blocks
//! that stay in the L1 cache, and the automaton then uses its SIMD prefilter (Teddy),
//! which the few dozen patterns a set of specs gives allow.
//!
//! What is searched for each pattern is its *window*: the four bytes of it least likely
//! in text (`oriz` of `authorization`, not `auth`), so that common words rarely stop the
//! search; a hit at `m` stands for the pattern at `m - offset`.
//!
//! Key prefixes are searched by a *fragment*: their last few bytes. Prefixes that end the
//! same way share one (`_live_` for `pm_live_`, `wsk_live_` and every `…_live_` of ten
//! thousand specs), so the pattern set stays small however many specs are loaded; the
//! prefix itself is then looked up in the key table. A fragment stands for the end of a
//! prefix.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, Input, MatchKind};

use super::BuildError;
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

/// The patterns and their automaton.
#[derive(Debug, Clone)]
pub(super) struct Search {
    ac: AhoCorasick,
    /// Per searched window: the range of its triggers in `triggers` (its own, then those
    /// of the windows that are prefixes of it, which match at the same place).
    spans: Vec<(u32, u32)>,
    /// A trigger and how far before the window's hit its pattern starts.
    triggers: Vec<(Trigger, u32)>,
    /// The longest window, in bytes.
    pub max_len: usize,
    /// The longest pattern, in bytes.
    pub max_pattern: usize,
    /// The largest offset of a window in its pattern.
    pub max_offset: usize,
}

/// Fold one byte (see the module docs).
#[inline(always)]
pub(super) fn fold_byte(b: u8) -> u8 {
    let l = b | 0x20;
    if l == 0x7f { b'-' } else { l }
}

/// Fold `src` into `dst` (same length).
pub(super) fn fold(src: &[u8], dst: &mut [u8]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = fold_byte(s);
    }
}

/// How common a folded byte is in logs and HTTP text (higher: more common), to pick rare
/// windows.
fn commonness(b: u8) -> u32 {
    match b {
        b' ' | b'"' | b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'r' => 100,
        b'h' | b'l' | b'd' | b'c' | b'u' | b':' | b',' | b'/' | b'.' | b'=' => 80,
        b'0'..=b'9' | b'm' | b'p' | b'g' | b'f' => 60,
        b'-' | b'w' | b'y' | b'b' | b'&' => 45,
        b'v' | b'k' => 25,
        b'x' | b'j' | b'q' | b'z' => 10,
        _ => 30,
    }
}

/// The window of `text` to search for: its least common four bytes, as `(offset, len)`.
fn window(text: &[u8]) -> (usize, usize) {
    const W: usize = 4;
    if text.len() <= W {
        return (0, text.len());
    }
    let best = (0..=text.len() - W)
        .min_by_key(|&i| text[i..i + W].iter().map(|&b| commonness(b)).sum::<u32>())
        .unwrap_or(0);
    (best, W)
}

/// Fragments for `prefixes`: the last `k` bytes of each, for the largest `k` from 6 down
/// to 3 that keeps the set at 16 or fewer (a short prefix is its own fragment).
pub(super) fn fragments<'a>(prefixes: impl Iterator<Item = &'a str>) -> Vec<Fragment> {
    let folded: Vec<Vec<u8>> = prefixes
        .map(|p| p.bytes().map(fold_byte).collect())
        .collect();
    let tail = |p: &Vec<u8>, k: usize| p[p.len().saturating_sub(k)..].to_vec();
    let mut k = 6;
    loop {
        let mut by_text: HashMap<Vec<u8>, Vec<usize>> = HashMap::new();
        for p in &folded {
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
    ) -> Result<Option<Search>, BuildError> {
        let mut by_window: HashMap<Vec<u8>, Vec<(Trigger, u32)>> = HashMap::new();
        let mut max_pattern = 0;
        let mut add = |text: &[u8], t: Trigger, whole: bool| {
            if text.is_empty() {
                return;
            }
            max_pattern = max_pattern.max(text.len());
            let folded: Vec<u8> = text.iter().map(|&b| fold_byte(b)).collect();
            let (off, len) = if whole {
                (0, folded.len())
            } else {
                window(&folded)
            };
            by_window
                .entry(folded[off..off + len].to_vec())
                .or_default()
                .push((t, off as u32));
        };
        for (i, n) in names.iter().enumerate() {
            add(&n.text, Trigger::Name(i as u32), false);
        }
        for (i, f) in fragments.iter().enumerate() {
            add(&f.text, Trigger::Fragment(i as u32), false);
        }
        if generic {
            add(b"://", Trigger::Url, true);
            add(b" -u ", Trigger::Curl, true);
            add(b"\t-u ", Trigger::Curl, true);
            add(b"--user", Trigger::Curl, true);
        }
        for (i, s) in secrets.iter().enumerate() {
            add(s, Trigger::Secret(i as u32), false);
        }
        if by_window.is_empty() {
            return Ok(None);
        }
        let mut texts: Vec<&Vec<u8>> = by_window.keys().collect();
        texts.sort();
        let mut spans = Vec::with_capacity(texts.len());
        let mut triggers = Vec::new();
        for t in &texts {
            let start = triggers.len() as u32;
            // Its own triggers, then those of every window that is a prefix of it: at a
            // hit only the longest window is reported.
            for l in (1..=t.len()).rev() {
                if let Some(ts) = t.get(..l).and_then(|h| by_window.get(h)) {
                    triggers.extend_from_slice(ts);
                }
            }
            spans.push((start, triggers.len() as u32));
        }
        let max_len = texts.iter().map(|t| t.len()).max().unwrap_or(0);
        let max_offset = triggers.iter().map(|&(_, o)| o as usize).max().unwrap_or(0);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)?;
        Ok(Some(Search {
            ac,
            spans,
            triggers,
            max_len,
            max_pattern,
            max_offset,
        }))
    }

    /// The next hit in the folded `hay` starting at or after `from`: its start and window.
    #[inline]
    pub(super) fn next(&self, hay: &[u8], from: usize) -> Option<(usize, usize)> {
        let m = self.ac.find(Input::new(hay).span(from..hay.len()))?;
        Some((m.start(), m.pattern().as_usize()))
    }

    /// What window `pat` stands for (with the windows that are prefixes of it), each with
    /// the offset of the window in its pattern.
    #[inline]
    pub(super) fn triggers(&self, pat: usize) -> &[(Trigger, u32)] {
        let (a, b) = self.spans.get(pat).copied().unwrap_or_default();
        self.triggers
            .get(a as usize..b as usize)
            .unwrap_or_default()
    }
}
