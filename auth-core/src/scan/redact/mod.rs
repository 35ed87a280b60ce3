//! Masking credentials in arbitrary text: log lines, HTTP dumps, curl commands, JSON.
//!
//! A [`Redactor`] built from specs masks:
//!
//! - **keys by prefix and format**, anywhere: a prefix of a secret credential part counts
//!   at a token boundary (the byte before it is not `[A-Za-z0-9_-]`) when what follows
//!   fits the part's format (see [`crate::scan::keys`]: charset, lengths, suffix). The
//!   prefix stays and the rest becomes `***` (`pm_live_***`), so a reader still sees which
//!   kind of key was there; `pm_live_` alone is no key;
//! - **values in the places the specs name**: every header, query, form, JSON or cookie
//!   field that carries a secret part (Weevio's `apiSecret`, Pixee's `password` and
//!   `X-API-Key`, Azure's `api-key`), in any case, with `-` and `_` alike, as
//!   `Name: value`, `name=value`, `"name": "value"` (also with `'` or JSON-escaped `\"`
//!   quotes); a quoted value is masked inside its quotes and an unquoted one up to
//!   whitespace, a quote or one of `\&;,<>()[]{}`, so JSON stays JSON and a query string
//!   keeps its `&`. For `Authorization`, `Proxy-Authorization` and names whose specs write
//!   a scheme (`Klaviyo-API-Key {key}`), a first word followed by more is the scheme and
//!   stays (`Authorization: Bearer ***`, `Basic ***`), except that a scheme whose values
//!   carry nothing secret (Sentry's `DSN`) keeps its value too. A value that is itself a
//!   key keeps its prefix. A quoted key (`"password":`) takes only a quoted value;
//! - **user and password pairs**: curl's `-u user:password` (`-U`, `--user`) and a URL's
//!   `scheme://user:password@`. The password is masked; when it is a literal password of a
//!   spec's Basic placement (Freshdesk's `X`, Greenhouse's empty one) the user name is the
//!   key and is masked instead; and when some spec's Basic user name is itself secret
//!   (Weevio's API ID), the user name is masked too;
//! - **secret values** added at run time ([`Redactor::add_secret`]), for credentials with
//!   neither prefix nor place (a password from the environment): every occurrence becomes
//!   `***`, wherever it stands.
//!
//! Overlapping or adjacent masked ranges merge into one `***`. No rule looks past a line
//! end or more than 4 KiB ahead to decide, and every mask runs as far as its value does,
//! so [`Redactor::redact_stream`] and [`StreamRedactor`] give exactly the one-shot output
//! whatever the piece boundaries, in bounded memory, and write each complete line as soon
//! as it is read (`tail -f app.log | authspec redact`). [`Redactor::redact`] borrows its
//! input when there is nothing to mask.
//!
//! Finding candidates is one pass over the text (see `search` and `filter`: a SIMD test
//! of every position against a few dozen four-byte windows): its cost depends on the text
//! and on the number of distinct names and *fragments* of prefixes, not on how many specs
//! were loaded; checking a key candidate costs one or two table look-ups whatever the
//! number of specs (see `crate::scan::keys`). [`Redactor::add_secret`] rebuilds only the
//! search, never the key table.

use std::borrow::Cow;
use std::fmt;
use std::io::{self, Read, Write};
use std::sync::Arc;

use auth_spec::Spec;
use zeroize::Zeroizing;

use crate::Secret;
use crate::scan::keys::{KeyTable, KeyTableBuilder};
use crate::scan::places::Places;

mod filter;
mod rules;
mod scan;
mod search;

use rules::{KeyStarts, Rules, WINDOW};
use scan::{State, process};
use search::{Fragment, Search, fragments};

/// What replaces a masked range.
pub const MASK: &str = "***";

/// Why a [`Redactor`] could not be built (nothing, today).
///
/// Building cannot fail; the `Result`s are kept so callers need not change when a future
/// search can.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the redactor")]
pub struct BuildError(());

