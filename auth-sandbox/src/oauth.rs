//! OAuth 2.0 token endpoints (RFC 6749), served from the spec: the client credentials
//! grant (§4.4) and the refresh token grant (§6), answered in the RFC's own terms (a
//! §5.1 token response, a §5.2 error body) whatever the provider's API errors look like.
//!
//! An exchange operation is served this way when its request sends a `grant_type`. What
//! the request must carry comes from the spec: its constant fields must have their
//! values (`grant_type`, `scope`, `box_subject_type`), its required templated fields must
//! be present, and the client authenticates as the operation's `auth` places it (Basic or
//! body fields). The response is written at the `issues` field paths.
//!
//! Refresh tokens rotate when the refresh operation's response declares one: each use
//! retires the token presented and hands out a new one of the same grant (family). A
//! retired token presented again is refused and its whole family revoked, access tokens
//! included, as RFC 9700 §4.14.2 recommends: a replay means a copy leaked.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use auth_core::server::{KeyDigest, KeyRecord, KeyStore, Presented, StoreError, set_path};
use auth_spec::model::{
    BodyEncoding, Credential, CredentialKind, Operation, Piece, Placement, ResetFormat,
};
use axum::body::Body;
use axum::response::Response;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, DATE, HOST, PRAGMA, WWW_AUTHENTICATE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use serde_json::{Map, Value, json};

use crate::Inner;
use crate::ops::{new_secret, random};

/// Whether `op` is an OAuth 2.0 token request (it sends a `grant_type`).
pub(crate) fn is_token_endpoint(op: &Operation) -> bool {
    op.request
        .as_ref()
        .is_some_and(|r| r.fields.iter().any(|(n, _)| n == "grant_type"))
}

/// The operation among those at `route`'s method and path whose constant `grant_type`
/// is the one the request sends (a token endpoint serves every grant at one URL).
pub(crate) fn by_grant<'a>(
    inner: &'a Inner,
    route: auth_core::route::Route<'a>,
    body: &[u8],
) -> auth_core::route::Route<'a> {
    let spec = &inner.spec;
    let first = &spec.operations[route.operation];
    if !is_token_endpoint(first) {
        return route;
    }
    let sent = fields(first, body).unwrap_or_default();
    let Some((_, grant)) = sent.iter().find(|(k, _)| k == "grant_type") else {
        return route;
    };
    let found = spec.operations.iter().find(|(_, op)| {
        op.method == first.method
            && op.path == first.path
            && op
                .request
                .as_ref()
                .and_then(|r| r.field("grant_type"))
                .and_then(|f| f.value.as_ref())
                .is_some_and(|v| v.is_literal() && v.as_str() == grant)
    });
    match found {
        Some((id, _)) => auth_core::route::Route {
            operation: id,
            params: route.params,
        },
        None => route,
    }
}

/// Most grants remembered. Past it the oldest grant is forgotten: its tokens stay valid
/// until they expire, and a rotated refresh token of it presented again is still refused
/// (its record is gone), only without revoking the rest of the grant.
const MAX_FAMILIES: usize = 65_536;

/// Grants (families) of refresh tokens: which records belong together, and the refresh
/// tokens already used. Bounded by [`MAX_FAMILIES`], oldest grant first out.
#[derive(Default)]
pub(crate) struct Families {
    /// Record id -> family.
    member_of: HashMap<String, String>,
    /// Family -> its records and retired refresh tokens, oldest family first.
    members: indexmap::IndexMap<String, Family>,
    /// Digest of a refresh token retired by rotation -> its family.
    used: HashMap<[u8; 32], String>,
}

/// One grant: its records (refresh and access tokens) and the digests of its refresh
/// tokens retired by rotation.
#[derive(Default)]
struct Family {
    ids: Vec<String>,
    used: Vec<[u8; 32]>,
}

impl Families {
    fn family_of(&self, id: &str) -> String {
        self.member_of
            .get(id)
            .cloned()
            .unwrap_or_else(|| id.to_owned())
    }

