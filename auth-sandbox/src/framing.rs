//! Strict HTTP/1 request framing in front of hyper, for the two things hyper accepts and
//! has no setting to refuse (checked against hyper 1.12 by `tests/serve_limits.rs`):
//!
//! - a bare LF ending a line of the head (httparse, hyper's parser, takes it for CRLF, as
//!   RFC 9112 section 2.2 allows);
//! - `Content-Length` together with `Transfer-Encoding` (hyper reads the latter and closes
//!   the connection after answering; RFC 9112 section 6.3 lets a server refuse it).
//!
//! A proxy in front of the sandbox may read such a request another way, and what one
//! takes for a body the other takes for the next request (request smuggling). So this
//! reader sits between the socket and hyper and holds each request head back until it is
//! complete, then checks it with `httparse`:
//!
//! - a bare LF anywhere in the head, `Content-Length` given twice or not a plain number,
//!   or with `Transfer-Encoding`: hyper is handed a head it cannot parse instead, so it
//!   answers 400 and closes the connection; nothing after it is read;
//! - a head over the size limit is handed on as it is, unchecked, and nothing after it:
//!   hyper, given the same limit, answers 431 and closes;
//! - otherwise the head passes unchanged, then exactly `Content-Length` body bytes, and
//!   the next head is checked the same way. A chunked body and all after it pass through
//!   unchecked, and the server closes the connection after answering it (see
//!   [`crate::server`]), so no head after a chunked body is ever parsed.
//!
//! Timeouts and size limits are hyper's; this reader keeps at most one head (the limit)
//! plus one read in memory.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What hyper is handed in place of a refused head: a request line it cannot parse.
const UNPARSEABLE: &[u8] = b"\0 / HTTP/1.1\r\n\r\n";

/// Header lines the check reads, as many as hyper does by default (more: hyper's 431).
const MAX_HEADERS: usize = 100;

enum State {
    /// Collecting a head (held back until complete).
    Head,
    /// Passing on this many body bytes.
    Body(u64),
    /// A chunked body: everything passes; the connection closes after the response.
    Through,
    /// A head was refused or handed on over the limit: nothing more is read.
    Done,
}

/// A connection whose request heads are checked before hyper sees them.
pub(crate) struct Strict<IO> {
    io: IO,
    state: State,
    /// Longest head, in bytes (hyper's `max_header_size`).
    max_head: usize,
    /// Head bytes received and not yet checked.
    head: Vec<u8>,
    /// Checked bytes not yet handed to hyper, from `at`.
    out: Vec<u8>,
    at: usize,
    /// The client closed its side.
    eof: bool,
}

impl<IO> Strict<IO> {
    pub(crate) fn new(io: IO, max_head: usize) -> Self {
        Strict {
            io,
            state: State::Head,
            max_head,
            head: Vec::new(),
            out: Vec::new(),
            at: 0,
            eof: false,
        }
    }

    /// Take `bytes` from the socket in the current state.
    fn feed(&mut self, bytes: &[u8]) {
        let mut bytes = bytes;
        // What followed a complete head, taken in the state that head set.
        let mut rest: Vec<u8>;
        while !bytes.is_empty() {
            match &mut self.state {
                State::Done => return,
                State::Through => {
                    self.out.extend_from_slice(bytes);
                    return;
                }
                State::Body(left) => {
                    let n = (*left).min(bytes.len() as u64) as usize;
                    self.out.extend_from_slice(&bytes[..n]);
                    *left -= n as u64;
                    if *left == 0 {
                        self.state = State::Head;
                    }
                    bytes = &bytes[n..];
                }
                State::Head => {
                    let before = self.head.len();
                    self.head.extend_from_slice(bytes);
                    // Search from a little before the new bytes: the end may straddle.
                    let from = before.saturating_sub(3);
                    let end = find(&self.head[from..], b"\r\n\r\n").map(|i| from + i + 4);
                    let head_len = end.unwrap_or(self.head.len());
                    // Only the new bytes of the head (never the body after it) are checked.
                    if has_bare_lf(&self.head, before, head_len) {
                        return self.refuse();
                    }
                    if head_len > self.max_head {
                        // Ended or not, hyper refuses it (431).
                        return self.hand_on_oversized(head_len);
                    }
                    let Some(end) = end else { return };
                    rest = self.head.split_off(end);
                    let head = std::mem::take(&mut self.head);
                    match framing(&head) {
                        Framing::Refuse => return self.refuse(),
                        Framing::Length(0) => {}
                        Framing::Length(n) => self.state = State::Body(n),
                        Framing::Chunked => self.state = State::Through,
                    }
                    self.out.extend_from_slice(&head);
                    bytes = &rest;
                }
            }
        }
    }

    fn refuse(&mut self) {
        self.head = Vec::new();
        self.out.extend_from_slice(UNPARSEABLE);
        self.state = State::Done;
    }

    /// Hand on the first `len` bytes of the head, unchecked, and nothing more.
    fn hand_on_oversized(&mut self, len: usize) {
        let mut head = std::mem::take(&mut self.head);
        head.truncate(len);
        self.out.extend_from_slice(&head);
        self.state = State::Done;
    }
}

