//! Scanner rules from the loaded specs' key formats, for the secret scanners teams already
//! run in CI: each secret credential part with a key prefix becomes one rule whose regular
//! expression matches what [`crate::Identifier::identify`] accepts (the same
//! [`KeyFormat`] rules), in the syntax Go's `regexp` (RE2, which gitleaks uses) and Rust's
//! `regex` share.
//!
//! A key without a prefix (Sentry's 64 hex digits, a BambooHR key) cannot be told from
//! other text by its shape alone, so it has no rule here; [`crate::Redactor`] finds such
//! keys by the places they travel instead.

use super::identify::{Identifier, Identity};
use super::keys::{KeyFormat, regex_syntax_escape};

/// One scanner rule (the fields of a gitleaks `[[rules]]` entry).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rule {
    /// A stable id: `authspec-<provider>-<credential>[-<part>]`.
    pub id: String,
    /// What it finds, for a reader of the scanner's report.
    pub description: String,
    /// The expression; the key itself is capture group [`Rule::secret_group`].
    pub regex: String,
    /// Which capture group holds the key.
    pub secret_group: u32,
    /// Lowercase literals one of which every match contains (the prefixes): a scanner's
    /// cheap test before it runs the expression.
    pub keywords: Vec<String>,
    /// The spec (provider name) it comes from.
    pub provider: String,
}

/// The rules for every secret, prefixed key format `identifier` knows, one per credential
/// part, in the order the specs declare them.
pub fn rules(identifier: &Identifier) -> Vec<Rule> {
    let mut groups: Vec<(Identity<'_>, Vec<&str>)> = Vec::new();
    for i in identifier.identities().filter(|i| i.secret) {
        let same = |g: &Identity<'_>| {
            (g.provider, g.credential, g.part) == (i.provider, i.credential, i.part)
        };
        match groups.iter_mut().find(|(g, _)| same(g)) {
            Some((_, prefixes)) => prefixes.push(i.prefix),
            None => groups.push((i, vec![i.prefix])),
        }
    }
    groups
        .into_iter()
        .map(|(i, prefixes)| rule(&i, &prefixes))
        .collect()
}

fn rule(i: &Identity<'_>, prefixes: &[&str]) -> Rule {
    let format: &KeyFormat = i.format;
    let alternatives: Vec<String> = prefixes
        .iter()
        .map(|p| {
            format!(
                "{}{}",
                regex_syntax_escape(p),
                format.regex_after_prefix(p.len())
            )
        })
        .collect();
    let regex = format!(
        "(?:^|[^A-Za-z0-9_-])((?:{})){}",
        alternatives.join("|"),
        format.boundary_regex()
    );
    let mut id = format!("authspec-{}-{}", i.provider, i.credential);
    if i.part != auth_spec::model::Credential::SHORTHAND_PART {
        id.push('-');
        id.push_str(i.part);
    }
    let id = id.replace('_', "-");
    let mut keywords: Vec<String> = prefixes.iter().map(|p| p.to_ascii_lowercase()).collect();
    keywords.dedup();
    Rule {
        id,
        description: format!(
            "{} {} ({}; prefix {})",
            i.provider_title,
            i.credential.replace('_', " "),
            i.kind,
            prefixes.join(", ")
        ),
        regex,
        secret_group: 1,
        keywords,
        provider: i.provider.to_owned(),
    }
}
