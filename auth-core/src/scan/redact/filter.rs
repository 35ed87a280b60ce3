//! The first pass over the text: the positions where one of a few short *windows* starts.
//!
//! A window is one to four byte sets (`[kK][eE][yY][:="' \t\\]` for the name `key`), so
//! letter case, `-` and `_`, and a choice of following bytes cost nothing extra. Every
//! position is tested against every window at once:
//!
//! - exactly, by one table per window position that maps a byte to the set of windows
//!   allowing it there (a bit per window): four loads and three ANDs per position;
//! - on x86-64 with AVX2, first 32 positions at a time by nibble tables (the "Teddy"
//!   technique of Hyperscan and the `aho-corasick` crate, here over four positions and in
//!   up to two passes of eight buckets, so that few windows share a bucket): a position
//!   passes when, for some bucket, each of the four bytes has a low and a high nibble
//!   that some window of that bucket allows. Only the positions that pass (a few per
//!   kilobyte of ordinary text) are then tested exactly;
//! - on x86-64 with AVX-512 VBMI, 64 positions at a time by 128-byte tables, one per
//!   window position and pass, looked up by `vpermi2b` with the byte itself: exact byte
//!   sets per bucket (a byte from 0x80 up counts as its low seven bits), so fewer positions
//!   reach the exact test than through nibbles.
//!
//! Without either the exact test runs on every position (about 4x slower, same answers).
//! Which path runs is chosen at run time; the tests run every path the CPU has.

/// One window: the bytes allowed at each of its positions (one to four).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Window(pub Vec<ByteSet>);

/// A set of bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) struct ByteSet(pub [u64; 4]);

impl ByteSet {
    pub(super) const EMPTY: ByteSet = ByteSet([0; 4]);

    pub(super) fn of(bytes: &[u8]) -> Self {
        let mut s = Self::EMPTY;
        for &b in bytes {
            s.insert(b);
        }
        s
    }

    pub(super) fn insert(&mut self, b: u8) {
        self.0[(b >> 6) as usize] |= 1 << (b & 63);
    }

    pub(super) fn contains(&self, b: u8) -> bool {
        self.0[(b >> 6) as usize] & (1 << (b & 63)) != 0
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = u8> + '_ {
        (0..=255u8).filter(|&b| self.contains(b))
    }
}

/// A position where some window starts, with the first 64 windows' bits (so that they
/// are not looked up again).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Hit {
    pub at: usize,
    first: u64,
}

/// Window positions tested.
const WIDTH: usize = 4;

/// Finds where windows start. See the module docs.
#[derive(Debug, Clone)]
pub(super) struct Filter {
    /// `u64` words per set of windows.
    words: usize,
    /// `exact[(k * 256 + byte) * words + w]`: windows allowing `byte` at position `k`.
    exact: Box<[u64]>,
    /// `first[k][byte]`: word 0 of `exact` (the first 64 windows) as fixed rows, so that
    /// testing a position is four loads and three ANDs with no index arithmetic.
    first: Box<[[u64; 256]; WIDTH]>,
    /// `past_end[k * words + w]`: windows shorter than `k + 1` (at the end of the text).
    past_end: Box<[u64]>,
    #[cfg(target_arch = "x86_64")]
    simd: Simd,
}

/// The vector pass a [`Filter`] uses.
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone)]
enum Simd {
    None,
    Avx2(avx2::Teddy),
    Avx512(avx512::Vbmi),
}

/// Which vector pass to build (the best available, or one named by a test).
#[cfg(target_arch = "x86_64")]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Scalar,
    Avx2,
    Avx512,
}

#[cfg(target_arch = "x86_64")]
impl Level {
    /// The best level this CPU runs.
    fn best() -> Self {
        if avx512::available() {
            Level::Avx512
        } else if avx2::available() {
            Level::Avx2
        } else {
            Level::Scalar
        }
    }
}

impl Filter {
    /// A filter for `windows` (each of one to four sets; longer ones are cut to four).
    pub(super) fn new(windows: &[Window]) -> Self {
        #[cfg(target_arch = "x86_64")]
        return Self::with_level(windows, Level::best());
        #[cfg(not(target_arch = "x86_64"))]
        Self::exact_only(windows)
    }

