//! What each rule masks at a candidate the search found: the grammar of the places where
//! secrets travel in text. The module docs of [`super`] state it in prose; this is the one
//! implementation of it.
//!
//! Every decision (is this a value? where does a scheme word end?) looks at most
//! [`WINDOW`] bytes past the candidate and never past a line end, and every masked range
//! runs as far as its kind of value does (a token, a quoted string, a key's body), so the
//! answer does not depend on how a stream was cut into pieces.

use std::cell::Cell;

use memchr::memchr;

use crate::scan::bytes::ByteClass;

use super::search::{Fragment, Trigger};
use crate::scan::keys::{Body, KeyHit, KeyTable, is_key_byte};
use crate::scan::places::{Name, Places};

/// How far past a candidate a decision looks, in bytes.
pub(super) const WINDOW: usize = 4096;

/// A quote that opens a value: `"`, `'`, or `\"` (a quote inside a JSON string).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Quote {
    Double,
    Single,
    Escaped,
}

impl Quote {
    fn len(self) -> usize {
        match self {
            Quote::Escaped => 2,
            _ => 1,
        }
    }

    /// The quote at `buf[i..]`, if any.
    fn at(buf: &[u8], i: usize) -> Option<Quote> {
        match buf.get(i)? {
            b'"' => Some(Quote::Double),
            b'\'' => Some(Quote::Single),
            b'\\' if buf.get(i + 1) == Some(&b'"') => Some(Quote::Escaped),
            _ => None,
        }
    }

    /// The quote that ends just before `buf[i]`, if any.
    fn before(buf: &[u8], i: usize) -> Option<Quote> {
        match i.checked_sub(1).and_then(|j| buf.get(j))? {
            b'"' if i >= 2 && buf.get(i - 2) == Some(&b'\\') => Some(Quote::Escaped),
            b'"' => Some(Quote::Double),
            b'\'' => Some(Quote::Single),
            _ => None,
        }
    }

    /// Whether `buf[i..]` starts with this quote.
    fn is_at(self, buf: &[u8], i: usize) -> bool {
        Quote::at(buf, i) == Some(self)
    }

    /// Where the quoted content starting at `from` ends: at its closing quote, or a line
    /// end (an unterminated value stops at its line). Within `"` and `'` a backslash
    /// escapes the next byte; within `\"` the content ends at the next backslash or quote.
    /// `open` when it reaches the end of `buf` and more may follow (a trailing backslash,
    /// which depends on the next byte, is left out).
    fn end(self, buf: &[u8], from: usize, more: bool) -> (usize, bool) {
        let plain = match self {
            Quote::Single => &IN_SINGLE,
            _ => &IN_DOUBLE,
        };
        let mut i = from;
        loop {
            i = plain.run(buf, i);
            match buf.get(i) {
                None => return (buf.len().min(i), more),
                Some(b'\\') if self != Quote::Escaped => {
                    if i + 1 >= buf.len() {
                        return (i, more);
                    }
                    i += 2;
                }
                Some(_) => return (i, false),
            }
        }
    }
}

/// What quoted content is made of up to its end, a backslash or a line end.
static IN_SINGLE: ByteClass = ByteClass::of(b"'\\\n\r").not();
static IN_DOUBLE: ByteClass = ByteClass::of(b"\"\\\n\r").not();

/// How a mask that reached the end of the text seen goes on in the next piece.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Cont {
    /// A key's body of this class.
    Body(Body),
    /// An unquoted value.
    Value,
    /// Quoted content.
    Quoted(Quote),
}

impl Cont {
    /// Where the run goes on to from `from`, and whether it is still open.
    pub(super) fn run(self, buf: &[u8], from: usize, more: bool) -> (usize, bool) {
        match self {
            Cont::Body(b) => b.run(buf, from, more),
            Cont::Value => value_run(buf, from, more),
            Cont::Quoted(q) => q.end(buf, from, more),
        }
    }
}

/// A masked range `[a, b)` of the buffer, and how it goes on past the buffer's end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Mask {
    pub a: usize,
    pub b: usize,
    pub cont: Option<Cont>,
}

/// The text a candidate is resolved in, with what the last candidates found there (one
/// key looked up, one name read) so that candidates that overlap do not redo it.
pub(super) struct Text<'a> {
    pub buf: &'a [u8],
    /// More text follows `buf` (a stream not at its end).
    pub more: bool,
    /// The last key start a fragment resolved (its masks are pushed).
    last_fragment: Cell<usize>,
    /// The last key looked up: where, and what was found.
    last_key: Cell<(usize, Option<KeyHit>)>,
    /// The last name read: where it starts and ends, whether it was a quoted key, and
    /// whether its value may start with a scheme word.
    last_name: Cell<Option<(usize, usize, bool, bool)>>,
}

