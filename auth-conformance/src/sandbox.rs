//! Request vectors against the sandbox (the server side): a sandbox for the spec whose
//! keys are the vector's credentials must accept the vector's wire request as its
//! operation; one whose key for a credential differs by one character must refuse it.

use std::sync::Arc;

use auth_core::classify;
use auth_core::format::check as check_format;
use auth_sandbox::{KeyEntry, KeysFile, Sandbox};
use auth_spec::Spec;
use auth_spec::model::{CredentialId, ExampleRequest, PartId, PlacementKind, Wire};
use reqwest::Url;

use crate::engine::{self, documented_url, signing_clock};
use crate::{Mismatch, chain};

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
    let answer = replay(spec, keys(spec, req, None)?, &http, req, wire, &documented).await?;
    if !answer.accepted {
        found.push(Mismatch::Rejected {
            status: answer.status,
            body: answer.body.chars().take(SHOWN).collect(),
        });
        return Ok(found);
    }
    // Operations the sandbox serves by their role answer in their own shape; the others
    // echo the operation they were matched to.
    let expected = &spec.operations[req.operation].name;
    if let Ok(echo) = serde_json::from_str::<serde_json::Value>(&answer.body)
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
        // The secret part first; a part whose altered value the sandbox cannot take as a
        // key (a private key that no longer parses) gives way to the next.
        let mut tried = None;
        for part in alterable_parts(spec, req, c) {
            let Ok(keys) = keys(spec, req, Some((c, part))) else {
                continue;
            };
            match replay(spec, keys, &http, req, wire, &documented).await {
                Ok(answer) => {
                    tried = Some(answer);
                    break;
                }
                Err(Mismatch::Setup(_)) => continue,
                Err(m) => return Err(m),
            }
        }
        let answer = tried.ok_or_else(|| {
            Mismatch::Setup(format!(
                "no part of `{}` can be altered and kept a key",
                spec.credentials[c].name
            ))
        })?;
        if answer.accepted {
            found.push(Mismatch::MangledAccepted {
                credential: spec.credentials[c].name.clone(),
                status: answer.status,
            });
        }
    }
    Ok(found)
}

/// The parts of credential `c` the vector gives, the secret ones first.
fn alterable_parts(spec: &Spec, req: &ExampleRequest, c: CredentialId) -> Vec<PartId> {
    let cred = &spec.credentials[c];
    let mut parts: Vec<PartId> = req
        .credentials
        .iter()
        .filter(|(rc, ..)| *rc == c)
        .map(|(_, p, _)| *p)
        .collect();
    parts.sort_by_key(|p| std::cmp::Reverse(cred.parts[*p].secret));
    parts.dedup();
    parts
}

/// The vector's credentials as sandbox keys; with `alter`, that part of that credential
/// differs from the vector's value by one character (and still fits its format).
///
/// Each key holds only what the operation needs: where the spec declares scopes, exactly
/// the operation's scopes, or the last of them alone when any one suffices (so a verifier
/// that wanted them all, or only the first, refuses the vector).
fn keys(
    spec: &Spec,
    req: &ExampleRequest,
    alter: Option<(CredentialId, PartId)>,
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
    if let Some((c, p)) = alter {
        let cred = &spec.credentials[c];
        let entry = entries
            .iter_mut()
            .find(|e| e.credential == cred.name)
            .ok_or_else(|| Mismatch::Setup(format!("no value for `{}`", cred.name)))?;
        let part = &cred.parts[p];
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
    // A sandbox that stops answering fails the vector rather than hang the run.
    reqwest::Client::builder()
        .timeout(std::time::Duration::from_secs(30))
        .build()
        .unwrap_or_default()
}

/// What the sandbox answered.
struct Answer {
    status: u16,
    body: String,
    /// A success that is no error in the provider's own shape (Kraken reports errors in
    /// 200 responses).
    accepted: bool,
}

/// Whether the vector's wire form can be sent again as documented: not when a credential
/// signs with fresh randomness or a server nonce (an ES256 or RS256 JWT the docs do not
/// publish, an HTTP Digest answer), where the engine signs the request instead.
fn replayable(spec: &Spec, req: &ExampleRequest) -> bool {
    req.credentials.iter().all(|(c, ..)| {
        let cred = &spec.credentials[*c];
        cred.jwt.is_none()
            && !cred
                .placements
                .iter()
                .any(|p| p.kind() == PlacementKind::Digest)
    })
}

/// Start a sandbox with `keys` (at the vector's time, for signers), send it the vector's
/// request, and return the answer: the wire request as documented (its path, query,
/// stated headers and body, at the sandbox's address), or, where it cannot be replayed,
/// the request as the engine signs it.
async fn replay(
    spec: &Arc<Spec>,
    keys: KeysFile,
    http: &reqwest::Client,
    req: &ExampleRequest,
    wire: &Wire,
    documented: &Url,
) -> Result<Answer, Mismatch> {
    let sandbox = match signing_clock(req) {
        Some(clock) => Sandbox::with_clock(spec.clone(), &keys, clock),
        None => Sandbox::new(spec.clone(), &keys),
    }
    .map_err(|e| Mismatch::Setup(format!("the sandbox refused the vector's keys: {e}")))?;
    let (addr, _running) = sandbox
        .spawn(0)
        .await
        .map_err(|e| Mismatch::Setup(format!("the sandbox did not start: {e}")))?;
    if !replayable(spec, req) {
        let base = format!("http://{addr}{}", spec.base_url.path());
        // An operation on another host (a token endpoint) is served by the sandbox too.
        let reroute = (
            documented.origin().ascii_serialization(),
            format!("http://{addr}"),
        );
        let client = engine::client(spec, req, Some(base), Some(reroute))?;
        return match engine::request(&client, req).send().await {
            Ok(resp) => {
                let status = resp.status().as_u16();
                let body = resp.text().await.unwrap_or_default();
                Ok(Answer {
                    status,
                    body,
                    accepted: true,
                })
            }
            Err(e) => match e.provider_error() {
                Some(pe) => Ok(Answer {
                    status: pe.status.as_u16(),
                    body: pe.message.clone().unwrap_or_default(),
                    accepted: false,
                }),
                None => Err(Mismatch::Refused { error: chain(&e) }),
            },
        };
    }
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
        // The body's type, as the engine writes it, unless the vector states one.
        let stated = wire
            .headers
            .iter()
            .any(|(k, _)| k.eq_ignore_ascii_case("content-type"));
        let implied = if !req.form.is_empty() {
            Some("application/x-www-form-urlencoded")
        } else {
            req.json.is_some().then_some("application/json")
        };
        if let (false, Some(t)) = (stated, implied) {
            rb = rb.header(http::header::CONTENT_TYPE, t);
        }
        rb = rb.body(b.clone());
    }
    let resp = rb
        .send()
        .await
        .map_err(|e| Mismatch::Setup(format!("the sandbox did not answer: {}", e.without_url())))?;
    let status = resp.status();
    let headers = resp.headers().clone();
    let body = resp.bytes().await.unwrap_or_default();
    let accepted = status.is_success() && classify(spec, status, &headers, &body).is_none();
    Ok(Answer {
        status: status.as_u16(),
        body: String::from_utf8_lossy(&body).into_owned(),
        accepted,
    })
}