    /// A filter with the vector pass of `level`, when this CPU runs it (else without one).
    #[cfg(target_arch = "x86_64")]
    pub(super) fn with_level(windows: &[Window], level: Level) -> Self {
        let mut f = Self::exact_only(windows);
        f.simd = match level {
            Level::Avx512 => avx512::Vbmi::new(windows).map_or(Simd::None, Simd::Avx512),
            Level::Avx2 => avx2::Teddy::new(windows).map_or(Simd::None, Simd::Avx2),
            Level::Scalar => Simd::None,
        };
        f
    }

    /// A filter by the exact tables alone.
    fn exact_only(windows: &[Window]) -> Self {
        let words = windows.len().div_ceil(64).max(1);
        let mut exact = vec![0u64; WIDTH * 256 * words];
        let mut past_end = vec![0u64; WIDTH * words];
        for (i, win) in windows.iter().enumerate() {
            let (w, bit) = (i / 64, 1u64 << (i % 64));
            for k in 0..WIDTH {
                match win.0.get(k) {
                    Some(set) => {
                        for b in set.iter() {
                            exact[(k * 256 + b as usize) * words + w] |= bit;
                        }
                    }
                    None => {
                        for b in 0..256 {
                            exact[(k * 256 + b) * words + w] |= bit;
                        }
                        past_end[k * words + w] |= bit;
                    }
                }
            }
        }
        let first = Box::new(std::array::from_fn(|k| {
            std::array::from_fn(|b| exact[(k * 256 + b) * words])
        }));
        Filter {
            words,
            first,
            exact: exact.into(),
            past_end: past_end.into(),
            #[cfg(target_arch = "x86_64")]
            simd: Simd::None,
        }
    }

    /// Word `w` of the set of windows starting at `hay[i]`.
    #[inline(always)]
    fn word_at(&self, hay: &[u8], i: usize, w: usize) -> u64 {
        let words = self.words;
        if let Some(b) = hay.get(i..i + WIDTH) {
            self.exact[b[0] as usize * words + w]
                & self.exact[(256 + b[1] as usize) * words + w]
                & self.exact[(512 + b[2] as usize) * words + w]
                & self.exact[(768 + b[3] as usize) * words + w]
        } else {
            let mut m = !0u64;
            for k in 0..WIDTH {
                m &= match hay.get(i + k) {
                    Some(&b) => self.exact[(k * 256 + b as usize) * words + w],
                    None => self.past_end[k * words + w],
                };
            }
            m
        }
    }

    /// The hit at `hay[i]`, if some window starts there.
    #[inline(always)]
    fn hit_at(&self, hay: &[u8], i: usize) -> Option<Hit> {
        let first = match hay.get(i..i + WIDTH) {
            Some(&[a, b, c, d]) => {
                let t = &self.first;
                t[0][a as usize] & t[1][b as usize] & t[2][c as usize] & t[3][d as usize]
            }
            _ => self.word_at(hay, i, 0),
        };
        (first != 0 || (1..self.words).any(|w| self.word_at(hay, i, w) != 0))
            .then_some(Hit { at: i, first })
    }

    /// Call `f` with the index of every window that starts at `hit`.
    #[inline]
    pub(super) fn each_at(&self, hay: &[u8], hit: Hit, mut f: impl FnMut(usize)) {
        let mut m = hit.first;
        for w in 0..self.words {
            if w > 0 {
                m = self.word_at(hay, hit.at, w);
            }
            while m != 0 {
                f(w * 64 + m.trailing_zeros() as usize);
                m &= m - 1;
            }
        }
    }

    /// Append to `hits`, in order, every position in `from..to` where a window starts
    /// (windows may read up to three bytes past `to`, within `hay`).
    pub(super) fn find(&self, hay: &[u8], from: usize, to: usize, hits: &mut Vec<Hit>) {
        let to = to.min(hay.len());
        #[allow(unused_mut)]
        let mut i = from;
        #[cfg(target_arch = "x86_64")]
        match &self.simd {
            Simd::Avx512(v) => i = v.find(self, hay, from, to, hits),
            Simd::Avx2(t) => i = t.find(self, hay, from, to, hits),
            Simd::None => {}
        }
        self.find_exact(hay, i, to, hits);
    }

    /// Push the positions `i + bit` of `bits` (a vector pass's candidates) where a window
    /// starts by the exact tables.
    #[inline]
    fn push_exact(&self, hay: &[u8], i: usize, mut bits: u64, hits: &mut Vec<Hit>) {
        while bits != 0 {
            if let Some(h) = self.hit_at(hay, i + bits.trailing_zeros() as usize) {
                hits.push(h);
            }
            bits &= bits - 1;
        }
    }

