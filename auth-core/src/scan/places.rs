//! Where the loaded specs say secrets travel, as redaction looks for them in text.
//!
//! From every credential placement whose value carries a secret part:
//! - header names (`X-API-Key`, `Authorization`), with whether their value starts with a
//!   scheme word (`Bearer`, `Klaviyo-API-Key`, `ApiKey`) that stays readable;
//! - query, form, JSON and cookie field names (`apiSecret`, `password`, `refresh_token`);
//! - HTTP Basic: which literal passwords mark the user name as the key (Freshdesk's `X`,
//!   Greenhouse's empty password), and whether a user name can be secret at all.
//!
//! - HMAC signing: the headers that carry a secret part, and the signature (header or
//!   query field);
//! - operations: body fields marked secret, the token and refresh-token fields of a token
//!   response, and cookies a response sets with a credential.
//!
//! Beside them the generic places every HTTP text has: `Authorization` and
//! `Proxy-Authorization` with any scheme, curl's `-u user:password`, and a URL's
//! `user:password@`. Scheme words of values that carry only non-secret parts (Sentry's
//! `DSN`) are remembered so that such values stay as they are.

use auth_spec::Spec;
use auth_spec::model::{Credential, PayloadField, Piece, Placement, SignatureTarget, Template};

/// A name a secret value follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Name {
    /// Lowercase, with `-` for `_`: matched in text in any case and with `-` and `_` alike.
    pub text: Box<[u8]>,
    /// Its value may start with a scheme word that stays.
    pub scheme: bool,
}

impl Name {
    /// Whether `text` is this name (any case, `-` and `_` alike).
    #[inline]
    pub(crate) fn is(&self, text: &[u8]) -> bool {
        // Names that share a search window differ at their start: look there first.
        text.len() == self.text.len()
            && text.first().map(|&t| FOLD[t as usize]) == self.text.first().copied()
            && text
                .iter()
                .zip(self.text.iter())
                .fold(0, |d, (&t, &n)| d | (FOLD[t as usize] ^ n))
                == 0
    }
}

/// A byte as names are kept: ASCII capitals in lower case, `_` as `-`.
static FOLD: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).to_ascii_lowercase();
        b += 1;
    }
    t[b'_' as usize] = b'-';
    t
};

/// What the loaded specs say about where secrets travel. See the module docs.
#[derive(Debug, Clone, Default)]
pub(crate) struct Places {
    /// Names (`x-api-key` stands for `X-API-Key`, `x_api_key` and the like).
    pub names: Vec<Name>,
    /// Scheme words (lowercase) that begin a secret value.
    pub schemes: Vec<Box<[u8]>>,
    /// Scheme words (lowercase) whose values carry nothing secret.
    pub public_schemes: Vec<Box<[u8]>>,
    /// Literal Basic passwords: a pair with one of them has the key as its user name.
    pub basic_literals: Vec<Box<[u8]>>,
    /// Some spec's Basic user name is a secret part beside a secret password (Weevio's API
    /// ID), so a user name is masked with its password.
    pub secret_users: bool,
}

/// The generic header names whose value is `Scheme credentials`.
const AUTH_HEADERS: [&str; 2] = ["authorization", "proxy-authorization"];
/// Scheme words every HTTP client knows.
const SCHEMES: [&str; 3] = ["basic", "bearer", "token"];

impl Places {
    /// The generic places, with no spec.
    pub(crate) fn generic() -> Self {
        let mut p = Places::default();
        for h in AUTH_HEADERS {
            p.add_name(h, true);
        }
        for s in SCHEMES {
            push_unique(&mut p.schemes, s.as_bytes().into());
        }
        p
    }

