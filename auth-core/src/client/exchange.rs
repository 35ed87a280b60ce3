//! Obtaining tokens by the exchanges a spec describes (login, refresh, user-token
//! issuance), for the token cache.

use std::sync::Arc;
use std::time::Duration;

use auth_spec::model::{CredentialId, OperationId};
use http::header::SET_COOKIE;
use serde_json::{Map, Value};

use super::Client;
use super::error::{ExchangeError, RequestError};
use super::request::SendOptions;
use super::tokens::Token;

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
        handle
            .get_or_fetch(|| self.exchange(credential, subject, Map::new()))
            .await
            .map_err(|failure| RequestError::Exchange {
                credential: name.clone(),
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
    ) -> Result<Arc<Token>, RequestError> {
        let id = self.credential_id(credential)?;
        let token =
            self.exchange(id, subject, fields)
                .await
                .map_err(|e| RequestError::Exchange {
                    credential: credential.to_owned(),
                    failure: Arc::new(e),
                })?;
        Ok(self.cache(id, subject, token).await)
    }

    /// Run the exchange operation `operation` (login, refresh, user-token issuance) now
    /// and cache the token it returns.
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
        let token = self
            .run(operation, credential, subject, fields)
            .await
            .map_err(|e| RequestError::Exchange {
                credential: spec.credentials[credential].name.clone(),
                failure: Arc::new(e),
            })?;
        Ok(self.cache(credential, subject, token).await)
    }

    fn credential_id(&self, name: &str) -> Result<CredentialId, RequestError> {
        self.spec().credentials.id(name).ok_or_else(|| {
            RequestError::Refused(super::apply::ApplyError::MissingCredential {
                provider: self.spec().name.clone(),
                accepted: vec![(name.to_owned(), Vec::new())],
            })
        })
    }

    async fn cache(
        &self,
        credential: CredentialId,
        subject: Option<&str>,
        token: Token,
    ) -> Arc<Token> {
        let name = &self.spec().credentials[credential].name;
        let handle = self.inner.tokens.handle(credential, name, subject);
        let token = Arc::new(token);
        handle.set_arc(token.clone()).await;
        token
    }

    /// Refresh if the spec offers it and its credential is held, else log in / issue.
    async fn exchange(
        &self,
        credential: CredentialId,
        subject: Option<&str>,
        fields: Map<String, Value>,
    ) -> Result<Token, ExchangeError> {
        let auth = self.authenticator();
        if let Some(op) = auth.issuer(credential, true) {
            match self.run(op, credential, subject, Map::new()).await {
                Ok(t) => return Ok(t),
                // A refresh cookie that expired is normal: fall back to a full login.
                Err(e) => {
                    tracing::debug!(operation = %self.spec().operations[op].name, error = %e, "refresh failed; exchanging anew")
                }
            }
        }
        let op = auth
            .issuer(credential, false)
            .ok_or_else(|| ExchangeError::NoIssuer {
                credential: self.spec().credentials[credential].name.clone(),
            })?;
        self.run(op, credential, subject, fields).await
    }

    async fn run(
        &self,
        operation: OperationId,
        credential: CredentialId,
        subject: Option<&str>,
        mut fields: Map<String, Value>,
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
        let mut rb = self.operation_id(operation, &path_params);
        if !fields.is_empty() {
            rb = rb.json(&fields);
        }
        let (_, request, _) = rb.build().map_err(failed)?;
        let opts = SendOptions {
            operation: Some(operation),
            ..SendOptions::default()
        };
        let resp = Box::pin(self.execute(request, &opts))
            .await
            .map_err(failed)?;
        self.keep_cookies(operation, &resp);
        let body: Value = resp.json().await.map_err(|_| ExchangeError::NotJson {
            operation: op.name.clone(),
        })?;
        let value = body
            .get(&exchange.token_field)
            .and_then(Value::as_str)
            .ok_or_else(|| ExchangeError::MissingTokenField {
                operation: op.name.clone(),
                field: exchange.token_field.clone(),
            })?;
        let lifetime = exchange
            .expires_in_field
            .as_ref()
            .and_then(|f| body.get(f))
            .and_then(Value::as_u64)
            .or(cred.default_lifetime_seconds)
            .map(Duration::from_secs);
        Ok(Token::at(
            value,
            lifetime,
            self.inner.tokens.cache().clock().wall(),
        ))
    }

    /// Keep the cookies the spec says an exchange sets (Pixee's `refresh_token`) as the
    /// credentials they are, for the refresh that needs them.
    fn keep_cookies(&self, operation: OperationId, resp: &reqwest::Response) {
        let spec = self.spec();
        let Some(wanted) = spec.operations[operation]
            .response
            .as_ref()
            .map(|r| &r.sets_cookies)
        else {
            return;
        };
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
            let value = crate::Secret::new(value.trim());
            self.update_held(|held| held.set(*credential, part, value.clone()));
        }
    }
}