/// What the specs give: built once, shared by clones and untouched by `add_secret`.
#[derive(Debug, Default)]
struct Known {
    keys: KeyTable,
    starts: KeyStarts,
    places: Places,
    fragments: Vec<Fragment>,
    /// Whether the generic places (`Authorization`, curl, URLs) apply.
    generic: bool,
}

/// The search over everything known and every secret, with the sizes the scan needs.
#[derive(Debug, Default)]
struct Engine {
    search: Option<Search>,
    /// Bytes a piece holds back when it ends in the middle of a line.
    holdback: usize,
    /// Bytes kept before the limit, to look back at.
    history: usize,
    /// The longest secret with a line end in it (0: none).
    multiline_secret: usize,
}

/// Masks credentials in text. See the module docs.
///
/// `Debug` shows only counts. The secret values it holds are zeroed when it drops; the
/// automaton built from them keeps its own (folded) copies, which are not.
#[derive(Clone, Default)]
pub struct Redactor {
    known: Arc<Known>,
    secrets: Vec<Zeroizing<Vec<u8>>>,
    engine: Arc<Engine>,
}

impl fmt::Debug for Redactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Redactor")
            .field("prefixes", &self.known.keys.prefix_count())
            .field("names", &self.known.places.names.len())
            .field("secrets", &self.secrets.len())
            .finish()
    }
}