    /// [`Filter::find`] by the exact tables alone.
    fn find_exact(&self, hay: &[u8], from: usize, to: usize, hits: &mut Vec<Hit>) {
        for i in from..to {
            if let Some(h) = self.hit_at(hay, i) {
                hits.push(h);
            }
        }
    }
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    //! The AVX2 pass. Its `unsafe` code is the call into code compiled for AVX2 (detected
    //! at run time); its vector loads are `crate::scan::bytes`'s.

    use std::arch::x86_64::*;

    use super::{ByteSet, Filter, Hit, WIDTH, Window, assign};
    use crate::scan::bytes::avx2::load;

    /// Most passes of eight buckets: beyond 16 windows, windows share buckets. With the
    /// thirty-odd windows of the real specs, one pass let about 2.5% of the positions of
    /// the bench corpora through (most then refused by the exact test, a mispredicted
    /// branch each), two passes about 0.5%, four 0.35% for twice the table work.
    const MAX_PASSES: usize = 2;

    /// Nibble tables, each 16 bytes repeated in both lanes: `[pass][position][lo, hi]`.
    #[derive(Debug, Clone)]
    pub(super) struct Teddy {
        tables: Vec<[[Lanes; 2]; WIDTH]>,
    }

    #[derive(Debug, Clone, Copy)]
    #[repr(C, align(32))]
    struct Lanes([u8; 32]);

    impl Teddy {
        /// `None` without AVX2 (or with no window).
        pub(super) fn new(windows: &[Window]) -> Option<Self> {
            if windows.is_empty() || !available() {
                return None;
            }
            let nib: Vec<[(u16, u16); WIDTH]> = windows
                .iter()
                .map(|w| std::array::from_fn(|k| nibbles(w.0.get(k))))
                .collect();
            let buckets = assign(
                &nib,
                8 * MAX_PASSES,
                |a, b| (a.0 | b.0, a.1 | b.1),
                |&(l, h)| breadth(l, h),
            );
            let passes = buckets.len().div_ceil(8);
            let mut tables = vec![[[Lanes([0; 32]); 2]; WIDTH]; passes];
            for (b, members) in buckets.iter().enumerate() {
                let bit = 1u8 << (b % 8);
                let t = &mut tables[b / 8];
                for &m in members {
                    for (k, pos) in t.iter_mut().enumerate() {
                        let (lo, hi) = nibbles(windows[m].0.get(k));
                        for n in 0..16 {
                            if lo & (1 << n) != 0 {
                                pos[0].0[n] |= bit;
                                pos[0].0[n + 16] |= bit;
                            }
                            if hi & (1 << n) != 0 {
                                pos[1].0[n] |= bit;
                                pos[1].0[n + 16] |= bit;
                            }
                        }
                    }
                }
            }
            Some(Teddy { tables })
        }

        /// Push the positions of `from..to` where a window starts, 64 at a time while 67
        /// bytes remain in `hay`; returns where it stopped.
        pub(super) fn find(
            &self,
            f: &Filter,
            hay: &[u8],
            from: usize,
            to: usize,
            hits: &mut Vec<Hit>,
        ) -> usize {
            // SAFETY: `new` returned `Some` only where AVX2 was detected at run time.
            unsafe { find_avx2(&self.tables, f, hay, from, to, hits) }
        }
    }

    /// The low and high nibbles of the bytes of `set` (all of them when there is none), as
    /// bit sets.
    fn nibbles(set: Option<&ByteSet>) -> (u16, u16) {
        let Some(set) = set else {
            return (!0, !0);
        };
        set.iter().fold((0, 0), |(lo, hi), b| {
            (lo | 1 << (b & 15), hi | 1 << (b >> 4))
        })
    }

    /// How many of the 256 bytes pass the nibble test of a bucket at one position: the
    /// sizes of the low and high nibble sets multiplied (for choosing buckets; weighting
    /// the bytes by how often they appear let twice as many positions through here).
    fn breadth(lo: u16, hi: u16) -> f64 {
        f64::from(lo.count_ones()) * f64::from(hi.count_ones())
    }

    /// Whether this CPU runs the AVX2 pass.
    pub(super) fn available() -> bool {
        std::is_x86_feature_detected!("avx2")
    }

