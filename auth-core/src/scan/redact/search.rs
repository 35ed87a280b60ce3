//! Finding where a rule might apply: one Aho-Corasick search over the text folded to
//! lower case, for every place name, key-prefix fragment, secret and generic marker.
//!
//! Folding is `byte | 0x20`: it maps ASCII capitals to small letters (so names match in
//! any case) and a few other bytes onto each other (`\r` onto `-`), which only adds
//! candidates; every candidate is checked on the original bytes. It runs over blocks that
//! stay in the L1 cache, and the automaton then uses its SIMD prefilter (Teddy) when the
//! patterns allow, which they do for the few dozen a set of specs gives.
//!
//! Key prefixes are searched by a *fragment*: their last few bytes. Prefixes that end the
//! same way share one (`_live_` for `pm_live_`, `wsk_live_` and every `…_live_` of ten
//! thousand specs), so the pattern set stays small however many specs are loaded; the
//! prefix itself is then looked up in the key table. A fragment hit is a prefix's end.

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
    /// curl's `-u ` or `--user`.
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
    /// Per pattern: the range of its triggers in `triggers` (its own, then those of the
    /// patterns that are prefixes of it, which match at the same place).
    spans: Vec<(u32, u32)>,
    triggers: Vec<Trigger>,
    /// The longest pattern, in bytes.
    pub max_len: usize,
}

/// Fold one byte (see the module docs).
#[inline(always)]
pub(super) fn fold_byte(b: u8) -> u8 {
    b | 0x20
}

/// Fold `src` into `dst` (same length).
pub(super) fn fold(src: &[u8], dst: &mut [u8]) {
    for (d, &s) in dst.iter_mut().zip(src) {
        *d = fold_byte(s);
    }
}

/// Fragments for `prefixes`: the last `k` bytes of each, for the largest `k` from 6 down
/// to 3 that keeps the set at 24 or fewer (a short prefix is its own fragment).
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
        if by_text.len() <= 24 || k == 3 {
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
        let mut by_text: HashMap<Vec<u8>, Vec<Trigger>> = HashMap::new();
        let mut add = |text: &[u8], t: Trigger| {
            if !text.is_empty() {
                let folded: Vec<u8> = text.iter().map(|&b| fold_byte(b)).collect();
                by_text.entry(folded).or_default().push(t);
            }
        };
        for (i, n) in names.iter().enumerate() {
            add(&n.text, Trigger::Name(i as u32));
        }
        for (i, f) in fragments.iter().enumerate() {
            add(&f.text, Trigger::Fragment(i as u32));
        }
        if generic {
            add(b"://", Trigger::Url);
            add(b"-u ", Trigger::Curl);
            add(b"--user", Trigger::Curl);
        }
        for (i, s) in secrets.iter().enumerate() {
            add(s, Trigger::Secret(i as u32));
        }
        if by_text.is_empty() {
            return Ok(None);
        }
        let mut texts: Vec<&Vec<u8>> = by_text.keys().collect();
        texts.sort();
        let mut spans = Vec::with_capacity(texts.len());
        let mut triggers = Vec::new();
        for t in &texts {
            let start = triggers.len() as u32;
            // Its own triggers, then those of every pattern that is a prefix of it: at a
            // match only the longest pattern is reported.
            for l in (1..=t.len()).rev() {
                if let Some(ts) = t.get(..l).and_then(|h| by_text.get(h)) {
                    triggers.extend_from_slice(ts);
                }
            }
            spans.push((start, triggers.len() as u32));
        }
        let max_len = texts.iter().map(|t| t.len()).max().unwrap_or(0);
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)?;
        Ok(Some(Search {
            ac,
            spans,
            triggers,
            max_len,
        }))
    }

    /// The next match in the folded `hay` starting at or after `from`: its start and
    /// pattern.
    #[inline]
    pub(super) fn next(&self, hay: &[u8], from: usize) -> Option<(usize, usize)> {
        let m = self.ac.find(Input::new(hay).span(from..hay.len()))?;
        Some((m.start(), m.pattern().as_usize()))
    }

    /// What pattern `pat` stands for, with the patterns that are prefixes of it.
    #[inline]
    pub(super) fn triggers(&self, pat: usize) -> &[Trigger] {
        let (a, b) = self.spans.get(pat).copied().unwrap_or_default();
        self.triggers.get(a as usize..b as usize).unwrap_or_default()
    }

}
