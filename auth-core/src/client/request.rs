//! A request being built through a [`Client`], and one built but not yet sent.

use super::{Client, ClientError};
use crate::apply::{Applied, ApplyOptions};

/// A request built but not yet authenticated, with the choices made for it.
pub struct Prepared {
    /// The client that will send it.
    pub client: Client,
    /// The request, without credentials.
    pub request: reqwest::Request,
    /// The spec operation it calls, if named.
    pub operation: Option<String>,
    /// The credential chosen by the caller, if any.
    pub credential: Option<String>,
    /// The subject of a per-user token, if any.
    pub subject: Option<String>,
}

/// A request being built; [`RequestBuilder::send`] applies credentials and sends it.
pub struct RequestBuilder {
    pub(super) client: Client,
    pub(super) inner: Option<reqwest::RequestBuilder>,
    pub(super) error: Option<ClientError>,
    pub(super) operation: Option<String>,
    pub(super) credential: Option<String>,
    pub(super) subject: Option<String>,
}

impl RequestBuilder {
    /// The subject a per-user token is for (Weavy's `uid`); use with
    /// [`RequestBuilder::credential`] naming the per-user credential.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.subject = Some(subject.into());
        self
    }

    fn map(mut self, f: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder) -> Self {
        self.inner = self.inner.map(f);
        self
    }

    /// Add query parameters.
    pub fn query<T: serde::Serialize + ?Sized>(self, query: &T) -> Self {
        self.map(|b| b.query(query))
    }

    /// Set a JSON body (credential fields placed in the body are merged into it).
    pub fn json<T: serde::Serialize + ?Sized>(self, json: &T) -> Self {
        self.map(|b| b.json(json))
    }

    /// Set a form body (credential fields placed in the body are merged into it).
    pub fn form<T: serde::Serialize + ?Sized>(self, form: &T) -> Self {
        self.map(|b| b.form(form))
    }

    /// Set a raw body.
    pub fn body(self, body: impl Into<reqwest::Body>) -> Self {
        self.map(|b| b.body(body))
    }

    /// Add a header.
    pub fn header(self, name: &str, value: &str) -> Self {
        self.map(|b| b.header(name, value))
    }

    /// Say which spec operation this is (decides the accepted credentials).
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.operation = Some(name.into());
        self
    }

    /// Authenticate with this credential rather than the first accepted one held.
    pub fn credential(mut self, name: impl Into<String>) -> Self {
        self.credential = Some(name.into());
        self
    }

    /// Build the request without credentials (they are applied per attempt).
    pub fn build(self) -> Result<Prepared, ClientError> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let inner = self
            .inner
            .ok_or_else(|| ClientError::Config("no request".into()))?;
        let request = inner
            .build()
            .map_err(|e| ClientError::Config(format!("request: {}", e.without_url())))?;
        Ok(Prepared {
            client: self.client,
            request,
            operation: self.operation,
            credential: self.credential,
            subject: self.subject,
        })
    }

    /// Apply credentials, send, retry what is safe, and classify an error response.
    pub async fn send(self) -> Result<reqwest::Response, ClientError> {
        self.send_with(|_, _| {}).await
    }

    /// As [`RequestBuilder::send`], calling `inspect` with each attempt as sent.
    pub async fn send_with(
        self,
        inspect: impl FnMut(&reqwest::Request, &Applied<'_>),
    ) -> Result<reqwest::Response, ClientError> {
        let p = self.build()?;
        let opts = ApplyOptions {
            operation: p.operation.as_deref(),
            credential: p.credential.as_deref(),
            token: None,
            subject: p.subject.as_deref(),
        };
        p.client.execute_with(p.request, &opts, inspect).await
    }
}