    /// The buckets whose nibble tables `t` accept the bytes whose nibbles are `lo`, `hi`.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn lookup(t: &[Lanes; 2], lo: __m256i, hi: __m256i) -> __m256i {
        _mm256_and_si256(
            _mm256_shuffle_epi8(load(&t[0].0, 0), lo),
            _mm256_shuffle_epi8(load(&t[1].0, 0), hi),
        )
    }

    /// The bit of each of the 32 positions of `chunk` where a window may start, by the
    /// nibble tables of every pass.
    #[target_feature(enable = "avx2")]
    #[inline]
    fn candidates(tables: &[[[Lanes; 2]; WIDTH]], chunk: &[u8], at: usize) -> u32 {
        let nib = _mm256_set1_epi8(0x0f);
        let zero = _mm256_setzero_si256();
        let mut lo = [zero; WIDTH];
        let mut hi = [zero; WIDTH];
        for k in 0..WIDTH {
            let v = load(chunk, at + k);
            lo[k] = _mm256_and_si256(v, nib);
            hi[k] = _mm256_and_si256(_mm256_srli_epi16::<4>(v), nib);
        }
        let mut any = zero;
        for t in tables {
            let mut m = lookup(&t[0], lo[0], hi[0]);
            for k in 1..WIDTH {
                m = _mm256_and_si256(m, lookup(&t[k], lo[k], hi[k]));
            }
            any = _mm256_or_si256(any, m);
        }
        !(_mm256_movemask_epi8(_mm256_cmpeq_epi8(any, zero)) as u32)
    }

    #[target_feature(enable = "avx2")]
    fn find_avx2(
        tables: &[[[Lanes; 2]; WIDTH]],
        f: &Filter,
        hay: &[u8],
        from: usize,
        to: usize,
        hits: &mut Vec<Hit>,
    ) -> usize {
        let mut i = from;
        // 64 positions at a time: one test of the loop and one branch for both halves.
        while i + 64 <= to {
            // The 64 positions and the three bytes after them.
            let Some(chunk) = hay.get(i..i + 64 + WIDTH - 1) else {
                break;
            };
            let bits = u64::from(candidates(tables, chunk, 0))
                | u64::from(candidates(tables, chunk, 32)) << 32;
            if bits != 0 {
                f.push_exact(hay, i, bits, hits);
            }
            i += 64;
        }
        i
    }
}

/// How often a byte appears in text (to choose buckets that let few positions through).
#[cfg(target_arch = "x86_64")]
use super::search::weight;

/// Windows into buckets for a vector pass, given each window's per-position sets `sets`
/// (in the pass's own form), how two sets unite and how many bytes a set lets through:
/// each window its own bucket while there are at most `max` windows; beyond, each joins
/// the bucket it widens least. The bucket count is a multiple of eight.
#[cfg(target_arch = "x86_64")]
fn assign<S: Copy + Default>(
    sets: &[[S; WIDTH]],
    max: usize,
    union: impl Fn(S, S) -> S,
    breadth: impl Fn(&S) -> f64,
) -> Vec<Vec<usize>> {
    let n = sets.len();
    let count = n.min(max).div_ceil(8) * 8;
    let mut buckets: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut masks = vec![[S::default(); WIDTH]; count];
    let cost = |m: &[S; WIDTH]| m.iter().map(&breadth).product::<f64>();
    // Most selective first, so that the broad ones gather.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| cost(&sets[a]).total_cmp(&cost(&sets[b])));
    let mut costs = vec![0.0; count];
    for w in order {
        let grow = |i: usize| {
            if buckets[i].is_empty() {
                return 0.0;
            }
            let merged: [S; WIDTH] = std::array::from_fn(|k| union(masks[i][k], sets[w][k]));
            cost(&merged) - costs[i]
        };
        let best = (0..count)
            .map(|i| (i, grow(i)))
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map_or(0, |(i, _)| i);
        buckets[best].push(w);
        for k in 0..WIDTH {
            masks[best][k] = union(masks[best][k], sets[w][k]);
        }
        costs[best] = cost(&masks[best]);
    }
    buckets
}

#[cfg(target_arch = "x86_64")]
mod avx512 {
    //! The AVX-512 VBMI pass: `vpermi2b` looks each byte up in a 128-byte table (the byte's
    //! low seven bits pick the entry), so a table per window position holds, for each byte,
    //! the buckets whose windows allow it there. Unsafe only for the vector loads (in
    //! bounds by construction) and the call into code compiled for AVX-512 (detected at
    //! run time).

