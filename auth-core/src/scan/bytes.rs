//! Byte classes and how far a run of them goes: what key bodies, values and quoted
//! strings are made of. A run is measured 32 bytes at a time on x86-64 with AVX2 (a
//! nibble-table membership test, exact for any set of bytes; the last step overlaps the
//! one before it, so a text of 32 bytes or more is never read a byte at a time), a byte at
//! a time elsewhere and in shorter texts; both give the same answers.

/// A set of bytes, with the tables its vector test needs.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ByteClass {
    member: [bool; 256],
    /// For each low nibble, the high nibbles 0 to 7 that make a member (a bit each); the
    /// 16 bytes twice, one copy per vector lane.
    lo_bits: [u8; 32],
    /// Whether the bytes from 0x80 up are members (all of them or none).
    high: bool,
}

impl ByteClass {
    /// The class of the bytes `member` marks. Bytes from 0x80 up must be all members or
    /// all not (`high` says which, taken from 0x80).
    pub(crate) const fn new(member: [bool; 256]) -> Self {
        let mut lo_bits = [0u8; 32];
        let mut b = 0;
        while b < 128 {
            if member[b] {
                lo_bits[b & 15] |= 1 << (b >> 4);
                lo_bits[16 + (b & 15)] |= 1 << (b >> 4);
            }
            b += 1;
        }
        ByteClass {
            member,
            lo_bits,
            high: member[0x80],
        }
    }

    /// The complement of this class.
    pub(crate) const fn not(self) -> Self {
        let mut member = [false; 256];
        let mut b = 0;
        while b < 256 {
            member[b] = !self.member[b];
            b += 1;
        }
        Self::new(member)
    }

    /// The class of the listed bytes (all below 0x80).
    pub(crate) const fn of(bytes: &[u8]) -> Self {
        let mut member = [false; 256];
        let mut i = 0;
        while i < bytes.len() {
            member[bytes[i] as usize] = true;
            i += 1;
        }
        Self::new(member)
    }

    #[inline(always)]
    pub(crate) fn contains(&self, b: u8) -> bool {
        self.member[b as usize]
    }

    /// Where the run of members starting at `from` ends: the first index at or after
    /// `from` whose byte is not a member, or `text.len()`.
    #[inline]
    pub(crate) fn run(&self, text: &[u8], from: usize) -> usize {
        #[cfg(target_arch = "x86_64")]
        if from < text.len() && text.len() >= 32 && avx2::available() {
            return avx2::run(self, text, from);
        }
        self.run_bytes(text, from)
    }

    /// [`ByteClass::run`] a byte at a time.
    #[inline]
    fn run_bytes(&self, text: &[u8], from: usize) -> usize {
        let mut i = from;
        while text.get(i).is_some_and(|&b| self.member[b as usize]) {
            i += 1;
        }
        i
    }
}

#[cfg(target_arch = "x86_64")]
pub(super) mod avx2 {
    use std::arch::x86_64::*;

    use super::ByteClass;

    #[inline]
    pub(super) fn available() -> bool {
        std::is_x86_feature_detected!("avx2")
    }

    pub(super) fn run(c: &ByteClass, text: &[u8], from: usize) -> usize {
        // SAFETY: `available` said AVX2 is there.
        unsafe { run_avx2(c, text, from) }
    }

    /// A bit for each high nibble 0 to 7; none for 8 to 15 (bytes from 0x80 up); twice.
    static HI_BIT: [u8; 32] = [
        1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 0, 0, 0,
        0, 0, 0, 0, 0,
    ];

    /// The 32 bytes of `bytes` at `i` (a panic if they are not all there): the scanners'
    /// one unaligned AVX2 load.
    #[target_feature(enable = "avx2")]
    #[inline]
    pub(in crate::scan) fn load(bytes: &[u8], i: usize) -> __m256i {
        let s = &bytes[i..i + 32];
        // SAFETY: `s` holds 32 readable bytes; the load is unaligned.
        unsafe { _mm256_loadu_si256(s.as_ptr().cast()) }
    }

    /// The tables of a class's vector test.
    struct Tables {
        lo_bits: __m256i,
        hi_bit: __m256i,
        high: bool,
    }

    /// A bit for each of the 32 bytes `v` that is a member of the class.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn members(t: &Tables, v: __m256i) -> u32 {
        let nib = _mm256_set1_epi8(0x0f);
        let lo = _mm256_and_si256(v, nib);
        let hi = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nib);
        let hit = _mm256_and_si256(
            _mm256_shuffle_epi8(t.lo_bits, lo),
            _mm256_shuffle_epi8(t.hi_bit, hi),
        );
        let mut member =
            !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(hit, _mm256_setzero_si256())) as u32);
        if t.high {
            member |= _mm256_movemask_epi8(v) as u32;
        }
        member
    }

    #[target_feature(enable = "avx2")]
    fn run_avx2(c: &ByteClass, text: &[u8], from: usize) -> usize {
        let t = Tables {
            lo_bits: load(&c.lo_bits, 0),
            hi_bit: load(&HI_BIT, 0),
            high: c.high,
        };
        let mut i = from;
        while i + 32 <= text.len() {
            let member = members(&t, load(text, i));
            if member != u32::MAX {
                return i + (!member).trailing_zeros() as usize;
            }
            i += 32;
        }
        if i >= text.len() {
            return i;
        }
        // The last 32 bytes, overlapping those measured (they count as members): a whole
        // key's tail in one step rather than a byte at a time. `start < i < start + 32`.
        let start = text.len() - 32;
        let member = members(&t, load(text, start)) | ((1u32 << (i - start)) - 1);
        start + (!member).trailing_zeros() as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_agree_with_a_plain_loop() {
        let mut rng = fastrand::Rng::with_seed(9);
        let classes = [
            ByteClass::of(b"abcdefghijklmnopqrstuvwxyz0123456789_-"),
            ByteClass::of(b" \t\"'\\&;,<>()[]{}").not(),
            ByteClass::of(b"0123456789"),
        ];
        for c in &classes {
            for _ in 0..300 {
                let len = rng.usize(0..200);
                let text: Vec<u8> = (0..len)
                    .map(|_| match rng.u8(..10) {
                        0 => rng.u8(..),
                        1 => b' ',
                        _ => rng.alphanumeric() as u8,
                    })
                    .collect();
                let from = rng.usize(0..=len);
                let mut want = from;
                while want < len && c.contains(text[want]) {
                    want += 1;
                }
                assert_eq!(c.run(&text, from), want);
            }
        }
    }
}
