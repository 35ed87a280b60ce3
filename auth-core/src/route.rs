//! Which operation of a spec a request is for: one matcher for the client, the verifier,
//! the sandbox and the CLI, so they always agree (and so on which credentials it needs).
//!
//! # One spelling per path
//!
//! A verifier that matches `/api/v1/products` to an operation but not `/api/v1/./products`
//! fails open when the router behind it normalises the second into the first. So the
//! verifier matches only *canonical* paths and refuses the rest ([`Router::check`]):
//!
//! - no empty segment (`//`), no `.` or `..` segment, no `\`;
//! - no matrix parameter (`;x` in a segment);
//! - percent escapes only where needed, written in upper case: `%70` (a `p`), `%2e`,
//!   `%7e`, a lower-case `%2f` or a malformed `%zz` are refused, and so are `%2F` and
//!   `%5C`, which some servers decode into segment separators before matching, and
//!   encoded control characters (`%00`), which some strip;
//! - no spelling that matches an operation (or a path naming a workspace, or the base
//!   path) only when letter case is ignored: `/API/v1/Products` is refused, not unknown.
//!
//! What stays equivalent is matched as one: a single trailing slash is ignored, and `HEAD`
//! is matched as `GET` (servers answer a `HEAD` with the `GET` handler).

use auth_spec::Spec;
use auth_spec::model::{HttpMethod, OperationId, PathMatch, PathTemplate};

/// Matches a method and a path to a spec operation. Built once per spec.
#[derive(Debug, Clone)]
pub struct Router {
    base_path: String,
    /// Operations per method, in the author's order: the first match wins.
    by_method: [Vec<OperationId>; 5],
    /// Paths that name a workspace (they count for the letter-case check).
    naming: Vec<PathTemplate>,
    /// Whether the base path has a `{parameter}` segment.
    templated: bool,
    /// Per method, the absolute paths that are an operation's as written (a template
    /// without parameters): found by one comparison, already known to route to that
    /// operation and to be canonical (checked when the router is built).
    exact: [Vec<(Box<str>, OperationId)>; 5],
}

/// A request matched to an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route<'a> {
    /// The operation.
    pub operation: OperationId,
    /// Its path parameters: `(name, value as it appears in the path)`.
    pub params: Vec<(&'a str, &'a str)>,
}

impl<'a> Route<'a> {
    /// A path parameter by name.
    pub fn param(&self, name: &str) -> Option<&'a str> {
        self.params
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v)
    }
}

/// Why a path is not in its one canonical spelling (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NonCanonical {
    /// The path does not start with `/`.
    #[error("the path does not start with `/`")]
    NotAbsolute,
    /// Two slashes in a row.
    #[error("the path has an empty segment (`//`)")]
    EmptySegment,
    /// A `.` or `..` segment.
    #[error("the path has a `.` or `..` segment")]
    DotSegment,
    /// A `\` in the path.
    #[error("the path has a `\\`")]
    Backslash,
    /// A `;` parameter in a segment.
    #[error("the path has a `;` (matrix) parameter")]
    Matrix,
    /// A percent escape of a character that needs none (`%70` for `p`).
    #[error("the path percent-encodes a character that needs no encoding")]
    EncodedUnreserved,
    /// `%2F` or `%5C`: a separator some servers decode before matching.
    #[error("the path percent-encodes `/` or `\\`")]
    EncodedSeparator,
    /// A malformed or lower-case percent escape.
    #[error("the path has a malformed or lower-case percent escape")]
    BadEscape,
    /// A percent-encoded control character (`%00`, `%0A`), which some servers strip.
    #[error("the path percent-encodes a control character")]
    EncodedControl,
    /// The path matches a route only when letter case is ignored.
    #[error("the path matches a route only when letter case is ignored")]
    Case,
}

fn slot(m: HttpMethod) -> usize {
    match m {
        HttpMethod::Get => 0,
        HttpMethod::Post => 1,
        HttpMethod::Put => 2,
        HttpMethod::Patch => 3,
        HttpMethod::Delete => 4,
    }
}

fn method_of(m: &http::Method) -> Option<HttpMethod> {
    Some(match *m {
        // A server answers HEAD with its GET handler: it is the same operation.
        http::Method::GET | http::Method::HEAD => HttpMethod::Get,
        http::Method::POST => HttpMethod::Post,
        http::Method::PUT => HttpMethod::Put,
        http::Method::PATCH => HttpMethod::Patch,
        http::Method::DELETE => HttpMethod::Delete,
        _ => return None,
    })
}

