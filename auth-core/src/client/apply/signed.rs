//! Writing what a signing credential sends: its JWT (for a header template's `{jwt}`), an
//! HMAC signature with its nonce, timestamp and key-id headers, or a Digest answer. Runs
//! after every other field is written, so a signature covers the request as sent.

use auth_spec::model::{
    Credential, CredentialId, JwtMode, Placement, SignatureTarget, SigningValue, ValueLocation,
};
use http::header::{AUTHORIZATION, CONTENT_TYPE, HeaderValue};

use super::plan::Plan;
use super::{ApplyError, Target, write};
use crate::Secret;
use crate::credentials::Held;
use crate::signing::{RequestInfo, SignError, Signer, hmac};

/// A part or context value by name, for the templates a signer renders.
fn lookup<'h>(
    plan: &'h Plan,
    held: &'h Held,
    id: CredentialId,
) -> impl Fn(&str) -> Option<&'h str> {
    let spec = &*plan.spec;
    let cred = &spec.credentials[id];
    move |name: &str| {
        if let Some(p) = cred.parts.id(name) {
            return held.part(id, p).map(Secret::expose);
        }
        let (pid, param) = spec.parameters.iter().find(|(_, p)| p.name == name)?;
        held.param(pid).or(param.default.as_deref())
    }
}

fn missing(
    spec: &auth_spec::Spec,
    cred: &Credential,
    part: auth_spec::model::PartId,
) -> ApplyError {
    ApplyError::MissingPart {
        provider: spec.name.clone(),
        credential: cred.name.clone(),
        part: cred.parts[part].name.clone(),
        env: cred.parts[part].env.clone(),
    }
}

/// The JWT `credential` sends on `target`, when it is a `jwt` credential.
pub(super) fn jwt<T: Target + ?Sized>(
    plan: &Plan,
    held: &Held,
    target: &T,
    credential: CredentialId,
) -> Result<Option<Secret>, ApplyError> {
    let cred = &plan.spec.credentials[credential];
    let Some(spec) = &cred.jwt else {
        return Ok(None);
    };
    let Some(Signer::Jwt(signer)) = held.signer(credential) else {
        return Err(missing(&plan.spec, cred, spec.key));
    };
    let request = (spec.mode == JwtMode::PerRequest).then(|| target.request_info());
    let lookup = lookup(plan, held, credential);
    Ok(Some(signer.token(
        spec,
        &lookup,
        request.as_ref(),
        held.clock().now(),
    )?))
}

/// A JWT of `credential` outside a request (see `Authenticator::jwt`).
pub(super) fn standalone_jwt(
    plan: &Plan,
    held: &Held,
    credential: CredentialId,
) -> Result<Option<Secret>, ApplyError> {
    let cred = &plan.spec.credentials[credential];
    let (Some(spec), Some(Signer::Jwt(signer))) = (&cred.jwt, held.signer(credential)) else {
        return Ok(None);
    };
    let lookup = lookup(plan, held, credential);
    Ok(Some(signer.token(
        spec,
        &lookup,
        None,
        held.clock().now(),
    )?))
}

