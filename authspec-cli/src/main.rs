//! `authspec`: lint provider specs, export their JSON Schema, and send, serve, identify
//! and redact with them.

mod embedded;
mod export;
mod identify;
mod lint;
mod redact;
mod report;
mod request;
mod scaffold;
mod serve;
mod serve_limits;
mod show;
mod specs;
mod terminal;
mod test;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Provider API authentication, written once as YAML.
#[derive(Parser)]
#[command(name = "authspec", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check specs: files, or folders searched for *.yaml. With no path, the built-in
    /// provider specs (the five seeds and the catalogue). Shows each problem as rustc does
    /// (the line, the span underlined); `--format short` prints `file:line:col: error:
    /// message` lines instead. Exits 1 if there are problems, 2 if a path cannot be read.
    Lint {
        /// Spec files or folders.
        paths: Vec<PathBuf>,
        /// Output: human (rustc-style), short (one line each), json, or sarif (SARIF 2.1.0
        /// for code scanning).
        #[arg(long, value_enum, default_value = "human")]
        format: report::Format,
    },
    /// Run the conformance vectors (`examples:`) of specs against the engine and the
    /// sandbox over loopback HTTP: files, or folders searched for *.yaml. With no path, the
    /// built-in specs. Prints one line per vector, `ok` or `FAIL` with what differed; exits
    /// 1 if any vector fails (or a spec does not load), 2 if a path cannot be read.
    Test {
        /// Spec files or folders.
        paths: Vec<PathBuf>,
    },
    /// Print the JSON Schema of the spec language (kept in schema/authspec.schema.json).
    Schema,
    /// Scaffold a provider crate: a commented template spec that lints clean, a manifest
    /// and a lib.rs that is the `provider!` macro call. Written to providers/NAME.
    New {
        /// Provider name: lowercase letters, digits and `_`.
        name: String,
        /// Where to create the crate (default: providers/NAME).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// Make a standalone crate depending on the authspec checkout at this path,
        /// instead of a member of the current workspace.
        #[arg(long, value_name = "AUTHSPEC_ROOT")]
        standalone: Option<PathBuf>,
    },
    /// Print the Rust code a provider spec generates.
    Expand {
        /// Provider name (built in, or from --spec).
        name: String,
        /// Extra spec files or folders.
        #[arg(long = "spec")]
        specs: Vec<PathBuf>,
    },
    /// Send one authenticated request, curl-like. Credentials and context values come from
    /// the spec's environment variables (e.g. PIXEE_API_KEY, or PIXEE_EMAIL and
    /// PIXEE_PASSWORD to log in first); each is checked against its format before anything
    /// is sent. Prints the response body on stdout. Exit codes: 0 success; 1 the provider
    /// refused (its classified error on stderr) or redirected; 2 refused before sending;
    /// 3 no response.
    Request {
        /// Provider name (built in, or from --spec).
        provider: String,
        /// HTTP method (GET, POST, ...).
        method: String,
        /// A path below the base URL (`/products`), or a full URL on the base URL's origin.
        path_or_url: String,
        /// Base URL; default: the spec's `base_url.env` variable (e.g. WEAVY_BASE_URL) when
        /// set, else the spec's URL. A loopback base URL (`authspec serve`) also receives
        /// the operations the spec puts on other hosts (a token endpoint), as the sandbox
        /// serves them all.
        #[arg(long)]
        base_url: Option<String>,
        /// NAME=VALUE: a context parameter (spec name `team_id` or wire name `teamID`),
        /// else the value of a `{NAME}` placeholder in the path, else a query parameter
        /// (repeatable).
        #[arg(long = "param", value_name = "NAME=VALUE")]
        params: Vec<String>,
        /// A JSON request body (credential fields placed in the body are merged into it).
        #[arg(long, value_name = "BODY")]
        json: Option<String>,
        /// Print each attempt as sent (secrets masked) and each response's status and
        /// headers on stderr, including calls the engine makes itself (a login).
        #[arg(short, long)]
        verbose: bool,
        /// Another spec file or folder to load (repeatable).
        #[arg(long = "spec", value_name = "PATH")]
        specs: Vec<PathBuf>,
        /// Authenticate with this credential of the spec rather than the first one held.
        #[arg(long)]
        credential: Option<String>,
        /// The subject of a per-user token (Weavy's uid), with --credential.
        #[arg(long)]
        subject: Option<String>,
        /// NAME=KIND: place credential or parameter NAME in KIND (header, basic, query,
        /// form, json, body, cookie) rather than where the spec prefers (repeatable).
        #[arg(long = "placement", value_name = "NAME=KIND")]
        placements: Vec<String>,
        /// Send the request this many times in one process, reusing an obtained token.
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=100))]
        repeat: u32,
        /// Give up after this many seconds (decimals allowed) without a response, login
        /// and retries included; default: the spec's `transport.timeouts`, else 120.
        #[arg(long, value_name = "SECONDS", value_parser = request::parse_seconds)]
        timeout: Option<std::time::Duration>,
    },
    /// Run a sandbox server on 127.0.0.1 that enforces a provider's spec.
    Serve {
        /// Provider name (built in, or from --spec).
        provider: String,
        /// Keys file (YAML); default: the provider's sandbox test keys.
        #[arg(long)]
        keys: Option<PathBuf>,
        /// Port (0: any free port).
        #[arg(long, default_value_t = 0)]
        port: u16,
        /// Extra spec files or folders.
        #[arg(long = "spec")]
        specs: Vec<PathBuf>,
        /// Keep keys, tokens, rate limits and lockouts in this Redis
        /// (`redis://127.0.0.1:6379/`), shared with every sandbox that uses it.
        #[arg(long, value_name = "URL")]
        redis: Option<String>,
        /// Namespace of the entries in Redis (default: `authspec:<provider>`).
        #[arg(long, value_name = "NAME", requires = "redis")]
        redis_namespace: Option<String>,
        #[command(flatten)]
        limits: serve_limits::LimitFlags,
    },
    /// Tell which provider and kind of credential a key is, by its prefix. Reads the key
    /// from stdin when not given (keeps it out of shell history); never prints it. Exits 1
    /// when no loaded spec knows the key.
    Identify {
        /// The key; read from stdin when omitted.
        key: Option<String>,
        /// Another spec file or folder to load (repeatable).
        #[arg(long = "spec", value_name = "PATH")]
        specs: Vec<PathBuf>,
    },
    /// Copy FILE (or stdin) to stdout with every credential masked: keys with a known
    /// prefix and format keep the prefix (`pm_live_***`); values in the headers, query,
    /// form, JSON and cookie fields the specs name (`X-Api-Key: ***`, `apiSecret=***`),
    /// `Authorization` credentials (`Bearer ***`), curl `-u` and URL passwords, and the
    /// values of the specs' secret environment variables that are set (e.g.
    /// WEEVIO_API_SECRET) become `***`. Streams: each line read is written at once
    /// (`tail -f app.log | authspec redact`).
    Redact {
        /// The file to redact; stdin when omitted.
        file: Option<PathBuf>,
        /// Another spec file or folder to load (repeatable).
        #[arg(long = "spec", value_name = "PATH")]
        specs: Vec<PathBuf>,
    },
    /// Write the loaded specs' key formats as rules for another tool, on stdout.
    Export {
        #[command(subcommand)]
        format: ExportFormat,
    },
}

