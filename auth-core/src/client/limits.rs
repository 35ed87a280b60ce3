//! Bounds on what the client reads and uses from a server: how much of an error, token or
//! inspected body it reads, which failures are never retried, and which tokens it refuses
//! to send.
//!
//! A success body is never read here: the caller gets the response unread and streams it.
//! The bodies the client must read itself are read once, chunk by chunk, up to a bound;
//! the excess is never read (the connection is dropped instead).

use bytes::{Bytes, BytesMut};
use tokio::time::Instant;

/// How much of an error response's body is read to classify it. Error bodies are short
/// (a code and a message); a provider that answers a 401 with a gigabyte is not read.
pub const ERROR_BODY_LIMIT: usize = 64 * 1024;

/// How much of a token response's body is read. A larger one fails the exchange
/// ([`ExchangeError::BodyTooLarge`](super::ExchangeError::BodyTooLarge)).
pub const TOKEN_BODY_LIMIT: usize = 1024 * 1024;

/// How much of a success body whose status the spec says may report an error (a GraphQL
/// `errors` array) is read to look for one. A larger body is handed over as it came, not
/// inspected: error envelopes are small.
pub const INSPECT_BODY_LIMIT: usize = 1024 * 1024;

/// The longest token the client sends. Tokens are at most a few kilobytes (a JWT with
/// many claims); one longer than this would become a header no server accepts.
pub const TOKEN_LENGTH_LIMIT: usize = 16 * 1024;

/// Why a token a server handed out is refused before it is ever sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenProblem {
    /// Longer than [`TOKEN_LENGTH_LIMIT`].
    #[error("it is {length} bytes long; tokens are at most {limit}")]
    TooLong {
        /// The token's length in bytes.
        length: usize,
        /// The bound.
        limit: usize,
    },
    /// A byte that is not visible ASCII (a space, a control character, a line break, or
    /// anything beyond ASCII), which a header could not carry as it is.
    #[error("byte {at} is not a visible ASCII character")]
    Character {
        /// The offset of the first such byte.
        at: usize,
    },
}

/// Check a token before it is used: at most [`TOKEN_LENGTH_LIMIT`] bytes, all visible
/// ASCII (`!` to `~`). RFC 6750's `b64token` is a subset of that; the wider set admits
/// the tokens providers issue for other places (a query parameter, a cookie).
pub fn check_token(value: &str) -> Result<(), TokenProblem> {
    if value.len() > TOKEN_LENGTH_LIMIT {
        return Err(TokenProblem::TooLong {
            length: value.len(),
            limit: TOKEN_LENGTH_LIMIT,
        });
    }
    match value.bytes().position(|b| !b.is_ascii_graphic()) {
        Some(at) => Err(TokenProblem::Character { at }),
        None => Ok(()),
    }
}

/// What reading a body up to a bound came to.
pub(super) enum End {
    /// The whole body was read.
    Complete,
    /// The body is longer than the bound; the rest was not read.
    TooLarge,
    /// The deadline passed first.
    TimedOut,
    /// The connection failed while reading.
    Failed(reqwest::Error),
}

/// A body read up to a bound.
pub(super) struct Bounded {
    /// What was read: the whole body, or (unless complete) its start, up to one chunk
    /// past the bound.
    pub(super) bytes: Bytes,
    pub(super) end: End,
}

/// Read `resp`'s body chunk by chunk until it ends, passes `limit` bytes, or `until`
/// passes. The response keeps what was not read (see [`prefixed`]).
pub(super) async fn read_bounded(
    resp: &mut reqwest::Response,
    limit: usize,
    until: Instant,
) -> Bounded {
    let mut buf = BytesMut::new();
    let end = loop {
        match tokio::time::timeout_at(until, resp.chunk()).await {
            Err(_) => break End::TimedOut,
            Ok(Err(e)) => break End::Failed(e),
            Ok(Ok(None)) => break End::Complete,
            Ok(Ok(Some(chunk))) => {
                buf.extend_from_slice(&chunk);
                if buf.len() > limit {
                    break End::TooLarge;
                }
            }
        }
    };
    Bounded {
        bytes: buf.freeze(),
        end,
    }
}

/// A response rebuilt from its head, the start of its body already read (`read`), and the
/// rest of the body still unread: the caller streams it as it came.
pub(super) fn prefixed(resp: reqwest::Response, read: Bytes) -> reqwest::Response {
    use reqwest::ResponseBuilderExt as _;
    let url = resp.url().clone();
    let (parts, rest) = http::Response::<reqwest::Body>::from(resp).into_parts();
    let body = reqwest::Body::wrap(Prefixed {
        prefix: (!read.is_empty()).then_some(read),
        rest,
    });
    let mut rebuilt = http::Response::from_parts(parts, body);
    // The URL travels in an extension only reqwest's own builder sets.
    let carrier = http::Response::builder().url(url).body(()).ok();
    if let Some(c) = carrier {
        rebuilt.extensions_mut().extend(c.into_parts().0.extensions);
    }
    reqwest::Response::from(rebuilt)
}

/// A body that yields `prefix`, then whatever `rest` yields.
struct Prefixed {
    prefix: Option<Bytes>,
    rest: reqwest::Body,
}

impl http_body::Body for Prefixed {
    type Data = Bytes;
    type Error = reqwest::Error;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, reqwest::Error>>> {
        if let Some(prefix) = self.prefix.take() {
            return std::task::Poll::Ready(Some(Ok(http_body::Frame::data(prefix))));
        }
        std::pin::Pin::new(&mut self.rest).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.prefix.is_none() && self.rest.is_end_stream()
    }
}

/// Whether a transport failure would fail the same way if the request were sent again:
/// a redirect loop, a request the HTTP layer cannot build, or a response it cannot parse
/// (an oversized or malformed head). Such failures are reported at once, never retried.
pub(super) fn is_deterministic(e: &reqwest::Error) -> bool {
    if e.is_redirect() || e.is_builder() {
        return true;
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if let Some(h) = s.downcast_ref::<hyper::Error>() {
            return h.is_parse();
        }
        source = s.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_bounded_and_visible_ascii() {
        assert_eq!(check_token("eyJhbGciOi.x-y_z~+/=="), Ok(()));
        assert_eq!(check_token("a!#$%&'*:;<>?@[]^`{|}"), Ok(()));
        assert_eq!(
            check_token("tok en"),
            Err(TokenProblem::Character { at: 3 })
        );
        assert_eq!(
            check_token("tok\r\nX-Admin: 1"),
            Err(TokenProblem::Character { at: 3 })
        );
        assert_eq!(check_token("tök"), Err(TokenProblem::Character { at: 1 }));
        assert_eq!(check_token("\x7f"), Err(TokenProblem::Character { at: 0 }));
        let long = "a".repeat(TOKEN_LENGTH_LIMIT + 1);
        assert_eq!(
            check_token(&long),
            Err(TokenProblem::TooLong {
                length: TOKEN_LENGTH_LIMIT + 1,
                limit: TOKEN_LENGTH_LIMIT
            })
        );
        assert_eq!(check_token(&long[1..]), Ok(()));
    }
}
