//! `authspec request`: send one authenticated request, curl-like, with the engine.
//!
//! Credentials and context values come from the spec's environment variables
//! ([`Credentials::from_env`]); the base URL from `--base-url`, else the spec's
//! `base_url.env` variable, else the spec's URL. The request is matched to a spec
//! operation by method and path template (the same matcher the verifier uses), so the
//! operation's own credentials apply (Pixee's login sends the email and password).
//!
//! `--param NAME=VALUE` is, in this order:
//! 1. a context parameter, by its spec name (`team_id`) or its wire name (`teamID`);
//! 2. a path parameter: a `{NAME}` placeholder in the path given
//!    (`/api-keys/{key_id}/rotate --param key_id=k1`), percent-encoded;
//! 3. otherwise a query parameter.
//!
//! Exit codes: 0 success (body on stdout, streamed as it arrives); 1 the provider refused
//! (its classified error on stderr) or answered with a redirect that was not followed; 2
//! refused before sending (bad arguments, a malformed or missing credential, a missing
//! required value); 3 no usable response (connection refused, timeout).

use std::io::Write as _;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use auth_core::client::{Call, Interceptor};
use auth_core::scan::Redactor;
use auth_core::spec::Spec;
use auth_core::spec::model::{PathTemplate, PlacementKind};
use auth_core::{Applied, BuildError, Client, Credentials, RequestError};
use http::Method;

/// What the user asked for.
pub struct Args {
    pub provider: String,
    pub method: String,
    pub target: String,
    pub base_url: Option<String>,
    pub params: Vec<String>,
    pub json: Option<String>,
    pub verbose: bool,
    pub specs: Vec<PathBuf>,
    pub credential: Option<String>,
    pub subject: Option<String>,
    pub placements: Vec<String>,
    pub repeat: u32,
    pub timeout: Option<std::time::Duration>,
}

/// Why the command failed; each maps to an exit code.
#[derive(Debug)]
pub enum Failure {
    /// The provider refused, or redirected elsewhere (exit 1).
    Provider(String),
    /// Refused before anything was sent (exit 2).
    Refused(String),
    /// No usable response (exit 3).
    Transport(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::Provider(_) => 1,
            Failure::Refused(_) => 2,
            Failure::Transport(_) => 3,
        }
    }

    pub fn message(&self) -> &str {
        match self {
            Failure::Provider(m) | Failure::Refused(m) | Failure::Transport(m) => m,
        }
    }
}

