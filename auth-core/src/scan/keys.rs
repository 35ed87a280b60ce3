//! Key formats as text scanning sees them, and the table of every known key prefix.
//!
//! [`KeyFormat`] is a spec's [`Format`] compiled for finding keys: the body's byte class
//! (the declared charset, else key characters), the lengths and the suffix. The same rules
//! decide whether a whole string is a key ([`crate::Identifier`]), where a key ends in
//! running text ([`crate::Redactor`]) and what an exported scanner rule matches
//! ([`crate::scan::export`]), so the three never disagree.
//!
//! The rules, for a key `prefix + body + suffix`:
//! - the body is one or more bytes of its class: the format's `charset`; else, when the
//!   format bounds the length, key characters `[A-Za-z0-9_-]`; else key characters where
//!   runs of `.`, `+`, `/`, `%` and `=` also count when a key character follows them (so
//!   a JWT `a.b.c`, base64 with its padding inside (Sentry's `sntrys_…==_…`) or a
//!   percent-encoded key is one key, and a full stop ending a sentence is not part of it);
//! - in text the body runs as far as its class does, and the key must end there (or with
//!   its suffix just after): a base62 key followed by `_` is not a key, and a `pat` key is
//!   not found in `pat-x` when `-` is outside its charset;
//! - the lengths (`length`, `min_length`, `max_length`) count the whole key.
//!
//! The crate-private `KeyTable` maps every prefix to the credential parts that declare it
//! (strings interned into one buffer, identical formats stored once). Its prefixes sit in
//! one open-addressed array of 40-byte records (at most half full) keyed by their first
//! four bytes, each record holding the first 16 bytes of its prefix, and each claim is one
//! 64-byte record: a key costs one probe sequence (and one more per distinct prefix length
//! below four), usually one or two records read, and a text whose first byte starts no
//! prefix costs one bit test. Where more than four prefixes share their first four bytes,
//! they are filed under their whole text instead and looked up once per length they have.
//! So a look-up reads the same few records with five specs or ten thousand, whatever
//! lengths their prefixes have; what grows is how far away in the memory hierarchy those
//! records are (BENCHMARKS.md gives the figures).

use std::collections::HashMap;
use std::hash::BuildHasher;

use auth_spec::Spec;
use auth_spec::model::{Charset, CredentialKind, Format};
use foldhash::fast::FixedState;

use super::bytes::ByteClass;
use crate::format::FormatError;

/// Byte classes: key characters `[A-Za-z0-9_-]`, and the joiners `.+/%=` that belong to a
/// key when a key character follows them.
const KEY: u8 = 1;
const JOIN: u8 = 2;

static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        if c.is_ascii_alphanumeric() || c == b'_' || c == b'-' {
            t[b] = KEY;
        } else if c == b'.' || c == b'+' || c == b'/' || c == b'%' || c == b'=' {
            t[b] = JOIN;
        }
        b += 1;
    }
    t
};

/// Whether `b` is a key character `[A-Za-z0-9_-]`: a key starts after a byte that is not.
pub(crate) fn is_key_byte(b: u8) -> bool {
    CLASS[b as usize] == KEY
}

fn is_joiner(b: u8) -> bool {
    CLASS[b as usize] == JOIN
}

/// Key characters `[A-Za-z0-9_-]`, and the joiners.
static KEY_CHARS: ByteClass = ByteClass::new(class_table(KEY));
static JOINERS: ByteClass = ByteClass::new(class_table(JOIN));

const fn class_table(class: u8) -> [bool; 256] {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = CLASS[b] == class;
        b += 1;
    }
    t
}

/// Every charset of the language as a byte class.
static SETS: [ByteClass; 8] = {
    let all = [
        Charset::Digits,
        Charset::Hex,
        Charset::HexLower,
        Charset::Alphanumeric,
        Charset::Base62,
        Charset::Base64,
        Charset::Base64url,
        Charset::Token,
    ];
    let mut out = [ByteClass::new([false; 256]); 8];
    let mut i = 0;
    while i < 8 {
        let mut t = [false; 256];
        let mut b = 0;
        while b < 256 {
            t[b] = charset_contains(all[i], b as u8);
            b += 1;
        }
        out[i] = ByteClass::new(t);
        i += 1;
    }
    out
};

/// [`Charset::contains`], usable in a constant.
const fn charset_contains(c: Charset, b: u8) -> bool {
    match c {
        Charset::Digits => b.is_ascii_digit(),
        Charset::Hex => b.is_ascii_hexdigit(),
        Charset::HexLower => b.is_ascii_digit() || (b >= b'a' && b <= b'f'),
        Charset::Alphanumeric | Charset::Base62 => b.is_ascii_alphanumeric(),
        Charset::Base64 => b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=',
        Charset::Base64url => b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'=',
        Charset::Token => b.is_ascii_alphanumeric() || b == b'-' || b == b'_',
    }
}

fn set_index(c: Charset) -> u8 {
    match c {
        Charset::Digits => 0,
        Charset::Hex => 1,
        Charset::HexLower => 2,
        Charset::Alphanumeric => 3,
        Charset::Base62 => 4,
        Charset::Base64 => 5,
        Charset::Base64url => 6,
        Charset::Token => 7,
    }
}

/// What a key's body is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Body {
    /// Key characters, with runs of `.+/%=` joining them (no charset, no length bound).
    Token,
    /// Key characters only (no charset, but a length bound: lengths count bytes of one class).
    Plain,
    /// The declared charset (an index into `SETS`), with its name.
    Set(u8, Charset),
}

