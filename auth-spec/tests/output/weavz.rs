const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavz.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavz";
///Weavz API, as a type: what the generic engine types are parametrised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weavz {}
impl ::auth_core::provider::Provider for Weavz {
    const NAME: &'static str = "weavz";
    type ErrorCode = ErrorCode;
    type Environment = Environment;
    type Scope = Scope;
    type Client = Client;
    fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
        static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
        ::auth_core::provider::spec_from_json(
            "weavz",
            "{\"spec_version\":1,\"name\":\"weavz\",\"title\":\"Weavz API\",\"description\":\"All API requests require authentication via an API key passed as a Bearer token in the Authorization header. API keys are scoped to an organization: all resources accessed through the key belong to that organization.\",\"base_url\":{\"url\":\"https://api.weavz.io\",\"env\":\"WEAVZ_BASE_URL\",\"description\":\"For enterprise on-premise deployments, contact sales for your dedicated URL.\"},\"transport\":{\"https_only\":true},\"credentials\":{\"api_key\":{\"description\":\"Organization API key. Org-wide by default (can read and modify customer-facing API resources across the organization); may instead be workspace-scoped, restricted to specific workspaces, for least-privilege access.\",\"kind\":\"api_key\",\"env\":\"WEAVZ_API_KEY\",\"format\":{\"prefixes\":[{\"prefix\":\"wvz_\",\"description\":\"Weavz API key\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"api\",\"shown_once\":true,\"how_to_obtain\":\"Create keys via the dashboard under Settings > API Keys, or programmatically through the API Keys endpoint. The full key value is returned only once; store it securely.\"},\"mcp_oauth_token\":{\"description\":\"MCP OAuth token. OAuth is the default for new MCP servers; clients sign in through Weavz and receive a token scoped to the MCP server, workspace, and end user. An MCP credential, not a customer API key.\",\"kind\":\"access_token\",\"format\":{\"prefixes\":[{\"prefix\":\"mcpo_\",\"description\":\"MCP OAuth token\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"mcp_server\"},\"mcp_bearer_token\":{\"description\":\"MCP bearer token. An MCP credential, not a customer API key.\",\"kind\":\"bearer_token\",\"format\":{\"prefixes\":[{\"prefix\":\"mcp_\",\"description\":\"MCP bearer token (end-user or static)\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"mcp_server\",\"variants\":{\"end_user\":\"End-user MCP bearer token: API and SDK customers can create them for bearer-enabled MCP servers; each token is scoped to one MCP server, workspace, and end user.\",\"static\":\"Static MCP bearer token: a shared server credential, returned only when an MCP server's authMode is bearer or oauth_and_bearer and the workspace can safely use service-style access.\"}}},\"default_auth\":[\"api_key\"],\"restrictions\":{\"workspace\":{\"description\":\"Workspace-scoped keys can only interact with resources (connections, MCP servers, triggers, actions) belonging to their allowed workspaces. Requests that target resources outside the permitted workspaces return a 403 error with code SCOPE_DENIED.\",\"kind\":\"workspace\",\"error\":\"scope_denied\",\"named_in\":{\"paths\":[\"/api/v1/workspaces/{id}\"],\"query\":[\"workspaceId\"],\"json\":[\"workspaceId\"]}},\"org_wide\":{\"description\":\"API key management requires an org-wide key.\",\"kind\":\"org_wide\"}},\"operations\":{\"list_workspaces\":{\"description\":\"List workspaces (the documentation's example request).\",\"method\":\"GET\",\"path\":\"/api/v1/workspaces\"},\"create_key\":{\"description\":\"Create an API key. The response includes a plainKey field with the full key; this is the only time it will be visible.\",\"role\":\"create_key\",\"method\":\"POST\",\"path\":\"/api/v1/api-keys\",\"restrictions\":[\"org_wide\"],\"request\":{\"fields\":{\"name\":{\"type\":\"string\",\"description\":\"A descriptive name, e.g. `Production Key`.\",\"required\":true}}},\"response\":{\"body\":{\"fields\":{\"plainKey\":{\"type\":\"string\",\"description\":\"The full key; this is the only time it will be visible.\",\"required\":true,\"secret\":true,\"from\":\"api_key\"}}}}}},\"errors\":{\"body\":{\"format\":\"json\",\"message_field\":\"error\",\"code_field\":\"code\",\"details_field\":\"details\",\"description\":\"All errors follow a consistent format: {\\\"error\\\": \\\"...\\\", \\\"code\\\": \\\"ERROR_CODE\\\", \\\"details\\\": {}}\"},\"catalogue\":{\"unauthenticated\":{\"status\":401,\"code\":\"UNAUTHENTICATED\",\"description\":\"Missing or invalid API key\",\"kind\":\"unauthenticated\",\"action\":\"give_up\"},\"forbidden\":{\"status\":403,\"code\":\"FORBIDDEN\",\"description\":\"Key lacks permission for this action\",\"kind\":\"forbidden\",\"action\":\"give_up\"},\"scope_denied\":{\"status\":403,\"code\":\"SCOPE_DENIED\",\"description\":\"Workspace-scoped key cannot access this resource\",\"kind\":\"scope_denied\",\"action\":\"give_up\"},\"quota_exceeded\":{\"status\":403,\"code\":\"QUOTA_EXCEEDED\",\"description\":\"Organization quota limit reached\",\"kind\":\"quota_exceeded\",\"action\":\"give_up\"},\"rate_limit_exceeded\":{\"status\":429,\"code\":\"RATE_LIMIT_EXCEEDED\",\"message\":\"Rate limit exceeded\",\"description\":\"Too many requests\",\"kind\":\"rate_limited\",\"action\":\"retry\"}}},\"rate_limit\":{\"status\":429,\"error\":\"rate_limit_exceeded\",\"limit_header\":\"X-RateLimit-Limit\",\"remaining_header\":\"X-RateLimit-Remaining\",\"reset_header\":\"X-RateLimit-Reset\",\"reset_format\":\"unix_seconds\",\"on_every_response\":true,\"description\":\"API requests are rate-limited based on your organization's plan tier. Rate limit information is included in every response.\"},\"undocumented\":[\"retry_policy\",\"credential_lifetime\"],\"examples\":[{\"description\":\"Rate limit exceeded (the page's 429 body).\",\"response\":{\"status\":429,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Rate limit exceeded\\\", \\\"code\\\": \\\"RATE_LIMIT_EXCEEDED\\\"}\"},\"classified\":{\"error\":\"rate_limit_exceeded\",\"kind\":\"rate_limited\",\"action\":\"retry\",\"message\":\"Rate limit exceeded\",\"code\":\"RATE_LIMIT_EXCEEDED\"}},{\"description\":\"Missing or invalid API key (the error format with code UNAUTHENTICATED).\",\"response\":{\"status\":401,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Human-readable error message\\\", \\\"code\\\": \\\"UNAUTHENTICATED\\\", \\\"details\\\": {}}\"},\"classified\":{\"error\":\"unauthenticated\",\"kind\":\"unauthenticated\",\"action\":\"give_up\",\"message\":\"Human-readable error message\",\"code\":\"UNAUTHENTICATED\"}},{\"description\":\"Key lacks permission for this action (the error format with code FORBIDDEN).\",\"response\":{\"status\":403,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Human-readable error message\\\", \\\"code\\\": \\\"FORBIDDEN\\\", \\\"details\\\": {}}\"},\"classified\":{\"error\":\"forbidden\",\"kind\":\"forbidden\",\"action\":\"give_up\",\"message\":\"Human-readable error message\",\"code\":\"FORBIDDEN\"}},{\"description\":\"Workspace-scoped key cannot access this resource (the error format with code SCOPE_DENIED).\",\"response\":{\"status\":403,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Human-readable error message\\\", \\\"code\\\": \\\"SCOPE_DENIED\\\", \\\"details\\\": {}}\"},\"classified\":{\"error\":\"scope_denied\",\"kind\":\"scope_denied\",\"action\":\"give_up\",\"message\":\"Human-readable error message\",\"code\":\"SCOPE_DENIED\"}},{\"description\":\"Organization quota limit reached (the error format with code QUOTA_EXCEEDED).\",\"response\":{\"status\":403,\"headers\":{\"content-type\":\"application/json\"},\"body\":\"{\\\"error\\\": \\\"Human-readable error message\\\", \\\"code\\\": \\\"QUOTA_EXCEEDED\\\", \\\"details\\\": {}}\"},\"classified\":{\"error\":\"quota_exceeded\",\"kind\":\"quota_exceeded\",\"action\":\"give_up\",\"message\":\"Human-readable error message\",\"code\":\"QUOTA_EXCEEDED\"}}]}",
        ));
        &SPEC
    }
}
/// The provider spec this crate was generated from (embedded; nothing is parsed
/// from YAML at run time).
pub fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
    <Weavz as ::auth_core::provider::Provider>::spec()
}
/// Builds a [`Client`]: typed credentials, context values, placements, base URL.
pub type ClientBuilder = ::auth_core::provider::ClientBuilder<Weavz>;
/// What can go wrong calling the provider: a documented error ([`ErrorCode`]) or
/// anything else.
pub type Error = ::auth_core::provider::Error<Weavz>;
/// Checks incoming requests the way the provider does, and answers refusals in
/// its own error format.
pub type Validator = ::auth_core::provider::Validator<Weavz>;
pub use ::auth_core::client::tokens::Token;
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
/**Organization API key. Org-wide by default (can read and modify customer-facing API resources across the organization); may instead be workspace-scoped, restricted to specific workspaces, for least-privilege access.

How to obtain it: Create keys via the dashboard under Settings > API Keys, or programmatically through the API Keys endpoint. The full key value is returned only once; store it securely.

The provider shows it only once: store it when you receive it.*/
pub type ApiKey = ::auth_core::provider::Key<Weavz, 0u32>;
/**MCP bearer token. An MCP credential, not a customer API key.

Not a credential for Weavz API's API: it is accepted by `mcp_server`.*/
pub type McpBearerToken = ::auth_core::provider::Key<Weavz, 2u32>;
///The errors Weavz API documents, one variant per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    ///Missing or invalid API key (401 `UNAUTHENTICATED`).
    Unauthenticated,
    ///Key lacks permission for this action (403 `FORBIDDEN`).
    Forbidden,
    ///Workspace-scoped key cannot access this resource (403 `SCOPE_DENIED`).
    ScopeDenied,
    ///Organization quota limit reached (403 `QUOTA_EXCEEDED`).
    QuotaExceeded,
    ///Too many requests (429 `RATE_LIMIT_EXCEEDED`).
    RateLimitExceeded,
}
impl ::auth_core::provider::Catalogue for ErrorCode {
    fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
        match ::auth_core::spec::model::Id::index(id) {
            0usize => Some(Self::Unauthenticated),
            1usize => Some(Self::Forbidden),
            2usize => Some(Self::ScopeDenied),
            3usize => Some(Self::QuotaExceeded),
            4usize => Some(Self::RateLimitExceeded),
            _ => None,
        }
    }
}
///A client for Weavz API: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client(::auth_core::provider::Client<Weavz>);
impl ::core::convert::From<::auth_core::provider::Client<Weavz>> for Client {
    fn from(inner: ::auth_core::provider::Client<Weavz>) -> Self {
        Self(inner)
    }
}
impl ::core::ops::Deref for Client {
    type Target = ::auth_core::provider::Client<Weavz>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
    /**List workspaces (the documentation's example request).

`GET /api/v1/workspaces`*/
    pub async fn list_workspaces(
        &self,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0.__send(0u32, &[], &[], &[], None).await
    }
    /**Create an API key. The response includes a plainKey field with the full key; this is the only time it will be visible.

API key management requires an org-wide key.

`POST /api/v1/api-keys`*/
    pub async fn create_key(
        &self,
        body: &types::CreateKeyRequest,
    ) -> ::core::result::Result<types::CreateKeyResponse, Error> {
        self.0.__send_json(1u32, &[], &[], &[], Some(body)).await
    }
}
///Request and response bodies of Weavz API's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `create_key` request.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Serialize)]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct CreateKeyRequest {
        ///A descriptive name, e.g. `Production Key`.
        pub name: String,
    }
    ///The body of a `create_key` response.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct CreateKeyResponse {
        ///The full key; this is the only time it will be visible.
        #[serde(rename = "plainKey")]
        pub plain_key: ::auth_core::Secret,
    }
}
