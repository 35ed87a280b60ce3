const _: &[u8] = include_bytes!(
    concat!(env!("CARGO_MANIFEST_DIR"), "/", "weshape.yaml")
);
/// The provider's name in its spec.
pub const NAME: &str = "weshape";
///WeShape API, as a type: what the generic engine types are parametrised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weshape {}
impl ::auth_core::provider::Provider for Weshape {
    const NAME: &'static str = "weshape";
    type ErrorCode = ErrorCode;
    type Environment = Environment;
    type Scope = Scope;
    type Client = Client;
    fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
        static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
        ::auth_core::provider::spec_from_json(
            "weshape",
            "{\"spec_version\":1,\"name\":\"weshape\",\"title\":\"WeShape API\",\"description\":\"API keys are the primary method for authenticating requests to the WeShape API. Each API key is associated with your company account and inherits specific permissions that control what actions it can perform.\",\"base_url\":{\"url\":\"https://v2.weshape.today/api\"},\"transport\":{\"https_only\":true},\"credentials\":{\"api_key\":{\"description\":\"Company API key passed in the X-Api-Key header with every request. Use different keys for development, staging and production; rotate by creating a new key, switching to it, testing, then revoking the old one.\",\"kind\":\"api_key\",\"env\":\"WESHAPE_API_KEY\",\"format\":{\"prefixes\":[{\"prefix\":\"wsk_live_\",\"environment\":\"production\"},{\"prefix\":\"wsk_test_\",\"environment\":\"test\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"X-Api-Key\"}],\"audience\":\"api\"}},\"default_auth\":[\"api_key\"],\"operations\":{\"list_archives\":{\"description\":\"List archives (the documentation's example request).\",\"method\":\"GET\",\"path\":\"/v3/archives\"},\"verify\":{\"description\":\"Quick test: returns your company information, confirming your API key is working correctly.\",\"role\":\"verify\",\"method\":\"GET\",\"path\":\"/v3/users/me/company\"},\"list_keys\":{\"description\":\"Retrieve all API keys for your company.\",\"role\":\"list_keys\",\"method\":\"GET\",\"path\":\"/auth/apikeys\",\"response\":{\"body\":{\"fields\":{\"apiKeys\":{\"type\":\"array\",\"description\":\"The company's API keys.\",\"required\":true,\"items\":{\"id\":{\"type\":\"string\",\"description\":\"The key's identifier, e.g. `key_abc123`.\",\"required\":true},\"name\":{\"type\":\"string\",\"description\":\"The key's descriptive name.\",\"required\":true},\"createdAt\":{\"type\":\"date_time\",\"description\":\"When the key was created.\",\"required\":true},\"lastUsed\":{\"type\":\"date_time\",\"description\":\"When the key was last used.\",\"required\":false}}}}}}},\"get_key_permissions\":{\"description\":\"Read the permissions of a specific API key.\",\"role\":\"get_key_permissions\",\"method\":\"GET\",\"path\":\"/v3/companies/{companyId}/api-keys/{keyId}/permissions\",\"parameters\":{\"companyId\":{\"in\":\"path\",\"description\":\"The company's identifier.\",\"required\":true},\"keyId\":{\"in\":\"path\",\"description\":\"The API key's identifier.\",\"required\":true}},\"key_access\":{\"param\":\"keyId\",\"allow\":[\"any\"],\"description\":\"\\\"You can manage permissions for a specific API key through\\\" these endpoints, sent like every request with one of the company's keys; the page names no key that may not. Read as written: any key of the company.\"}},\"put_key_permissions\":{\"description\":\"Replace the permissions of a specific API key.\",\"role\":\"put_key_permissions\",\"method\":\"PUT\",\"path\":\"/v3/companies/{companyId}/api-keys/{keyId}/permissions\",\"parameters\":{\"companyId\":{\"in\":\"path\",\"description\":\"The company's identifier.\",\"required\":true},\"keyId\":{\"in\":\"path\",\"description\":\"The API key's identifier.\",\"required\":true}},\"key_access\":{\"param\":\"keyId\",\"allow\":[\"any\"],\"description\":\"\\\"You can manage permissions for a specific API key through\\\" these endpoints, sent like every request with one of the company's keys; the page names no key that may not. Read as written: any key of the company.\"}}},\"errors\":{\"body\":{\"format\":\"json\",\"message_field\":\"errorMessage\",\"code_field\":\"error\",\"description\":\"Example: {\\\"error\\\": \\\"Unauthorized\\\", \\\"errorMessage\\\": \\\"Invalid API key provided\\\"}\"},\"catalogue\":{\"unauthorized\":{\"status\":401,\"code\":\"Unauthorized\",\"message\":\"Invalid API key provided\",\"description\":\"Missing or invalid API key. Check that X-Api-Key header is included and correct.\",\"kind\":\"unauthenticated\",\"action\":\"give_up\"},\"forbidden\":{\"status\":403,\"code\":\"Forbidden\",\"description\":\"API key lacks required permissions. Verify key permissions include the necessary access.\",\"kind\":\"forbidden\",\"action\":\"give_up\"},\"too_many_requests\":{\"status\":429,\"code\":\"Too Many Requests\",\"description\":\"Rate limit exceeded. Implement exponential backoff and retry logic.\",\"kind\":\"rate_limited\",\"action\":\"retry\"}}},\"rate_limit\":{\"status\":429,\"error\":\"too_many_requests\",\"description\":\"API requests are subject to rate limiting to ensure fair usage.\"},\"retry\":{\"max_attempts\":3,\"initial_delay_ms\":1000,\"max_delay_ms\":4000,\"max_elapsed_ms\":60000,\"description\":\"Exponential backoff: wait 2^i × 1000 ms before retry i, at most 3 attempts.\"},\"undocumented\":[\"operation_scopes\",\"credential_lifetime\",\"key_access\"],\"examples\":[{\"description\":\"Missing or invalid API key (the page's example error response).\",\"response\":{\"status\":401,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Unauthorized\\\", \\\"errorMessage\\\": \\\"Invalid API key provided\\\"}\"},\"classified\":{\"error\":\"unauthorized\",\"kind\":\"unauthenticated\",\"action\":\"give_up\",\"message\":\"Invalid API key provided\",\"code\":\"Unauthorized\"}},{\"description\":\"API key lacks required permissions (the table's Error value, no message).\",\"response\":{\"status\":403,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Forbidden\\\"}\"},\"classified\":{\"error\":\"forbidden\",\"kind\":\"forbidden\",\"action\":\"give_up\",\"code\":\"Forbidden\"}},{\"description\":\"Rate limit exceeded (the table's Error value, no message).\",\"response\":{\"status\":429,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Too Many Requests\\\"}\"},\"classified\":{\"error\":\"too_many_requests\",\"kind\":\"rate_limited\",\"action\":\"retry\",\"code\":\"Too Many Requests\"}}]}",
        ));
        &SPEC
    }
}
/// The provider spec this crate was generated from (embedded; nothing is parsed
/// from YAML at run time).
pub fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
    <Weshape as ::auth_core::provider::Provider>::spec()
}
/// Builds a [`Client`]: typed credentials, context values, placements, base URL.
pub type ClientBuilder = ::auth_core::provider::ClientBuilder<Weshape>;
/// What can go wrong calling the provider: a documented error ([`ErrorCode`]) or
/// anything else.
pub type Error = ::auth_core::provider::Error<Weshape>;
/// Checks incoming requests the way the provider does, and answers refusals in
/// its own error format.
pub type Validator = ::auth_core::provider::Validator<Weshape>;
pub use ::auth_core::client::tokens::Token;
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
/// An environment of the provider: the one a key's prefix names, or one whose host
/// a client can be sent to (`ClientBuilder::environment`).
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
}
impl ::auth_core::provider::Environment for Environment {
    fn from_name(name: &str) -> Option<Self> {
        match name {
            "production" => Some(Environment::Production),
            "test" => Some(Environment::Test),
            _ => None,
        }
    }
    fn name(self) -> &'static str {
        self.as_str()
    }
}
///Company API key passed in the X-Api-Key header with every request. Use different keys for development, staging and production; rotate by creating a new key, switching to it, testing, then revoking the old one.
pub type ApiKey = ::auth_core::provider::Key<Weshape, 0u32>;
///The errors WeShape API documents, one variant per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    ///Missing or invalid API key. Check that X-Api-Key header is included and correct (401 `Unauthorized`).
    Unauthorized,
    ///API key lacks required permissions. Verify key permissions include the necessary access (403 `Forbidden`).
    Forbidden,
    ///Rate limit exceeded. Implement exponential backoff and retry logic (429 `Too Many Requests`).
    TooManyRequests,
}
impl ::auth_core::provider::Catalogue for ErrorCode {
    fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
        match ::auth_core::spec::model::Id::index(id) {
            0usize => Some(Self::Unauthorized),
            1usize => Some(Self::Forbidden),
            2usize => Some(Self::TooManyRequests),
            _ => None,
        }
    }
}
///A client for WeShape API: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client(::auth_core::provider::Client<Weshape>);
impl ::core::convert::From<::auth_core::provider::Client<Weshape>> for Client {
    fn from(inner: ::auth_core::provider::Client<Weshape>) -> Self {
        Self(inner)
    }
}
impl ::core::ops::Deref for Client {
    type Target = ::auth_core::provider::Client<Weshape>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
    /**List archives (the documentation's example request).

`GET /v3/archives`*/
    pub async fn list_archives(
        &self,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0.__send(0u32, &[], &[], &[], None).await
    }
    /**Quick test: returns your company information, confirming your API key is working correctly.

`GET /v3/users/me/company`*/
    pub async fn verify(
        &self,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0.__send(1u32, &[], &[], &[], None).await
    }
    /**Retrieve all API keys for your company.

`GET /auth/apikeys`*/
    pub async fn list_keys(
        &self,
    ) -> ::core::result::Result<types::ListKeysResponse, Error> {
        self.0.__send_json(2u32, &[], &[], &[], None).await
    }
    /**Read the permissions of a specific API key.

`GET /v3/companies/{companyId}/api-keys/{keyId}/permissions`*/
    pub async fn get_key_permissions(
        &self,
        company_id: &str,
        key_id: &str,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0
            .__send(
                3u32,
                &[("companyId", company_id), ("keyId", key_id)],
                &[],
                &[],
                None,
            )
            .await
    }
    /**Replace the permissions of a specific API key.

`PUT /v3/companies/{companyId}/api-keys/{keyId}/permissions`*/
    pub async fn put_key_permissions(
        &self,
        company_id: &str,
        key_id: &str,
        body: &::auth_core::__codegen::serde_json::Value,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0
            .__send(
                4u32,
                &[("companyId", company_id), ("keyId", key_id)],
                &[],
                &[],
                Some(body),
            )
            .await
    }
}
///Request and response bodies of WeShape API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///One element of `apiKeys`.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct ListKeysResponseApiKeys {
        ///The key's identifier, e.g. `key_abc123`.
        pub id: String,
        ///The key's descriptive name.
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
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct ListKeysResponse {
        ///The company's API keys.
        #[serde(rename = "apiKeys")]
        pub api_keys: Vec<ListKeysResponseApiKeys>,
    }
}
