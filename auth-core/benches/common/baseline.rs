//! The baseline the redactor is measured against: the same masking written the way a
//! careful engineer writes it with the `regex` crate. One regular expression whose
//! alternatives all begin with literals (key prefixes with their format's body, place
//! names case-insensitively, `://`, curl's `-u`, the secret), searched with `find_at`; the
//! boundaries and the value that follows a place name are read in code; every match
//! restarts the search one byte further, so overlapping candidates are all seen. It is a
//! second, independent implementation of the rules (from the specs, not from the
//! redactor's internals), and the benches assert its output is byte-identical.

use auth_core::spec::Spec;
use auth_core::spec::model::{
    Charset, Format, PayloadField, Piece, Placement, SignatureTarget, Template,
};
use regex::bytes::Regex;

/// Everything the rules need, read from the specs.
pub struct Baseline {
    re: Regex,
    /// A key at the start of a slice (for values that are keys: their prefix stays).
    key_at: Regex,
    /// `(prefix, extra bytes that may not follow the key)`, longest prefix first.
    prefixes: Vec<(Vec<u8>, &'static [u8])>,
    /// Lowercase names and whether their value may start with a scheme word.
    names: Vec<(Vec<u8>, bool)>,
    schemes: Vec<Vec<u8>>,
    public_schemes: Vec<Vec<u8>>,
    literals: Vec<Vec<u8>>,
    secret_users: bool,
    secrets: Vec<Vec<u8>>,
}

fn class_of(c: Option<Charset>) -> (&'static str, &'static [u8]) {
    match c {
        None | Some(Charset::Token) => ("[A-Za-z0-9_-]", b""),
        Some(Charset::Digits) => ("[0-9]", b""),
        Some(Charset::Hex) => ("[0-9A-Fa-f]", b""),
        Some(Charset::HexLower) => ("[0-9a-f]", b""),
        Some(Charset::Alphanumeric | Charset::Base62) => ("[A-Za-z0-9]", b""),
        Some(Charset::Base64) => ("[A-Za-z0-9+/=]", b"+/="),
        Some(Charset::Base64url) => ("[A-Za-z0-9_=-]", b"="),
    }
}

/// The key (prefix, body, suffix) as a regular expression.
fn key_regex(prefix: &str, f: &Format) -> String {
    let sfx = f.suffix.clone().unwrap_or_default();
    let fixed = prefix.len() + sfx.len();
    let bounded = f.length.is_some() || f.min_length.is_some() || f.max_length.is_some();
    let (class, _) = class_of(f.charset);
    let body = if f.charset.is_none() && !bounded {
        "(?:[A-Za-z0-9_-]|[./+%=]+[A-Za-z0-9_-])+".to_owned()
    } else {
        let lo = f
            .length
            .or(f.min_length)
            .map_or(1, |l| l.saturating_sub(fixed).max(1));
        match f.length.or(f.max_length).map(|h| h - fixed) {
            Some(h) if h == lo => format!("{class}{{{h}}}"),
            Some(h) => format!("{class}{{{lo},{h}}}"),
            None => format!("{class}{{{lo},}}"),
        }
    };
    format!("{}{body}{}", regex::escape(prefix), regex::escape(&sfx))
}

fn vars_secret(t: &Template, secret: &dyn Fn(&str) -> bool) -> bool {
    t.vars().into_iter().any(secret)
}

/// A place name (header, field), in its three spellings, and whether a scheme word may
/// come before its value.
fn add_name(names: &mut Vec<(Vec<u8>, bool)>, n: &str, scheme: bool) {
    let l = n.to_ascii_lowercase();
    for t in [l.clone(), l.replace('-', "_"), l.replace('_', "-")] {
        match names.iter_mut().find(|(x, _)| *x == t.as_bytes()) {
            Some(x) => x.1 |= scheme,
            None => names.push((t.into_bytes(), scheme)),
        }
    }
}

/// A header a credential is sent in: its scheme word (`Bearer ` in `Bearer {key}`) is a
/// scheme when the value carries a secret, else a public word; its name is a place when
/// it carries one.
fn header(
    names: &mut Vec<(Vec<u8>, bool)>,
    schemes: &mut Vec<Vec<u8>>,
    public: &mut Vec<Vec<u8>>,
    name: &str,
    value: &Template,
    carries: bool,
) {
    let word = match value.pieces().first() {
        Some(Piece::Text(t)) if value.pieces().len() > 1 && t.ends_with(' ') => {
            Some(t.trim().to_ascii_lowercase().into_bytes())
        }
        _ => None,
    };
    if let Some(w) = &word {
        if carries {
            if !schemes.contains(w) {
                schemes.push(w.clone());
            }
        } else {
            public.push(w.clone());
        }
    }
    if carries {
        add_name(names, name, word.is_some());
    }
}

impl Baseline {
    pub fn new(specs: &[Spec], secrets: &[&str]) -> Self {
        let mut keys: Vec<(String, String, &'static [u8])> = Vec::new();
        let mut names: Vec<(Vec<u8>, bool)> = Vec::new();
        let mut schemes: Vec<Vec<u8>> =
            vec![b"basic".to_vec(), b"bearer".to_vec(), b"token".to_vec()];
        let mut public = Vec::new();
        let mut literals = Vec::new();
        let mut secret_users = false;
        add_name(&mut names, "authorization", true);
        add_name(&mut names, "proxy-authorization", true);
        for spec in specs {
            let mut spec_public = Vec::new();
            for c in spec.credentials.values() {
                for p in c.parts.values().filter(|p| p.secret) {
                    if let Some(f) = &p.format {
                        for x in &f.prefixes {
                            keys.push((
                                x.prefix.clone(),
                                key_regex(&x.prefix, f),
                                class_of(f.charset).1,
                            ));
                        }
                    }
                }
                let secret = |n: &str| c.parts.get(n).is_some_and(|p| p.secret);
                for pl in &c.placements {
                    match pl {
                        Placement::Header { name, value, .. } => {
                            let carries = vars_secret(value, &secret);
                            header(
                                &mut names,
                                &mut schemes,
                                &mut spec_public,
                                name,
                                value,
                                carries,
                            );
                        }
                        Placement::Basic { username, password } => {
                            if password.is_literal() {
                                literals.push(password.texts().concat().into_bytes());
                            } else if vars_secret(username, &secret) {
                                secret_users = true;
                            }
                        }
                        Placement::Fields { fields, .. } => {
                            for (wire, part) in fields {
                                if c.parts[*part].secret {
                                    add_name(&mut names, wire, false);
                                }
                            }
                        }
                        // Headers that carry a secret part, and the signature.
                        Placement::Hmac(h) => {
                            let mut headers: Vec<(&str, &Template, bool)> = h
                                .headers
                                .iter()
                                .map(|(n, _, v)| (n.as_str(), v, vars_secret(v, &secret)))
                                .collect();
                            match &h.signature {
                                SignatureTarget::Header(n, v) => {
                                    headers.push((n.as_str(), v, true))
                                }
                                SignatureTarget::Query(n) => add_name(&mut names, n, false),
                            }
                            for (name, value, carries) in headers {
                                header(
                                    &mut names,
                                    &mut schemes,
                                    &mut spec_public,
                                    name,
                                    value,
                                    carries,
                                );
                            }
                        }
                        // The password never travels.
                        Placement::Digest(_) => {}
                    }
                }
            }
            // Operations: secret body fields (nested too), token response fields, cookies.
            for op in spec.operations.values() {
                let mut stack: Vec<&(String, PayloadField)> = Vec::new();
                if let Some(b) = &op.request {
                    stack.extend(&b.fields);
                }
                if let Some(b) = op.response.as_ref().and_then(|r| r.body.as_ref()) {
                    stack.extend(&b.fields);
                }
                while let Some((name, f)) = stack.pop() {
                    if f.secret {
                        add_name(&mut names, name, false);
                    }
                    stack.extend(&f.items);
                }
                if let Some(ex) = &op.issues {
                    let mut fields = vec![ex.token_field.as_str()];
                    fields.extend(ex.refresh_token.as_ref().map(|r| r.field.as_str()));
                    for f in fields {
                        let name = f.split('.').next_back().unwrap_or(f);
                        add_name(&mut names, name, false);
                    }
                }
                if let Some(r) = &op.response {
                    for (cookie, _) in &r.sets_cookies {
                        add_name(&mut names, cookie, false);
                    }
                }
            }
            for w in spec_public {
                if !schemes.contains(&w) && !public.contains(&w) {
                    public.push(w);
                }
            }
        }
        keys.sort_by_key(|k| std::cmp::Reverse(k.0.len()));
        let key_alts: Vec<&str> = keys.iter().map(|k| k.1.as_str()).collect();
        let name_alts: Vec<String> = names
            .iter()
            .map(|(n, _)| regex::escape(&String::from_utf8_lossy(n)))
            .collect();
        let secret_alts: Vec<String> = secrets.iter().map(|s| regex::escape(s)).collect();
        let mut alts = vec![
            format!("(?:{})", key_alts.join("|")),
            format!("(?i:{})", name_alts.join("|")),
            "://".to_owned(),
            "-[uU] ".to_owned(),
            "--user".to_owned(),
        ];
        if !secret_alts.is_empty() {
            alts.push(format!("(?:{})", secret_alts.join("|")));
        }
        let re = Regex::new(&alts.join("|")).expect("baseline regex");
        let key_at = Regex::new(&format!("^(?:{})", key_alts.join("|"))).expect("key regex");
        Baseline {
            re,
            key_at,
            prefixes: keys
                .into_iter()
                .map(|(p, _, x)| (p.into_bytes(), x))
                .collect(),
            names,
            schemes,
            public_schemes: public,
            literals,
            secret_users,
            secrets: secrets.iter().map(|s| s.as_bytes().to_vec()).collect(),
        }
    }

    /// The place names (lowercase, with their `-`/`_` twins).
    pub fn names(&self) -> Vec<String> {
        self.names
            .iter()
            .map(|(n, _)| String::from_utf8_lossy(n).into_owned())
            .collect()
    }

    /// Append `text`, masked, to `out`.
    pub fn redact_into(&self, text: &[u8], out: &mut Vec<u8>) {
        let mut masks: Vec<(usize, usize)> = Vec::new();
        let mut pos = 0;
        while let Some(m) = self.re.find_at(text, pos) {
            let (s, e) = (m.start(), m.end());
            let hit = &text[s..e];
            if hit == b"://" {
                self.url(text, s, &mut masks);
            } else if hit == b"--user" || (hit.len() == 3 && hit[0] == b'-' && hit[2] == b' ') {
                self.curl(text, s, &mut masks);
            } else if let Some(&(_, scheme)) =
                self.names.iter().find(|(n, _)| n.eq_ignore_ascii_case(hit))
            {
                self.name(text, s, e, scheme, &mut masks);
            } else if self.secrets.iter().any(|x| x == hit) {
                masks.push((s, e));
            } else if let Some(k) = self.key(text, s) {
                masks.push(k);
            }
            pos = s + 1;
        }
        masks.sort_unstable();
        let mut last = 0;
        let mut open: Option<(usize, usize)> = None;
        for (a, b) in masks {
            match open {
                Some((oa, ob)) if a <= ob => open = Some((oa, ob.max(b))),
                Some((oa, ob)) => {
                    out.extend_from_slice(&text[last..oa]);
                    out.extend_from_slice(b"***");
                    last = ob;
                    open = Some((a, b));
                }
                None => open = Some((a, b)),
            }
        }
        if let Some((oa, ob)) = open {
            out.extend_from_slice(&text[last..oa]);
            out.extend_from_slice(b"***");
            last = ob;
        }
        out.extend_from_slice(&text[last..]);
    }

    /// The masked part of a key starting at `s`, boundaries checked.
    fn key(&self, text: &[u8], s: usize) -> Option<(usize, usize)> {
        if s > 0 && is_key(text[s - 1]) {
            return None;
        }
        let m = self.key_at.find(&text[s..])?;
        let e = s + m.end();
        let (p, extra) = self
            .prefixes
            .iter()
            .find(|(p, _)| text[s..].starts_with(p))?;
        if text
            .get(e)
            .is_some_and(|&b| is_key(b) || extra.contains(&b))
        {
            return None;
        }
        Some((s + p.len(), e))
    }

    /// Mask `[a, b)`, keeping a key's prefix.
    fn value(&self, text: &[u8], a: usize, b: usize, masks: &mut Vec<(usize, usize)>) {
        let a = match self.key(text, a) {
            Some((ka, _)) => ka.min(b),
            None => a,
        };
        if a < b {
            masks.push((a, b));
        }
    }

    fn is_scheme(&self, w: &[u8]) -> bool {
        self.schemes.iter().any(|x| x.eq_ignore_ascii_case(w))
    }

    fn is_public(&self, w: &[u8]) -> bool {
        self.public_schemes
            .iter()
            .any(|x| x.eq_ignore_ascii_case(w))
    }

    fn name(&self, text: &[u8], s: usize, e: usize, scheme: bool, masks: &mut Vec<(usize, usize)>) {
        if s > 0 && text[s - 1].is_ascii_alphanumeric() {
            return;
        }
        let before: &[u8] = if s >= 2 && &text[s - 2..s] == b"\\\"" {
            b"\\\""
        } else if s >= 1 && matches!(text[s - 1], b'"' | b'\'') {
            &text[s - 1..s]
        } else {
            b""
        };
        let mut i = e;
        let json = !before.is_empty() && text[i..].starts_with(before);
        if json {
            i += before.len();
        }
        while i < text.len() && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        match text.get(i) {
            Some(b':') => {}
            Some(b'=') if !json => {}
            _ => return,
        }
        i += 1;
        while i < text.len() && matches!(text[i], b' ' | b'\t') {
            i += 1;
        }
        let quote: &[u8] = match text.get(i) {
            Some(b'"') => b"\"",
            Some(b'\'') => b"'",
            Some(b'\\') if text.get(i + 1) == Some(&b'"') => b"\\\"",
            _ => b"",
        };
        if !quote.is_empty() {
            let cs = i + quote.len();
            let mut ce = cs;
            while ce < text.len() {
                let b = text[ce];
                let close = if quote == b"'" { b'\'' } else { b'"' };
                if b == close || b == b'\n' || b == b'\r' || (b == b'\\' && quote == b"\\\"") {
                    break;
                }
                ce += if b == b'\\' { 2 } else { 1 };
            }
            let ce = ce.min(text.len());
            if scheme {
                let mut j = cs;
                while j < ce && !matches!(text[j], b' ' | b'\t') {
                    j += 1;
                }
                let word = &text[cs..j];
                let mut k = j;
                while k < ce && matches!(text[k], b' ' | b'\t') {
                    k += 1;
                }
                if j < ce && k < ce {
                    if !self.is_public(word) {
                        self.value(text, k, ce, masks);
                    }
                    return;
                }
                if j == ce && (self.is_scheme(word) || self.is_public(word)) {
                    return;
                }
            }
            self.value(text, cs, ce, masks);
            return;
        }
        if json {
            return;
        }
        let stop = |b: u8| b.is_ascii_whitespace() || b == 0x0b || b"\"'\\&;,<>()[]{}".contains(&b);
        let mut t1 = i;
        while t1 < text.len() && !stop(text[t1]) {
            t1 += 1;
        }
        if t1 == i {
            return;
        }
        if scheme {
            let word = &text[i..t1];
            let mut j = t1;
            while j < text.len() && matches!(text[j], b' ' | b'\t') {
                j += 1;
            }
            if j > t1 && j < text.len() && !stop(text[j]) {
                if self.is_public(word) {
                    return;
                }
                let mut t2 = j;
                while t2 < text.len() && !stop(text[t2]) {
                    t2 += 1;
                }
                self.value(text, j, t2, masks);
                return;
            }
            if self.is_scheme(word) || self.is_public(word) {
                return;
            }
        }
        self.value(text, i, t1, masks);
    }

    fn pair(&self, text: &[u8], a: usize, c: usize, b: usize, masks: &mut Vec<(usize, usize)>) {
        if self.literals.iter().any(|l| *l == text[c + 1..b]) {
            self.value(text, a, c, masks);
            return;
        }
        self.value(text, c + 1, b, masks);
        if self.secret_users {
            self.value(text, a, c, masks);
        }
    }

    fn url(&self, text: &[u8], s: usize, masks: &mut Vec<(usize, usize)>) {
        let a = s + 3;
        let mut j = a;
        while j < text.len() {
            let b = text[j];
            if b == b'@' || b"/?#\"'<>\\".contains(&b) || b.is_ascii_whitespace() || b == 0x0b {
                break;
            }
            j += 1;
        }
        if text.get(j) != Some(&b'@') {
            return;
        }
        if let Some(c) = text[a..j].iter().position(|&b| b == b':') {
            self.pair(text, a, a + c, j, masks);
        }
    }

    fn curl(&self, text: &[u8], s: usize, masks: &mut Vec<(usize, usize)>) {
        let space = |b: u8| b.is_ascii_whitespace() || b == 0x0b;
        if s > 0 && !space(text[s - 1]) {
            return;
        }
        let mut i = if text[s..].starts_with(b"--user") {
            match text.get(s + 6) {
                Some(b'=') => s + 7,
                Some(b' ' | b'\t') => s + 6,
                _ => return,
            }
        } else {
            s + 2
        };
        if text.get(i - 1) != Some(&b'=') {
            while i < text.len() && matches!(text[i], b' ' | b'\t') {
                i += 1;
            }
        }
        if matches!(text.get(i), Some(b'"' | b'\'')) {
            i += 1;
        }
        let mut k = i;
        while k < text.len() && !space(text[k]) && text[k] != b'"' && text[k] != b'\'' {
            k += 1;
        }
        if let Some(c) = text[i..k].iter().position(|&b| b == b':') {
            self.pair(text, i, i + c, k, masks);
        }
    }
}

fn is_key(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}
