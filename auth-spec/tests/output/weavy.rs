const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavy.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavy";
///Weavy Web API, as a type: what the generic engine types are parametrised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weavy {}
impl ::auth_core::provider::Provider for Weavy {
    const NAME: &'static str = "weavy";
    type ErrorCode = ErrorCode;
    type Environment = Environment;
    type Scope = Scope;
    type Client = Client;
    fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
        static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
        ::auth_core::provider::spec_from_json(
            "weavy",
            "{\"spec_version\":1,\"name\":\"weavy\",\"title\":\"Weavy Web API\",\"description\":\"Authenticating against the Web API is done using Bearer authentication over HTTPS (SSL). Store and reuse tokens: use stored tokens during future calls until they expire rather than requesting new ones.\",\"base_url\":{\"url\":\"https://{weavy-server}\",\"env\":\"WEAVY_BASE_URL\",\"user_supplied\":true,\"description\":\"The address of your own Weavy server.\"},\"transport\":{\"https_only\":true,\"description\":\"Do not send tokens over HTTP connections as those requests can be intercepted and tokens compromised.\"},\"credentials\":{\"api_key\":{\"description\":\"API key for server-to-server communication, generated from the management interface. It does not associate a request with a user account: permissions are evaluated in the sudo context (\\\"super user\\\"), so never expose it in client side code. API keys can be configured to never expire; setting an expiration date is strongly recommended.\",\"kind\":\"api_key\",\"env\":\"WEAVY_API_KEY\",\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"api\",\"how_to_obtain\":\"Generate it from the Weavy management interface.\"},\"user_token\":{\"description\":\"Access token for user-to-server requests, associating the request with the authenticated user. Issued by your server for a user's uid.\",\"kind\":\"access_token\",\"format\":{\"prefixes\":[{\"prefix\":\"wyu_\",\"description\":\"Weavy user access token\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"api\",\"default_lifetime_seconds\":3600,\"subject\":\"uid\"}},\"default_auth\":[\"api_key\",\"user_token\"],\"operations\":{\"issue_user_token\":{\"description\":\"Obtain an access token for a user. If no matching user is found, the Weavy backend first creates a new user account with the specified uid and then issues an access token. Also syncs user profile data (typically at least a name and maybe a profile picture) from your application.\",\"role\":\"issue_user_token\",\"method\":\"POST\",\"path\":\"/api/users/{uid}/tokens\",\"auth\":[\"api_key\"],\"parameters\":{\"uid\":{\"in\":\"path\",\"description\":\"A string that uniquely identifies your user (typically your internal user id). It cannot contain whitespace and must contain at least one non-digit: for the integer id 256, use e.g. \\\"u256\\\".\",\"required\":true,\"example\":\"u256\",\"format\":{\"no_whitespace\":true,\"require_non_digit\":true}}},\"request\":{\"description\":\"Optional; may carry profile data to sync.\",\"fields\":{\"expires_in\":{\"type\":\"integer\",\"description\":\"Custom token lifetime in seconds (default 3600).\",\"required\":false},\"name\":{\"type\":\"string\",\"description\":\"The user's name, e.g. `John Doe`.\",\"required\":false}},\"additional_fields\":true},\"response\":{\"body\":{\"fields\":{\"access_token\":{\"type\":\"string\",\"description\":\"The access token, e.g. `wyu_…`.\",\"required\":true,\"secret\":true},\"expires_in\":{\"type\":\"integer\",\"description\":\"Lifetime in seconds.\",\"required\":true}}}},\"issues\":{\"credential\":\"user_token\",\"token_field\":\"access_token\",\"expires_in_field\":\"expires_in\",\"lifetime_request_field\":\"expires_in\"}}},\"errors\":{\"body\":{\"format\":\"unspecified\",\"description\":\"The authentication page does not document error responses.\"},\"catalogue\":{}},\"undocumented\":[\"error_body\",\"rate_limit\",\"retry_policy\",\"key_format\",\"operation_scopes\"]}",
        ));
        &SPEC
    }
}
/// The provider spec this crate was generated from (embedded; nothing is parsed
/// from YAML at run time).
pub fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
    <Weavy as ::auth_core::provider::Provider>::spec()
}
/// Builds a [`Client`]: typed credentials, context values, placements, base URL.
pub type ClientBuilder = ::auth_core::provider::ClientBuilder<Weavy>;
/// What can go wrong calling the provider: a documented error ([`ErrorCode`]) or
/// anything else.
pub type Error = ::auth_core::provider::Error<Weavy>;
/// Checks incoming requests the way the provider does, and answers refusals in
/// its own error format.
pub type Validator = ::auth_core::provider::Validator<Weavy>;
pub use ::auth_core::client::tokens::Token;
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
/**API key for server-to-server communication, generated from the management interface. It does not associate a request with a user account: permissions are evaluated in the sudo context ("super user"), so never expose it in client side code. API keys can be configured to never expire; setting an expiration date is strongly recommended.

How to obtain it: Generate it from the Weavy management interface.*/
pub type ApiKey = ::auth_core::provider::Key<Weavy, 0u32>;
///The errors Weavy Web API documents, one variant per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {}
impl ::auth_core::provider::Catalogue for ErrorCode {
    fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
        None
    }
}
///A client for Weavy Web API: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client(::auth_core::provider::Client<Weavy>);
impl ::core::convert::From<::auth_core::provider::Client<Weavy>> for Client {
    fn from(inner: ::auth_core::provider::Client<Weavy>) -> Self {
        Self(inner)
    }
}
impl ::core::ops::Deref for Client {
    type Target = ::auth_core::provider::Client<Weavy>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
    /**Obtain an access token for a user. If no matching user is found, the Weavy backend first creates a new user account with the specified uid and then issues an access token. Also syncs user profile data (typically at least a name and maybe a profile picture) from your application.

`POST /api/users/{uid}/tokens`

The `user_token` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn issue_user_token(
        &self,
        uid: &str,
        body: &types::IssueUserTokenRequest,
    ) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
        self.0.__exchange(0u32, Some(uid), Some(body)).await
    }
    ///The current `user_token` token: the cached one, or one obtained now by a single exchange shared with every concurrent caller.
    pub async fn user_token(
        &self,
        uid: &str,
    ) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
        self.0.__token(1u32, Some(uid)).await
    }
}
///Request and response bodies of Weavy Web API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `issue_user_token` request. Optional; may carry profile data to sync.
    #[derive(Debug, Clone, Default, ::auth_core::__codegen::serde::Serialize)]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct IssueUserTokenRequest {
        ///Custom token lifetime in seconds (default 3600).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub expires_in: Option<i64>,
        ///The user's name, e.g. `John Doe`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        /// Further fields the provider accepts (profile data, for example).
        #[serde(flatten)]
        pub extra: ::auth_core::__codegen::serde_json::Map<
            String,
            ::auth_core::__codegen::serde_json::Value,
        >,
    }
    ///The body of a `issue_user_token` response.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct IssueUserTokenResponse {
        ///The access token, e.g. `wyu_…`.
        pub access_token: ::auth_core::Secret,
        ///Lifetime in seconds.
        pub expires_in: i64,
    }
}
