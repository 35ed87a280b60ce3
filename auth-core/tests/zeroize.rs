//! Secrets are zeroed when dropped: an allocator that looks at every block as it is freed
//! counts the blocks that still hold a marker secret.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use auth_core::client::tokens::Token;
use auth_core::{Credentials, Secret};

const MARKER: &[u8] = b"ZQXJ-marker-secret-7731";

/// Counts freed blocks that still contain [`MARKER`] while watching is on.
struct Watching;

static WATCH: AtomicBool = AtomicBool::new(false);
static FOUND: AtomicUsize = AtomicUsize::new(0);

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
            if block.windows(MARKER.len()).any(|w| w == MARKER) {
                FOUND.fetch_add(1, Ordering::SeqCst);
            }
        }
        // SAFETY: same contract as the caller's.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Watching = Watching;

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