    use std::arch::x86_64::*;

    use super::{Filter, Hit, WIDTH, Window, assign, weight};

    /// Most passes of eight buckets. With the thirty-odd windows of the real specs and
    /// buckets chosen by byte frequency, two passes let few other positions through than
    /// real window starts (app_log: 358,300 per 100 MiB for 357,800 starts; the nibble
    /// tables let 882,000 through). Four passes (a bucket per window) were slower: 32
    /// tables no longer stay in registers. One pass is slower (http_dump 46 ms against
    /// 40-42 ms per 100 MiB): the positions it lets through cost more than its four
    /// look-ups save.
    const MAX_PASSES: usize = 2;

    /// One table: for each byte's low seven bits, a bit per bucket of the pass.
    #[derive(Debug, Clone, Copy)]
    #[repr(C, align(64))]
    struct Table([u8; 128]);

    /// The tables, `[pass][position]`.
    #[derive(Debug, Clone)]
    pub(super) struct Vbmi {
        tables: Vec<[Table; WIDTH]>,
    }

    /// Whether this CPU runs the AVX-512 VBMI pass.
    pub(super) fn available() -> bool {
        std::is_x86_feature_detected!("avx512f")
            && std::is_x86_feature_detected!("avx512bw")
            && std::is_x86_feature_detected!("avx512vbmi")
    }

    /// A set of bytes folded to their low seven bits, as two words.
    type Folded = [u64; 2];

    impl Vbmi {
        /// `None` without AVX-512 VBMI (or with no window).
        pub(super) fn new(windows: &[Window]) -> Option<Self> {
            if windows.is_empty() || !available() {
                return None;
            }
            let sets: Vec<[Folded; WIDTH]> = windows
                .iter()
                .map(|w| {
                    std::array::from_fn(|k| match w.0.get(k) {
                        Some(set) => set.iter().fold([0; 2], |mut f, b| {
                            let b = b & 0x7f;
                            f[usize::from(b >> 6)] |= 1 << (b & 63);
                            f
                        }),
                        None => [!0; 2],
                    })
                })
                .collect();
            // How often the bytes of each set of eight folded bytes appear (both bytes that
            // fold to each), so that a set's weight is sixteen look-ups.
            let mut chunk = [[0f64; 256]; 16];
            for (c, sums) in chunk.iter_mut().enumerate() {
                for v in 1..256usize {
                    let b = (c * 8 + v.trailing_zeros() as usize) as u8;
                    sums[v] = sums[v & (v - 1)] + weight(b) + weight(b | 0x80);
                }
            }
            let buckets = assign(
                &sets,
                8 * MAX_PASSES,
                |a, b| [a[0] | b[0], a[1] | b[1]],
                |f| {
                    (0..16)
                        .map(|c| chunk[c][(f[c / 8] >> (8 * (c % 8))) as usize & 0xff])
                        .sum::<f64>()
                },
            );
            let passes = buckets.len().div_ceil(8);
            let mut tables = vec![[Table([0; 128]); WIDTH]; passes];
            for (b, members) in buckets.iter().enumerate() {
                let bit = 1u8 << (b % 8);
                for &m in members {
                    for (k, t) in tables[b / 8].iter_mut().enumerate() {
                        for (e, v) in t.0.iter_mut().enumerate() {
                            if sets[m][k][e >> 6] & (1 << (e & 63)) != 0 {
                                *v |= bit;
                            }
                        }
                    }
                }
            }
            Some(Vbmi { tables })
        }

        /// Push the positions of `from..to` where a window starts, 64 at a time while 67
        /// bytes remain in `hay`; returns where it stopped.
        pub(super) fn find(
            &self,
            f: &Filter,
            hay: &[u8],
            from: usize,
            to: usize,
            hits: &mut Vec<Hit>,
        ) -> usize {
            // SAFETY: `new` returned `Some` only where AVX-512 F, BW and VBMI were detected
            // at run time.
            unsafe {
                match self.tables.as_slice() {
                    [a] => find_vbmi::<1>(&[*a], f, hay, from, to, hits),
                    [a, b] => find_vbmi::<2>(&[*a, *b], f, hay, from, to, hits),
                    // Never more than `MAX_PASSES`: the exact tables take the rest.
                    _ => from,
                }
            }
        }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    #[inline]
    fn load(bytes: &[u8], i: usize) -> __m512i {
        let s = &bytes[i..i + 64];
        // SAFETY: `s` holds 64 readable bytes; the load is unaligned.
        unsafe { _mm512_loadu_si512(s.as_ptr().cast()) }
    }

