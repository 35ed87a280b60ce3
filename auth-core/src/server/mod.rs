//! The server face of the engine: verify an incoming request as the provider would.
//!
//! A [`Verifier`] holds a spec and a [`KeyStore`]. For each request it
//!
//! 1. matches the operation (method + path template below the base URL's path);
//! 2. reads the context parameters; a required one that is absent gets the spec's
//!    `missing_error` (Weevio `teamID` → 400 `Missing 'teamID' parameter!`). This comes
//!    before the credential because the provider checks credentials *against the tenant*
//!    the parameter names;
//! 3. finds the credential among those the operation accepts, in every alternative
//!    placement, and checks its format;
//! 4. looks it up by digest, checks expiry, the context it is bound to, the operation's
//!    scopes and restrictions (org-wide, workspace);
//!
//! and returns a [`Principal`] or a [`Rejection`] in the provider's own error format.
//!
//! # Hostile input
//!
//! Nothing here panics on request content. A repeated credential header, a repeated query,
//! form, JSON or cookie field, a value that is not valid text, an empty or partial
//! credential, or one longer than [`MAX_PART_LEN`] is refused with the provider's 401.
//! Auth schemes match without regard to case (`bearer`, `BEARER`), as RFC 9110 says.
//!
//! **Credentials in two places at once** (an `X-API-Key` *and* a Bearer token; Basic *and*
//! `apiID` in the query) are refused as ambiguous with the provider's 401, rather than
//! picking one: a proxy that adds a credential while the client sends another would
//! otherwise decide which identity a request runs as, and logs would name the wrong one.
//!
//! # Paths, workspaces and keys
//!
//! A request whose path is not in its canonical spelling is refused before anything else
//! (see [`crate::route`]): every spelling of a request gets the same decision, or none.
//! A request that matches no operation needs the default credentials, or is refused with
//! 404 when the spec says `unknown_routes: deny`.
//!
//! A workspace-scoped key may only act on its workspaces. Where a request names its
//! workspace is the spec's statement (`restrictions.*.named_in`), never a guess; a request
//! that names it ambiguously is refused (see [`Ambiguity`]). Who may act on the key an
//! operation names in its path (rotate it, change its permissions) is the operation's
//! `key_access`: the key itself, a key with a scope, an org-wide key, or any key.

mod extract;
mod keystore;
#[cfg(feature = "tower")]
mod layer;
mod reject;
mod target;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::SystemTime;

use auth_spec::Spec;
use auth_spec::model::{AuthOption, OperationId, Placement, RestrictionKind, UnknownRoutes};
use http::{HeaderMap, HeaderValue, Method, Uri};

pub use extract::{MAX_PART_LEN, Presented};
pub use keystore::{KeyDigest, KeyRecord, KeyStore, MemoryKeyStore};
#[cfg(feature = "tower")]
pub use layer::{DEFAULT_BODY_LIMIT, VerifyLayer, VerifyService};
pub use reject::{Problem, RateLimitStatus, Rejection, rate_limit_headers, render};
pub use target::Ambiguity;

use crate::route::{Route, Router};

/// Who a verified request comes from. Holds no secret, so it is safe to log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The spec credential used (`api_key`, `jwt`…).
    pub credential: String,
    /// The key's id in the store.
    pub key_id: String,
    /// Scopes granted; `None` when the key is not limited by scope.
    pub scopes: Option<Vec<String>>,
    /// Workspaces a workspace-scoped key may touch; `None` for an org-wide key.
    pub workspaces: Option<Vec<String>>,
    /// `production`, `test`…, from the key's prefix or record.
    pub environment: Option<String>,
    /// The user a token was issued for.
    pub subject: Option<String>,
}

/// The outcome of a successful verification.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// Who; `None` when the operation takes no credential (`auth: []`).
    pub principal: Option<Principal>,
    /// The matched operation; `None` for a path the spec does not name.
    pub operation: Option<OperationId>,
    /// Path parameters of the matched operation (`key_id` → `k1`).
    pub path_params: Vec<(String, String)>,
    /// Context parameter values the request carried (`team_id` → `T1`).
    pub context: BTreeMap<String, String>,
}

impl Verified {
    /// A path parameter by name.
    pub fn path_param(&self, name: &str) -> Option<&str> {
        self.path_params
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Verifies incoming requests against one provider spec and a key store.
#[derive(Clone)]
pub struct Verifier {
    spec: Arc<Spec>,
    store: Arc<dyn KeyStore>,
    router: Arc<Router>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Verifier")
            .field("provider", &self.spec.name)
            .field("base_path", &self.router.base_path())
            .finish_non_exhaustive()
    }
}

impl Verifier {
    /// A verifier for `spec`, serving under the path of the spec's base URL.
    pub fn new(spec: impl Into<Arc<Spec>>, store: Arc<dyn KeyStore>) -> Self {
        let spec = spec.into();
        let router = Arc::new(Router::new(&spec));
        Verifier {
            spec,
            store,
            router,
        }
    }