    /// Add what `spec` says.
    pub(crate) fn add_spec(&mut self, spec: &Spec) {
        let mut public = Vec::new();
        for cred in spec.credentials.values() {
            let secret = |name: &str| cred.parts.get(name).is_some_and(|p| p.secret);
            for placement in &cred.placements {
                match placement {
                    Placement::Header { name, value, .. } => {
                        let carries = value.vars().into_iter().any(secret);
                        self.add_header(name, value, carries, &mut public);
                    }
                    Placement::Basic { username, password } => {
                        self.add_basic(cred, username, password);
                    }
                    Placement::Fields { fields, .. } => {
                        for (wire, part) in fields {
                            if cred.parts[*part].secret {
                                self.add_name(wire, false);
                            }
                        }
                    }
                    // The key never travels; the headers that carry a secret part do, and
                    // the signature authenticates the request it signs, so it is masked
                    // like a credential.
                    Placement::Hmac(h) => {
                        for (name, _, value) in &h.headers {
                            let carries = value.vars().into_iter().any(secret);
                            self.add_header(name, value, carries, &mut public);
                        }
                        match &h.signature {
                            SignatureTarget::Header(name, value) => {
                                self.add_header(name.as_str(), value, true, &mut public);
                            }
                            SignatureTarget::Query(name) => self.add_name(name, false),
                        }
                    }
                    // The password never travels; its `Authorization: Digest ...` answer
                    // is masked as any `Authorization` value.
                    Placement::Digest(_) => {}
                }
            }
        }
        // Operations: body fields marked secret (a token request's `refresh_token`, a key
        // the response hands out), the fields of a token response (`{"access_token": ..}`)
        // and cookies that carry a credential.
        for op in spec.operations.values() {
            let bodies = op
                .request
                .iter()
                .chain(op.response.iter().flat_map(|r| &r.body));
            for body in bodies {
                self.add_payload(&body.fields);
            }
            if let Some(ex) = &op.issues {
                let fields = std::iter::once(&ex.token_field)
                    .chain(ex.refresh_token.as_ref().map(|r| &r.field));
                for path in fields {
                    self.add_name(last_segment(path), false);
                }
            }
            for (cookie, _) in op.response.iter().flat_map(|r| &r.sets_cookies) {
                self.add_name(cookie, false);
            }
        }
        for w in public {
            if !self.schemes.contains(&w) {
                push_unique(&mut self.public_schemes, w);
            }
        }
    }

    fn add_basic(&mut self, cred: &Credential, username: &Template, password: &Template) {
        let secret = |t: &Template| {
            t.vars()
                .into_iter()
                .any(|v| cred.parts.get(v).is_some_and(|p| p.secret))
        };
        if password.is_literal() {
            push_unique(
                &mut self.basic_literals,
                password.texts().concat().into_bytes().into(),
            );
        } else if secret(username) {
            self.secret_users = true;
        }
    }

    /// Every body field marked secret, nested ones included.
    fn add_payload(&mut self, fields: &[(String, PayloadField)]) {
        for (name, f) in fields {
            if f.secret {
                self.add_name(name, false);
            }
            self.add_payload(&f.items);
        }
    }

    /// A header `name: value`: its name when the value carries a secret, and the scheme
    /// word the value starts with, if any (one that carries nothing secret is `public`).
    fn add_header(
        &mut self,
        name: &str,
        value: &Template,
        carries: bool,
        public: &mut Vec<Box<[u8]>>,
    ) {
        let scheme = scheme_word(value);
        match (&scheme, carries) {
            (Some(w), true) => push_unique(&mut self.schemes, w.clone()),
            (Some(w), false) => public.push(w.clone()),
            (None, _) => {}
        }
        if carries {
            self.add_name(name, scheme.is_some());
        }
    }

    /// Add `name`, kept lowercase with `-` for `_` (both are matched alike).
    fn add_name(&mut self, name: &str, scheme: bool) {
        let text: Box<[u8]> = name
            .to_ascii_lowercase()
            .replace('_', "-")
            .into_bytes()
            .into();
        match self.names.iter_mut().find(|n| n.text == text) {
            Some(n) => n.scheme |= scheme,
            None => self.names.push(Name { text, scheme }),
        }
    }

    /// Whether `word` (any case) is a scheme word known to begin a value.
    pub(crate) fn is_scheme(&self, word: &[u8]) -> bool {
        self.schemes.iter().any(|s| s.eq_ignore_ascii_case(word))
    }

    /// Whether `word` (any case) is a scheme word whose value is not secret.
    pub(crate) fn is_public_scheme(&self, word: &[u8]) -> bool {
        self.public_schemes
            .iter()
            .any(|s| s.eq_ignore_ascii_case(word))
    }

    /// Whether `password` is a literal Basic password of some spec.
    pub(crate) fn is_basic_literal(&self, password: &[u8]) -> bool {
        self.basic_literals.iter().any(|s| **s == *password)
    }
}

/// The scheme word a header value template starts with (`Bearer` in `Bearer {key}`),
/// lowercase: literal text ending in a space before the first substitution.
fn scheme_word(t: &Template) -> Option<Box<[u8]>> {
    let Some(Piece::Text(text)) = t.pieces().first() else {
        return None;
    };
    if t.pieces().len() < 2 || !text.ends_with(' ') {
        return None;
    }
    let word = text.trim();
    (!word.is_empty() && !word.contains(char::is_whitespace))
        .then(|| word.to_ascii_lowercase().into_bytes().into())
}

/// The field a response path ends at (`token` of `data.token`).
fn last_segment(path: &str) -> &str {
    path.rsplit('.').next().unwrap_or(path)
}

fn push_unique(v: &mut Vec<Box<[u8]>>, x: Box<[u8]>) {
    if !v.contains(&x) {
        v.push(x);
    }
}