impl Body {
    /// Where the run of this class starting at `from` ends, and whether it reached the end
    /// of `text` while `more` text may follow (then the end is not known yet; a trailing
    /// joiner, which depends on the next byte, is left out of the run in that case).
    pub(crate) fn run(self, text: &[u8], from: usize, more: bool) -> (usize, bool) {
        let mut i = from;
        match self {
            Body::Token => loop {
                i = KEY_CHARS.run(text, i);
                match text.get(i) {
                    None => return (i, more),
                    Some(&b) if is_joiner(b) => {
                        let j = JOINERS.run(text, i + 1);
                        match text.get(j) {
                            Some(&n) if is_key_byte(n) => i = j + 1,
                            Some(_) => return (i, false),
                            None => return (i, more),
                        }
                    }
                    Some(_) => return (i, false),
                }
            },
            Body::Plain => i = KEY_CHARS.run(text, i),
            Body::Set(s, _) => i = SETS[s as usize].run(text, i),
        }
        (i, more && i == text.len())
    }

    /// The class's name, as the format errors give it.
    fn name(self) -> &'static str {
        match self {
            Body::Token | Body::Plain => Charset::Token.as_str(),
            Body::Set(_, c) => c.as_str(),
        }
    }

    /// A regular expression for one byte of the class (RE2 syntax, as in Go and `regex`).
    fn class_regex(self) -> &'static str {
        match self {
            Body::Token | Body::Plain => "[A-Za-z0-9_-]",
            Body::Set(_, c) => match c {
                Charset::Digits => "[0-9]",
                Charset::Hex => "[0-9A-Fa-f]",
                Charset::HexLower => "[0-9a-f]",
                Charset::Alphanumeric | Charset::Base62 => "[A-Za-z0-9]",
                Charset::Base64 => "[A-Za-z0-9+/=]",
                Charset::Base64url => "[A-Za-z0-9_=-]",
                Charset::Token => "[A-Za-z0-9_-]",
            },
        }
    }
}

/// A key format compiled for scanning text: see the module docs for the rules.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct KeyFormat {
    body: Body,
    length: Option<u32>,
    min: Option<u32>,
    max: Option<u32>,
    suffix: Option<Box<[u8]>>,
}

/// How a key found in text ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyEnd {
    /// It is a key ending here.
    At(usize),
    /// It is a key whose body runs on past the text seen so far (a run longer than any
    /// decision looks: accepted, since the format bounds no length); mask to here and on.
    Open(usize),
    /// Not a key.
    Not,
}

/// Why [`KeyFormat::end_of`] refused a whole string.
enum Why {
    OnlyPrefix,
    Suffix,
}

impl KeyFormat {
    /// Compile `format`.
    pub(crate) fn new(format: &Format) -> Self {
        let to32 = |n: Option<usize>| n.map(|n| u32::try_from(n).unwrap_or(u32::MAX));
        let bounded =
            format.length.is_some() || format.min_length.is_some() || format.max_length.is_some();
        let body = match format.charset {
            Some(c) => Body::Set(set_index(c), c),
            None if bounded => Body::Plain,
            None => Body::Token,
        };
        KeyFormat {
            body,
            length: to32(format.length),
            min: to32(format.min_length),
            max: to32(format.max_length),
            suffix: format
                .suffix
                .as_deref()
                .filter(|s| !s.is_empty())
                .map(|s| s.as_bytes().into()),
        }
    }

    /// A format with only a prefix: a key runs over key characters and joiners.
    pub(crate) fn token() -> Self {
        KeyFormat {
            body: Body::Token,
            length: None,
            min: None,
            max: None,
            suffix: None,
        }
    }

    /// The longest key it accepts, if it bounds the length.
    fn max_len(&self) -> Option<u32> {
        match (self.length, self.max) {
            (Some(l), Some(m)) => Some(l.min(m)),
            (l, m) => l.or(m),
        }
    }

    fn suffix(&self) -> &[u8] {
        self.suffix.as_deref().unwrap_or_default()
    }

    /// The key's end given its body's run `[body, run)`: the suffix just after the run or
    /// ending it, and at least one body byte.
    fn end_of(&self, text: &[u8], body: usize, run: usize) -> Result<usize, Why> {
        let sfx = self.suffix();
        let end = if sfx.is_empty() {
            run
        } else if text.get(run..).is_some_and(|t| t.starts_with(sfx)) {
            run + sfx.len()
        } else if run >= body + sfx.len() && text.get(..run).is_some_and(|t| t.ends_with(sfx)) {
            run
        } else {
            return Err(Why::Suffix);
        };
        if end <= body + sfx.len() {
            return Err(Why::OnlyPrefix);
        }
        Ok(end)
    }

    fn length_error(&self, len: usize) -> Option<FormatError> {
        let n = u32::try_from(len).unwrap_or(u32::MAX);
        if let Some(l) = self.length.filter(|&l| l != n) {
            return Some(FormatError::WrongLength {
                len,
                expected: l as usize,
            });
        }
        if let Some(m) = self.min.filter(|&m| n < m) {
            return Some(FormatError::TooShort {
                len,
                min: m as usize,
            });
        }
        if let Some(m) = self.max.filter(|&m| n > m) {
            return Some(FormatError::TooLong {
                len,
                max: m as usize,
            });
        }
        None
    }