/// Send the request; the response body goes to stdout.
pub fn run(args: Args) -> Result<(), Failure> {
    let spec = crate::specs::find(&args.provider, &args.specs).map_err(Failure::Refused)?;
    let method = parse_method(&args.method)?;
    let mut creds = Credentials::from_env(&spec);

    // Split --param into context values, path placeholders and query parameters.
    let template = args
        .target
        .contains('{')
        .then(|| {
            let path = args.target.split('?').next().unwrap_or_default();
            PathTemplate::parse(path).map_err(|e| Failure::Refused(format!("the path: {e}")))
        })
        .transpose()?;
    let mut path_params: Vec<(String, String)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    for p in &args.params {
        let (name, value) = p
            .split_once('=')
            .ok_or_else(|| Failure::Refused(format!("--param `{p}`: expected NAME=VALUE")))?;
        if let Some(context) = context_param(&spec, name) {
            creds = creds.with_param(context, value);
        } else if template
            .as_ref()
            .is_some_and(|t| t.names().any(|n| n == name))
        {
            path_params.push((name.to_owned(), value.to_owned()));
        } else {
            query.push((name.to_owned(), value.to_owned()));
        }
    }
    let path = match &template {
        None => args.target.clone(),
        Some(t) => {
            let given: Vec<(&str, &str)> = path_params
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .collect();
            t.fill(&given).map_err(|_| {
                let name = t
                    .names()
                    .find(|n| !given.iter().any(|(g, _)| g == n))
                    .unwrap_or_default();
                Failure::Refused(format!(
                    "the path has a placeholder `{{{name}}}` with no value; pass --param {name}=VALUE"
                ))
            })?
        }
    };
    let body = args
        .json
        .as_deref()
        .map(serde_json::from_str::<serde_json::Value>)
        .transpose()
        .map_err(|e| Failure::Refused(format!("--json is not JSON: {e}")))?;
    if let Some(c) = &args.credential
        && !spec.credentials.contains(c)
    {
        return Err(Failure::Refused(format!(
            "{} has no credential `{c}`; it has {}",
            spec.name,
            spec.credentials
                .names()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }

    let mut redactor = Redactor::new(std::iter::once(&spec))
        .map_err(|e| Failure::Refused(format!("redactor: {e}")))?;
    redactor
        .add_secrets(creds.secrets())
        .map_err(|e| Failure::Refused(format!("redactor: {e}")))?;
    // The values held, and nothing else: a format error names credentials whose names may
    // begin with a key prefix (Weavz `mcp_bearer_token`), which the prefix patterns would
    // mask, while its message never holds the value itself.
    let mut held = Redactor::with_prefixes(Vec::new())
        .map_err(|e| Failure::Refused(format!("redactor: {e}")))?;
    held.add_secrets(creds.secrets())
        .map_err(|e| Failure::Refused(format!("redactor: {e}")))?;

    let mut builder = Client::builder(Arc::new(spec.clone())).credentials(creds);
    let base = args.base_url.clone().or_else(|| {
        spec.base_url
            .env
            .as_deref()
            .and_then(|v| std::env::var(v).ok())
            .filter(|v| !v.is_empty())
    });
    if let Some(b) = base {
        // A sandbox on loopback serves the operations the spec puts on other hosts (a
        // token endpoint) at the same origin.
        if let Ok(url) = auth_core::reqwest::Url::parse(&b)
            && url.host_str().is_some_and(is_loopback)
        {
            for from in operation_origins(&spec, builder.credentials_mut()) {
                builder = builder.reroute(from, url.origin().ascii_serialization());
            }
        }
        builder = builder.base_url(b);
    }
    for p in &args.placements {
        let (name, kind) = parse_placement(p)?;
        builder = builder.prefer(name, kind);
    }
    if let Some(t) = args.timeout {
        builder = builder.timeout(t);
    }
    if args.verbose {
        // Every attempt as sent, the engine's own calls (a login) included, then each
        // response: secrets masked in both.
        builder = builder.interceptor(Arc::new(Verbose {
            redactor: Mutex::new(redactor.clone()),
        }));
    }
    let client = builder.build().map_err(|e| refused(&e, &redactor, &held))?;

    let mut rb = client.request(method.clone(), &path);
    if !query.is_empty() {
        rb = rb.query(&query);
    }
    if let Some(b) = &body {
        rb = rb.json(b);
    }
    if let Some(c) = &args.credential {
        rb = rb.credential(c);
    }
    if let Some(s) = &args.subject {
        rb = rb.subject(s.clone());
    }
    let (client, request, opts) = rb.build().map_err(|e| classify(&e, &redactor))?;
    if args.verbose
        && let Some(op) = opts.operation
    {
        eprintln!("* operation `{}`", spec.operations[op].name);
    }

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Refused(format!("runtime: {e}")))?;
    runtime.block_on(async {
        for _ in 0..args.repeat.max(1) {
            let req = request
                .try_clone()
                .ok_or_else(|| Failure::Refused("the request body cannot be resent".into()))?;
            let result = client.execute(req, &opts).await;
            let mut resp = result.map_err(|e| classify(&e, &redactor))?;
            let status = resp.status();
            if status.is_redirection() {
                let to = resp
                    .headers()
                    .get(http::header::LOCATION)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|l| resp.url().join(l).ok())
                    .map_or_else(|| "an unnamed location".to_owned(), |u| bare_url(&u));
                return Err(Failure::Provider(
                    redactor
                        .redact(&format!(
                            "{} answered {status} to {to}, which was not followed: credentials \
                             never follow a redirect to another origin",
                            spec.name
                        ))
                        .into_owned(),
                ));
            }
            // Streamed chunk by chunk: memory stays bounded whatever the body's size.
            let mut last = None;
            while let Some(chunk) = resp.chunk().await.map_err(|e| {
                Failure::Transport(format!("reading the response body: {}", e.without_url()))
            })? {
                let _ = std::io::stdout().lock().write_all(&chunk);
                last = chunk.last().copied().or(last);
            }
            let mut out = std::io::stdout().lock();
            if last != Some(b'\n') {
                let _ = out.write_all(b"\n");
            }
            let _ = out.flush();
        }
        Ok(())
    })
}

/// `--timeout`: seconds, decimals allowed (`0.5`), more than zero.
pub fn parse_seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(std::time::Duration::from_secs_f64)
        .ok_or_else(|| format!("`{text}` is not a number of seconds between 0 and 86400"))
}

fn parse_method(m: &str) -> Result<Method, Failure> {
    let upper = m.to_ascii_uppercase();
    if upper.is_empty()
        || !upper
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Failure::Refused(format!("`{m}` is not an HTTP method")));
    }
    Method::from_bytes(upper.as_bytes())
        .map_err(|_| Failure::Refused(format!("`{m}` is not an HTTP method")))
}

/// The spec name of the context parameter called `name` (spec or wire name).
fn context_param<'s>(spec: &'s Spec, name: &str) -> Option<&'s str> {
    spec.parameters
        .values()
        .find(|p| p.name == name || p.placements.iter().any(|pl| pl.name == name))
        .map(|p| p.name.as_str())
}

