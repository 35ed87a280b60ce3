//! Short-lived tokens: cached per provider, credential and subject, reused until shortly
//! before they expire, renewed by exactly one exchange however many requests wait.

mod clock;
mod store;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Generations of cached tokens, process-wide: each stored token gets a new one.
static GENERATION: AtomicU64 = AtomicU64::new(1);

/// How often a process waiting for another's exchange (a shared store's lock) looks for
/// the token.
const LEASE_POLL: Duration = Duration::from_millis(20);

use tokio::sync::watch;

pub use clock::{Clock, ManualClock};
pub use store::{Lease, MemoryStore, StoreError, StoreFuture, TokenStore};

use super::error::ExchangeError;
use super::read_mostly::ReadMostly;
use crate::Secret;

/// Which token: provider, credential, and the subject it was issued for (Weavy's `uid`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TokenKey {
    /// Provider (spec name).
    pub provider: Arc<str>,
    /// Credential name in the spec (`jwt`, `user_token`).
    pub credential: Arc<str>,
    /// The subject, for tokens issued per user.
    pub subject: Option<Arc<str>>,
}

impl TokenKey {
    /// A key.
    pub fn new(provider: &str, credential: &str, subject: Option<&str>) -> Self {
        Self {
            provider: provider.into(),
            credential: credential.into(),
            subject: subject.map(Into::into),
        }
    }
}

/// A token and when it stops being valid, with what came with it.
///
/// Plain data (a [`Secret`], times, strings), so a shared [`TokenStore`] (Redis) can hold
/// it: the secrets are masked in `Debug` and zeroed when dropped; the serialised form
/// carries them in plain text and is for such stores only, never for logs.
#[derive(Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    /// The token itself.
    pub value: Secret,
    /// When the provider stops accepting it; `None` when it did not say (the token is then
    /// used until it is rejected).
    pub expires_at: Option<SystemTime>,
    /// The refresh token that came with it (RFC 6749 §5.1), for the refresh that renews
    /// it. A provider that rotates refresh tokens hands out a new one with every token, and
    /// the new token replaces the old one whole, so the old refresh token is never sent
    /// again.
    pub refresh: Option<Secret>,
    /// The token type the provider gave (`bearer`), when it gave one.
    pub token_type: Option<String>,
    /// Context values the response set, by parameter name (an instance URL the base URL
    /// template names).
    pub params: Vec<(String, String)>,
}

impl Token {
    /// A token valid for `lifetime` from now (`None`: no known expiry).
    pub fn new(value: impl Into<Secret>, lifetime: Option<Duration>) -> Self {
        Self::at(value, lifetime, SystemTime::now())
    }

    /// A token valid for `lifetime` from `now` (as the cache's [`Clock`] tells it).
    pub fn at(value: impl Into<Secret>, lifetime: Option<Duration>, now: SystemTime) -> Self {
        Self {
            value: value.into(),
            expires_at: lifetime.and_then(|l| now.checked_add(l)),
            refresh: None,
            token_type: None,
            params: Vec::new(),
        }
    }

    /// The same token with the refresh token that came with it.
    pub fn with_refresh(mut self, refresh: impl Into<Secret>) -> Self {
        self.refresh = Some(refresh.into());
        self
    }

    /// A copy that no longer counts as valid, keeping what renews it (its refresh token):
    /// what is kept of a token the provider rejected.
    pub fn expired(&self) -> Self {
        Self {
            expires_at: Some(UNIX_EPOCH),
            ..self.clone()
        }
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("value", &self.value)
            .field("expires_at", &self.expires_at)
            .field("refresh", &self.refresh)
            .field("token_type", &self.token_type)
            .field("params", &self.params)
            .finish()
    }
}

type Outcome = Result<Arc<Token>, Arc<ExchangeError>>;