    /// Where the key that starts at `start` with its body at `body` ends in `text`.
    ///
    /// Decisions look at most `window` bytes from `start`: a body running further is
    /// accepted when the format bounds no length (and masked as far as it runs, even
    /// beyond `text` when `more` text follows), refused otherwise; so the answer is the same
    /// however the text is cut into pieces, as long as each piece shows `window` bytes.
    pub(crate) fn find(
        &self,
        text: &[u8],
        start: usize,
        body: usize,
        window: usize,
        more: bool,
    ) -> KeyEnd {
        let (run, open) = self.body.run(text, body, more);
        if open || run - start > window {
            return match self.max_len() {
                Some(_) => KeyEnd::Not,
                None if open => KeyEnd::Open(run),
                None => KeyEnd::At(run),
            };
        }
        let Ok(end) = self.end_of(text, body, run) else {
            return KeyEnd::Not;
        };
        if text.get(end).is_some_and(|&b| is_key_byte(b))
            || self.length_error(end - start).is_some()
        {
            return KeyEnd::Not;
        }
        KeyEnd::At(end)
    }

    /// Whether `key`, whose first `prefix_len` bytes are a prefix of this format, is a key
    /// as a whole: [`KeyFormat::check`] without saying why, so without making an error
    /// (identification asks this of every key).
    #[inline]
    pub(crate) fn fits(&self, key: &[u8], prefix_len: usize) -> bool {
        let (run, _) = self.body.run(key, prefix_len.min(key.len()), false);
        matches!(self.end_of(key, prefix_len, run), Ok(end) if end == key.len())
            && self.length_error(key.len()).is_none()
    }

    /// Whether `key`, whose first `prefix_len` bytes are a prefix of this format, is a key
    /// as a whole; if not, why (never quoting the key).
    pub fn check(&self, key: &str, prefix_len: usize) -> Result<(), FormatError> {
        let k = key.as_bytes();
        let prefix = || String::from_utf8_lossy(k.get(..prefix_len).unwrap_or_default());
        let (run, _) = self.body.run(k, prefix_len.min(k.len()), false);
        match self.end_of(k, prefix_len, run) {
            Ok(end) if end == k.len() => {}
            Err(Why::OnlyPrefix) if k.len() <= prefix_len + self.suffix().len() => {
                return Err(FormatError::OnlyPrefix {
                    prefix: prefix().into_owned(),
                });
            }
            Err(Why::Suffix) if !k.ends_with(self.suffix()) => {
                return Err(FormatError::MissingSuffix {
                    suffix: String::from_utf8_lossy(self.suffix()).into_owned(),
                });
            }
            _ => {
                return Err(FormatError::Charset {
                    charset: self.body.name(),
                });
            }
        }
        match self.length_error(k.len()) {
            Some(e) => Err(e),
            None => Ok(()),
        }
    }

    /// What may follow a key in text, as a regular expression: a byte that neither goes on
    /// its body nor is a key character, or the end.
    pub fn boundary_regex(&self) -> String {
        let body = match self.body {
            Body::Set(_, c) if self.suffix.is_none() => match c {
                Charset::Base64 => "+/=",
                Charset::Base64url => "=",
                _ => "",
            },
            _ => "",
        };
        format!("(?:[^A-Za-z0-9_{body}-]|$)")
    }

    /// The body and suffix as a regular expression in the syntax Go's `regexp` (RE2) and
    /// Rust's `regex` share, for a key whose prefix is `prefix_len` bytes long: it matches
    /// exactly the strings [`KeyFormat::check`] accepts after that prefix.
    pub fn regex_after_prefix(&self, prefix_len: usize) -> String {
        let sfx = self.suffix();
        let fixed = prefix_len + sfx.len();
        let lo = self
            .length
            .or(self.min)
            .map_or(1, |l| (l as usize).saturating_sub(fixed).max(1));
        let hi = self.max_len().map(|l| (l as usize).saturating_sub(fixed));
        let class = self.body.class_regex();
        let body = match (self.body, hi) {
            (Body::Token, _) => "(?:[A-Za-z0-9_-]|[./+%=]+[A-Za-z0-9_-])+".to_owned(),
            (_, Some(h)) if h == lo => format!("{class}{{{lo}}}"),
            (_, Some(h)) => format!("{class}{{{lo},{h}}}"),
            (_, None) if lo == 1 => format!("{class}+"),
            (_, None) => format!("{class}{{{lo},}}"),
        };
        let sfx = regex_syntax_escape(&String::from_utf8_lossy(sfx));
        format!("{body}{sfx}")
    }
}

/// Escape the regular-expression meta characters of `s` (RE2's set).
pub(crate) fn regex_syntax_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A string in [`KeyTable::strings`]: offset and length.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Str(u32, u32);

/// Bytes of a prefix kept in its record, so that most prefixes are compared without
/// reading a second cache line.
const INLINE: usize = 16;

/// One distinct prefix: its first [`INLINE`] bytes (zero-padded), where all of it is, and
/// the range of its claims in [`KeyTable::claims`]. 40 bytes; a slot of the table, empty
/// when the length is 0.
#[derive(Debug, Clone, Copy, Default)]
struct PrefixRec {
    /// The first bytes, little-endian (bytes, not a `u128`, to keep the record at 40
    /// bytes).
    head: [u8; INLINE],
    /// The look-up key the record is filed under.
    key: u64,
    text: Str,
    claims: (u32, u32),
}

