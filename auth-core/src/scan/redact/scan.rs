//! The scanning loop: finds candidates (search over blocks of the text), resolves them into
//! masked ranges ([`super::rules`]) and writes the output, carrying across pieces of a
//! stream what it must.
//!
//! A piece is processed up to a *limit*: everything is decided for candidates before it.
//! The limit is the last line end (no rule looks past one; so `tail -f` output is never
//! held back by a line), or failing that far enough from the end of the piece for any
//! decision to be made ([`super::rules::WINDOW`] and the longest pattern); a secret that
//! spans lines holds back its length. Bytes before the limit that no mask covers are
//! written out; a few are kept to look back at (the start of a prefix before its fragment,
//! the byte before a name).

use memchr::memrchr;

use super::filter::Hit;
use super::rules::{self, Cont, Mask, Rules, Text};
use super::{Engine, MASK};

/// How many bytes are searched at a time before their candidates are resolved (kept in
/// the L1 cache for the resolving and the copy).
const BLOCK: usize = 16 * 1024;

/// A masked range of the input, absolute positions `[a, b)`.
#[derive(Debug, Clone, Copy)]
struct Interval {
    a: u64,
    b: u64,
    /// Its `***` has been written (only the first pending interval can be started).
    started: bool,
}

/// What carries over from one piece to the next.
#[derive(Debug, Default)]
pub(super) struct State {
    /// Absolute position of `buf[0]`.
    base: u64,
    /// Candidates before this were resolved.
    scanned: u64,
    /// Input before this is written out or masked.
    emitted: u64,
    /// Masked ranges not yet closed: sorted, disjoint, not adjacent.
    pending: Vec<Interval>,
    /// Masks that ran to the end of a piece: where they go on, and how.
    open: Vec<(u64, Cont)>,
    /// Whether anything was masked.
    pub(super) masked: bool,
    /// Streaming: unmasked text must be written too (one-shot borrows it instead).
    streaming: bool,
    /// The candidates of a block and the masks of one candidate, reused.
    hits: Vec<Hit>,
    masks: Vec<Mask>,
}

/// Slice `buf` at absolute positions `[from, to)` (clamped: never panics).
fn text(buf: &[u8], base: u64, from: u64, to: u64) -> &[u8] {
    let s = from.saturating_sub(base) as usize;
    let e = to.saturating_sub(base) as usize;
    let e = e.min(buf.len());
    buf.get(s.min(e)..e).unwrap_or_default()
}

impl State {
    /// The state of a stream of pieces (a one-shot scan uses the default).
    pub(super) fn streaming() -> Self {
        Self {
            streaming: true,
            ..Self::default()
        }
    }

    /// Add the masked range `[a, b)`, merging with overlapping or adjacent ones.
    fn add(&mut self, a: u64, b: u64) {
        if a >= b {
            return;
        }
        self.masked = true;
        let (mut a, mut b) = (a, b);
        // Most masks come after every pending one.
        let i = match self.pending.last() {
            Some(l) if l.b < a => self.pending.len(),
            _ => self
                .pending
                .iter()
                .position(|iv| iv.b >= a)
                .unwrap_or(self.pending.len()),
        };
        let mut j = i;
        let mut started = false;
        while let Some(iv) = self.pending.get(j) {
            if iv.a > b {
                break;
            }
            a = a.min(iv.a);
            b = b.max(iv.b);
            started |= iv.started;
            j += 1;
        }
        let iv = Interval { a, b, started };
        if i == j {
            self.pending.insert(i, iv);
        } else {
            self.pending[i] = iv;
            self.pending.drain(i + 1..j);
        }
    }

    /// No masked range will ever start before `p`: write masks that start at or before it,
    /// close those that end before it, and (with `flush`) write the text up to it.
    fn advance(&mut self, p: u64, buf: &[u8], flush: bool, out: &mut Vec<u8>) {
        loop {
            match self.pending.first_mut() {
                Some(iv) if iv.a <= p => {
                    if !iv.started {
                        out.extend_from_slice(text(buf, self.base, self.emitted, iv.a));
                        out.extend_from_slice(MASK.as_bytes());
                        iv.started = true;
                        self.emitted = iv.a;
                    }
                    if iv.b < p {
                        self.emitted = iv.b;
                        self.pending.remove(0);
                        continue;
                    }
                    return;
                }
                _ => {
                    if flush && self.emitted < p {
                        out.extend_from_slice(text(buf, self.base, self.emitted, p));
                        self.emitted = p;
                    }
                    return;
                }
            }
        }
    }

