//! One verification, in three steps: the request read and its credentials found
//! ([`Verifier::prepare`]), the key store asked, and the records checked against the
//! operation ([`Verifier::conclude`]).
//!
//! Only the key store can make a verification wait, and an in-memory store never does: the
//! whole check then runs when [`Verifier::verify`] is called, and the future it returns is
//! already complete. No state machine holding the request's parsed form is built, moved or
//! polled; a store that answers later (Redis) gets one boxed future.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::SystemTime;

use auth_spec::model::{AuthOption, RestrictionKind, ScopeId};
use http::{HeaderMap, Method, Uri};
use smallvec::SmallVec;

use super::extract::{self, Offered, RequestView};
use super::keystore::{Answer, KeyDigest, KeyRecord};
use super::{Principal, Problem, Rejection, Verified, Verifier, signed, target};
use crate::backend::{StoreError, StoreFuture};
use crate::route::Route;

/// The request as given (its method apart: a caller may lend it for less long).
#[derive(Clone, Copy)]
struct Request<'a> {
    uri: &'a Uri,
    headers: &'a HeaderMap,
    body: &'a [u8],
}

/// A request's credentials found, before the key store is asked.
struct Read<'a> {
    /// In their option's order; the first is who is calling (usually alone: one inline).
    presented: SmallVec<[Offered<'a>; 1]>,
    /// The key the path names (percent-decoded), for an operation with `key_access`.
    key_target: Option<String>,
}

/// A verification under way: complete when the key store answered at once, else waiting
/// on it.
pub(super) enum Verifying<'a> {
    Ready(Option<Result<Verified, Rejection>>, &'a Verifier),
    Waiting(StoreFuture<'a, Result<Verified, Rejection>>),
}

impl Future for Verifying<'_> {
    type Output = Result<Verified, Rejection>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.get_mut() {
            // Polled again after it answered: refuse rather than panic (fails closed).
            Verifying::Ready(r, v) => Poll::Ready(
                r.take()
                    .unwrap_or_else(|| Err(v.reject(Problem::Unavailable))),
            ),
            Verifying::Waiting(f) => f.as_mut().poll(cx),
        }
    }
}