/// [`Str::1`] of a record that stands for a large group: its prefixes are filed under
/// their whole text, and [`PrefixRec::head`] is the set of their lengths (a bit each).
const LARGE: u32 = u32::MAX;

/// Prefixes sharing their first [`HEAD`] bytes beyond this many are filed under their
/// whole text (`synth0000_live_` … `synth0999_test_` would otherwise make one probe
/// sequence two thousand long).
const SMALL_GROUP: usize = 4;

/// No string (an absent environment or description).
const NONE: Str = Str(0, u32::MAX);

/// One credential part's claim on a prefix, with everything an identity reports: one
/// cache line.
#[derive(Debug, Clone, Copy)]
#[repr(align(64))]
struct Claim {
    provider: Str,
    title: Str,
    credential: Str,
    part: Str,
    audience: Str,
    environment: Str,
    description: Str,
    /// Index in [`KeyTable::formats`].
    format: u32,
    kind: CredentialKind,
    secret: bool,
    legacy: bool,
}

/// A credential part that declares prefixes (while building).
#[derive(Debug, Clone, Copy)]
struct Owner {
    provider: Str,
    title: Str,
    credential: Str,
    part: Str,
    audience: Str,
    kind: CredentialKind,
    secret: bool,
    format: u32,
}

/// A prefix claim as the table reports it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct ClaimRef<'a> {
    pub provider: &'a str,
    pub title: &'a str,
    pub credential: &'a str,
    pub part: &'a str,
    pub audience: &'a str,
    pub kind: CredentialKind,
    pub secret: bool,
    pub environment: Option<&'a str>,
    pub description: Option<&'a str>,
    pub legacy: bool,
    pub prefix: &'a str,
    pub format: &'a KeyFormat,
}

/// A key found in text by [`KeyTable::key_at`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct KeyHit {
    /// Its prefix's length.
    pub prefix_len: usize,
    /// Where it ends; `open` when its body runs on past the text seen.
    pub end: usize,
    pub open: Option<Body>,
}

/// Prefixes grouped by their *head*: the first [`HEAD`] bytes of a prefix at least that
/// long, all of a shorter one (whose length is part of the key).
const HEAD: usize = 4;

/// The first [`INLINE`] bytes of `text`, zero-padded, as one number.
#[inline]
fn head_bytes(text: &[u8]) -> u128 {
    match text.first_chunk::<INLINE>() {
        Some(h) => u128::from_le_bytes(*h),
        None => text
            .iter()
            .enumerate()
            .fold(0, |h, (i, &b)| h | u128::from(b) << (8 * i)),
    }
}

/// The look-up key of the head of `len` bytes (at most [`HEAD`]) of a text whose first
/// bytes are `head`.
#[inline]
fn head_key(head: u128, len: usize) -> u64 {
    let len = len.min(HEAD);
    let mask = (1u64 << (8 * len)) - 1;
    (head as u64 & mask) | (len as u64) << 56
}

/// Whether the lengths `lens` (a bit each) are all at least [`HEAD`]: a group that can be
/// filed by whole text and looked up length by length.
fn by_length(lens: u128) -> bool {
    lens != 0 && lens & ((1u128 << HEAD) - 1) == 0
}

/// Bits of a [`PrefixRec::head`] that a prefix of `len` bytes fills.
#[inline]
fn head_mask(len: usize) -> u128 {
    if len >= INLINE {
        u128::MAX
    } else {
        (1u128 << (8 * len)) - 1
    }
}

/// Every prefix of a set of specs with the parts that claim it. See the module docs.
#[derive(Debug, Clone, Default)]
pub(crate) struct KeyTable {
    strings: String,
    /// Open addressing by head (linear probing, at most two thirds full): the prefixes
    /// with one head are met longest first along the probe sequence.
    slots: Vec<PrefixRec>,
    /// The slot of each prefix, in the order first declared.
    declared: Vec<u32>,
    claims: Vec<Claim>,
    formats: Vec<KeyFormat>,
    /// Lengths below [`HEAD`] that some prefix has, longest first.
    short: Vec<usize>,
    /// The bytes some prefix starts with (a bit each).
    first: [u64; 4],
    /// The longest prefix, in bytes.
    longest: usize,
    hasher: FixedState,
}

/// The prefixes a text starts with, longest first (see [`KeyTable::ids_at`]).
struct Ids<'s, 'k> {
    table: &'s KeyTable,
    text: &'k [u8],
    /// The text's first bytes, as [`PrefixRec::head`] holds a prefix's.
    head: u128,
    /// The next head to look up: 0 for [`HEAD`] bytes, then `i` for `short[i - 1]`.
    next_head: usize,
    /// The head being probed for, and the next slot to look at (none: `usize::MAX`).
    key: u64,
    slot: usize,
    /// Lengths still to look up whole (of a large group), a bit each.
    lengths: u128,
}

impl Iterator for Ids<'_, '_> {
    type Item = u32;

