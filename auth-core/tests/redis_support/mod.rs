//! A real Redis for the shared-state tests: the one `.ci/run` starts (`AUTHSPEC_REDIS_URL`,
//! else 127.0.0.1:6379), or a private `redis-server` a test starts, stops and restarts.
//! When Redis is missing the tests fail with the reason; they never skip.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const HOW: &str = "The shared-state tests need a real Redis: `.ci/run` installs Debian's \
                   `redis-server` (apt-get install -y redis-server) and starts it on \
                   127.0.0.1:6379. These tests do not skip.";

/// The shared Redis's URL; panics with the reason when it does not answer.
pub fn url() -> String {
    let url =
        std::env::var("AUTHSPEC_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/".into());
    let addr = url
        .trim_start_matches("redis://")
        .trim_end_matches('/')
        .to_owned();
    if let Err(e) = ping(&addr) {
        panic!("Redis at {addr} does not answer PING ({e}). {HOW}");
    }
    url
}

/// A namespace no other test (or earlier run) uses.
pub fn namespace(test: &str) -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("authspec-test:{test}:{}:{nanos}", std::process::id())
}

/// `PING` over a raw connection: `+PONG` or why not.
pub fn ping(addr: &str) -> Result<(), String> {
    let mut s = TcpStream::connect(addr).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(2)))
        .map_err(|e| e.to_string())?;
    s.write_all(b"PING\r\n").map_err(|e| e.to_string())?;
    let mut buf = [0u8; 7];
    s.read_exact(&mut buf).map_err(|e| e.to_string())?;
    (&buf == b"+PONG\r\n")
        .then_some(())
        .ok_or_else(|| format!("answered {:?}", String::from_utf8_lossy(&buf)))
}

/// One command over a raw connection (RESP), its first reply line(s) as text.
pub fn command(addr: &str, args: &[&str]) -> String {
    let mut s = TcpStream::connect(addr).expect("connect to redis");
    s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let mut out = format!("*{}\r\n", args.len());
    for a in args {
        out.push_str(&format!("${}\r\n{a}\r\n", a.len()));
    }
    s.write_all(out.as_bytes()).unwrap();
    let mut buf = vec![0u8; 1 << 16];
    let n = s.read(&mut buf).unwrap_or(0);
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

/// A private `redis-server` on a free port, with its data in a folder of its own; killed
/// when dropped.
pub struct Server {
    child: Option<Child>,
    pub port: u16,
    dir: PathBuf,
    args: Vec<String>,
}

impl Server {
    /// Started with the append-only file synced on every write: what survives a restart.
    pub fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map(|a| a.port())
            .expect("a free port");
        let dir = std::env::temp_dir().join(namespace("redis").replace(':', "_"));
        std::fs::create_dir_all(&dir).expect("redis data folder");
        let args = [
            "--bind",
            "127.0.0.1",
            "--port",
            &port.to_string(),
            "--dir",
            dir.to_str().expect("utf-8 temp dir"),
            "--appendonly",
            "yes",
            "--appendfsync",
            "always",
            "--save",
            "",
            // For `DEBUG SLEEP`, which stalls the server.
            "--enable-debug-command",
            "yes",
        ]
        .map(str::to_owned)
        .to_vec();
        let mut s = Server {
            child: None,
            port,
            dir,
            args,
        };
        s.run();
        s
    }

    fn run(&mut self) {
        let child = Command::new("redis-server")
            .args(&self.args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start redis-server ({e}). {HOW}"));
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while ping(&self.addr()).is_err() {
            assert!(
                Instant::now() < deadline,
                "redis-server did not start. {HOW}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/", self.port)
    }

    /// Kill it at once (SIGKILL: no chance to save anything more).
    pub fn kill(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start it again on the same port and data folder.
    pub fn restart(&mut self) {
        self.kill();
        self.run();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
