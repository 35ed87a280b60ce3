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

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use auth_spec::Spec;
use zeroize::Zeroizing;

use crate::Secret;

mod prefilter;
mod scan;

use prefilter::Prefilter;
use scan::{State, process};

/// What replaces a masked range.
pub const MASK: &str = "***";

/// Why a [`Redactor`] could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the redaction automaton")]
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
        let mut st = State::streaming();
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
            state: State::streaming(),
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
