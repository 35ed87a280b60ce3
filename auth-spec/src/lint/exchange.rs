//! Token exchanges (issue 12): what a response hands out and where it is, the constant
//! fields a request sends, and the OAuth 2.0 grants (RFC 6749) written as roles.

use std::collections::HashMap;

use super::{Findings, list};
use crate::diag::Rule;
use crate::model::{OperationRole, Template};
use crate::raw::{Exchange, Operation, Spec};

/// The response fields an exchange reads: each a field path, and, when the response body
/// is documented, starting at one of its fields.
pub(super) fn issued_fields(op: &Operation, x: &Exchange, base: &str, f: &mut Findings) {
    let mut fields = vec![
        (Some(&x.token_field), "token_field".to_owned()),
        (x.expires_in_field.as_ref(), "expires_in_field".to_owned()),
        (x.expires_at_field.as_ref(), "expires_at_field".to_owned()),
        (x.token_type_field.as_ref(), "token_type_field".to_owned()),
        (
            x.refresh_token.as_ref().map(|r| &r.field),
            "refresh_token.field".to_owned(),
        ),
    ];
    fields.extend(
        x.parameters
            .iter()
            .map(|(p, field)| (Some(field), format!("parameters.{p}"))),
    );
    let body = op.response.as_ref().and_then(|r| r.body.as_ref());
    for (field, what) in fields {
        let Some(field) = field else { continue };
        let at = format!("{base}.issues.{what}");
        if !crate::model::is_field_path(field) {
            f.at(
                Rule::Exchange,
                &at,
                format!("`{field}` is not a field path (keys joined by `.`, `[n]` for an index)"),
            );
            continue;
        }
        let first = field.split(['.', '[']).next().unwrap_or_default();
        if let Some(body) = body
            && !body.fields.contains_key(first)
        {
            f.at(
                Rule::Exchange,
                &at,
                format!(
                    "`{first}` is not a field of the response body; it has {}",
                    list(body.fields.keys())
                ),
            );
        }
    }
}

/// Spec-wide checks of exchanges.
pub(super) fn check(spec: &Spec, f: &mut Findings) {
    let mut renew: HashMap<&str, (u64, &str)> = HashMap::new();
    for (name, op) in &spec.operations {
        let base = format!("operations.{name}");
        if op.role == Some(OperationRole::ClientCredentials) {
            client_credentials(op, &base, f);
        }
        jwt_bearer(spec, op, &base, f);
        if let Some(r) = &op.request
            && !r.encoding.is_json()
            && r.fields.values().any(|pf| !pf.items.is_empty())
        {
            f.at(
                Rule::Exchange,
                format!("{base}.request.encoding"),
                "a form body has flat fields; nested `items` need `encoding: json`",
            );
        }
        let Some(x) = &op.issues else { continue };
        if let Some(secs) = x.renew_before_seconds {
            match renew.insert(x.credential.as_str(), (secs, name.as_str())) {
                Some((other, first)) if other != secs => f.at(
                    Rule::Exchange,
                    format!("{base}.issues.renew_before_seconds"),
                    format!(
                        "`{}` is renewed {other} s before expiry by operation `{first}`; give one margin",
                        x.credential
                    ),
                ),
                _ => {}
            }
        }
        for p in x.parameters.keys() {
            let in_base = std::iter::once(spec.base_url.default_url())
                .chain(spec.base_url.environments.values().map(String::as_str))
                .filter_map(|u| Template::parse(u).ok())
                .any(|t| t.vars().contains(&p.as_str()));
            if in_base && op.url.is_none() {
                f.at(
                    Rule::Exchange,
                    format!("{base}.issues.parameters.{p}"),
                    format!(
                        "`{p}` is in the base URL, which is not known until this response sets it: give the operation an absolute `url`"
                    ),
                );
            }
        }
    }
}

