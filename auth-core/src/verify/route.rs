//! Matching a request's method and path to one of the spec's operations.

use auth_spec::Spec;
use auth_spec::model::Operation;

/// The path prefix of the spec's base URL (`/api/v1` for `https://host/api/v1`), without a
/// trailing slash; empty when the base URL has no path.
pub(crate) fn base_path(spec: &Spec) -> String {
    let url = spec.base_url.url.as_str();
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    let path = path.split(['?', '#']).next().unwrap_or("");
    path.trim_end_matches('/').to_owned()
}

/// The request path relative to `base` (the whole path when it lies outside `base`).
pub(crate) fn relative<'a>(base: &str, path: &'a str) -> &'a str {
    match path.strip_prefix(base) {
        Some("") => "/",
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    }
}

/// Match `template` (`/api-keys/{key_id}/rotate`) against `path`; the captured segments.
pub(crate) fn match_template(template: &str, path: &str) -> Option<Vec<(String, String)>> {
    let t: Vec<&str> = template.trim_matches('/').split('/').collect();
    let p: Vec<&str> = path.trim_matches('/').split('/').collect();
    if t.len() != p.len() {
        return None;
    }
    let mut params = Vec::new();
    for (ts, ps) in t.iter().zip(&p) {
        if let Some(name) = ts.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            if ps.is_empty() {
                return None;
            }
            params.push((name.to_owned(), (*ps).to_owned()));
        } else if ts != ps {
            return None;
        }
    }
    Some(params)
}

/// A matched operation: its name, itself and its path parameters.
pub(crate) type Matched<'a> = (&'a str, &'a Operation, Vec<(String, String)>);

/// The operation a request is for: the first whose method and path template match.
pub(crate) fn find<'a>(spec: &'a Spec, method: &http::Method, path: &str) -> Option<Matched<'a>> {
    spec.operations.iter().find_map(|(name, op)| {
        if op.method.as_str() != method.as_str() {
            return None;
        }
        match_template(&op.path, path).map(|params| (name.as_str(), op, params))
    })
}

/// The spec operation a request to `path` (relative to the base URL: `/api-keys/k1/rotate`,
/// no query) with `method` is for: its name and the values of its `{param}` segments.
/// The first operation whose method and path template match wins, as on the server side
/// ([`super::Verifier::operation`]), so a client and a verifier agree on which operation,
/// and so which credentials, a request is for.
pub fn find_operation<'a>(
    spec: &'a Spec,
    method: &http::Method,
    path: &str,
) -> Option<(&'a str, Vec<(String, String)>)> {
    find(spec, method, path).map(|(name, _, params)| (name, params))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates() {
        assert_eq!(
            match_template("/api-keys/{key_id}/rotate", "/api-keys/k1/rotate"),
            Some(vec![("key_id".to_owned(), "k1".to_owned())])
        );
        assert_eq!(
            match_template("/api-keys/{key_id}/rotate", "/api-keys//rotate"),
            None
        );
        assert_eq!(match_template("/products", "/products/1"), None);
        assert_eq!(match_template("/products", "/products/"), Some(vec![]));
    }

    #[test]
    fn prefixes() {
        assert_eq!(relative("/api/v1", "/api/v1/products"), "/products");
        assert_eq!(
            relative("/api/v1", "/api/v10/products"),
            "/api/v10/products"
        );
        assert_eq!(relative("", "/x"), "/x");
    }
}
