const _: &[u8] = include_bytes!(
    concat!(env!("CARGO_MANIFEST_DIR"), "/", "weshape.yaml")
);
/// The provider's name in its spec.
pub const NAME: &str = "weshape";
static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
{
    #[allow(unused_imports)]
    use ::auth_core::spec::model::*;
    use ::auth_core::__private::IndexMap;
    ::std::sync::Arc::new(Spec {
        schema: None,
        spec_version: 1,
        name: "weshape".into(),
        title: "WeShape API".into(),
        description: Some(
            "API keys are the primary method for authenticating requests to the WeShape API. Each API key is associated with your company account and inherits specific permissions that control what actions it can perform."
                .into(),
        ),
        base_url: BaseUrl {
            url: "https://v2.weshape.today/api".into(),
            env: None,
            user_supplied: false,
            description: None,
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
                    description: "Company API key passed in the X-Api-Key header with every request. Use different keys for development, staging and production; rotate by creating a new key, switching to it, testing, then revoking the old one."
                        .into(),
                    kind: CredentialKind::ApiKey,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: Some("WESHAPE_API_KEY".into()),
                                secret: true,
                                format: Some(Format {
                                    prefixes: vec![
                                        Prefix { prefix : "wsk_live_".into(), environment :
                                        Some("production".into()), description : None }, Prefix {
                                        prefix : "wsk_test_".into(), environment : Some("test"
                                        .into()), description : None }
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
                        Placement::Header { name : "X-Api-Key".into(), scheme : None,
                        part : None, preferred : false }
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::new(),
                },
            ),
        ]),
        default_auth: vec!["api_key".into()],
        parameters: IndexMap::new(),
        scopes: IndexMap::new(),
        restrictions: IndexMap::new(),
        operations: IndexMap::from_iter([
            (
                "list_archives".into(),
                Operation {
                    description: "List archives (the documentation's example request)."
                        .into(),
                    role: None,
                    method: HttpMethod::Get,
                    path: "/v3/archives".into(),
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
                "verify".into(),
                Operation {
                    description: "Quick test: returns your company information, confirming your API key is working correctly."
                        .into(),
                    role: Some(OperationRole::Verify),
                    method: HttpMethod::Get,
                    path: "/v3/users/me/company".into(),
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
                "list_keys".into(),
                Operation {
                    description: "Retrieve all API keys for your company.".into(),
                    role: Some(OperationRole::ListKeys),
                    method: HttpMethod::Get,
                    path: "/auth/apikeys".into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::new(),
                    request: None,
                    response: Some(Response {
                        status: None,
                        body: Some(Payload {
                            description: None,
                            fields: IndexMap::from_iter([
                                (
                                    "apiKeys".into(),
                                    PayloadField {
                                        ty: FieldType::Array,
                                        description: Some("The company's API keys.".into()),
                                        required: true,
                                        secret: false,
                                        from: None,
                                        items: IndexMap::from_iter([
                                            (
                                                "id".into(),
                                                PayloadField {
                                                    ty: FieldType::String,
                                                    description: Some(
                                                        "The key's identifier, e.g. `key_abc123`.".into(),
                                                    ),
                                                    required: true,
                                                    secret: false,
                                                    from: None,
                                                    items: IndexMap::new(),
                                                },
                                            ),
                                            (
                                                "name".into(),
                                                PayloadField {
                                                    ty: FieldType::String,
                                                    description: Some("The key's descriptive name.".into()),
                                                    required: true,
                                                    secret: false,
                                                    from: None,
                                                    items: IndexMap::new(),
                                                },
                                            ),
                                            (
                                                "createdAt".into(),
                                                PayloadField {
                                                    ty: FieldType::DateTime,
                                                    description: Some("When the key was created.".into()),
                                                    required: true,
                                                    secret: false,
                                                    from: None,
                                                    items: IndexMap::new(),
                                                },
                                            ),
                                            (
                                                "lastUsed".into(),
                                                PayloadField {
                                                    ty: FieldType::DateTime,
                                                    description: Some("When the key was last used.".into()),
                                                    required: false,
                                                    secret: false,
                                                    from: None,
                                                    items: IndexMap::new(),
                                                },
                                            ),
                                        ]),
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
            (
                "get_key_permissions".into(),
                Operation {
                    description: "Read the permissions of a specific API key.".into(),
                    role: Some(OperationRole::GetKeyPermissions),
                    method: HttpMethod::Get,
                    path: "/v3/companies/{companyId}/api-keys/{keyId}/permissions"
                        .into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::from_iter([
                        (
                            "companyId".into(),
                            OperationParam {
                                location: ParamLocation::Path,
                                description: Some("The company's identifier.".into()),
                                required: true,
                                example: None,
                                format: None,
                            },
                        ),
                        (
                            "keyId".into(),
                            OperationParam {
                                location: ParamLocation::Path,
                                description: Some("The API key's identifier.".into()),
                                required: true,
                                example: None,
                                format: None,
                            },
                        ),
                    ]),
                    request: None,
                    response: None,
                    issues: None,
                    invalidates: vec![],
                },
            ),
            (
                "put_key_permissions".into(),
                Operation {
                    description: "Replace the permissions of a specific API key.".into(),
                    role: Some(OperationRole::PutKeyPermissions),
                    method: HttpMethod::Put,
                    path: "/v3/companies/{companyId}/api-keys/{keyId}/permissions"
                        .into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::from_iter([
                        (
                            "companyId".into(),
                            OperationParam {
                                location: ParamLocation::Path,
                                description: Some("The company's identifier.".into()),
                                required: true,
                                example: None,
                                format: None,
                            },
                        ),
                        (
                            "keyId".into(),
                            OperationParam {
                                location: ParamLocation::Path,
                                description: Some("The API key's identifier.".into()),
                                required: true,
                                example: None,
                                format: None,
                            },
                        ),
                    ]),
                    request: None,
                    response: None,
                    issues: None,
                    invalidates: vec![],
                },
            ),
        ]),
        errors: Errors {
            body: ErrorBody {
                format: BodyFormat::Json,
                message_field: Some("errorMessage".into()),
                code_field: Some("error".into()),
                details_field: None,
                description: Some(
                    "Example: {\"error\": \"Unauthorized\", \"errorMessage\": \"Invalid API key provided\"}"
                        .into(),
                ),
            },
            catalogue: IndexMap::from_iter([
                (
                    "unauthorized".into(),
                    ErrorEntry {
                        status: 401,
                        code: Some("Unauthorized".into()),
                        message: Some("Invalid API key provided".into()),
                        description: "Missing or invalid API key. Check that X-Api-Key header is included and correct."
                            .into(),
                        kind: ErrorKind::Unauthenticated,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "forbidden".into(),
                    ErrorEntry {
                        status: 403,
                        code: Some("Forbidden".into()),
                        message: None,
                        description: "API key lacks required permissions. Verify key permissions include the necessary access."
                            .into(),
                        kind: ErrorKind::Forbidden,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "too_many_requests".into(),
                    ErrorEntry {
                        status: 429,
                        code: Some("Too Many Requests".into()),
                        message: None,
                        description: "Rate limit exceeded. Implement exponential backoff and retry logic."
                            .into(),
                        kind: ErrorKind::RateLimited,
                        action: ErrorAction::Retry,
                    },
                ),
            ]),
        },
        rate_limit: Some(RateLimit {
            status: 429,
            error: Some("too_many_requests".into()),
            limit_header: None,
            remaining_header: None,
            reset_header: None,
            reset_format: None,
            on_every_response: false,
            description: Some(
                "API requests are subject to rate limiting to ensure fair usage.".into(),
            ),
        }),
        retry: Some(RetryPolicy {
            max_attempts: 3,
            initial_delay_ms: 1000,
            max_delay_ms: 4000,
            max_elapsed_ms: 60000,
            honour_reset: true,
            description: Some(
                "Exponential backoff: wait 2^i × 1000 ms before retry i, at most 3 attempts."
                    .into(),
            ),
        }),
        undocumented: vec![Topic::OperationScopes, Topic::CredentialLifetime],
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
///A scope declared by WeShape API.
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
        ::core::compile_error!("unknown scope; WeShape API declares: ")
    };
}
/// The environment a key belongs to, as its prefix says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {
    ///Keys whose prefix marks the `production` environment.
    Production,
    ///Keys whose prefix marks the `test` environment.
    Test,
}
impl Environment {
    /// The environment's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {
            Environment::Production => "production",
            Environment::Test => "test",
        }
    }
    fn from_spec(name: &str) -> Option<Self> {
        match name {
            "production" => Some(Environment::Production),
            "test" => Some(Environment::Test),
            _ => None,
        }
    }
}
///Company API key passed in the X-Api-Key header with every request. Use different keys for development, staging and production; rotate by creating a new key, switching to it, testing, then revoking the old one.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(::auth_core::Secret);
impl ApiKey {
    /// The environment variable it is read from by default.
    pub const ENV: &'static str = "WESHAPE_API_KEY";
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
    /// The environment this credential belongs to, as its prefix says.
    pub fn environment(&self) -> Option<Environment> {
        ::auth_core::format::check_credential(
                spec(),
                "api_key",
                Some("key"),
                self.0.expose(),
            )
            .ok()?
            .environment()
            .and_then(Environment::from_spec)
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
/// What can go wrong calling the provider: its documented errors, one variant per
/// meaning, and the engine's own refusals and transport failures.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    ///Missing or invalid API key. Check that X-Api-Key header is included and correct (401 `Unauthorized`).
    #[error("{0}")]
    Unauthorized(::std::boxed::Box<::auth_core::ProviderError>),
    ///API key lacks required permissions. Verify key permissions include the necessary access (403 `Forbidden`).
    #[error("{0}")]
    Forbidden(::std::boxed::Box<::auth_core::ProviderError>),
    ///Rate limit exceeded. Implement exponential backoff and retry logic (429 `Too Many Requests`).
    #[error("{0}")]
    TooManyRequests(::std::boxed::Box<::auth_core::ProviderError>),
    ///An error response WeShape API's catalogue does not list.
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
            Error::Unauthorized(e)
            | Error::Forbidden(e)
            | Error::TooManyRequests(e)
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
                    Some("unauthorized") => Error::Unauthorized(error),
                    Some("forbidden") => Error::Forbidden(error),
                    Some("too_many_requests") => Error::TooManyRequests(error),
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
///A client for WeShape API: applies its authentication to any request, and offers the operations its documentation names.
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
    /**List archives (the documentation's example request).

`GET /v3/archives`*/
    pub async fn list_archives(
        &self,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("list_archives", &[]);
        let resp = rb.send().await?;
        Ok(resp)
    }
    /**Quick test: returns your company information, confirming your API key is working correctly.

`GET /v3/users/me/company`*/
    pub async fn verify(
        &self,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("verify", &[]);
        let resp = rb.send().await?;
        Ok(resp)
    }
    /**Retrieve all API keys for your company.

`GET /auth/apikeys`*/
    pub async fn list_keys(
        &self,
    ) -> ::core::result::Result<types::ListKeysResponse, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("list_keys", &[]);
        let resp = rb.send().await?;
        resp.json::<types::ListKeysResponse>()
            .await
            .map_err(|e| Error::Client(
                ::auth_core::ClientError::Config(
                    format!(
                        "the `{}` response is not the body the spec describes: {}",
                        "list_keys", e.without_url()
                    ),
                ),
            ))
    }
    /**Read the permissions of a specific API key.

`GET /v3/companies/{companyId}/api-keys/{keyId}/permissions`*/
    pub async fn get_key_permissions(
        &self,
        company_id: &str,
        key_id: &str,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self
            .inner
            .operation(
                "get_key_permissions",
                &[("companyId", company_id), ("keyId", key_id)],
            );
        let resp = rb.send().await?;
        Ok(resp)
    }
    /**Replace the permissions of a specific API key.

`PUT /v3/companies/{companyId}/api-keys/{keyId}/permissions`*/
    pub async fn put_key_permissions(
        &self,
        company_id: &str,
        key_id: &str,
        body: &::auth_core::__private::serde_json::Value,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self
            .inner
            .operation(
                "put_key_permissions",
                &[("companyId", company_id), ("keyId", key_id)],
            );
        let resp = rb.json(body).send().await?;
        Ok(resp)
    }
}
///Request and response bodies of WeShape API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///One element of `apiKeys`.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct ListKeysResponseApiKeys {
        ///The key's identifier, e.g. `key_abc123`.
        #[serde(rename = "id")]
        pub id: String,
        ///The key's descriptive name.
        #[serde(rename = "name")]
        pub name: String,
        ///When the key was created.
        #[serde(rename = "createdAt")]
        pub created_at: String,
        ///When the key was last used.
        #[serde(rename = "lastUsed")]
        #[serde(default)]
        pub last_used: Option<String>,
    }
    ///The body of a `list_keys` response.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct ListKeysResponse {
        ///The company's API keys.
        #[serde(rename = "apiKeys")]
        pub api_keys: Vec<ListKeysResponseApiKeys>,
    }
}
///Checks incoming requests the way WeShape API does, and answers refusals in its own error format.
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
