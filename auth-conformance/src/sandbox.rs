//! Request vectors against the sandbox (the server side): a sandbox for the spec whose
//! keys are the vector's credentials must accept the vector's wire request as its
//! operation; one whose key for a credential differs by one character must refuse it.

use std::sync::Arc;

use auth_core::format::check as check_format;
use auth_sandbox::{KeyEntry, KeysFile, Sandbox};
use auth_spec::Spec;
use auth_spec::model::{CredentialId, ExampleRequest, Wire};
use reqwest::Url;

use crate::Mismatch;
use crate::engine::documented_url;

/// Longest part of a refusal body shown in a mismatch.
const SHOWN: usize = 200;

/// Replay one request vector to the sandbox; every difference found.
pub(crate) async fn check(spec: &Arc<Spec>, req: &ExampleRequest, wire: &Wire) -> Vec<Mismatch> {
    match run(spec, req, wire).await {
        Ok(found) => found,
        Err(m) => vec![m],
    }
}

async fn run(
    spec: &Arc<Spec>,
    req: &ExampleRequest,
    wire: &Wire,
) -> Result<Vec<Mismatch>, Mismatch> {
    let documented = documented_url(wire)?;
    let http = http_client();
    let mut found = Vec::new();
    let (status, body) = replay(spec, keys(spec, req, None)?, &http, wire, &documented).await?;
    if !(200..300).contains(&status) {
        found.push(Mismatch::Rejected {
            status,
            body: body.chars().take(SHOWN).collect(),
        });
        return Ok(found);
    }
    // Operations the sandbox serves by their role answer in their own shape; the others
    // echo the operation they were matched to.
    let expected = &spec.operations[req.operation].name;
    if let Ok(echo) = serde_json::from_str::<serde_json::Value>(&body)
        && let Some(op) = echo.get("operation")
        && op.as_str() != Some(expected.as_str())
    {
        found.push(Mismatch::Operation {
            expected: expected.clone(),
            actual: op.as_str().map(str::to_owned),
        });
    }
    let mut altered: Vec<CredentialId> = req.credentials.iter().map(|(c, ..)| *c).collect();
    altered.dedup();
    for c in altered {
        let (status, _) = replay(spec, keys(spec, req, Some(c))?, &http, wire, &documented).await?;
        if (200..300).contains(&status) {
            found.push(Mismatch::MangledAccepted {
                credential: spec.credentials[c].name.clone(),
                status,
            });
        }
    }
    Ok(found)
}

/// The vector's credentials as sandbox keys; with `alter`, that credential's key differs
/// from the vector's value by one character (and still fits its format).
///
/// Each key holds only what the operation needs: where the spec declares scopes, exactly
/// the operation's scopes, or the last of them alone when any one suffices (so a verifier
/// that wanted them all, or only the first, refuses the vector).
fn keys(
    spec: &Spec,
    req: &ExampleRequest,
    alter: Option<CredentialId>,
) -> Result<KeysFile, Mismatch> {
    let op = &spec.operations[req.operation];
    let needed = if op.any_scope {
        op.scopes
            .last()
            .map(std::slice::from_ref)
            .unwrap_or_default()
    } else {
        &op.scopes[..]
    };
    let scopes = (!spec.scopes.is_empty()).then(|| {
        needed
            .iter()
            .map(|&s| spec.scopes[s].name.clone())
            .collect::<Vec<_>>()
    });
    let mut entries: Vec<KeyEntry> = Vec::new();
    for (c, p, v) in &req.credentials {
        let cred = &spec.credentials[*c];
        let i = match entries.iter().position(|e| e.credential == cred.name) {
            Some(i) => i,
            None => {
                entries.push(KeyEntry {
                    id: None,
                    credential: cred.name.clone(),
                    secret: None,
                    parts: Default::default(),
                    name: None,
                    scopes: scopes.clone(),
                    workspaces: None,
                    environment: None,
                    context: Default::default(),
                });
                entries.len() - 1
            }
        };
        entries[i]
            .parts
            .insert(cred.parts[*p].name.clone(), v.clone());
    }
    if let Some(c) = alter {
        let cred = &spec.credentials[c];
        let entry = entries
            .iter_mut()
            .find(|e| e.credential == cred.name)
            .ok_or_else(|| Mismatch::Setup(format!("no value for `{}`", cred.name)))?;
        // The last secret part (the secret of an id and secret pair), else the last part.
        let part = cred
            .parts
            .values()
            .filter(|p| entry.parts.contains_key(&p.name))
            .max_by_key(|p| p.secret)
            .ok_or_else(|| Mismatch::Setup(format!("no part of `{}` given", cred.name)))?;
        let value = entry.parts.get(&part.name).cloned().unwrap_or_default();
        let altered = alter_value(&value, |v| {
            part.format
                .as_ref()
                .is_none_or(|f| check_format(f, v).is_ok())
        })
        .ok_or_else(|| {
            Mismatch::Setup(format!(
                "cannot alter `{}.{}` and keep its format",
                cred.name, part.name
            ))
        })?;
        entry.parts.insert(part.name.clone(), altered);
    }
    Ok(KeysFile {
        keys: entries,
        ..KeysFile::default()
    })
}

/// `value` with one letter or digit changed (from the end), such that `fits`.
fn alter_value(value: &str, fits: impl Fn(&str) -> bool) -> Option<String> {
    let bytes = value.as_bytes();
    (0..bytes.len()).rev().find_map(|i| {
        let b = bytes[i];
        // Within hex digits where the byte is one, so hex keys stay hex.
        let other = match b {
            b'0'..=b'8' | b'a'..=b'e' | b'A'..=b'E' => b + 1,
            b'9' => b'0',
            b'f' => b'a',
            b'F' => b'A',
            b'g'..=b'y' | b'G'..=b'Y' => b + 1,
            b'z' => b'g',
            b'Z' => b'G',
            _ => return None,
        };
        let mut out = bytes.to_vec();
        out[i] = other;
        let s = String::from_utf8(out).ok()?;
        fits(&s).then_some(s)
    })
}

/// A plain-HTTP client for loopback.
fn http_client() -> reqwest::Client {
    // A workspace build unifies reqwest's TLS features; a provider must be installed.
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

/// Start a sandbox with `keys`, send it the vector's wire request as documented (its path,
/// query, stated headers and body, at the sandbox's address), and return the answer.
async fn replay(
    spec: &Arc<Spec>,
    keys: KeysFile,
    http: &reqwest::Client,
    wire: &Wire,
    documented: &Url,
) -> Result<(u16, String), Mismatch> {
    let sandbox = Sandbox::new(spec.clone(), &keys)
        .map_err(|e| Mismatch::Setup(format!("the sandbox refused the vector's keys: {e}")))?;
    let (addr, _running) = sandbox
        .spawn(0)
        .await
        .map_err(|e| Mismatch::Setup(format!("the sandbox did not start: {e}")))?;
    let mut url = format!("http://{addr}{}", documented.path());
    if let Some(q) = documented.query() {
        url.push('?');
        url.push_str(q);
    }
    let mut rb = http.request(wire.method.to_http(), url);
    for (k, v) in &wire.headers {
        rb = rb.header(k.as_str(), v.as_str());
    }
    if let Some(b) = &wire.body {
        rb = rb.body(b.clone());
    }
    let resp = rb
        .send()
        .await
        .map_err(|e| Mismatch::Setup(format!("the sandbox did not answer: {}", e.without_url())))?;
    let status = resp.status().as_u16();
    let body = resp.text().await.unwrap_or_default();
    Ok((status, body))
}
