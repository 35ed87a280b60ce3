//! Random values for everything the sandbox issues (keys, tokens, ids, sessions), from the
//! operating system's generator: a key a sandbox hands out must not be guessable from the
//! ones it handed out before.

const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `n` characters drawn uniformly from `[A-Za-z0-9]`.
///
/// Bytes of 248 and above are dropped (248 = 4 × 62), so every character is equally likely.
/// The OS generator does not fail on the systems this runs on once booted; if it ever did,
/// issuing a predictable secret would be worse than stopping, so this panics then.
pub(crate) fn alphanumeric(n: usize) -> String {
    let mut out = String::with_capacity(n);
    let mut buf = [0u8; 64];
    while out.len() < n {
        if let Err(e) = getrandom::fill(&mut buf) {
            panic!("the operating system's random generator failed: {e}");
        }
        for &b in &buf {
            if b < 248 && out.len() < n {
                out.push(ALPHANUMERIC[usize::from(b % 62)] as char);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphanumeric_values_are_long_enough_and_differ() {
        let a = alphanumeric(32);
        let b = alphanumeric(32);
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(a, b);
        // Every character of the alphabet turns up (not a narrowed range).
        let many = alphanumeric(10_000);
        for c in ALPHANUMERIC {
            assert!(many.as_bytes().contains(c), "{}", *c as char);
        }
    }
}
