//! When and how long to wait before trying a request again.
//!
//! Exponential backoff with full jitter (a uniformly random delay up to the exponential
//! cap), bounded in attempts and total time, and a server's reset time when it gives one.
//! Written here rather than taken from a crate: the `backoff` crate is unmaintained
//! (RUSTSEC-2025-0012), and common retry middleware retries POST and ignores
//! `Retry-After`.

use std::time::Duration;

use auth_spec::model::RetryPolicy;
use http::{Method, StatusCode};

/// The policy used when a spec gives none: a few quick tries, never long.
pub fn default_policy() -> RetryPolicy {
    RetryPolicy::DEFAULT
}

/// Why a failed attempt may be tried again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The server answered with this status.
    Status(StatusCode),
    /// The connection could not be made: the request was never sent.
    Connect,
    /// The request may have reached the server (timeout, reset mid-response).
    Transport,
}

/// Whether a request with `method` that failed this way is safe to send again.
///
/// A 429 was refused before any processing, so any method may retry it. Other transient
/// failures retry only idempotent methods: a POST that timed out may have taken effect.
pub fn is_retryable(method: &Method, failure: Failure) -> bool {
    match failure {
        Failure::Connect => true,
        Failure::Status(s) if s == StatusCode::TOO_MANY_REQUESTS => true,
        Failure::Status(s) => {
            matches!(s.as_u16(), 408 | 500 | 502 | 503 | 504) && method.is_idempotent()
        }
        Failure::Transport => method.is_idempotent(),
    }
}

/// The delays of one request's retries under a policy.
#[derive(Debug, Clone)]
pub struct Backoff {
    policy: RetryPolicy,
    attempts: u32,
    waited: Duration,
}

impl Backoff {
    /// A fresh schedule: the first attempt has not been made.
    pub fn new(policy: RetryPolicy) -> Self {
        Self {
            policy,
            attempts: 0,
            waited: Duration::ZERO,
        }
    }

    /// Attempts made so far (counting the first).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Record an attempt; call before each send.
    pub fn record_attempt(&mut self) {
        self.attempts = self.attempts.saturating_add(1);
    }

    /// How long to wait before the next attempt, or `None` when the attempts or the time
    /// budget are spent. `hint` is the server's `Retry-After` or time to reset; it is
    /// honoured (not shortened) when the policy says so, and if it exceeds what is left
    /// of the budget the request is given up rather than retried early.
    pub fn next_delay(&mut self, hint: Option<Duration>) -> Option<Duration> {
        if self.attempts >= self.policy.max_attempts {
            return None;
        }
        let budget = Duration::from_millis(self.policy.max_elapsed_ms).checked_sub(self.waited)?;
        let exp = self
            .policy
            .initial_delay_ms
            .saturating_mul(1u64 << self.attempts.saturating_sub(1).min(32))
            .min(self.policy.max_delay_ms);
        let jittered = Duration::from_millis(fastrand::u64(0..=exp));
        let delay = match hint {
            Some(h) if self.policy.honour_reset => h.max(jittered),
            _ => jittered,
        };
        if delay > budget {
            return None;
        }
        self.waited += delay;
        Some(delay)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 4,
            initial_delay_ms: 100,
            max_delay_ms: 300,
            max_elapsed_ms: 1_000,
            honour_reset: true,
            description: None,
        }
    }

    #[test]
    fn bounded_by_attempts_and_cap() {
        let mut b = Backoff::new(policy());
        let mut delays = Vec::new();
        loop {
            b.record_attempt();
            match b.next_delay(None) {
                Some(d) => delays.push(d),
                None => break,
            }
        }
        assert_eq!(b.attempts(), 4);
        assert_eq!(delays.len(), 3);
        for (i, d) in delays.iter().enumerate() {
            let cap = (100u64 << i).min(300);
            assert!(
                d.as_millis() as u64 <= cap,
                "delay {i} = {d:?} over {cap}ms"
            );
        }
    }

    #[test]
    fn honours_a_reset_hint_and_gives_up_past_the_budget() {
        let mut b = Backoff::new(policy());
        b.record_attempt();
        assert_eq!(
            b.next_delay(Some(Duration::from_millis(700))),
            Some(Duration::from_millis(700))
        );
        b.record_attempt();
        // 700ms of 1000ms spent: a 400ms reset cannot be honoured within the budget.
        assert_eq!(b.next_delay(Some(Duration::from_millis(400))), None);
    }

    #[test]
    fn jitter_is_spread_not_fixed() {
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let mut b = Backoff::new(policy());
            b.record_attempt();
            seen.insert(b.next_delay(None).map(|d| d.as_millis()));
        }
        assert!(
            seen.len() > 20,
            "full jitter should spread delays: {seen:?}"
        );
    }

    #[test]
    fn only_safe_requests_retry() {
        let s = |c| Failure::Status(StatusCode::from_u16(c).expect("status"));
        assert!(is_retryable(&Method::POST, s(429)));
        assert!(!is_retryable(&Method::POST, s(503)));
        assert!(is_retryable(&Method::GET, s(503)));
        assert!(!is_retryable(&Method::GET, s(401)));
        assert!(!is_retryable(&Method::POST, Failure::Transport));
        assert!(is_retryable(&Method::POST, Failure::Connect));
        assert!(is_retryable(&Method::PUT, Failure::Transport));
    }
}
