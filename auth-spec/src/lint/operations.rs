//! Operations: their paths, the credentials, scopes and restrictions they name, and the
//! credentials they hand out.

use std::collections::HashMap;

use super::credentials::{auth_ref, unknown_credential};
use super::{Findings, list};
use crate::model::{Credential, CredentialKind, ParamLocation, Payload, Spec};

pub(super) fn check(spec: &Spec, f: &mut Findings) {
    let mut routes: HashMap<(&str, &str), &str> = HashMap::new();
    for (name, op) in &spec.operations {
        let base = format!("operations.{name}");
        if !super::policy::is_ident(name) {
            f.at(
                &base,
                format!("operation name `{name}` must be lowercase letters, digits and `_`"),
            );
        }
        path_template(spec, name, &base, f);
        if let Some(first) = routes.insert((op.method.as_str(), op.path.as_str()), name) {
            f.at(
                format!("{base}.path"),
                format!(
                    "{} {} is already operation `{first}`",
                    op.method.as_str(),
                    op.path
                ),
            );
        }
        if let Some(auth) = &op.auth {
            for (i, a) in auth.iter().enumerate() {
                auth_ref(spec, a, &format!("{base}.auth[{i}]"), f);
            }
        }
        for (i, s) in op.scopes.iter().enumerate() {
            if !spec.scopes.contains_key(s) {
                f.at(
                    format!("{base}.scopes[{i}]"),
                    format!(
                        "unknown scope `{s}`; declared scopes are {}",
                        list(spec.scopes.keys())
                    ),
                );
            }
        }
        for (i, r) in op.restrictions.iter().enumerate() {
            if !spec.restrictions.contains_key(r) {
                f.at(
                    format!("{base}.restrictions[{i}]"),
                    format!(
                        "unknown restriction `{r}`; declared restrictions are {}",
                        list(spec.restrictions.keys())
                    ),
                );
            }
        }
        for (i, c) in op.invalidates.iter().enumerate() {
            if !spec.credentials.contains_key(c) {
                f.at(
                    format!("{base}.invalidates[{i}]"),
                    unknown_credential(spec, c),
                );
            }
        }
        if let Some(req) = &op.request {
            payload_refs(spec, req, &format!("{base}.request"), f);
        }
        if let Some(resp) = &op.response {
            if let Some(body) = &resp.body {
                payload_refs(spec, body, &format!("{base}.response.body"), f);
            }
            for (cookie, cred) in &resp.sets_cookies {
                if !spec.credentials.contains_key(cred) {
                    f.at(
                        format!("{base}.response.sets_cookies.{cookie}"),
                        unknown_credential(spec, cred),
                    );
                }
            }
            if let Some(s) = resp.status
                && !(200..=299).contains(&s)
            {
                f.at(
                    format!("{base}.response.status"),
                    format!("status {s} is not a success status (200-299)"),
                );
            }
        }
        if let Some(x) = &op.issues {
            match spec.credentials.get(&x.credential) {
                None => f.at(
                    format!("{base}.issues.credential"),
                    unknown_credential(spec, &x.credential),
                ),
                Some(c)
                    if !matches!(
                        c.kind,
                        CredentialKind::AccessToken
                            | CredentialKind::RefreshToken
                            | CredentialKind::ApiKey
                    ) =>
                {
                    f.at(
                        format!("{base}.issues.credential"),
                        format!(
                            "`{}` is supplied by the user, not issued by an operation",
                            x.credential
                        ),
                    )
                }
                Some(_) => {}
            }
            let body = op.response.as_ref().and_then(|r| r.body.as_ref());
            if let Some(body) = body {
                for (field, what) in [
                    (Some(&x.token_field), "token_field"),
                    (x.expires_in_field.as_ref(), "expires_in_field"),
                ] {
                    if let Some(field) = field
                        && !body.fields.contains_key(field)
                    {
                        f.at(
                            format!("{base}.issues.{what}"),
                            format!(
                                "`{field}` is not a field of the response body; it has {}",
                                list(body.fields.keys())
                            ),
                        );
                    }
                }
            }
            if let Some(field) = &x.lifetime_request_field
                && !op
                    .request
                    .as_ref()
                    .is_some_and(|r| r.fields.contains_key(field))
            {
                f.at(
                    format!("{base}.issues.lifetime_request_field"),
                    format!("`{field}` is not a field of the request body"),
                );
            }
        }
    }
}

