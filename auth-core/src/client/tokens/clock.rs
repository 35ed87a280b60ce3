//! The token cache's clock: a cheap coarse monotonic reading on the hit path, and a manual
//! clock that tests advance by hand (expiry and renewal are checked without sleeping).

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// A coarse clock lags the precise one by at most its tick (1–10 ms on Linux); deadlines
/// are set this much early, so a lagging reading never makes a token look fresher than it is.
pub(crate) const SLACK: Duration = Duration::from_millis(20);

/// Where the token cache reads the time.
#[derive(Clone, Debug, Default)]
pub struct Clock(Source);

#[derive(Clone, Debug, Default)]
enum Source {
    /// The system's coarse monotonic clock and wall clock.
    #[default]
    System,
    /// A clock that moves only when told to.
    Manual(Arc<Manual>),
}

#[derive(Debug)]
struct Manual {
    start: SystemTime,
    elapsed_ns: AtomicU64,
}

/// The handle that moves a manual [`Clock`].
#[derive(Clone, Debug)]
pub struct ManualClock(Arc<Manual>);

impl ManualClock {
    /// Move the clock forward.
    pub fn advance(&self, by: Duration) {
        let ns = u64::try_from(by.as_nanos()).unwrap_or(u64::MAX);
        self.0.elapsed_ns.fetch_add(ns, Ordering::AcqRel);
    }
}

impl Clock {
    /// The system clock (the default).
    pub fn system() -> Self {
        Self(Source::System)
    }

    /// A clock standing at `start` that moves only by [`ManualClock::advance`].
    pub fn manual(start: SystemTime) -> (Self, ManualClock) {
        let m = Arc::new(Manual {
            start,
            elapsed_ns: AtomicU64::new(0),
        });
        (Self(Source::Manual(m.clone())), ManualClock(m))
    }

    /// Whether this is the system clock (which tokio's timers follow).
    pub(crate) fn is_system(&self) -> bool {
        matches!(self.0, Source::System)
    }

    /// Monotonic nanoseconds: cheap, coarse.
    pub(crate) fn now_ns(&self) -> u64 {
        match &self.0 {
            Source::System => coarsetime::Instant::now().as_ticks_ns(),
            Source::Manual(m) => m.elapsed_ns.load(Ordering::Acquire),
        }
    }

    /// The wall-clock time, as token expiries are written.
    pub fn wall(&self) -> SystemTime {
        match &self.0 {
            Source::System => SystemTime::now(),
            Source::Manual(m) => {
                m.start + Duration::from_nanos(m.elapsed_ns.load(Ordering::Acquire))
            }
        }
    }
}

trait TicksNs {
    fn as_ticks_ns(&self) -> u64;
}

impl TicksNs for coarsetime::Instant {
    fn as_ticks_ns(&self) -> u64 {
        coarsetime::Duration::from_ticks(self.as_ticks()).as_nanos()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manual_clock_moves_only_when_told() {
        let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let (clock, hand) = Clock::manual(start);
        assert_eq!(clock.wall(), start);
        let t0 = clock.now_ns();
        hand.advance(Duration::from_secs(5));
        assert_eq!(clock.now_ns() - t0, 5_000_000_000);
        assert_eq!(clock.wall(), start + Duration::from_secs(5));
    }

    #[test]
    fn the_system_clock_is_monotonic_and_close_to_the_precise_one() {
        let c = Clock::system();
        let start = std::time::Instant::now();
        let a = c.now_ns();
        std::thread::sleep(Duration::from_millis(30));
        let b = c.now_ns();
        let real = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        assert!(b >= a);
        // The coarse reading lags by at most the slack deadlines are set early by, and
        // never runs ahead by more than it either.
        let slack = u64::try_from(SLACK.as_nanos()).unwrap_or(u64::MAX);
        assert!(b - a + slack >= real, "{} vs {real}", b - a);
        assert!(b - a <= real + slack, "{} vs {real}", b - a);
    }
}