/// The cached token with the coarse-clock instant until which it counts as fresh (its
/// expiry less the margin and the clock's slack), computed once when it is stored so a
/// hit reads one cheap clock and compares two integers.
struct Entry {
    token: Arc<Token>,
    fresh_until_ns: u64,
    generation: u64,
    /// How a hit learns that the token entered its margin.
    freshness: Freshness,
    /// Set by a timer when the token enters its margin (see [`Freshness::Timer`]).
    stale: AtomicBool,
}

/// How a hit tells that a token is still fresh.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Freshness {
    /// No known expiry: fresh until the provider rejects it.
    Always,
    /// A timer on the runtime that stored the token marks it stale when it enters its
    /// margin, so a hit reads one flag rather than a clock. Timers never fire early; one
    /// that fires late leaves the token in use a little into its margin (which exists for
    /// that), and a provider's 401 still renews it.
    Timer,
    /// No runtime to run a timer, or a manual clock: every hit reads the clock.
    Clock,
}

impl Entry {
    #[inline]
    fn is_fresh(&self, clock: &Clock) -> bool {
        match self.freshness {
            Freshness::Always => true,
            Freshness::Timer => !self.stale.load(Ordering::Relaxed),
            Freshness::Clock => clock.now_ns() < self.fresh_until_ns,
        }
    }
}

/// Per-key state: the current token, the exchange in flight, and when the next exchange
/// may start after a failure the provider asked us to back off from.
struct Slot {
    current: ReadMostly<Option<Arc<Entry>>>,
    flight: Mutex<Option<watch::Receiver<Option<Outcome>>>>,
    not_before_ms: AtomicU64,
}

impl Slot {
    fn new() -> Self {
        Self {
            current: ReadMostly::new(None),
            flight: Mutex::new(None),
            not_before_ms: AtomicU64::new(0),
        }
    }
}

/// A cache of tokens in front of a [`TokenStore`].
pub struct TokenCache {
    slots: Mutex<HashMap<TokenKey, Arc<Slot>>>,
    store: Arc<dyn TokenStore>,
    margin: Duration,
    clock: Clock,
}

impl Default for TokenCache {
    fn default() -> Self {
        Self::new(Arc::new(MemoryStore::new()))
    }
}

impl std::fmt::Debug for TokenCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenCache")
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl TokenCache {
    /// Renew tokens this long before they expire, so none is sent about to lapse.
    pub const DEFAULT_MARGIN: Duration = Duration::from_secs(30);

    /// A cache over `store`, with the default margin.
    pub fn new(store: Arc<dyn TokenStore>) -> Self {
        Self {
            slots: Mutex::new(HashMap::new()),
            store,
            margin: Self::DEFAULT_MARGIN,
            clock: Clock::system(),
        }
    }

    /// Read the time from `clock` (a manual one in tests).
    pub fn with_clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// The clock the cache reads.
    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    /// Renew tokens `margin` before they expire.
    pub fn with_margin(mut self, margin: Duration) -> Self {
        self.margin = margin;
        self
    }

    /// The handle for `key`. Hold it: its reads skip the map (and its lock) entirely.
    pub fn handle(&self, key: TokenKey) -> TokenHandle {
        self.handle_with_margin(key, None)
    }

    /// As [`TokenCache::handle`], renewing `margin` before expiry rather than the cache's
    /// margin (a spec's `renew_before_seconds`).
    pub fn handle_with_margin(&self, key: TokenKey, margin: Option<Duration>) -> TokenHandle {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(|e| e.into_inner());
            slots
                .entry(key.clone())
                .or_insert_with(|| Arc::new(Slot::new()))
                .clone()
        };
        TokenHandle {
            key,
            slot,
            store: self.store.clone(),
            margin_ms: u64::try_from(margin.unwrap_or(self.margin).as_millis()).unwrap_or(u64::MAX),
            clock: self.clock.clone(),
        }
    }
}

/// One key's token: read it, renew it (single-flight), or drop it after a rejection.
#[derive(Clone)]
pub struct TokenHandle {
    key: TokenKey,
    slot: Arc<Slot>,
    store: Arc<dyn TokenStore>,
    margin_ms: u64,
    clock: Clock,
}