    #[target_feature(enable = "avx512f,avx512bw,avx512vbmi")]
    fn find_vbmi<const P: usize>(
        tables: &[[Table; WIDTH]; P],
        f: &Filter,
        hay: &[u8],
        from: usize,
        to: usize,
        hits: &mut Vec<Hit>,
    ) -> usize {
        // The tables in registers for the whole loop: `[pass][position][half]`.
        let t: [[[__m512i; 2]; WIDTH]; P] = std::array::from_fn(|p| {
            std::array::from_fn(|k| [load(&tables[p][k].0, 0), load(&tables[p][k].0, 64)])
        });
        // The candidates of up to `STAGE` steps, staged so that no call is made inside the
        // vector loop (a call would clobber the tables' registers: they were reloaded
        // from the stack at every step, sixteen loads per 64 bytes).
        const STAGE: usize = 64;
        let mut staged = [(0usize, 0u64); STAGE];
        // Steps need the three bytes after their 64 positions.
        let to = to.min(hay.len().saturating_sub(WIDTH - 1));
        let mut i = from;
        while i + 64 <= to {
            let mut n = 0;
            while n < STAGE && i + 64 <= to {
                // The 64 positions and the three bytes after them.
                let Some(chunk) = hay.get(i..i + 64 + WIDTH - 1) else {
                    break;
                };
                let v: [__m512i; WIDTH] = std::array::from_fn(|k| load(chunk, k));
                let mut any = _mm512_setzero_si512();
                for tp in &t {
                    let m: [__m512i; WIDTH] =
                        std::array::from_fn(|k| _mm512_permutex2var_epi8(tp[k][0], v[k], tp[k][1]));
                    // m0 & m1 & m2, then & m3, or-ed into `any`.
                    let m012 = _mm512_ternarylogic_epi32::<0x80>(m[0], m[1], m[2]);
                    // any | (m012 & m3)
                    any = _mm512_ternarylogic_epi32::<0xf8>(any, m012, m[3]);
                }
                let bits = _mm512_test_epi8_mask(any, any);
                staged[n] = (i, bits);
                n += usize::from(bits != 0);
                i += 64;
            }
            for &(at, bits) in &staged[..n] {
                f.push_exact(hay, at, bits, hits);
            }
            if n < STAGE && i + 64 <= to {
                // Stopped short of a step (not reached: `to` leaves room for each).
                break;
            }
        }
        i
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn win(parts: &[&[u8]]) -> Window {
        Window(parts.iter().map(|p| ByteSet::of(p)).collect())
    }

    /// Every vector pass this CPU runs, and none.
    #[cfg(target_arch = "x86_64")]
    fn levels() -> Vec<Level> {
        let mut l = vec![Level::Scalar];
        if avx2::available() {
            l.push(Level::Avx2);
        }
        if avx512::available() {
            l.push(Level::Avx512);
        }
        l
    }

    /// Filters for `windows`, one per path (the exact tables alone on other targets).
    fn filters(windows: &[Window]) -> Vec<(String, Filter)> {
        #[cfg(target_arch = "x86_64")]
        return levels()
            .into_iter()
            .map(|l| {
                let f = Filter::with_level(windows, l);
                let built = match (&f.simd, l) {
                    (Simd::None, Level::Scalar) => true,
                    (Simd::Avx2(_), Level::Avx2) => true,
                    (Simd::Avx512(_), Level::Avx512) => true,
                    _ => windows.is_empty(),
                };
                assert!(built, "{l:?} not built");
                (format!("{l:?}"), f)
            })
            .collect();
        #[cfg(not(target_arch = "x86_64"))]
        vec![("exact".to_owned(), Filter::new(windows))]
    }

    /// Where some window starts, by a plain check of every position.
    fn plain(windows: &[Window], hay: &[u8], from: usize, to: usize) -> Vec<usize> {
        (from..to.min(hay.len()))
            .filter(|&i| {
                windows.iter().any(|w| {
                    w.0.iter()
                        .enumerate()
                        .all(|(k, s)| hay.get(i + k).is_some_and(|&b| s.contains(b)))
                })
            })
            .collect()
    }

    /// Each path (AVX-512, AVX2, exact tables alone) agrees with a plain check, at every
    /// position, for many windows (shared buckets) and near the end of the text.
    #[test]
    fn finds_what_a_plain_check_finds() {
        let mut rng = fastrand::Rng::with_seed(5);
        for n in [1usize, 3, 9, 17, 40, 70] {
            let windows: Vec<Window> = (0..n)
                .map(|_| {
                    let len = rng.usize(1..=4);
                    Window(
                        (0..len)
                            .map(|_| {
                                let bytes: Vec<u8> =
                                    (0..rng.usize(1..3)).map(|_| rng.u8(b'a'..b'h')).collect();
                                ByteSet::of(&bytes)
                            })
                            .collect(),
                    )
                })
                .collect();
            let hay: Vec<u8> = (0..3000).map(|_| rng.u8(b'a'..b'j')).collect();
            for (path, f) in filters(&windows) {
                for (from, to) in [(0, hay.len()), (7, 2000), (2990, 3000)] {
                    let mut hits = Vec::new();
                    f.find(&hay, from, to, &mut hits);
                    let hits: Vec<usize> = hits.iter().map(|h| h.at).collect();
                    assert_eq!(
                        hits,
                        plain(&windows, &hay, from, to),
                        "{path}: {n} windows, {from}..{to}"
                    );
                }
            }
        }
    }

    /// A byte set: some bytes, often with their high-bit twin (the AVX-512 tables fold
    /// them together) or another case.
    fn byte_set() -> impl Strategy<Value = ByteSet> {
        proptest::collection::vec(any::<u8>(), 1..4).prop_map(|bs| {
            let mut s = ByteSet::EMPTY;
            for b in bs {
                s.insert(b);
            }
            s
        })
    }

    proptest! {
        /// Every path finds exactly what the plain check finds, for any windows (bytes from
        /// 0x80 up included) over text made of their bytes, their high-bit twins and others.
        #[test]
        fn paths_agree_on_any_windows(
            windows in proptest::collection::vec(
                proptest::collection::vec(byte_set(), 1..=4).prop_map(Window),
                1..40,
            ),
            picks in proptest::collection::vec((any::<u16>(), 0u8..4), 0..600),
            from in 0usize..80,
        ) {
            let alphabet: Vec<u8> = windows
                .iter()
                .flat_map(|w| w.0.iter().flat_map(|s| s.iter().collect::<Vec<_>>()))
                .collect();
            let hay: Vec<u8> = picks
                .iter()
                .map(|&(r, how)| {
                    let b = alphabet[usize::from(r) % alphabet.len()];
                    match how {
                        0 => b ^ 0x80,
                        1 => r as u8,
                        _ => b,
                    }
                })
                .collect();
            let from = from.min(hay.len());
            let want = plain(&windows, &hay, from, hay.len());
            for (path, f) in filters(&windows) {
                let mut hits = Vec::new();
                f.find(&hay, from, hay.len(), &mut hits);
                let hits: Vec<usize> = hits.iter().map(|h| h.at).collect();
                prop_assert_eq!(&hits, &want, "{}", path);
            }
        }
    }

    #[test]
    fn each_at_names_the_windows() {
        let f = Filter::new(&[win(&[b"kK", b"eE", b"yY", b":="]), win(&[b":", b"/", b"/"])]);
        let hay = b"Key= https://x";
        let mut at = Vec::new();
        f.find(hay, 0, hay.len(), &mut at);
        assert_eq!(at.iter().map(|h| h.at).collect::<Vec<_>>(), [0, 10]);
        let mut w = Vec::new();
        f.each_at(hay, at[1], |i| w.push(i));
        assert_eq!(w, [1]);
        // Beyond 64 windows: the later words are looked up too, on every path.
        let mut many: Vec<Window> = (0..69).map(|_| win(&[b"q", b"q"])).collect();
        many[3] = win(&[b"/", b"/"]);
        many.push(win(&[b":", b"/", b"/"]));
        for (path, f) in filters(&many) {
            let mut at = Vec::new();
            f.find(hay, 0, hay.len(), &mut at);
            let mut w = Vec::new();
            for h in at {
                f.each_at(hay, h, |i| w.push((h.at, i)));
            }
            assert_eq!(w, [(10, 69), (11, 3)], "{path}");
        }
    }
}