    #[inline]
    fn next(&mut self) -> Option<u32> {
        let t = self.table;
        loop {
            while let Some(rec) = t.slots.get(self.slot) {
                if rec.text.1 == 0 {
                    break;
                }
                let at = self.slot;
                self.slot = t.after(self.slot);
                if rec.key != self.key {
                    continue;
                }
                if rec.text.1 == LARGE {
                    self.lengths |= u128::from_le_bytes(rec.head);
                    continue;
                }
                let len = rec.text.1 as usize;
                if len <= self.text.len()
                    && (self.head ^ u128::from_le_bytes(rec.head)) & head_mask(len) == 0
                    && (len <= INLINE
                        || self.text.get(INLINE..len) == t.bytes(rec.text).get(INLINE..))
                {
                    return Some(at as u32);
                }
            }
            self.slot = usize::MAX;
            if self.lengths != 0 {
                let len = 127 - self.lengths.leading_zeros() as usize;
                self.lengths &= !(1u128 << len);
                if let Some(whole) = self.text.get(..len) {
                    self.key = t.whole_key(whole);
                    self.slot = t.home(self.key);
                }
                continue;
            }
            let len = match self.next_head {
                0 => HEAD,
                i => *t.short.get(i.checked_sub(1)?)?,
            };
            self.next_head += 1;
            if len <= self.text.len() {
                self.key = head_key(self.head, len);
                self.slot = t.home(self.key);
            }
        }
    }
}

/// The claims on the prefixes a key starts with (see [`KeyTable::claims_of`]). A plain
/// state machine, not an adapter chain: it is made and used once per key, and the chain's
/// nested state was copied about in memory unless every part of it was inlined.
pub(crate) struct ClaimsOf<'s, 'k, A> {
    ids: Ids<'s, 'k>,
    /// The slot of the prefix being read, its length, and its claims still to try.
    slot: u32,
    len: usize,
    claims: std::ops::Range<u32>,
    accept: A,
}

impl<'s, A: Fn(&KeyFormat, usize) -> bool> Iterator for ClaimsOf<'s, '_, A> {
    type Item = ClaimRef<'s>;

    #[inline]
    fn next(&mut self) -> Option<ClaimRef<'s>> {
        let t = self.ids.table;
        loop {
            let Some(c) = self.claims.next() else {
                self.slot = self.ids.next()?;
                let rec = t.slots.get(self.slot as usize)?;
                self.len = rec.text.1 as usize;
                self.claims = rec.claims.0..rec.claims.1;
                continue;
            };
            if t.format_of(c).is_some_and(|f| (self.accept)(f, self.len))
                && let Some(found) = t.claim_ref(self.slot, c)
            {
                return Some(found);
            }
        }
    }
}

/// Builds a [`KeyTable`], interning strings as it goes.
#[derive(Default)]
pub(crate) struct KeyTableBuilder {
    table: KeyTable,
    owners: Vec<Owner>,
    interned: HashMap<Box<str>, Str>,
    by_format: HashMap<KeyFormat, u32>,
    /// Prefixes in the order first declared.
    texts: Vec<Str>,
    by_text: HashMap<Box<[u8]>, u32>,
    /// `(prefix id, owner, environment, description, legacy)`, in declaration order.
    pending: Vec<(u32, u32, Str, Str, bool)>,
}

impl KeyTableBuilder {
    fn intern(&mut self, s: &str) -> Str {
        if let Some(&x) = self.interned.get(s) {
            return x;
        }
        let t = &mut self.table;
        let x = Str(t.strings.len() as u32, s.len() as u32);
        t.strings.push_str(s);
        self.interned.insert(s.into(), x);
        x
    }

    fn format(&mut self, f: KeyFormat) -> u32 {
        let next = self.table.formats.len() as u32;
        *self.by_format.entry(f.clone()).or_insert_with(|| {
            self.table.formats.push(f);
            next
        })
    }

    /// Add every credential part of `spec` with a prefixed format that `keep` accepts
    /// (`secret` is the part's flag).
    pub(crate) fn add_spec(&mut self, spec: &Spec, keep: impl Fn(bool) -> bool) {
        for cred in spec.credentials.values() {
            for part in cred.parts.values() {
                let Some(format) = &part.format else { continue };
                if !keep(part.secret) || format.prefixes.iter().all(|p| p.prefix.is_empty()) {
                    continue;
                }
                let owner = Owner {
                    provider: self.intern(&spec.name),
                    title: self.intern(&spec.title),
                    credential: self.intern(&cred.name),
                    part: self.intern(&part.name),
                    audience: self.intern(cred.audience.as_str()),
                    kind: cred.kind,
                    secret: part.secret,
                    format: self.format(KeyFormat::new(format)),
                };
                let id = self.owners.len() as u32;
                self.owners.push(owner);
                for p in format.prefixes.iter().filter(|p| !p.prefix.is_empty()) {
                    let env = p.environment.as_deref().map_or(NONE, |e| self.intern(e));
                    let desc = p.description.as_deref().map_or(NONE, |d| self.intern(d));
                    self.add_claim(&p.prefix, id, env, desc, p.legacy);
                }
            }
        }
    }

    /// Add bare prefixes, each a secret key of key characters (no spec behind them).
    pub(crate) fn add_bare(&mut self, prefixes: impl IntoIterator<Item = String>) {
        let empty = self.intern("");
        let id = self.owners.len() as u32;
        let format = self.format(KeyFormat::token());
        self.owners.push(Owner {
            provider: empty,
            title: empty,
            credential: empty,
            part: empty,
            audience: empty,
            kind: CredentialKind::ApiKey,
            secret: true,
            format,
        });
        for p in prefixes.into_iter().filter(|p| !p.is_empty()) {
            self.add_claim(&p, id, NONE, NONE, false);
        }
    }