    fn join(&mut self, family: &str, id: &str) {
        self.member_of.insert(id.to_owned(), family.to_owned());
        self.members
            .entry(family.to_owned())
            .or_default()
            .ids
            .push(id.to_owned());
        while self.members.len() > MAX_FAMILIES {
            let Some((name, old)) = self.members.shift_remove_index(0) else {
                break;
            };
            for id in &old.ids {
                self.member_of.remove(id);
            }
            for d in &old.used {
                if self.used.get(d) == Some(&name) {
                    self.used.remove(d);
                }
            }
        }
    }

    /// Remember that a refresh token of `family` was retired by rotation.
    fn retire(&mut self, family: &str, digest: [u8; 32]) {
        self.used.insert(digest, family.to_owned());
        self.members
            .entry(family.to_owned())
            .or_default()
            .used
            .push(digest);
    }

    /// Take `family`'s records out (to revoke them); its retired tokens stay known, so a
    /// replay is still told apart until the grant is evicted.
    fn take_records(&mut self, family: &str) -> Vec<String> {
        let ids = self
            .members
            .get_mut(family)
            .map(|f| std::mem::take(&mut f.ids))
            .unwrap_or_default();
        for id in &ids {
            self.member_of.remove(id);
        }
        ids
    }
}

/// A §5.2 error response; `realm` adds the `WWW-Authenticate` challenge §5.2 asks for
/// when the client tried Basic.
fn error(status: StatusCode, code: &str, description: &str, realm: Option<&str>) -> Response {
    let mut res = json_no_store(
        status,
        json!({ "error": code, "error_description": description }),
    );
    if let Some(realm) = realm
        && let Ok(v) = HeaderValue::from_str(&format!("Basic realm=\"{realm}\""))
    {
        res.headers_mut().insert(WWW_AUTHENTICATE, v);
    }
    res
}

fn json_no_store(status: StatusCode, value: Value) -> Response {
    let mut res = Response::new(Body::from(value.to_string()));
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    // RFC 6749 §5.1: token responses must not be cached.
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(PRAGMA, HeaderValue::from_static("no-cache"));
    res
}

/// The request body's fields, decoded as the operation's encoding says.
fn fields(op: &Operation, body: &[u8]) -> Option<Vec<(String, String)>> {
    match op
        .request
        .as_ref()
        .map_or(BodyEncoding::Json, |r| r.encoding)
    {
        BodyEncoding::Form => Some(
            form_urlencoded::parse(body)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        ),
        BodyEncoding::Json => {
            if body.iter().all(u8::is_ascii_whitespace) {
                return Some(Vec::new());
            }
            match serde_json::from_slice::<Value>(body).ok()? {
                Value::Object(m) => Some(
                    m.into_iter()
                        .map(|(k, v)| {
                            let v = match v {
                                Value::String(s) => s,
                                other => other.to_string(),
                            };
                            (k, v)
                        })
                        .collect(),
                ),
                _ => None,
            }
        }
    }
}

/// A grant request's fields, read and checked (see [`check_fields`]); `Err` is the §5.2
/// error code and description of the `400` to answer (see [`bad_request`]).
fn grant_fields(
    op: &Operation,
    body: &[u8],
    grant: &str,
) -> Result<Vec<(String, String)>, (&'static str, String)> {
    let sent = fields(op, body).ok_or_else(|| {
        (
            "invalid_request",
            "The request body cannot be read".to_owned(),
        )
    })?;
    check_fields(op, &sent, grant)?;
    Ok(sent)
}

/// A `400` with an RFC 6749 §5.2 error code and description.
fn bad_request(code: &str, description: &str) -> Response {
    error(StatusCode::BAD_REQUEST, code, description, None)
}

