//! The spec's operations, served by their `role`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use auth_core::format::check as check_format;
use auth_core::server::{
    KeyDigest, KeyRecord, Principal, Problem, RateLimitStatus, Rejection, StoreError, Verified,
};
use auth_spec::model::{
    Credential, CredentialId, ErrorKind, FieldLocation, FieldType, Operation, OperationRole,
    Placement,
};
use axum::body::Body;
use axum::response::{IntoResponse, Response};
use base64::Engine as _;
use http::header::{CONTENT_TYPE, SET_COOKIE};
use http::request::Parts;
use http::{HeaderValue, StatusCode};
use serde_json::{Map, Value, json};

use crate::{Client, Inner};

/// Longest lifetime a caller may ask for (one year).
const MAX_LIFETIME: u64 = 365 * 24 * 3600;

type Outcome = Result<Response, Rejection>;

/// Serve one request; the response, and the rate-limit window it was counted in (when the
/// spec documents rate limiting).
pub(crate) async fn dispatch(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    client: Client,
) -> (Response, Option<RateLimitStatus>) {
    let mut window = None;
    let outcome = serve(inner, parts, body, client, &mut window).await;
    (outcome.unwrap_or_else(|r| r.to_response()), window)
}

/// Count the request in `bucket` (when the spec documents rate limits); refuse it when the
/// window is spent.
async fn count(
    inner: &Inner,
    bucket: String,
    window: &mut Option<RateLimitStatus>,
) -> Result<(), Rejection> {
    if inner.spec.rate_limit.is_none() {
        return Ok(());
    }
    let (status, over) = inner.hit(&bucket).await?;
    *window = Some(status);
    if over {
        return Err(inner.verifier.reject(Problem::RateLimited));
    }
    Ok(())
}

/// The rate-limit bucket of a verified request: its credential, else its address.
fn bucket(verified: &Verified, client: Client) -> String {
    match &verified.principal {
        Some(p) => format!("key {}", p.key_id()),
        None => format!("addr {client}"),
    }
}

async fn serve(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    client: Client,
    window: &mut Option<RateLimitStatus>,
) -> Outcome {
    let v = &inner.verifier;
    // The one match of this request to an operation; every step below reuses it.
    let route = v.route(&parts.method, parts.uri.path());
    // One token endpoint serves several grants: the one the body names.
    let route = route.map(|r| crate::oauth::by_grant(inner, r, body));
    let op = route.as_ref().map(|r| &inner.spec.operations[r.operation]);
    let role = op.and_then(|o| o.role);
    match (role, op) {
        // Token endpoints answer in OAuth 2.0's terms (RFC 6749 §5.2), not the API's.
        (Some(OperationRole::ClientCredentials), Some(op)) => {
            return Ok(
                crate::oauth::client_credentials(inner, parts, body, op, route.as_ref()).await,
            );
        }
        (Some(OperationRole::JwtBearer), Some(op)) => {
            return Ok(crate::oauth::jwt_bearer(inner, parts, body, op, route.as_ref()).await);
        }
        (Some(OperationRole::Refresh), Some(op)) if crate::oauth::is_token_endpoint(op) => {
            return Ok(crate::oauth::refresh(inner, parts, body, op, route.as_ref()).await);
        }
        (Some(OperationRole::Login), Some(op)) => {
            return login(inner, parts, body, op, route.as_ref(), client, window).await;
        }
        _ => {}
    }
    let verified = match v
        .verify_routed_method(
            &parts.method,
            route.as_ref(),
            &parts.uri,
            &parts.headers,
            body,
        )
        .await
    {
        Ok(verified) => verified,
        Err(r) => {
            // Unauthenticated traffic is counted per address, never against a credential.
            count(inner, format!("addr {client}"), window).await?;
            return Err(r);
        }
    };
    count(inner, bucket(&verified, client), window).await?;
    match (role, op) {
        (Some(OperationRole::Refresh), Some(op)) => refresh(inner, op, &verified, client).await,
        (Some(OperationRole::RotateKey), Some(op)) => rotate(inner, op, &verified).await,
        (Some(OperationRole::CreateKey), Some(op)) => create_key(inner, op, &verified, body).await,
        (Some(OperationRole::ListKeys), Some(op)) => list_keys(inner, op, &verified).await,
        (Some(OperationRole::GetKeyPermissions), Some(op)) => {
            permissions(inner, op, &verified, None).await
        }
        (Some(OperationRole::PutKeyPermissions), Some(op)) => {
            permissions(inner, op, &verified, Some(body)).await
        }
        (Some(OperationRole::IssueUserToken), Some(op)) => {
            issue_user_token(inner, op, &verified, body).await
        }
        _ => Ok(echo(inner, parts, &verified)),
    }
}