    fn add_claim(&mut self, prefix: &str, owner: u32, env: Str, desc: Str, legacy: bool) {
        let next = self.by_text.len() as u32;
        let id = *self.by_text.entry(prefix.as_bytes().into()).or_insert(next);
        if id == next {
            let text = Str(self.table.strings.len() as u32, prefix.len() as u32);
            self.table.strings.push_str(prefix);
            self.texts.push(text);
        }
        // A part listing the same prefix twice claims it once.
        if !self
            .pending
            .iter()
            .rev()
            .take_while(|c| c.0 == id)
            .any(|c| c.1 == owner)
        {
            self.pending.push((id, owner, env, desc, legacy));
        }
    }

    pub(crate) fn build(mut self) -> KeyTable {
        let mut t = self.table;
        let strings = std::mem::take(&mut t.strings);
        let bytes = |s: Str| {
            strings
                .as_bytes()
                .get(s.0 as usize..(s.0 + s.1) as usize)
                .unwrap_or_default()
        };
        // Claims grouped by prefix, in declaration order within one.
        self.pending.sort_by_key(|c| c.0);
        let mut ranges = vec![(0u32, 0u32); self.texts.len()];
        let mut i = 0;
        while i < self.pending.len() {
            let p = self.pending[i].0;
            let mut j = i;
            while j < self.pending.len() && self.pending[j].0 == p {
                j += 1;
            }
            if let Some(r) = ranges.get_mut(p as usize) {
                *r = (i as u32, j as u32);
            }
            i = j;
        }
        t.claims = self
            .pending
            .iter()
            .filter_map(|&(_, owner, environment, description, legacy)| {
                let o = self.owners.get(owner as usize)?;
                Some(Claim {
                    provider: o.provider,
                    title: o.title,
                    credential: o.credential,
                    part: o.part,
                    audience: o.audience,
                    environment,
                    description,
                    format: o.format,
                    kind: o.kind,
                    secret: o.secret,
                    legacy,
                })
            })
            .collect();
        // Slots: inserted longest first, so that the prefixes of one head are met longest
        // first along its probe sequence; a large group is one record under its head and
        // its prefixes under their whole text.
        let n = self.texts.len();
        // Per head: how many prefixes, their lengths (a bit each), and whether one is too
        // long to have a bit (such a group stays under its head).
        let mut groups: HashMap<u64, (usize, u128, bool)> = HashMap::new();
        for &text in &self.texts {
            let b = bytes(text);
            let g = groups.entry(head_key(head_bytes(b), b.len())).or_default();
            g.0 += 1;
            match 1u128.checked_shl(b.len() as u32) {
                Some(bit) => g.1 |= bit,
                None => g.2 = true,
            }
        }
        let large = |key: &u64| {
            groups.get(key).is_some_and(|&(count, lens, too_long)| {
                count > SMALL_GROUP && !too_long && by_length(lens)
            })
        };
        let large_count = groups.keys().filter(|k| large(k)).count();
        t.slots = vec![PrefixRec::default(); 2 * (n + large_count) + 1];
        for (&key, &(_, lens, _)) in groups.iter().filter(|(k, _)| large(k)) {
            let slot = t.vacant(key);
            t.slots[slot] = PrefixRec {
                head: lens.to_le_bytes(),
                key,
                text: Str(0, LARGE),
                claims: (0, 0),
            };
        }
        t.declared = vec![0; n];
        let mut order: Vec<u32> = (0..n as u32).collect();
        order.sort_by_key(|&id| std::cmp::Reverse(self.texts[id as usize].1));
        for id in order {
            let text = self.texts[id as usize];
            let b = bytes(text);
            let head = head_bytes(b);
            let key = head_key(head, b.len());
            let key = if large(&key) { t.whole_key(b) } else { key };
            let slot = t.vacant(key);
            t.slots[slot] = PrefixRec {
                head: head.to_le_bytes(),
                key,
                text,
                claims: ranges[id as usize],
            };
            t.declared[id as usize] = slot as u32;
            if let Some(&f) = b.first() {
                t.first[(f >> 6) as usize] |= 1 << (f & 63);
            }
            if b.len() < HEAD && !t.short.contains(&b.len()) {
                t.short.push(b.len());
            }
            t.longest = t.longest.max(b.len());
        }
        t.short.sort_unstable_by(|a, b| b.cmp(a));
        t.strings = strings;
        t.strings.shrink_to_fit();
        t.formats.shrink_to_fit();
        t
    }
}

impl KeyTable {
    /// The string at `s` (only whole strings are interned, so the range is on boundaries).
    #[inline]
    fn text(&self, s: Str) -> &str {
        self.strings
            .get(s.0 as usize..s.0 as usize + s.1 as usize)
            .unwrap_or_default()
    }

    #[inline]
    fn bytes(&self, s: Str) -> &[u8] {
        self.strings
            .as_bytes()
            .get(s.0 as usize..(s.0 + s.1) as usize)
            .unwrap_or_default()
    }

    /// The key a prefix of a large group is filed under: its whole text.
    #[inline]
    fn whole_key(&self, whole: &[u8]) -> u64 {
        (self.hasher.hash_one(whole) >> 8) | (0x80 | whole.len() as u64) << 56
    }

    /// The first slot to look at for the head key `key`.
    #[inline]
    fn home(&self, key: u64) -> usize {
        // The hash scaled to the number of slots (no power of two needed).
        ((u128::from(self.hasher.hash_one(key)) * self.slots.len() as u128) >> 64) as usize
    }

