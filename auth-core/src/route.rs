//! Which operation of a spec a request is for: one matcher for the client, the verifier,
//! the sandbox and the CLI, so they always agree (and so on which credentials it needs).

use auth_spec::Spec;
use auth_spec::model::{HttpMethod, OperationId};

/// Matches a method and a path to a spec operation. Built once per spec.
#[derive(Debug, Clone)]
pub struct Router {
    base_path: String,
    /// Operations per method, in the author's order: the first match wins.
    by_method: [Vec<OperationId>; 5],
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
        http::Method::GET => HttpMethod::Get,
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
        Self {
            base_path: base_path.trim_end_matches('/').to_owned(),
            by_method,
        }
    }

    /// The path prefix operations are matched under.
    pub fn base_path(&self) -> &str {
        &self.base_path
    }

    /// `path` relative to the base path; the whole path when it lies outside it. A
    /// `{name}` segment of a templated base path (`/orgs/{org}`) matches any one segment.
    pub fn relative<'p>(&self, path: &'p str) -> &'p str {
        let rest = if self.base_path.contains('{') {
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
        self.route_relative(spec, method, self.relative(path))
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_below_the_base_path() {
        let spec = auth_spec::load_str(
            "pixee.yaml",
            include_str!("../../providers/pixee/pixee.yaml"),
        )
        .expect("clean");
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
    }
}