/// Check the fields the spec fixes: constants must have their value, required templated
/// fields must be there. Otherwise the §5.2 error code and description of the 400.
fn check_fields(
    op: &Operation,
    sent: &[(String, String)],
    grant: &str,
) -> Result<(), (&'static str, String)> {
    let bad = |code: &'static str, d: String| (code, d);
    let get = |name: &str| {
        let mut it = sent.iter().filter(|(k, _)| k == name);
        let first = it.next().map(|(_, v)| v.as_str());
        (first, it.next().is_some())
    };
    match get("grant_type") {
        (None, _) => {
            return Err(bad(
                "invalid_request",
                "The request is missing the grant_type parameter".into(),
            ));
        }
        (_, true) => {
            return Err(bad(
                "invalid_request",
                "The grant_type parameter is repeated".into(),
            ));
        }
        (Some(g), _) if g != grant => {
            return Err(bad(
                "unsupported_grant_type",
                format!("This endpoint takes grant_type={grant}"),
            ));
        }
        _ => {}
    }
    for (name, f) in op.request.iter().flat_map(|r| &r.fields) {
        let Some(t) = &f.value else { continue };
        let (value, repeated) = get(name);
        if repeated {
            return Err(bad(
                "invalid_request",
                format!("The {name} parameter is repeated"),
            ));
        }
        match (value, t.is_literal()) {
            (Some(v), true) if v != t.as_str() => {
                let code = if name == "scope" {
                    "invalid_scope"
                } else {
                    "invalid_request"
                };
                return Err(bad(code, format!("{name} must be {}", t.as_str())));
            }
            (None, true) => {
                return Err(bad(
                    "invalid_request",
                    format!("The request is missing the {name} parameter"),
                ));
            }
            (None, false) if f.required => {
                return Err(bad(
                    "invalid_request",
                    format!("The request is missing the {name} parameter"),
                ));
            }
            // A templated value must at least have its literal text around the values.
            (Some(v), false) if t.extract(v).is_none() => {
                return Err(bad("invalid_request", format!("{name} is malformed")));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Whether the client sent Basic credentials (so a refusal carries the challenge).
fn tried_basic(parts: &Parts) -> bool {
    parts
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split_once(' '))
        .is_some_and(|(s, _)| s.eq_ignore_ascii_case("basic"))
}

fn invalid_client(inner: &Inner, parts: &Parts) -> Response {
    if tried_basic(parts) {
        error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
            Some(&inner.spec.name),
        )
    } else {
        // §5.2: 401 when the client authenticated with a header scheme, else 400 may do;
        // most providers answer 401 either way.
        error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed",
            None,
        )
    }
}

/// `POST` with `grant_type=client_credentials` (RFC 6749 §4.4).
pub(crate) async fn client_credentials(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    op: &Operation,
    route: Option<&auth_core::route::Route<'_>>,
) -> Response {
    if let Err((code, d)) = grant_fields(op, body, "client_credentials") {
        return bad_request(code, &d);
    }
    let verified = match inner
        .verifier
        .verify_routed(route, &parts.uri, &parts.headers, body)
        .await
    {
        Ok(v) => v,
        Err(_) => return invalid_client(inner, parts),
    };
    let Some(client) = verified.principal else {
        return invalid_client(inner, parts);
    };
    new_grant(inner, parts, op, client).await
}

/// `POST` with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` (RFC 7523 §2.1):
/// the assertion is checked as the `jwt` credential the operation's `auth` names would be
/// on an API request (its signature with the key the keys file holds, `exp`/`iat` with
/// leeway, fixed claims such as `aud`, replay when the JWT is per request); any failure
/// is `invalid_grant` (RFC 7523 §3.1, RFC 6749 §5.2).
pub(crate) async fn jwt_bearer(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    op: &Operation,
    route: Option<&auth_core::route::Route<'_>>,
) -> Response {
    let sent = match grant_fields(op, body, auth_spec::model::OperationRole::JWT_BEARER_GRANT) {
        Ok(sent) => sent,
        Err((code, d)) => return bad_request(code, &d),
    };
    let spec = &inner.spec;
    // The field written `{jwt}` carries the assertion.
    let assertion = op
        .request
        .iter()
        .flat_map(|r| &r.fields)
        .find_map(|(name, f)| {
            let t = f.value.as_ref()?;
            let found = t.extract(sent.iter().find(|(k, _)| k == name)?.1.as_str())?;
            found
                .into_iter()
                .find(|(var, _)| var == auth_spec::model::Jwt::VAR)
                .map(|(_, v)| v)
        });
    let Some(assertion) = assertion.filter(|a| !a.is_empty()) else {
        return bad_request("invalid_request", "The request is missing the assertion");
    };
    // Presented as the credential's own placement would carry it, for the verifier.
    let presented = op.auth.iter().flat_map(|a| &a.credentials).find_map(|&c| {
        let cred = &spec.credentials[c];
        cred.jwt.as_ref()?;
        cred.placements.iter().find_map(|p| match p {
            Placement::Header { header, value, .. } => {
                let v = value
                    .render(|n| (n == auth_spec::model::Jwt::VAR).then_some(assertion.as_str()))
                    .ok()?;
                Some((header.clone(), HeaderValue::from_str(&v).ok()?))
            }
            _ => None,
        })
    });
    let Some((name, value)) = presented else {
        return bad_request("invalid_grant", "The assertion cannot be read");
    };
    let mut headers = parts.headers.clone();
    headers.insert(name, value);
    let invalid_grant = || {
        bad_request(
            "invalid_grant",
            "The assertion is not valid: a bad signature, an unknown key, a wrong audience, expired or issued too far from now, or replayed",
        )
    };
    let verified = match inner
        .verifier
        .verify_routed(route, &parts.uri, &headers, body)
        .await
    {
        Ok(v) => v,
        Err(_) => return invalid_grant(),
    };
    let Some(client) = verified.principal else {
        return invalid_grant();
    };
    new_grant(inner, parts, op, client).await
}

/// A new grant (its own refresh-token family) for `client`, answered with its tokens.
async fn new_grant(
    inner: &Inner,
    parts: &Parts,
    op: &Operation,
    client: auth_core::server::Principal,
) -> Response {
    let mut families = inner.families.lock().await;
    let family = format!("grant_{}", random(12));
    token_response(
        inner,
        parts,
        op,
        client.key_id(),
        client.scopes().map(<[String]>::to_vec),
        &family,
        &mut families,
    )
    .await
    .unwrap_or_else(|e| unavailable(&e))
}

/// `POST` with `grant_type=refresh_token` (RFC 6749 §6), rotating the refresh token when
/// the response hands out a new one.
pub(crate) async fn refresh(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    op: &Operation,
    route: Option<&auth_core::route::Route<'_>>,
) -> Response {
    let v = &inner.verifier;
    if let Err((code, d)) = grant_fields(op, body, "refresh_token") {
        return bad_request(code, &d);
    }
    let presented = match v.extract_all_routed(route, &parts.uri, &parts.headers, body) {
        Ok(p) => p,
        Err(_) => return invalid_client(inner, parts),
    };
    let spec = &inner.spec;
    let Some(token) = presented
        .iter()
        .find(|p| spec.credentials[p.id].kind == CredentialKind::RefreshToken)
    else {
        return bad_request(
            "invalid_request",
            "The request is missing the refresh_token parameter",
        );
    };
    let digest = digest_of(token);
    // Checked, retired and replaced under one lock: two requests with the same refresh
    // token cannot both succeed.
    let mut families = inner.families.lock().await;
    match refresh_locked(inner, parts, body, op, route, &digest, &mut families).await {
        Ok(r) => r,
        Err(e) => unavailable(&e),
    }
}

/// The refresh grant's checks and answer, under the families lock; `Err` when a store
/// failed.
async fn refresh_locked(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    op: &Operation,
    route: Option<&auth_core::route::Route<'_>>,
    digest: &KeyDigest,
    families: &mut Families,
) -> Result<Response, StoreError> {
    let v = &inner.verifier;
    if let Some(family) = families.used.get(digest.as_bytes()).cloned() {
        revoke(inner, families, &family).await?;
        tracing::info!(%family, "a rotated refresh token was presented again; its grant is revoked");
        return Ok(bad_request(
            "invalid_grant",
            "The refresh token was already used; the grant is revoked",
        ));
    }
    let Some(record) = inner.store.find(digest).await? else {
        return Ok(bad_request("invalid_grant", "The refresh token is invalid"));
    };
    if record.is_expired(SystemTime::now()) {
        return Ok(bad_request(
            "invalid_grant",
            "The refresh token has expired",
        ));
    }
    let verified = match v
        .verify_routed(route, &parts.uri, &parts.headers, body)
        .await
    {
        Ok(v) => v,
        Err(_) => return Ok(invalid_client(inner, parts)),
    };
    let Some(client) = verified.principal else {
        return Ok(invalid_client(inner, parts));
    };
    let family = families.family_of(&record.id);
    let rotates = op
        .issues
        .as_ref()
        .is_some_and(|x| x.refresh_token.is_some());
    if rotates {
        inner.store.revoke(&record.id).await?;
        families.retire(&family, *digest.as_bytes());
    }
    let subject = record
        .subject
        .clone()
        .unwrap_or_else(|| client.key_id().to_owned());
    token_response(
        inner,
        parts,
        op,
        &subject,
        record.scopes.clone(),
        &family,
        families,
    )
    .await
}

/// The token endpoint's answer when a store it needs did not answer: refused, never let
/// through.
fn unavailable(e: &StoreError) -> Response {
    tracing::error!(error = %e, "key store unavailable: token request refused");
    error(
        StatusCode::SERVICE_UNAVAILABLE,
        "temporarily_unavailable",
        "The server cannot issue tokens right now",
        None,
    )
}

fn digest_of(p: &Presented) -> KeyDigest {
    KeyDigest::of(&p.credential, p.parts().map(|(n, v)| (n, v.expose())))
}

/// Drop every token of `family`.
async fn revoke(inner: &Inner, families: &mut Families, family: &str) -> Result<(), StoreError> {
    for id in families.take_records(family) {
        inner.store.revoke(&id).await?;
    }
    Ok(())
}

/// Issue the access token (and refresh token, when the operation's response carries one)
/// and write the §5.1 response at the spec's field paths.
async fn token_response(
    inner: &Inner,
    parts: &Parts,
    op: &Operation,
    subject: &str,
    scopes: Option<Vec<String>>,
    family: &str,
    families: &mut Families,
) -> Result<Response, StoreError> {
    let Some(x) = op.issues.as_ref() else {
        return Ok(error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "server_error",
            "The operation issues no token",
            None,
        ));
    };
    let spec = &inner.spec;
    let access = &spec.credentials[x.credential];
    let lifetime = inner
        .token_lifetime
        .or(access.default_lifetime_seconds)
        .unwrap_or(3600);
    let (token, id) = store(inner, access, subject, scopes.clone(), Some(lifetime)).await?;
    families.join(family, &id);
    let mut doc = Value::Object(Map::new());
    set_path(&mut doc, &x.token_field, token.into());
    let server_now = inner.server_now();
    if let Some(f) = &x.expires_in_field {
        set_path(&mut doc, f, lifetime.into());
    }
    if let Some((f, format)) = &x.expires_at {
        let at = server_now + Duration::from_secs(lifetime);
        set_path(&mut doc, f, time_value(at, *format));
    }
    if let Some(f) = &x.token_type_field {
        set_path(&mut doc, f, token_type(access).into());
    }
    if let Some(r) = &x.refresh_token {
        let cred = &spec.credentials[r.credential];
        let life = cred.default_lifetime_seconds;
        let (refresh, rid) = store(inner, cred, subject, scopes, life).await?;
        families.join(family, &rid);
        set_path(&mut doc, &r.field, refresh.into());
    }
    for (param, field) in &x.parameters {
        set_path(&mut doc, field, param_value(inner, parts, *param).into());
    }
    let mut res = json_no_store(StatusCode::OK, doc);
    if let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(server_now)) {
        res.headers_mut().insert(DATE, v);
    }
    Ok(res)
}

