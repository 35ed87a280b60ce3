const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weevio.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weevio";
///Weevio Cloud PIMS Open API, as a type: what the generic engine types are parametrised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weevio {}
impl ::auth_core::provider::Provider for Weevio {
    const NAME: &'static str = "weevio";
    type ErrorCode = ErrorCode;
    type Environment = Environment;
    type Scope = Scope;
    type Client = Client;
    fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
        static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
        ::auth_core::provider::spec_from_json(
            "weevio",
            "{\"spec_version\":1,\"name\":\"weevio\",\"title\":\"Weevio Cloud PIMS Open API\",\"description\":\"Every PIMS Open API request is authenticated with your tenant's API ID and API Secret, and must identify your tenant with a teamID.\",\"base_url\":{\"url\":\"https://cloud.weevio.co/tenant/api/pims/v1\"},\"transport\":{\"https_only\":true},\"metering\":{\"unit\":\"authenticated_call\",\"description\":\"Every authenticated call to a PIMS Open API endpoint is metered and counts toward your monthly request total.\"},\"credentials\":{\"api_credentials\":{\"description\":\"Your tenant's API ID and API Secret: tenant-wide credentials, validated against your tenant's API settings on every call. Keep them secret and rotate them if you suspect they've been exposed.\",\"kind\":\"key_pair\",\"parts\":{\"api_id\":{\"description\":\"The tenant's API ID.\",\"env\":\"WEEVIO_API_ID\",\"secret\":true},\"api_secret\":{\"description\":\"The tenant's API Secret.\",\"env\":\"WEEVIO_API_SECRET\",\"secret\":true}},\"placements\":[{\"in\":\"basic\",\"username\":\"api_id\",\"password\":\"api_secret\",\"preferred\":true},{\"in\":\"query\",\"fields\":{\"apiID\":\"api_id\",\"apiSecret\":\"api_secret\"}},{\"in\":\"body\",\"fields\":{\"apiID\":\"api_id\",\"apiSecret\":\"api_secret\"}}],\"audience\":\"api\",\"shown_once\":true,\"how_to_obtain\":\"Log into the Weevio Cloud dashboard, go to Developer Settings → API Settings, select Replace Keys, then Save. Copy your new API ID and API Secret and store them somewhere safe; the secret is shown to you here.\"}},\"default_auth\":[\"api_credentials\"],\"parameters\":{\"team_id\":{\"description\":\"Your tenant identifier; every request must include it.\",\"required\":true,\"env\":\"WEEVIO_TEAM_ID\",\"placements\":[{\"in\":\"query\",\"name\":\"teamID\",\"preferred\":true},{\"in\":\"body\",\"name\":\"teamID\"}],\"missing_error\":\"missing_team_id\"}},\"operations\":{\"get_customer\":{\"description\":\"Fetch a single customer by its code (the documentation's example request).\",\"method\":\"GET\",\"path\":\"/customers/single\",\"parameters\":{\"customerCode\":{\"in\":\"query\",\"description\":\"The customer's code.\",\"required\":true,\"example\":\"M-1000\"}}}},\"errors\":{\"body\":{\"format\":\"unspecified\",\"description\":\"The page gives the 400 message text but not the body's encoding.\"},\"catalogue\":{\"unauthorized\":{\"status\":401,\"description\":\"The API ID or API Secret is missing or invalid, or no API keys are configured for the tenant.\",\"kind\":\"unauthenticated\",\"action\":\"give_up\"},\"missing_team_id\":{\"status\":400,\"message\":\"Missing 'teamID' parameter!\",\"description\":\"The teamID parameter is missing.\",\"kind\":\"bad_request\",\"action\":\"fix_request\"}}},\"undocumented\":[\"error_body\",\"rate_limit\",\"retry_policy\",\"key_format\",\"credential_lifetime\"],\"examples\":[{\"description\":\"A request without teamID (the page's 400 message).\",\"response\":{\"status\":400,\"body\":\"Missing 'teamID' parameter!\"},\"classified\":{\"error\":\"missing_team_id\",\"kind\":\"bad_request\",\"action\":\"fix_request\",\"message\":\"Missing 'teamID' parameter!\"}},{\"description\":\"A missing or incorrect API ID or API Secret (401, no documented body).\",\"response\":{\"status\":401},\"classified\":{\"error\":\"unauthorized\",\"kind\":\"unauthenticated\",\"action\":\"give_up\"}}]}",
        ));
        &SPEC
    }
}
/// The provider spec this crate was generated from (embedded; nothing is parsed
/// from YAML at run time).
pub fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
    <Weevio as ::auth_core::provider::Provider>::spec()
}
/// Builds a [`Client`]: typed credentials, context values, placements, base URL.
pub type ClientBuilder = ::auth_core::provider::ClientBuilder<Weevio>;
/// What can go wrong calling the provider: a documented error ([`ErrorCode`]) or
/// anything else.
pub type Error = ::auth_core::provider::Error<Weevio>;
/// Checks incoming requests the way the provider does, and answers refusals in
/// its own error format.
pub type Validator = ::auth_core::provider::Validator<Weevio>;
pub use ::auth_core::client::tokens::Token;
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
/// An environment of the provider: the one a key's prefix names, or one whose host
/// a client can be sent to (`ClientBuilder::environment`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Environment {}
impl Environment {
    /// The environment's name in the spec.
    pub fn as_str(self) -> &'static str {
        match self {}
    }
}
impl ::auth_core::provider::Environment for Environment {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}
/**Your tenant's API ID and API Secret: tenant-wide credentials, validated against your tenant's API settings on every call. Keep them secret and rotate them if you suspect they've been exposed.

How to obtain it: Log into the Weevio Cloud dashboard, go to Developer Settings → API Settings, select Replace Keys, then Save. Copy your new API ID and API Secret and store them somewhere safe; the secret is shown to you here.

The provider shows it only once: store it when you receive it.*/
#[derive(Clone, PartialEq, Eq)]
pub struct ApiCredentials(::auth_core::provider::Parts<Weevio, 0u32>);
impl ApiCredentials {
    /// Build it from its parts, checking each part's format.
    pub fn new(
        api_id: impl Into<::auth_core::Secret>,
        api_secret: impl Into<::auth_core::Secret>,
    ) -> ::core::result::Result<Self, ::auth_core::FormatError> {
        ::auth_core::provider::Parts::new(vec![api_id.into(), api_secret.into()])
            .map(Self)
    }
    /// Read every part from its environment variable, checking formats.
    pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
        ::auth_core::provider::Parts::from_env().map(Self)
    }
    ///The tenant's API ID.
    pub fn expose_api_id(&self) -> &str {
        self.0.expose(0usize)
    }
    ///The tenant's API Secret.
    pub fn expose_api_secret(&self) -> &str {
        self.0.expose(1usize)
    }
}
impl ::auth_core::provider::Credential<Weevio> for ApiCredentials {
    fn store(self, creds: &mut ::auth_core::Credentials) {
        self.0.store(creds)
    }
}
impl ::core::fmt::Debug for ApiCredentials {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        self.0.fmt(f)
    }
}
///The errors Weevio Cloud PIMS Open API documents, one variant per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    ///The API ID or API Secret is missing or invalid, or no API keys are configured for the tenant (401).
    Unauthorized,
    ///The teamID parameter is missing (400).
    MissingTeamId,
}
impl ::auth_core::provider::Catalogue for ErrorCode {
    fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
        match ::auth_core::spec::model::Id::index(id) {
            0usize => Some(Self::Unauthorized),
            1usize => Some(Self::MissingTeamId),
            _ => None,
        }
    }
}
///A client for Weevio Cloud PIMS Open API: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client(::auth_core::provider::Client<Weevio>);
impl ::core::convert::From<::auth_core::provider::Client<Weevio>> for Client {
    fn from(inner: ::auth_core::provider::Client<Weevio>) -> Self {
        Self(inner)
    }
}
impl ::core::ops::Deref for Client {
    type Target = ::auth_core::provider::Client<Weevio>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
    /**Fetch a single customer by its code (the documentation's example request).

`GET /customers/single`*/
    pub async fn get_customer(
        &self,
        customer_code: &str,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        let mut query: Vec<(&str, &str)> = Vec::new();
        query.push(("customerCode", customer_code));
        self.0.__send(0u32, &[], &query, &[], None).await
    }
}
/// Where to place a credential or context value that the spec allows in several
/// places (see [`ClientBuilder::placement`](::auth_core::provider::ClientBuilder::placement)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    ///`api_credentials` in basic.
    ApiCredentialsBasic,
    ///`api_credentials` in query.
    ApiCredentialsQuery,
    ///`api_credentials` in body.
    ApiCredentialsBody,
    ///`team_id` in query.
    TeamIdQuery,
    ///`team_id` in body.
    TeamIdBody,
}
impl ::auth_core::provider::PlacementChoice<Weevio> for Placement {
    fn choice(self) -> (&'static str, ::auth_core::spec::model::PlacementKind) {
        match self {
            Self::ApiCredentialsBasic => {
                ("api_credentials", ::auth_core::spec::model::PlacementKind::Basic)
            }
            Self::ApiCredentialsQuery => {
                ("api_credentials", ::auth_core::spec::model::PlacementKind::Query)
            }
            Self::ApiCredentialsBody => {
                ("api_credentials", ::auth_core::spec::model::PlacementKind::Body)
            }
            Self::TeamIdQuery => {
                ("team_id", ::auth_core::spec::model::PlacementKind::Query)
            }
            Self::TeamIdBody => {
                ("team_id", ::auth_core::spec::model::PlacementKind::Body)
            }
        }
    }
}
/// A context value that travels with every request (see
/// [`ClientBuilder::param`](::auth_core::provider::ClientBuilder::param)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    ///Your tenant identifier; every request must include it. Required. Read from `WEEVIO_TEAM_ID` by `from_env`.
    TeamId,
}
impl ::auth_core::provider::ContextParam<Weevio> for Param {
    fn name(self) -> &'static str {
        match self {
            Self::TeamId => "team_id",
        }
    }
}
///Request and response bodies of Weevio Cloud PIMS Open API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
}