impl Redactor {
    /// A redactor for every place and every key format of each secret credential part of
    /// `specs`, and the generic places (`Authorization`, curl `-u`, URL user info).
    pub fn new<'s>(specs: impl IntoIterator<Item = &'s Spec>) -> Result<Self, BuildError> {
        let mut keys = KeyTableBuilder::default();
        let mut places = Places::generic();
        for spec in specs {
            keys.add_spec(spec, |secret| secret);
            places.add_spec(spec);
        }
        Self::with(keys.build(), places, true)
    }

    /// A redactor for bare key prefixes only (each followed by key characters), with no
    /// places: for text where only known values and keys may be masked.
    pub fn with_prefixes(prefixes: impl IntoIterator<Item = String>) -> Result<Self, BuildError> {
        let mut keys = KeyTableBuilder::default();
        keys.add_bare(prefixes);
        Self::with(keys.build(), Places::default(), false)
    }

    fn with(keys: KeyTable, places: Places, generic: bool) -> Result<Self, BuildError> {
        let fragments = fragments(keys.prefixes());
        let starts = KeyStarts::new(keys.prefixes());
        let mut r = Redactor {
            known: Arc::new(Known {
                keys,
                starts,
                places,
                fragments,
                generic,
            }),
            secrets: Vec::new(),
            engine: Arc::default(),
        };
        r.rebuild()?;
        Ok(r)
    }

    /// Also mask every occurrence of `secret` (an empty secret is ignored). Rebuilds only
    /// the search (not what the specs gave); add many at once with
    /// [`Redactor::add_secrets`].
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

    /// How many key prefixes and secret values it masks.
    pub fn pattern_count(&self) -> (usize, usize) {
        (self.known.keys.prefix_count(), self.secrets.len())
    }

    fn rebuild(&mut self) -> Result<(), BuildError> {
        let k = &self.known;
        let secrets: Vec<&[u8]> = self.secrets.iter().map(|s| s.as_slice()).collect();
        let search = Search::build(&k.places.names, &k.fragments, &secrets, k.generic);
        let longest = search.as_ref().map_or(0, |s| s.max_pattern);
        let offset = search.as_ref().map_or(0, |s| s.max_offset);
        let multiline_secret = secrets
            .iter()
            .filter(|s| s.iter().any(|&b| b == b'\n' || b == b'\r'))
            .map(|s| s.len())
            .max()
            .unwrap_or(0);
        let history = k.keys.max_prefix_len().max(offset) + 2;
        self.engine = Arc::new(Engine {
            search,
            holdback: WINDOW + longest + history + 64,
            history,
            multiline_secret,
        });
        Ok(())
    }

    fn rules(&self) -> Rules<'_> {
        Rules {
            keys: &self.known.keys,
            starts: &self.known.starts,
            places: &self.known.places,
            fragments: &self.known.fragments,
            secrets: &self.secrets,
        }
    }

    /// `text` with every credential masked; borrowed when there is nothing to mask.
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        match self.redact_bytes(text.as_bytes()) {
            Cow::Borrowed(_) => Cow::Borrowed(text),
            // Masks start at ASCII bytes or at a secret's first byte and end before ASCII
            // bytes or after a secret, so UTF-8 text stays UTF-8; lossy is a fallback.
            Cow::Owned(v) => Cow::Owned(match String::from_utf8(v) {
                Ok(s) => s,
                Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
            }),
        }
    }

    /// Like [`Redactor::redact`], for bytes that need not be UTF-8.
    pub fn redact_bytes<'t>(&self, text: &'t [u8]) -> Cow<'t, [u8]> {
        if self.engine.search.is_none() {
            return Cow::Borrowed(text);
        }
        let mut st = State::default();
        let mut out = Vec::new();
        process(&self.engine, &self.rules(), &mut st, text, true, &mut out);
        if st.masked {
            Cow::Owned(out)
        } else {
            Cow::Borrowed(text)
        }
    }

    /// Append `text`, masked, to `out` (copied as it is when there is nothing to mask).
    /// Lets a caller reuse one output buffer across many inputs.
    pub fn redact_into(&self, text: &[u8], out: &mut Vec<u8>) {
        if self.engine.search.is_none() {
            out.extend_from_slice(text);
            return;
        }
        let mut st = State::streaming();
        process(&self.engine, &self.rules(), &mut st, text, true, out);
    }

    /// Copy `input` to `output`, masked, in bounded memory; returns the bytes written.
    /// What each read completes is written and flushed before the next read, so a line
    /// read from a pipe comes out as soon as it is in.
    pub fn redact_stream<R: Read, W: Write>(&self, mut input: R, mut output: W) -> io::Result<u64> {
        const CHUNK: usize = 256 * 1024;
        let mut s = self.stream();
        // `buf` stays at its full length (zeroed once), `len` bytes of it in use: the
        // carried tail, then what was read straight behind it (no extra copy, no zeroing
        // per read).
        let mut buf = vec![0u8; CHUNK + self.engine.holdback + CHUNK];
        let mut len = 0;
        let mut out = Vec::with_capacity(CHUNK + self.engine.holdback);
        let mut written = 0u64;
        loop {
            if buf.len() < len + CHUNK {
                buf.resize(len + CHUNK, 0);
            }
            let n = loop {
                match input.read(&mut buf[len..len + CHUNK]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            len += n.min(CHUNK);
            let eof = n == 0;
            let used = s.process_slice(&buf[..len], eof, &mut out);
            buf.copy_within(used..len, 0);
            len -= used;
            output.write_all(&out)?;
            output.flush()?;
            written += out.len() as u64;
            out.clear();
            if eof {
                return Ok(written);
            }
        }
    }

    /// A piece-by-piece redactor over this one.
    pub fn stream(&self) -> StreamRedactor<'_> {
        StreamRedactor {
            redactor: self,
            state: State::streaming(),
            carry: Vec::new(),
        }
    }
}