/// What `export` writes.
#[derive(Subcommand)]
enum ExportFormat {
    /// A gitleaks rules file (TOML: one rule per prefixed key format, with id,
    /// description, regex and keywords).
    Gitleaks {
        /// Another spec file or folder to load (repeatable).
        #[arg(long = "spec", value_name = "PATH")]
        specs: Vec<PathBuf>,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Lint { paths, format } => match lint::run(&paths, format) {
            Ok(0) => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                eprintln!("authspec lint: {e}");
                ExitCode::from(2)
            }
        },
        Command::Test { paths } => match test::run(&paths) {
            Ok(s) if s.failed == 0 => ExitCode::SUCCESS,
            Ok(_) => ExitCode::from(1),
            Err(e) => {
                eprintln!("authspec test: {e}");
                ExitCode::from(2)
            }
        },
        Command::Schema => {
            print!("{}", auth_spec::json_schema());
            ExitCode::SUCCESS
        }
        Command::New {
            name,
            dir,
            standalone,
        } => {
            let dir = dir.unwrap_or_else(|| PathBuf::from("providers").join(&name));
            let deps = match standalone {
                Some(root) => scaffold::Deps::Checkout(root),
                None => scaffold::Deps::Workspace,
            };
            match scaffold::new(&name, &dir, &deps) {
                Ok(files) => {
                    for f in files {
                        println!("created {}", f.display());
                    }
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("authspec new: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Expand { name, specs } => match scaffold::expand(&name, &specs) {
            Ok(code) => {
                print!("{code}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("authspec expand: {e}");
                ExitCode::from(2)
            }
        },
        Command::Request {
            provider,
            method,
            path_or_url,
            base_url,
            params,
            json,
            verbose,
            specs,
            credential,
            subject,
            placements,
            repeat,
            timeout,
        } => match request::run(request::Args {
            provider,
            method,
            target: path_or_url,
            base_url,
            params,
            json,
            verbose,
            specs,
            credential,
            subject,
            placements,
            repeat,
            timeout,
        }) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                // The message may quote the provider: shown, never obeyed.
                eprintln!("authspec request: {}", terminal::printable(e.message()));
                ExitCode::from(e.exit_code())
            }
        },
        Command::Serve {
            provider,
            keys,
            port,
            specs,
            redis,
            redis_namespace,
            limits,
        } => match serve::run(
            &provider,
            keys.as_deref(),
            port,
            &specs,
            redis.as_deref().map(|url| serve::Redis {
                url,
                namespace: redis_namespace.as_deref(),
            }),
            limits.limits(),
        ) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("authspec serve: {e}");
                ExitCode::from(2)
            }
        },
        Command::Identify { key, specs } => match identify::run(key, &specs) {
            Ok(identify::Outcome::Known) => ExitCode::SUCCESS,
            Ok(identify::Outcome::Unknown) => ExitCode::from(1),
            Err(e) => {
                eprintln!("authspec identify: {e}");
                ExitCode::from(2)
            }
        },
        Command::Redact { file, specs } => match redact::run(file.as_deref(), &specs) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("authspec redact: {e}");
                ExitCode::from(2)
            }
        },
        Command::Export {
            format: ExportFormat::Gitleaks { specs },
        } => match export::gitleaks(&specs) {
            Ok(toml) => {
                print!("{toml}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("authspec export: {e}");
                ExitCode::from(2)
            }
        },
    }
}