    /// The spec.
    pub fn spec(&self) -> &Arc<Spec> {
        &self.spec
    }

    /// The path prefix operations are matched under.
    pub fn base_path(&self) -> &str {
        self.router.base_path()
    }

    /// The key store.
    pub fn store(&self) -> &Arc<dyn KeyStore> {
        &self.store
    }

    /// Whether verifying may need the request body (a credential, a context parameter or
    /// a workspace can be named in it). When not, a middleware need not buffer it.
    pub fn needs_body(&self) -> bool {
        let in_body = |k: auth_spec::model::PlacementKind| k.field().is_some_and(|f| f.in_body());
        self.spec
            .credentials
            .values()
            .flat_map(|c| &c.placements)
            .any(|p| in_body(p.kind()))
            || self
                .spec
                .parameters
                .values()
                .flat_map(|p| &p.placements)
                .any(|p| in_body(p.kind()))
            // A workspace named in the body must be read, wherever the spec says it goes.
            || self.spec.restrictions.values().any(|r| r.named_in.is_some())
    }

    /// The operation a request for `method` and `path` is for, matched once: pass it to
    /// [`Verifier::extract_routed`] and [`Verifier::verify_routed`].
    pub fn route<'a>(&'a self, method: &Method, path: &'a str) -> Option<Route<'a>> {
        self.router.route(&self.spec, method, path)
    }

    /// Render a refusal in the provider's format (adds `WWW-Authenticate` to a 401).
    pub fn reject(&self, problem: Problem) -> Rejection {
        let mut r = Rejection::new(&self.spec, problem);
        if r.status() == http::StatusCode::UNAUTHORIZED
            && let Some(v) = self.challenge()
        {
            r.headers_mut().insert(http::header::WWW_AUTHENTICATE, v);
        }
        r
    }

    /// `WWW-Authenticate` for the schemes the default credentials use.
    fn challenge(&self) -> Option<HeaderValue> {
        let mut schemes: Vec<&str> = Vec::new();
        for &c in self.spec.default_auth.iter().flat_map(|o| &o.credentials) {
            for p in &self.spec.credentials[c].placements {
                let s = match p {
                    Placement::Basic { .. } => "Basic",
                    Placement::Header {
                        scheme: Some(s), ..
                    } => s.as_str(),
                    _ => continue,
                };
                if !schemes.iter().any(|x| x.eq_ignore_ascii_case(s)) {
                    schemes.push(s);
                }
            }
        }
        let realm = &self.spec.name;
        let text: Vec<String> = schemes
            .iter()
            .map(|s| format!("{s} realm=\"{realm}\""))
            .collect();
        (!text.is_empty())
            .then(|| HeaderValue::from_str(&text.join(", ")).ok())
            .flatten()
    }

    fn accepted(&self, route: Option<&Route<'_>>) -> &[AuthOption] {
        match route {
            Some(r) => &self.spec.operations[r.operation].auth,
            None => &self.spec.default_auth,
        }
    }

    /// The credential a request presents for its operation, not yet looked up (used by a
    /// login endpoint to count failures per account).
    pub fn extract_routed(
        &self,
        route: Option<&Route<'_>>,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Option<Presented>, Rejection> {
        self.canonical(route, uri)?;
        let view = extract::RequestView::new(headers, uri, body);
        extract::credentials(&self.spec, self.accepted(route), &view)
            .map(|found| found.into_iter().next())
            .map_err(|p| self.reject(p))
    }

    /// Verify a request whose body has been read into memory.
    pub fn verify_request<B: AsRef<[u8]>>(
        &self,
        req: &http::Request<B>,
    ) -> Result<Verified, Rejection> {
        self.verify(req.method(), req.uri(), req.headers(), req.body().as_ref())
    }