    /// End of input: write every mask and the text after the last one.
    fn close_all(&mut self, buf: &[u8], out: &mut Vec<u8>) {
        for iv in std::mem::take(&mut self.pending) {
            if !iv.started {
                out.extend_from_slice(text(buf, self.base, self.emitted, iv.a));
                out.extend_from_slice(MASK.as_bytes());
            }
            self.emitted = iv.b;
        }
        let end = self.base + buf.len() as u64;
        if self.masked || self.streaming {
            out.extend_from_slice(text(buf, self.base, self.emitted, end));
        }
        self.emitted = end;
    }

    /// Add the masks of one candidate at `p` (which start at or after it).
    fn apply(&mut self, p: usize, buf: &[u8], more: bool, out: &mut Vec<u8>) {
        if self.masks.is_empty() {
            return;
        }
        let base = self.base;
        self.advance(base + p as u64, buf, false, out);
        let masks = std::mem::take(&mut self.masks);
        for m in &masks {
            let b = if m.cont.is_some() {
                buf.len().max(m.b)
            } else {
                m.b
            };
            self.add(base + m.a as u64, base + b as u64);
            if let Some(c) = m.cont.filter(|_| more) {
                self.open.push((base + b as u64, c));
            }
        }
        self.masks = masks;
        self.masks.clear();
    }
}

/// Redact `buf` as the next piece of a stream (its first bytes may be kept from the last
/// piece); returns how many bytes at its front are no longer needed. With `eof`, all of
/// it is written.
///
/// Text with no mask at all is only written when streaming or once something was masked,
/// so the one-shot path copies nothing for clean input.
pub(super) fn process(
    engine: &Engine,
    rules: &Rules,
    st: &mut State,
    buf: &[u8],
    eof: bool,
    out: &mut Vec<u8>,
) -> usize {
    let len = buf.len();
    let base = st.base;
    let more = !eof;
    // Masks that ran past the last piece go on here.
    for (x, c) in std::mem::take(&mut st.open) {
        let i = (x.saturating_sub(base) as usize).min(len);
        let (e, still) = c.run(buf, i, more);
        st.add(x, base + e as u64);
        if still {
            st.open.push((base + e as u64, c));
        }
    }
    let from = (st.scanned.saturating_sub(base) as usize).min(len);
    let lag = engine.search.as_ref().map_or(0, |s| s.max_offset);
    // Candidates before `limit` are resolved now; text before `flush` is written. A secret
    // is found by a window inside it, so one that starts before the limit may only be
    // found later: text stays back by the largest window offset, unless the limit is a
    // line end that no secret spans.
    let (limit, flush) = if eof {
        (len, len)
    } else {
        let by_len = len.saturating_sub(engine.holdback);
        let by_line =
            memrchr(b'\n', buf.get(from..).unwrap_or_default()).map_or(0, |i| from + i + 1);
        let mut l = by_len.max(by_line);
        if engine.multiline_secret > 0 {
            l = l.min(len.saturating_sub(engine.multiline_secret - 1));
        }
        let l = l.max(from);
        if l == by_line && engine.multiline_secret == 0 {
            (l, l)
        } else {
            (l, l.saturating_sub(lag))
        }
    };
    if let Some(search) = &engine.search {
        let t = Text::new(buf, more);
        let mut hits = std::mem::take(&mut st.hits);
        let mut bs = from;
        while bs < limit {
            let be = (bs + BLOCK).min(limit);
            hits.clear();
            search.find(buf, bs, be, &mut hits);
            for &h in &hits {
                let hit = h.at;
                search.each(buf, h, |trigger, off| {
                    // History keeps every pattern's start in the buffer.
                    if let Some(p) = hit.checked_sub(off as usize) {
                        rules::resolve(rules, &t, p, trigger, &mut st.masks);
                    }
                });
                // No mask of this hit or a later one starts before its earliest pattern.
                st.apply(hit.saturating_sub(search.max_offset), buf, more, out);
            }
            bs = be;
        }
        st.hits = hits;
    }
    if eof {
        st.advance(base + len as u64, buf, false, out);
        st.close_all(buf, out);
    } else {
        st.advance(base + flush as u64, buf, true, out);
    }
    st.scanned = base + limit as u64;
    let drop = limit.saturating_sub(engine.history).min(flush);
    st.base += drop as u64;
    drop
}
