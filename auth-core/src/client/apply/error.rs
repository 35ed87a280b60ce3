//! Why credentials could not be applied. Nothing is sent when this happens, and no
//! message holds a secret.

/// Why credentials could not be applied. Nothing was sent; no message holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ApplyError {
    /// None of the credentials the request accepts is held or can be obtained.
    #[error("{provider}: no credential for this request; it accepts {}", describe_accepted(.accepted))]
    MissingCredential {
        /// The provider.
        provider: String,
        /// `(credential, environment variables)` for each accepted credential.
        accepted: Vec<(String, Vec<String>)>,
    },
    /// A credential is held only in part (an API ID without its secret).
    #[error("{provider}: credential `{credential}` lacks its `{part}` part{}", env_hint(.env))]
    MissingPart {
        /// The provider.
        provider: String,
        /// The credential held in part.
        credential: String,
        /// The part that is missing.
        part: String,
        /// The environment variable the part is read from.
        env: Option<String>,
    },
    /// A required context value is missing; the provider would refuse the request.
    #[error("{provider}: `{wire}` is required on every request{}", env_hint(.env))]
    MissingParameter {
        /// The provider.
        provider: String,
        /// The parameter's name in the spec (`team_id`).
        parameter: String,
        /// Its name on the wire (`teamID`).
        wire: String,
        /// The environment variable it is read from.
        env: Option<String>,
    },
    /// A credential would go over plain HTTP to a host that is not loopback.
    #[error(
        "refusing to send credentials over plain HTTP to {host}; use https (plain http is allowed only to loopback)"
    )]
    Cleartext {
        /// The host the request was for.
        host: String,
    },
    /// A credential or context value cannot be written into an HTTP header (control
    /// characters).
    #[error("`{0}` holds characters that are not allowed in an HTTP header")]
    InvalidHeaderValue(String),
    /// The request body is a stream, so body fields cannot be merged into it.
    #[error("this request's body is a stream; credentials placed in the body need a buffered body")]
    StreamingBody,
    /// The request body is not a form or JSON object that fields can be merged into.
    #[error(
        "the request body is not a form or JSON object, so credential fields cannot be merged into it"
    )]
    BodyConflict,
    /// The request URI could not be rebuilt with the query appended.
    #[error("the request URI cannot carry the query parameters")]
    InvalidUri,
    /// The request could not be signed (a template value missing, a streaming body).
    #[error(transparent)]
    Sign(#[from] crate::signing::SignError),
}

fn describe_accepted(accepted: &[(String, Vec<String>)]) -> String {
    accepted
        .iter()
        .map(|(c, envs)| {
            if envs.is_empty() {
                format!("`{c}`")
            } else {
                format!("`{c}` (set {})", envs.join(" and "))
            }
        })
        .collect::<Vec<_>>()
        .join(" or ")
}

fn env_hint(env: &Option<String>) -> String {
    env.as_ref()
        .map(|e| format!(" (set {e})"))
        .unwrap_or_default()
}