impl<'a> Text<'a> {
    pub(super) fn new(buf: &'a [u8], more: bool) -> Self {
        Text {
            buf,
            more,
            last_fragment: Cell::new(usize::MAX),
            last_key: Cell::new((usize::MAX, None)),
            last_name: Cell::new(None),
        }
    }

    /// The key starting at `at`, if any (see [`KeyTable::key_at`]), remembered.
    fn key_at(&self, r: &Rules, at: usize) -> Option<KeyHit> {
        if !r.starts.may_start(self.buf, at) {
            return None;
        }
        let (last, hit) = self.last_key.get();
        if last == at {
            return hit;
        }
        let hit = r.keys.key_at(self.buf, at, WINDOW, self.more);
        self.last_key.set((at, hit));
        hit
    }
}

/// The first two bytes of every key prefix, a bit per pair: most values (a bearer
/// token, a password) start with no prefix's pair and skip the key table's probes.
#[derive(Debug, Clone)]
pub(super) struct KeyStarts(Box<[u64; 1024]>);

impl KeyStarts {
    pub(super) fn new<'a>(prefixes: impl Iterator<Item = &'a str>) -> Self {
        let mut bits = Box::new([0u64; 1024]);
        let mut set = |pair: usize| bits[pair >> 6] |= 1 << (pair & 63);
        for p in prefixes {
            match *p.as_bytes() {
                [] => (0..1 << 16).for_each(&mut set),
                [a] => (0..256).for_each(|b| set(usize::from(a) << 8 | b)),
                [a, b, ..] => set(usize::from(a) << 8 | usize::from(b)),
            }
        }
        KeyStarts(bits)
    }

    /// Whether some prefix may start at `buf[at]` (always, with fewer than two bytes
    /// left: the table decides).
    #[inline]
    fn may_start(&self, buf: &[u8], at: usize) -> bool {
        match buf.get(at..at + 2) {
            Some(&[a, b]) => {
                let pair = usize::from(a) << 8 | usize::from(b);
                self.0[pair >> 6] & (1 << (pair & 63)) != 0
            }
            _ => true,
        }
    }
}

impl Default for KeyStarts {
    /// No prefix.
    fn default() -> Self {
        KeyStarts(Box::new([0; 1024]))
    }
}

/// What the rules are made of.
pub(super) struct Rules<'r> {
    pub keys: &'r KeyTable,
    pub starts: &'r KeyStarts,
    pub places: &'r Places,
    pub fragments: &'r [Fragment],
    pub secrets: &'r [zeroize::Zeroizing<Vec<u8>>],
}

/// Bytes that end an unquoted value: whitespace, quotes, `\`, and the separators of query
/// strings, cookies, lists and brackets.
static STOP: ByteClass = ByteClass::of(b" \t\r\n\x0b\x0c\"'\\&;,<>()[]{}");
/// What an unquoted value is made of.
static VALUE: ByteClass = STOP.not();