/// Redacts a byte stream pushed in pieces of any size; the concatenated output equals
/// [`Redactor::redact_bytes`] of the concatenated input. It holds back at most the rest of
/// the current line, and never more than about 4 KiB plus the longest pattern.
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

    /// How many input bytes it holds back (not yet written or masked): at most the rest of
    /// the current line, and never more than about 4 KiB plus the longest pattern.
    pub fn held_back(&self) -> usize {
        self.carry.len()
    }

    /// End of input: append the rest to `out`.
    pub fn finish(mut self, out: &mut Vec<u8>) {
        let mut buf = std::mem::take(&mut self.carry);
        self.process_buf(&mut buf, true, out);
    }

    /// Process `buf` (carried tail + new bytes), leaving the unconsumed tail in it.
    fn process_buf(&mut self, buf: &mut Vec<u8>, eof: bool, out: &mut Vec<u8>) {
        let used = self.process_slice(buf, eof, out);
        buf.drain(..used);
    }

    /// Process `buf` (carried tail + new bytes); returns how many bytes at its front are
    /// no longer needed.
    fn process_slice(&mut self, buf: &[u8], eof: bool, out: &mut Vec<u8>) -> usize {
        let r = self.redactor;
        if r.engine.search.is_none() {
            out.extend_from_slice(buf);
            return buf.len();
        }
        process(&r.engine, &r.rules(), &mut self.state, buf, eof, out).min(buf.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(prefixes: &[&str], secrets: &[&str]) -> Redactor {
        let mut r = Redactor::with_prefixes(prefixes.iter().map(|p| (*p).to_owned()))
            .unwrap_or_else(|e| panic!("{e}"));
        for s in secrets {
            r.add_secret(&Secret::new(*s))
                .unwrap_or_else(|e| panic!("{e}"));
        }
        r
    }

    #[test]
    fn keeps_prefix_masks_body() {
        let r = r(&["pm_live_", "mcp_", "mcpo_"], &[]);
        assert_eq!(r.redact("key=pm_live_abc123&x=1"), "key=pm_live_***&x=1");
        assert_eq!(r.redact("Bearer mcpo_zz."), "Bearer mcpo_***.");
        assert_eq!(r.redact("some_mcp_thing"), "some_mcp_thing");
        assert_eq!(r.redact("t mcp_a.b.c end"), "t mcp_*** end");
        assert_eq!(r.redact("bare pm_live_ x"), "bare pm_live_ x");
    }

    #[test]
    fn secrets_anywhere_and_merged() {
        let r = r(&["pm_live_"], &["hunter2", "pm_live_ab"]);
        assert_eq!(r.redact("pw:hunter2!"), "pw:***!");
        assert_eq!(r.redact("xhunter2hunter2y"), "x***y");
        assert_eq!(r.redact("pm_live_abcd"), "***");
    }

    #[test]
    fn clean_text_is_borrowed() {
        let r = r(&["pm_live_"], &["hunter2"]);
        assert!(matches!(r.redact("nothing here"), Cow::Borrowed(_)));
    }

    #[test]
    fn debug_hides_secrets() {
        let r = r(&["pm_live_"], &["hunter2"]);
        let d = format!("{r:?}");
        assert!(!d.contains("hunter2"), "{d}");
    }

    #[test]
    fn add_secret_keeps_what_the_specs_gave() {
        let mut r = r(&["pm_live_"], &[]);
        let known = Arc::clone(&r.known);
        r.add_secret(&Secret::new("hunter2"))
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(Arc::ptr_eq(&known, &r.known));
        assert_eq!(r.redact("a hunter2 pm_live_x"), "a *** pm_live_***");
    }

    /// A piece that ends a line is written out whole, secrets found by a window included
    /// (what `tail -f | authspec redact` needs).
    #[test]
    fn a_line_is_written_as_soon_as_it_ends() {
        let r = r(&["pm_live_"], &["s3cr3t-value-long"]);
        let mut s = r.stream();
        let mut out = Vec::new();
        s.push(b"a s3cr3t-value-long b pm_live_x\n", &mut out);
        assert_eq!(out, b"a *** b pm_live_***\n");
        s.push(b"no end yet", &mut out);
        s.push(b"\n", &mut out);
        assert_eq!(out, b"a *** b pm_live_***\nno end yet\n");
    }

    /// A long line is cut into pieces at any point: the output is the one-shot output.
    #[test]
    fn long_lines_in_pieces() {
        let r = r(&["pm_live_"], &["s3cr3t-value"]);
        let mut line = String::new();
        let mut rng = fastrand::Rng::with_seed(3);
        while line.len() < 40_000 {
            match rng.u8(..4) {
                0 => line.push_str(" pm_live_abc"),
                1 => line.push_str("s3cr3t-value"),
                2 => line.push_str(&"x".repeat(rng.usize(1..6000))),
                _ => line.push(' '),
            }
        }
        let want = r.redact_bytes(line.as_bytes()).into_owned();
        for chunk in [1, 7, 4096, 5000, 9000] {
            let mut s = r.stream();
            let mut out = Vec::new();
            for c in line.as_bytes().chunks(chunk) {
                s.push(c, &mut out);
            }
            s.finish(&mut out);
            assert!(out == want, "chunk {chunk}");
        }
    }
}
