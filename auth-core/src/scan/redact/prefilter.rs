//! The candidate scan for a redactor whose patterns all contain one of a few rare bytes:
//! `memchr` finds those bytes at memory speed, and only their neighbourhoods are checked.

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
pub(super) struct Prefilter {
    pub(super) anchors: Vec<u8>,
    /// Per byte value: how far back from an anchor hit a pattern may start.
    pub(super) back: [u8; 256],
    /// Per byte value: bit 1, a prefix starts with it; bit 2, a secret does.
    pub(super) first: [u8; 256],
}

pub(super) const STARTS_PREFIX: u8 = 1;

pub(super) const STARTS_SECRET: u8 = 2;

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
    pub(super) fn build(prefixes: &[&[u8]], secrets: &[&[u8]]) -> Option<Prefilter> {
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
    pub(super) fn next_anchor(&self, hay: &[u8], from: usize) -> Option<usize> {
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
