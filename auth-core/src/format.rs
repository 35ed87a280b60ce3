//! Checking a value against the format a spec declares for it.
//!
//! Two levels: [`check`] applies one [`Format`] (prefixes, lengths, whitespace, the
//! "at least one non-digit" rule of Weavy's `uid`); [`check_credential`] checks a value
//! offered as one credential of a spec and, when it does not fit, says which *other*
//! credential of the same spec it looks like (a Weavz `mcp_` token offered as the API key is
//! reported as an MCP token, not as a malformed key).
//!
//! Errors never carry the value itself, only facts about it (its length, the prefixes that
//! were expected), so they can be logged and shown as they are.

use auth_spec::Spec;
use auth_spec::model::{
    Audience, Credential, CredentialId, CredentialKind, Format, PartId, Prefix,
};

/// Why a value does not fit a format. No variant holds the value or any part of it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The value is empty, and a credential is never empty.
    #[error("the value is empty")]
    Empty,
    /// The format lists prefixes and the value starts with none of them.
    #[error("the value does not start with any expected prefix ({})", expected.join(", "))]
    MissingPrefix {
        /// The prefixes the format accepts.
        expected: Vec<String>,
    },
    /// The value is a prefix and nothing else.
    #[error("the value is only the prefix `{prefix}`; the key itself is missing")]
    OnlyPrefix {
        /// The prefix.
        prefix: String,
    },
    /// Shorter than `min_length` bytes.
    #[error("the value is {len} bytes long; at least {min} expected")]
    TooShort {
        /// The value's length in bytes.
        len: usize,
        /// The minimum.
        min: usize,
    },
    /// Longer than `max_length` bytes.
    #[error("the value is {len} bytes long; at most {max} expected")]
    TooLong {
        /// The value's length in bytes.
        len: usize,
        /// The maximum.
        max: usize,
    },
    /// Does not end with the format's suffix.
    #[error("the value does not end with `{suffix}`")]
    MissingSuffix {
        /// The suffix expected.
        suffix: String,
    },
    /// Not the exact length the format gives.
    #[error("the value is {len} bytes long; exactly {expected} expected")]
    WrongLength {
        /// The value's length in bytes.
        len: usize,
        /// The length expected.
        expected: usize,
    },
    /// A character outside the format's character set (which one is not said: it is part
    /// of the secret).
    #[error("the value has a character outside the `{charset}` set")]
    Charset {
        /// The set's name.
        charset: &'static str,
    },
    /// Contains whitespace where the format forbids it.
    #[error("the value contains whitespace, which this format does not allow")]
    Whitespace,
    /// Made of ASCII digits only where the format wants at least one other character.
    #[error("the value must contain at least one character that is not a digit")]
    OnlyDigits,
    /// The value carries the prefix of another credential of the same spec.
    #[error(
        "this is not a {provider} `{expected}`: its prefix `{prefix}` marks a `{found}` ({found_description}){}",
        audience_note(found_audience)
    )]
    OtherCredential {
        /// The spec's name.
        provider: Box<str>,
        /// The credential the value was offered as.
        expected: Box<str>,
        /// The credential the value's prefix belongs to.
        found: Box<str>,
        /// What that prefix means (the prefix's or else the credential's description).
        found_description: Box<str>,
        /// Who accepts the credential found (`api`, `mcp_server`, ...).
        found_audience: Box<str>,
        /// The prefix that matched.
        prefix: Box<str>,
    },
}

fn audience_note(audience: &str) -> String {
    if audience == Audience::Api.as_str() {
        String::new()
    } else {
        format!(", a credential for `{audience}`, not for the provider's API")
    }
}

/// What a value that fits a format turned out to be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FormatMatch<'a> {
    /// The prefix the value starts with, when the format lists any.
    pub prefix: Option<&'a Prefix>,
}

impl<'a> FormatMatch<'a> {
    /// The environment the matched prefix stands for (`production`, `test`), if it says.
    pub fn environment(&self) -> Option<&'a str> {
        self.prefix.and_then(|p| p.environment.as_deref())
    }
}

/// The longest of `prefixes` that `value` starts with.
fn longest_prefix<'a>(prefixes: &'a [Prefix], value: &str) -> Option<&'a Prefix> {
    prefixes
        .iter()
        .filter(|p| {
            !p.prefix.is_empty() && crate::short::starts_with(value.as_bytes(), p.prefix.as_bytes())
        })
        .max_by_key(|p| p.prefix.len())
}