/// Every `{name}` in the path is a path parameter, and every path parameter is in the path.
fn path_template(spec: &Spec, name: &str, base: &str, f: &mut Findings) {
    let Some(op) = spec.operations.get(name) else {
        return;
    };
    let path = &op.path;
    if !path.starts_with('/') {
        f.at(
            format!("{base}.path"),
            format!("path `{path}` must start with `/` (it is joined to the base URL)"),
        );
    }
    if path.contains('?') || path.contains('#') {
        f.at(
            format!("{base}.path"),
            "a path may not carry a query string or fragment; declare query parameters instead",
        );
    }
    let mut in_path = Vec::new();
    let mut rest = path.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            f.at(
                format!("{base}.path"),
                format!("unclosed `{{` in path `{path}`"),
            );
            return;
        };
        let param = &after[..close];
        if param.is_empty() || param.contains('{') {
            f.at(
                format!("{base}.path"),
                format!("malformed path parameter in `{path}`"),
            );
            return;
        }
        in_path.push(param);
        match op.parameters.get(param) {
            None => f.at(
                format!("{base}.path"),
                format!("path parameter `{{{param}}}` is not defined; add `parameters.{param}: {{in: path}}`"),
            ),
            Some(p) if p.location != ParamLocation::Path => f.at(
                format!("{base}.parameters.{param}.in"),
                format!("`{param}` appears in the path but is declared `in: {}`", loc(p.location)),
            ),
            Some(_) => {}
        }
        rest = &after[close + 1..];
    }
    if rest.contains('}') {
        f.at(
            format!("{base}.path"),
            format!("unmatched `}}` in path `{path}`"),
        );
    }
    for (pn, p) in &op.parameters {
        if p.location == ParamLocation::Path && !in_path.contains(&pn.as_str()) {
            f.at(
                format!("{base}.parameters.{pn}"),
                format!("path parameter `{pn}` does not appear in `{path}`"),
            );
        }
    }
}

fn loc(l: ParamLocation) -> &'static str {
    match l {
        ParamLocation::Path => "path",
        ParamLocation::Query => "query",
        ParamLocation::Header => "header",
    }
}

/// `from:` in a body field names a credential, or `credential.part`.
fn payload_refs(spec: &Spec, p: &Payload, base: &str, f: &mut Findings) {
    for (field, pf) in &p.fields {
        let Some(from) = &pf.from else { continue };
        let (cred, part) = from
            .split_once('.')
            .map_or((from.as_str(), None), |(c, p)| (c, Some(p)));
        let path = format!("{base}.fields.{field}.from");
        match spec.credentials.get(cred) {
            None => f.at(path, unknown_credential(spec, cred)),
            Some(c) => {
                let parts: Vec<String> = if c.parts.is_empty() {
                    vec![Credential::SHORTHAND_PART.to_owned()]
                } else {
                    c.parts.keys().cloned().collect()
                };
                if let Some(part) = part
                    && !parts.iter().any(|p| p == part)
                {
                    f.at(
                        path,
                        format!(
                            "credential `{cred}` has no part `{part}`; its parts are {}",
                            list(&parts)
                        ),
                    );
                    continue;
                }
                let secret = match part {
                    Some(p) => c.parts.get(p).is_none_or(|x| x.secret),
                    None => c.parts.is_empty() || c.parts.values().any(|x| x.secret),
                };
                if secret && !pf.secret {
                    f.at(
                        format!("{base}.fields.{field}.secret"),
                        format!("`{field}` carries `{from}`, a secret: mark it `secret: true`"),
                    );
                }
            }
        }
    }
}
