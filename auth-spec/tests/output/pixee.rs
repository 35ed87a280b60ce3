const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "pixee.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "pixee";
///Pixee PIM, as a type: what the generic engine types are parametrised by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pixee {}
impl ::auth_core::provider::Provider for Pixee {
    const NAME: &'static str = "pixee";
    type ErrorCode = ErrorCode;
    type Environment = Environment;
    type Scope = Scope;
    type Client = Client;
    fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
        static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
        ::auth_core::provider::spec_from_json(
            "pixee",
            "{\"spec_version\":1,\"name\":\"pixee\",\"title\":\"Pixee PIM\",\"description\":\"All requests to the Pixee PIM API must be authenticated. The API supports two authentication methods: API keys (recommended for integrations) and JWT Bearer tokens (for user sessions).\",\"base_url\":{\"url\":\"https://api.pixeepim.com/api/v1\"},\"transport\":{\"https_only\":true},\"credentials\":{\"api_key\":{\"description\":\"Long-lived API key, recommended for integrations; restricted to a set of scopes.\",\"kind\":\"api_key\",\"env\":\"PIXEE_API_KEY\",\"format\":{\"prefixes\":[{\"prefix\":\"pm_live_\",\"environment\":\"production\"},{\"prefix\":\"pm_test_\",\"environment\":\"test\"}]},\"placements\":[{\"in\":\"header\",\"name\":\"X-API-Key\"}],\"audience\":\"api\",\"shown_once\":true,\"how_to_obtain\":\"Log in at pixeepim.com, navigate to Settings → API Keys, click Create API Key, enter a descriptive name and select the required scopes. Copy the key immediately; it won't be shown again.\"},\"login\":{\"description\":\"A user's email and password, exchanged at the login endpoint for a JWT.\",\"kind\":\"password\",\"parts\":{\"email\":{\"description\":\"The user's email address.\",\"env\":\"PIXEE_EMAIL\",\"secret\":false},\"password\":{\"description\":\"The user's password.\",\"env\":\"PIXEE_PASSWORD\",\"secret\":true}},\"placements\":[{\"in\":\"json\",\"fields\":{\"email\":\"email\",\"password\":\"password\"}}],\"audience\":\"api\"},\"jwt\":{\"description\":\"Short-lived JWT Bearer token for user sessions, obtained via the login endpoint.\",\"kind\":\"access_token\",\"placements\":[{\"in\":\"header\",\"name\":\"Authorization\",\"scheme\":\"Bearer\"}],\"audience\":\"api\",\"default_lifetime_seconds\":900},\"refresh_token\":{\"description\":\"Refresh token sent automatically via the refresh_token HttpOnly cookie set at login; the only credential the refresh endpoint needs.\",\"kind\":\"refresh_token\",\"placements\":[{\"in\":\"cookie\",\"name\":\"refresh_token\"}],\"audience\":\"api\"}},\"default_auth\":[\"api_key\",\"jwt\"],\"parameters\":{\"tenant_id\":{\"description\":\"If your account manages multiple tenants, scope a request to a specific tenant. Without this header, the request operates on your default account context.\",\"required\":false,\"env\":\"PIXEE_TENANT_ID\",\"placements\":[{\"in\":\"header\",\"name\":\"X-Tenant-ID\"}]}},\"scopes\":{\"products:read\":{\"description\":\"Read products and catalog data\"},\"products:write\":{\"description\":\"Create and update products\"},\"products:delete\":{\"description\":\"Delete products and bulk delete\"},\"categories:read\":{\"description\":\"Read category tree and mappings\"},\"suppliers:read\":{\"description\":\"Read supplier catalog data\"},\"imports:read\":{\"description\":\"View import jobs and logs\"},\"imports:write\":{\"description\":\"Start and manage imports\"},\"exports:read\":{\"description\":\"View export jobs\"},\"exports:write\":{\"description\":\"Create and download exports\"},\"ext:products:read\":{\"description\":\"External API — read product catalog\"},\"ext:products:write\":{\"description\":\"External API — create and update products\"},\"windev:read\":{\"description\":\"WinDev Integration — full WinDev sync access\"},\"windev:write\":{\"description\":\"WinDev Integration — full WinDev sync access\"},\"windev:sync\":{\"description\":\"WinDev Integration — full WinDev sync access\"}},\"operations\":{\"list_products\":{\"description\":\"List products (the documentation's example authenticated request).\",\"method\":\"GET\",\"path\":\"/products\",\"scopes\":[\"products:read\"]},\"login\":{\"description\":\"Obtain a JWT for a user session from an email and password.\",\"role\":\"login\",\"method\":\"POST\",\"path\":\"/auth/login\",\"auth\":[\"login\"],\"request\":{\"fields\":{\"email\":{\"type\":\"string\",\"required\":true,\"from\":\"login.email\"},\"password\":{\"type\":\"string\",\"required\":true,\"secret\":true,\"from\":\"login.password\"}}},\"response\":{\"body\":{\"fields\":{\"access_token\":{\"type\":\"string\",\"description\":\"The JWT.\",\"required\":true,\"secret\":true},\"token_type\":{\"type\":\"string\",\"description\":\"Always `bearer`.\",\"required\":true}}},\"sets_cookies\":{\"refresh_token\":\"refresh_token\"}},\"issues\":{\"credential\":\"jwt\",\"token_field\":\"access_token\"}},\"refresh\":{\"description\":\"Refresh an expiring token. The refresh token is sent automatically via the refresh_token HttpOnly cookie set at login; no Authorization header is needed.\",\"role\":\"refresh\",\"method\":\"POST\",\"path\":\"/auth/refresh\",\"auth\":[\"refresh_token\"],\"response\":{\"body\":{\"fields\":{\"access_token\":{\"type\":\"string\",\"description\":\"The new JWT.\",\"required\":true,\"secret\":true},\"token_type\":{\"type\":\"string\",\"description\":\"Always `bearer`.\",\"required\":false}}}},\"issues\":{\"credential\":\"jwt\",\"token_field\":\"access_token\"}},\"rotate_key\":{\"description\":\"Rotate an API key. The old key is invalidated immediately and a new one is returned.\",\"role\":\"rotate_key\",\"method\":\"POST\",\"path\":\"/api-keys/{key_id}/rotate\",\"auth\":[\"api_key\"],\"parameters\":{\"key_id\":{\"in\":\"path\",\"description\":\"The API key's identifier.\",\"required\":true}},\"invalidates\":[\"api_key\"],\"key_access\":{\"param\":\"key_id\",\"allow\":[\"self\"],\"description\":\"The page shows a key rotating the key named in the path and says only \\\"The old key is invalidated immediately and a new one is returned\\\"; it does not say which keys a key may rotate. The safe reading is taken: a key may rotate only itself.\"}}},\"errors\":{\"body\":{\"format\":\"unspecified\",\"description\":\"Pixee's authentication page refers to a separate Errors guide for the error format.\"},\"catalogue\":{\"unauthorized\":{\"status\":401,\"description\":\"Missing, invalid, or expired credential\",\"kind\":\"unauthenticated\",\"action\":\"reauthenticate\"},\"forbidden\":{\"status\":403,\"description\":\"Valid credential but insufficient scope or permissions\",\"kind\":\"forbidden\",\"action\":\"give_up\"},\"locked\":{\"status\":423,\"description\":\"Account locked after too many failed login attempts\",\"kind\":\"locked\",\"action\":\"give_up\"}}},\"undocumented\":[\"error_body\",\"rate_limit\",\"retry_policy\",\"operation_scopes\",\"key_access\"],\"examples\":[{\"description\":\"Missing, invalid, or expired credential (401).\",\"response\":{\"status\":401},\"classified\":{\"error\":\"unauthorized\",\"kind\":\"unauthenticated\",\"action\":\"reauthenticate\"}},{\"description\":\"Valid credential but insufficient scope or permissions (403).\",\"response\":{\"status\":403},\"classified\":{\"error\":\"forbidden\",\"kind\":\"forbidden\",\"action\":\"give_up\"}},{\"description\":\"Account locked after too many failed login attempts (423).\",\"response\":{\"status\":423},\"classified\":{\"error\":\"locked\",\"kind\":\"locked\",\"action\":\"give_up\"}}]}",
        ));
        &SPEC
    }
}
/// The provider spec this crate was generated from (embedded; nothing is parsed
/// from YAML at run time).
pub fn spec() -> &'static ::std::sync::Arc<::auth_core::spec::Spec> {
    <Pixee as ::auth_core::provider::Provider>::spec()
}
/// Builds a [`Client`]: typed credentials, context values, placements, base URL.
pub type ClientBuilder = ::auth_core::provider::ClientBuilder<Pixee>;
/// What can go wrong calling the provider: a documented error ([`ErrorCode`]) or
/// anything else.
pub type Error = ::auth_core::provider::Error<Pixee>;
/// Checks incoming requests the way the provider does, and answers refusals in
/// its own error format.
pub type Validator = ::auth_core::provider::Validator<Pixee>;
pub use ::auth_core::client::tokens::Token;
///A scope declared by Pixee PIM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Scope {
    ///Read products and catalog data
    ProductsRead,
    ///Create and update products
    ProductsWrite,
    ///Delete products and bulk delete
    ProductsDelete,
    ///Read category tree and mappings
    CategoriesRead,
    ///Read supplier catalog data
    SuppliersRead,
    ///View import jobs and logs
    ImportsRead,
    ///Start and manage imports
    ImportsWrite,
    ///View export jobs
    ExportsRead,
    ///Create and download exports
    ExportsWrite,
    ///External API — read product catalog
    ExtProductsRead,
    ///External API — create and update products
    ExtProductsWrite,
    ///WinDev Integration — full WinDev sync access
    WindevRead,
    ///WinDev Integration — full WinDev sync access
    WindevWrite,
    ///WinDev Integration — full WinDev sync access
    WindevSync,
}
impl Scope {
    /// Every declared scope, in the order the spec lists them.
    pub const ALL: [Scope; 14usize] = [
        Scope::ProductsRead,
        Scope::ProductsWrite,
        Scope::ProductsDelete,
        Scope::CategoriesRead,
        Scope::SuppliersRead,
        Scope::ImportsRead,
        Scope::ImportsWrite,
        Scope::ExportsRead,
        Scope::ExportsWrite,
        Scope::ExtProductsRead,
        Scope::ExtProductsWrite,
        Scope::WindevRead,
        Scope::WindevWrite,
        Scope::WindevSync,
    ];
    /// The scope as the provider writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::ProductsRead => "products:read",
            Scope::ProductsWrite => "products:write",
            Scope::ProductsDelete => "products:delete",
            Scope::CategoriesRead => "categories:read",
            Scope::SuppliersRead => "suppliers:read",
            Scope::ImportsRead => "imports:read",
            Scope::ImportsWrite => "imports:write",
            Scope::ExportsRead => "exports:read",
            Scope::ExportsWrite => "exports:write",
            Scope::ExtProductsRead => "ext:products:read",
            Scope::ExtProductsWrite => "ext:products:write",
            Scope::WindevRead => "windev:read",
            Scope::WindevWrite => "windev:write",
            Scope::WindevSync => "windev:sync",
        }
    }
    /// What the scope grants, from the spec.
    pub fn description(self) -> &'static str {
        match self {
            Scope::ProductsRead => "Read products and catalog data",
            Scope::ProductsWrite => "Create and update products",
            Scope::ProductsDelete => "Delete products and bulk delete",
            Scope::CategoriesRead => "Read category tree and mappings",
            Scope::SuppliersRead => "Read supplier catalog data",
            Scope::ImportsRead => "View import jobs and logs",
            Scope::ImportsWrite => "Start and manage imports",
            Scope::ExportsRead => "View export jobs",
            Scope::ExportsWrite => "Create and download exports",
            Scope::ExtProductsRead => "External API — read product catalog",
            Scope::ExtProductsWrite => "External API — create and update products",
            Scope::WindevRead => "WinDev Integration — full WinDev sync access",
            Scope::WindevWrite => "WinDev Integration — full WinDev sync access",
            Scope::WindevSync => "WinDev Integration — full WinDev sync access",
        }
    }
}
impl ::auth_core::scopes::ScopeName for Scope {
    const ALL: &'static [Scope] = &Scope::ALL;
    fn index(self) -> usize {
        self as usize
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
    ("products:read") => {
        $crate::Scope::ProductsRead
    };
    ("products:write") => {
        $crate::Scope::ProductsWrite
    };
    ("products:delete") => {
        $crate::Scope::ProductsDelete
    };
    ("categories:read") => {
        $crate::Scope::CategoriesRead
    };
    ("suppliers:read") => {
        $crate::Scope::SuppliersRead
    };
    ("imports:read") => {
        $crate::Scope::ImportsRead
    };
    ("imports:write") => {
        $crate::Scope::ImportsWrite
    };
    ("exports:read") => {
        $crate::Scope::ExportsRead
    };
    ("exports:write") => {
        $crate::Scope::ExportsWrite
    };
    ("ext:products:read") => {
        $crate::Scope::ExtProductsRead
    };
    ("ext:products:write") => {
        $crate::Scope::ExtProductsWrite
    };
    ("windev:read") => {
        $crate::Scope::WindevRead
    };
    ("windev:write") => {
        $crate::Scope::WindevWrite
    };
    ("windev:sync") => {
        $crate::Scope::WindevSync
    };
    ($other:tt) => {
        ::core::compile_error!("unknown scope; Pixee PIM declares: products:read, products:write, products:delete, categories:read, suppliers:read, imports:read, imports:write, exports:read, exports:write, ext:products:read, ext:products:write, windev:read, windev:write, windev:sync")
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
/**Long-lived API key, recommended for integrations; restricted to a set of scopes.

How to obtain it: Log in at pixeepim.com, navigate to Settings → API Keys, click Create API Key, enter a descriptive name and select the required scopes. Copy the key immediately; it won't be shown again.

The provider shows it only once: store it when you receive it.*/
pub type ApiKey = ::auth_core::provider::Key<Pixee, 0u32>;
///A user's email and password, exchanged at the login endpoint for a JWT.
#[derive(Clone, PartialEq, Eq)]
pub struct Login(::auth_core::provider::Parts<Pixee, 1u32>);
impl Login {
    /// Build it from its parts, checking each part's format.
    pub fn new(
        email: impl Into<::auth_core::Secret>,
        password: impl Into<::auth_core::Secret>,
    ) -> ::core::result::Result<Self, ::auth_core::FormatError> {
        ::auth_core::provider::Parts::new(vec![email.into(), password.into()]).map(Self)
    }
    /// Read every part from its environment variable, checking formats.
    pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
        ::auth_core::provider::Parts::from_env().map(Self)
    }
    ///The user's email address.
    pub fn expose_email(&self) -> &str {
        self.0.expose(0usize)
    }
    ///The user's password.
    pub fn expose_password(&self) -> &str {
        self.0.expose(1usize)
    }
}
impl ::auth_core::provider::Credential<Pixee> for Login {
    fn store(self, creds: &mut ::auth_core::Credentials) {
        self.0.store(creds)
    }
}
impl ::core::fmt::Debug for Login {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        self.0.fmt(f)
    }
}
///The errors Pixee PIM documents, one variant per meaning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    ///Missing, invalid, or expired credential (401).
    Unauthorized,
    ///Valid credential but insufficient scope or permissions (403).
    Forbidden,
    ///Account locked after too many failed login attempts (423).
    Locked,
}
impl ::auth_core::provider::Catalogue for ErrorCode {
    fn from_error(id: ::auth_core::spec::model::ErrorId) -> Option<Self> {
        match ::auth_core::spec::model::Id::index(id) {
            0usize => Some(Self::Unauthorized),
            1usize => Some(Self::Forbidden),
            2usize => Some(Self::Locked),
            _ => None,
        }
    }
}
///A client for Pixee PIM: applies its authentication to any request (see the methods it dereferences to), and offers the operations its documentation names.
#[derive(Clone, Debug)]
pub struct Client(::auth_core::provider::Client<Pixee>);
impl ::core::convert::From<::auth_core::provider::Client<Pixee>> for Client {
    fn from(inner: ::auth_core::provider::Client<Pixee>) -> Self {
        Self(inner)
    }
}
impl ::core::ops::Deref for Client {
    type Target = ::auth_core::provider::Client<Pixee>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}