    /// Verify a request from its parts. `body` may be empty when [`Self::needs_body`] is false.
    pub fn verify(
        &self,
        method: &Method,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Verified, Rejection> {
        let route = self.route(method, uri.path());
        self.verify_routed(route.as_ref(), uri, headers, body)
    }

    /// Refuse a path that is not in its canonical spelling, and (when the spec says so) a
    /// request that matches no operation.
    fn canonical(&self, route: Option<&Route<'_>>, uri: &Uri) -> Result<(), Rejection> {
        self.router
            .check(&self.spec, uri.path())
            .map_err(|e| self.reject(Problem::NonCanonicalPath(e)))?;
        if route.is_none() && self.spec.unknown_routes == UnknownRoutes::Deny {
            return Err(self.reject(Problem::NotFound("operation".to_owned())));
        }
        Ok(())
    }

    /// As [`Verifier::verify`], for a request already matched by [`Verifier::route`].
    pub fn verify_routed(
        &self,
        route: Option<&Route<'_>>,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Verified, Rejection> {
        self.canonical(route, uri)?;
        let spec = &*self.spec;
        let view = extract::RequestView::new(headers, uri, body);

        let mut context = BTreeMap::new();
        for param in spec.parameters.values() {
            match extract::parameter(&view, param) {
                Err(()) => return Err(self.reject(Problem::InvalidParameter(param.name.clone()))),
                Ok(None) if param.required => {
                    return Err(self.reject(Problem::MissingParameter(param.name.clone())));
                }
                Ok(None) => {}
                Ok(Some(v)) => {
                    context.insert(param.name.clone(), v);
                }
            }
        }

        let op = route.map(|r| &spec.operations[r.operation]);
        let accepted = self.accepted(route);
        let mut verified = Verified {
            principal: None,
            operation: route.map(|r| r.operation),
            path_params: route
                .map(|r| {
                    r.params
                        .iter()
                        .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                        .collect()
                })
                .unwrap_or_default(),
            context,
        };
        if accepted.is_empty() {
            return Ok(verified);
        }

        let presented = extract::credentials(spec, accepted, &view).map_err(|p| self.reject(p))?;
        if presented.is_empty() {
            if accepted.iter().any(AuthOption::is_anonymous) {
                return Ok(verified);
            }
            return Err(self.reject(Problem::Missing));
        }
        // Every credential sent must be a valid one; the first is who is calling.
        let mut records = Vec::with_capacity(presented.len());
        for p in &presented {
            let digest = KeyDigest::of(&p.credential, p.parts().map(|(n, v)| (n, v.expose())));
            let record = self
                .store
                .find(&digest)
                .ok_or_else(|| self.reject(Problem::Unknown))?;
            if record.is_expired(SystemTime::now()) {
                return Err(self.reject(Problem::Expired));
            }
            for (param, bound) in &record.context {
                if verified.context.get(param).is_some_and(|v| v != bound) {
                    return Err(self.reject(Problem::ContextMismatch(param.clone())));
                }
            }
            records.push(record);
        }
        let record = records.swap_remove(0);
        let presented = presented
            .into_iter()
            .next()
            .ok_or_else(|| self.reject(Problem::Missing))?;
        if let (Some(granted), Some(op)) = (&record.scopes, op) {
            let missing: Vec<String> = op
                .scopes
                .iter()
                .map(|&s| spec.scopes[s].name.clone())
                .filter(|s| !granted.contains(s))
                .collect();
            // `any_scope`: one of the scopes suffices.
            let enough = if op.any_scope {
                missing.len() < op.scopes.len() || op.scopes.is_empty()
            } else {
                missing.is_empty()
            };
            if !enough {
                return Err(self.reject(Problem::MissingScopes(missing)));
            }
        }
        let rel = self.router.relative(uri.path());
        for (id, r) in &spec.restrictions {
            let violated = match (r.kind, &record.workspaces, &r.named_in) {
                (_, None, _) => false,
                (RestrictionKind::OrgWide, Some(_), _) => {
                    op.is_some_and(|o| o.restrictions.contains(&id))
                }
                // Lint requires `named_in` on a workspace restriction.
                (RestrictionKind::Workspace, Some(_), None) => true,
                (RestrictionKind::Workspace, Some(allowed), Some(naming)) => {
                    match target::workspace(naming, rel, &view) {
                        Err(a) => return Err(self.reject(Problem::AmbiguousWorkspace(a))),
                        Ok(w) => w.is_some_and(|w| !allowed.contains(&w)),
                    }
                }
            };
            if violated {
                return Err(self.reject(Problem::Restricted(r.name.clone())));
            }
        }
        if let (Some(access), Some(route)) = (op.and_then(|o| o.key_access.as_ref()), route) {
            let target = route
                .param(&access.param)
                .and_then(crate::route::decode_segment)
                .unwrap_or_default();
            let has_scope = |s: auth_spec::model::ScopeId| {
                record
                    .scopes
                    .as_ref()
                    .is_none_or(|g| g.contains(&spec.scopes[s].name))
            };
            if !target::may_act_on(access, &record, &target, has_scope) {
                return Err(self.reject(Problem::KeyAccess(access.param.clone())));
            }
        }
        self.store.used(&record.id);
        verified.principal = Some(Principal {
            credential: record.credential,
            key_id: record.id,
            scopes: record.scopes,
            workspaces: record.workspaces,
            environment: record.environment.or(presented.environment),
            subject: record.subject,
        });
        Ok(verified)
    }
}
