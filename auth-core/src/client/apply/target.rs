//! What a request must offer for credentials to be placed on it, implemented for
//! `http::Request` and (feature `reqwest`) `reqwest::Request`.

use http::HeaderMap;

/// A request that credentials and context values can be written onto.
///
/// Bodies are merged, not replaced: a form or JSON body the caller already set keeps its
/// fields. A streaming body cannot be merged into; [`Target::body_bytes`] then returns
/// `None` and a body placement is refused rather than silently dropped.
pub trait Target {
    /// The URL's scheme, for the cleartext check (`None` for a relative URI).
    fn scheme(&self) -> Option<&str>;
    /// The URL's host, for the cleartext check of a URL that is not `https`.
    fn host(&self) -> Option<&str>;
    /// The request headers.
    fn headers_mut(&mut self) -> &mut HeaderMap;
    /// Append `name=value` pairs to the query string, percent-encoded.
    fn append_query(&mut self, pairs: &[(&str, &str)]) -> Result<(), super::ApplyError>;
    /// The body as bytes, `Some(&[])` when there is none, `None` when it is a stream.
    fn body_bytes(&self) -> Option<&[u8]>;
    /// Replace the body.
    fn set_body(&mut self, body: Vec<u8>);
    /// The method, host, path and query, for a signature over them.
    fn request_info(&self) -> crate::signing::RequestInfo;
}

/// A body type that is a plain buffer, so it can be read and rewritten.
pub trait BufferBody {
    /// The bytes.
    fn bytes(&self) -> &[u8];
    /// A body holding `bytes`.
    fn from_vec(bytes: Vec<u8>) -> Self;
}

impl BufferBody for Vec<u8> {
    fn bytes(&self) -> &[u8] {
        self
    }
    fn from_vec(bytes: Vec<u8>) -> Self {
        bytes
    }
}

impl BufferBody for bytes::Bytes {
    fn bytes(&self) -> &[u8] {
        self
    }
    fn from_vec(bytes: Vec<u8>) -> Self {
        bytes.into()
    }
}

impl BufferBody for String {
    fn bytes(&self) -> &[u8] {
        self.as_bytes()
    }
    fn from_vec(bytes: Vec<u8>) -> Self {
        // We only ever append UTF-8 (encoded form pairs, JSON) to UTF-8.
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into())
    }
}

impl<B: BufferBody> Target for http::Request<B> {
    fn scheme(&self) -> Option<&str> {
        self.uri().scheme_str()
    }

    fn host(&self) -> Option<&str> {
        self.uri().host()
    }

    fn headers_mut(&mut self) -> &mut HeaderMap {
        http::Request::headers_mut(self)
    }

    fn append_query(&mut self, pairs: &[(&str, &str)]) -> Result<(), super::ApplyError> {
        let uri = self.uri();
        let path = uri.path();
        let mut query = uri.query().map(str::to_owned).unwrap_or_default();
        {
            let mut ser = form_urlencoded::Serializer::for_suffix(&mut query, 0);
            for (k, v) in pairs {
                ser.append_pair(k, v);
            }
        }
        let mut parts = uri.clone().into_parts();
        parts.path_and_query = Some(
            format!("{path}?{query}")
                .parse()
                .map_err(|_| super::ApplyError::InvalidUri)?,
        );
        *self.uri_mut() =
            http::Uri::from_parts(parts).map_err(|_| super::ApplyError::InvalidUri)?;
        Ok(())
    }

    fn body_bytes(&self) -> Option<&[u8]> {
        Some(self.body().bytes())
    }

    fn set_body(&mut self, body: Vec<u8>) {
        *self.body_mut() = B::from_vec(body);
    }

    fn request_info(&self) -> crate::signing::RequestInfo {
        crate::signing::RequestInfo::of_incoming(self.method(), self.uri(), self.headers())
    }
}

#[cfg(feature = "reqwest")]
impl Target for reqwest::Request {
    fn scheme(&self) -> Option<&str> {
        Some(self.url().scheme())
    }

    fn host(&self) -> Option<&str> {
        self.url().host_str()
    }

    fn headers_mut(&mut self) -> &mut HeaderMap {
        reqwest::Request::headers_mut(self)
    }

    #[inline]
    fn append_query(&mut self, pairs: &[(&str, &str)]) -> Result<(), super::ApplyError> {
        let mut q = self.url_mut().query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        Ok(())
    }

    fn body_bytes(&self) -> Option<&[u8]> {
        match self.body() {
            None => Some(&[]),
            Some(b) => b.as_bytes(),
        }
    }

    fn set_body(&mut self, body: Vec<u8>) {
        *self.body_mut() = Some(body.into());
    }

    fn request_info(&self) -> crate::signing::RequestInfo {
        let url = self.url();
        let host = match (url.host_str(), url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_owned(),
            (None, _) => String::new(),
        };
        crate::signing::RequestInfo {
            method: self.method().as_str().to_owned(),
            host,
            path: url.path().to_owned(),
            query: url.query().unwrap_or_default().to_owned(),
        }
    }
}
