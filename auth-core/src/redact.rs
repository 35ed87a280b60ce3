//! Masking credentials in arbitrary text: log lines, error strings, whole files.
//!
//! A [`Redactor`] knows two sorts of things to hide:
//!
//! - **prefixed keys**, from every secret credential part of the specs it was built from:
//!   a prefix counts only at a token boundary (the byte before it is not `[A-Za-z0-9_-]`),
//!   and the key runs on over the token's characters. The prefix stays, the rest becomes
//!   `***` (`pm_live_***`), so a reader still sees which kind of key was there;
//! - **secret values** added at run time ([`Redactor::add_secret`]), for credentials with no
//!   prefix (Weevio's API secret, a password): every occurrence becomes `***`, wherever it
//!   stands.
//!
//! A key's characters are `[A-Za-z0-9_-]`; `.`, `+`, `/` and `%` also belong to it when a
//! key character follows them, so a JWT (`a.b.c`), a base64 key (`ab+c/d`) or a
//! percent-encoded key is masked whole, while a full stop ending a sentence is kept.
//! Over-masking is the safe side: `wvz_abc/permissions` becomes `wvz_***`.
//!
//! Overlapping or adjacent masked ranges merge into one `***`. Matching is one Aho-Corasick
//! scan over the text (with a SIMD prefilter for small pattern sets); each candidate is
//! then resolved by anchored look-ups. [`Redactor::redact`] borrows its input when there is
//! nothing to mask; [`Redactor::redact_stream`] and [`StreamRedactor`] work chunk by chunk
//! and give exactly the one-shot output whatever the chunk boundaries.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read, Write};

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use auth_spec::Spec;
use zeroize::Zeroizing;

use crate::Secret;

/// What replaces a masked range.
pub const MASK: &str = "***";

/// Why a [`Redactor`] could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the redaction automaton: {0}")]
pub struct BuildError(#[from] aho_corasick::BuildError);

/// Byte classes: 0 ends a key, 1 is a key byte, 2 joins key bytes (`.`, `+`, `/`, `%`).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            t[b] = 1;
        } else if c == b'.' || c == b'+' || c == b'/' || c == b'%' {
            t[b] = 2;
        }
        b += 1;
    }
    t
};

fn is_key_byte(b: u8) -> bool {
    CLASS[b as usize] == 1
}

/// The automata; rebuilt whenever a pattern is added.
#[derive(Clone)]
struct Automata {
    /// Every prefix and secret, unanchored: finds the next candidate position.
    any: AhoCorasick,
    /// Prefixes only, anchored leftmost-longest: the prefix at a candidate.
    prefixes: Option<AhoCorasick>,
    /// Secrets only, anchored leftmost-longest: the secret at a candidate.
    secrets: Option<AhoCorasick>,
    /// The longest pattern, in bytes: how much look-ahead a candidate needs.
    max_len: usize,
    /// A faster candidate scan, when up to three rare bytes cover every pattern.
    prefilter: Option<Prefilter>,
}

/// Candidate positions from `memchr` on up to three "anchor" bytes such that every
/// pattern contains at least one of them (all real prefixes contain `_`).
///
/// A pattern starting at `p` whose first anchor byte `c` is at offset `k` shows up as an
/// anchor hit at `q = p + k`; the bytes before it in the pattern are not anchors, so no
/// hit falls inside `[p, q)`. Each hit at `q` therefore checks the start positions
/// `[q - back[c], q]` not checked yet, where `back[c]` is the largest such `k`. A start
/// position is only looked up in the automata when its byte begins some pattern and, for
/// a prefix, the byte before it is a boundary: most hits (`some_mcp_handler`) cost two
/// table look-ups per position and no automaton at all.
#[derive(Clone)]
struct Prefilter {
    anchors: Vec<u8>,
    /// Per byte value: how far back from an anchor hit a pattern may start.
    back: [u8; 256],
    /// Per byte value: bit 1, a prefix starts with it; bit 2, a secret does.
    first: [u8; 256],
}