fn bad(inner: &Inner, message: impl Into<String>) -> Rejection {
    inner.verifier.reject(Problem::BadRequest(message.into()))
}

fn json_response(status: StatusCode, value: Value) -> Response {
    let mut res = Response::new(Body::from(value.to_string()));
    *res.status_mut() = status;
    res.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    res
}

/// A request body as a JSON object; an empty body is `{}`.
fn json_body(inner: &Inner, body: &[u8]) -> Result<Map<String, Value>, Rejection> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Map::new());
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(m)) => Ok(m),
        _ => Err(bad(inner, "The request body must be a JSON object")),
    }
}

fn strings(v: Option<&Value>) -> Result<Option<Vec<String>>, ()> {
    match v {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Array(a)) => a
            .iter()
            .map(|x| x.as_str().map(str::to_owned).ok_or(()))
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        Some(_) => Err(()),
    }
}

pub(crate) fn random(n: usize) -> String {
    crate::random::alphanumeric(n)
}

/// A fresh value for `part` of `cred`: its prefix (the one for `environment`, else the
/// first) plus random characters; JWT-shaped for an access token without a prefix rule.
pub(crate) fn new_secret(
    cred: &Credential,
    part: &str,
    environment: Option<&str>,
    subject: Option<&str>,
    expires: Option<SystemTime>,
) -> String {
    let prefixes = cred
        .parts
        .get(part)
        .and_then(|p| p.format.as_ref())
        .map(|f| f.prefixes.as_slice())
        .unwrap_or_default();
    let prefix = prefixes
        .iter()
        .find(|p| p.environment.as_deref() == environment && environment.is_some())
        .or(prefixes.first());
    match prefix {
        Some(p) => format!("{}sbx_{}", p.prefix, random(32)),
        None if cred.kind == auth_spec::model::CredentialKind::AccessToken => {
            jwt_shaped(subject, expires)
        }
        None => format!("sbx_{}", random(40)),
    }
}

