//! A request being built through a [`Client`].

use auth_spec::model::{CredentialId, OperationId};
use http::Method;
use reqwest::Url;

use super::{Client, RequestError};

/// Per-request choices, resolved to the spec's ids.
#[derive(Debug, Clone, Default)]
pub struct SendOptions {
    /// The operation the request is for; decides the credentials accepted.
    pub operation: Option<OperationId>,
    /// Authenticate with this credential rather than the first accepted one held.
    pub credential: Option<CredentialId>,
    /// The subject a per-user token is for (Weavy's `uid`).
    pub subject: Option<String>,
}

/// A request being built; [`RequestBuilder::send`] applies credentials and sends it.
pub struct RequestBuilder {
    client: Client,
    inner: Result<reqwest::RequestBuilder, RequestError>,
    opts: SendOptions,
}

impl RequestBuilder {
    pub(super) fn new(
        client: Client,
        method: Method,
        url: Result<Url, RequestError>,
        operation: Option<OperationId>,
    ) -> Self {
        let inner = url.map(|u| client.inner.http.request(method, u));
        Self {
            client,
            inner,
            opts: SendOptions {
                operation,
                ..SendOptions::default()
            },
        }
    }

    pub(super) fn failed(client: Client, error: RequestError) -> Self {
        Self {
            client,
            inner: Err(error),
            opts: SendOptions::default(),
        }
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
    pub fn operation(mut self, operation: OperationId) -> Self {
        self.opts.operation = Some(operation);
        self
    }

    /// Authenticate with the credential named `name` rather than the first accepted one
    /// held. An unknown name is refused when the request is sent.
    pub fn credential(mut self, name: &str) -> Self {
        match self.client.spec().credentials.id(name) {
            Some(id) => self.opts.credential = Some(id),
            None => {
                self.inner = Err(RequestError::Refused(
                    super::apply::ApplyError::MissingCredential {
                        provider: self.client.spec().name.clone(),
                        accepted: vec![(name.to_owned(), Vec::new())],
                    },
                ))
            }
        }
        self
    }

    /// As [`RequestBuilder::credential`], by id.
    pub fn credential_id(mut self, credential: CredentialId) -> Self {
        self.opts.credential = Some(credential);
        self
    }

    /// The subject a per-user token is for (Weavy's `uid`); use with
    /// [`RequestBuilder::credential`] naming the per-user credential.
    pub fn subject(mut self, subject: impl Into<String>) -> Self {
        self.opts.subject = Some(subject.into());
        self
    }

    /// Build the request without credentials (they are applied per attempt), with the
    /// choices made for it.
    pub fn build(self) -> Result<(Client, reqwest::Request, SendOptions), RequestError> {
        let request = self.inner?.build().map_err(|e| RequestError::Build {
            message: e.without_url().to_string(),
        })?;
        Ok((self.client, request, self.opts))
    }

    /// Apply credentials, send, retry what is safe, and classify an error response.
    pub async fn send(self) -> Result<reqwest::Response, RequestError> {
        let (client, request, opts) = self.build()?;
        client.execute(request, &opts).await
    }
}