impl Router {
    /// A router for `spec`, matching paths below its base URL's path.
    pub fn new(spec: &Spec) -> Self {
        Self::with_base_path(spec, spec.base_url.path())
    }

    /// A router matching paths below `base_path` (`""` for the root).
    pub fn with_base_path(spec: &Spec, base_path: &str) -> Self {
        let mut by_method: [Vec<OperationId>; 5] = Default::default();
        for (id, op) in &spec.operations {
            by_method[slot(op.method)].push(id);
        }
        let naming = spec
            .restrictions
            .values()
            .filter_map(|r| r.named_in.as_ref())
            .flat_map(|n| n.paths.iter().cloned())
            .collect();
        let mut router = Self {
            base_path: base_path.trim_end_matches('/').to_owned(),
            by_method,
            naming,
            templated: base_path.contains('{'),
            exact: Default::default(),
        };
        router.exact = router.exact_paths(spec);
        router
    }

    /// The paths [`Router::exact`] holds: each operation's whole path when it has no
    /// parameter and the general matcher routes it to that very operation, and finds it
    /// canonical.
    fn exact_paths(&self, spec: &Spec) -> [Vec<(Box<str>, OperationId)>; 5] {
        let mut exact: [Vec<(Box<str>, OperationId)>; 5] = Default::default();
        if self.templated {
            return exact;
        }
        for (id, op) in &spec.operations {
            if op.path.names().next().is_some() {
                continue;
            }
            let path = format!("{}{}", self.base_path, op.path);
            let method = op.method.to_http();
            let routed = self
                .route_relative(spec, &method, self.relative(&path))
                .is_some_and(|r| r.operation == id && r.params.is_empty());
            if routed && self.check(spec, &path).is_ok() {
                exact[slot(op.method)].push((path.into(), id));
            }
        }
        exact
    }

    /// The operation whose path `path` is exactly, for `method`'s slot.
    fn exact(&self, m: HttpMethod, path: &str) -> Option<OperationId> {
        self.exact[slot(m)]
            .iter()
            .find(|(p, _)| crate::short::eq(p.as_bytes(), path.as_bytes()))
            .map(|&(_, id)| id)
    }

