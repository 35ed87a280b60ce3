//! Which provider and which kind of credential a key is, from its prefix and format.
//!
//! An [`Identifier`] is built once from any number of specs and then answers with the same
//! few memory reads however many specs were loaded: the prefixes live in one hash table
//! (the crate-private `KeyTable` of [`super::keys`]), grouped by their first four bytes,
//! so a key costs one look-up (and one per distinct prefix length below four), and the key
//! must then fit its part's format (charset, lengths, suffix) as a whole, by the same rules
//! redaction uses to find keys in text. (With ten thousand specs those reads leave the
//! core's own cache: BENCHMARKS.md gives the cost.) So `pm_live_` alone is no key, and
//! where one prefix extends another (`pat` and `pat-`) the key goes to the one whose format
//! it fits. It owns what it needs (no borrow of the specs), and is `Send + Sync`, so a
//! gateway can share one behind an `Arc`.

use auth_spec::Spec;
use auth_spec::model::CredentialKind;

use super::keys::{ClaimRef, KeyTable, KeyTableBuilder};
use crate::format::FormatError;

pub use super::keys::KeyFormat;

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
    /// Whether the part is secret (an id with a prefix need not be).
    pub secret: bool,
    /// The environment the prefix stands for (`production`, `test`), if the spec says.
    pub environment: Option<&'a str>,
    /// What the prefix means, if the spec says.
    pub description: Option<&'a str>,
    /// The prefix is still accepted but no longer issued.
    pub legacy: bool,
    /// The prefix that matched.
    pub prefix: &'a str,
    /// The part's format, compiled: [`Identity::check`] says whether (or why not) a key
    /// with this prefix fits it.
    pub format: &'a KeyFormat,
}

impl Identity<'_> {
    /// Whether `key` (which starts with [`Identity::prefix`]) fits the format as a whole.
    pub fn check(&self, key: &str) -> Result<(), FormatError> {
        self.format.check(key, self.prefix.len())
    }
}

impl<'a> From<ClaimRef<'a>> for Identity<'a> {
    fn from(c: ClaimRef<'a>) -> Self {
        Identity {
            provider: c.provider,
            provider_title: c.title,
            credential: c.credential,
            part: c.part,
            kind: c.kind,
            audience: c.audience,
            secret: c.secret,
            environment: c.environment,
            description: c.description,
            legacy: c.legacy,
            prefix: c.prefix,
            format: c.format,
        }
    }
}

/// Identifies keys by prefix and format across many specs. See the module docs.
#[derive(Debug, Clone, Default)]
pub struct Identifier {
    table: KeyTable,
}

impl Identifier {
    /// Build from specs. Every credential part with a prefixed format counts, secret or
    /// not; parameter formats identify nothing.
    ///
    /// Building cannot fail; the `Result` is kept so callers need not change when a
    /// future table can.
    pub fn new<'s>(specs: impl IntoIterator<Item = &'s Spec>) -> Result<Self, BuildError> {
        let mut b = KeyTableBuilder::default();
        for spec in specs {
            b.add_spec(spec, |_| true);
        }
        Ok(Identifier { table: b.build() })
    }

    /// How many distinct prefixes are known.
    pub fn prefix_count(&self) -> usize {
        self.table.prefix_count()
    }

    /// What `key` is: the longest known prefix it starts with whose part's format the whole
    /// key fits; `None` if there is none.
    pub fn identify(&self, key: &str) -> Option<Identity<'_>> {
        self.table
            .claims_of(key.as_bytes(), |f, len| f.fits(key.as_bytes(), len))
            .next()
            .map(Identity::from)
    }

    /// Every identity `key` could have: each known prefix it starts with whose format it
    /// fits (longest first), and each credential that declares it. More than one only
    /// when prefixes shadow each other or specs clash.
    pub fn identify_all(&self, key: &str) -> Vec<Identity<'_>> {
        self.table
            .claims_of(key.as_bytes(), |f, len| f.fits(key.as_bytes(), len))
            .map(Identity::from)
            .collect()
    }

    /// What `key` looks like by its longest known prefix alone, whether or not it fits the
    /// format: [`Identity::check`] then says what is wrong with it. For messages to a user
    /// ("this starts like a Pixee key, but ..."); use [`Identifier::identify`] to decide.
    pub fn identify_prefix(&self, key: &str) -> Option<Identity<'_>> {
        self.table
            .claims_of(key.as_bytes(), |_, _| true)
            .next()
            .map(Identity::from)
    }

    /// Every claim on every prefix: the formats an exported scanner rule set covers.
    pub fn identities(&self) -> impl Iterator<Item = Identity<'_>> {
        self.table.all_claims().map(Identity::from)
    }
}

/// Why an [`Identifier`] could not be built (nothing, today).
#[derive(Debug, thiserror::Error)]
#[error("cannot build the identifier")]
pub struct BuildError(());

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
