//! Writing a credential and the context values onto a request: headers built in one
//! buffer, fields batched per place, cookies joined.

use base64::Engine as _;
use http::header::{AUTHORIZATION, COOKIE, HeaderName, HeaderValue};

use auth_spec::model::{Credential, CredentialId, FieldLocation, Template};
use zeroize::Zeroizing;

use crate::Secret;
use crate::credentials::Held;
use smallvec::SmallVec;

use super::body::{self, Encoding};
use super::{ApplyError, Target};

/// A header value made of `parts`; one that carries a secret is marked sensitive and its
/// buffer zeroed when dropped.
pub(super) fn joined(parts: &[&[u8]], sensitive: bool) -> Option<HeaderValue> {
    if sensitive {
        return zeroizing(parts);
    }
    let len = parts.iter().map(|p| p.len()).sum();
    let mut buf = Vec::with_capacity(len);
    for p in parts {
        buf.extend_from_slice(p);
    }
    HeaderValue::from_maybe_shared(bytes::Bytes::from(buf)).ok()
}

/// A buffer that is zeroed when dropped, as the owner of a header value's bytes: the
/// value's clones share it, and the last one to go wipes the secret.
struct Wiped(zeroize::Zeroizing<Vec<u8>>);

impl AsRef<[u8]> for Wiped {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// A sensitive header value made of `parts`, whose buffer is zeroed when the last clone
/// drops (for values kept and cloned per request).
pub(super) fn zeroizing(parts: &[&[u8]]) -> Option<HeaderValue> {
    let len = parts.iter().map(|p| p.len()).sum();
    let mut buf = zeroize::Zeroizing::new(Vec::with_capacity(len));
    for p in parts {
        buf.extend_from_slice(p);
    }
    let mut v = HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(Wiped(buf))).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// The value of `template` for credential `id`: its parts from what is held, else the
/// token obtained for it; `Err` names the first part that has no value.
pub(super) fn render(
    template: &Template,
    cred: &Credential,
    id: CredentialId,
    held: &Held,
    token: Option<&Secret>,
) -> Result<Zeroizing<Vec<u8>>, String> {
    render_with(template, cred, id, held, token, None)
}

/// As [`render`], with the JWT signed for this request as `{jwt}`.
pub(super) fn render_with(
    template: &Template,
    cred: &Credential,
    id: CredentialId,
    held: &Held,
    token: Option<&Secret>,
    jwt: Option<&Secret>,
) -> Result<Zeroizing<Vec<u8>>, String> {
    let mut out = Zeroizing::new(Vec::with_capacity(template.as_str().len() + 48));
    let mut value = |name: &str| {
        if name == auth_spec::model::Jwt::VAR
            && let Some(j) = jwt
        {
            return Some(j.expose());
        }
        let part = cred.parts.id(name)?;
        held.part(id, part).or(token).map(Secret::expose)
    };
    template
        .render_into(&mut out, &mut value)
        .map_err(str::to_owned)?;
    Ok(out)
}

/// `Basic base64(user:pass)`, in a buffer zeroed when the last clone drops.
pub(super) fn basic(user: &[u8], pass: &[u8]) -> Option<HeaderValue> {
    const PREFIX: &[u8] = b"Basic ";
    let engine = &base64::engine::general_purpose::STANDARD;
    let mut raw = Zeroizing::new(Vec::with_capacity(user.len() + 1 + pass.len()));
    raw.extend_from_slice(user);
    raw.push(b':');
    raw.extend_from_slice(pass);
    let mut buf = zeroize::Zeroizing::new(vec![
        0u8;
        PREFIX.len() + base64::encoded_len(raw.len(), true)?
    ]);
    buf[..PREFIX.len()].copy_from_slice(PREFIX);
    let written = engine
        .encode_slice(raw.as_slice(), &mut buf[PREFIX.len()..])
        .ok()?;
    buf.truncate(PREFIX.len() + written);
    let mut v = HeaderValue::from_maybe_shared(bytes::Bytes::from_owner(Wiped(buf))).ok()?;
    v.set_sensitive(true);
    Some(v)
}

/// A few pairs, on the stack (a request carries a handful of fields at most).
type Pairs<'a> = SmallVec<[(&'a str, &'a str); 4]>;

/// Fields waiting to be written, by where they go (batched so a body is merged once).
#[derive(Default)]
pub(super) struct Fields<'a> {
    items: SmallVec<[(FieldLocation, &'a str, &'a str); 4]>,
}

impl<'a> Fields<'a> {
    pub(super) fn push(&mut self, at: FieldLocation, name: &'a str, value: &'a str) {
        self.items.push((at, name, value));
    }

    fn at(&self, at: FieldLocation) -> Pairs<'a> {
        self.items
            .iter()
            .filter(|(l, ..)| *l == at)
            .map(|(_, n, v)| (*n, *v))
            .collect()
    }

    /// Write every field onto `target`.
    pub(super) fn write<T: Target + ?Sized>(&self, target: &mut T) -> Result<(), ApplyError> {
        if self.items.is_empty() {
            return Ok(());
        }
        let query = self.at(FieldLocation::Query);
        if !query.is_empty() {
            target.append_query(&query)?;
        }
        body::merge(target, Encoding::Form, &self.at(FieldLocation::Form))?;
        body::merge(target, Encoding::Json, &self.at(FieldLocation::Json))?;
        body::merge(target, Encoding::Either, &self.at(FieldLocation::Body))?;
        let cookies = self.at(FieldLocation::Cookie);
        if !cookies.is_empty() {
            let headers = target.headers_mut();
            let mut line = zeroize::Zeroizing::new(
                headers
                    .get(COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
                    .unwrap_or_default(),
            );
            for (k, v) in &cookies {
                if !line.is_empty() {
                    line.push_str("; ");
                }
                line.push_str(k);
                line.push('=');
                line.push_str(v);
            }
            let value = joined(&[line.as_bytes()], true)
                .ok_or_else(|| ApplyError::InvalidHeaderValue("Cookie".to_owned()))?;
            headers.insert(COOKIE, value);
        }
        Ok(())
    }
}

/// Insert a header, refusing a value HTTP cannot carry (naming whose value it was).
pub(super) fn header<T: Target + ?Sized>(
    target: &mut T,
    name: &HeaderName,
    parts: &[&[u8]],
    sensitive: bool,
    owner: &str,
) -> Result<(), ApplyError> {
    let value =
        joined(parts, sensitive).ok_or_else(|| ApplyError::InvalidHeaderValue(owner.to_owned()))?;
    target.headers_mut().insert(name.clone(), value);
    Ok(())
}

/// Insert `Authorization: Basic …`.
pub(super) fn basic_header<T: Target + ?Sized>(
    target: &mut T,
    user: &[u8],
    pass: &[u8],
    owner: &str,
) -> Result<(), ApplyError> {
    let value =
        basic(user, pass).ok_or_else(|| ApplyError::InvalidHeaderValue(owner.to_owned()))?;
    target.headers_mut().insert(AUTHORIZATION, value);
    Ok(())
}
