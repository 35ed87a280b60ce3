const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavy.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavy";
static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
{
    #[allow(unused_imports)]
    use ::auth_core::spec::model::*;
    use ::auth_core::__private::IndexMap;
    ::std::sync::Arc::new(Spec {
        schema: None,
        spec_version: 1,
        name: "weavy".into(),
        title: "Weavy Web API".into(),
        description: Some(
            "Authenticating against the Web API is done using Bearer authentication over HTTPS (SSL). Store and reuse tokens: use stored tokens during future calls until they expire rather than requesting new ones."
                .into(),
        ),
        base_url: BaseUrl {
            url: "https://{weavy-server}".into(),
            env: Some("WEAVY_BASE_URL".into()),
            user_supplied: true,
            description: Some("The address of your own Weavy server.".into()),
        },
        transport: Transport {
            https_only: true,
            description: Some(
                "Do not send tokens over HTTP connections as those requests can be intercepted and tokens compromised."
                    .into(),
            ),
        },
        metering: None,
        credentials: IndexMap::from_iter([
            (
                "api_key".into(),
                Credential {
                    description: "API key for server-to-server communication, generated from the management interface. It does not associate a request with a user account: permissions are evaluated in the sudo context (\"super user\"), so never expose it in client side code. API keys can be configured to never expire; setting an expiration date is strongly recommended."
                        .into(),
                    kind: CredentialKind::ApiKey,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: Some("WEAVY_API_KEY".into()),
                                secret: true,
                                format: None,
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
                    shown_once: false,
                    how_to_obtain: Some(
                        "Generate it from the Weavy management interface.".into(),
                    ),
                    variants: IndexMap::new(),
                },
            ),
            (
                "user_token".into(),
                Credential {
                    description: "Access token for user-to-server requests, associating the request with the authenticated user. Issued by your server for a user's uid."
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
                                        Prefix { prefix : "wyu_".into(), environment : None,
                                        description : Some("Weavy user access token".into()) }
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
                    default_lifetime_seconds: Some(3600),
                    subject: Some("uid".into()),
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::new(),
                },
            ),
        ]),
        default_auth: vec!["api_key".into(), "user_token".into()],
        parameters: IndexMap::new(),
        scopes: IndexMap::new(),
        restrictions: IndexMap::new(),
        operations: IndexMap::from_iter([
            (
                "issue_user_token".into(),
                Operation {
                    description: "Obtain an access token for a user. If no matching user is found, the Weavy backend first creates a new user account with the specified uid and then issues an access token. Also syncs user profile data (typically at least a name and maybe a profile picture) from your application."
                        .into(),
                    role: Some(OperationRole::IssueUserToken),
                    method: HttpMethod::Post,
                    path: "/api/users/{uid}/tokens".into(),
                    auth: Some(vec!["api_key".into()]),
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::from_iter([
                        (
                            "uid".into(),
                            OperationParam {
                                location: ParamLocation::Path,
                                description: Some(
                                    "A string that uniquely identifies your user (typically your internal user id). It cannot contain whitespace and must contain at least one non-digit: for the integer id 256, use e.g. \"u256\"."
                                        .into(),
                                ),
                                required: true,
                                example: Some("u256".into()),
                                format: Some(Format {
                                    prefixes: vec![],
                                    min_length: None,
                                    max_length: None,
                                    no_whitespace: true,
                                    require_non_digit: true,
                                }),
                            },
                        ),
                    ]),
                    request: Some(Payload {
                        description: Some(
                            "Optional; may carry profile data to sync.".into(),
                        ),
                        fields: IndexMap::from_iter([
                            (
                                "expires_in".into(),
                                PayloadField {
                                    ty: FieldType::Integer,
                                    description: Some(
                                        "Custom token lifetime in seconds (default 3600).".into(),
                                    ),
                                    required: false,
                                    secret: false,
                                    from: None,
                                    items: IndexMap::new(),
                                },
                            ),
                            (
                                "name".into(),
                                PayloadField {
                                    ty: FieldType::String,
                                    description: Some(
                                        "The user's name, e.g. `John Doe`.".into(),
                                    ),
                                    required: false,
                                    secret: false,
                                    from: None,
                                    items: IndexMap::new(),
                                },
                            ),
                        ]),
                        additional_fields: true,
                    }),
                    response: Some(Response {
                        status: None,
                        body: Some(Payload {
                            description: None,
                            fields: IndexMap::from_iter([
                                (
                                    "access_token".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some(
                                            "The access token, e.g. `wyu_…`.".into(),
                                        ),
                                        required: true,
                                        secret: true,
                                        from: None,
                                        items: IndexMap::new(),
                                    },
                                ),
                                (
                                    "expires_in".into(),
                                    PayloadField {
                                        ty: FieldType::Integer,
                                        description: Some("Lifetime in seconds.".into()),
                                        required: true,
                                        secret: false,
                                        from: None,
                                        items: IndexMap::new(),
                                    },
                                ),
                            ]),
                            additional_fields: false,
                        }),
                        sets_cookies: IndexMap::new(),
                    }),
                    issues: Some(Exchange {
                        credential: "user_token".into(),
                        token_field: "access_token".into(),
                        expires_in_field: Some("expires_in".into()),
                        lifetime_request_field: Some("expires_in".into()),
                    }),
                    invalidates: vec![],
                },
            ),
        ]),
        errors: Errors {
            body: ErrorBody {
                format: BodyFormat::Unspecified,
                message_field: None,
                code_field: None,
                details_field: None,
                description: Some(
                    "The authentication page does not document error responses.".into(),
                ),
            },
            catalogue: IndexMap::new(),
        },
        rate_limit: None,
        retry: None,
        undocumented: vec![
            Topic::ErrorBody, Topic::RateLimit, Topic::RetryPolicy, Topic::KeyFormat,
            Topic::OperationScopes
        ],
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
///A scope declared by Weavy Web API.
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
        ::core::compile_error!("unknown scope; Weavy Web API declares: ")
    };
}
/**API key for server-to-server communication, generated from the management interface. It does not associate a request with a user account: permissions are evaluated in the sudo context ("super user"), so never expose it in client side code. API keys can be configured to never expire; setting an expiration date is strongly recommended.

How to obtain it: Generate it from the Weavy management interface.*/
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(::auth_core::Secret);
impl ApiKey {
    /// The environment variable it is read from by default.
    pub const ENV: &'static str = "WEAVY_API_KEY";
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
/// What can go wrong calling the provider: its documented errors, one variant per
/// meaning, and the engine's own refusals and transport failures.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    ///An error response Weavy Web API's catalogue does not list.
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
            Error::Other(e) => Some(e),
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
        if let Ok(url) = ::std::env::var("WEAVY_BASE_URL") {
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
///A client for Weavy Web API: applies its authentication to any request, and offers the operations its documentation names.
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
    /**Obtain an access token for a user. If no matching user is found, the Weavy backend first creates a new user account with the specified uid and then issues an access token. Also syncs user profile data (typically at least a name and maybe a profile picture) from your application.

`POST /api/users/{uid}/tokens`

The `user_token` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn issue_user_token(
        &self,
        uid: &str,
        body: &types::IssueUserTokenRequest,
    ) -> ::core::result::Result<::std::sync::Arc<::auth_core::tokens::Token>, Error> {
        let fields = match ::auth_core::__private::serde_json::to_value(body) {
            Ok(::auth_core::__private::serde_json::Value::Object(m)) => m,
            _ => ::auth_core::__private::serde_json::Map::new(),
        };
        Ok(self.inner.run_exchange("issue_user_token", Some(uid), fields).await?)
    }
}
///Request and response bodies of Weavy Web API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `issue_user_token` request. Optional; may carry profile data to sync.
    #[derive(Debug, Clone, Default, ::auth_core::__private::serde::Serialize)]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct IssueUserTokenRequest {
        ///Custom token lifetime in seconds (default 3600).
        #[serde(rename = "expires_in")]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expires_in: Option<i64>,
        ///The user's name, e.g. `John Doe`.
        #[serde(rename = "name")]
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Further fields the provider accepts (profile data, for example).
        #[serde(flatten)]
        pub extra: ::auth_core::__private::serde_json::Map<
            String,
            ::auth_core::__private::serde_json::Value,
        >,
    }
    ///The body of a `issue_user_token` response.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct IssueUserTokenResponse {
        ///The access token, e.g. `wyu_…`.
        #[serde(rename = "access_token")]
        pub access_token: ::auth_core::Secret,
        ///Lifetime in seconds.
        #[serde(rename = "expires_in")]
        pub expires_in: i64,
    }
}
///Checks incoming requests the way Weavy Web API does, and answers refusals in its own error format.
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