/// RFC 6749 §4.4.2: a POST whose body says `grant_type=client_credentials`, answered
/// with a token.
fn client_credentials(op: &Operation, base: &str, f: &mut Findings) {
    if op.issues.is_none() {
        f.at(
            Rule::Exchange,
            base,
            "a `client_credentials` operation obtains a token: add `issues:` (the credential and `token_field`)",
        );
    }
    if op.method != crate::model::HttpMethod::Post {
        f.at(
            Rule::Exchange,
            format!("{base}.method"),
            "a token request is a POST (RFC 6749 §3.2)",
        );
    }
    let grant = op
        .request
        .as_ref()
        .and_then(|r| r.fields.get("grant_type"))
        .and_then(|g| g.value.as_deref());
    if grant != Some("client_credentials") {
        f.at(
            Rule::Exchange,
            format!("{base}.request"),
            "a `client_credentials` request sends `grant_type: {value: client_credentials}` (RFC 6749 §4.4.2)",
        );
    }
}

const JWT_BEARER_GRANT: &str = OperationRole::JWT_BEARER_GRANT;

/// RFC 7523 §2.1: a form POST with `grant_type` = the JWT bearer URN and the JWT of a
/// `jwt` credential the operation's `auth` names in a field written `"{jwt}"`, answered
/// with a token. `{jwt}` in a request field means nothing elsewhere.
fn jwt_bearer(spec: &Spec, op: &Operation, base: &str, f: &mut Findings) {
    let sends_jwt: Vec<&str> = op
        .request
        .iter()
        .flat_map(|r| &r.fields)
        .filter(|(_, pf)| {
            pf.value
                .as_deref()
                .and_then(|v| Template::parse(v).ok())
                .is_some_and(|t| t.vars().contains(&crate::model::Jwt::VAR))
        })
        .map(|(name, _)| name.as_str())
        .collect();
    if op.role != Some(OperationRole::JwtBearer) {
        for name in sends_jwt {
            f.at(
                Rule::Exchange,
                format!("{base}.request.fields.{name}.value"),
                "`{jwt}` in a request field is the assertion of a JWT bearer grant: give the operation `role: jwt_bearer`",
            );
        }
        return;
    }
    if op.issues.is_none() {
        f.at(
            Rule::Exchange,
            base,
            "a `jwt_bearer` operation obtains a token: add `issues:` (the credential and `token_field`)",
        );
    }
    if op.method != crate::model::HttpMethod::Post {
        f.at(
            Rule::Exchange,
            format!("{base}.method"),
            "a token request is a POST (RFC 6749 §3.2)",
        );
    }
    let Some(request) = &op.request else {
        f.at(
            Rule::Exchange,
            base,
            "a `jwt_bearer` operation sends `request: {encoding: form, fields: {grant_type: ..., assertion: {value: \"{jwt}\"}}}` (RFC 7523 §2.1)",
        );
        return;
    };
    if request.encoding.is_json() {
        f.at(
            Rule::Exchange,
            format!("{base}.request.encoding"),
            "the JWT bearer grant is form-encoded: `encoding: form` (RFC 7523 §2.1)",
        );
    }
    let grant = request
        .fields
        .get("grant_type")
        .and_then(|g| g.value.as_deref());
    if grant != Some(JWT_BEARER_GRANT) {
        f.at(
            Rule::Exchange,
            format!("{base}.request"),
            format!("a `jwt_bearer` request sends `grant_type: {{value: \"{JWT_BEARER_GRANT}\"}}` (RFC 7523 §2.1)"),
        );
    }
    if sends_jwt.is_empty() {
        f.at(
            Rule::Exchange,
            format!("{base}.request.fields"),
            "a `jwt_bearer` request sends the signed JWT: `assertion: {value: \"{jwt}\"}` (RFC 7523 §2.1)",
        );
    }
    let signs = spec.auth_for(op).iter().any(|a| {
        a.names().iter().any(|n| {
            spec.credentials
                .get(*n)
                .is_some_and(|c| c.kind == crate::model::CredentialKind::Jwt)
        })
    });
    if !signs {
        f.at(
            Rule::Exchange,
            format!("{base}.auth"),
            "a `jwt_bearer` operation's `auth` names the `jwt` credential whose JWT it sends",
        );
    }
}