    /// The first empty slot on `key`'s probe sequence (where a build puts its record;
    /// the table is sized with free slots to spare).
    fn vacant(&self, key: u64) -> usize {
        let mut slot = self.home(key);
        while self.slots[slot].text.1 != 0 {
            slot = self.after(slot);
        }
        slot
    }

    /// The slot probed after `slot`.
    #[inline]
    fn after(&self, slot: usize) -> usize {
        if slot + 1 < self.slots.len() {
            slot + 1
        } else {
            0
        }
    }

    /// How many distinct prefixes it knows.
    pub(crate) fn prefix_count(&self) -> usize {
        self.declared.len()
    }

    /// Every distinct prefix, in the order first declared.
    pub(crate) fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.declared
            .iter()
            .filter_map(|&i| self.slots.get(i as usize))
            .map(|p| self.text(p.text))
    }

    /// The longest prefix, in bytes.
    pub(crate) fn max_prefix_len(&self) -> usize {
        self.longest
    }

    /// The slots of the prefixes `text[at..]` starts with, longest first.
    #[inline]
    fn ids_at<'s, 'k>(&'s self, text: &'k [u8], at: usize) -> Ids<'s, 'k> {
        let text = text.get(at..).unwrap_or_default();
        let starts = !self.slots.is_empty()
            && text
                .first()
                .is_some_and(|&b| self.first[(b >> 6) as usize] & (1 << (b & 63)) != 0);
        Ids {
            table: self,
            text,
            head: if starts { head_bytes(text) } else { 0 },
            // Past every head when no prefix starts with this byte.
            next_head: if starts { 0 } else { usize::MAX },
            key: 0,
            slot: usize::MAX,
            lengths: 0,
        }
    }

    /// The format of claim `claim`.
    #[inline]
    fn format_of(&self, claim: u32) -> Option<&KeyFormat> {
        let c = self.claims.get(claim as usize)?;
        self.formats.get(c.format as usize)
    }

    fn claim_ref(&self, slot: u32, claim: u32) -> Option<ClaimRef<'_>> {
        let rec = self.slots.get(slot as usize)?;
        let c = self.claims.get(claim as usize)?;
        let opt = |s: Str| (s != NONE).then(|| self.text(s));
        Some(ClaimRef {
            provider: self.text(c.provider),
            title: self.text(c.title),
            credential: self.text(c.credential),
            part: self.text(c.part),
            audience: self.text(c.audience),
            kind: c.kind,
            secret: c.secret,
            environment: opt(c.environment),
            description: opt(c.description),
            legacy: c.legacy,
            prefix: self.text(rec.text),
            format: self.formats.get(c.format as usize)?,
        })
    }

    /// Every claim on every prefix `key` starts with, longest prefix first, that `accept`
    /// accepts given the claim's format and the prefix's length (checked before the claim
    /// is read as a whole).
    pub(crate) fn claims_of<'s, 'k, A>(&'s self, key: &'k [u8], accept: A) -> ClaimsOf<'s, 'k, A>
    where
        A: Fn(&KeyFormat, usize) -> bool,
    {
        ClaimsOf {
            ids: self.ids_at(key, 0),
            slot: 0,
            len: 0,
            claims: 0..0,
            accept,
        }
    }

    /// Every claim on every prefix, in the order the prefixes were first declared, for
    /// exporting rules.
    pub(crate) fn all_claims(&self) -> impl Iterator<Item = ClaimRef<'_>> {
        self.declared.iter().flat_map(move |&slot| {
            let (a, b) = self.slots.get(slot as usize).map_or((0, 0), |p| p.claims);
            (a..b).filter_map(move |c| self.claim_ref(slot, c))
        })
    }

    /// The key starting at `at` in `text`, if any: the longest prefix there whose part's
    /// format accepts what follows (see [`KeyFormat::find`] for `window` and `more`). The
    /// caller checks the boundary before `at`.
    pub(crate) fn key_at(
        &self,
        text: &[u8],
        at: usize,
        window: usize,
        more: bool,
    ) -> Option<KeyHit> {
        for slot in self.ids_at(text, at) {
            let rec = self.slots[slot as usize];
            let body = at + rec.text.1 as usize;
            for c in rec.claims.0..rec.claims.1 {
                let Some(f) = self.format_of(c) else {
                    continue;
                };
                let hit = |end, open| KeyHit {
                    prefix_len: rec.text.1 as usize,
                    end,
                    open,
                };
                match f.find(text, at, body, window, more) {
                    KeyEnd::At(end) => return Some(hit(end, None)),
                    KeyEnd::Open(end) => return Some(hit(end, Some(f.body))),
                    KeyEnd::Not => {}
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(charset: Option<Charset>, length: Option<usize>, suffix: Option<&str>) -> KeyFormat {
        KeyFormat::new(&Format {
            charset,
            length,
            suffix: suffix.map(str::to_owned),
            ..Format::default()
        })
    }

    #[test]
    fn whole_keys() {
        let hex40 = f(Some(Charset::Hex), Some(43), None);
        let key = format!("ab_{}", "0f".repeat(20));
        assert_eq!(hex40.check(&key, 3), Ok(()));
        assert!(matches!(
            hex40.check(&format!("{key}0"), 3),
            Err(FormatError::WrongLength { .. })
        ));
        assert!(matches!(
            hex40.check("ab_", 3),
            Err(FormatError::OnlyPrefix { .. })
        ));
        assert!(matches!(
            hex40.check(&key.replace('f', "g"), 3),
            Err(FormatError::Charset { charset: "hex" })
        ));
        let sfx = f(Some(Charset::Base62), None, Some("_x"));
        assert_eq!(sfx.check("k_abc_x", 2), Ok(()));
        assert!(matches!(
            sfx.check("k_abc", 2),
            Err(FormatError::MissingSuffix { .. })
        ));
        assert!(matches!(
            sfx.check("k__x", 2),
            Err(FormatError::OnlyPrefix { .. })
        ));
        let tok = KeyFormat::token();
        assert_eq!(tok.check("wvz_a.b.c", 4), Ok(()));
        assert!(tok.check("wvz_a.", 4).is_err());
    }

    /// `fits` (what identification asks) accepts exactly what `check` does, on random
    /// strings over the bytes that matter, for formats of every kind, short and long
    /// (past the 32 bytes of one vector step).
    #[test]
    fn fits_agrees_with_check() {
        let formats = [
            f(Some(Charset::Hex), Some(43), None),
            f(Some(Charset::Base62), None, Some("_x")),
            f(Some(Charset::Base64), None, None),
            f(None, None, None),
            f(None, Some(40), None),
            KeyFormat::token(),
        ];
        // Half the strings are over bytes every format here takes, around the fixed
        // length, half of those with the suffix.
        let any: &[u8] = b"ab09fFgz_-x.=+/% \xc3\xa9";
        let clean: &[u8] = b"ab09f";
        let mut rng = fastrand::Rng::with_seed(5);
        for fmt in &formats {
            let mut fit = 0;
            for i in 0..3000 {
                let (alphabet, len) = match i % 2 {
                    0 => (clean, rng.usize(36..42)),
                    _ => (any, rng.usize(0..80)),
                };
                let body: Vec<u8> = (0..len)
                    .map(|_| alphabet[rng.usize(..alphabet.len())])
                    .collect();
                let sfx = if i % 4 == 0 { "_x" } else { "" };
                let key = format!("ab_{}{sfx}", String::from_utf8_lossy(&body));
                let fits = fmt.fits(key.as_bytes(), 3);
                assert_eq!(fits, fmt.check(&key, 3).is_ok(), "{fmt:?} {key:?}");
                fit += usize::from(fits);
            }
            assert!(fit > 0 && fit < 3000, "{fmt:?}: {fit} of 3000 fit");
        }
    }

    #[test]
    fn keys_in_text() {
        let b62 = f(Some(Charset::Base62), None, None);
        let t = b"pat_abc-x";
        assert_eq!(b62.find(t, 0, 4, 4096, false), KeyEnd::Not);
        let t = b"pat_abc x";
        assert_eq!(b62.find(t, 0, 4, 4096, false), KeyEnd::At(7));
        let t = b"pat_ x";
        assert_eq!(b62.find(t, 0, 4, 4096, false), KeyEnd::Not);
        // A run past the window: accepted (no length bound), open when more may follow.
        let long = [b'a'; 100];
        assert_eq!(b62.find(&long, 0, 4, 10, true), KeyEnd::Open(100));
        assert_eq!(b62.find(&long, 0, 4, 10, false), KeyEnd::At(100));
        let bounded = f(Some(Charset::Base62), Some(50), None);
        assert_eq!(bounded.find(&long, 0, 4, 10, false), KeyEnd::Not);
    }

    /// Many prefixes sharing their first four bytes (filed under their whole text), with
    /// shorter and longer ones beside them: a look-up finds every prefix a text starts
    /// with, longest first, as a plain scan does.
    #[test]
    fn prefixes_sharing_a_head_are_all_found() {
        let mut prefixes: Vec<String> = (0..60).map(|i| format!("synth{i:02}_live_")).collect();
        prefixes.extend((0..60).map(|i| format!("synth{i:02}_")));
        prefixes.extend(
            ["syn", "sy", "s", "synth", "synth01_live_extra_long_prefix_"].map(String::from),
        );
        prefixes.extend(["pm_live_", "pm_", "wvz_"].map(String::from));
        let mut b = KeyTableBuilder::default();
        b.add_bare(prefixes.clone());
        let t = b.build();
        assert_eq!(t.prefix_count(), prefixes.len());
        for text in [
            "synth01_live_extra_long_prefix_abc",
            "synth01_live_abc",
            "synth59_live_x",
            "synth07_x",
            "synthx",
            "syn",
            "sz",
            "pm_live_k",
            "wvz_k",
            "zzz",
        ] {
            let mut want: Vec<&str> = prefixes
                .iter()
                .map(String::as_str)
                .filter(|p| text.starts_with(p))
                .collect();
            want.sort_by_key(|p| std::cmp::Reverse(p.len()));
            let got: Vec<&str> = t
                .ids_at(text.as_bytes(), 0)
                .map(|slot| t.text(t.slots[slot as usize].text))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn regexes_of_formats() {
        assert_eq!(
            f(Some(Charset::Hex), Some(43), None).regex_after_prefix(3),
            "[0-9A-Fa-f]{40}"
        );
        assert_eq!(
            f(None, Some(40), None).regex_after_prefix(3),
            "[A-Za-z0-9_-]{37}"
        );
        assert_eq!(
            f(Some(Charset::Base62), None, Some("_x")).regex_after_prefix(2),
            "[A-Za-z0-9]+_x"
        );
    }
}