    /// The path prefix operations are matched under.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `path` relative to the base path; the whole path when it lies outside it. A
    /// `{name}` segment of a templated base path (`/orgs/{org}`) matches any one segment.
    pub fn relative<'p>(&self, path: &'p str) -> &'p str {
        let rest = if self.templated {
            self.strip_template(path)
        } else {
            path.strip_prefix(self.base_path.as_str())
        };
        match rest {
            Some("") => "/",
            Some(rest) if rest.starts_with('/') => rest,
            _ => path,
        }
    }

    /// What follows the templated base path at the start of `path`, if it is there.
    fn strip_template<'p>(&self, mut path: &'p str) -> Option<&'p str> {
        for want in self.base_path.split('/').skip(1) {
            let after = path.strip_prefix('/')?;
            let end = after.find('/').unwrap_or(after.len());
            let (segment, rest) = after.split_at(end);
            let param = want.starts_with('{') && want.ends_with('}');
            if segment.is_empty() || !(param || segment == want) {
                return None;
            }
            path = rest;
        }
        Some(path)
    }

    /// The operation a request for `method` and the absolute `path` (no query) is for.
    pub fn route<'a>(
        &self,
        spec: &'a Spec,
        method: &http::Method,
        path: &'a str,
    ) -> Option<Route<'a>> {
        self.route_known(spec, method, path).0
    }

    /// As [`Router::route`], and whether `path` is an operation's as written (so known to
    /// be canonical: [`Router::check_routed`] need not search again). In line: its answer
    /// is read field by field where it is used, not copied out of memory it was just
    /// written to.
    #[inline]
    pub(crate) fn route_known<'a>(
        &self,
        spec: &'a Spec,
        method: &http::Method,
        path: &'a str,
    ) -> (Option<Route<'a>>, bool) {
        if let Some(operation) = method_of(method).and_then(|m| self.exact(m, path)) {
            let route = Route {
                operation,
                params: Vec::new(),
            };
            return (Some(route), true);
        }
        (
            self.route_relative(spec, method, self.relative(path)),
            false,
        )
    }

    /// As [`Router::route`], for a path already relative to the base path.
    pub fn route_relative<'a>(
        &self,
        spec: &'a Spec,
        method: &http::Method,
        path: &'a str,
    ) -> Option<Route<'a>> {
        let m = method_of(method)?;
        self.by_method[slot(m)].iter().find_map(|&id| {
            let params = spec.operations[id].path.matches(path)?;
            Some(Route {
                operation: id,
                params,
            })
        })
    }

    /// Whether the absolute `path` (no query) is in its canonical spelling; see the
    /// module docs. A verifier refuses the request when it is not. Letter case is judged
    /// against the operations of every method: a path that is some operation's, exactly,
    /// is canonical.
    pub fn check(&self, spec: &Spec, path: &str) -> Result<(), NonCanonical> {
        self.check_routed(spec, path, None)
    }

    /// As [`Router::check`], for a path [`Router::route`] has matched to `route` (or to
    /// none): a path that is an operation's exactly needs no second search.
    pub fn check_routed(
        &self,
        spec: &Spec,
        path: &str,
        route: Option<&Route<'_>>,
    ) -> Result<(), NonCanonical> {
        // The operation's own path as written: canonical (checked when built).
        if let Some(r) = route
            && self.exact(spec.operations[r.operation].method, path) == Some(r.operation)
        {
            return Ok(());
        }
        syntax(path)?;
        // A spelling that only matches when case is ignored is another spelling of a
        // route, not an unknown path.
        let rel = match path.strip_prefix(self.base_path.as_str()) {
            Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
            _ => {
                let n = self.base_path.len();
                if path.len() >= n
                    && path.is_char_boundary(n)
                    && path[..n].eq_ignore_ascii_case(&self.base_path)
                    && (path.len() == n || path.as_bytes()[n] == b'/')
                {
                    return Err(NonCanonical::Case);
                }
                return Ok(());
            }
        };
        let rel = if rel.is_empty() { "/" } else { rel };
        // The operation matched is checked alone (it is normally this path's own).
        let ops = || spec.operations.values().map(|o| &o.path);
        if route.is_some_and(|r| spec.operations[r.operation].path.matches(rel).is_some())
            || ops().any(|t| t.matches(rel).is_some())
        {
            return Ok(());
        }
        let loose_op = ops().any(|t| segments_match(t, rel, false, true).is_some());
        let naming_exact = self
            .naming
            .iter()
            .any(|t| segments_match(t, rel, true, false).is_some());
        let naming_loose = self
            .naming
            .iter()
            .any(|t| segments_match(t, rel, true, true).is_some());
        if loose_op || (naming_loose && !naming_exact) {
            return Err(NonCanonical::Case);
        }
        Ok(())
    }
}

/// The value of the last parameter of `template` when the path relative to the base path
/// starts with it (`/api/v1/workspaces/{id}` on `/api/v1/workspaces/ws_1/connections`
/// gives `ws_1`).
pub fn prefix_param<'p>(template: &PathTemplate, rel: &'p str) -> Option<&'p str> {
    segments_match(template, rel, true, false)?
        .last()
        .map(|(_, v)| *v)
}

/// Match `path` against `template`: as a whole, or as a prefix; literals as written or
/// without regard to ASCII case.
fn segments_match<'t, 'p>(
    template: &'t PathTemplate,
    path: &'p str,
    prefix: bool,
    ignore_case: bool,
) -> Option<Vec<(&'t str, &'p str)>> {
    template.matches_as(
        path,
        PathMatch {
            prefix,
            ignore_case,
        },
    )
}

/// The spelling rules that need no spec (see the module docs), in one pass over the bytes:
/// segment by segment, left to right, as a reader would find the first fault.
fn syntax(path: &str) -> Result<(), NonCanonical> {
    let Some(rest) = path.strip_prefix('/') else {
        return Err(NonCanonical::NotAbsolute);
    };
    if rest.is_empty() {
        return Ok(());
    }
    // A single trailing slash is the same path; any other empty segment is not.
    let b = rest.strip_suffix('/').unwrap_or(rest).as_bytes();
    let (mut start, mut i) = (0, 0);
    loop {
        if i == b.len() || b[i] == b'/' {
            match &b[start..i] {
                [] => return Err(NonCanonical::EmptySegment),
                b"." | b".." => return Err(NonCanonical::DotSegment),
                _ => {}
            }
            if i == b.len() {
                return Ok(());
            }
            i += 1;
            start = i;
            continue;
        }
        match b[i] {
            b'\\' => return Err(NonCanonical::Backslash),
            b';' => return Err(NonCanonical::Matrix),
            b'%' => {
                let hex = |c: u8| matches!(c, b'0'..=b'9' | b'A'..=b'F');
                let (Some(&h), Some(&l)) = (b.get(i + 1), b.get(i + 2)) else {
                    return Err(NonCanonical::BadEscape);
                };
                if !hex(h) || !hex(l) {
                    return Err(NonCanonical::BadEscape);
                }
                let byte = (nibble(h) << 4) | nibble(l);
                if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
                    return Err(NonCanonical::EncodedUnreserved);
                }
                if matches!(byte, b'/' | b'\\') {
                    return Err(NonCanonical::EncodedSeparator);
                }
                if byte < 0x20 || byte == 0x7F {
                    return Err(NonCanonical::EncodedControl);
                }
                i += 3;
            }
            _ => i += 1,
        }
    }
}

