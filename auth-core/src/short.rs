//! Comparing and copying short byte strings (header names, paths, scope names, keys) in
//! line, in fixed-size pieces.
//!
//! For a runtime length the compiler calls the C library's `memcmp`/`memcpy`, whose call
//! and size dispatch cost more than the work on a few dozen bytes; on a verification's path
//! they were several of its nanoseconds. Neither function depends on the bytes' values
//! for its timing beyond where a comparison stops (as `==` on slices), so nothing here is
//! for secrets that need a constant-time compare.

/// Up to this many bytes are handled here; longer strings go to the library.
const SHORT: usize = 64;

/// The eight bytes of `b` at `at` (which must fit).
#[inline(always)]
fn word(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[at..at + 8]);
    u64::from_ne_bytes(w)
}

/// `a == b`.
#[inline]
pub(crate) fn eq(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    if n > SHORT {
        return a == b;
    }
    if n >= 8 {
        // Eight bytes at a time, the last eight overlapping the one before.
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    let mut diff = 0u8;
    for (x, y) in a.iter().zip(b) {
        diff |= x ^ y;
    }
    diff == 0
}

/// Whether `value` starts with `prefix`.
#[inline]
pub(crate) fn starts_with(value: &[u8], prefix: &[u8]) -> bool {
    value.len() >= prefix.len() && eq(&value[..prefix.len()], prefix)
}

/// Copy `src` to the start of `dst` (which must be at least as long).
#[inline]
pub(crate) fn copy(dst: &mut [u8], src: &[u8]) {
    let n = src.len();
    let dst = &mut dst[..n];
    match n {
        0 => {}
        1..4 => {
            // First, middle and last byte (some the same).
            dst[0] = src[0];
            dst[n / 2] = src[n / 2];
            dst[n - 1] = src[n - 1];
        }
        4..8 => {
            dst[..4].copy_from_slice(&src[..4]);
            dst[n - 4..].copy_from_slice(&src[n - 4..]);
        }
        8..16 => {
            dst[..8].copy_from_slice(&src[..8]);
            dst[n - 8..].copy_from_slice(&src[n - 8..]);
        }
        16..=SHORT => {
            // Sixteen-byte pieces, written out (a loop would be made a `memcpy` call
            // again), the last one overlapping those before.
            dst[..16].copy_from_slice(&src[..16]);
            if n > 32 {
                dst[16..32].copy_from_slice(&src[16..32]);
            }
            if n > 48 {
                dst[32..48].copy_from_slice(&src[32..48]);
            }
            dst[n - 16..].copy_from_slice(&src[n - 16..]);
        }
        _ => dst.copy_from_slice(src),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_the_library_does() {
        let text: Vec<u8> = (0..100u8).map(|i| i.wrapping_mul(37)).collect();
        for n in 0..=80 {
            let a = &text[..n];
            let mut same = a.to_vec();
            assert!(eq(a, &same), "{n}");
            for i in 0..n {
                same[i] ^= 1;
                assert!(!eq(a, &same), "{n} {i}");
                assert!(!starts_with(a, &same), "{n} {i}");
                same[i] ^= 1;
            }
            assert!(!eq(a, &text[..n + 1]));
            assert!(starts_with(&text, a));
            assert_eq!(starts_with(a, &text[..n.min(3) + 1]), n > 3.min(n));
            let mut dst = vec![0xAAu8; n + 5];
            copy(&mut dst, a);
            assert_eq!(&dst[..n], a, "{n}");
            assert!(dst[n..].iter().all(|&b| b == 0xAA), "{n}");
        }
    }
}
