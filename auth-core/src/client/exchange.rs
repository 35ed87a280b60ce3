//! Obtaining tokens by the exchanges a spec describes (login, refresh, user-token
//! issuance, the OAuth 2.0 client credentials and refresh token grants), for the token
//! cache.
//!
//! An exchange request is built from the spec alone: the operation's URL (on any host,
//! templated from the context parameters), its constant and templated body fields in the
//! body's encoding (JSON or form), and the credentials its `auth` names in their
//! placements (the client's id and secret in Basic or in the body; a refresh token kept
//! with the token it renews). Its response is read by the `issues` field paths: the token,
//! its lifetime (`expires_in`, or an `expires_at` time read against the response's `Date`),
//! its type, the refresh token that came with it, and context values (an instance URL).
//!
//! A refresh token is only ever sent from inside the token cache's single flight
//! ([`TokenHandle::get_or_renew`](super::tokens::TokenHandle::get_or_renew)), with the
//! newest value the store holds, and the token it brings back (with the rotated refresh
//! token) is stored before the flight ends: a provider that rotates refresh tokens sees
//! each one once, however many requests wait.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use auth_spec::model::{BodyEncoding, CredentialId, CredentialKind, OperationId, ResetFormat};
use http::header::{DATE, SET_COOKIE};
use serde_json::{Map, Value};

use super::Client;
use super::deadline::{self, TimeoutKind};
use super::error::{ExchangeError, RequestError, bare_url, transport_error};
use super::limits::{End, TOKEN_BODY_LIMIT, check_token, read_bounded};
use super::request::SendOptions;
use super::tokens::Token;
use crate::credentials::Held;

impl Client {
    /// A fresh token for the credential named `credential` (and `subject`, for per-user
    /// tokens): the cached one, or one obtained by a single exchange shared with every
    /// concurrent caller.
    pub async fn token(
        &self,
        credential: &str,
        subject: Option<&str>,
    ) -> Result<Arc<Token>, RequestError> {
        let id = self.credential_id(credential)?;
        self.token_for(id, subject).await
    }

    /// As [`Client::token`], by id.
    pub async fn token_for(
        &self,
        credential: CredentialId,
        subject: Option<&str>,
    ) -> Result<Arc<Token>, RequestError> {
        let name = &self.spec().credentials[credential].name;
        let handle = self.inner.tokens.handle(credential, name, subject);
        let token = handle
            .get_or_renew(|previous| self.exchange(credential, subject, Map::new(), previous))
            .await
            .map_err(|failure| RequestError::Exchange {
                credential: name.clone(),
                failure,
            })?;
        self.take_params(&token);
        Ok(token)
    }