const STARTS_PREFIX: u8 = 1;
const STARTS_SECRET: u8 = 2;

/// How common a byte is in log-like text (higher: more common), to pick rare anchors.
fn commonness(b: u8) -> u32 {
    match b {
        b' ' | b'\n' | b':' | b'-' | b'.' | b'/' | b'=' | b',' | b'"' => 95,
        b'e' | b't' | b'a' | b'o' | b'i' | b'n' | b's' | b'h' | b'r' => 100,
        b'j' | b'k' | b'q' | b'x' | b'z' => 30,
        b'a'..=b'z' => 70,
        b'0'..=b'9' => 80,
        b'J' | b'K' | b'Q' | b'V' | b'W' | b'X' | b'Y' | b'Z' => 10,
        b'A'..=b'Z' => 20,
        b'_' => 5,
        0x80..=0xff => 15,
        _ => 25,
    }
}

impl Prefilter {
    /// Anchors for `prefixes` and `secrets`, or `None` when three do not cover them all,
    /// or when a pattern's first anchor lies more than 255 bytes in.
    fn build(prefixes: &[&[u8]], secrets: &[&[u8]]) -> Option<Prefilter> {
        let mut anchors: Vec<u8> = Vec::new();
        for pat in prefixes.iter().chain(secrets) {
            if pat.iter().any(|b| anchors.contains(b)) {
                continue;
            }
            let rarest = pat.iter().copied().min_by_key(|&b| commonness(b))?;
            if anchors.len() == 3 {
                return None;
            }
            anchors.push(rarest);
        }
        // A common anchor would make the scan slower than the automaton's own.
        if anchors.iter().any(|&b| commonness(b) > 30) {
            return None;
        }
        let mut back = [0u8; 256];
        let mut first = [0u8; 256];
        for (pats, bit) in [(prefixes, STARTS_PREFIX), (secrets, STARTS_SECRET)] {
            for pat in pats {
                let k = pat.iter().position(|b| anchors.contains(b))?;
                let c = pat.get(k).copied()?;
                let k = u8::try_from(k).ok()?;
                back[c as usize] = back[c as usize].max(k);
                if let Some(&f) = pat.first() {
                    first[f as usize] |= bit;
                }
            }
        }
        Some(Prefilter {
            anchors,
            back,
            first,
        })
    }

    /// The next anchor hit in `hay[from..]`, as an absolute position.
    fn next_anchor(&self, hay: &[u8], from: usize) -> Option<usize> {
        let rest = hay.get(from..)?;
        let i = match *self.anchors.as_slice() {
            [a] => memchr::memchr(a, rest),
            [a, b] => memchr::memchr2(a, b, rest),
            [a, b, c] => memchr::memchr3(a, b, c, rest),
            _ => None,
        }?;
        Some(from + i)
    }
}

/// Masks credentials in text. See the module docs.
///
/// `Debug` shows only counts. The secret values it holds are zeroed when it drops; the
/// automata built from them keep their own copies, which are not.
#[derive(Clone, Default)]
pub struct Redactor {
    prefixes: Vec<String>,
    secrets: Vec<Zeroizing<Vec<u8>>>,
    automata: Option<Automata>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("prefixes", &self.prefixes)
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl Redactor {
    /// A redactor for the prefixes of every secret credential part of `specs`.
    pub fn new<'s>(specs: impl IntoIterator<Item = &'s Spec>) -> Result<Self, BuildError> {
        let mut prefixes = Vec::new();
        for spec in specs {
            for cred in spec.credentials.values() {
                for part in cred.parts.values().filter(|p| p.secret) {
                    let Some(f) = &part.format else { continue };
                    prefixes.extend(
                        f.prefixes
                            .iter()
                            .filter(|p| !p.prefix.is_empty())
                            .map(|p| p.prefix.clone()),
                    );
                }
            }
        }
        Self::with_prefixes(prefixes)
    }