impl Verifier {
    /// Verify, at once when the key store answers at once.
    ///
    /// One function from reading to concluding, so that what it reads is built in place
    /// and never moved (a store that answers later gets it moved once, into its future).
    ///
    /// `exact`: the path is the routed operation's as written (routed by one comparison,
    /// and so canonical).
    pub(super) fn start<'a>(
        &'a self,
        method: &Method,
        route: Option<&Route<'_>>,
        exact: bool,
        uri: &'a Uri,
        headers: &'a HeaderMap,
        body: &'a [u8],
    ) -> Verifying<'a> {
        let request = Request { uri, headers, body };
        let mut verified = Verified::none();
        let mut view = RequestView::new(headers, uri, body);
        view.scan(self.plan.reads(route.map(|r| r.operation)));
        let mut read = Read {
            presented: SmallVec::new(),
            key_target: None,
        };
        match self.prepare(route, exact, request, &view, &mut verified, &mut read) {
            Ok(true) => {}
            Ok(false) => return Verifying::Ready(Some(Ok(verified)), self),
            Err(r) => return Verifying::Ready(Some(Err(r)), self),
        }
        // The common case: one credential, looked up by its digest.
        if let [only] = &read.presented[..]
            && only.proof.is_none()
        {
            let digest = only.digest(&self.spec);
            // Concluded on the answer where the store put it (moving it out would copy it
            // from memory just written, in other widths: a stall); the store marks the key
            // used when the request is let through.
            let mut outcome = None;
            let answered = self.store.find_now(&digest, &mut |answer| {
                let o = self.conclude(
                    method,
                    request,
                    &view,
                    &read,
                    &mut verified,
                    std::slice::from_mut(answer),
                );
                let through = o.is_ok();
                outcome = Some(o);
                through
            });
            if let (true, Some(outcome)) = (answered, outcome) {
                return Verifying::Ready(Some(outcome.map(|()| verified)), self);
            }
        }
        let digests: SmallVec<[KeyDigest; 1]> = read
            .presented
            .iter()
            .filter(|o| o.proof.is_none())
            .map(|o| o.digest(&self.spec))
            .collect();
        let mut answers: SmallVec<[Answer; 1]> = SmallVec::new();
        for d in &digests {
            match self.store.find(d).ready() {
                Some(a) => answers.push(a),
                // The store answers later: wait for it, and for those after it.
                None => {
                    let method = method.clone();
                    return Verifying::Waiting(Box::pin(async move {
                        let (view, mut verified) = (view, verified);
                        let asked = answers.len();
                        for d in &digests[asked..] {
                            answers.push(self.store.find(d).await);
                        }
                        self.conclude(&method, request, &view, &read, &mut verified, &mut answers)?;
                        self.mark_used(&read, &digests, &verified);
                        Ok(verified)
                    }));
                }
            }
        }
        let outcome = self.conclude(method, request, &view, &read, &mut verified, &mut answers);
        if outcome.is_ok() {
            self.mark_used(&read, &digests, &verified);
        }
        Verifying::Ready(Some(outcome.map(|()| verified)), self)
    }

    /// Read the request: canonical path, context parameters (into `verified`, with the
    /// operation and its path parameters), the credentials it presents (found and
    /// format-checked, not yet looked up, into `read`). `false` when there is nothing to
    /// look up: the operation takes no credential, or allows none.
    #[inline(always)]
    fn prepare<'a>(
        &'a self,
        route: Option<&Route<'_>>,
        exact: bool,
        request: Request<'a>,
        view: &RequestView<'a>,
        verified: &mut Verified,
        read: &mut Read<'a>,
    ) -> Result<bool, Rejection> {
        if !exact {
            self.canonical(route, request.uri)?;
        }
        let spec = &*self.spec;

        // A parameter placed nowhere fills the base URL (Azure's `{resource}` host); the
        // request itself does not carry it.
        let mut param_headers = 0;
        for param in spec
            .parameters
            .values()
            .filter(|p| !p.placements.is_empty())
        {
            match extract::parameter(view, param, &mut param_headers) {
                Err(()) => return Err(self.reject(Problem::InvalidParameter(param.name.clone()))),
                Ok(None) if param.required => {
                    return Err(self.reject(Problem::MissingParameter(param.name.clone())));
                }
                Ok(None) => {}
                Ok(Some(v)) => {
                    verified.context.insert(param.name.clone(), v);
                }
            }
        }

        let op = route.map(|r| &spec.operations[r.operation]);
        let accepted = self.accepted(route);
        verified.operation = route.map(|r| r.operation);
        if let Some(r) = route.filter(|r| !r.params.is_empty()) {
            verified.path_params = r
                .params
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect();
        }
        if accepted.is_empty() {
            return Ok(false);
        }

        extract::credentials(
            spec,
            &self.plan,
            route.map(|r| r.operation),
            accepted,
            view,
            &mut read.presented,
        )
        .map_err(|p| self.reject(p))?;
        if read.presented.is_empty() {
            if accepted.iter().any(AuthOption::is_anonymous) {
                return Ok(false);
            }
            return Err(self.reject(Problem::Missing));
        }
        if let (Some(access), Some(route)) = (op.and_then(|o| o.key_access.as_ref()), route) {
            read.key_target = Some(
                route
                    .param(&access.param)
                    .and_then(crate::route::decode_segment)
                    .unwrap_or_default(),
            );
        }
        Ok(true)
    }

    /// Check each credential (a signed one's proof, else the store's answer for it, in
    /// order), then the first one's record against the operation: scopes, restrictions,
    /// key access.
    fn conclude(
        &self,
        method: &Method,
        request: Request<'_>,
        view: &RequestView<'_>,
        read: &Read<'_>,
        verified: &mut Verified,
        answers: &mut [Answer],
    ) -> Result<(), Rejection> {
        let spec = &*self.spec;
        let Request { uri, headers, body } = request;
        let Read {
            presented,
            key_target,
        } = read;
        let mut answers = answers.iter_mut();
        // Every credential sent must be a valid one; the first is who is calling (its record
        // is kept, the others' are only checked).
        let mut first: Option<Arc<KeyRecord>> = None;
        for o in presented.iter() {
            let record = if o.proof.is_some() {
                let incoming = signed::Incoming {
                    method,
                    uri,
                    headers,
                    body,
                    view,
                    context: &verified.context,
                };
                signed::verify(spec, &*self.store, &self.signed, o, &incoming)
                    .map(Arc::new)
                    .map_err(|problem| self.reject(problem))?
            } else {
                let answer = match answers.next() {
                    Some(a) => std::mem::replace(a, Ok(None)),
                    None => Err(StoreError::Unavailable {
                        store: "key store",
                        reason: "no answer for a credential".into(),
                    }),
                };
                match answer {
                    Ok(Some(record)) => record,
                    Ok(None) => return Err(self.reject(Problem::Unknown)),
                    Err(error) => {
                        tracing::error!(
                            provider = %spec.name,
                            %error,
                            "key store unavailable: request refused (fail closed)"
                        );
                        return Err(self.reject(Problem::Unavailable));
                    }
                }
            };
            // Only a record that can expire reads the clock.
            if record.expires_at.is_some() && record.is_expired(SystemTime::now()) {
                return Err(self.reject(Problem::Expired));
            }
            for (param, bound) in &record.context {
                if verified.context.get(param).is_some_and(|v| v != bound) {
                    return Err(self.reject(Problem::ContextMismatch(param.clone())));
                }
            }
            first.get_or_insert(record);
        }
        let Some(record) = first else {
            return Err(self.reject(Problem::Missing));
        };
        let (environment, shared_environment) = presented
            .first()
            .map_or((None, None), |o| (o.environment, o.shared_environment));
        let op = verified.operation.map(|id| &spec.operations[id]);
        if let (Some(granted), Some(op)) = (&record.scopes, op) {
            let lacks = |&s: &ScopeId| !holds(granted, &spec.scopes[s].name);
            // `any_scope`: one of the scopes suffices.
            let enough = if op.any_scope {
                op.scopes.is_empty() || !op.scopes.iter().all(lacks)
            } else {
                !op.scopes.iter().any(lacks)
            };
            if !enough {
                let missing = op
                    .scopes
                    .iter()
                    .filter(|s| lacks(s))
                    .map(|&s| spec.scopes[s].name.clone())
                    .collect();
                return Err(self.reject(Problem::MissingScopes(missing)));
            }
        }
        for (id, r) in &spec.restrictions {
            let violated = match (r.kind, &record.workspaces, &r.named_in) {
                (_, None, _) => false,
                (RestrictionKind::OrgWide, Some(_), _) => {
                    op.is_some_and(|o| o.restrictions.contains(&id))
                }
                // Lint requires `named_in` on a workspace restriction.
                (RestrictionKind::Workspace, Some(_), None) => true,
                (RestrictionKind::Workspace, Some(allowed), Some(naming)) => {
                    let rel = self.router.relative(uri.path());
                    match target::workspace(naming, rel, view) {
                        Err(a) => return Err(self.reject(Problem::AmbiguousWorkspace(a))),
                        Ok(w) => w.is_some_and(|w| !allowed.contains(&w)),
                    }
                }
            };
            if violated {
                return Err(self.reject(Problem::Restricted(r.name.clone())));
            }
        }
        if let (Some(access), Some(target)) = (op.and_then(|o| o.key_access.as_ref()), key_target) {
            let has_scope = |s: ScopeId| {
                record
                    .scopes
                    .as_ref()
                    .is_none_or(|g| holds(g, &spec.scopes[s].name))
            };
            if !target::may_act_on(access, &record, target, has_scope) {
                return Err(self.reject(Problem::KeyAccess(access.param.clone())));
            }
        }
        verified.principal = Some(match (shared_environment, environment) {
            (Some(shared), _) => Principal::with_shared_environment(record, Some(shared)),
            (None, environment) => Principal::new(record, environment),
        });
        Ok(())
    }

    /// Mark the key of a request let through used: by the first credential's digest, when
    /// it was looked up by one.
    fn mark_used(&self, read: &Read<'_>, digests: &[KeyDigest], verified: &Verified) {
        let Some(principal) = &verified.principal else {
            return;
        };
        let by_digest = read.presented.first().is_some_and(|o| o.proof.is_none());
        match digests.first().filter(|_| by_digest) {
            Some(digest) => self.store.used_digest(digest, principal.key_id()),
            None => self.store.used(principal.key_id()),
        }
    }
}

