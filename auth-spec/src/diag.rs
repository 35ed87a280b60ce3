//! Diagnostics that point at the YAML an author wrote.

use std::fmt;

/// Declares [`Rule`] from one table: each rule's doc comment is also its summary, so the
/// two cannot drift, and `ALL` cannot miss a rule.
macro_rules! rules {
    ($($(#[doc = $doc:literal])+ $variant:ident => $id:literal,)*) => {
        /// What kind of problem a diagnostic reports: a stable id editors, CI code scanning
        /// (SARIF `ruleId`) and suppression lists can key on. Ids never change meaning; new
        /// checks get new ids.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[doc = $doc])+ $variant,)*
        }

        impl Rule {
            /// Every rule, in declaration order (the SARIF rule table).
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable id (`undefined-template-variable`).
            pub fn id(self) -> &'static str {
                match self {
                    $(Rule::$variant => $id,)*
                }
            }

            /// One sentence saying what the rule checks.
            pub fn summary(self) -> &'static str {
                match self {
                    $(Rule::$variant => concat!($($doc),+).trim_ascii(),)*
                }
            }
        }
    };
}

rules! {
    /// The file cannot be read.
    Unreadable => "unreadable",
    /// YAML that does not parse.
    Syntax => "syntax",
    /// A field of the wrong type, unknown, missing or given twice.
    Schema => "schema",
    /// A `spec_version` this authspec does not read.
    SpecVersion => "spec-version",
    /// A name that is not a lowercase identifier, is used twice, or collides once it becomes a
    /// Rust identifier.
    Naming => "naming",
    /// A base URL that is not https.
    InsecureUrl => "insecure-url",
    /// A base URL or operation URL that is malformed or incomplete.
    InvalidUrl => "invalid-url",
    /// An environment variable name that is malformed or read twice.
    EnvVar => "env-var",
    /// A name (credential, scope, error, part, operation, parameter, environment) that nothing
    /// declares.
    UnknownReference => "unknown-reference",
    /// A `{name}` in a template that is neither a part of the credential nor a context
    /// parameter.
    UndefinedTemplateVariable => "undefined-template-variable",
    /// A template that does not parse.
    TemplateSyntax => "template-syntax",
    /// A value that could break the header it is written into (a line break, another control
    /// character, non-ASCII text).
    HeaderInjection => "header-injection",
    /// A header name, auth scheme or cookie name that HTTP does not allow, or a header that
    /// describes the message itself.
    InvalidHeader => "invalid-header",
    /// Two things written to one place on a request (header, query parameter, body field,
    /// cookie).
    PlaceCollision => "place-collision",
    /// Key prefixes a key could match more than one of.
    PrefixClash => "prefix-clash",
    /// Key format rules that contradict each other.
    KeyFormat => "key-format",
    /// A credential's parts, kind, lifetime or origin that do not fit together.
    CredentialShape => "credential-shape",
    /// A placement that cannot send its credential as written.
    Placement => "placement",
    /// A context parameter that cannot be placed as written.
    Parameter => "parameter",
    /// An operation's path, URL, route or status that does not fit.
    Operation => "operation",
    /// A token exchange that reads or writes a field its operation does not have.
    Exchange => "exchange",
    /// A signing credential (a self-signed JWT, an HMAC signature, HTTP Digest) whose
    /// algorithm, key, claims or signed string do not fit.
    Signing => "signing",
    /// Who may act on which key (`key_access`), or where a request names its workspace
    /// (`named_in`), stated in a way that does not fit.
    Access => "access",
    /// A response field carrying a secret that is not marked secret.
    UnmarkedSecret => "unmarked-secret",
    /// An entry listed twice.
    Duplicate => "duplicate",
    /// Error bodies whose shape is not said, or said twice.
    ErrorBody => "error-body",
    /// A field reference that is not a path, or that no documented response has.
    FieldPath => "field-path",
    /// A code matcher where the body format has no codes.
    CodeWithoutCodes => "code-without-codes",
    /// Two error catalogue entries no response could tell apart.
    IndistinguishableErrors => "indistinguishable-errors",
    /// An error matcher that matches everything or cannot match.
    ErrorMatcher => "error-matcher",
    /// A status outside the range its place allows.
    Status => "status",
    /// A rate limit with nothing that signals it.
    RateLimitSignal => "rate-limit-signal",
    /// A reset time whose unit is not said, or that a documented response contradicts.
    RateLimitReset => "rate-limit-reset",
    /// Other rate-limit settings that do not fit together.
    RateLimit => "rate-limit",
    /// A retry policy without bounds.
    UnboundedRetry => "unbounded-retry",
    /// A timeout that is zero, over an hour, or longer than the one it is part of.
    Timeout => "timeout",
    /// A topic marked undocumented that the spec documents.
    Undocumented => "undocumented",
    /// A conformance vector that is incomplete.
    Example => "example",
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// One problem in a spec, located in its file.
///
/// Displays as `file:line:col: error: message`, the form editors and CI logs link to.
/// Semantic problems also carry the YAML path (`operations.rotate_key.scopes[0]`), which
/// leads the message. `line:column` to `end_line:end_column` is the span to underline:
/// the key (and its value, when that is a scalar on the same line) or the item at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or source name) the spec came from.
    pub file: String,
    /// 1-based line; 0 when the problem has no position (an unreadable file).
    pub line: usize,
    /// 1-based column, in characters; 0 when the problem has no position.
    pub column: usize,
    /// 1-based line where the span ends.
    pub end_line: usize,
    /// 1-based column just past the span's last character (as SARIF's `endColumn`).
    pub end_column: usize,
    /// What kind of problem it is.
    pub rule: Rule,
    /// YAML path of the offending node, for semantic problems.
    pub path: Option<String>,
    /// What is wrong, and where useful, what would be right.
    pub message: String,
}