    /// A redactor for the given key prefixes (empty ones are ignored).
    pub fn with_prefixes(prefixes: impl IntoIterator<Item = String>) -> Result<Self, BuildError> {
        let mut prefixes: Vec<String> = prefixes.into_iter().filter(|p| !p.is_empty()).collect();
        prefixes.sort_unstable();
        prefixes.dedup();
        let mut r = Redactor {
            prefixes,
            secrets: Vec::new(),
            automata: None,
        };
        r.rebuild()?;
        Ok(r)
    }

    /// Also mask every occurrence of `secret` (an empty secret is ignored). Rebuilds the
    /// automata, so add secrets in batches ([`Redactor::add_secrets`]) when there are many.
    pub fn add_secret(&mut self, secret: &Secret) -> Result<(), BuildError> {
        self.add_secrets(std::iter::once(secret))
    }

    /// Also mask every occurrence of each of `secrets`.
    pub fn add_secrets<'a>(
        &mut self,
        secrets: impl IntoIterator<Item = &'a Secret>,
    ) -> Result<(), BuildError> {
        let before = self.secrets.len();
        for s in secrets {
            let v = s.expose().as_bytes();
            if !v.is_empty() && !self.secrets.iter().any(|x| x.as_slice() == v) {
                self.secrets.push(Zeroizing::new(v.to_vec()));
            }
        }
        if self.secrets.len() != before {
            self.rebuild()?;
        }
        Ok(())
    }

    /// How many prefixes and secret values it masks.
    pub fn pattern_count(&self) -> (usize, usize) {
        (self.prefixes.len(), self.secrets.len())
    }

    fn rebuild(&mut self) -> Result<(), BuildError> {
        let prefixes: Vec<&[u8]> = self.prefixes.iter().map(|p| p.as_bytes()).collect();
        let secrets: Vec<&[u8]> = self.secrets.iter().map(|s| s.as_slice()).collect();
        if prefixes.is_empty() && secrets.is_empty() {
            self.automata = None;
            return Ok(());
        }
        let anchored = |pats: &[&[u8]]| -> Result<Option<AhoCorasick>, BuildError> {
            if pats.is_empty() {
                return Ok(None);
            }
            Ok(Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(pats)?,
            ))
        };
        let any = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .start_kind(StartKind::Unanchored)
            .build(prefixes.iter().chain(secrets.iter()))?;
        let max_len = prefixes
            .iter()
            .chain(secrets.iter())
            .map(|p| p.len())
            .max()
            .unwrap_or(1);
        self.automata = Some(Automata {
            any,
            prefixes: anchored(&prefixes)?,
            secrets: anchored(&secrets)?,
            max_len,
            prefilter: Prefilter::build(&prefixes, &secrets),
        });
        Ok(())
    }

    /// `text` with every credential masked; borrowed when there is nothing to mask.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.redact_bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Masks start at pattern matches (UTF-8 in UTF-8 text, so at char boundaries)
            // and end after ASCII key bytes, so the output is UTF-8; lossy is a fallback.
            Cow::Owned(v) => Cow::Owned(match String::from_utf8(v) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }),
        }
    }

    /// Like [`Redactor::redact`], for bytes that need not be UTF-8.
    pub fn redact_bytes<'t>(&self, text: &'t [u8]) -> Cow<'t, [u8]> {
        let Some(a) = &self.automata else {
            return Cow::Borrowed(text);
        };
        let mut st = State::default();
        let mut out = Vec::new();
        process(a, &mut st, text, true, &mut out);
        if st.masked {
            Cow::Owned(out)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Append `text`, masked, to `out` (copied as it is when there is nothing to mask).
    /// Lets a caller reuse one output buffer across many inputs.
    pub fn redact_into(&self, text: &[u8], out: &mut Vec<u8>) {
        let Some(a) = &self.automata else {
            out.extend_from_slice(text);
            return;
        };
        let mut st = State {
            streaming: true,
            ..State::default()
        };
        process(a, &mut st, text, true, out);
    }

    /// Copy `input` to `output`, masked, in bounded memory; returns the bytes written.
    pub fn redact_stream<R: Read, W: Write>(&self, mut input: R, mut output: W) -> io::Result<u64> {
        const CHUNK: usize = 256 * 1024;
        let mut s = self.stream();
        let mut buf = Vec::with_capacity(CHUNK + 4096);
        let mut out = Vec::with_capacity(CHUNK + 4096);
        let mut written = 0u64;
        loop {
            // Read straight behind the carried tail: no extra copy of the input.
            let start = buf.len();
            buf.resize(start + CHUNK, 0);
            let n = loop {
                match input.read(&mut buf[start..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            buf.truncate(start + n);
            let eof = n == 0;
            s.process_buf(&mut buf, eof, &mut out);
            output.write_all(&out)?;
            written += out.len() as u64;
            out.clear();
            if eof {
                output.flush()?;
                return Ok(written);
            }
        }
    }

    /// A chunk-by-chunk redactor over this one.
    pub fn stream(&self) -> StreamRedactor<'_> {
        StreamRedactor {
            redactor: self,
            state: State {
                streaming: true,
                ..State::default()
            },
            carry: Vec::new(),
        }
    }
}

/// Redacts a byte stream pushed in chunks of any size; the concatenated output equals
/// [`Redactor::redact_bytes`] of the concatenated input. It holds back at most the longest
/// pattern's length (plus one byte) between calls.
pub struct StreamRedactor<'r> {
    redactor: &'r Redactor,
    state: State,
    carry: Vec<u8>,
}

impl fmt::Debug for StreamRedactor<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StreamRedactor")
            .field("held_back", &self.carry.len())
            .finish()
    }
}

