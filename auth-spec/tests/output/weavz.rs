const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavz.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavz";
static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
{
    #[allow(unused_imports)]
    use ::auth_core::spec::model::*;
    use ::auth_core::__private::IndexMap;
    ::std::sync::Arc::new(Spec {
        schema: None,
        spec_version: 1,
        name: "weavz".into(),
        title: "Weavz API".into(),
        description: Some(
            "All API requests require authentication via an API key passed as a Bearer token in the Authorization header. API keys are scoped to an organization: all resources accessed through the key belong to that organization."
                .into(),
        ),
        base_url: BaseUrl {
            url: "https://api.weavz.io".into(),
            env: Some("WEAVZ_BASE_URL".into()),
            user_supplied: false,
            description: Some(
                "For enterprise on-premise deployments, contact sales for your dedicated URL."
                    .into(),
            ),
        },
        transport: Transport {
            https_only: true,
            description: None,
        },
        metering: None,
        credentials: IndexMap::from_iter([
            (
                "api_key".into(),
                Credential {
                    description: "Organization API key. Org-wide by default (can read and modify customer-facing API resources across the organization); may instead be workspace-scoped, restricted to specific workspaces, for least-privilege access."
                        .into(),
                    kind: CredentialKind::ApiKey,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: Some("WEAVZ_API_KEY".into()),
                                secret: true,
                                format: Some(Format {
                                    prefixes: vec![
                                        Prefix { prefix : "wvz_".into(), environment : None,
                                        description : Some("Weavz API key".into()) }
                                    ],
                                    min_length: None,
                                    max_length: None,
                                    no_whitespace: false,
                                    require_non_digit: false,
                                }),
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Header { name : "Authorization".into(), scheme :
                        Some("Bearer".into()), part : None, preferred : false }
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: true,
                    how_to_obtain: Some(
                        "Create keys via the dashboard under Settings > API Keys, or programmatically through the API Keys endpoint. The full key value is returned only once; store it securely."
                            .into(),
                    ),
                    variants: IndexMap::new(),
                },
            ),
            (
                "mcp_oauth_token".into(),
                Credential {
                    description: "MCP OAuth token. OAuth is the default for new MCP servers; clients sign in through Weavz and receive a token scoped to the MCP server, workspace, and end user. An MCP credential, not a customer API key."
                        .into(),
                    kind: CredentialKind::AccessToken,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: None,
                                secret: true,
                                format: Some(Format {
                                    prefixes: vec![
                                        Prefix { prefix : "mcpo_".into(), environment : None,
                                        description : Some("MCP OAuth token".into()) }
                                    ],
                                    min_length: None,
                                    max_length: None,
                                    no_whitespace: false,
                                    require_non_digit: false,
                                }),
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Header { name : "Authorization".into(), scheme :
                        Some("Bearer".into()), part : None, preferred : false }
                    ],
                    audience: "mcp_server".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::new(),
                },
            ),
            (
                "mcp_bearer_token".into(),
                Credential {
                    description: "MCP bearer token. An MCP credential, not a customer API key."
                        .into(),
                    kind: CredentialKind::BearerToken,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: None,
                                secret: true,
                                format: Some(Format {
                                    prefixes: vec![
                                        Prefix { prefix : "mcp_".into(), environment : None,
                                        description : Some("MCP bearer token (end-user or static)"
                                        .into()) }
                                    ],
                                    min_length: None,
                                    max_length: None,
                                    no_whitespace: false,
                                    require_non_digit: false,
                                }),
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Header { name : "Authorization".into(), scheme :
                        Some("Bearer".into()), part : None, preferred : false }
                    ],
                    audience: "mcp_server".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::from_iter([
                        (
                            "end_user".into(),
                            "End-user MCP bearer token: API and SDK customers can create them for bearer-enabled MCP servers; each token is scoped to one MCP server, workspace, and end user."
                                .into(),
                        ),
                        (
                            "static".into(),
                            "Static MCP bearer token: a shared server credential, returned only when an MCP server's authMode is bearer or oauth_and_bearer and the workspace can safely use service-style access."
                                .into(),
                        ),
                    ]),
                },
            ),
        ]),
        default_auth: vec!["api_key".into()],
        parameters: IndexMap::new(),
        scopes: IndexMap::new(),
        restrictions: IndexMap::from_iter([
            (
                "workspace".into(),
                Restriction {
                    description: "Workspace-scoped keys can only interact with resources (connections, MCP servers, triggers, actions) belonging to their allowed workspaces. Requests that target resources outside the permitted workspaces return a 403 error with code SCOPE_DENIED."
                        .into(),
                    kind: RestrictionKind::Workspace,
                    error: Some("scope_denied".into()),
                },
            ),
            (
                "org_wide".into(),
                Restriction {
                    description: "API key management requires an org-wide key.".into(),
                    kind: RestrictionKind::OrgWide,
                    error: None,
                },
            ),
        ]),
        operations: IndexMap::from_iter([
            (
                "list_workspaces".into(),
                Operation {
                    description: "List workspaces (the documentation's example request)."
                        .into(),
                    role: None,
                    method: HttpMethod::Get,
                    path: "/api/v1/workspaces".into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::new(),
                    request: None,
                    response: None,
                    issues: None,
                    invalidates: vec![],
                },
            ),
            (
                "create_key".into(),
                Operation {
                    description: "Create an API key. The response includes a plainKey field with the full key; this is the only time it will be visible."
                        .into(),
                    role: Some(OperationRole::CreateKey),
                    method: HttpMethod::Post,
                    path: "/api/v1/api-keys".into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec!["org_wide".into()],
                    parameters: IndexMap::new(),
                    request: Some(Payload {
                        description: None,
                        fields: IndexMap::from_iter([
                            (
                                "name".into(),
                                PayloadField {
                                    ty: FieldType::String,
                                    description: Some(
                                        "A descriptive name, e.g. `Production Key`.".into(),
                                    ),
                                    required: true,
                                    secret: false,
                                    from: None,
                                    items: IndexMap::new(),
                                },
                            ),
                        ]),
                        additional_fields: false,
                    }),
                    response: Some(Response {
                        status: None,
                        body: Some(Payload {
                            description: None,
                            fields: IndexMap::from_iter([
                                (
                                    "plainKey".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some(
                                            "The full key; this is the only time it will be visible."
                                                .into(),
                                        ),
                                        required: true,
                                        secret: true,
                                        from: Some("api_key".into()),
                                        items: IndexMap::new(),
                                    },
                                ),
                            ]),
                            additional_fields: false,
                        }),
                        sets_cookies: IndexMap::new(),
                    }),
                    issues: None,
                    invalidates: vec![],
                },
            ),
        ]),
        errors: Errors {
            body: ErrorBody {
                format: BodyFormat::Json,
                message_field: Some("error".into()),
                code_field: Some("code".into()),
                details_field: Some("details".into()),
                description: Some(
                    "All errors follow a consistent format: {\"error\": \"...\", \"code\": \"ERROR_CODE\", \"details\": {}}"
                        .into(),
                ),
            },
            catalogue: IndexMap::from_iter([
                (
                    "unauthenticated".into(),
                    ErrorEntry {
                        status: 401,
                        code: Some("UNAUTHENTICATED".into()),
                        message: None,
                        description: "Missing or invalid API key".into(),
                        kind: ErrorKind::Unauthenticated,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "forbidden".into(),
                    ErrorEntry {
                        status: 403,
                        code: Some("FORBIDDEN".into()),
                        message: None,
                        description: "Key lacks permission for this action".into(),
                        kind: ErrorKind::Forbidden,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "scope_denied".into(),
                    ErrorEntry {
                        status: 403,
                        code: Some("SCOPE_DENIED".into()),
                        message: None,
                        description: "Workspace-scoped key cannot access this resource"
                            .into(),
                        kind: ErrorKind::ScopeDenied,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "quota_exceeded".into(),
                    ErrorEntry {
                        status: 403,
                        code: Some("QUOTA_EXCEEDED".into()),
                        message: None,
                        description: "Organization quota limit reached".into(),
                        kind: ErrorKind::QuotaExceeded,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "rate_limit_exceeded".into(),
                    ErrorEntry {
                        status: 429,
                        code: Some("RATE_LIMIT_EXCEEDED".into()),
                        message: Some("Rate limit exceeded".into()),
                        description: "Too many requests".into(),
                        kind: ErrorKind::RateLimited,
                        action: ErrorAction::Retry,
                    },
                ),
            ]),
        },
        rate_limit: Some(RateLimit {
            status: 429,
            error: Some("rate_limit_exceeded".into()),
            limit_header: Some("X-RateLimit-Limit".into()),
            remaining_header: Some("X-RateLimit-Remaining".into()),
            reset_header: Some("X-RateLimit-Reset".into()),
            reset_format: Some(ResetFormat::UnixSeconds),
            on_every_response: true,
            description: Some(
                "API requests are rate-limited based on your organization's plan tier. Rate limit information is included in every response."
                    .into(),
            ),
        }),
        retry: None,
        undocumented: vec![Topic::RetryPolicy, Topic::CredentialLifetime],
    })
});
/// The provider spec this crate was generated from, built without parsing anything.
pub fn spec() -> &'static ::auth_core::spec::Spec {
    &SPEC
}
/// The spec, shared: what the run-time engine takes.
pub fn spec_arc() -> ::std::sync::Arc<::auth_core::spec::Spec> {
    ::std::sync::Arc::clone(&SPEC)
}
///A scope declared by Weavz API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {}
impl Scope {
    /// Every declared scope, in the order the spec lists them.
    pub const ALL: [Scope; 0usize] = [];
    /// The scope as the provider writes it.
    pub fn as_str(self) -> &'static str {
        match self {}
    }
    /// What the scope grants, from the spec.
    pub fn description(self) -> &'static str {
        match self {}
    }
}
impl ::auth_core::scopes::ScopeName for Scope {
    const ALL: &'static [Scope] = &Scope::ALL;
    fn index(self) -> usize {
        match self {}
    }
    fn as_str(self) -> &'static str {
        Scope::as_str(self)
    }
}
impl ::core::fmt::Display for Scope {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::core::str::FromStr for Scope {
    type Err = ::auth_core::scopes::UnknownScope;
    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
        <Scope as ::auth_core::scopes::ScopeName>::from_name(s)
            .ok_or_else(|| ::auth_core::scopes::UnknownScope(s.to_owned()))
    }
}
/// A set of [`Scope`]s, stored as bits: `Copy`, and checking membership costs nothing.
pub type ScopeSet = ::auth_core::scopes::ScopeSet<Scope, 1usize>;
pub use ::auth_core::scopes::UnknownScope;
/// A declared scope by its provider name, checked at compile time:
/// an undeclared name is a compile error listing the declared ones.
#[macro_export]
macro_rules! scope {
    ($other:tt) => {
        ::core::compile_error!("unknown scope; Weavz API declares: ")
    };
}
/**Organization API key. Org-wide by default (can read and modify customer-facing API resources across the organization); may instead be workspace-scoped, restricted to specific workspaces, for least-privilege access.

How to obtain it: Create keys via the dashboard under Settings > API Keys, or programmatically through the API Keys endpoint. The full key value is returned only once; store it securely.

The provider shows it only once: store it when you receive it.*/
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(::auth_core::Secret);
impl ApiKey {
    /// The environment variable it is read from by default.
    pub const ENV: &'static str = "WEAVZ_API_KEY";
    /// Check `value` against the spec's format for this credential.
    pub fn parse(
        value: impl Into<String>,
    ) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
        let value = ::auth_core::Secret::new(value);
        Self::check(&value)?;
        Ok(Self(value))
    }
    fn check(
        value: &::auth_core::Secret,
    ) -> ::core::result::Result<(), ::auth_core::format::FormatError> {
        ::auth_core::format::check_credential(
                spec(),
                "api_key",
                Some("key"),
                value.expose(),
            )
            .map(|_| ())
    }
    /// Read it from [`Self::ENV`], checking its format.
    pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
        let value = ::auth_core::env_secret(Self::ENV)?;
        Self::check(&value)
            .map_err(|source| ::auth_core::EnvError::Invalid {
                var: Self::ENV.to_owned(),
                source: ::std::boxed::Box::new(source),
            })?;
        Ok(Self(value))
    }
    /// The secret itself, for the moment it must be handed on.
    pub fn expose_secret(&self) -> &str {
        self.0.expose()
    }
    fn store(self, creds: &mut ::auth_core::Credentials) {
        creds.set_part("api_key", "key", self.0);
    }
}
impl ::core::str::FromStr for ApiKey {
    type Err = ::auth_core::format::FormatError;
    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
        Self::parse(s)
    }
}
impl ::core::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let prefix = ::auth_core::format::check_credential(
                spec(),
                "api_key",
                Some("key"),
                self.0.expose(),
            )
            .ok()
            .and_then(|m| m.prefix)
            .map_or("", |p| p.prefix.as_str());
        write!(f, "{}({}***)", "ApiKey", prefix)
    }
}
impl<'de> ::auth_core::__private::serde::Deserialize<'de> for ApiKey {
    fn deserialize<D: ::auth_core::__private::serde::Deserializer<'de>>(
        d: D,
    ) -> ::core::result::Result<Self, D::Error> {
        let value = <::auth_core::Secret as ::auth_core::__private::serde::Deserialize>::deserialize(
            d,
        )?;
        Self::check(&value)
            .map_err(<D::Error as ::auth_core::__private::serde::de::Error>::custom)?;
        Ok(Self(value))
    }
}
/**MCP bearer token. An MCP credential, not a customer API key.

Not a credential for Weavz API's API: it is accepted by `mcp_server`.*/
#[derive(Clone, PartialEq, Eq)]
pub struct McpBearerToken(::auth_core::Secret);
impl McpBearerToken {
    /// Check `value` against the spec's format for this credential.
    pub fn parse(
        value: impl Into<String>,
    ) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
        let value = ::auth_core::Secret::new(value);
        Self::check(&value)?;
        Ok(Self(value))
    }
    fn check(
        value: &::auth_core::Secret,
    ) -> ::core::result::Result<(), ::auth_core::format::FormatError> {
        ::auth_core::format::check_credential(
                spec(),
                "mcp_bearer_token",
                Some("key"),
                value.expose(),
            )
            .map(|_| ())
    }
    /// The secret itself, for the moment it must be handed on.
    pub fn expose_secret(&self) -> &str {
        self.0.expose()
    }
    fn store(self, creds: &mut ::auth_core::Credentials) {
        creds.set_part("mcp_bearer_token", "key", self.0);
    }
}
impl ::core::str::FromStr for McpBearerToken {
    type Err = ::auth_core::format::FormatError;
    fn from_str(s: &str) -> ::core::result::Result<Self, Self::Err> {
        Self::parse(s)
    }
}
impl ::core::fmt::Debug for McpBearerToken {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        let prefix = ::auth_core::format::check_credential(
                spec(),
                "mcp_bearer_token",
                Some("key"),
                self.0.expose(),
            )
            .ok()
            .and_then(|m| m.prefix)
            .map_or("", |p| p.prefix.as_str());
        write!(f, "{}({}***)", "McpBearerToken", prefix)
    }
}
impl<'de> ::auth_core::__private::serde::Deserialize<'de> for McpBearerToken {
    fn deserialize<D: ::auth_core::__private::serde::Deserializer<'de>>(
        d: D,
    ) -> ::core::result::Result<Self, D::Error> {
        let value = <::auth_core::Secret as ::auth_core::__private::serde::Deserialize>::deserialize(
            d,
        )?;
        Self::check(&value)
            .map_err(<D::Error as ::auth_core::__private::serde::de::Error>::custom)?;
        Ok(Self(value))
    }
}
/// What can go wrong calling the provider: its documented errors, one variant per
/// meaning, and the engine's own refusals and transport failures.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    ///Missing or invalid API key (401 `UNAUTHENTICATED`).
    #[error("{0}")]
    Unauthenticated(::std::boxed::Box<::auth_core::ProviderError>),
    ///Key lacks permission for this action (403 `FORBIDDEN`).
    #[error("{0}")]
    Forbidden(::std::boxed::Box<::auth_core::ProviderError>),
    ///Workspace-scoped key cannot access this resource (403 `SCOPE_DENIED`).
    #[error("{0}")]
    ScopeDenied(::std::boxed::Box<::auth_core::ProviderError>),
    ///Organization quota limit reached (403 `QUOTA_EXCEEDED`).
    #[error("{0}")]
    QuotaExceeded(::std::boxed::Box<::auth_core::ProviderError>),
    ///Too many requests (429 `RATE_LIMIT_EXCEEDED`).
    #[error("{0}")]
    RateLimitExceeded(::std::boxed::Box<::auth_core::ProviderError>),
    ///An error response Weavz API's catalogue does not list.
    #[error("{0}")]
    Other(::std::boxed::Box<::auth_core::ProviderError>),
    /// Refused before anything was sent: a credential or required value is missing
    /// or malformed, or the URL is not safe for credentials.
    #[error(transparent)]
    Refused(::auth_core::ApplyError),
    /// A credential's format is wrong.
    #[error(transparent)]
    Format(#[from] ::auth_core::format::FormatError),
    /// No response, a token that could not be obtained, or a misconfigured client.
    #[error(transparent)]
    Client(::auth_core::ClientError),
}
impl Error {
    /// The classified provider response behind this error, if there was one.
    pub fn provider_error(&self) -> Option<&::auth_core::ProviderError> {
        match self {
            Error::Unauthenticated(e)
            | Error::Forbidden(e)
            | Error::ScopeDenied(e)
            | Error::QuotaExceeded(e)
            | Error::RateLimitExceeded(e)
            | Error::Other(e) => Some(e),
            Error::Client(e) => e.provider_error(),
            _ => None,
        }
    }
    /// The provider's own error code, when its body carried one.
    pub fn code(&self) -> Option<&str> {
        self.provider_error()?.code.as_deref()
    }
    /// The provider's message, from the body or the documentation.
    pub fn message(&self) -> Option<&str> {
        self.provider_error()?.message.as_deref()
    }
    /// What the caller should do, as the spec says.
    pub fn action(&self) -> Option<::auth_core::spec::model::ErrorAction> {
        Some(self.provider_error()?.action)
    }
    /// How long to wait before retrying, when the provider said.
    pub fn retry_after(&self) -> Option<::std::time::Duration> {
        self.provider_error()?.retry_after
    }
}
impl ::core::convert::From<::auth_core::ClientError> for Error {
    fn from(e: ::auth_core::ClientError) -> Self {
        match e {
            ::auth_core::ClientError::Provider { error, .. } => {
                match error.name.as_deref() {
                    Some("unauthenticated") => Error::Unauthenticated(error),
                    Some("forbidden") => Error::Forbidden(error),
                    Some("scope_denied") => Error::ScopeDenied(error),
                    Some("quota_exceeded") => Error::QuotaExceeded(error),
                    Some("rate_limit_exceeded") => Error::RateLimitExceeded(error),
                    _ => Error::Other(error),
                }
            }
            ::auth_core::ClientError::Apply(e) => Error::Refused(e),
            other => Error::Client(other),
        }
    }
}
/// Builds a [`Client`]: credentials, context values, base URL.
pub struct ClientBuilder {
    inner: ::auth_core::ClientBuilder,
    creds: ::auth_core::Credentials,
}
impl ClientBuilder {
    ///Authenticate with this [`ApiKey`].
    pub fn api_key(mut self, credential: ApiKey) -> Self {
        credential.store(&mut self.creds);
        self
    }
    /// Read every credential and context value whose environment variable is set
    /// (and the base URL, where the spec names a variable for it). A set variable
    /// whose value has the wrong format is an error.
    pub fn from_env(mut self) -> ::core::result::Result<Self, ::auth_core::EnvError> {
        match ApiKey::from_env() {
            Ok(c) => c.store(&mut self.creds),
            Err(::auth_core::EnvError::Missing { .. }) => {}
            Err(e) => return Err(e),
        }
        if let Ok(url) = ::std::env::var("WEAVZ_BASE_URL") {
            self.inner = self.inner.base_url(url);
        }
        Ok(self)
    }
    /// Send requests to another base URL (a self-hosted server, a sandbox).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.inner = self.inner.base_url(url);
        self
    }
    /// Place a credential or context value in another of the places the spec
    /// allows for it.
    pub fn prefer(
        mut self,
        name: &str,
        kind: ::auth_core::spec::model::PlacementKind,
    ) -> Self {
        self.inner = self.inner.prefer(name, kind);
        self
    }
    /// Tell `observer` about every authenticated call (metering).
    pub fn observer(
        mut self,
        observer: ::std::sync::Arc<dyn ::auth_core::Observer>,
    ) -> Self {
        self.inner = self.inner.observer(observer);
        self
    }
    /// Adjust the run-time client builder (retry policy, token cache, timeouts).
    pub fn configure(
        mut self,
        f: impl FnOnce(::auth_core::ClientBuilder) -> ::auth_core::ClientBuilder,
    ) -> Self {
        self.inner = f(self.inner);
        self
    }
    /// Build the client.
    pub fn build(self) -> ::core::result::Result<Client, Error> {
        let inner = self.inner.credentials(self.creds).build()?;
        Ok(Client { inner })
    }
}
///A client for Weavz API: applies its authentication to any request, and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client {
    inner: ::auth_core::Client,
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            inner: ::auth_core::Client::builder(spec_arc()),
            creds: ::auth_core::Credentials::new(),
        }
    }
    /// A request to a path under the base URL (or an absolute URL on the same
    /// origin); credentials are applied when it is sent.
    pub fn request(
        &self,
        method: ::auth_core::__private::http::Method,
        path: &str,
    ) -> ::auth_core::client::RequestBuilder {
        self.inner.request(method, path)
    }
    ///Use this [`ApiKey`] for every request from now on. To rotate under traffic without losing a request, call the rotation inside [`::auth_core::Client::rotate`] (see [`Client::inner`]), which holds back refused requests until the new value is in place.
    pub fn replace_api_key(&self, credential: ApiKey) {
        self.inner.update_credentials(move |creds| credential.clone().store(creds));
    }
    /// The run-time client underneath, for everything not wrapped here.
    pub fn inner(&self) -> &::auth_core::Client {
        &self.inner
    }
    /**List workspaces (the documentation's example request).

`GET /api/v1/workspaces`*/
    pub async fn list_workspaces(
        &self,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("list_workspaces", &[]);
        let resp = rb.send().await?;
        Ok(resp)
    }
    /**Create an API key. The response includes a plainKey field with the full key; this is the only time it will be visible.

API key management requires an org-wide key.

`POST /api/v1/api-keys`*/
    pub async fn create_key(
        &self,
        body: &types::CreateKeyRequest,
    ) -> ::core::result::Result<types::CreateKeyResponse, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("create_key", &[]);
        let resp = rb.json(body).send().await?;
        resp.json::<types::CreateKeyResponse>()
            .await
            .map_err(|e| Error::Client(
                ::auth_core::ClientError::Config(
                    format!(
                        "the `{}` response is not the body the spec describes: {}",
                        "create_key", e.without_url()
                    ),
                ),
            ))
    }
}
///Request and response bodies of Weavz API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `create_key` request.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Serialize)]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct CreateKeyRequest {
        ///A descriptive name, e.g. `Production Key`.
        #[serde(rename = "name")]
        pub name: String,
    }
    ///The body of a `create_key` response.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct CreateKeyResponse {
        ///The full key; this is the only time it will be visible.
        #[serde(rename = "plainKey")]
        pub plain_key: ::auth_core::Secret,
    }
}
///Checks incoming requests the way Weavz API does, and answers refusals in its own error format.
///
/// Keys live in a [`::auth_core::verify::KeyStore`] that keeps only their digests.
#[derive(Clone)]
pub struct Validator {
    inner: ::std::sync::Arc<::auth_core::verify::Verifier>,
}
impl Validator {
    /// A validator that looks keys up in `store`.
    pub fn new(store: ::std::sync::Arc<dyn ::auth_core::verify::KeyStore>) -> Self {
        Self {
            inner: ::std::sync::Arc::new(
                ::auth_core::verify::Verifier::new(spec_arc(), store),
            ),
        }
    }
    /// Verify a request: who is calling, with which scopes, for which operation;
    /// or the provider's own refusal, ready to send.
    pub fn verify<B: AsRef<[u8]>>(
        &self,
        request: &::auth_core::__private::http::Request<B>,
    ) -> ::core::result::Result<
        ::auth_core::verify::Verified,
        ::auth_core::verify::Rejection,
    > {
        self.inner.verify_request(request)
    }
    /// The scopes a verified caller holds, as this crate's [`ScopeSet`]; scopes
    /// the spec does not declare are left out.
    pub fn scopes(principal: &::auth_core::verify::Principal) -> ScopeSet {
        principal
            .scopes
            .iter()
            .flatten()
            .filter_map(|s| s.parse::<Scope>().ok())
            .collect()
    }
    /// The engine underneath, e.g. for [`::auth_core::verify::VerifyLayer`].
    pub fn verifier(&self) -> &::std::sync::Arc<::auth_core::verify::Verifier> {
        &self.inner
    }
}
impl ::core::fmt::Debug for Validator {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_struct("Validator").field("provider", &NAME).finish_non_exhaustive()
    }
}
