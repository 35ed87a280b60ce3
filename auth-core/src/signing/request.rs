//! What a signature may cover of a request: read from any [`Target`] once.

use crate::client::apply::Target;

/// The parts of a request a signature or a per-request JWT covers.
#[derive(Debug, Clone, Default)]
pub struct RequestInfo {
    /// `GET`, `POST`…
    pub method: String,
    /// The host, with `:port` when the URL names one (as a `Host` header has it).
    pub host: String,
    /// The path, as sent (percent-encoded).
    pub path: String,
    /// The query string as sent, without `?`.
    pub query: String,
}

impl RequestInfo {
    /// Read from a request about to be sent.
    pub fn of<T: Target + ?Sized>(target: &T) -> Self {
        target.request_info()
    }

    /// Read from an incoming request's method and URI (the `Host` header when the URI has
    /// no authority, as for requests a server receives).
    pub fn of_incoming(method: &http::Method, uri: &http::Uri, headers: &http::HeaderMap) -> Self {
        let host = uri
            .authority()
            .map(|a| a.as_str().to_owned())
            .or_else(|| {
                headers
                    .get(http::header::HOST)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            })
            .unwrap_or_default();
        Self {
            method: method.as_str().to_owned(),
            host,
            path: uri.path().to_owned(),
            query: uri.query().unwrap_or_default().to_owned(),
        }
    }

    /// The query's pairs sorted by name then value and encoded again
    /// (`application/x-www-form-urlencoded`): one canonical form whatever order they were
    /// written in.
    pub fn sorted_query(&self) -> String {
        let mut pairs: Vec<(String, String)> = form_urlencoded::parse(self.query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        pairs.sort();
        form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish()
    }
}
