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

mod check;
mod environment;
mod extract;
mod keystore;
#[cfg(feature = "tower")]
mod layer;
pub mod limits;
mod reject;
mod signed;
mod target;

use std::collections::BTreeMap;
use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{AuthOption, OperationId, Placement, UnknownRoutes};
use http::{HeaderMap, HeaderValue, Method, Uri};
use smallvec::SmallVec;

pub use crate::backend::{StoreError, StoreFuture};
pub use extract::{MAX_PART_LEN, Presented};
pub use keystore::{
    DigestHash, DigestHasher, KeyAdmin, KeyDigest, KeyRecord, KeyStore, Lookup, MemoryKeyStore,
};
#[cfg(feature = "tower")]
pub use layer::{DEFAULT_BODY_LIMIT, VerifyLayer, VerifyService};
pub use reject::{Problem, RateLimitStatus, Rejection, rate_limit_headers, render, set_path};
pub use signed::{DIGEST_NONCE_SECONDS, SEEN_CAPACITY, signing_identity};
pub use target::Ambiguity;

use crate::route::{Route, Router};

/// Who a verified request comes from: the record of the key it presented (shared with the
/// key store, not copied) and the environment its prefix names. Holds no secret, so it is
/// safe to log.
#[derive(Clone)]
pub struct Principal {
    record: Arc<KeyRecord>,
    /// The environment the presented key's prefix names (`production`).
    prefix_environment: Option<environment::Environment>,
}

impl Principal {
    /// The principal of `record`, whose key's prefix named `environment` (if any).
    #[inline(always)]
    pub fn new(record: Arc<KeyRecord>, environment: Option<&str>) -> Self {
        Principal {
            record,
            prefix_environment: environment
                .map(|e| environment::Environment::Own(SmallVec::from_slice(e.as_bytes()))),
        }
    }

    /// As [`Principal::new`], with an environment name kept for the process (nothing
    /// copied).
    #[inline(always)]
    pub(crate) fn with_shared_environment(
        record: Arc<KeyRecord>,
        environment: Option<&'static str>,
    ) -> Self {
        Principal {
            record,
            prefix_environment: environment.map(environment::Environment::Shared),
        }
    }

    /// The spec credential used (`api_key`, `jwt`…).
    pub fn credential(&self) -> &str {
        &self.record.credential
    }

    /// The key's id in the store.
    pub fn key_id(&self) -> &str {
        &self.record.id
    }

    /// Scopes granted; `None` when the key is not limited by scope.
    pub fn scopes(&self) -> Option<&[String]> {
        self.record.scopes.as_deref()
    }

    /// Workspaces a workspace-scoped key may touch; `None` for an org-wide key.
    pub fn workspaces(&self) -> Option<&[String]> {
        self.record.workspaces.as_deref()
    }

    /// `production`, `test`…: the key record's, else the one its prefix names.
    pub fn environment(&self) -> Option<&str> {
        self.record.environment.as_deref().or_else(|| {
            self.prefix_environment
                .as_ref()
                .and_then(environment::Environment::as_str)
        })
    }

    /// The user a token was issued for.
    pub fn subject(&self) -> Option<&str> {
        self.record.subject.as_deref()
    }

    /// The login session a token belongs to (see [`KeyRecord::session`]).
    pub fn session(&self) -> Option<&str> {
        self.record.session.as_deref()
    }

    /// The key's whole record (name, bound context, expiry…). Its `last_used` is as the
    /// store last copied it, not necessarily this request's.
    pub fn record(&self) -> &Arc<KeyRecord> {
        &self.record
    }
}

impl std::fmt::Debug for Principal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Principal")
            .field("credential", &self.credential())
            .field("key_id", &self.key_id())
            .field("scopes", &self.scopes())
            .field("workspaces", &self.workspaces())
            .field("environment", &self.environment())
            .field("subject", &self.subject())
            .field("session", &self.session())
            .finish()
    }
}

/// Two principals are equal when everything they say is (whether or not they share a
/// record).
impl PartialEq for Principal {
    fn eq(&self, other: &Self) -> bool {
        self.credential() == other.credential()
            && self.key_id() == other.key_id()
            && self.scopes() == other.scopes()
            && self.workspaces() == other.workspaces()
            && self.environment() == other.environment()
            && self.subject() == other.subject()
            && self.session() == other.session()
    }
}

