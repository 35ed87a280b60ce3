//! Secrets are zeroed when dropped: an allocator that looks at every block as it is freed
//! counts the blocks that still hold a marker secret.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicU8, AtomicUsize, Ordering};

use auth_core::client::tokens::Token;
use auth_core::{Credentials, Secret};

const MARKER: &[u8] = b"ZQXJ-marker-secret-7731";

/// Counts freed blocks that still contain [`MARKER`] (or, when set, the bytes of
/// [`WANTED`]) while watching is on.
struct Watching;

static WATCH: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);
/// Bytes of key material to look for instead of the marker (a slice of a DER private
/// key); read without allocating.
static WANTED: [AtomicU8; 24] = [const { AtomicU8::new(0) }; 24];
static WANTED_ON: AtomicBool = AtomicBool::new(false);

fn contains_wanted(block: &[u8]) -> bool {
    let mut want = [0u8; 24];
    for (w, a) in want.iter_mut().zip(WANTED.iter()) {
        *w = a.load(Ordering::SeqCst);
    }
    block.windows(want.len()).any(|w| w == want)
}

// SAFETY: forwards to the system allocator; before freeing, reads the block it owns.
unsafe impl GlobalAlloc for Watching {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if WATCH.load(Ordering::SeqCst) {
            // SAFETY: the block is still allocated and `layout.size()` bytes long.
            let block = unsafe { std::slice::from_raw_parts(ptr, layout.size()) };
            let hit = if WANTED_ON.load(Ordering::SeqCst) {
                contains_wanted(block)
            } else {
                block.windows(MARKER.len()).any(|w| w == MARKER)
            };
            if hit {
                FOUND.fetch_add(1, Ordering::SeqCst);
            }
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Watching = Watching;

/// The watch is global: the tests of this file take turns (the harness runs them on
/// parallel threads, and one test's frees would count in the other's window).
static TURN: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn turn() -> std::sync::MutexGuard<'static, ()> {
    TURN.lock().unwrap_or_else(|e| e.into_inner())
}

/// A fresh heap string holding the marker (built at run time, not a literal's copy).
fn marked() -> String {
    let mut s = String::from("pm_live_");
    s.push_str(std::str::from_utf8(MARKER).expect("ascii"));
    s
}

/// How many freed blocks still held the marker while `f` ran.
fn leaks(f: impl FnOnce()) -> usize {
    FOUND.store(0, Ordering::SeqCst);
    WATCH.store(true, Ordering::SeqCst);
    f();
    WATCH.store(false, Ordering::SeqCst);
    FOUND.load(Ordering::SeqCst)
}

#[test]
fn dropped_secrets_leave_no_copy_in_freed_memory() {
    let _turn = turn();
    // The detector works: a plain String is freed with the secret still in it.
    let plain = marked();
    assert_eq!(leaks(|| drop(plain)), 1, "the control must be caught");

    let secret = Secret::new(marked());
    assert_eq!(leaks(|| drop(secret)), 0, "Secret");

    let creds =
        Credentials::new()
            .with_key("api_key", marked())
            .with_part("login", "password", marked());
    assert_eq!(leaks(|| drop(creds)), 0, "Credentials");

    let token = Token::new(marked(), None);
    assert_eq!(leaks(|| drop(token)), 0, "Token");

    // A token with the refresh token it came with (RFC 6749 §5.1), and the expired copy
    // kept of it after a rejection.
    let token = Token::new(marked(), None).with_refresh(marked());
    let kept = token.expired();
    assert_eq!(leaks(|| drop(token)), 0, "Token with a refresh token");
    assert_eq!(leaks(|| drop(kept)), 0, "expired copy");
}

/// How many freed blocks still held `wanted` (24 bytes) while `f` ran.
fn leaks_of(wanted: &[u8], f: impl FnOnce()) -> usize {
    for (a, b) in WANTED.iter().zip(wanted) {
        a.store(*b, Ordering::SeqCst);
    }
    WANTED_ON.store(true, Ordering::SeqCst);
    let n = leaks(f);
    WANTED_ON.store(false, Ordering::SeqCst);
    n
}

fn catalogue(name: &str) -> std::sync::Arc<auth_core::spec::Spec> {
    let path = format!(
        "{}/../providers/catalogue/specs/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    std::sync::Arc::new(auth_core::spec::load_file(&path).unwrap_or_else(|e| panic!("{e}")))
}

fn test_key(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/../auth-sandbox/tests/keys/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .expect("test key")
}

/// Sign one request with `creds`, so every key buffer the signer makes has been made.
fn sign_once(spec: std::sync::Arc<auth_core::spec::Spec>, creds: &Credentials, url: &str) {
    let auth = auth_core::Authenticator::new(spec, creds).expect("authenticator");
    let mut req = http::Request::post(url)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(b"a=1".to_vec())
        .expect("request");
    auth.apply(&mut req).expect("signed");
}

#[test]
fn dropped_signing_keys_leave_no_copy_in_freed_memory() {
    let _turn = turn();
    use base64::Engine as _;
    // Kraken: the HMAC key is the base64-decoded private key; its decoded bytes carry the
    // marker, so any plain copy of the key made while signing would be caught.
    let mut raw = marked().into_bytes();
    raw.extend_from_slice(b"-padding-to-a-full-key");
    let private = base64::engine::general_purpose::STANDARD.encode(&raw);
    let kraken = catalogue("kraken");
    let found = leaks(|| {
        let creds = Credentials::new()
            .with_part("api_key", "api_key", "pub")
            .with_part("api_key", "private_key", private.as_str());
        sign_once(
            kraken.clone(),
            &creds,
            "https://api.kraken.com/0/private/Balance",
        );
    });
    assert_eq!(found, 0, "HMAC key");

    // Snowflake (RS256) and Coinbase (ES256): look for private bytes of each key's DER in
    // freed memory, after signing and dropping everything: the end of the RSA key (its
    // CRT coefficient), the EC key's scalar (SEC1, after `30 77 02 01 01 04 20`).
    for (spec, credential, parts, key) in [
        (
            "snowflake",
            "key_pair",
            vec![("jwt_account", "a"), ("user", "u")],
            "rsa_key.p8",
        ),
        (
            "coinbase",
            "cdp_api_key",
            vec![("key_name", "organizations/o/apiKeys/k")],
            "ec_key.pem",
        ),
    ] {
        let pem = test_key(key);
        let der: Vec<u8> = base64::engine::general_purpose::STANDARD
            .decode(
                pem.lines()
                    .filter(|l| !l.starts_with("-----"))
                    .collect::<String>(),
            )
            .expect("PEM body");
        let spec = catalogue(spec);
        let url = if credential == "key_pair" {
            "https://a.snowflakecomputing.com/api/v2/statements"
        } else {
            "https://api.coinbase.com/api/v3/brokerage/accounts"
        };
        let private = if credential == "key_pair" {
            &der[der.len() - 40..der.len() - 16]
        } else {
            &der[7..31]
        };
        let found = leaks_of(private, || {
            let mut creds = Credentials::new().with_part(credential, "private_key", pem.as_str());
            if credential == "key_pair" {
                creds = creds
                    .with_param("account", "a")
                    .with_param("user_agent", "t/1");
            }
            for (p, v) in &parts {
                creds.set_part(credential, *p, *v);
            }
            sign_once(spec.clone(), &creds, url);
        });
        assert_eq!(found, 0, "{key}");
    }
}