fn ms(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

impl TokenHandle {
    /// The key this handle serves.
    pub fn key(&self) -> &TokenKey {
        &self.key
    }

    fn now_ms(&self) -> u64 {
        ms(self.clock.wall())
    }

    fn is_fresh(&self, t: &Token, now: u64) -> bool {
        t.expires_at
            .is_none_or(|e| now.saturating_add(self.margin_ms) < ms(e))
    }

    /// The cache entry for `token`: fresh until its expiry less the margin, on the coarse
    /// clock, set early by the clock's slack (so a lagging reading errs towards renewal).
    fn entry(&self, token: Arc<Token>) -> Arc<Entry> {
        let fresh_until_ns = match token.expires_at {
            None => u64::MAX,
            Some(e) => {
                let left = e
                    .duration_since(self.clock.wall())
                    .unwrap_or(Duration::ZERO);
                let keep = Duration::from_millis(self.margin_ms).saturating_add(clock::SLACK);
                match left.checked_sub(keep) {
                    // Within the margin already: never fresh.
                    None => 0,
                    Some(d) => self
                        .clock
                        .now_ns()
                        .saturating_add(u64::try_from(d.as_nanos()).unwrap_or(u64::MAX)),
                }
            }
        };
        let runtime = tokio::runtime::Handle::try_current().ok();
        let freshness = match (token.expires_at, &runtime) {
            (None, _) => Freshness::Always,
            (Some(_), Some(_)) if self.clock.is_system() => Freshness::Timer,
            _ => Freshness::Clock,
        };
        let entry = Arc::new(Entry {
            token,
            fresh_until_ns,
            generation: GENERATION.fetch_add(1, Ordering::Relaxed),
            freshness,
            stale: AtomicBool::new(false),
        });
        if let (Freshness::Timer, Some(rt)) = (freshness, runtime) {
            let left = Duration::from_nanos(fresh_until_ns.saturating_sub(self.clock.now_ns()));
            if left.is_zero() {
                entry.stale.store(true, Ordering::Relaxed);
            } else {
                let weak = Arc::downgrade(&entry);
                // The deadline is fixed now, not when the task first runs.
                let deadline = tokio::time::Instant::now() + left;
                rt.spawn(async move {
                    tokio::time::sleep_until(deadline).await;
                    if let Some(e) = weak.upgrade() {
                        e.stale.store(true, Ordering::Relaxed);
                    }
                });
            }
        }
        entry
    }

    fn store_current(&self, token: Arc<Token>) {
        self.slot.current.store(Some(self.entry(token)));
    }

    /// The cached token if it is still fresh (not within the margin of its expiry).
    ///
    /// Takes a reference count on the token (a write to memory all readers share); the
    /// client's hit path uses [`TokenHandle::with_current`].
    pub fn current(&self) -> Option<Arc<Token>> {
        self.with_current(|_, t| t.clone())
    }

    /// Run `f` on the fresh cached token (and its generation: a number that changes
    /// whenever the token does) without taking a reference count: the client's hit path.
    /// It reads an `arc-swap` slot and a flag (see `Freshness`) and writes nothing other
    /// threads read, so concurrent readers do not contend.
    #[inline]
    pub fn with_current<R>(&self, f: impl FnOnce(u64, &Arc<Token>) -> R) -> Option<R> {
        self.slot.current.read(|e| match e.as_deref() {
            Some(e) if e.is_fresh(&self.clock) => Some(f(e.generation, &e.token)),
            _ => None,
        })
    }

    /// Put a token in the cache (one obtained outside the cache, or a rotated one).
    pub async fn set(&self, token: Token) {
        self.set_arc(Arc::new(token)).await;
    }

    /// As [`TokenHandle::set`], for a token already shared.
    pub async fn set_arc(&self, token: Arc<Token>) {
        self.store_current(token.clone());
        self.store.save(&self.key, token).await;
    }

    /// Forget `rejected` after the provider refused it; a token that has already replaced
    /// it is kept, so a late 401 cannot throw away a fresh token.
    pub async fn invalidate(&self, rejected: &Arc<Token>) {
        self.invalidate_where(|e| Arc::ptr_eq(&e.token, rejected))
            .await;
    }

    /// As [`TokenHandle::invalidate`], for the token of generation `generation` (as
    /// [`TokenHandle::with_current`] reported it).
    pub async fn invalidate_generation(&self, generation: u64) {
        self.invalidate_where(|e| e.generation == generation).await;
    }

    async fn invalidate_where(&self, rejected: impl Fn(&Entry) -> bool) {
        let Some(entry) = self.slot.current.load().filter(|e| rejected(e)) else {
            return;
        };
        // A token that came with a refresh token is kept, expired: the refresh token is
        // what renews it, and with a provider that rotates them it may be the only one
        // left. Anything else is forgotten.
        let kept = entry
            .token
            .refresh
            .is_some()
            .then(|| Arc::new(entry.token.expired()));
        let replacement = kept.as_ref().map(|t| self.entry(t.clone()));
        if self.slot.current.replace(&Some(entry.clone()), replacement) {
            match kept {
                Some(t) => self.store.save(&self.key, t).await,
                None => self.store.remove(&self.key).await,
            }
        }
    }

    /// The fresh token, or the result of `fetch` run once for everyone waiting.
    ///
    /// However many callers arrive while a token is missing or stale, exactly one runs
    /// `fetch`; the rest wait and receive its result, success or failure. A failure is not
    /// cached: the next caller starts a new exchange, no earlier than the provider's
    /// `retry_after` if it gave one. A cancelled leader hands over to a waiter.
    pub async fn get_or_fetch<F, Fut>(&self, fetch: F) -> Result<Arc<Token>, Arc<ExchangeError>>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Token, ExchangeError>>,
    {
        self.get_or_renew(|_| fetch()).await
    }

    /// As [`TokenHandle::get_or_fetch`], handing `fetch` the token being replaced (stale,
    /// or rejected and kept for its refresh token), as the store has it at that moment:
    /// what a refresh sends. Only the one caller that fetches sees it, and the token it
    /// returns is stored before any other caller can start a fetch, so a refresh token is
    /// presented once however many callers wait.
    pub async fn get_or_renew<F, Fut>(&self, fetch: F) -> Result<Arc<Token>, Arc<ExchangeError>>
    where
        F: FnOnce(Option<Arc<Token>>) -> Fut,
        Fut: std::future::Future<Output = Result<Token, ExchangeError>>,
    {
        let mut fetch = Some(fetch);
        loop {
            if let Some(t) = self.current() {
                return Ok(t);
            }
            let (mut rx, leader) = {
                let mut flight = self.slot.flight.lock().unwrap_or_else(|e| e.into_inner());
                // Checked again under the lock: a leader stores its token before it
                // clears the flight, so a token that just arrived is seen here.
                if let Some(t) = self.current() {
                    return Ok(t);
                }
                match flight.as_ref() {
                    Some(rx) => (rx.clone(), None),
                    None => {
                        let (tx, rx) = watch::channel(None);
                        *flight = Some(rx.clone());
                        (rx, Some(tx))
                    }
                }
            };
            if let Some(tx) = leader {
                let guard = ClearFlight {
                    handle: self,
                    rx: rx.clone(),
                };
                let outcome = match fetch.take() {
                    Some(f) => self.lead(f).await,
                    // A caller leads at most once (it returns right after), so this is
                    // never reached; answer rather than panic if it were.
                    None => Err(Arc::new(ExchangeError::Other {
                        message: "token exchange could not be started".into(),
                        retry_after: None,
                    })),
                };
                // The token (if any) is stored before the flight is cleared, and the
                // flight is cleared before waiters are woken.
                drop(guard);
                tx.send_replace(Some(outcome.clone()));
                return outcome;
            }
            match rx.wait_for(Option::is_some).await {
                Ok(v) => {
                    if let Some(outcome) = v.as_ref() {
                        return outcome.clone();
                    }
                }
                // The leader was cancelled before finishing: try again (maybe as leader).
                Err(_) => continue,
            }
        }
    }

    async fn lead<F, Fut>(&self, fetch: F) -> Outcome
    where
        F: FnOnce(Option<Arc<Token>>) -> Fut,
        Fut: std::future::Future<Output = Result<Token, ExchangeError>>,
    {
        // A token another process stored (shared stores) saves an exchange.
        if let Some(t) = self.stored().await {
            return Ok(t);
        }
        // One exchange per token across every process sharing the store: the one that
        // holds the store's lock runs it, the others wait for the token it stores (or for
        // its lock to lapse, if it died holding it).
        let lease = loop {
            match self.store.lock(&self.key).await {
                Ok(Lease::Busy) => {
                    tokio::time::sleep(LEASE_POLL).await;
                    if let Some(t) = self.stored().await {
                        return Ok(t);
                    }
                }
                Ok(lease) => break lease,
                Err(error) => {
                    tracing::warn!(
                        provider = %self.key.provider,
                        credential = %self.key.credential,
                        %error,
                        "token store unavailable: exchanging without the shared lock; \
                         this process serves the token from its own cache"
                    );
                    break Lease::Local;
                }
            }
        };
        // Stored by the holder before ours just as we took the lock: fresh, it is the
        // token; stale, it is what is renewed (its refresh token is the newest: another
        // process may have rotated it), else the one in memory.
        let stored = self.store.load(&self.key).await;
        if let Some(t) = &stored
            && self.is_fresh(t, self.now_ms())
        {
            self.store.unlock(&self.key, lease).await;
            self.store_current(t.clone());
            return Ok(t.clone());
        }
        let previous = stored.or_else(|| self.slot.current.load().map(|e| e.token.clone()));
        let outcome = self.exchange(fetch, previous).await;
        self.store.unlock(&self.key, lease).await;
        outcome
    }

    /// A fresh token from the store, now also this handle's current one.
    async fn stored(&self) -> Option<Arc<Token>> {
        let t = self.store.load(&self.key).await?;
        if !self.is_fresh(&t, self.now_ms()) {
            return None;
        }
        self.store_current(t.clone());
        Some(t)
    }

    /// Run the exchange (after any wait a refusal asked for), renewing `previous`.
    async fn exchange<F, Fut>(&self, fetch: F, previous: Option<Arc<Token>>) -> Outcome
    where
        F: FnOnce(Option<Arc<Token>>) -> Fut,
        Fut: std::future::Future<Output = Result<Token, ExchangeError>>,
    {
        let wait = self
            .slot
            .not_before_ms
            .load(Ordering::Acquire)
            .saturating_sub(self.now_ms());
        if wait > 0 {
            tokio::time::sleep(Duration::from_millis(wait)).await;
        }
        match fetch(previous).await {
            Ok(token) => {
                let token = Arc::new(token);
                self.store_current(token.clone());
                self.slot.not_before_ms.store(0, Ordering::Release);
                self.store.save(&self.key, token.clone()).await;
                Ok(token)
            }
            Err(e) => {
                let until = e.retry_after().map_or(0, |d| {
                    self.now_ms()
                        .saturating_add(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
                });
                self.slot.not_before_ms.store(until, Ordering::Release);
                Err(Arc::new(e))
            }
        }
    }
}

/// Clears the in-flight marker if the leader's future is dropped mid-exchange, so waiters
/// (whose receivers then error) can elect a new leader instead of waiting forever.
/// Only the leader's own flight is cleared, never one a later leader started.
struct ClearFlight<'a> {
    handle: &'a TokenHandle,
    rx: watch::Receiver<Option<Outcome>>,
}

impl Drop for ClearFlight<'_> {
    fn drop(&mut self) {
        let mut flight = self
            .handle
            .slot
            .flight
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        if flight.as_ref().is_some_and(|f| f.same_channel(&self.rx)) {
            *flight = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn handle(margin: Duration) -> (TokenHandle, ManualClock) {
        let (clock, hand) = Clock::manual(SystemTime::now());
        let h = TokenCache::default()
            .with_margin(margin)
            .with_clock(clock)
            .handle(TokenKey::new("p", "jwt", None));
        (h, hand)
    }

    /// Whether the handle has a fresh token; both ways of reading it must agree.
    fn fresh(h: &TokenHandle) -> bool {
        let a = h.with_current(|_, t| t.value.expose().to_owned());
        let b = h.current().map(|t| t.value.expose().to_owned());
        assert_eq!(a, b, "current and with_current disagree");
        a.is_some()
    }

    #[tokio::test]
    async fn a_token_within_the_margin_is_never_fresh() {
        let margin = Duration::from_secs(30);
        let (h, _) = handle(margin);
        assert!(!fresh(&h), "empty cache");
        let now = h.clock.wall();
        h.set(Token::at("no-expiry", None, now)).await;
        assert!(fresh(&h));
        h.set(Token::at(
            "long",
            Some(margin + Duration::from_secs(10)),
            now,
        ))
        .await;
        assert!(fresh(&h));
        for lifetime in [
            Duration::ZERO,
            Duration::from_secs(1),
            margin - Duration::from_millis(1),
            margin,
        ] {
            h.set(Token::at("short", Some(lifetime), now)).await;
            assert!(!fresh(&h), "lifetime {lifetime:?} is within the margin");
        }
        let past = Token {
            expires_at: now.checked_sub(Duration::from_secs(5)),
            ..Token::at("expired", None, now)
        };
        h.set(past).await;
        assert!(!fresh(&h));
    }

    #[tokio::test]
    async fn a_token_stops_being_fresh_when_it_enters_the_margin() {
        let margin = Duration::from_secs(30);
        let (h, hand) = handle(margin);
        h.set(Token::at(
            "t",
            Some(margin + Duration::from_secs(60)),
            h.clock.wall(),
        ))
        .await;
        assert!(fresh(&h));
        hand.advance(Duration::from_secs(59));
        assert!(fresh(&h), "a second before the margin");
        hand.advance(Duration::from_secs(1));
        assert!(
            !fresh(&h),
            "at the margin: renewed, never sent about to lapse"
        );
    }

    /// On the system clock a hit reads a flag that a timer sets when the token enters its
    /// margin (tokio's paused clock moves the timer without sleeping).
    #[tokio::test(start_paused = true)]
    async fn a_timer_marks_a_token_stale_when_it_enters_its_margin() {
        let margin = Duration::from_secs(30);
        let h = TokenCache::default()
            .with_margin(margin)
            .handle(TokenKey::new("p", "jwt", None));
        h.set(Token::new("t", Some(margin + Duration::from_secs(60))))
            .await;
        assert!(fresh(&h));
        tokio::time::advance(Duration::from_secs(59)).await;
        assert!(fresh(&h), "a second before the margin");
        tokio::time::advance(Duration::from_secs(1)).await;
        // Let the timer's task run.
        for _ in 0..10 {
            tokio::task::yield_now().await;
        }
        assert!(
            !fresh(&h),
            "in the margin: renewed, never sent about to lapse"
        );
    }

    #[tokio::test]
    async fn invalidate_drops_only_the_rejected_token() {
        let (h, _) = handle(Duration::ZERO);
        let first = Arc::new(Token::new("first", None));
        h.set_arc(first.clone()).await;
        let stale = h.with_current(|g, _| g).expect("fresh");
        let second = Arc::new(Token::new("second", None));
        h.set_arc(second.clone()).await;
        h.invalidate(&first).await;
        h.invalidate_generation(stale).await;
        assert_eq!(
            h.current().map(|t| t.value.expose().to_owned()),
            Some("second".to_owned())
        );
        let current = h.with_current(|g, _| g).expect("fresh");
        h.invalidate_generation(current).await;
        assert!(h.current().is_none());
    }
}
