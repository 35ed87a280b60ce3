//! Issue 16, item 7: what one client can hold of the sandbox's server, over loopback.
//!
//! Each attack from the issue is replayed on a raw TCP connection. Time runs on tokio's
//! paused clock: the server and the attacker share one runtime, and when both wait, the
//! clock jumps to the next timer, so a 10-second timeout takes no real time and the
//! elapsed (virtual) time says which limit ended the connection.

mod common;

use std::time::Duration;

use auth_sandbox::{Sandbox, ServeLimits};
use common::spec;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;
use tokio::time::Instant;

/// Each limit a different figure, so the time a connection ends names the limit.
const LIMITS: ServeLimits = ServeLimits {
    header_timeout: Duration::from_secs(5),
    body_timeout: Duration::from_secs(8),
    max_connections: 4,
    max_header_bytes: 4096,
    max_body_bytes: 1024,
};

/// Stops the server when the test ends.
struct Server(JoinHandle<std::io::Result<()>>);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.abort();
    }
}

async fn start() -> (String, Server) {
    let sandbox = Sandbox::with_default_keys(spec("pixee")).expect("sandbox");
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr").to_string();
    (
        addr,
        Server(tokio::spawn(sandbox.serve_with(listener, LIMITS))),
    )
}

/// `wait`, given up after ten virtual minutes: a missing limit fails a test, never hangs it.
async fn bounded<T>(what: &str, wait: impl Future<Output = T>) -> T {
    match tokio::time::timeout(Duration::from_secs(600), wait).await {
        Ok(done) => done,
        Err(_) => panic!("{what}: still waiting after ten (virtual) minutes"),
    }
}

/// Everything the server sends until it closes, and when it closed (virtual time since
/// `t0`).
async fn until_closed(s: &mut TcpStream, t0: Instant) -> (String, Duration) {
    let mut out = Vec::new();
    let _ = bounded("the server to close", s.read_to_end(&mut out)).await;
    (String::from_utf8_lossy(&out).into_owned(), t0.elapsed())
}

/// The status of every response in `text`.
fn statuses(text: &str) -> Vec<&str> {
    text.match_indices("HTTP/1.1 ")
        .map(|(i, _)| &text[i + 9..i + 12])
        .collect()
}

const GOOD: &str = "GET /api/v1/products HTTP/1.1\r\nHost: x\r\nX-API-Key: pm_live_sandbox_all_scopes_0001\r\n\r\n";
const LOGIN: &str =
    "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

