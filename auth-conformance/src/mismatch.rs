//! What a check found wrong, one fact per value, each shown as a line of a diff.

use std::fmt;

/// One difference between what a vector states and what the engine or the sandbox did.
///
/// Vectors carry the documentation's sample credentials, and a diff is useless without
/// them: these are printed as they are. A user's real keys never belong in a vector.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Mismatch {
    /// The engine refused to build or send the request (a missing value, a format it
    /// rejects, a transport failure).
    #[error("the engine did not send the request: {error}")]
    Refused {
        /// The engine's error, its chain joined with ": ".
        error: String,
    },
    /// The engine would send the request to another origin than the documented URL's.
    #[error("origin: expected {expected}, the engine would send to {actual}")]
    Origin {
        /// The documented URL's scheme, host and port.
        expected: String,
        /// The engine's.
        actual: String,
    },
    /// The loopback server received a number of requests other than one.
    #[error("expected one request on the wire, the server received {count}")]
    Requests {
        /// How many arrived.
        count: usize,
    },
    /// Another method.
    #[error("method: expected {expected}, sent {actual}")]
    Method {
        /// Stated.
        expected: String,
        /// Sent.
        actual: String,
    },
    /// Another path.
    #[error("path: expected `{expected}`, sent `{actual}`")]
    Path {
        /// Stated.
        expected: String,
        /// Sent.
        actual: String,
    },
    /// Other query parameters, or the same in another order.
    #[error("query: expected `{expected}`, sent `{actual}`")]
    Query {
        /// Stated (the part after `?`).
        expected: String,
        /// Sent.
        actual: String,
    },
    /// A stated header is absent, repeated or has another value.
    #[error("header `{name}`: expected {expected:?}, sent {}", values(.actual))]
    Header {
        /// The header.
        name: String,
        /// Its stated value.
        expected: String,
        /// The values sent (none: absent).
        actual: Vec<String>,
    },
    /// A header the vector says must be absent was sent.
    #[error("header `{name}` must be absent, sent {}", values(.actual))]
    PresentHeader {
        /// The header.
        name: String,
        /// The values sent.
        actual: Vec<String>,
    },
    /// Another body.
    #[error("body: expected {expected:?}, sent {actual:?}")]
    Body {
        /// Stated (empty: none).
        expected: String,
        /// Sent.
        actual: String,
    },
    /// The sandbox refused the request the vector documents.
    #[error("the sandbox refused the documented request: {status} {body}")]
    Rejected {
        /// Its status.
        status: u16,
        /// Its body (shortened).
        body: String,
    },
    /// The sandbox took the request for another operation.
    #[error("the sandbox served the request as operation {}, not `{expected}`", .actual.as_deref().map_or("none".to_owned(), |a| format!("`{a}`")))]
    Operation {
        /// The vector's operation.
        expected: String,
        /// The one the sandbox matched.
        actual: Option<String>,
    },
    /// The sandbox accepted the request although the credential it carries was not one of
    /// its keys (its key differed by one character).
    #[error("the sandbox accepted the request with `{credential}` not among its keys ({status})")]
    MangledAccepted {
        /// The credential altered.
        credential: String,
        /// The status it answered.
        status: u16,
    },
    /// A response the vector calls an error was handed over as a success.
    #[error("the client did not report the {status} response as an error")]
    NotAnError {
        /// The response's status.
        status: u16,
    },
    /// The classification differs in one field.
    #[error("{field}: expected {expected}, classified as {actual}")]
    Classified {
        /// `error`, `kind`, `action`, `message`, `code` or `retry_after_seconds`.
        field: &'static str,
        /// Stated.
        expected: String,
        /// Found (`none` when absent).
        actual: String,
    },
    /// The check itself could not run (a vector that cannot be replayed, a server that
    /// did not start).
    #[error("cannot run the check: {0}")]
    Setup(String),
}

fn values(v: &[String]) -> String {
    match v {
        [] => "nothing".to_owned(),
        [one] => format!("{one:?}"),
        many => format!("{} values {many:?}", many.len()),
    }
}

/// Which face of the engine a check exercised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Check {
    /// A request vector sent by the engine's client to a loopback recorder.
    Engine,
    /// A request vector's wire form replayed to the sandbox.
    Sandbox,
    /// A response vector served over loopback and classified by the client.
    Classify,
}

impl Check {
    /// A short name for output.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Engine => "engine",
            Self::Sandbox => "sandbox",
            Self::Classify => "classify",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The checks of one conformance vector and what each found.
#[derive(Debug, Clone, PartialEq)]
pub struct VectorReport {
    /// Its index in the spec's `examples`.
    pub index: usize,
    /// Its description.
    pub description: String,
    /// Each check run, with its mismatches (none: it passed).
    pub checks: Vec<(Check, Vec<Mismatch>)>,
}

impl VectorReport {
    /// Whether every check passed.
    pub fn passed(&self) -> bool {
        self.checks.iter().all(|(_, m)| m.is_empty())
    }

    /// Every mismatch of one check.
    pub fn mismatches(&self, check: Check) -> impl Iterator<Item = &Mismatch> {
        self.checks
            .iter()
            .filter(move |(c, _)| *c == check)
            .flat_map(|(_, m)| m)
    }
}

/// `ok examples[0] (engine, sandbox): description`, or `FAIL ...` followed by one indented
/// line per mismatch.
impl fmt::Display for VectorReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let checks: Vec<&str> = self.checks.iter().map(|(c, _)| c.as_str()).collect();
        let verdict = if self.passed() { "ok  " } else { "FAIL" };
        write!(
            f,
            "{verdict} examples[{}] ({}): {}",
            self.index,
            checks.join(", "),
            self.description.trim()
        )?;
        for (check, mismatches) in &self.checks {
            for m in mismatches {
                write!(f, "\n       {check}: {m}")?;
            }
        }
        Ok(())
    }
}
