//! The scanning state machine: finds candidates (by prefilter or automaton), resolves them
//! into masked ranges and writes the output, carrying what it must across chunks.

use aho_corasick::{Anchored, Input};

use super::prefilter::{Prefilter, STARTS_PREFIX, STARTS_SECRET};
use super::{Automata, CLASS, MASK, is_key_byte};

/// A masked range of the input, absolute positions `[a, b)`.
#[derive(Debug, Clone, Copy)]
struct Interval {
    a: u64,
    b: u64,
    /// Its `***` has been written (only the first pending interval can be started).
    started: bool,
}

/// What carries over from one chunk to the next.
#[derive(Debug)]
pub(super) struct State {
    /// Absolute position of `buf[0]`.
    base: u64,
    /// Input before this is written out or masked.
    emitted: u64,
    /// Masked ranges not yet closed: sorted, disjoint, not adjacent.
    pending: Vec<Interval>,
    /// A key ran to the end of the buffer; continue it from this absolute position.
    token_tail: Option<u64>,
    /// The byte before `buf[0]` (a space at the start: a boundary).
    prev: u8,
    /// Whether anything was masked.
    pub(super) masked: bool,
    /// Streaming: unmasked text must be written too (one-shot borrows it instead).
    streaming: bool,
}

impl Default for State {
    fn default() -> Self {
        State {
            base: 0,
            emitted: 0,
            pending: Vec::new(),
            token_tail: None,
            prev: b' ',
            masked: false,
            streaming: false,
        }
    }
}

/// Where a key starting its body at `from` ends, and whether it may go on past the buffer.
fn extend(buf: &[u8], from: usize, eof: bool) -> (usize, bool) {
    let mut i = from;
    while let Some(&b) = buf.get(i) {
        match CLASS[b as usize] {
            1 => i += 1,
            2 => match buf.get(i + 1) {
                Some(&n) if is_key_byte(n) => i += 2,
                Some(_) => return (i, false),
                None => return (i, !eof),
            },
            _ => return (i, false),
        }
    }
    (i, !eof)
}

/// Slice `buf` at absolute positions `[from, to)` (clamped: never panics).
fn text(buf: &[u8], base: u64, from: u64, to: u64) -> &[u8] {
    let s = from.saturating_sub(base) as usize;
    let e = to.saturating_sub(base) as usize;
    let e = e.min(buf.len());
    buf.get(s.min(e)..e).unwrap_or_default()
}

impl State {
    /// The state of a stream of chunks (a one-shot scan uses the default).
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
        let i = self.pending.iter().position(|iv| iv.b >= a);
        let i = i.unwrap_or(self.pending.len());
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
        self.pending.splice(i..j, [Interval { a, b, started }]);
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
}

/// Resolve the candidate at `p`: a prefix there (when the byte before is a boundary, as
/// `boundary` says or, with `None`, as looked up now) and a secret there.
#[allow(clippy::too_many_arguments)]
fn resolve(
    a: &Automata,
    st: &mut State,
    buf: &[u8],
    p: usize,
    try_prefix: bool,
    try_secret: bool,
    eof: bool,
    out: &mut Vec<u8>,
) {
    let len = buf.len();
    let base = st.base;
    let abs = base + p as u64;
    let pm = if try_prefix {
        a.prefixes
            .as_ref()
            .and_then(|ac| ac.find(Input::new(buf).span(p..len).anchored(Anchored::Yes)))
    } else {
        None
    };
    let sm = if try_secret {
        a.secrets
            .as_ref()
            .and_then(|ac| ac.find(Input::new(buf).span(p..len).anchored(Anchored::Yes)))
    } else {
        None
    };
    if pm.is_none() && sm.is_none() {
        return;
    }
    st.advance(abs, buf, false, out);
    if let Some(pm) = pm {
        let (e, open) = extend(buf, pm.end(), eof);
        st.add(base + pm.end() as u64, base + e as u64);
        if open {
            let t = base + e as u64;
            st.token_tail = Some(st.token_tail.map_or(t, |x| x.max(t)));
        }
    }
    if let Some(sm) = sm {
        st.add(abs, base + sm.end() as u64);
    }
}

