//! Writing prepared values onto a request: headers built in one buffer, Basic encoded in
//! place, fields batched per place, cookies joined.

use std::sync::Arc;

use auth_spec::Spec;
use auth_spec::model::{Placement, PlacementKind};
use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

use super::body::{self, Encoding};
use super::{ApplyError, Authenticator, Target};

/// The header names the spec writes to, parsed (names that do not parse are left out and
/// reported when a request would use them).
pub(super) fn header_names(spec: &Spec) -> Arc<[(Box<str>, HeaderName)]> {
    let creds = spec
        .credentials
        .values()
        .flat_map(|c| c.placements.iter())
        .filter_map(|p| match p {
            Placement::Header { name, .. } => Some(name.as_str()),
            _ => None,
        });
    let params = spec
        .parameters
        .values()
        .flat_map(|p| p.placements.iter())
        .filter(|p| p.location == PlacementKind::Header)
        .map(|p| p.name.as_str());
    let mut out: Vec<(Box<str>, HeaderName)> = Vec::new();
    for n in creds.chain(params) {
        if let Ok(h) = HeaderName::from_bytes(n.as_bytes())
            && !out.iter().any(|(s, _)| **s == *n)
        {
            out.push((n.into(), h));
        }
    }
    out.into()
}

/// A value on its way to the wire, with where it goes.
#[derive(Clone, Copy)]
pub(super) enum Write<'a> {
    /// Name, scheme, value, and whether the value is secret (a credential) or not (a
    /// context value such as a tenant id, which stays readable in `-v` output).
    Header(&'a str, Option<&'a str>, &'a str, bool),
    Basic(&'a str, &'a str),
    Field(PlacementKind, &'a str, &'a str),
}

/// A header value made of `parts`, built in one exactly-sized buffer that the value then
/// owns (one allocation, no copy).
pub(super) fn joined(parts: &[&[u8]]) -> Option<HeaderValue> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut buf = Vec::with_capacity(len);
    for p in parts {
        buf.extend_from_slice(p);
    }
    HeaderValue::from_maybe_shared(bytes::Bytes::from(buf)).ok()
}

/// `Basic base64(user:pass)`, encoded straight into the value's own buffer.
pub(super) fn basic(user: &str, pass: &str) -> Option<HeaderValue> {
    const PREFIX: &[u8] = b"Basic ";
    let engine = &base64::engine::general_purpose::STANDARD;
    let raw_len = user.len() + 1 + pass.len();
    let encoded = base64::encoded_len(raw_len, true)?;
    let mut buf = vec![0u8; PREFIX.len() + encoded];
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let out = &mut buf[PREFIX.len()..];
    let written = if raw_len <= 192 {
        // `user:pass` assembled on the stack.
        let mut raw = [0u8; 192];
        raw[..user.len()].copy_from_slice(user.as_bytes());
        raw[user.len()] = b':';
        raw[user.len() + 1..raw_len].copy_from_slice(pass.as_bytes());
        engine.encode_slice(&raw[..raw_len], out).ok()?
    } else {
        let mut raw = Vec::with_capacity(raw_len);
        raw.extend_from_slice(user.as_bytes());
        raw.push(b':');
        raw.extend_from_slice(pass.as_bytes());
        engine.encode_slice(&raw, out).ok()?
    };
    buf.truncate(PREFIX.len() + written);
    HeaderValue::from_maybe_shared(bytes::Bytes::from(buf)).ok()
}

/// A few `Copy` items on the stack, spilling to the heap past `N`.
pub(super) struct Small<T: Copy, const N: usize> {
    inline: [T; N],
    len: usize,
    spill: Vec<T>,
}

impl<T: Copy, const N: usize> Small<T, N> {
    pub(super) fn new(fill: T) -> Self {
        Self {
            inline: [fill; N],
            len: 0,
            spill: Vec::new(),
        }
    }

    pub(super) fn push(&mut self, item: T) {
        if !self.spill.is_empty() {
            self.spill.push(item);
        } else if let Some(slot) = self.inline.get_mut(self.len) {
            *slot = item;
            self.len += 1;
        } else {
            self.spill.extend_from_slice(&self.inline);
            self.spill.push(item);
        }
    }

    pub(super) fn as_slice(&self) -> &[T] {
        if self.spill.is_empty() {
            &self.inline[..self.len]
        } else {
            &self.spill
        }
    }
}

/// A header value marked sensitive, so HTTP/2 HPACK never indexes it and logging layers
/// that honour the flag skip it.
pub(super) fn sensitive(text: &str) -> Option<HeaderValue> {
    let mut v = HeaderValue::from_str(text).ok()?;
    v.set_sensitive(true);
    Some(v)
}

impl Authenticator {
    /// The parsed header name for `name`: from the cache, else parsed now.
    pub(super) fn header_name(&self, name: &str) -> Result<HeaderName, ApplyError> {
        if let Some((_, h)) = self.headers.iter().find(|(s, _)| **s == *name) {
            return Ok(h.clone());
        }
        HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| ApplyError::Spec(format!("`{name}` is not a header name")))
    }

    pub(super) fn write_all<T: Target + ?Sized>(
        &self,
        target: &mut T,
        writes: &[Write<'_>],
        credential: &str,
    ) -> Result<(), ApplyError> {
        let invalid = || ApplyError::InvalidHeaderValue(credential.to_owned());
        let mut has_fields = false;
        for w in writes {
            match *w {
                Write::Header(name, scheme, value, secret) => {
                    let name = self.header_name(name)?;
                    let value = match scheme {
                        Some(s) => joined(&[s.as_bytes(), b" ", value.as_bytes()]),
                        None => HeaderValue::from_str(value).ok(),
                    };
                    let mut value = value.ok_or_else(invalid)?;
                    value.set_sensitive(secret);
                    target.headers_mut().insert(name, value);
                }
                Write::Basic(user, pass) => {
                    let mut value = basic(user, pass).ok_or_else(invalid)?;
                    value.set_sensitive(true);
                    target.headers_mut().insert(AUTHORIZATION, value);
                }
                Write::Field(PlacementKind::Header | PlacementKind::Basic, ..) => {
                    return Err(ApplyError::Spec("a field placement in a header".to_owned()));
                }
                Write::Field(..) => has_fields = true,
            }
        }
        if !has_fields {
            return Ok(());
        }
        let fields = |kind: PlacementKind| {
            let mut out: Small<(&str, &str), 8> = Small::new(("", ""));
            for w in writes {
                if let Write::Field(k, name, value) = *w
                    && k == kind
                {
                    out.push((name, value));
                }
            }
            out
        };
        let query = fields(PlacementKind::Query);
        if !query.as_slice().is_empty() {
            target.append_query(query.as_slice())?;
        }
        body::merge(
            target,
            Encoding::Form,
            fields(PlacementKind::Form).as_slice(),
        )?;
        body::merge(
            target,
            Encoding::Json,
            fields(PlacementKind::Json).as_slice(),
        )?;
        body::merge(
            target,
            Encoding::Either,
            fields(PlacementKind::Body).as_slice(),
        )?;
        let cookies = fields(PlacementKind::Cookie);
        if !cookies.as_slice().is_empty() {
            let headers = target.headers_mut();
            let mut line = headers
                .get(COOKIE)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
                .unwrap_or_default();
            for (k, v) in cookies.as_slice() {
                if !line.is_empty() {
                    line.push_str("; ");
                }
                line.push_str(k);
                line.push('=');
                line.push_str(v);
            }
            headers.insert(COOKIE, sensitive(&line).ok_or_else(invalid)?);
        }
        Ok(())
    }
}
