//! What a request acts on, as the spec says a request names it: the workspace (for keys
//! restricted to some workspaces) and the key (for operations on a key).
//!
//! One reading per request: the verifier reads the workspace from the places the spec
//! lists and nowhere else, and refuses a request that could be read two ways, so the
//! server behind it cannot act on another workspace than the one checked:
//! - a place the spec lists, given twice (`?workspaceId=a&workspaceId=b`, a JSON key
//!   repeated), or two places naming different workspaces;
//! - the name in another spelling (`workspace_id`, `WorkspaceID` where the spec says
//!   `workspaceId`) or in a place the spec does not list (in the body when the spec names
//!   only the query): a lenient server may read it there.

use auth_spec::model::{KeyAccess, KeyRule, ScopeId, WorkspaceNaming};

use super::extract::{RequestView, Value};
use super::keystore::KeyRecord;
use crate::route::{decode_segment, prefix_param};

/// Why the workspace a request names could not be read one way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Ambiguity {
    /// One place names it twice.
    #[error("the request names its workspace twice in one place")]
    Repeated,
    /// Two places name different workspaces.
    #[error("the request names two different workspaces")]
    Conflicting,
    /// Another spelling of the name, or a place the spec does not list.
    #[error("the request names its workspace in a spelling or place the provider does not read")]
    Elsewhere,
    /// The value is not a string (or not UTF-8).
    #[error("the workspace the request names is not readable text")]
    Unreadable,
}

/// Names compared without regard to case or `_`, `-`, `.` (`workspace_id` ~ `workspaceId`).
fn loose(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '_' | '-' | '.'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The workspace the request names, if any, read from the places `naming` lists.
pub(crate) fn workspace(
    naming: &WorkspaceNaming,
    rel_path: &str,
    view: &RequestView<'_>,
) -> Result<Option<String>, Ambiguity> {
    let spellings: Vec<String> = naming.field_names().map(loose).collect();
    let mut found: Vec<String> = Vec::new();
    for t in &naming.paths {
        if let Some(v) = prefix_param(t, rel_path) {
            found.push(decode_segment(v).ok_or(Ambiguity::Unreadable)?);
        }
    }
    let pairs = |list: &[(String, String)]| -> Vec<(String, Value)> {
        list.iter()
            .map(|(k, v)| (k.clone(), Value::One(v.clone())))
            .collect()
    };
    let query = pairs(view.query());
    type Fields<'a> = Option<&'a [(String, Value)]>;
    let places: [(&[String], Fields<'_>); 3] = [
        (&naming.query, Some(&query)),
        (&naming.json, view.json_any()),
        (&naming.form, view.form()),
    ];
    for (listed, fields) in places {
        let Some(fields) = fields else { continue };
        for name in listed {
            let mut hits = fields.iter().filter(|(k, _)| k == name);
            match (hits.next(), hits.next()) {
                (None, _) => {}
                (Some(_), Some(_)) | (Some((_, Value::Many)), None) => {
                    return Err(Ambiguity::Repeated);
                }
                (Some((_, Value::One(v))), None) => found.push(v.clone()),
                (Some(_), None) => return Err(Ambiguity::Unreadable),
            }
        }
        // Any other field that reads as one of the names is another spelling, or a name
        // in a place the spec does not list.
        if fields
            .iter()
            .any(|(k, _)| !listed.contains(k) && spellings.contains(&loose(k)))
        {
            return Err(Ambiguity::Elsewhere);
        }
    }
    match found.split_first() {
        None => Ok(None),
        Some((first, rest)) if rest.iter().all(|w| w == first) => Ok(Some(first.clone())),
        Some(_) => Err(Ambiguity::Conflicting),
    }
}

/// Whether the key in `record` may act on the key whose id the path gives as `target`
/// (percent-decoded); `has_scope` says whether the key holds a scope.
pub(crate) fn may_act_on(
    access: &KeyAccess,
    record: &KeyRecord,
    target: &str,
    has_scope: impl Fn(ScopeId) -> bool,
) -> bool {
    access.allow.iter().any(|rule| match *rule {
        KeyRule::Own => record.id == target,
        KeyRule::Any => true,
        KeyRule::Scope(s) => has_scope(s),
        // An org-wide key: one not limited to some workspaces.
        KeyRule::Restriction(_) => record.workspaces.is_none(),
    })
}