/// Check `value` against `format`; on success, say which prefix (and so which
/// environment) it carries.
///
/// Rules are checked in the order a reader fixes them: empty, prefix (and something after
/// it), whitespace, lengths,
/// digits. The error says what was expected and never contains the value.
pub fn check<'a>(format: &'a Format, value: &str) -> Result<FormatMatch<'a>, FormatError> {
    if value.is_empty() {
        return Err(FormatError::Empty);
    }
    let prefix = longest_prefix(&format.prefixes, value);
    if prefix.is_none() && !format.prefixes.is_empty() && !format.optional_prefix {
        return Err(FormatError::MissingPrefix {
            expected: format.prefixes.iter().map(|p| p.prefix.clone()).collect(),
        });
    }
    if let Some(p) = prefix.filter(|p| p.prefix.len() == value.len()) {
        return Err(FormatError::OnlyPrefix {
            prefix: p.prefix.clone(),
        });
    }
    if let Some(suffix) = &format.suffix
        && !value.ends_with(suffix.as_str())
    {
        return Err(FormatError::MissingSuffix {
            suffix: suffix.clone(),
        });
    }
    if format.no_whitespace && value.chars().any(char::is_whitespace) {
        return Err(FormatError::Whitespace);
    }
    let len = value.len();
    if let Some(expected) = format.length.filter(|&l| len != l) {
        return Err(FormatError::WrongLength { len, expected });
    }
    if let Some(charset) = format.charset {
        let start = prefix.map_or(0, |p| p.prefix.len());
        let end = value.len() - format.suffix.as_ref().map_or(0, String::len);
        let body = value.as_bytes().get(start..end).unwrap_or_default();
        if !body.iter().all(|&b| charset.contains(b)) {
            return Err(FormatError::Charset {
                charset: charset.as_str(),
            });
        }
    }
    if let Some(min) = format.min_length.filter(|&m| len < m) {
        return Err(FormatError::TooShort { len, min });
    }
    if let Some(max) = format.max_length.filter(|&m| len > m) {
        return Err(FormatError::TooLong { len, max });
    }
    if format.require_non_digit && value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FormatError::OnlyDigits);
    }
    Ok(FormatMatch { prefix })
}

/// A value that fits `format`, the `n`th of a deterministic series (different `n`, different
/// values): its first current prefix (else its first), a body in its character set of its
/// exact length (or 24 characters, within its bounds), and its suffix. For sandboxes and
/// tests that need a key of the right shape; `None` when no value can fit (a length
/// shorter than the prefix).
pub fn example(format: &Format, n: u64) -> Option<String> {
    let prefix = format
        .prefixes
        .iter()
        .find(|p| !p.legacy)
        .or(format.prefixes.first())
        .map_or("", |p| p.prefix.as_str());
    let suffix = format.suffix.as_deref().unwrap_or("");
    let fixed = prefix.len() + suffix.len();
    let total = format.length.unwrap_or_else(|| {
        let wanted = (fixed + 24).max(format.min_length.unwrap_or(0));
        format.max_length.map_or(wanted, |max| wanted.min(max))
    });
    let body_len = total.checked_sub(fixed).filter(|&l| l > 0)?;
    let in_set = |b: &u8| format.charset.is_none_or(|c| c.contains(*b));
    let letters: Vec<u8> = (b'a'..=b'z').chain(b'A'..=b'Z').filter(in_set).collect();
    let alphabet: Vec<u8> = (b'0'..=b'9')
        .chain(letters.iter().copied())
        .filter(in_set)
        .collect();
    if alphabet.is_empty() {
        return None;
    }
    // A small linear congruential sequence: varied characters, the same for the same `n`.
    let mut state = n
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let mut body: Vec<u8> = (0..body_len)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            alphabet[(state >> 33) as usize % alphabet.len()]
        })
        .collect();
    if let (Some(first), Some(&letter)) = (body.first_mut(), letters.first()) {
        // A letter first, for formats that want one non-digit.
        if format.require_non_digit {
            *first = letter;
        }
    }
    let value = format!("{prefix}{}{suffix}", String::from_utf8_lossy(&body));
    check(format, &value).is_ok().then_some(value)
}

/// A value accepted as a credential part of a spec.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CredentialMatch<'a> {
    /// The credential.
    pub credential: CredentialId,
    /// The part.
    pub part: PartId,
    /// What sort of credential it is.
    pub kind: CredentialKind,
    /// The prefix it carries, when its format lists any.
    pub prefix: Option<&'a Prefix>,
}

