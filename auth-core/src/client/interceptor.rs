//! Watching what a client sends and receives: one trait for metering, logging and the
//! CLI's `-v` printer, called for every attempt (the engine's own logins included).

use std::collections::HashMap;
use std::sync::Mutex;

use http::{HeaderMap, Method, StatusCode};

use super::apply::Applied;

/// One attempt a client sent with credentials on it, and its outcome. Holds no secret.
#[derive(Debug, Clone, Copy)]
pub struct Call<'a> {
    /// The provider (spec name).
    pub provider: &'a str,
    /// The credential that authenticated the call.
    pub credential: &'a str,
    /// The request method.
    pub method: &'a Method,
    /// The URL path (no query: it may hold credentials).
    pub path: &'a str,
    /// The response status, or `None` when no response came back.
    pub status: Option<StatusCode>,
    /// The response headers, or `None` when no response came back. They may carry
    /// secrets (`Set-Cookie` of a refresh token): mask before printing.
    pub headers: Option<&'a HeaderMap>,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub attempt: u32,
    /// Whether the provider bills this call (its spec declares `metering`).
    pub metered: bool,
}

/// Told about every attempt a client sends: the request as sent (credentials applied;
/// mask before printing, see [`Applied::secret_fields`]), then its outcome. Both methods
/// do nothing unless implemented.
pub trait Interceptor: Send + Sync {
    /// An attempt is about to be sent.
    fn on_attempt(&self, request: &reqwest::Request, applied: &Applied<'_>) {
        let _ = (request, applied);
    }

    /// An attempt was answered (or failed to be).
    fn on_response(&self, call: &Call<'_>) {
        let _ = call;
    }
}

/// Counts authenticated calls per provider, and how many of them the provider bills.
#[derive(Debug, Default)]
pub struct Meter {
    counts: Mutex<HashMap<String, Counts>>,
}

/// Calls counted for one provider.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Authenticated calls sent.
    pub calls: u64,
    /// Of those, calls the provider bills.
    pub metered: u64,
}

impl Meter {
    /// A meter at zero.
    pub fn new() -> Self {
        Self::default()
    }

    /// The counts for `provider`.
    pub fn counts(&self, provider: &str) -> Counts {
        self.lock().get(provider).copied().unwrap_or_default()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Counts>> {
        // A panic while counting cannot leave the map half-updated; keep counting.
        self.counts.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Interceptor for Meter {
    fn on_response(&self, call: &Call<'_>) {
        let mut map = self.lock();
        let c = match map.get_mut(call.provider) {
            Some(c) => c,
            None => map.entry(call.provider.to_owned()).or_default(),
        };
        c.calls += 1;
        c.metered += u64::from(call.metered);
    }
}