impl StreamRedactor<'_> {
    /// Feed `chunk`; append what can already be written to `out`.
    pub fn push(&mut self, chunk: &[u8], out: &mut Vec<u8>) {
        let mut buf = std::mem::take(&mut self.carry);
        buf.extend_from_slice(chunk);
        self.process_buf(&mut buf, false, out);
        self.carry = buf;
    }

    /// End of input: append the rest to `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) {
        let mut buf = std::mem::take(&mut self.carry);
        self.process_buf(&mut buf, true, out);
    }

    /// Process `buf` (carried tail + new bytes), leaving the unconsumed tail in it.
    fn process_buf(&mut self, buf: &mut Vec<u8>, eof: bool, out: &mut Vec<u8>) {
        let Some(a) = &self.redactor.automata else {
            out.extend_from_slice(buf);
            buf.clear();
            return;
        };
        let used = process(a, &mut self.state, buf, eof, out);
        buf.drain(..used.min(buf.len()));
    }
}

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
struct State {
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
    masked: bool,
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
fn process(a: &Automata, st: &mut State, buf: &[u8], eof: bool, out: &mut Vec<u8>) -> usize {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn r(prefixes: &[&str], secrets: &[&str]) -> Option<Redactor> {
        let mut r = Redactor::with_prefixes(prefixes.iter().map(|p| (*p).to_owned())).ok()?;
        for s in secrets {
            r.add_secret(&Secret::new(*s)).ok()?;
        }
        Some(r)
    }

    fn red(r: &Option<Redactor>, t: &str) -> String {
        r.as_ref()
            .map(|r| r.redact(t).into_owned())
            .unwrap_or_default()
    }

    #[test]
    fn keeps_prefix_masks_body() {
        let r = r(&["pm_live_", "mcp_", "mcpo_"], &[]);
        assert_eq!(red(&r, "key=pm_live_abc123&x=1"), "key=pm_live_***&x=1");
        assert_eq!(red(&r, "Bearer mcpo_zz."), "Bearer mcpo_***.");
        assert_eq!(red(&r, "some_mcp_thing"), "some_mcp_thing");
        assert_eq!(red(&r, "t mcp_a.b.c end"), "t mcp_*** end");
        assert_eq!(red(&r, "bare pm_live_ x"), "bare pm_live_ x");
    }

    #[test]
    fn secrets_anywhere_and_merged() {
        let r = r(&["pm_live_"], &["hunter2", "pm_live_ab"]);
        assert_eq!(red(&r, "pw:hunter2!"), "pw:***!");
        assert_eq!(red(&r, "xhunter2hunter2y"), "x***y");
        assert_eq!(red(&r, "pm_live_abcd"), "***");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let r = r(&["pm_live_"], &["hunter2"]);
        let r = r
            .as_ref()
            .map(|r| matches!(r.redact("nothing here"), Cow::Borrowed(_)));
        assert_eq!(r, Some(true));
    }

    #[test]
    fn debug_hides_secrets() {
        let r = r(&["pm_live_"], &["hunter2"]);
        let d = format!("{r:?}");
        assert!(!d.contains("hunter2"), "{d}");
    }

    /// The same redactor with the prefilter switched off: the Aho-Corasick scan alone.
    fn without_prefilter(r: &Redactor) -> Redactor {
        let mut plain = r.clone();
        if let Some(a) = plain.automata.as_mut() {
            a.prefilter = None;
        }
        plain
    }

    #[test]
    fn prefilter_is_chosen_for_the_real_prefixes() {
        let r = r(
            &[
                "pm_live_",
                "pm_test_",
                "wsk_live_",
                "wvz_",
                "mcpo_",
                "mcp_",
                "wyu_",
            ],
            &["Wv-9f8e7d6c5b4a39281706"],
        );
        let pf = r
            .as_ref()
            .and_then(|r| r.automata.as_ref())
            .and_then(|a| a.prefilter.as_ref())
            .map(|p| p.anchors.clone());
        assert_eq!(pf, Some(vec![b'_', b'W']));
        // Common bytes only: the automaton scan is kept.
        let r = r_only_secret("hunter");
        assert!(r.automata.as_ref().is_some_and(|a| a.prefilter.is_none()));
    }

    fn r_only_secret(s: &str) -> Redactor {
        let mut r = Redactor::default();
        let _ = r.add_secret(&Secret::new(s));
        r
    }

    /// Differential: on random text built from pieces that interact (prefixes inside
    /// words, secrets with their anchor late, joiners, chunk edges), the prefilter gives
    /// exactly what the automaton scan gives, one-shot and streamed.
    #[test]
    fn prefilter_equals_automaton_scan() {
        let pieces = [
            "pm_live_",
            "pm_test_",
            "mcp_",
            "mcpo_",
            "wvz_",
            "wyu_",
            "some_mcp_x",
            "_",
            "__",
            "Wv-9",
            "Wv-9f8e7d6c5b4a",
            "xxQz",
            "aQ",
            "9Q",
            ".",
            "/",
            "+",
            "%",
            " ",
            "\n",
            "é",
            "abc",
            "-",
            "=",
            "key=",
            "W",
            "Q",
        ];
        let secret_sets: [&[&str]; 4] = [
            &[],
            &["Wv-9f8e7d6c5b4a"],
            &["abcdefgQ", "s_x"],
            &["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaQ"],
        ];
        let mut rng = fastrand::Rng::with_seed(11);
        for secrets in secret_sets {
            let Some(fast) = r(
                &["pm_live_", "pm_test_", "mcpo_", "mcp_", "wvz_", "wyu_"],
                secrets,
            ) else {
                panic!("builds");
            };
            assert!(
                fast.automata
                    .as_ref()
                    .is_some_and(|a| a.prefilter.is_some())
            );
            let slow = without_prefilter(&fast);
            for _ in 0..400 {
                let mut text = String::new();
                for _ in 0..rng.usize(0..60) {
                    text.push_str(pieces[rng.usize(..pieces.len())]);
                }
                let t = text.as_bytes();
                let want = slow.redact_bytes(t).into_owned();
                assert_eq!(fast.redact_bytes(t).into_owned(), want, "{text:?}");
                let chunk = rng.usize(1..20);
                let mut s = fast.stream();
                let mut out = Vec::new();
                for c in t.chunks(chunk) {
                    s.push(c, &mut out);
                }
                s.finish(&mut out);
                assert_eq!(out, want, "{text:?} in chunks of {chunk}");
            }
        }
    }
}