impl Diagnostic {
    /// A problem at one character (`line:column`), or at none (`0:0`).
    pub fn at(
        file: impl Into<String>,
        (line, column): (usize, usize),
        rule: Rule,
        message: impl Into<String>,
    ) -> Self {
        Self {
            file: file.into(),
            line,
            column,
            end_line: line,
            end_column: if column == 0 { 0 } else { column + 1 },
            rule,
            path: None,
            message: message.into(),
        }
    }

    /// The message with the YAML path in front, as the one-line form shows it.
    pub fn full_message(&self) -> String {
        match &self.path {
            Some(p) => format!("{p}: {}", self.message),
            None => self.message.clone(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error: ", self.file, self.line, self.column)?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one or more specs; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The first problem, which a compile error or short message reports.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.0.first()
    }

    /// Iterate over the problems in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The 1-based line and column (in characters) of byte `index` in `text`, counting line
/// breaks as editors do: `\n`, `\r\n` and a lone `\r`. (The YAML 1.1 parser also breaks
/// lines at U+0085, U+2028 and U+2029; editors and the rest of our diagnostics do not.)
pub(crate) fn position(text: &str, index: usize) -> (usize, usize) {
    let mut end = index.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let is_break = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if is_break {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::{Rule, position};

    #[test]
    fn rule_ids_are_unique_kebab_case_and_described() {
        let mut seen = std::collections::HashSet::new();
        for r in Rule::ALL {
            let id = r.id();
            assert!(seen.insert(id), "{id} twice");
            assert!(
                id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{id}"
            );
            assert!(r.summary().ends_with('.'), "{id}");
            assert!(
                !r.summary().contains("  ") && !r.summary().starts_with(' '),
                "{id}"
            );
        }
    }

    #[test]
    fn positions_count_only_editor_line_breaks() {
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("a\r\nb", 3), (2, 1));
        assert_eq!(position("a\rb", 2), (2, 1));
        assert_eq!(position("\u{2028}#", 3), (1, 2));
        assert_eq!(position("é", 1), (1, 1));
        assert_eq!(position("x", 99), (1, 2));
    }
}
