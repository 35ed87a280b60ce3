//! How long a client waits: for a connection, for each attempt, and for a whole request
//! (its token, every attempt and the waits between them). A server that never answers,
//! or a token endpoint that never does, fails the request with
//! [`RequestError::Timeout`](super::RequestError::Timeout) rather than stalling it.

use std::fmt;
use std::time::Duration;

use auth_spec::Spec;
use auth_spec::model::Timeouts;
use tokio::time::Instant;

/// Which deadline passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TimeoutKind {
    /// No connection was made in time (so the request was not sent).
    Connect,
    /// An attempt had no response (or its error or token body did not arrive) in time.
    Attempt,
    /// The whole request, its token and retries included, took too long.
    Overall,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Connect => "connecting",
            Self::Attempt => "waiting for the response",
            Self::Overall => "for the whole request (token and retries included)",
        })
    }
}

/// The three deadlines a client keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Deadlines {
    pub(super) connect: Duration,
    pub(super) attempt: Duration,
    pub(super) overall: Duration,
}

impl Deadlines {
    /// The spec's `transport.timeouts`, the engine's defaults where it is silent.
    pub(super) fn of(spec: &Spec) -> Self {
        let t = spec.transport.timeouts.clone().unwrap_or_default();
        Self::from_millis(&t)
    }

    fn from_millis(t: &Timeouts) -> Self {
        Self {
            connect: Duration::from_millis(t.connect()),
            attempt: Duration::from_millis(t.attempt()),
            overall: Duration::from_millis(t.overall()),
        }
    }

    /// The length of the deadline of `kind`.
    pub(super) fn limit(&self, kind: TimeoutKind) -> Duration {
        match kind {
            TimeoutKind::Connect => self.connect,
            TimeoutKind::Attempt => self.attempt,
            TimeoutKind::Overall => self.overall,
        }
    }
}

/// The instant `after` from now; a length too large to add is a year away instead.
pub(super) fn after(after: Duration) -> Instant {
    let now = Instant::now();
    now.checked_add(after)
        .unwrap_or_else(|| now + Duration::from_secs(365 * 24 * 3600))
}

/// Whether waiting `delay` from now still leaves time before `deadline`.
pub(super) fn fits(delay: Duration, deadline: Instant) -> bool {
    Instant::now()
        .checked_add(delay)
        .is_some_and(|t| t < deadline)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_a_careful_callers() {
        let d = Deadlines::from_millis(&Timeouts::default());
        assert_eq!(d.connect, Duration::from_secs(10));
        assert_eq!(d.attempt, Duration::from_secs(30));
        assert_eq!(d.overall, Duration::from_secs(120));
        let some = Timeouts {
            attempt_ms: Some(5_000),
            ..Timeouts::default()
        };
        let d = Deadlines::from_millis(&some);
        assert_eq!(d.attempt, Duration::from_secs(5));
        assert_eq!(d.connect, Duration::from_secs(10));
    }

    #[tokio::test]
    async fn a_huge_length_is_far_away_not_a_panic() {
        let far = after(Duration::MAX);
        assert!(far > Instant::now() + Duration::from_secs(3600));
        assert!(!fits(Duration::MAX, far));
        assert!(fits(Duration::from_secs(1), far));
    }
}