/// `header.payload.nonce`, base64url: looks like a JWT to clients that read `exp`, but is
/// unsigned (`alg: none`) and the sandbox never trusts its content, only its digest.
fn jwt_shaped(subject: Option<&str>, expires: Option<SystemTime>) -> String {
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = unix(SystemTime::now());
    let mut claims = json!({ "iat": now, "jti": random(16) });
    if let Some(s) = subject {
        claims["sub"] = s.into();
    }
    if let Some(e) = expires {
        claims["exp"] = unix(e).into();
    }
    format!(
        "{}.{}.{}",
        b64.encode(br#"{"alg":"none","typ":"JWT"}"#),
        b64.encode(claims.to_string()),
        random(43)
    )
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// RFC 3339 (UTC, seconds) for list responses.
pub(crate) fn rfc3339(t: SystemTime) -> String {
    let secs = unix(t);
    let (days, rem) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// The response field that carries a plain credential (`plainKey` with `from: api_key`).
fn plain_field(op: &Operation, credential: CredentialId) -> Option<&str> {
    op.response
        .as_ref()?
        .body
        .as_ref()?
        .fields
        .iter()
        .find(|(_, f)| f.from.is_some_and(|r| r.credential == credential))
        .map(|(n, _)| n.as_str())
}

fn response_has_field(op: &Operation, name: &str) -> bool {
    op.response
        .as_ref()
        .and_then(|r| r.body.as_ref())
        .is_some_and(|b| b.field(name).is_some())
}

/// What a token is issued to.
struct Grant {
    subject: Option<String>,
    scopes: Option<Vec<String>>,
    /// The login session it belongs to.
    session: Option<String>,
}

/// Issue `op`'s exchanged credential; the JSON body (token, lifetime, `token_type` when
/// documented) and the cookies the operation sets (`extra_cookies`: more to set, as a
/// refresh sets the refresh token that replaces the one it spent).
async fn issue(
    inner: &Inner,
    op: &Operation,
    grant: Grant,
    lifetime: Option<u64>,
    name: Option<String>,
    extra_cookies: &[(&str, CredentialId)],
) -> Outcome {
    let spec = &inner.spec;
    let exch = op
        .issues
        .as_ref()
        .ok_or_else(|| bad(inner, "This operation issues nothing"))?;
    let cred = &spec.credentials[exch.credential];
    let lifetime = lifetime.or(cred.default_lifetime_seconds);
    let token = store_token(inner, cred, &grant, lifetime, name).await?;
    let mut obj = Map::new();
    obj.insert(exch.token_field.clone(), token.into());
    if let (Some(field), Some(l)) = (&exch.expires_in_field, lifetime) {
        obj.insert(field.clone(), l.into());
    }
    if response_has_field(op, "token_type") {
        let scheme = cred.placements.iter().find_map(|p| match p {
            Placement::Header {
                scheme: Some(s), ..
            } => Some(s.to_ascii_lowercase()),
            _ => None,
        });
        obj.insert(
            "token_type".to_owned(),
            scheme.unwrap_or_else(|| "bearer".into()).into(),
        );
    }
    let mut res = json_response(StatusCode::OK, Value::Object(obj));
    let documented = op
        .response
        .iter()
        .flat_map(|r| &r.sets_cookies)
        .map(|(c, id)| (c.as_str(), *id));
    for (cookie, cid) in documented.chain(extra_cookies.iter().copied()) {
        let c = &spec.credentials[cid];
        // Refresh tokens expire too: the spec's lifetime, else the sandbox's.
        let lifetime = c
            .default_lifetime_seconds
            .unwrap_or(inner.tokens.refresh_seconds);
        let value = store_token(inner, c, &grant, Some(lifetime), None).await?;
        // HttpOnly as documented; not `Secure`, since the sandbox speaks plain HTTP on loopback.
        let header =
            format!("{cookie}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={lifetime}");
        if let Ok(h) = HeaderValue::from_str(&header) {
            res.headers_mut().append(SET_COOKIE, h);
        }
    }
    Ok(res)
}

/// Issue a token of `cred` and store its digest; its plain value.
///
/// A token always expires, so the store can forget it: with no lifetime from the spec or
/// the caller it lives `tokens.access_seconds` (not announced: a client uses it until it is
/// refused, as it would any token of unknown lifetime).
async fn store_token(
    inner: &Inner,
    cred: &Credential,
    grant: &Grant,
    lifetime: Option<u64>,
    name: Option<String>,
) -> Result<String, Rejection> {
    let part = cred
        .sole_part()
        .map_or(auth_spec::model::Credential::SHORTHAND_PART, |p| {
            cred.parts[p].name.as_str()
        });
    let expires = lifetime.map(|l| SystemTime::now() + Duration::from_secs(l));
    let token = new_secret(cred, part, None, grant.subject.as_deref(), expires);
    let mut record = KeyRecord::new(format!("tok_{}", random(16)), cred.name.as_str());
    record.subject = grant.subject.clone();
    record.scopes = grant.scopes.clone();
    record.session = grant.session.clone();
    record.expires_at =
        Some(expires.unwrap_or_else(|| {
            SystemTime::now() + Duration::from_secs(inner.tokens.access_seconds)
        }));
    record.name = name;
    let digest = KeyDigest::of(&cred.name, [(part, token.as_str())]);
    inner
        .store
        .add(record, digest)
        .await
        .map_err(|e| inner.unavailable(&e))?;
    Ok(token)
}

fn principal<'v>(inner: &Inner, verified: &'v Verified) -> Result<&'v Principal, Rejection> {
    verified
        .principal
        .as_ref()
        .ok_or_else(|| inner.verifier.reject(Problem::Missing))
}

async fn login(
    inner: &Inner,
    parts: &Parts,
    body: &[u8],
    op: &Operation,
    route: Option<&auth_core::route::Route<'_>>,
    client: Client,
    window: &mut Option<RateLimitStatus>,
) -> Outcome {
    let v = &inner.verifier;
    let presented = match v.extract_routed(route, &parts.uri, &parts.headers, body) {
        Ok(Some(p)) => p,
        Ok(None) => Err(v.reject(Problem::Missing))?,
        Err(r) => {
            count(inner, format!("addr {client}"), window).await?;
            return Err(r);
        }
    };
    // The account is the login's non-secret part (the email).
    let account: String = inner.spec.credentials[presented.id]
        .parts
        .values()
        .filter(|p| !p.secret)
        .filter_map(|p| presented.part(&p.name).map(|s| s.expose().to_owned()))
        .collect::<Vec<_>>()
        .join(":");
    let lock = lockable(inner).then(|| Inner::lock_key(client, &account));
    if let Some(key) = &lock {
        let until = inner
            .limits
            .locked_until(key, SystemTime::now())
            .await
            .map_err(|e| inner.unavailable(&e))?;
        if until.is_some() {
            count(inner, format!("addr {client}"), window).await?;
            return Err(v.reject(Problem::Locked));
        }
    }
    match v
        .verify_routed(route, &parts.uri, &parts.headers, body)
        .await
    {
        Err(r) => {
            if let Some(key) = &lock
                && r.status() == StatusCode::UNAUTHORIZED
            {
                inner
                    .limits
                    .fail(key, inner.lockout, SystemTime::now())
                    .await
                    .map_err(|e| inner.unavailable(&e))?;
            }
            count(inner, format!("addr {client}"), window).await?;
            Err(r)
        }
        Ok(verified) => {
            if let Some(key) = &lock {
                inner
                    .limits
                    .clear(key)
                    .await
                    .map_err(|e| inner.unavailable(&e))?;
            }
            count(inner, bucket(&verified, client), window).await?;
            let p = principal(inner, &verified)?;
            let grant = Grant {
                subject: Some(p.subject().unwrap_or(p.key_id()).to_owned()),
                scopes: p.scopes().map(<[String]>::to_vec),
                // Each login starts a session; its refreshes continue it.
                session: Some(format!("ses_{}", random(24))),
            };
            issue(inner, op, grant, None, None, &[]).await
        }
    }
}

/// Whether the spec documents a `locked` answer (then failed logins lock).
fn lockable(inner: &Inner) -> bool {
    inner
        .spec
        .errors
        .catalogue
        .values()
        .any(|e| e.kind == ErrorKind::Locked)
}

/// A refresh spends the refresh token it was given (it works once) and answers with a new
/// token and, where the refresh token travels in a cookie, a new refresh cookie in the same
/// session. A client locked out of the account is refused here too: a cookie does not get
/// around a lockout.
async fn refresh(inner: &Inner, op: &Operation, verified: &Verified, client: Client) -> Outcome {
    let p = principal(inner, verified)?;
    if lockable(inner)
        && let Some(subject) = p.subject()
    {
        let until = inner
            .limits
            .locked_until(&Inner::lock_key(client, subject), SystemTime::now())
            .await
            .map_err(|e| inner.unavailable(&e))?;
        if until.is_some() {
            return Err(inner.verifier.reject(Problem::Locked));
        }
    }
    // Spend it: of two refreshes racing with one token, only the one that removes it wins.
    let spent = inner
        .store
        .revoke(p.key_id())
        .await
        .map_err(|e| inner.unavailable(&e))?;
    if spent.is_none() {
        return Err(inner.verifier.reject(Problem::Unknown));
    }
    let spec = &inner.spec;
    let cookie = spec.credentials.id(p.credential()).and_then(|id| {
        spec.credentials[id]
            .placements
            .iter()
            .find_map(|pl| match pl {
                Placement::Fields {
                    location: FieldLocation::Cookie,
                    fields,
                } if fields.len() == 1 => Some((fields[0].0.as_str(), id)),
                _ => None,
            })
    });
    let grant = Grant {
        subject: p.subject().map(str::to_owned),
        scopes: p.scopes().map(<[String]>::to_vec),
        session: p.session().map(str::to_owned),
    };
    let documented = |name: &str| {
        op.response
            .iter()
            .flat_map(|r| &r.sets_cookies)
            .any(|(c, _)| c == name)
    };
    let extra: Vec<(&str, CredentialId)> = cookie
        .into_iter()
        .filter(|(name, _)| !documented(name))
        .collect();
    issue(inner, op, grant, None, None, &extra).await
}

async fn rotate(inner: &Inner, op: &Operation, verified: &Verified) -> Outcome {
    let p = principal(inner, verified)?;
    let id = key_id_param(op, verified)
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    let id = id.as_str();
    let record = inner
        .store
        .record(id)
        .await
        .map_err(|e| inner.unavailable(&e))?
        .filter(|r| {
            op.invalidates
                .iter()
                .any(|&c| inner.spec.credentials[c].name == r.credential)
                || (op.invalidates.is_empty() && r.credential == p.credential())
        })
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    let cred = inner
        .spec
        .credentials
        .get(&record.credential)
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    let values: Vec<(String, String)> = cred
        .parts
        .values()
        .map(|part| {
            let v = new_secret(cred, &part.name, record.environment.as_deref(), None, None);
            (part.name.clone(), v)
        })
        .collect();
    let digest = KeyDigest::of(
        &record.credential,
        values.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    inner
        .store
        .rekey(id, digest)
        .await
        .map_err(|e| inner.unavailable(&e))?
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    let mut obj = Map::new();
    obj.insert("id".to_owned(), id.into());
    let issued = inner.spec.credentials.id(&record.credential);
    if let (Some(field), [(_, v)]) = (issued.and_then(|c| plain_field(op, c)), values.as_slice()) {
        obj.insert(field.to_owned(), v.clone().into());
    } else if let [(_, v)] = values.as_slice() {
        obj.insert("key".to_owned(), v.clone().into());
    } else {
        for (n, v) in &values {
            obj.insert(n.clone(), v.clone().into());
        }
    }
    Ok(json_response(StatusCode::OK, Value::Object(obj)))
}

/// The id of the key the operation acts on: the path parameter its `key_access` names
/// (the verifier has already checked the caller may act on it), percent-decoded.
fn key_id_param(op: &Operation, verified: &Verified) -> Option<String> {
    let param = &op.key_access.as_ref()?.param;
    verified
        .path_param(param)
        .and_then(auth_core::route::decode_segment)
}

async fn create_key(inner: &Inner, op: &Operation, verified: &Verified, body: &[u8]) -> Outcome {
    let p = principal(inner, verified)?;
    let req = json_body(inner, body)?;
    for (field, f) in op.request.iter().flat_map(|r| &r.fields) {
        if f.required && !req.contains_key(field) {
            return Err(bad(inner, format!("Missing '{field}'")));
        }
    }
    let cred_id = op
        .response
        .iter()
        .flat_map(|r| &r.body)
        .flat_map(|b| &b.fields)
        .find_map(|(_, f)| f.from.map(|r| r.credential))
        .or_else(|| inner.spec.credentials.id(p.credential()))
        .ok_or_else(|| bad(inner, "No such credential"))?;
    let cred = &inner.spec.credentials[cred_id];
    let cred_name = cred.name.clone();
    let name = req.get("name").and_then(Value::as_str).map(str::to_owned);
    let workspaces = strings(req.get("workspaces"))
        .map_err(|_| bad(inner, "'workspaces' must be a list of strings"))?;
    let scopes = strings(req.get("scopes").or(req.get("permissions")))
        .map_err(|_| bad(inner, "'scopes' must be a list of strings"))?;
    check_scopes(inner, scopes.iter().flatten())?;
    let id = format!("key_{}", random(8).to_ascii_lowercase());
    let mut record = KeyRecord::new(id.clone(), cred_name.clone());
    record.name = name.clone();
    record.workspaces = workspaces;
    record.scopes = scopes;
    record.environment = p.environment().map(str::to_owned);
    let values: Vec<(String, String)> = cred
        .parts
        .values()
        .map(|part| {
            (
                part.name.clone(),
                new_secret(cred, &part.name, p.environment(), None, None),
            )
        })
        .collect();
    let digest = KeyDigest::of(
        &cred_name,
        values.iter().map(|(n, v)| (n.as_str(), v.as_str())),
    );
    inner
        .store
        .add(record, digest)
        .await
        .map_err(|e| inner.unavailable(&e))?;
    let mut obj = Map::new();
    obj.insert("id".to_owned(), id.into());
    obj.insert("name".to_owned(), name.map_or(Value::Null, Value::from));
    let field = plain_field(op, cred_id).unwrap_or("key");
    if let [(_, v)] = values.as_slice() {
        obj.insert(field.to_owned(), v.clone().into());
    } else {
        for (n, v) in &values {
            obj.insert(n.clone(), v.clone().into());
        }
    }
    Ok(json_response(StatusCode::CREATED, Value::Object(obj)))
}

fn check_scopes<'a>(
    inner: &Inner,
    scopes: impl Iterator<Item = &'a String>,
) -> Result<(), Rejection> {
    for s in scopes {
        if !inner.spec.scopes.is_empty() && !inner.spec.scopes.contains(s) {
            return Err(bad(inner, format!("Unknown scope '{s}'")));
        }
    }
    Ok(())
}

async fn list_keys(inner: &Inner, op: &Operation, verified: &Verified) -> Outcome {
    let p = principal(inner, verified)?;
    let body = op.response.as_ref().and_then(|r| r.body.as_ref());
    let (field, items): (&str, Vec<&str>) = body
        .and_then(|b| b.fields.iter().find(|(_, f)| f.ty == FieldType::Array))
        .map(|(n, f)| {
            (
                n.as_str(),
                f.items.iter().map(|(n, _)| n.as_str()).collect(),
            )
        })
        .unwrap_or(("keys", Vec::new()));
    let items = if items.is_empty() {
        vec!["id", "name", "createdAt", "lastUsed"]
    } else {
        items
    };
    let list: Vec<Value> = inner
        .store
        .records()
        .await
        .map_err(|e| inner.unavailable(&e))?
        .iter()
        .filter(|r| r.credential == p.credential())
        .map(|r| {
            let mut o = Map::new();
            for item in &items {
                o.insert((*item).to_owned(), record_field(r, item));
            }
            Value::Object(o)
        })
        .collect();
    let mut obj = Map::new();
    obj.insert(field.to_owned(), Value::Array(list));
    Ok(json_response(StatusCode::OK, Value::Object(obj)))
}

/// A key record's value for a list item field, by the field's (normalised) name.
fn record_field(r: &KeyRecord, field: &str) -> Value {
    let norm: String = field
        .chars()
        .filter(|c| *c != '_')
        .collect::<String>()
        .to_ascii_lowercase();
    let list = |v: &Option<Vec<String>>| v.as_ref().map_or(Value::Null, |v| v.clone().into());
    match norm.as_str() {
        "id" | "keyid" => r.id.clone().into(),
        "name" => r.name.clone().map_or(Value::Null, Value::from),
        "createdat" | "created" => rfc3339(r.created_at).into(),
        "lastused" | "lastusedat" => r.last_used.map_or(Value::Null, |t| rfc3339(t).into()),
        "expiresat" => r.expires_at.map_or(Value::Null, |t| rfc3339(t).into()),
        "scopes" | "permissions" => list(&r.scopes),
        "workspaces" => list(&r.workspaces),
        "environment" => r.environment.clone().map_or(Value::Null, Value::from),
        _ => Value::Null,
    }
}

async fn permissions(
    inner: &Inner,
    op: &Operation,
    verified: &Verified,
    put: Option<&[u8]>,
) -> Outcome {
    principal(inner, verified)?;
    let id = key_id_param(op, verified)
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    let unavailable = |e: StoreError| inner.unavailable(&e);
    let mut record = inner
        .store
        .record(&id)
        .await
        .map_err(unavailable)?
        .ok_or_else(|| inner.verifier.reject(Problem::NotFound("key".into())))?;
    if let Some(body) = put {
        let req = json_body(inner, body)?;
        let scopes = strings(req.get("permissions").or(req.get("scopes")))
            .ok()
            .flatten()
            .ok_or_else(|| bad(inner, "'permissions' must be a list of strings"))?;
        check_scopes(inner, scopes.iter())?;
        record.scopes = Some(scopes);
        if !inner.store.put(record.clone()).await.map_err(unavailable)? {
            return Err(inner.verifier.reject(Problem::NotFound("key".into())));
        }
    }
    Ok(json_response(
        StatusCode::OK,
        json!({ "keyId": record.id, "permissions": record.scopes.unwrap_or_default() }),
    ))
}

async fn issue_user_token(
    inner: &Inner,
    op: &Operation,
    verified: &Verified,
    body: &[u8],
) -> Outcome {
    principal(inner, verified)?;
    let issued = op
        .issues
        .as_ref()
        .map(|e| &inner.spec.credentials[e.credential]);
    let subject_param = issued
        .and_then(|c| c.subject.as_deref())
        .or_else(|| verified.path_params.first().map(|(n, _)| n.as_str()))
        .unwrap_or_default();
    let subject = verified
        .path_param(subject_param)
        .ok_or_else(|| bad(inner, format!("Missing '{subject_param}'")))?;
    let subject = percent_decode(subject);
    if let Some(format) = op.parameter(subject_param).and_then(|p| p.format.as_ref()) {
        check_format(format, &subject)
            .map_err(|_| bad(inner, format!("Invalid '{subject_param}'")))?;
    }
    let req = json_body(inner, body)?;
    let lifetime = match op
        .issues
        .as_ref()
        .and_then(|e| e.lifetime_request_field.as_ref())
        .and_then(|f| req.get(f).map(|v| (f, v)))
    {
        None => None,
        Some((f, v)) => Some(
            v.as_u64()
                .filter(|n| (1..=MAX_LIFETIME).contains(n))
                .ok_or_else(|| {
                    bad(
                        inner,
                        format!("'{f}' must be a number of seconds from 1 to {MAX_LIFETIME}"),
                    )
                })?,
        ),
    };
    let name = req.get("name").and_then(Value::as_str).map(str::to_owned);
    let grant = Grant {
        subject: Some(subject),
        scopes: None,
        session: None,
    };
    issue(inner, op, grant, lifetime, name, &[]).await
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Method, path, query (credential fields masked) and the principal.
fn echo(inner: &Inner, parts: &Parts, verified: &Verified) -> Response {
    let secret_fields: Vec<&str> = inner
        .spec
        .credentials
        .values()
        .flat_map(|c| c.placements.iter())
        .filter(|p| {
            matches!(
                p,
                Placement::Fields {
                    location: FieldLocation::Query,
                    ..
                }
            )
        })
        .flat_map(|p| p.wire_names())
        .collect();
    // The one query parser the verifier uses too, so both read the same pairs; a name
    // given twice is shown with every value.
    let mut query: Map<String, Value> = Map::new();
    for (k, v) in form_urlencoded::parse(parts.uri.query().unwrap_or_default().as_bytes()) {
        let v = if secret_fields.contains(&k.as_ref()) {
            Value::from("***")
        } else {
            Value::from(v.into_owned())
        };
        match query.get_mut(k.as_ref()) {
            Some(Value::Array(all)) => all.push(v),
            Some(first) => *first = Value::Array(vec![first.take(), v]),
            None => {
                query.insert(k.into_owned(), v);
            }
        }
    }
    let principal = verified.principal.as_ref().map(|p| {
        json!({
            "credential": p.credential(),
            "key_id": p.key_id(),
            "scopes": p.scopes(),
            "workspaces": p.workspaces(),
            "environment": p.environment(),
            "subject": p.subject(),
        })
    });
    json_response(
        StatusCode::OK,
        json!({
            "operation": verified.operation.map(|o| inner.spec.operations[o].name.as_str()),
            "method": parts.method.as_str(),
            "path": parts.uri.path(),
            "query": query,
            "context": verified.context,
            "principal": principal,
        }),
    )
    .into_response()
}