    /// Obtain a new token now, sending `fields` in the exchange's body (Weavy: `name`,
    /// `expires_in`, profile data), and cache it for later requests. The cached token is
    /// replaced; if an exchange for the same token is already under way, its token is
    /// the one returned (a refresh token is never sent twice at once).
    pub async fn obtain_token(
        &self,
        credential: &str,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Arc<Token>, RequestError> {
        let id = self.credential_id(credential)?;
        let handle = self.inner.tokens.handle(id, credential, subject);
        if let Some(current) = handle.current() {
            handle.invalidate(&current).await;
        }
        let token = handle
            .get_or_renew(|previous| self.exchange(id, subject, fields, previous))
            .await
            .map_err(|failure| RequestError::Exchange {
                credential: credential.to_owned(),
                failure,
            })?;
        self.take_params(&token);
        Ok(token)
    }

    /// Run the exchange operation `operation` (login, refresh, user-token issuance) now
    /// and cache the token it returns, in the token cache's single flight as
    /// [`Client::obtain_token`].
    pub async fn run_exchange(
        &self,
        operation: OperationId,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Arc<Token>, RequestError> {
        let spec = self.spec();
        let op = &spec.operations[operation];
        let Some(issued) = op.issues.as_ref() else {
            return Err(RequestError::Exchange {
                credential: op.name.clone(),
                failure: Arc::new(ExchangeError::NoIssuer {
                    credential: op.name.clone(),
                }),
            });
        };
        let credential = issued.credential;
        let name = &spec.credentials[credential].name;
        let handle = self.inner.tokens.handle(credential, name, subject);
        if let Some(current) = handle.current() {
            handle.invalidate(&current).await;
        }
        let token = handle
            .get_or_renew(|previous| async move {
                let over = self.refresh_credentials(operation, previous.as_deref());
                self.run(operation, credential, subject, fields, over.as_ref())
                    .await
            })
            .await
            .map_err(|failure| RequestError::Exchange {
                credential: name.clone(),
                failure,
            })?;
        self.take_params(&token);
        Ok(token)
    }

    fn credential_id(&self, name: &str) -> Result<CredentialId, RequestError> {
        self.spec().credentials.id(name).ok_or_else(|| {
            RequestError::Refused(super::apply::ApplyError::MissingCredential {
                provider: self.spec().name.clone(),
                accepted: vec![(name.to_owned(), Vec::new())],
            })
        })
    }

    /// Refresh if the spec offers it and its credentials are at hand (a refresh cookie
    /// held, or the refresh token kept with `previous`), else log in / issue / run the
    /// client credentials grant. A refresh the provider refuses (an expired or revoked
    /// refresh token) falls back to the full exchange when there is one.
    async fn exchange(
        &self,
        credential: CredentialId,
        subject: Option<&str>,
        fields: Map<String, Value>,
        previous: Option<Arc<Token>>,
    ) -> Result<Token, ExchangeError> {
        let spec = self.spec();
        let mut refused = None;
        if let Some(op) = spec.refresh_for(credential)
            && let Some(over) = self.refresh_credentials(op, previous.as_deref())
        {
            match self
                .run(op, credential, subject, Map::new(), Some(&over))
                .await
            {
                Ok(t) => return Ok(t),
                // A refresh cookie or token that expired is normal: exchange anew.
                Err(e) => {
                    tracing::debug!(operation = %spec.operations[op].name, error = %e, "refresh failed; exchanging anew");
                    refused = Some(e);
                }
            }
        }
        let primary = {
            let held = self.inner.held.load();
            self.inner.plan.issuer(credential, false, |c| held.has(c))
        };
        match (primary, refused) {
            (Some(op), _) => self.run(op, credential, subject, fields, None).await,
            (None, Some(e)) => Err(e),
            (None, None) => Err(ExchangeError::NoIssuer {
                credential: spec.credentials[credential].name.clone(),
            }),
        }
    }

    /// The credentials a refresh operation sends: those held, with the refresh token
    /// kept with `previous` (newer than any held copy) in place of the held one. `None`
    /// when no auth option of the operation can be sent with them.
    fn refresh_credentials(
        &self,
        operation: OperationId,
        previous: Option<&Token>,
    ) -> Option<Held> {
        let spec = self.spec();
        let held = self.inner.held.load();
        let kept = previous.and_then(|t| t.refresh.as_ref());
        let option = spec.operations[operation].auth.iter().find(|o| {
            o.credentials.iter().all(|&c| {
                held.has(c)
                    || (kept.is_some() && spec.credentials[c].kind == CredentialKind::RefreshToken)
            })
        })?;
        let mut over = (*held).clone();
        if let Some(value) = kept {
            for &c in &option.credentials {
                if spec.credentials[c].kind == CredentialKind::RefreshToken
                    && let Some(part) = spec.credentials[c].sole_part()
                {
                    over.set(c, part, value.clone());
                }
            }
        }
        self.inner.plan.wire(&mut over);
        Some(over)
    }

    /// Send exchange `operation` (with `over` in place of the credentials held) and read
    /// the token its response carries.
    async fn run(
        &self,
        operation: OperationId,
        credential: CredentialId,
        subject: Option<&str>,
        mut fields: Map<String, Value>,
        over: Option<&Held>,
    ) -> Result<Token, ExchangeError> {
        let spec = self.spec().clone();
        let op = &spec.operations[operation];
        let cred = &spec.credentials[credential];
        let mut path_params = Vec::new();
        if let Some(param) = cred.subject.as_deref() {
            let subject = subject.ok_or_else(|| ExchangeError::SubjectRequired {
                credential: cred.name.clone(),
                param: param.to_owned(),
            })?;
            if let Some(format) = op.parameter(param).and_then(|p| p.format.as_ref()) {
                crate::format::check(format, subject).map_err(|reason| {
                    ExchangeError::InvalidSubject {
                        provider: spec.title.clone(),
                        param: param.to_owned(),
                        reason,
                    }
                })?;
            }
            path_params.push((param, subject));
        }
        let failed = |error: RequestError| ExchangeError::Failed {
            operation: op.name.clone(),
            error: Box::new(error),
        };
        let Some(exchange) = op.issues.as_ref() else {
            return Err(ExchangeError::NoIssuer {
                credential: cred.name.clone(),
            });
        };
        if let (Some(field), Some(lifetime)) =
            (&exchange.lifetime_request_field, self.inner.token_lifetime)
        {
            fields
                .entry(field.clone())
                .or_insert(Value::from(lifetime.as_secs()));
        }
        // The operation's constant and templated fields are added where every request
        // of it gets them (apply); the caller's own go in here.
        let body = fields;
        let mut rb = self.operation_id(operation, &path_params);
        let encoding = op
            .request
            .as_ref()
            .map_or(BodyEncoding::Json, |r| r.encoding);
        if !body.is_empty() {
            rb = match encoding {
                BodyEncoding::Json => rb.json(&body),
                BodyEncoding::Form => {
                    let pairs: Vec<(&str, String)> = body
                        .iter()
                        .map(|(k, v)| match v {
                            Value::String(s) => (k.as_str(), s.clone()),
                            other => (k.as_str(), other.to_string()),
                        })
                        .collect();
                    rb.form(&pairs)
                }
            };
        }
        let (_, request, _) = rb.build().map_err(failed)?;
        let method = request.method().clone();
        let opts = SendOptions {
            operation: Some(operation),
            ..SendOptions::default()
        };
        // The token's lifetime counts from when it was asked for: no later than it began.
        let asked = self.inner.tokens.cache().clock().wall();
        // The exchange has deadlines of its own, its body read included.
        let deadlines = self.inner.deadlines;
        let deadline = deadline::after(deadlines.overall);
        let mut resp = Box::pin(self.execute_until(request, &opts, over, deadline))
            .await
            .map_err(failed)?;
        if let Some(e) = self.keep_cookies(operation, &resp) {
            return Err(e);
        }
        let server_date = resp
            .headers()
            .get(DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| httpdate::parse_http_date(v).ok());
        let until = deadline::after(deadlines.attempt).min(deadline);
        let read = read_bounded(&mut resp, TOKEN_BODY_LIMIT, until).await;
        match read.end {
            End::Complete => {}
            End::TooLarge => {
                return Err(ExchangeError::BodyTooLarge {
                    operation: op.name.clone(),
                    limit: TOKEN_BODY_LIMIT,
                });
            }
            End::TimedOut => {
                let kind = if until < deadline {
                    TimeoutKind::Attempt
                } else {
                    TimeoutKind::Overall
                };
                return Err(failed(RequestError::Timeout {
                    method,
                    url: bare_url(resp.url()),
                    kind,
                    limit: deadlines.limit(kind),
                    attempts: 1,
                }));
            }
            End::Failed(e) => {
                return Err(failed(transport_error(&method, resp.url(), &e, 1)));
            }
        }
        drop(resp);
        let body: Value =
            serde_json::from_slice(&read.bytes).map_err(|_| ExchangeError::NotJson {
                operation: op.name.clone(),
            })?;
        let text = |path: &str| super::classify::field(&body, path).and_then(Value::as_str);
        let value = text(&exchange.token_field)
            .filter(|v| !v.is_empty())
            .ok_or_else(|| ExchangeError::MissingTokenField {
                operation: op.name.clone(),
                field: exchange.token_field.clone(),
            })?;
        // A token is checked before it is kept: one a header cannot carry is never sent.
        if let Some(e) = unusable(&op.name, &exchange.token_field, value) {
            return Err(e);
        }
        let lifetime = exchange
            .expires_in_field
            .as_ref()
            .and_then(|f| super::classify::field(&body, f))
            .and_then(seconds)
            .or_else(|| {
                let (f, format) = exchange.expires_at.as_ref()?;
                let at = super::classify::field(&body, f).and_then(|v| time(v, *format))?;
                Some(lifetime_until(at, server_date, asked))
            })
            .or(cred.default_lifetime_seconds.map(Duration::from_secs));
        let mut token = Token::at(value, lifetime, asked);
        token.token_type = exchange
            .token_type_field
            .as_deref()
            .and_then(text)
            .map(str::to_owned);
        if let Some(issued) = &exchange.refresh_token
            && let Some(refresh) = text(&issued.field).filter(|v| !v.is_empty())
        {
            if let Some(e) = unusable(&op.name, &issued.field, refresh) {
                return Err(e);
            }
            token.refresh = Some(crate::Secret::new(refresh));
            // A held copy (one the user supplied) is never left older than the newest.
            if let Some(part) = spec.credentials[issued.credential].sole_part()
                && self.inner.held.load().has(issued.credential)
            {
                let value = crate::Secret::new(refresh);
                self.update_held(|held| held.set(issued.credential, part, value.clone()));
            }
        }
        for (param, field) in &exchange.parameters {
            if let Some(v) = super::classify::field(&body, field).and_then(Value::as_str) {
                token
                    .params
                    .push((spec.parameters[*param].name.clone(), v.to_owned()));
            }
        }
        Ok(token)
    }

    /// Take the context values a token brought (an instance URL), and follow the base URL
    /// they complete.
    pub(super) fn take_params(&self, token: &Token) {
        if token.params.is_empty() {
            return;
        }
        let spec = self.spec();
        let changed: Vec<_> = {
            let held = self.inner.held.load();
            token
                .params
                .iter()
                .filter_map(|(name, value)| {
                    let id = spec.parameters.id(name)?;
                    (held.param(id) != Some(value.as_str())).then(|| (id, value.clone()))
                })
                .collect()
        };
        if changed.is_empty() {
            return;
        }
        self.update_held(|held| {
            for (id, value) in &changed {
                held.set_param(*id, value.clone());
            }
        });
        if !self.inner.base_from_spec {
            return;
        }
        let held = self.inner.held.load();
        match self
            .inner
            .plan
            .base_url(&held, self.inner.environment.as_deref())
            .ok()
            .and_then(|b| reqwest::Url::parse(&b).ok())
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
        {
            Some(url) => self.inner.base_url.store(Arc::new(url)),
            None => {
                tracing::debug!(provider = %spec.name, "a token response set a base URL that is not one")
            }
        }
    }

    /// Keep the cookies the spec says an exchange sets (Pixee's `refresh_token`) as the
    /// credentials they are, for the refresh that needs them.
    /// A cookie value that cannot be used as a token is refused: the error says which.
    fn keep_cookies(
        &self,
        operation: OperationId,
        resp: &reqwest::Response,
    ) -> Option<ExchangeError> {
        let spec = self.spec();
        let wanted = &spec.operations[operation].response.as_ref()?.sets_cookies;
        for header in resp.headers().get_all(SET_COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            let pair = text.split(';').next().unwrap_or("");
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            let Some((_, credential)) = wanted.iter().find(|(c, _)| c == name.trim()) else {
                continue;
            };
            let Some(part) = spec.credentials[*credential].sole_part() else {
                continue;
            };
            let value = value.trim();
            if let Some(e) = unusable(&spec.operations[operation].name, name.trim(), value) {
                return Some(e);
            }
            let value = crate::Secret::new(value);
            self.update_held(|held| held.set(*credential, part, value.clone()));
        }
        None
    }
}

/// Why the token `field` of `operation`'s response carries cannot be used, if it cannot
/// (see [`check_token`]).
fn unusable(operation: &str, field: &str, value: &str) -> Option<ExchangeError> {
    check_token(value)
        .err()
        .map(|problem| ExchangeError::BadToken {
            operation: operation.to_owned(),
            field: field.to_owned(),
            problem,
        })
}

/// A lifetime in seconds: an integer, a decimal, or either written as a string (some
/// providers send `"3600"`).
fn seconds(v: &Value) -> Option<Duration> {
    let secs = match v {
        Value::Number(n) => n.as_f64()?,
        Value::String(s) => s.trim().parse::<f64>().ok()?,
        _ => return None,
    };
    (secs.is_finite() && secs >= 0.0).then(|| Duration::from_secs_f64(secs.min(1e10)))
}

/// A point in time written as `format` (an absolute one: lint refuses the others).
fn time(v: &Value, format: ResetFormat) -> Option<SystemTime> {
    let text = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => return None,
    };
    match format {
        ResetFormat::UnixSeconds
        | ResetFormat::UnixMillis
        | ResetFormat::HttpDate
        | ResetFormat::Rfc3339 => {
            super::ratelimit::parse_time(&text, format, SystemTime::UNIX_EPOCH)
        }
        ResetFormat::DeltaSeconds | ResetFormat::DeltaMillis | ResetFormat::Duration => None,
    }
}

/// How long a token that expires at `at` (the server's clock) has left. Measured from the
/// response's `Date` when it has one, so a server clock ahead of or behind ours neither
/// shortens nor stretches the lifetime; else from when it was asked for, on our clock.
/// `Date` has one-second resolution, so a second is taken off to stay on the safe side.
fn lifetime_until(at: SystemTime, server_date: Option<SystemTime>, asked: SystemTime) -> Duration {
    match server_date {
        Some(date) => at
            .duration_since(date)
            .map(|d| d.saturating_sub(Duration::from_secs(1)))
            .unwrap_or(Duration::ZERO),
        None => at.duration_since(asked).unwrap_or(Duration::ZERO),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lifetimes_are_read_in_every_documented_shape() {
        assert_eq!(seconds(&Value::from(3600)), Some(Duration::from_secs(3600)));
        assert_eq!(
            seconds(&Value::from("1800")),
            Some(Duration::from_secs(1800))
        );
        assert_eq!(
            seconds(&Value::from(1.5)),
            Some(Duration::from_millis(1500))
        );
        assert_eq!(seconds(&Value::from(-5)), None);
        assert_eq!(seconds(&Value::from("soon")), None);
        assert_eq!(seconds(&Value::Null), None);
    }

    #[test]
    fn an_expiry_time_is_read_against_the_server_clock() {
        let ours = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        // The server runs two hours ahead and says its token lasts an hour.
        let server_now = ours + Duration::from_secs(7200);
        let at = server_now + Duration::from_secs(3600);
        let left = lifetime_until(at, Some(server_now), ours);
        assert_eq!(left, Duration::from_secs(3599));
        // Two hours behind: without the Date header the token would look expired.
        let server_now = ours - Duration::from_secs(7200);
        let at = server_now + Duration::from_secs(3600);
        assert_eq!(
            lifetime_until(at, Some(server_now), ours),
            Duration::from_secs(3599)
        );
        assert_eq!(lifetime_until(at, None, ours), Duration::ZERO);
        // Formats.
        assert_eq!(
            time(&Value::from(1_700_000_000u64), ResetFormat::UnixSeconds),
            Some(ours)
        );
        assert_eq!(
            time(&Value::from(1_700_000_000_000u64), ResetFormat::UnixMillis),
            Some(ours)
        );
        assert_eq!(
            time(&Value::from("2023-11-14T22:13:20Z"), ResetFormat::Rfc3339),
            Some(ours)
        );
    }
}