/// `NAME=KIND`, KIND one of the placement kinds in YAML spelling.
fn parse_placement(p: &str) -> Result<(&str, PlacementKind), Failure> {
    let (name, kind) = p
        .split_once('=')
        .ok_or_else(|| Failure::Refused(format!("--placement `{p}`: expected NAME=KIND")))?;
    kind.parse::<PlacementKind>()
        .map(|k| (name, k))
        .map_err(|_| {
            Failure::Refused(format!(
                "--placement `{p}`: `{kind}` is not a placement; one of header, basic, query, \
                 form, json, body, cookie"
            ))
        })
}

/// An error and every cause under it, `: `-separated, as a chain reporter prints them.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(": ");
        text.push_str(&s.to_string());
        source = s.source();
    }
    text
}

/// A client that could not be built: refused before anything was sent. A malformed
/// credential's message says what is wrong and never the value, so only the values held
/// are masked in it (`held`), keeping the credential names it gives readable.
fn refused(e: &BuildError, redactor: &Redactor, held: &Redactor) -> Failure {
    let text = match e {
        BuildError::InvalidCredential(_) => held
            .redact(&format!("{}; nothing was sent", chain(e)))
            .into_owned(),
        _ => redactor.redact(&chain(e)).into_owned(),
    };
    Failure::Refused(text)
}

/// The exit code an engine error deserves, with its message masked.
fn classify(e: &RequestError, redactor: &Redactor) -> Failure {
    let text = redactor.redact(&chain(e)).into_owned();
    match code_of(e) {
        1 => Failure::Provider(text),
        3 => Failure::Transport(text),
        _ => Failure::Refused(text),
    }
}

fn code_of(e: &RequestError) -> u8 {
    use auth_core::ExchangeError as X;
    match e {
        RequestError::Provider { .. } => 1,
        RequestError::Transport { .. } | RequestError::Timeout { .. } => 3,
        RequestError::Exchange { failure, .. } => match &**failure {
            X::Failed { error, .. } => code_of(error),
            X::Other { .. } => 1,
            _ => 2,
        },
        _ => 2,
    }
}

/// The URL without query or user info: safe to print.
/// The origins of the operations the spec puts on their own host (`url:`), their
/// templates filled from the context values given or the parameters' defaults.
fn operation_origins(spec: &Spec, creds: &Credentials) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for op in spec.operations.values() {
        let Some(t) = &op.url else { continue };
        let Ok(text) = t.render(|name| {
            creds
                .param(name)
                .or_else(|| spec.parameters.get(name)?.default.as_deref())
        }) else {
            continue;
        };
        if let Ok(url) = auth_core::reqwest::Url::parse(&text) {
            let origin = url.origin().ascii_serialization();
            if !out.contains(&origin) {
                out.push(origin);
            }
        }
    }
    out
}

/// Whether `host` (as a URL writes it) is the loopback interface.
fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn bare_url(url: &auth_core::reqwest::Url) -> String {
    let mut shown = url.clone();
    shown.set_query(None);
    shown.set_fragment(None);
    let _ = shown.set_username("");
    let _ = shown.set_password(None);
    shown.to_string()
}

/// Prints every attempt for `-v` as sent, then its response (status and headers), with
/// secrets masked.
struct Verbose {
    redactor: Mutex<Redactor>,
}

impl Verbose {
    fn print(&self, text: &str) {
        let redactor = self.redactor.lock().unwrap_or_else(|e| e.into_inner());
        // Line by line: the line breaks are ours, anything else a server's.
        for line in redactor.redact(text).split_inclusive('\n') {
            let (body, end) = line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n"));
            eprint!("{}{end}", crate::terminal::printable(body));
        }
    }
}

impl Interceptor for Verbose {
    fn on_attempt(&self, request: &auth_core::reqwest::Request, applied: &Applied<'_>) {
        self.print(&crate::show::describe_request(request, applied));
    }

    fn on_response(&self, call: &Call<'_>) {
        let mut out = String::new();
        match call.status {
            Some(s) => out.push_str(&format!("< {s}\n")),
            None => out.push_str("< no response\n"),
        }
        for (name, value) in call.headers.into_iter().flatten() {
            let text = value.to_str().unwrap_or("<binary>");
            let shown = if name == http::header::SET_COOKIE {
                // `name=value; attributes`: keep the name and attributes, never the value.
                match text.split_once('=') {
                    Some((cookie, rest)) => {
                        let attrs = rest.split_once(';').map_or("", |(_, a)| a);
                        if attrs.is_empty() {
                            format!("{cookie}=***")
                        } else {
                            format!("{cookie}=***;{attrs}")
                        }
                    }
                    None => "***".to_owned(),
                }
            } else if value.is_sensitive() || name == http::header::AUTHORIZATION {
                "***".to_owned()
            } else {
                text.to_owned()
            };
            out.push_str(&format!("< {name}: {shown}\n"));
        }
        self.print(&out);
    }
}
