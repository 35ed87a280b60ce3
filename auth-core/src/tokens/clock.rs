//! A cheap monotonic clock for the cache-hit path.
//!
//! On Linux it reads `CLOCK_MONOTONIC_COARSE` (a few nanoseconds from the vDSO, no
//! hardware counter read); it lags the precise monotonic clock by at most its resolution
//! (one scheduler tick). Deadlines are therefore set [`slack`] early, so a reading that
//! lags can never make a token look fresher than it is. Elsewhere it is `Instant`.

use std::time::Duration;

/// Nanoseconds on the coarse monotonic clock.
#[cfg(target_os = "linux")]
pub(crate) fn now_ns() -> u64 {
    read(libc::CLOCK_MONOTONIC_COARSE).unwrap_or_else(fallback_ns)
}

#[cfg(target_os = "linux")]
fn read(clock: libc::clockid_t) -> Option<u64> {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec; `clock_gettime` only writes into it.
    let rc = unsafe { libc::clock_gettime(clock, &mut ts) };
    if rc != 0 {
        return None;
    }
    let secs = u64::try_from(ts.tv_sec).ok()?;
    let nanos = u64::try_from(ts.tv_nsec).ok()?;
    Some(secs.saturating_mul(1_000_000_000).saturating_add(nanos))
}

/// How much earlier than exact a deadline is set: twice the clock's resolution, and at
/// least a millisecond.
pub(crate) fn slack() -> Duration {
    static SLACK: std::sync::OnceLock<Duration> = std::sync::OnceLock::new();
    *SLACK.get_or_init(|| resolution().saturating_mul(2).max(Duration::from_millis(1)))
}

#[cfg(target_os = "linux")]
fn resolution() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: as above; `clock_getres` only writes into `ts`.
    let rc = unsafe { libc::clock_getres(libc::CLOCK_MONOTONIC_COARSE, &mut ts) };
    if rc != 0 {
        // Unknown: assume the coarsest common tick (100 Hz).
        return Duration::from_millis(10);
    }
    let secs = u64::try_from(ts.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(ts.tv_nsec).unwrap_or(0);
    Duration::new(secs, nanos).max(Duration::from_millis(1))
}

/// The coarse clock could not be read (never seen in practice): the precise one, which
/// never runs behind it.
#[cfg(target_os = "linux")]
fn fallback_ns() -> u64 {
    read(libc::CLOCK_MONOTONIC).unwrap_or(0)
}

#[cfg(not(target_os = "linux"))]
pub(crate) fn now_ns() -> u64 {
    static EPOCH: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let epoch = *EPOCH.get_or_init(std::time::Instant::now);
    u64::try_from(epoch.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

#[cfg(not(target_os = "linux"))]
fn resolution() -> Duration {
    Duration::ZERO
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coarse_clock_is_monotonic_and_close_to_the_precise_one() {
        let start = std::time::Instant::now();
        let a = now_ns();
        std::thread::sleep(Duration::from_millis(30));
        let b = now_ns();
        let real = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        assert!(b >= a);
        let slack = u64::try_from(slack().as_nanos()).unwrap_or(u64::MAX);
        // Lags by at most the slack, never runs ahead by more than it either.
        assert!(b - a + slack >= real, "{} vs {real}", b - a);
        assert!(b - a <= real + slack, "{} vs {real}", b - a);
    }
}
