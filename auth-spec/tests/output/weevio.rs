const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weevio.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weevio";
static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
{
    #[allow(unused_imports)]
    use ::auth_core::spec::model::*;
    use ::auth_core::__private::IndexMap;
    ::std::sync::Arc::new(Spec {
        schema: None,
        spec_version: 1,
        name: "weevio".into(),
        title: "Weevio Cloud PIMS Open API".into(),
        description: Some(
            "Every PIMS Open API request is authenticated with your tenant's API ID and API Secret, and must identify your tenant with a teamID."
                .into(),
        ),
        base_url: BaseUrl {
            url: "https://cloud.weevio.co/tenant/api/pims/v1".into(),
            env: None,
            user_supplied: false,
            description: None,
        },
        transport: Transport {
            https_only: true,
            description: None,
        },
        metering: Some(Metering {
            unit: MeteringUnit::AuthenticatedCall,
            description: "Every authenticated call to a PIMS Open API endpoint is metered and counts toward your monthly request total."
                .into(),
        }),
        credentials: IndexMap::from_iter([
            (
                "api_credentials".into(),
                Credential {
                    description: "Your tenant's API ID and API Secret: tenant-wide credentials, validated against your tenant's API settings on every call. Keep them secret and rotate them if you suspect they've been exposed."
                        .into(),
                    kind: CredentialKind::KeyPair,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "api_id".into(),
                            Part {
                                description: Some("The tenant's API ID.".into()),
                                env: Some("WEEVIO_API_ID".into()),
                                secret: true,
                                format: None,
                            },
                        ),
                        (
                            "api_secret".into(),
                            Part {
                                description: Some("The tenant's API Secret.".into()),
                                env: Some("WEEVIO_API_SECRET".into()),
                                secret: true,
                                format: None,
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Basic { username : "api_id".into(), password :
                        "api_secret".into(), preferred : true },
                        Placement::Query(FieldPlacement { name : None, fields :
                        IndexMap::from_iter([("apiID".into(), "api_id".into()),
                        ("apiSecret".into(), "api_secret".into())]), preferred : false
                        }), Placement::Body(FieldPlacement { name : None, fields :
                        IndexMap::from_iter([("apiID".into(), "api_id".into()),
                        ("apiSecret".into(), "api_secret".into())]), preferred : false })
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: true,
                    how_to_obtain: Some(
                        "Log into the Weevio Cloud dashboard, go to Developer Settings → API Settings, select Replace Keys, then Save. Copy your new API ID and API Secret and store them somewhere safe; the secret is shown to you here."
                            .into(),
                    ),
                    variants: IndexMap::new(),
                },
            ),
        ]),
        default_auth: vec!["api_credentials".into()],
        parameters: IndexMap::from_iter([
            (
                "team_id".into(),
                Parameter {
                    description: "Your tenant identifier; every request must include it."
                        .into(),
                    required: true,
                    env: Some("WEEVIO_TEAM_ID".into()),
                    placements: vec![
                        ParameterPlacement { location : PlacementKind::Query, name :
                        "teamID".into(), preferred : true }, ParameterPlacement {
                        location : PlacementKind::Body, name : "teamID".into(), preferred
                        : false }
                    ],
                    missing_error: Some("missing_team_id".into()),
                    format: None,
                },
            ),
        ]),
        scopes: IndexMap::new(),
        restrictions: IndexMap::new(),
        operations: IndexMap::from_iter([
            (
                "get_customer".into(),
                Operation {
                    description: "Fetch a single customer by its code (the documentation's example request)."
                        .into(),
                    role: None,
                    method: HttpMethod::Get,
                    path: "/customers/single".into(),
                    auth: None,
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::from_iter([
                        (
                            "customerCode".into(),
                            OperationParam {
                                location: ParamLocation::Query,
                                description: Some("The customer's code.".into()),
                                required: true,
                                example: Some("M-1000".into()),
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
                format: BodyFormat::Unspecified,
                message_field: None,
                code_field: None,
                details_field: None,
                description: Some(
                    "The page gives the 400 message text but not the body's encoding."
                        .into(),
                ),
            },
            catalogue: IndexMap::from_iter([
                (
                    "unauthorized".into(),
                    ErrorEntry {
                        status: 401,
                        code: None,
                        message: None,
                        description: "The API ID or API Secret is missing or invalid, or no API keys are configured for the tenant."
                            .into(),
                        kind: ErrorKind::Unauthenticated,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "missing_team_id".into(),
                    ErrorEntry {
                        status: 400,
                        code: None,
                        message: Some("Missing 'teamID' parameter!".into()),
                        description: "The teamID parameter is missing.".into(),
                        kind: ErrorKind::BadRequest,
                        action: ErrorAction::FixRequest,
                    },
                ),
            ]),
        },
        rate_limit: None,
        retry: None,
        undocumented: vec![
            Topic::ErrorBody, Topic::RateLimit, Topic::RetryPolicy, Topic::KeyFormat,
            Topic::CredentialLifetime
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
///A scope declared by Weevio Cloud PIMS Open API.
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
        ::core::compile_error!("unknown scope; Weevio Cloud PIMS Open API declares: ")
    };
}
/**Your tenant's API ID and API Secret: tenant-wide credentials, validated against your tenant's API settings on every call. Keep them secret and rotate them if you suspect they've been exposed.

How to obtain it: Log into the Weevio Cloud dashboard, go to Developer Settings → API Settings, select Replace Keys, then Save. Copy your new API ID and API Secret and store them somewhere safe; the secret is shown to you here.

The provider shows it only once: store it when you receive it.*/
#[derive(Clone, PartialEq, Eq)]
pub struct ApiCredentials {
    api_id: ::auth_core::Secret,
    api_secret: ::auth_core::Secret,
}
impl ApiCredentials {
    /// Build it from its parts, checking each part's format.
    pub fn new(
        api_id: impl Into<String>,
        api_secret: impl Into<String>,
    ) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
        let api_id = ::auth_core::Secret::new(api_id);
        let api_secret = ::auth_core::Secret::new(api_secret);
        ::auth_core::format::check_credential(
            spec(),
            "api_credentials",
            Some("api_id"),
            api_id.expose(),
        )?;
        ::auth_core::format::check_credential(
            spec(),
            "api_credentials",
            Some("api_secret"),
            api_secret.expose(),
        )?;
        Ok(Self { api_id, api_secret })
    }
    /// Read every part from its environment variable, checking formats.
    pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
        let api_id = ::auth_core::env_secret("WEEVIO_API_ID")?;
        let api_secret = ::auth_core::env_secret("WEEVIO_API_SECRET")?;
        let all = [
            ("api_id", "WEEVIO_API_ID", &api_id),
            ("api_secret", "WEEVIO_API_SECRET", &api_secret),
        ];
        for (part, var, value) in all {
            ::auth_core::format::check_credential(
                    spec(),
                    "api_credentials",
                    Some(part),
                    value.expose(),
                )
                .map_err(|source| ::auth_core::EnvError::Invalid {
                    var: var.to_owned(),
                    source: ::std::boxed::Box::new(source),
                })?;
        }
        Ok(Self { api_id, api_secret })
    }
    ///The tenant's API ID.
    pub fn expose_api_id(&self) -> &str {
        self.api_id.expose()
    }
    ///The tenant's API Secret.
    pub fn expose_api_secret(&self) -> &str {
        self.api_secret.expose()
    }
    fn store(self, creds: &mut ::auth_core::Credentials) {
        creds.set_part("api_credentials", "api_id", self.api_id);
        creds.set_part("api_credentials", "api_secret", self.api_secret);
    }
}
impl ::core::fmt::Debug for ApiCredentials {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(concat!("ApiCredentials", "(***)"))
    }
}
/// What can go wrong calling the provider: its documented errors, one variant per
/// meaning, and the engine's own refusals and transport failures.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    ///The API ID or API Secret is missing or invalid, or no API keys are configured for the tenant (401).
    #[error("{0}")]
    Unauthorized(::std::boxed::Box<::auth_core::ProviderError>),
    ///The teamID parameter is missing (400).
    #[error("{0}")]
    MissingTeamId(::std::boxed::Box<::auth_core::ProviderError>),
    ///An error response Weevio Cloud PIMS Open API's catalogue does not list.
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
            Error::Unauthorized(e) | Error::MissingTeamId(e) | Error::Other(e) => Some(e),
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
                    Some("missing_team_id") => Error::MissingTeamId(error),
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
    ///Authenticate with this [`ApiCredentials`].
    pub fn api_credentials(mut self, credential: ApiCredentials) -> Self {
        credential.store(&mut self.creds);
        self
    }
    ///Your tenant identifier; every request must include it. Required.
    pub fn team_id(mut self, value: impl Into<String>) -> Self {
        self.creds = self.creds.with_param("team_id", value);
        self
    }
    /// Read every credential and context value whose environment variable is set
    /// (and the base URL, where the spec names a variable for it). A set variable
    /// whose value has the wrong format is an error.
    pub fn from_env(mut self) -> ::core::result::Result<Self, ::auth_core::EnvError> {
        match ApiCredentials::from_env() {
            Ok(c) => c.store(&mut self.creds),
            Err(::auth_core::EnvError::Missing { .. }) => {}
            Err(e) => return Err(e),
        }
        if let Ok(v) = ::std::env::var("WEEVIO_TEAM_ID") {
            self.creds = self.creds.with_param("team_id", v);
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
///A client for Weevio Cloud PIMS Open API: applies its authentication to any request, and offers the operations its documentation names.
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
    ///Use this [`ApiCredentials`] for every request from now on. To rotate under traffic without losing a request, call the rotation inside [`::auth_core::Client::rotate`] (see [`Client::inner`]), which holds back refused requests until the new value is in place.
    pub fn replace_api_credentials(&self, credential: ApiCredentials) {
        self.inner.update_credentials(move |creds| credential.clone().store(creds));
    }
    /// The run-time client underneath, for everything not wrapped here.
    pub fn inner(&self) -> &::auth_core::Client {
        &self.inner
    }
    /**Fetch a single customer by its code (the documentation's example request).

`GET /customers/single`*/
    pub async fn get_customer(
        &self,
        customer_code: &str,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("get_customer", &[]);
        {
            let v = customer_code;
            rb = rb.query(&[("customerCode", v)]);
        }
        let resp = rb.send().await?;
        Ok(resp)
    }
}
///Request and response bodies of Weevio Cloud PIMS Open API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
}
///Checks incoming requests the way Weevio Cloud PIMS Open API does, and answers refusals in its own error format.
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