fn nibble(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        _ => c - b'A' + 10,
    }
}

/// A path segment with its percent escapes decoded (`k%201` is `k 1`); `None` when the
/// bytes are not UTF-8.
pub fn decode_segment(segment: &str) -> Option<String> {
    percent_encoding::percent_decode_str(segment)
        .decode_utf8()
        .ok()
        .map(|s| s.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pixee() -> Spec {
        auth_spec::load_str(
            "pixee.yaml",
            include_str!("../../providers/pixee/pixee.yaml"),
        )
        .expect("clean")
    }

    #[test]
    fn routes_below_the_base_path() {
        let spec = pixee();
        let r = Router::new(&spec);
        assert_eq!(r.relative("/api/v1/products"), "/products");
        assert_eq!(r.relative("/api/v10/products"), "/api/v10/products");
        assert_eq!(r.relative(""), "");
        // A spec served at the root: every path is relative already.
        assert_eq!(Router::with_base_path(&spec, "").relative("/x"), "/x");
        let route = r
            .route(&spec, &http::Method::POST, "/api/v1/api-keys/k1/rotate")
            .expect("matched");
        assert_eq!(spec.operations[route.operation].name, "rotate_key");
        assert_eq!(route.param("key_id"), Some("k1"));
        assert!(
            r.route(&spec, &http::Method::GET, "/api/v1/api-keys/k1/rotate")
                .is_none()
        );
        // A base path with a `{parameter}` segment (`https://host/orgs/{org}`).
        let t = Router::with_base_path(&spec, "/orgs/{org}");
        assert_eq!(t.relative("/orgs/acme/products"), "/products");
        assert_eq!(t.relative("/orgs/acme"), "/");
        assert_eq!(t.relative("/orgs//products"), "/orgs//products");
        assert_eq!(t.relative("/other/acme/products"), "/other/acme/products");
        let head = r.route(&spec, &http::Method::HEAD, "/api/v1/products");
        assert!(head.is_some(), "HEAD is GET's operation");
    }

    #[test]
    fn refuses_every_other_spelling() {
        let spec = pixee();
        let r = Router::new(&spec);
        use NonCanonical as N;
        for (path, why) in [
            ("/api/v1/./products", N::DotSegment),
            ("/api/v1/x/../products", N::DotSegment),
            ("/api/v1/products/.", N::DotSegment),
            ("/api/v1//products", N::EmptySegment),
            ("/api/v1/%70roducts", N::EncodedUnreserved),
            ("/api/v1/%2E/products", N::EncodedUnreserved),
            ("/api/v1/%2e/products", N::BadEscape),
            ("/api/v1/products%2F", N::EncodedSeparator),
            ("/api/v1/products%5c", N::BadEscape),
            ("/api/v1/products%zz", N::BadEscape),
            ("/api/v1/products;x", N::Matrix),
            ("/api/v1/products%00", N::EncodedControl),
            ("/api/v1/products\\", N::Backslash),
            ("/api/v1/PRODUCTS", N::Case),
            ("/API/v1/products", N::Case),
            ("api/v1/products", N::NotAbsolute),
        ] {
            assert_eq!(r.check(&spec, path), Err(why), "{path}");
        }
        for path in [
            "/api/v1/products",
            "/api/v1/products/",
            "/api/v1/unknown/path",
            "/elsewhere",
            "/",
            "/api/v1/api-keys/k%201/rotate",
        ] {
            assert_eq!(r.check(&spec, path), Ok(()), "{path}");
        }
        // A parameter's value that happens to look like a literal in another case is fine.
        assert_eq!(r.check(&spec, "/api/v1/api-keys/ROTATE/rotate"), Ok(()));
    }
}