fn is_blank(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

fn is_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Where the unquoted value starting at `from` ends, and whether it is still open.
fn value_run(buf: &[u8], from: usize, more: bool) -> (usize, bool) {
    let i = VALUE.run(buf, from);
    (i, more && i >= buf.len())
}

/// Scan from `i` while `f` holds, for a decision: `None` when the run reaches the window
/// end `w`, or the end of the text seen while more may follow.
fn scan_while(t: &Text, mut i: usize, w: usize, f: impl Fn(u8) -> bool) -> Option<usize> {
    while i < w {
        match t.buf.get(i) {
            Some(&b) if f(b) => i += 1,
            Some(_) => return Some(i),
            None => return (!t.more).then_some(i),
        }
    }
    None
}

/// [`scan_while`] over a run of `class`, measured by [`ByteClass::run`].
fn scan_class(t: &Text, i: usize, w: usize, class: &ByteClass) -> Option<usize> {
    let e = class.run(t.buf, i);
    if e >= w {
        return None;
    }
    (e < t.buf.len() || !t.more).then_some(e)
}

/// What a URL's user info and host are made of (up to `@` or the path).
static AUTHORITY: ByteClass = ByteClass::of(b"@/?#\"'<>\\\t\n\x0b\x0c\r ").not();

/// Resolve the candidate `trigger` at `p`, pushing what it masks onto `out`.
pub(super) fn resolve(r: &Rules, t: &Text, p: usize, trigger: Trigger, out: &mut Vec<Mask>) {
    match trigger {
        Trigger::Name(i) => {
            if let Some(n) = r.places.names.get(i as usize) {
                name(r, t, p, n, out);
            }
        }
        Trigger::Fragment(i) => {
            if let Some(f) = r.fragments.get(i as usize) {
                fragment(r, t, p, f, out);
            }
        }
        Trigger::Url => url(r, t, p, out),
        Trigger::Curl => curl(r, t, p, out),
        Trigger::Secret(i) => {
            if let Some(s) = r.secrets.get(i as usize)
                && t.buf.get(p..p + s.len()) == Some(s.as_slice())
            {
                out.push(Mask {
                    a: p,
                    b: p + s.len(),
                    cont: None,
                });
            }
        }
    }
}

/// A fragment ending at `p + len`: each prefix length it stands for gives a key start.
fn fragment(r: &Rules, t: &Text, p: usize, f: &Fragment, out: &mut Vec<Mask>) {
    let e = p + f.text.len();
    for &l in &f.prefix_lens {
        let Some(s) = e.checked_sub(l) else { continue };
        if s == t.last_fragment.get() || (s > 0 && is_key_byte(t.buf[s - 1])) {
            continue;
        }
        t.last_fragment.set(s);
        if let Some(hit) = t.key_at(r, s) {
            out.push(Mask {
                a: s + hit.prefix_len,
                b: hit.end,
                cont: hit.open.map(Cont::Body),
            });
        }
    }
}

/// Mask the value `[a, b)`; a value that is itself a key keeps its prefix.
fn mask_value(r: &Rules, t: &Text, a: usize, b: usize, cont: Option<Cont>, out: &mut Vec<Mask>) {
    let a = match t.key_at(r, a) {
        Some(hit) => (a + hit.prefix_len).min(b),
        None => a,
    };
    if a < b || cont.is_some() {
        out.push(Mask { a, b, cont });
    }
}

/// A place name at `p`: `name: value`, `name=value`, `"name": "value"` (also with `'` and
/// `\"` quotes), a value that may start with a scheme word for scheme names.
fn name(r: &Rules, t: &Text, p: usize, n: &Name, out: &mut Vec<Mask>) {
    let buf = t.buf;
    let end = p + n.text.len();
    // A name that ends a longer one read just before (`api-key` in `X-Api-Key`) would read
    // the same value the same way, unless it is quoted itself or reads it otherwise: skip
    // (whether or not it is there: if not, it masks nothing either).
    let before = Quote::before(buf, p);
    if let Some((p0, e0, key0, scheme0)) = t.last_name.get()
        && e0 == end
        && p0 < p
        && before.is_none()
        && (key0 || scheme0 == n.scheme)
    {
        return;
    }
    if !buf.get(p..end).is_some_and(|w| n.is(w)) {
        return;
    }
    if p > 0 && buf[p - 1].is_ascii_alphanumeric() {
        return;
    }
    // A quoted key (`"name":`) takes only a quoted value (JSON, a Python dict).
    let quote = before.filter(|q| q.is_at(buf, end));
    let key = quote.is_some();
    t.last_name.set(Some((p, end, key, n.scheme)));
    // Decisions look at most `WINDOW` bytes past the name (the same for names that end
    // together).
    let w = end + WINDOW;
    let i = end + quote.map_or(0, |q| q.len());
    let Some(i) = scan_while(t, i, w, is_blank) else {
        return;
    };
    match buf.get(i) {
        Some(b':') => {}
        Some(b'=') if !key => {}
        _ => return,
    }
    let Some(v) = scan_while(t, i + 1, w, is_blank) else {
        return;
    };
    if let Some(q) = Quote::at(buf, v) {
        let cs = v + q.len();
        let (ce, open) = q.end(buf, cs, t.more);
        quoted(
            r,
            t,
            n.scheme,
            cs,
            ce,
            open.then_some(Cont::Quoted(q)),
            w,
            out,
        );
    } else if !key {
        unquoted(r, t, n.scheme, v, w, out);
    }
}

/// An unquoted value at `v`; for a scheme name, `Scheme credentials` keeps the scheme.
fn unquoted(r: &Rules, t: &Text, scheme: bool, v: usize, w: usize, out: &mut Vec<Mask>) {
    let buf = t.buf;
    let (e1, open1) = value_run(buf, v, t.more);
    if e1 == v && !open1 {
        return;
    }
    if scheme && !open1 && e1 <= w {
        let word = &buf[v..e1];
        if let Some(j) = scan_while(t, e1, w, is_blank)
            && j > e1
            && buf.get(j).is_some_and(|&b| !STOP.contains(b))
        {
            if r.places.is_public_scheme(word) {
                return;
            }
            let (e2, open2) = value_run(buf, j, t.more);
            mask_value(r, t, j, e2, open2.then_some(Cont::Value), out);
            return;
        }
        if r.places.is_scheme(word) || r.places.is_public_scheme(word) {
            return;
        }
    }
    mask_value(r, t, v, e1, open1.then_some(Cont::Value), out);
}

/// Quoted content `[cs, ce)`; for a scheme name, `Scheme rest` keeps the scheme.
#[allow(clippy::too_many_arguments)]
fn quoted(
    r: &Rules,
    t: &Text,
    scheme: bool,
    cs: usize,
    ce: usize,
    cont: Option<Cont>,
    w: usize,
    out: &mut Vec<Mask>,
) {
    let buf = t.buf;
    if scheme {
        let lim = ce.min(w);
        let mut j = cs;
        while j < lim && !is_blank(buf[j]) {
            j += 1;
        }
        let word = &buf[cs..j];
        if j < lim {
            let mut k = j;
            while k < lim && is_blank(buf[k]) {
                k += 1;
            }
            if k < lim {
                if !r.places.is_public_scheme(word) {
                    mask_value(r, t, k, ce, cont, out);
                }
                return;
            }
        }
        if j == ce
            && cont.is_none()
            && (r.places.is_scheme(word) || r.places.is_public_scheme(word))
        {
            return;
        }
    }
    mask_value(r, t, cs, ce, cont, out);
}

/// `user:password` at `[a, b)` with its colon at `c` (curl's `-u`, a URL's user info).
fn pair(r: &Rules, t: &Text, a: usize, c: usize, b: usize, out: &mut Vec<Mask>) {
    if r.places.is_basic_literal(&t.buf[c + 1..b]) {
        mask_value(r, t, a, c, None, out);
        return;
    }
    mask_value(r, t, c + 1, b, None, out);
    if r.places.secret_users {
        mask_value(r, t, a, c, None, out);
    }
}

/// `://` at `p`: `user:password@` right after it.
fn url(r: &Rules, t: &Text, p: usize, out: &mut Vec<Mask>) {
    let buf = t.buf;
    if buf.get(p..p + 3) != Some(b"://") {
        return;
    }
    let a = p + 3;
    let Some(at) = scan_class(t, a, p + WINDOW, &AUTHORITY) else {
        return;
    };
    if buf.get(at) != Some(&b'@') {
        return;
    }
    if let Some(c) = memchr(b':', &buf[a..at]) {
        pair(r, t, a, a + c, at, out);
    }
}

/// curl's `-u user:password` (also `-U`, `--user user:password`, `--user=...`, quoted),
/// after whitespace. `p` is at the option, or at the blank before `-u`.
fn curl(r: &Rules, t: &Text, p: usize, out: &mut Vec<Mask>) {
    let buf = t.buf;
    let p = match buf.get(p) {
        Some(&b) if is_blank(b) => p + 1,
        _ if p > 0 && !is_space(buf[p - 1]) => return,
        _ => p,
    };
    let w = p + WINDOW;
    let i = if buf.get(p..p + 6) == Some(b"--user") {
        match buf.get(p + 6) {
            Some(b'=') => p + 7,
            Some(&b) if is_blank(b) => match scan_while(t, p + 6, w, is_blank) {
                Some(i) => i,
                None => return,
            },
            _ => return,
        }
    } else if buf.get(p) == Some(&b'-')
        && matches!(buf.get(p + 1), Some(b'u' | b'U'))
        && buf.get(p + 2) == Some(&b' ')
    {
        match scan_while(t, p + 2, w, is_blank) {
            Some(i) => i,
            None => return,
        }
    } else {
        return;
    };
    let i = match buf.get(i) {
        Some(b'"' | b'\'') => i + 1,
        _ => i,
    };
    let Some(k) = scan_while(t, i, w, |b| !is_space(b) && b != b'"' && b != b'\'') else {
        return;
    };
    if let Some(c) = memchr(b':', &buf[i..k]) {
        pair(r, t, i, i + c, k, out);
    }
}
