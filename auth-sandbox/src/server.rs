//! The sandbox's HTTP/1 server: hyper's connection with hyper's own limits (header read
//! timeout, which is also the idle keep-alive timeout; header size), a semaphore capping
//! open connections, and [`read_body`]'s size and time limits. Only what hyper accepts
//! and should not (a bare LF line ending; `Content-Length` with `Transfer-Encoding`) is
//! checked by hand, in [`crate::framing`].
//!
//! Each limit answers an attack on `serve` (issue 16, item 7): idle or slowloris
//! connections held open until descriptors ran out, a body sent a byte every two seconds,
//! a 10 GB `Content-Length` that made the server wait, request smuggling.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use auth_core::server::{Problem, Verifier};
use axum::extract::ConnectInfo;
use axum::response::Response;
use http::{HeaderValue, StatusCode, header};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::framing::Strict;

/// What one client may hold of the server. The defaults suit a sandbox: a real client
/// sends a request head and a 64 KiB body in milliseconds, and 256 connections stay far
/// below the usual 1,024 descriptor limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServeLimits {
    /// A request head must be complete this long after the server starts waiting for it:
    /// after connecting, or after the previous response on a kept-alive connection (so
    /// this is also the idle timeout). Else the connection is closed (hyper's
    /// `header_read_timeout`).
    pub header_timeout: Duration,
    /// A request body must be complete this long after its head; else 408 and close.
    pub body_timeout: Duration,
    /// Open connections at most; more wait in the listen queue, not yet accepted, until
    /// one closes.
    pub max_connections: usize,
    /// Longest request head (request line and headers, in bytes); longer is 431 (hyper's
    /// `max_header_size`).
    pub max_header_bytes: usize,
    /// Largest request body read; a longer one is 413, at once when `Content-Length`
    /// says so.
    pub max_body_bytes: usize,
}

impl Default for ServeLimits {
    fn default() -> Self {
        ServeLimits {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 256,
            max_header_bytes: 16 * 1024,
            max_body_bytes: crate::BODY_LIMIT,
        }
    }
}

/// Serve `app` on `listener` under `limits` until the future is dropped, which closes
/// every connection it opened.
///
/// Each request carries `ConnectInfo<SocketAddr>` (the peer, as `axum::serve` gives it
/// with connect info) and the `ServeLimits` in its extensions.
pub(crate) async fn serve(
    listener: TcpListener,
    app: axum::Router,
    limits: ServeLimits,
) -> std::io::Result<()> {
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_header_size(limits.max_header_bytes);
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let mut connections = JoinSet::new();
    loop {
        // A free slot first: the connection is not accepted until there is one. Finished
        // connections are reaped meanwhile, so the set stays as small as the cap.
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            Some(_) = connections.join_next() => continue,
        };
        let Ok(permit) = permit else {
            return Ok(());
        };
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) if is_connection_error(&e) => continue,
                Err(e) => {
                    // Out of descriptors or memory: give connections time to close.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            Some(_) = connections.join_next() => continue,
        };
        let _ = stream.set_nodelay(true);
        let io = TokioIo::new(Strict::new(stream, limits.max_header_bytes));
        let app = app.clone();
        let service = hyper::service::service_fn(move |mut req: http::Request<_>| {
            // The strict reader does not follow chunked framing (see `crate::framing`), so
            // no request after a chunked body may be read: answer it, then close.
            let chunked = req.headers().contains_key(header::TRANSFER_ENCODING);
            req.extensions_mut().insert(ConnectInfo(peer));
            req.extensions_mut().insert(limits);
            let answer = tower_service::Service::call(&mut app.clone(), req);
            async move {
                let mut res = answer.await?;
                if chunked {
                    res.headers_mut()
                        .insert(header::CONNECTION, HeaderValue::from_static("close"));
                }
                Ok::<_, Infallible>(res)
            }
        });
        let conn = http.serve_connection(io, service);
        connections.spawn(async move {
            let _ = conn.await;
            drop(permit);
        });
    }
}

/// Errors about one connection, not the listener.
fn is_connection_error(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::ConnectionRefused
            | std::io::ErrorKind::ConnectionAborted
            | std::io::ErrorKind::ConnectionReset
    )
}

/// The request body within the request's [`ServeLimits`] (the defaults when the router
/// runs outside [`serve`]). Refusals are the provider's errors, with `Connection: close`:
/// 413 at once when `Content-Length` is over the size limit (nothing is read), 413 when a
/// body without one passes it, 408 when it is not complete in time, 400 when the client
/// ends it early.
pub(crate) async fn read_body(
    verifier: &Verifier,
    parts: &http::request::Parts,
    body: axum::body::Body,
) -> Result<axum::body::Bytes, Response> {
    let limits = parts
        .extensions
        .get::<ServeLimits>()
        .copied()
        .unwrap_or_default();
    let refuse = |problem, status: Option<StatusCode>| {
        let mut res = verifier.reject(problem).to_response::<axum::body::Body>();
        if let Some(status) = status {
            *res.status_mut() = status;
        }
        res.headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
        res
    };
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limits.max_body_bytes as u64) {
        return Err(refuse(Problem::BodyTooLarge, None));
    }
    let read = Limited::new(body, limits.max_body_bytes).collect();
    match tokio::time::timeout(limits.body_timeout, read).await {
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<LengthLimitError>() => Err(refuse(Problem::BodyTooLarge, None)),
        Ok(Err(_)) => Err(refuse(
            Problem::BadRequest("The request body ended early".to_owned()),
            None,
        )),
        Err(_) => Err(refuse(
            Problem::BadRequest("The request body did not arrive in time".to_owned()),
            Some(StatusCode::REQUEST_TIMEOUT),
        )),
    }
}
