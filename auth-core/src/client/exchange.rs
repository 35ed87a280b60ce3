//! Obtaining tokens by the exchanges a spec describes (login, refresh, user-token
//! issuance), for the token cache.

use std::sync::Arc;
use std::time::Duration;

use auth_spec::model::{Credential, Operation};
use http::header::SET_COOKIE;
use serde_json::{Map, Value};

use super::{Client, ClientError};
use crate::apply::{ApplyError, ApplyOptions, Authenticator};
use crate::tokens::{ExchangeFailure, Token, TokenKey};

impl Client {
    /// A fresh token for `credential` (and `subject`, for per-user tokens): the cached one,
    /// or one obtained by a single exchange shared with every concurrent caller.
    pub async fn token(
        &self,
        credential: &str,
        subject: Option<&str>,
    ) -> Result<Arc<Token>, ClientError> {
        let auth = self.authenticator();
        let key = TokenKey::new(&auth.spec().name, credential, subject);
        let handle = self.inner.tokens.handle(key);
        handle
            .get_or_fetch(|| async {
                self.exchange(&auth, credential, subject, Map::new())
                    .await
                    .map_err(|e| ExchangeFailure {
                        message: e.to_string(),
                        retry_after: e.provider_error().and_then(|p| p.retry_after),
                        source: Some(Arc::new(e)),
                    })
            })
            .await
            .map_err(|failure| ClientError::Exchange {
                credential: credential.to_owned(),
                failure,
            })
    }