/// Sign `target` with `credential` (an `hmac` or `digest` placement).
pub(super) fn sign<T: Target + ?Sized>(
    plan: &Plan,
    held: &Held,
    target: &mut T,
    credential: CredentialId,
) -> Result<(), ApplyError> {
    let spec = &*plan.spec;
    let cred = &spec.credentials[credential];
    match (
        &cred.placements[plan.credential(credential).placement],
        held.signer(credential),
    ) {
        (Placement::Hmac(h), Some(Signer::Hmac(signer))) => {
            let now = held.clock().now();
            let nonce = h.nonce.as_ref().map(|n| (signer.nonce(n.kind, now), n));
            let timestamp = h
                .timestamp
                .as_ref()
                .map(|t| (hmac::timestamp(t.kind, now), t));
            if let Some((v, at)) = &nonce {
                write_value(target, at, v)?;
            }
            if let Some((v, at)) = &timestamp {
                write_value(target, at, v)?;
            }
            for (_, name, template) in &h.headers {
                let v = write::render(template, cred, credential, held, None).map_err(|p| {
                    ApplyError::Sign(SignError::Missing {
                        credential: cred.name.clone(),
                        name: p,
                    })
                })?;
                // A key id is not secret, but masking it costs nothing.
                write::header(target, name, &[v.as_slice()], true, &cred.name)?;
            }
            let info = target.request_info();
            let body = target
                .body_bytes()
                .ok_or_else(|| SignError::StreamingBody {
                    credential: cred.name.clone(),
                })?
                .to_vec();
            let lookup = lookup(plan, held, credential);
            let message = hmac::message(
                h,
                &cred.name,
                &info,
                &body,
                nonce.as_ref().map(|(v, _)| v.as_str()),
                timestamp.as_ref().map(|(v, _)| v.as_str()),
                &lookup,
            )?;
            let signature = signer.sign(h, &message);
            match &h.signature {
                SignatureTarget::Header(name, template) => {
                    let v = template
                        .render(|n| (n == "signature").then_some(signature.as_str()))
                        .unwrap_or_default();
                    write::header(target, name, &[v.as_bytes()], true, &cred.name)?;
                }
                SignatureTarget::Query(name) => {
                    target.append_query(&[(name.as_str(), signature.as_str())])?;
                }
            }
            Ok(())
        }
        (Placement::Hmac(h), _) => Err(missing(spec, cred, h.key)),
        (Placement::Digest(d), Some(Signer::Digest(client))) => {
            let user = held
                .part(credential, d.username)
                .ok_or_else(|| missing(spec, cred, d.username))?;
            let pass = held
                .part(credential, d.password)
                .ok_or_else(|| missing(spec, cred, d.password))?;
            let RequestInfo {
                method,
                path,
                query,
                ..
            } = target.request_info();
            let uri = if query.is_empty() {
                path
            } else {
                format!("{path}?{query}")
            };
            // Before any challenge the request goes without; its 401 brings one.
            if let Some(v) = client.authorization(user.expose(), pass.expose(), &method, &uri) {
                write::header(target, &AUTHORIZATION, &[v.as_bytes()], true, &cred.name)?;
            }
            Ok(())
        }
        (Placement::Digest(d), _) => Err(missing(spec, cred, d.password)),
        _ => Ok(()),
    }
}

/// Write a nonce or timestamp where the spec says it travels. In a form body it leads
/// (`nonce=…&…`, as Kraken's example encodes it); in a JSON body it is a number.
fn write_value<T: Target + ?Sized, K>(
    target: &mut T,
    at: &SigningValue<K>,
    value: &str,
) -> Result<(), ApplyError> {
    match at.location {
        ValueLocation::None => Ok(()),
        ValueLocation::Header => {
            let name = http::HeaderName::from_bytes(at.name.as_bytes())
                .map_err(|_| ApplyError::InvalidHeaderValue(at.name.clone()))?;
            let v = HeaderValue::from_str(value)
                .map_err(|_| ApplyError::InvalidHeaderValue(at.name.clone()))?;
            target.headers_mut().insert(name, v);
            Ok(())
        }
        ValueLocation::Query => target.append_query(&[(at.name.as_str(), value)]),
        ValueLocation::Form => {
            let existing = target.body_bytes().ok_or(ApplyError::StreamingBody)?;
            let existing = std::str::from_utf8(existing).map_err(|_| ApplyError::BodyConflict)?;
            let mut body = form_urlencoded::Serializer::new(String::new())
                .append_pair(&at.name, value)
                .finish();
            if !existing.is_empty() {
                body.push('&');
                body.push_str(existing);
            }
            target.headers_mut().insert(
                CONTENT_TYPE,
                HeaderValue::from_static("application/x-www-form-urlencoded"),
            );
            target.set_body(body.into_bytes());
            Ok(())
        }
        ValueLocation::Json => {
            let existing = target.body_bytes().ok_or(ApplyError::StreamingBody)?;
            let mut map = if existing.iter().all(u8::is_ascii_whitespace) {
                serde_json::Map::new()
            } else {
                match serde_json::from_slice::<serde_json::Value>(existing) {
                    Ok(serde_json::Value::Object(m)) => m,
                    _ => return Err(ApplyError::BodyConflict),
                }
            };
            let v = value
                .parse::<u64>()
                .map(serde_json::Value::from)
                .unwrap_or_else(|_| serde_json::Value::String(value.to_owned()));
            map.insert(at.name.clone(), v);
            let body = serde_json::to_vec(&map).map_err(|_| ApplyError::BodyConflict)?;
            target
                .headers_mut()
                .insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
            target.set_body(body);
            Ok(())
        }
    }
}