impl Eq for Principal {}

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
    /// Nothing verified yet.
    pub(crate) fn none() -> Self {
        Verified {
            principal: None,
            operation: None,
            path_params: Vec::new(),
            context: BTreeMap::new(),
        }
    }

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
    /// What extraction works out once from the spec.
    plan: Arc<extract::Plan>,
    /// Digest nonces, replay sets and the clock, for signing credentials.
    signed: Arc<signed::SignedState>,
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
        let plan = Arc::new(extract::Plan::new(&spec));
        Verifier {
            spec,
            store,
            router,
            plan,
            signed: Arc::new(signed::SignedState::default()),
        }
    }

    /// A verifier that reads the time from `clock` for signed requests (JWT expiry,
    /// timestamps, Digest nonces): tests use a manual one.
    pub fn with_clock(mut self, clock: crate::signing::SigningClock) -> Self {
        self.signed = Arc::new(signed::SignedState::with_clock(clock));
        self
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

    /// Render a refusal in the provider's format (adds `WWW-Authenticate` to a 401: the
    /// schemes the default credentials use, and a fresh Digest challenge per algorithm
    /// when one is a Digest credential, `stale=true` when the answer was to an old nonce).
    pub fn reject(&self, problem: Problem) -> Rejection {
        let stale = problem == Problem::Stale;
        let mut r = Rejection::new(&self.spec, problem);
        if r.status() == http::StatusCode::UNAUTHORIZED {
            if let Some(v) = self.challenge() {
                r.headers_mut().insert(http::header::WWW_AUTHENTICATE, v);
            }
            for v in self.digest_challenges(stale) {
                r.headers_mut().append(http::header::WWW_AUTHENTICATE, v);
            }
        }
        r
    }

    /// One `WWW-Authenticate: Digest` value per algorithm the default Digest credential
    /// offers, each with a new nonce.
    fn digest_challenges(&self, stale: bool) -> Vec<HeaderValue> {
        let nonce = self.signed.nonces.issue(self.signed.clock.now());
        self.spec
            .default_auth
            .iter()
            .flat_map(|o| &o.credentials)
            .flat_map(|&c| &self.spec.credentials[c].placements)
            .filter_map(|p| match p {
                Placement::Digest(d) => Some(d),
                _ => None,
            })
            .take(1)
            .flat_map(|d| {
                let realm = d.realm.clone().unwrap_or_else(|| self.spec.name.clone());
                d.algorithms
                    .iter()
                    .map(|a| crate::signing::digest::challenge_value(&realm, *a, &nonce, stale))
                    .collect::<Vec<_>>()
            })
            .filter_map(|v| HeaderValue::from_str(&v).ok())
            .collect()
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
        Ok(self
            .extract_all_routed(route, uri, headers, body)?
            .into_iter()
            .next())
    }

    /// Every credential a request presents for its operation (all of an AND option), not
    /// yet looked up: a token endpoint checks its refresh token itself, to answer in
    /// OAuth 2.0's terms.
    pub fn extract_all_routed(
        &self,
        route: Option<&Route<'_>>,
        uri: &Uri,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<Vec<Presented>, Rejection> {
        let view = extract::RequestView::new(headers, uri, body);
        let mut found = SmallVec::new();
        extract::credentials(
            &self.spec,
            &self.plan,
            route.map(|r| r.operation),
            self.accepted(route),
            &view,
            &mut found,
        )
        .map_err(|p| self.reject(p))?;
        Ok(found
            .into_iter()
            .map(|o| o.into_presented(&self.spec))
            .collect())
    }

    /// Verify a request whose body has been read into memory.
    pub fn verify_request<'a, B: AsRef<[u8]>>(
        &'a self,
        req: &'a http::Request<B>,
    ) -> impl Future<Output = Result<Verified, Rejection>> + Send + use<'a, B> {
        self.verify(req.method(), req.uri(), req.headers(), req.body().as_ref())
    }

    /// Verify a request from its parts. `body` may be empty when [`Self::needs_body`] is false.
    ///
    /// The check runs when this is called; the future waits only for a key store that
    /// answers later (an in-memory store answers at once, and the future is then already
    /// complete). When the store fails (a shared store down or slow past its deadline) the
    /// request is refused with the provider's 5xx-class answer ([`Problem::Unavailable`])
    /// and an `error` event is logged: a verifier never lets a request through because it
    /// could not check it.
    pub fn verify<'a>(
        &'a self,
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> impl Future<Output = Result<Verified, Rejection>> + Send + use<'a> {
        let (route, exact) = self.router.route_known(&self.spec, method, uri.path());
        self.start(method, route.as_ref(), exact, uri, headers, body)
    }

    /// Refuse a path that is not in its canonical spelling, and (when the spec says so) a
    /// request that matches no operation.
    fn canonical(&self, route: Option<&Route<'_>>, uri: &Uri) -> Result<(), Rejection> {
        self.router
            .check_routed(&self.spec, uri.path(), route)
            .map_err(|e| self.reject(Problem::NonCanonicalPath(e)))?;
        if route.is_none() && self.spec.unknown_routes == UnknownRoutes::Deny {
            return Err(self.reject(Problem::NotFound("operation".to_owned())));
        }
        Ok(())
    }

    /// As [`Verifier::verify`], for a request already matched by [`Verifier::route`]. A
    /// signed request (HMAC, per-request JWT, Digest) covers its method: for a request the
    /// route does not name, use [`Verifier::verify_routed_method`].
    pub fn verify_routed<'a>(
        &'a self,
        route: Option<&Route<'_>>,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> impl Future<Output = Result<Verified, Rejection>> + Send + use<'a> {
        let method = route
            .map(|r| self.spec.operations[r.operation].method.to_http())
            .unwrap_or(Method::GET);
        self.start(&method, route, false, uri, headers, body)
    }

    /// As [`Verifier::verify_routed`], with the request's method.
    pub fn verify_routed_method<'a>(
        &'a self,
        method: &Method,
        route: Option<&Route<'_>>,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> impl Future<Output = Result<Verified, Rejection>> + Send + use<'a> {
        self.start(method, route, false, uri, headers, body)
    }
}
