//! Diagnostics that point at the YAML an author wrote.

use std::fmt;

/// What kind of problem a diagnostic reports: a stable id editors, CI code scanning (SARIF
/// `ruleId`) and suppression lists can key on. Ids never change meaning; new checks get
/// new ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Rule {
    /// The file cannot be read.
    Unreadable,
    /// YAML that does not parse.
    Syntax,
    /// A field of the wrong type, unknown, missing or given twice.
    Schema,
    /// A `spec_version` this authspec does not read.
    SpecVersion,
    /// A name that is not a lowercase identifier, is used twice, or collides once it
    /// becomes a Rust identifier.
    Naming,
    /// A base URL that is not https.
    InsecureUrl,
    /// A base URL or operation URL that is malformed or incomplete.
    InvalidUrl,
    /// An environment variable name that is malformed or read twice.
    EnvVar,
    /// A name (credential, scope, error, part, operation, parameter, environment) that
    /// nothing declares.
    UnknownReference,
    /// A `{name}` in a template that is neither a part of the credential nor a context
    /// parameter.
    UndefinedTemplateVariable,
    /// A template that does not parse.
    TemplateSyntax,
    /// A value that could break the header it is written into (a line break, another
    /// control character, non-ASCII text).
    HeaderInjection,
    /// A header name, auth scheme or cookie name that HTTP does not allow, or a header that
    /// describes the message itself.
    InvalidHeader,
    /// Two things written to one place on a request (header, query parameter, body field,
    /// cookie).
    PlaceCollision,
    /// Key prefixes a key could match more than one of.
    PrefixClash,
    /// Key format rules that contradict each other.
    KeyFormat,
    /// A credential's parts, kind, lifetime or origin that do not fit together.
    CredentialShape,
    /// A placement that cannot send its credential as written.
    Placement,
    /// A context parameter that cannot be placed as written.
    Parameter,
    /// An operation's path, URL, route or status that does not fit.
    Operation,
    /// A token exchange that reads or writes a field its operation does not have.
    Exchange,
    /// A response field carrying a secret that is not marked secret.
    UnmarkedSecret,
    /// An entry listed twice.
    Duplicate,
    /// Error bodies whose shape is not said, or said twice.
    ErrorBody,
    /// A field reference that is not a path, or that no documented response has.
    FieldPath,
    /// A code matcher where the body format has no codes.
    CodeWithoutCodes,
    /// Two error catalogue entries no response could tell apart.
    IndistinguishableErrors,
    /// An error matcher that matches everything or cannot match.
    ErrorMatcher,
    /// A status outside the range its place allows.
    Status,
    /// A rate limit with nothing that signals it.
    RateLimitSignal,
    /// A reset time whose unit is not said, or that a documented response contradicts.
    RateLimitReset,
    /// Other rate-limit settings that do not fit together.
    RateLimit,
    /// A retry policy without bounds.
    UnboundedRetry,
    /// A topic marked undocumented that the spec documents.
    Undocumented,
    /// A conformance vector that is incomplete.
    Example,
}

