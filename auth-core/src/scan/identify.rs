//! Which provider and which kind of credential a key is, from its prefix.
//!
//! An [`Identifier`] is built once from any number of specs and then answers in time that
//! depends on the key's length, not on how many specs were loaded: every prefix goes into
//! one anchored Aho-Corasick automaton searched leftmost-longest, so a lookup is a single
//! walk over the first bytes of the key. It owns what it needs (no borrow of the specs),
//! and is `Send + Sync`, so a gateway can share one behind an `Arc`.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, Anchored, Input, MatchKind, StartKind};
use auth_spec::Spec;
use auth_spec::model::{CredentialKind, Format};

/// Why an [`Identifier`] could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the prefix automaton")]
pub struct BuildError(#[from] aho_corasick::BuildError);

/// One credential part that declares prefixes: what a key carrying one of them is.
#[derive(Debug, Clone)]
struct Owner {
    provider: Box<str>,
    provider_title: Box<str>,
    credential: Box<str>,
    part: Box<str>,
    kind: CredentialKind,
    audience: Box<str>,
    format: Format,
}

/// One distinct prefix, with each place it is declared (more than one only when specs
/// clash, which `auth_spec::lint_set` reports).
#[derive(Debug, Clone)]
struct PrefixEntry {
    prefix: Box<str>,
    /// `(owner index, index of the prefix in the owner's format)`.
    owners: Vec<(u32, u32)>,
}

/// What a key was identified as. Borrows from the [`Identifier`]; cheap to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Identity<'a> {
    /// The spec's `name` (e.g. `weavz`).
    pub provider: &'a str,
    /// The spec's human-readable title.
    pub provider_title: &'a str,
    /// The credential's name in the spec (e.g. `mcp_bearer_token`).
    pub credential: &'a str,
    /// The part's name (`key` for a single-part credential).
    pub part: &'a str,
    /// What sort of credential it is.
    pub kind: CredentialKind,
    /// Who accepts it: `api`, or e.g. `mcp_server` for Weavz MCP tokens.
    pub audience: &'a str,
    /// The environment the prefix stands for (`production`, `test`), if the spec says.
    pub environment: Option<&'a str>,
    /// What the prefix means, if the spec says.
    pub description: Option<&'a str>,
    /// The prefix that matched.
    pub prefix: &'a str,
    /// The full format of the part, to check the rest of the key with
    /// [`crate::format::check`].
    pub format: &'a Format,
}

/// Identifies keys by prefix across many specs. See the module docs.
#[derive(Debug, Clone)]
pub struct Identifier {
    /// Anchored, leftmost-longest; pattern id = index into `prefixes`. `None` when no
    /// spec declares a prefix.
    automaton: Option<AhoCorasick>,
    prefixes: Vec<PrefixEntry>,
    owners: Vec<Owner>,
    /// For [`Identifier::identify_all`]: prefix text to index into `prefixes`.
    by_text: HashMap<Box<str>, u32>,
    /// The distinct prefix lengths, ascending.
    lengths: Vec<usize>,
}

impl Identifier {
    /// Build from specs (loaded and normalised, so every credential has `parts`).
    ///
    /// Only credential parts' prefixes count; parameter formats identify nothing.
    pub fn new<'s>(specs: impl IntoIterator<Item = &'s Spec>) -> Result<Self, BuildError> {
        let mut owners = Vec::new();
        let mut prefixes: Vec<PrefixEntry> = Vec::new();
        let mut by_text: HashMap<Box<str>, u32> = HashMap::new();
        for spec in specs {
            for cred in spec.credentials.values() {
                for part in cred.parts.values() {
                    let Some(format) = &part.format else { continue };
                    if format.prefixes.iter().all(|p| p.prefix.is_empty()) {
                        continue;
                    }
                    let owner = owners.len() as u32;
                    owners.push(Owner {
                        provider: spec.name.as_str().into(),
                        provider_title: spec.title.as_str().into(),
                        credential: cred.name.as_str().into(),
                        part: part.name.as_str().into(),
                        kind: cred.kind,
                        audience: cred.audience.as_str().into(),
                        format: format.clone(),
                    });
                    for (i, p) in format.prefixes.iter().enumerate() {
                        if p.prefix.is_empty() {
                            continue;
                        }
                        let next = prefixes.len() as u32;
                        let id = *by_text.entry(p.prefix.as_str().into()).or_insert(next);
                        if id == next {
                            prefixes.push(PrefixEntry {
                                prefix: p.prefix.as_str().into(),
                                owners: Vec::new(),
                            });
                        }
                        if let Some(e) = prefixes.get_mut(id as usize) {
                            e.owners.push((owner, i as u32));
                        }
                    }
                }
            }
        }
        let automaton = if prefixes.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostLongest)
                    .start_kind(StartKind::Anchored)
                    .kind(Some(AhoCorasickKind::DFA))
                    .build(prefixes.iter().map(|p| p.prefix.as_bytes()))?,
            )
        };
        let mut lengths: Vec<usize> = prefixes.iter().map(|p| p.prefix.len()).collect();
        lengths.sort_unstable();
        lengths.dedup();
        Ok(Identifier {
            automaton,
            prefixes,
            owners,
            by_text,
            lengths,
        })
    }

    /// How many distinct prefixes are known.
    pub fn prefix_count(&self) -> usize {
        self.prefixes.len()
    }

    /// What `key` is, by its longest known prefix; `None` if it carries no known prefix.
    ///
    /// Only the prefix is looked at: pass [`Identity::format`] to
    /// [`crate::format::check`] to check the rest.
    pub fn identify(&self, key: &str) -> Option<Identity<'_>> {
        let ac = self.automaton.as_ref()?;
        let m = ac.find(Input::new(key).anchored(Anchored::Yes))?;
        let entry = self.prefixes.get(m.pattern().as_usize())?;
        let &(owner, i) = entry.owners.first()?;
        self.identity(owner, i, &entry.prefix)
    }

    /// Every identity `key` could have: each known prefix it starts with (longest first),
    /// and each credential that declares it. More than one only when prefixes shadow each
    /// other or specs clash.
    pub fn identify_all(&self, key: &str) -> Vec<Identity<'_>> {
        let mut out = Vec::new();
        for &len in self.lengths.iter().rev() {
            let Some(head) = key.get(..len) else { continue };
            let Some(entry) = self
                .by_text
                .get(head)
                .and_then(|&id| self.prefixes.get(id as usize))
            else {
                continue;
            };
            for &(owner, i) in &entry.owners {
                out.extend(self.identity(owner, i, &entry.prefix));
            }
        }
        out
    }

    fn identity<'a>(&'a self, owner: u32, i: u32, prefix: &'a str) -> Option<Identity<'a>> {
        let o = self.owners.get(owner as usize)?;
        let p = o.format.prefixes.get(i as usize)?;
        Some(Identity {
            provider: &o.provider,
            provider_title: &o.provider_title,
            credential: &o.credential,
            part: &o.part,
            kind: o.kind,
            audience: &o.audience,
            environment: p.environment.as_deref(),
            description: p.description.as_deref(),
            prefix,
            format: &o.format,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn is_send_and_sync() {
        assert_send_sync::<Identifier>();
    }

    #[test]
    fn empty_identifier_knows_nothing() {
        let id = Identifier::new(std::iter::empty()).map_err(|e| e.to_string());
        let id = id.as_ref().map(|id| id.identify("pm_live_x").is_none());
        assert_eq!(id, Ok(true));
    }
}