enum Framing {
    Length(u64),
    Chunked,
    Refuse,
}

/// How the body after `head` (a complete head, CRLF-terminated) is framed.
fn framing(head: &[u8]) -> Framing {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(head) {
        Ok(httparse::Status::Complete(_)) => {}
        // Not ours to judge: hyper parses it the same way and answers 400.
        _ => return Framing::Length(0),
    }
    let mut length: Option<&[u8]> = None;
    let mut chunked = false;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            if length.is_some() || h.value.is_empty() || !h.value.iter().all(u8::is_ascii_digit) {
                return Framing::Refuse;
            }
            length = Some(h.value);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        }
    }
    match (length, chunked) {
        (Some(_), true) => Framing::Refuse,
        (None, true) => Framing::Chunked,
        (None, false) => Framing::Length(0),
        (Some(v), false) => std::str::from_utf8(v)
            .ok()
            .and_then(|s| s.parse().ok())
            .map_or(Framing::Refuse, Framing::Length),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// A `\n` without the `\r` before it, among `bytes[from..to]`.
fn has_bare_lf(bytes: &[u8], from: usize, to: usize) -> bool {
    (from..to).any(|i| bytes[i] == b'\n' && (i == 0 || bytes[i - 1] != b'\r'))
}

impl<IO: AsyncRead + Unpin> AsyncRead for Strict<IO> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = &mut *self;
        loop {
            if this.at < this.out.len() {
                let n = (this.out.len() - this.at).min(buf.remaining());
                buf.put_slice(&this.out[this.at..this.at + n]);
                this.at += n;
                if this.at == this.out.len() {
                    this.out.clear();
                    this.at = 0;
                }
                return Poll::Ready(Ok(()));
            }
            if this.eof || matches!(this.state, State::Done) {
                // End of input for hyper.
                return Poll::Ready(Ok(()));
            }
            let mut chunk = [0u8; 8192];
            let mut read = ReadBuf::new(&mut chunk);
            ready!(Pin::new(&mut this.io).poll_read(cx, &mut read))?;
            let n = read.filled().len();
            if n == 0 {
                // The client is gone; an unfinished head goes with it.
                this.eof = true;
                this.head = Vec::new();
                continue;
            }
            this.feed(&chunk[..n]);
        }
    }
}

impl<IO: AsyncWrite + Unpin> AsyncWrite for Strict<IO> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.io).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: usize = 1024;

    fn through(chunks: &[&[u8]]) -> Vec<u8> {
        let mut s = Strict::new((), LIMIT);
        for c in chunks {
            s.feed(c);
        }
        s.out
    }

    #[test]
    fn passes_clean_requests_with_their_bodies() {
        let a = b"POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc";
        let b = b"GET /b HTTP/1.1\r\nHost: x\r\n\r\n";
        let mut both = a.to_vec();
        both.extend_from_slice(b);
        assert_eq!(through(&[&both]), both);
        // Split anywhere, the same bytes come out.
        for cut in 1..both.len() {
            assert_eq!(through(&[&both[..cut], &both[cut..]]), both, "cut at {cut}");
        }
        // Many pipelined in one read.
        let many = both.repeat(500);
        assert_eq!(through(&[&many]), many);
        // A body may hold bare LFs.
        let c = b"POST /c HTTP/1.1\r\nContent-Length: 4\r\n\r\na\nb\n";
        assert_eq!(through(&[c]), c.to_vec());
    }

    #[test]
    fn refuses_what_could_be_read_two_ways() {
        for bad in [
            &b"GET / HTTP/1.1\nHost: x\n\n"[..],
            b"GET / HTTP/1.1\r\nHost: x\nX: y\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
            b"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nabcde",
            b"POST / HTTP/1.1\r\nContent-Length: +5\r\n\r\nabcde",
        ] {
            assert_eq!(
                through(&[bad]),
                UNPARSEABLE,
                "{:?}",
                String::from_utf8_lossy(bad)
            );
        }
        // A bare LF in a second request, after a clean one, refuses that one.
        let first = b"GET /a HTTP/1.1\r\n\r\n";
        let mut two = first.to_vec();
        two.extend_from_slice(b"GET /b HTTP/1.1\nX: y\n\n");
        let mut want = first.to_vec();
        want.extend_from_slice(UNPARSEABLE);
        assert_eq!(through(&[&two]), want);
    }

    #[test]
    fn hands_on_an_oversized_head_for_hyper_to_refuse_and_reads_no_further() {
        // Without its end, once past the limit.
        let long = vec![b'a'; LIMIT + 10];
        let mut want = b"GET /".to_vec();
        want.extend_from_slice(&long);
        assert_eq!(
            through(&[b"GET /", &long, b"\r\n\r\nGET / HTTP/1.1\r\n\r\n"]),
            want
        );
        // With its end, past the limit.
        let mut head = b"GET /".to_vec();
        head.extend_from_slice(&long);
        head.extend_from_slice(b" HTTP/1.1\r\n\r\n");
        let mut both = head.clone();
        both.extend_from_slice(b"GET / HTTP/1.1\r\n\r\n");
        assert_eq!(through(&[&both]), head);
    }
}
