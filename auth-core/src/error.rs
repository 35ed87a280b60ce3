//! Why a client, authenticator or verifier could not be built. Everything a spec and a
//! set of credentials can disagree on is found here, once, so no request can fail on it.

use auth_spec::model::PlacementKind;

use crate::credentials::InvalidCredential;

/// Why a client, authenticator or verifier could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A credential name the spec does not declare.
    #[error("{provider} has no credential `{name}`; it declares {}", .declared.join(", "))]
    UnknownCredential {
        /// The provider.
        provider: String,
        /// The name given.
        name: String,
        /// The credentials the spec declares.
        declared: Vec<String>,
    },
    /// A part name the credential does not have.
    #[error("credential `{credential}` of {provider} has no part `{part}`; its parts are {}", .parts.join(", "))]
    UnknownPart {
        /// The provider.
        provider: String,
        /// The credential.
        credential: String,
        /// The part given.
        part: String,
        /// The parts it has.
        parts: Vec<String>,
    },
    /// A context parameter the spec does not declare.
    #[error("{provider} has no context parameter `{name}`")]
    UnknownParameter {
        /// The provider.
        provider: String,
        /// The name given.
        name: String,
    },
    /// A held value does not fit its format; nothing was sent.
    #[error(transparent)]
    InvalidCredential(Box<InvalidCredential>),
    /// A placement the spec does not offer for that credential or parameter.
    #[error("`{name}` cannot be placed in {kind}; the spec allows {}", .allowed.join(", "))]
    NoSuchPlacement {
        /// The credential or parameter.
        name: String,
        /// The placement asked for.
        kind: PlacementKind,
        /// The placements the spec offers.
        allowed: Vec<String>,
    },
    /// The spec's base URL is supplied by the user and none was given.
    #[error("{provider} needs a base URL ({template}){}", .env.as_ref().map(|e| format!("; set {e}")).unwrap_or_default())]
    MissingBaseUrl {
        /// The provider.
        provider: String,
        /// The documented shape (`https://{weavy-server}`).
        template: String,
        /// The variable it is read from.
        env: Option<String>,
    },
    /// An environment the spec's base URL does not name.
    #[error("{provider} has no environment `{name}`; its base URLs are for {}", .declared.join(", "))]
    UnknownEnvironment {
        /// The provider.
        provider: String,
        /// The name given.
        name: String,
        /// The environments the spec names.
        declared: Vec<String>,
    },
    /// A context parameter the base URL is made from was not given.
    #[error("{provider}'s base URL needs `{parameter}`{}", .env.as_ref().map(|e| format!(" (set {e})")).unwrap_or_default())]
    MissingUrlParameter {
        /// The provider.
        provider: String,
        /// The parameter.
        parameter: String,
        /// The variable it is read from.
        env: Option<String>,
    },
    /// The base URL given is not an absolute http(s) URL.
    #[error("base URL `{url}` is not an absolute http(s) URL")]
    BaseUrl {
        /// The URL given.
        url: String,
    },
    /// A signing key (a JWT private key, an HMAC secret) could not be read. The message
    /// names the credential and what the key should be, never the key.
    #[error("{provider}: {reason}")]
    Signing {
        /// The provider.
        provider: String,
        /// What is wrong.
        reason: crate::signing::SignError,
    },
    /// The HTTP client underneath could not be built (TLS set-up).
    #[cfg(feature = "reqwest")]
    #[error("the HTTP client could not be built")]
    Http(#[source] reqwest::Error),
}

impl From<InvalidCredential> for BuildError {
    fn from(e: InvalidCredential) -> Self {
        Self::InvalidCredential(Box::new(e))
    }
}