#[tokio::test(start_paused = true)]
async fn a_connection_that_sends_nothing_is_closed_at_the_header_timeout() {
    let (addr, _server) = start().await;
    let t0 = Instant::now();
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    let (_, took) = until_closed(&mut s, t0).await;
    assert!(
        took >= LIMITS.header_timeout && took < LIMITS.body_timeout,
        "{took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_kept_alive_connection_is_closed_at_the_header_timeout_after_its_last_answer() {
    let (addr, _server) = start().await;
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    // Some time passes before the request: the timeout counts from the answer.
    tokio::time::sleep(LIMITS.header_timeout / 2).await;
    s.write_all(GOOD.as_bytes()).await.expect("write");
    let mut first = [0u8; 12];
    bounded("an answer", s.read_exact(&mut first))
        .await
        .expect("an answer");
    assert_eq!(&first, b"HTTP/1.1 200");
    let t0 = Instant::now();
    let (_, took) = until_closed(&mut s, t0).await;
    assert!(
        took >= LIMITS.header_timeout && took < LIMITS.body_timeout,
        "{took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_header_sent_a_byte_at_a_time_is_cut_off_at_the_header_timeout() {
    let (addr, _server) = start().await;
    let t0 = Instant::now();
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    // Slowloris: a byte of header every 2 s, never the blank line, until the server
    // closes (a write fails or a read ends).
    s.write_all(b"GET /api/v1/products HTTP/1.1\r\nX-Slow: ")
        .await
        .expect("write");
    let mut bytes_sent = 0;
    while t0.elapsed() < Duration::from_secs(600) {
        tokio::time::sleep(Duration::from_secs(2)).await;
        if s.write_all(b"x").await.is_err() {
            break;
        }
        bytes_sent += 1;
        let mut probe = [0u8; 256];
        if let Ok(read) = tokio::time::timeout(Duration::from_millis(1), s.read(&mut probe)).await {
            assert!(!matches!(read, Ok(n) if n > 0 && !probe.starts_with(b"HTTP/1.1 408")));
            break;
        }
    }
    let took = t0.elapsed();
    assert!(
        took >= LIMITS.header_timeout && took <= LIMITS.header_timeout + Duration::from_secs(3),
        "closed after {took:?} and {bytes_sent} bytes"
    );
}

#[tokio::test(start_paused = true)]
async fn a_body_sent_a_byte_at_a_time_gets_408_at_the_body_timeout() {
    let (addr, _server) = start().await;
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    s.write_all(format!("{LOGIN}Content-Length: 100\r\n\r\n{{").as_bytes())
        .await
        .expect("write");
    let t0 = Instant::now();
    // A byte every 2 s: each read is quick, the whole body is not.
    let (mut read, mut write) = s.into_split();
    let drip = tokio::spawn(async move {
        for _ in 0..99 {
            tokio::time::sleep(Duration::from_secs(2)).await;
            if write.write_all(b" ").await.is_err() {
                return;
            }
        }
    });
    let mut out = Vec::new();
    let _ = bounded("the server to close", read.read_to_end(&mut out)).await;
    let took = t0.elapsed();
    drip.abort();
    let text = String::from_utf8_lossy(&out);
    assert_eq!(statuses(&text), ["408"], "{text}");
    assert!(
        took >= LIMITS.body_timeout && took < LIMITS.body_timeout + Duration::from_secs(1),
        "{took:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_huge_content_length_is_413_at_once() {
    let (addr, _server) = start().await;
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    s.write_all(format!("{LOGIN}Content-Length: 10000000000\r\n\r\n{{").as_bytes())
        .await
        .expect("write");
    let t0 = Instant::now();
    let (text, took) = until_closed(&mut s, t0).await;
    assert_eq!(statuses(&text), ["413"], "{text}");
    assert_eq!(
        took,
        Duration::ZERO,
        "answered without waiting for the body"
    );
}

#[tokio::test(start_paused = true)]
async fn a_chunked_body_over_the_limit_is_413() {
    let (addr, _server) = start().await;
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    let chunk = "a".repeat(LIMITS.max_body_bytes / 2 + 1);
    s.write_all(
        format!(
            "{LOGIN}Transfer-Encoding: chunked\r\n\r\n{n:x}\r\n{chunk}\r\n{n:x}\r\n{chunk}\r\n0\r\n\r\n",
            n = chunk.len()
        )
        .as_bytes(),
    )
    .await
    .expect("write");
    let (text, took) = until_closed(&mut s, Instant::now()).await;
    assert_eq!(statuses(&text), ["413"], "{text}");
    assert_eq!(took, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn a_head_over_the_size_limit_is_431() {
    let (addr, _server) = start().await;
    // With its end (and a request after it), and without its end: refused at once either
    // way, and nothing after it is served.
    let big = format!("X-Big: {}\r\n", "b".repeat(LIMITS.max_header_bytes));
    let head = GOOD.replace("Host: x\r\n", &format!("Host: x\r\n{big}"));
    let unended = head.strip_suffix("\r\n").expect("blank line");
    // One byte over, too.
    let over = GOOD.replace(
        "Host: x\r\n",
        &format!(
            "Host: x\r\nX-Over: {}\r\n",
            "o".repeat(LIMITS.max_header_bytes - GOOD.len() - 9)
        ),
    );
    assert_eq!(over.len(), LIMITS.max_header_bytes + 1);
    for req in [
        format!("{head}{GOOD}"),
        unended.to_owned(),
        format!("{over}{GOOD}"),
    ] {
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        s.write_all(req.as_bytes()).await.expect("write");
        let (text, took) = until_closed(&mut s, Instant::now()).await;
        assert_eq!(statuses(&text), ["431"], "{text}");
        assert_eq!(took, Duration::ZERO);
    }
    // A head of exactly the limit is served.
    let extra = "Connection: close\r\nX-Fits: \r\n";
    let fits = extra.replace(
        ": \r",
        &format!(
            ": {}\r",
            "f".repeat(LIMITS.max_header_bytes - GOOD.len() - extra.len())
        ),
    );
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    let req = GOOD.replace("Host: x\r\n", &format!("Host: x\r\n{fits}"));
    assert_eq!(req.len(), LIMITS.max_header_bytes);
    s.write_all(req.as_bytes()).await.expect("write");
    let (text, _) = until_closed(&mut s, Instant::now()).await;
    assert_eq!(statuses(&text), ["200"], "{text}");
}

#[tokio::test(start_paused = true)]
async fn content_length_with_transfer_encoding_is_400_and_nothing_is_smuggled() {
    let (addr, _server) = start().await;
    // A front end that reads Content-Length sees one request; one that reads
    // Transfer-Encoding sees a second one, smuggled in the first one's body.
    let body = format!("0\r\n\r\n{GOOD}");
    for te_first in [false, true] {
        let (a, b) = (
            "Transfer-Encoding: chunked\r\n".to_owned(),
            format!("Content-Length: {}\r\n", body.len()),
        );
        let headers = if te_first { a + &b } else { b + &a };
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        s.write_all(format!("{LOGIN}{headers}\r\n{body}").as_bytes())
            .await
            .expect("write");
        let (text, took) = until_closed(&mut s, Instant::now()).await;
        assert_eq!(statuses(&text), ["400"], "te first: {te_first}: {text}");
        assert_eq!(took, Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn a_bare_lf_is_400_and_nothing_after_it_is_served() {
    let (addr, _server) = start().await;
    for req in [
        GOOD.replace("\r\n", "\n"),
        GOOD.replacen("\r\n", "\n", 2),
        // Where a front end that splits lines only at CRLF sees one header line.
        GOOD.replace("Host: x\r\n", "Host: x\nContent-Length: 0\r\n"),
    ] {
        let mut s = TcpStream::connect(&addr).await.expect("connect");
        // A clean request first: the bare LF in the second is caught all the same.
        s.write_all(format!("{GOOD}{req}{GOOD}").as_bytes())
            .await
            .expect("write");
        let (text, took) = until_closed(&mut s, Instant::now()).await;
        assert_eq!(statuses(&text), ["200", "400"], "{req:?}: {text}");
        assert_eq!(took, Duration::ZERO);
    }
}

#[tokio::test(start_paused = true)]
async fn keep_alive_pipelining_and_chunked_bodies_still_work() {
    let (addr, _server) = start().await;
    let mut s = TcpStream::connect(&addr).await.expect("connect");
    let login = r#"{"email": "you@example.com", "password": "sandbox-password"}"#;
    let sized = format!("{LOGIN}Content-Length: {}\r\n\r\n{login}", login.len());
    let chunked = format!(
        "{LOGIN}Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{login}\r\n0\r\n\r\n",
        login.len()
    );
    // After a chunked body the server closes: the last request is never read.
    s.write_all(format!("{GOOD}{sized}{GOOD}{chunked}{GOOD}").as_bytes())
        .await
        .expect("write");
    let (text, took) = until_closed(&mut s, Instant::now()).await;
    assert_eq!(statuses(&text), ["200", "200", "200", "200"], "{text}");
    assert_eq!(text.matches("access_token").count(), 2, "{text}");
    assert_eq!(took, Duration::ZERO);
}

#[tokio::test(start_paused = true)]
async fn open_connections_are_capped_and_a_queued_client_is_served_once_idle_ones_go() {
    let (addr, _server) = start().await;
    let t0 = Instant::now();
    // Fill every slot with a connection that sends nothing.
    let mut idle = Vec::new();
    for _ in 0..LIMITS.max_connections {
        idle.push(TcpStream::connect(&addr).await.expect("connect"));
    }
    // Let the server accept them before the real client arrives.
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut s = TcpStream::connect(&addr)
        .await
        .expect("queued, not refused");
    s.write_all(GOOD.as_bytes()).await.expect("write");
    let mut buf = [0u8; 12];
    bounded("an answer", s.read_exact(&mut buf))
        .await
        .expect("an answer");
    let took = t0.elapsed();
    assert_eq!(&buf, b"HTTP/1.1 200");
    // Served once the idle connections were closed, not before and not much after.
    assert!(
        took >= LIMITS.header_timeout && took < LIMITS.header_timeout + Duration::from_secs(1),
        "{took:?}"
    );
    for mut c in idle {
        let mut b = [0u8; 1];
        let read = bounded("an idle connection to close", c.read(&mut b)).await;
        assert_eq!(read.ok(), Some(0), "idle connection closed");
    }
}
