//! What a request must offer for credentials to be placed on it, implemented for
//! `http::Request` and (feature `reqwest`) `reqwest::Request`.

use http::HeaderMap;

/// A request that credentials and context values can be written onto.
///
/// Bodies are merged, not replaced: a form or JSON body the caller already set keeps its
/// fields. A streaming body cannot be merged into; [`Target::body_bytes`] then returns
/// `None` and a body placement is refused rather than silently dropped.
pub trait Target {
    /// The URL's scheme and host, for the cleartext check.
    fn scheme_and_host(&self) -> (Option<&str>, Option<&str>);
    /// The request headers.
    fn headers_mut(&mut self) -> &mut HeaderMap;
    /// Append `name=value` pairs to the query string, percent-encoded.
    fn append_query(&mut self, pairs: &[(&str, &str)]) -> Result<(), super::ApplyError>;
    /// Append pairs already form-encoded (`a=1&b=2`, as [`Target::append_query`] would
    /// write them) to the query string: context values encoded once, not per request.
    fn append_encoded_query(&mut self, encoded: &str) -> Result<(), super::ApplyError> {
        let pairs: Vec<(String, String)> = form_urlencoded::parse(encoded.as_bytes())
            .into_owned()
            .collect();
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (&**k, &**v)).collect();
        self.append_query(&pairs)
    }
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
    fn scheme_and_host(&self) -> (Option<&str>, Option<&str>) {
        (self.uri().scheme_str(), self.uri().host())
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
    fn scheme_and_host(&self) -> (Option<&str>, Option<&str>) {
        (Some(self.url().scheme()), self.url().host_str())
    }

    fn headers_mut(&mut self) -> &mut HeaderMap {
        reqwest::Request::headers_mut(self)
    }

    fn append_query(&mut self, pairs: &[(&str, &str)]) -> Result<(), super::ApplyError> {
        let mut q = self.url_mut().query_pairs_mut();
        for (k, v) in pairs {
            q.append_pair(k, v);
        }
        Ok(())
    }

    fn append_encoded_query(&mut self, encoded: &str) -> Result<(), super::ApplyError> {
        let url = self.url_mut();
        match url.query() {
            Some(q) if !q.is_empty() => {
                let mut joined = String::with_capacity(q.len() + 1 + encoded.len());
                joined.push_str(q);
                joined.push('&');
                joined.push_str(encoded);
                url.set_query(Some(&joined));
            }
            // Form encoding leaves nothing `set_query` would encode again.
            _ => url.set_query(Some(encoded)),
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

#[cfg(all(test, feature = "reqwest"))]
mod tests {
    use super::*;

    /// Pairs encoded once and appended give the URL that appending them pair by pair
    /// gives, for queries present, empty and absent, and values that need encoding.
    #[test]
    fn encoded_pairs_append_as_pairs_do() {
        let pairs = [("teamID", "T 1&x=é+%"), ("b", "")];
        let encoded: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(pairs)
            .finish();
        for url in [
            "https://api.example.com/v1/x",
            "https://api.example.com/v1/x?",
            "https://api.example.com/v1/x?customerCode=M-1000&q=a%20b",
            "https://api.example.com/v1/x?a=1#frag",
        ] {
            let request =
                || reqwest::Request::new(http::Method::GET, url.parse().expect("a valid URL"));
            let (mut by_pairs, mut encoded_once) = (request(), request());
            by_pairs.append_query(&pairs).expect("appended");
            encoded_once
                .append_encoded_query(&encoded)
                .expect("appended");
            assert_eq!(by_pairs.url(), encoded_once.url(), "{url}");
        }
    }
}