/// A new token for `cred`, stored by digest; `(value, record id)`.
async fn store(
    inner: &Inner,
    cred: &Credential,
    subject: &str,
    scopes: Option<Vec<String>>,
    lifetime: Option<u64>,
) -> Result<(String, String), StoreError> {
    let part = cred
        .sole_part()
        .map_or(Credential::SHORTHAND_PART, |p| cred.parts[p].name.as_str());
    let expires = lifetime.map(|l| SystemTime::now() + Duration::from_secs(l));
    let token = new_secret(cred, part, None, Some(subject), expires);
    let id = format!("tok_{}", random(12));
    let mut record = KeyRecord::new(id.clone(), cred.name.as_str());
    record.subject = Some(subject.to_owned());
    record.scopes = scopes;
    record.expires_at = expires;
    let digest = KeyDigest::of(&record.credential, [(part, token.as_str())]);
    inner.store.add(record, digest).await?;
    Ok((token, id))
}

/// The token type a response names: the scheme the access token is sent with
/// (`Bearer`), lowercase as most providers write it.
fn token_type(access: &Credential) -> String {
    access
        .placements
        .iter()
        .find_map(|p| match p {
            Placement::Header {
                scheme: Some(s), ..
            } => Some(s.to_ascii_lowercase()),
            _ => None,
        })
        .unwrap_or_else(|| "bearer".to_owned())
}