impl<'a> CredentialMatch<'a> {
    /// The environment the matched prefix stands for, if it says.
    pub fn environment(&self) -> Option<&'a str> {
        self.prefix.and_then(|p| p.environment.as_deref())
    }
}

/// Check `value` offered as `part` of `credential` of `spec`.
///
/// Beyond the part's own format, a value that carries the prefix of another credential of
/// the spec is refused with [`FormatError::OtherCredential`], even when the part itself has
/// no format (a Weavy `wyu_` user token is not a Weavy API key). The longest matching
/// prefix decides.
pub fn check_credential<'a>(
    spec: &'a Spec,
    credential: CredentialId,
    part: PartId,
    value: &str,
) -> Result<CredentialMatch<'a>, FormatError> {
    let cred = &spec.credentials[credential];
    let p = &cred.parts[part];
    let own = p.format.as_ref().map(|f| check(f, value)).transpose();
    let own_len = match &own {
        Ok(Some(m)) => m.prefix.map_or(0, |p| p.prefix.len()),
        _ => 0,
    };
    // Does a longer prefix of another credential claim the value?
    if let Some((other, prefix)) =
        other_owner(spec, credential, value).filter(|(_, p)| p.prefix.len() > own_len)
    {
        return Err(FormatError::OtherCredential {
            provider: spec.title.as_str().into(),
            expected: cred.name.as_str().into(),
            found: other.name.as_str().into(),
            found_description: prefix
                .description
                .as_deref()
                .unwrap_or(&other.description)
                .into(),
            found_audience: other.audience.as_str().into(),
            prefix: prefix.prefix.as_str().into(),
        });
    }
    if p.format.is_none() && value.is_empty() {
        return Err(FormatError::Empty);
    }
    let prefix = own?.and_then(|m| m.prefix);
    Ok(CredentialMatch {
        credential,
        part,
        kind: cred.kind,
        prefix,
    })
}

/// The credential other than `except` whose (longest) prefix `value` carries.
fn other_owner<'a>(
    spec: &'a Spec,
    except: CredentialId,
    value: &str,
) -> Option<(&'a Credential, &'a Prefix)> {
    spec.credentials
        .iter()
        .filter(|(id, _)| *id != except)
        .flat_map(|(_, c)| {
            c.parts
                .values()
                .filter_map(|p| p.format.as_ref())
                .filter_map(move |f| longest_prefix(&f.prefixes, value))
                .map(move |p| (c, p))
        })
        .max_by_key(|(_, p)| p.prefix.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fmt(prefixes: &[&str]) -> Format {
        Format {
            prefixes: prefixes
                .iter()
                .map(|p| Prefix {
                    prefix: (*p).to_owned(),
                    environment: Some(format!("env-{p}")),
                    description: None,
                    legacy: false,
                })
                .collect(),
            ..Format::default()
        }
    }

    #[test]
    fn longest_prefix_wins() {
        let f = fmt(&["ab", "abc"]);
        let m = check(&f, "abcdef").map_err(|e| e.to_string());
        assert_eq!(m.map(|m| m.environment()), Ok(Some("env-abc")));
    }

    #[test]
    fn errors_never_show_the_value() {
        let f = Format {
            max_length: Some(4),
            ..fmt(&["sk_"])
        };
        for v in ["sk_secretvalue", "nope_secretvalue"] {
            let e = check(&f, v).map(|_| ()).err().map(|e| e.to_string());
            let e = e.unwrap_or_default();
            assert!(!e.is_empty());
            assert!(!e.contains("secretvalue"), "{e}");
        }
    }

    #[test]
    fn lengths_whitespace_digits() {
        let f = Format {
            min_length: Some(3),
            max_length: Some(5),
            no_whitespace: true,
            require_non_digit: true,
            ..Format::default()
        };
        assert_eq!(check(&f, ""), Err(FormatError::Empty));
        assert_eq!(
            check(&f, "ab"),
            Err(FormatError::TooShort { len: 2, min: 3 })
        );
        assert_eq!(
            check(&f, "abcdef"),
            Err(FormatError::TooLong { len: 6, max: 5 })
        );
        assert_eq!(check(&f, "a b"), Err(FormatError::Whitespace));
        assert_eq!(check(&f, "256"), Err(FormatError::OnlyDigits));
        assert_eq!(check(&f, "u256"), Ok(FormatMatch { prefix: None }));
    }
}