/// Whether `granted` holds scope `name`.
fn holds(granted: &[String], name: &str) -> bool {
    granted
        .iter()
        .any(|g| crate::short::eq(g.as_bytes(), name.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::MemoryKeyStore;

    /// Poll a future an in-memory store answers at once.
    fn now<F: Future>(f: F) -> F::Output {
        match std::pin::pin!(f).poll(&mut Context::from_waker(std::task::Waker::noop())) {
            Poll::Ready(v) => v,
            Poll::Pending => panic!("an in-memory store answers at once"),
        }
    }

    /// A key is marked used when a request it presents is let through, and only then
    /// (not when the request is refused after the key was found: a scope it lacks).
    #[test]
    fn a_key_is_marked_used_only_when_let_through() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../providers/pixee/pixee.yaml"),
        )
        .expect("spec");
        let spec = auth_spec::load_str("pixee.yaml", &text).unwrap_or_else(|d| panic!("{d}"));
        let store = Arc::new(MemoryKeyStore::new());
        let mut reader = KeyRecord::new("reader", "api_key");
        reader.scopes = Some(vec!["products:read".into()]);
        store.insert(reader, [("key", "pm_live_reader0123456789abcdef")]);
        let mut other = KeyRecord::new("other", "api_key");
        other.scopes = Some(vec!["imports:read".into()]);
        store.insert(other, [("key", "pm_live_other0123456789abcdefg")]);
        let verifier = Verifier::new(spec, store.clone());
        let request = |key: &str| {
            http::Request::builder()
                .uri("/api/v1/products")
                .header("X-API-Key", key)
                .body(Vec::<u8>::new())
                .expect("request")
        };
        let ok = now(verifier.verify_request(&request("pm_live_reader0123456789abcdef")));
        assert_eq!(
            ok.expect("let through")
                .principal
                .map(|p| p.key_id().to_owned()),
            Some("reader".to_owned())
        );
        let refused = now(verifier.verify_request(&request("pm_live_other0123456789abcdefg")));
        assert!(refused.is_err());
        assert!(store.get("reader").and_then(|r| r.last_used).is_some());
        assert!(store.get("other").is_some_and(|r| r.last_used.is_none()));
    }
}