impl Rule {
    /// Every rule, in the order of their ids' first use (the SARIF rule table).
    pub const ALL: &'static [Rule] = &[
        Rule::Unreadable,
        Rule::Syntax,
        Rule::Schema,
        Rule::SpecVersion,
        Rule::Naming,
        Rule::InsecureUrl,
        Rule::InvalidUrl,
        Rule::EnvVar,
        Rule::UnknownReference,
        Rule::UndefinedTemplateVariable,
        Rule::TemplateSyntax,
        Rule::HeaderInjection,
        Rule::InvalidHeader,
        Rule::PlaceCollision,
        Rule::PrefixClash,
        Rule::KeyFormat,
        Rule::CredentialShape,
        Rule::Placement,
        Rule::Parameter,
        Rule::Operation,
        Rule::Exchange,
        Rule::UnmarkedSecret,
        Rule::Duplicate,
        Rule::ErrorBody,
        Rule::FieldPath,
        Rule::CodeWithoutCodes,
        Rule::IndistinguishableErrors,
        Rule::ErrorMatcher,
        Rule::Status,
        Rule::RateLimitSignal,
        Rule::RateLimitReset,
        Rule::RateLimit,
        Rule::UnboundedRetry,
        Rule::Undocumented,
        Rule::Example,
    ];

    /// The stable id (`undefined-template-variable`).
    pub fn id(self) -> &'static str {
        match self {
            Rule::Unreadable => "unreadable",
            Rule::Syntax => "syntax",
            Rule::Schema => "schema",
            Rule::SpecVersion => "spec-version",
            Rule::Naming => "naming",
            Rule::InsecureUrl => "insecure-url",
            Rule::InvalidUrl => "invalid-url",
            Rule::EnvVar => "env-var",
            Rule::UnknownReference => "unknown-reference",
            Rule::UndefinedTemplateVariable => "undefined-template-variable",
            Rule::TemplateSyntax => "template-syntax",
            Rule::HeaderInjection => "header-injection",
            Rule::InvalidHeader => "invalid-header",
            Rule::PlaceCollision => "place-collision",
            Rule::PrefixClash => "prefix-clash",
            Rule::KeyFormat => "key-format",
            Rule::CredentialShape => "credential-shape",
            Rule::Placement => "placement",
            Rule::Parameter => "parameter",
            Rule::Operation => "operation",
            Rule::Exchange => "exchange",
            Rule::UnmarkedSecret => "unmarked-secret",
            Rule::Duplicate => "duplicate",
            Rule::ErrorBody => "error-body",
            Rule::FieldPath => "field-path",
            Rule::CodeWithoutCodes => "code-without-codes",
            Rule::IndistinguishableErrors => "indistinguishable-errors",
            Rule::ErrorMatcher => "error-matcher",
            Rule::Status => "status",
            Rule::RateLimitSignal => "rate-limit-signal",
            Rule::RateLimitReset => "rate-limit-reset",
            Rule::RateLimit => "rate-limit",
            Rule::UnboundedRetry => "unbounded-retry",
            Rule::Undocumented => "undocumented",
            Rule::Example => "example",
        }
    }

    /// One line saying what the rule checks (its doc comment).
    pub fn summary(self) -> &'static str {
        match self {
            Rule::Unreadable => "The file cannot be read.",
            Rule::Syntax => "YAML that does not parse.",
            Rule::Schema => "A field of the wrong type, unknown, missing or given twice.",
            Rule::SpecVersion => "A `spec_version` this authspec does not read.",
            Rule::Naming => {
                "A name that is not a lowercase identifier, is used twice, or collides once it becomes a Rust identifier."
            }
            Rule::InsecureUrl => "A base URL that is not https.",
            Rule::InvalidUrl => "A base URL or operation URL that is malformed or incomplete.",
            Rule::EnvVar => "An environment variable name that is malformed or read twice.",
            Rule::UnknownReference => "A name that nothing in the spec declares.",
            Rule::UndefinedTemplateVariable => {
                "A `{name}` in a template that is neither a part of the credential nor a context parameter."
            }
            Rule::TemplateSyntax => "A template that does not parse.",
            Rule::HeaderInjection => {
                "A value that could break the header it is written into (a line break, another control character, non-ASCII text)."
            }
            Rule::InvalidHeader => {
                "A header name, auth scheme or cookie name that HTTP does not allow, or a header that describes the message itself."
            }
            Rule::PlaceCollision => "Two things written to one place on a request.",
            Rule::PrefixClash => "Key prefixes a key could match more than one of.",
            Rule::KeyFormat => "Key format rules that contradict each other.",
            Rule::CredentialShape => {
                "A credential's parts, kind, lifetime or origin that do not fit together."
            }
            Rule::Placement => "A placement that cannot send its credential as written.",
            Rule::Parameter => "A context parameter that cannot be placed as written.",
            Rule::Operation => "An operation's path, URL, route or status that does not fit.",
            Rule::Exchange => {
                "A token exchange that reads or writes a field its operation does not have."
            }
            Rule::UnmarkedSecret => "A response field carrying a secret that is not marked secret.",
            Rule::Duplicate => "An entry listed twice.",
            Rule::ErrorBody => "Error bodies whose shape is not said, or said twice.",
            Rule::FieldPath => {
                "A field reference that is not a path, or that no documented response has."
            }
            Rule::CodeWithoutCodes => "A code matcher where the body format has no codes.",
            Rule::IndistinguishableErrors => {
                "Two error catalogue entries no response could tell apart."
            }
            Rule::ErrorMatcher => "An error matcher that matches everything or cannot match.",
            Rule::Status => "A status outside the range its place allows.",
            Rule::RateLimitSignal => "A rate limit with nothing that signals it.",
            Rule::RateLimitReset => {
                "A reset time whose unit is not said, or that a documented response contradicts."
            }
            Rule::RateLimit => "Rate-limit settings that do not fit together.",
            Rule::UnboundedRetry => "A retry policy without bounds.",
            Rule::Undocumented => "A topic marked undocumented that the spec documents.",
            Rule::Example => "A conformance vector that is incomplete.",
        }
    }
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
    use super::position;

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