/// The value a token response gives context parameter `param`: for one the base URL
/// names (an instance URL), this sandbox's own origin, so the client's requests come
/// back here; else a sandbox value.
fn param_value(inner: &Inner, parts: &Parts, param: auth_spec::model::ParameterId) -> String {
    let name = &inner.spec.parameters[param].name;
    let in_base = inner.spec.base_url.template.as_ref().is_some_and(|t| {
        t.pieces()
            .first()
            .is_some_and(|p| matches!(p, Piece::Var(v) if v == name))
    });
    let host = parts
        .headers
        .get(HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    if in_base {
        format!("http://{host}")
    } else {
        format!("sbx_{name}")
    }
}

fn time_value(at: SystemTime, format: ResetFormat) -> Value {
    let secs = at
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    match format {
        ResetFormat::UnixMillis => Value::from(secs.saturating_mul(1000)),
        ResetFormat::HttpDate => Value::from(httpdate::fmt_http_date(at)),
        ResetFormat::Rfc3339 => Value::from(crate::ops::rfc3339(at)),
        _ => Value::from(secs),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grants_are_bounded_oldest_first() {
        let mut f = Families::default();
        for i in 0..MAX_FAMILIES + 10 {
            let family = format!("grant_{i}");
            f.join(&family, &format!("tok_{i}"));
            let mut digest = [0u8; 32];
            digest[..8].copy_from_slice(&(i as u64).to_le_bytes());
            f.retire(&family, digest);
        }
        assert_eq!(f.members.len(), MAX_FAMILIES);
        assert_eq!(f.member_of.len(), MAX_FAMILIES);
        assert_eq!(f.used.len(), MAX_FAMILIES);
        // The oldest grants went first; the newest are kept.
        assert_eq!(f.family_of("tok_0"), "tok_0");
        let last = MAX_FAMILIES + 9;
        assert_eq!(f.family_of(&format!("tok_{last}")), format!("grant_{last}"));
        // A revoked grant's records go; its retired refresh tokens stay known.
        let family = format!("grant_{last}");
        assert_eq!(f.take_records(&family), vec![format!("tok_{last}")]);
        assert!(f.used.values().any(|g| *g == family));
    }
}
