//! A `tower` layer that verifies every request before the inner service sees it.
//!
//! ```ignore
//! let app = axum::Router::new()
//!     .route("/products", get(|Extension(p): Extension<Principal>| async move { p.key_id().to_owned() }))
//!     .layer(VerifyLayer::new(verifier));
//! ```
//!
//! On success the [`Principal`] (when the operation takes a credential) and the whole
//! [`Verified`] are inserted into the request's extensions. On failure the inner service is
//! not called and the provider-shaped [`Rejection`] is returned.
//!
//! The body is read into memory (up to a limit) only when the spec lets a credential or
//! context value travel in it ([`Verifier::needs_body`]); it is then handed on as
//! `B::from(bytes)`, which is why the body type must be `From<Bytes>` (axum's `Body` and
//! `http_body_util::Full` are).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Bytes;
use http::{Request, Response};
use http_body::Body;
use http_body_util::{BodyExt, Limited};
use tower_layer::Layer;
use tower_service::Service;

use super::{Problem, Verified, Verifier};

/// Largest body [`VerifyLayer`] reads by default (1 MiB); larger ones get 413.
pub const DEFAULT_BODY_LIMIT: usize = 1 << 20;

/// Verifies requests with a [`Verifier`]; see the module docs.
#[derive(Clone, Debug)]
pub struct VerifyLayer {
    verifier: Arc<Verifier>,
    body_limit: usize,
}

impl VerifyLayer {
    /// A layer around `verifier`.
    pub fn new(verifier: impl Into<Arc<Verifier>>) -> Self {
        VerifyLayer {
            verifier: verifier.into(),
            body_limit: DEFAULT_BODY_LIMIT,
        }
    }

    /// Read at most `limit` body bytes (when the body is read at all).
    pub fn body_limit(mut self, limit: usize) -> Self {
        self.body_limit = limit;
        self
    }
}

impl<S> Layer<S> for VerifyLayer {
    type Service = VerifyService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        VerifyService {
            inner,
            verifier: self.verifier.clone(),
            body_limit: self.body_limit,
        }
    }
}

/// The service [`VerifyLayer`] builds.
#[derive(Clone, Debug)]
pub struct VerifyService<S> {
    inner: S,
    verifier: Arc<Verifier>,
    body_limit: usize,
}

impl<S, B, ResBody> Service<Request<B>> for VerifyService<S>
where
    S: Service<Request<B>, Response = Response<ResBody>> + Clone + Send + 'static,
    S::Future: Send + 'static,
    B: Body + From<Bytes> + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    ResBody: From<Bytes>,
{
    type Response = Response<ResBody>;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<B>) -> Self::Future {
        // The clone that was driven to readiness serves this call.
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let verifier = self.verifier.clone();
        let limit = self.body_limit;
        Box::pin(async move {
            let (parts, body) = req.into_parts();
            let (bytes, body) = if verifier.needs_body() {
                match Limited::new(body, limit).collect().await {
                    Ok(collected) => {
                        let bytes = collected.to_bytes();
                        (bytes.clone(), B::from(bytes))
                    }
                    Err(e) => {
                        let problem = if e.is::<http_body_util::LengthLimitError>() {
                            Problem::BodyTooLarge
                        } else {
                            Problem::BadRequest("the request body could not be read".to_owned())
                        };
                        return Ok(verifier.reject(problem).to_response());
                    }
                }
            } else {
                (Bytes::new(), body)
            };
            match verifier
                .verify(&parts.method, &parts.uri, &parts.headers, &bytes)
                .await
            {
                Ok(verified) => {
                    let mut req = Request::from_parts(parts, body);
                    if let Some(p) = &verified.principal {
                        req.extensions_mut().insert(p.clone());
                    }
                    req.extensions_mut().insert::<Verified>(verified);
                    inner.call(req).await
                }
                Err(rejection) => Ok(rejection.to_response()),
            }
        })
    }
}