impl Client {
    /// Start building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::new()
    }
    /**List products (the documentation's example authenticated request).

Needs scope(s): `products:read`.

`GET /products`*/
    pub async fn list_products(
        &self,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0.__send(0u32, &[], &[], &[], None).await
    }
    /**Obtain a JWT for a user session from an email and password.

`POST /auth/login`

The `jwt` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn login(&self) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
        self.0.__exchange(1u32, None, None).await
    }
    /**Refresh an expiring token. The refresh token is sent automatically via the refresh_token HttpOnly cookie set at login; no Authorization header is needed.

`POST /auth/refresh`

The `jwt` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn refresh(
        &self,
    ) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
        self.0.__exchange(2u32, None, None).await
    }
    /**Rotate an API key. The old key is invalidated immediately and a new one is returned.

`POST /api-keys/{key_id}/rotate`*/
    pub async fn rotate_key(
        &self,
        key_id: &str,
    ) -> ::core::result::Result<::auth_core::reqwest::Response, Error> {
        self.0.__send(3u32, &[("key_id", key_id)], &[], &[], None).await
    }
    ///The current `jwt` token: the cached one, or one obtained now by a single exchange shared with every concurrent caller.
    pub async fn jwt(&self) -> ::core::result::Result<::std::sync::Arc<Token>, Error> {
        self.0.__token(2u32, None).await
    }
}
/// A context value that travels with every request (see
/// [`ClientBuilder::param`](::auth_core::provider::ClientBuilder::param)).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    ///If your account manages multiple tenants, scope a request to a specific tenant. Without this header, the request operates on your default account context. Read from `PIXEE_TENANT_ID` by `from_env`.
    TenantId,
}
impl ::auth_core::provider::ContextParam<Pixee> for Param {
    fn name(self) -> &'static str {
        match self {
            Self::TenantId => "tenant_id",
        }
    }
}
///Request and response bodies of Pixee PIM's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `login` response.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct LoginResponse {
        ///The JWT.
        pub access_token: ::auth_core::Secret,
        ///Always `bearer`.
        pub token_type: String,
    }
    ///The body of a `refresh` response.
    #[derive(Debug, Clone, ::auth_core::__codegen::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__codegen::serde")]
    pub struct RefreshResponse {
        ///The new JWT.
        pub access_token: ::auth_core::Secret,
        ///Always `bearer`.
        #[serde(default)]
        pub token_type: Option<String>,
    }
}