    /// Obtain a new token now, sending `fields` in the exchange's body (Weavy: `name`,
    /// `expires_in`, profile data), and cache it for later requests.
    pub async fn obtain_token(
        &self,
        credential: &str,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Arc<Token>, ClientError> {
        let auth = self.authenticator();
        let token = self.exchange(&auth, credential, subject, fields).await?;
        Ok(self.cache(&auth, credential, subject, token).await)
    }

    /// Run the exchange operation `operation` (login, refresh, user-token issuance) now
    /// and cache the token it returns.
    pub async fn run_exchange(
        &self,
        operation: &str,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Arc<Token>, ClientError> {
        let auth = self.authenticator();
        let (name, op) = auth
            .spec()
            .operations
            .get_key_value(operation)
            .ok_or_else(|| ApplyError::UnknownOperation(operation.to_owned()))?;
        let credential = op
            .issues
            .as_ref()
            .map(|i| i.credential.as_str())
            .ok_or_else(|| {
                ClientError::Config(format!("operation `{operation}` issues no token"))
            })?;
        let token = self
            .run(&auth, name, op, credential, subject, fields)
            .await?;
        Ok(self.cache(&auth, credential, subject, token).await)
    }

    async fn cache(
        &self,
        auth: &Authenticator,
        credential: &str,
        subject: Option<&str>,
        token: Token,
    ) -> Arc<Token> {
        let handle =
            self.inner
                .tokens
                .handle(TokenKey::new(&auth.spec().name, credential, subject));
        let token = Arc::new(token);
        handle.set_arc(token.clone()).await;
        token
    }

    /// Forget a token the provider rejected, so the next request obtains a new one.
    pub(crate) async fn invalidate(
        &self,
        credential: &str,
        subject: Option<&str>,
        token: &Arc<Token>,
    ) {
        let key = TokenKey::new(&self.spec().name, credential, subject);
        self.inner.tokens.handle(key).invalidate(token).await;
    }

    /// Refresh if the spec offers it and its credential is held, else log in / issue.
    async fn exchange(
        &self,
        auth: &Authenticator,
        credential: &str,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Token, ClientError> {
        if let Some((name, op)) = auth.refresh_for(credential) {
            match self
                .run(auth, name, op, credential, subject, Map::new())
                .await
            {
                Ok(t) => return Ok(t),
                // A refresh cookie that expired is normal: fall back to a full login.
                Err(e) => {
                    tracing::debug!(operation = name, error = %e, "refresh failed; exchanging anew")
                }
            }
        }
        let (name, op) = auth.exchange_for(credential).ok_or_else(|| {
            ClientError::Config(format!(
                "no way to obtain `{credential}`: no operation issues it with the credentials held"
            ))
        })?;
        self.run(auth, name, op, credential, subject, fields).await
    }

    async fn run(
        &self,
        auth: &Authenticator,
        name: &str,
        op: &Operation,
        credential: &str,
        subject: Option<&str>,
        mut fields: Map<String, Value>,
    ) -> Result<Token, ClientError> {
        let spec = auth.spec();
        let cred = spec
            .credentials
            .get(credential)
            .ok_or_else(|| ClientError::Config(format!("`{credential}` is not declared")))?;
        let mut path_params = Vec::new();
        if let Some(param) = cred.subject.as_deref() {
            let subject = subject.ok_or_else(|| {
                ClientError::Config(format!(
                    "`{credential}` is issued per `{param}`; say which `{param}` the token is for"
                ))
            })?;
            if let Some(format) = op.parameters.get(param).and_then(|p| p.format.as_ref()) {
                crate::format::check(format, subject).map_err(|e| {
                    ClientError::Config(format!(
                        "`{param}` `{subject}` is not accepted by {}: {e}",
                        spec.title
                    ))
                })?;
            }
            path_params.push((param, subject));
        }
        let exchange = op
            .issues
            .as_ref()
            .ok_or_else(|| ClientError::Config(format!("operation `{name}` issues nothing")))?;
        if let (Some(field), Some(lifetime)) =
            (&exchange.lifetime_request_field, self.inner.token_lifetime)
        {
            fields
                .entry(field.clone())
                .or_insert(Value::from(lifetime.as_secs()));
        }
        let mut rb = self.operation(name, &path_params);
        if !fields.is_empty() {
            rb = rb.json(&fields);
        }
        let req = rb.build()?.request;
        let opts = ApplyOptions {
            operation: Some(name),
            ..ApplyOptions::default()
        };
        let resp = Box::pin(self.execute_with(req, &opts, |_, _| {})).await?;
        self.keep_cookies(op, &resp);
        let body: Value = resp.json().await.map_err(|_| {
            ClientError::Config(format!(
                "the `{name}` response is not the JSON the spec describes"
            ))
        })?;
        let value = body
            .get(&exchange.token_field)
            .and_then(Value::as_str)
            .ok_or_else(|| {
                ClientError::Config(format!(
                    "the `{name}` response has no `{}` string",
                    exchange.token_field
                ))
            })?;
        Ok(Token::new(
            value,
            lifetime(exchange.expires_in_field.as_deref(), &body, cred),
        ))
    }

    /// Keep the cookies the spec says an exchange sets (Pixee's `refresh_token`) as the
    /// credentials they are, for the refresh that needs them.
    fn keep_cookies(&self, op: &Operation, resp: &reqwest::Response) {
        let Some(wanted) = op.response.as_ref().map(|r| &r.sets_cookies) else {
            return;
        };
        for header in resp.headers().get_all(SET_COOKIE) {
            let Ok(text) = header.to_str() else { continue };
            let pair = text.split(';').next().unwrap_or("");
            let Some((name, value)) = pair.split_once('=') else {
                continue;
            };
            if let Some(credential) = wanted.get(name.trim()) {
                let value = value.trim().to_owned();
                self.update_credentials(|c| {
                    c.set_part(
                        credential.clone(),
                        Credential::SHORTHAND_PART,
                        value.as_str(),
                    );
                });
            }
        }
    }
}

/// The token's lifetime: the response's field, else the credential's documented default.
fn lifetime(field: Option<&str>, body: &Value, cred: &Credential) -> Option<Duration> {
    field
        .and_then(|f| body.get(f))
        .and_then(Value::as_u64)
        .or(cred.default_lifetime_seconds)
        .map(Duration::from_secs)
}