/// The byte before `buf[p]` (the carried one at the start of the buffer).
fn byte_before(st: &State, buf: &[u8], p: usize) -> u8 {
    if p == 0 {
        st.prev
    } else {
        buf.get(p - 1).copied().unwrap_or(b' ')
    }
}

/// Every candidate start below `limit`, from the Aho-Corasick scan.
fn scan_automaton(
    a: &Automata,
    st: &mut State,
    buf: &[u8],
    limit: usize,
    eof: bool,
    out: &mut Vec<u8>,
) {
    let len = buf.len();
    let mut pos = 0;
    while pos < limit {
        let Some(m) = a.any.find(Input::new(buf).span(pos..len)) else {
            break;
        };
        let p = m.start();
        if p >= limit {
            break;
        }
        let boundary = !is_key_byte(byte_before(st, buf, p));
        resolve(a, st, buf, p, boundary, true, eof, out);
        pos = p + 1;
    }
}

/// Every candidate start below `limit`, from the anchor-byte prefilter (see [`Prefilter`]).
fn scan_prefiltered(
    a: &Automata,
    pf: &Prefilter,
    st: &mut State,
    buf: &[u8],
    limit: usize,
    eof: bool,
    out: &mut Vec<u8>,
) {
    // Start positions below `next` have been checked.
    let mut next = 0;
    let mut from = 0;
    while next < limit {
        let Some(q) = pf.next_anchor(buf, from) else {
            break;
        };
        from = q + 1;
        let Some(&c) = buf.get(q) else { break };
        let lo = next.max(q.saturating_sub(pf.back[c as usize] as usize));
        let hi = (q + 1).min(limit);
        for p in lo..hi {
            let f = buf.get(p).map_or(0, |&b| pf.first[b as usize]);
            if f == 0 {
                continue;
            }
            let try_prefix = f & STARTS_PREFIX != 0 && !is_key_byte(byte_before(st, buf, p));
            let try_secret = f & STARTS_SECRET != 0;
            if try_prefix || try_secret {
                resolve(a, st, buf, p, try_prefix, try_secret, eof, out);
            }
        }
        next = next.max(hi);
    }
}

/// Redact `buf` as the next part of a stream; returns how many bytes of it were consumed
/// (the rest must be passed again, followed by more input). With `eof` all are consumed.
///
/// Text with no mask at all is only written when streaming (`flush`) or once something was
/// masked, so the one-shot path copies nothing for clean input.
pub(super) fn process(
    a: &Automata,
    st: &mut State,
    buf: &[u8],
    eof: bool,
    out: &mut Vec<u8>,
) -> usize {
    let len = buf.len();
    let base = st.base;
    // A key that ran to the end of the previous buffer goes on here.
    if let Some(x) = st.token_tail.take() {
        let rx = x.saturating_sub(base) as usize;
        let (e, open) = extend(buf, rx.min(len), eof);
        st.add(x, base + e as u64);
        if open {
            st.token_tail = Some(base + e as u64);
        }
    }
    let limit = if eof {
        len
    } else {
        // Hold back what a pattern starting there could still need, and at least one byte
        // so a key's trailing joiner (`.`) is decided with its next byte in view.
        len.saturating_sub(a.max_len.max(2) - 1)
    };
    match &a.prefilter {
        Some(pf) => scan_prefiltered(a, pf, st, buf, limit, eof, out),
        None => scan_automaton(a, st, buf, limit, eof, out),
    }
    if eof {
        st.advance(base + len as u64, buf, false, out);
        st.close_all(buf, out);
    } else {
        st.advance(base + limit as u64, buf, true, out);
    }
    if limit > 0 {
        st.prev = buf.get(limit - 1).copied().unwrap_or(b' ');
    }
    st.base += limit as u64;
    limit
}
