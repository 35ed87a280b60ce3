const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "pixee.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "pixee";
static SPEC: ::std::sync::LazyLock<::std::sync::Arc<::auth_core::spec::Spec>> = ::std::sync::LazyLock::new(||
{
    #[allow(unused_imports)]
    use ::auth_core::spec::model::*;
    use ::auth_core::__private::IndexMap;
    ::std::sync::Arc::new(Spec {
        schema: None,
        spec_version: 1,
        name: "pixee".into(),
        title: "Pixee PIM".into(),
        description: Some(
            "All requests to the Pixee PIM API must be authenticated. The API supports two authentication methods: API keys (recommended for integrations) and JWT Bearer tokens (for user sessions)."
                .into(),
        ),
        base_url: BaseUrl {
            url: "https://api.pixeepim.com/api/v1".into(),
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
                    description: "Long-lived API key, recommended for integrations; restricted to a set of scopes."
                        .into(),
                    kind: CredentialKind::ApiKey,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: Some("PIXEE_API_KEY".into()),
                                secret: true,
                                format: Some(Format {
                                    prefixes: vec![
                                        Prefix { prefix : "pm_live_".into(), environment :
                                        Some("production".into()), description : None }, Prefix {
                                        prefix : "pm_test_".into(), environment : Some("test"
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
                        Placement::Header { name : "X-API-Key".into(), scheme : None,
                        part : None, preferred : false }
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: true,
                    how_to_obtain: Some(
                        "Log in at pixeepim.com, navigate to Settings → API Keys, click Create API Key, enter a descriptive name and select the required scopes. Copy the key immediately; it won't be shown again."
                            .into(),
                    ),
                    variants: IndexMap::new(),
                },
            ),
            (
                "login".into(),
                Credential {
                    description: "A user's email and password, exchanged at the login endpoint for a JWT."
                        .into(),
                    kind: CredentialKind::Password,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "email".into(),
                            Part {
                                description: Some("The user's email address.".into()),
                                env: Some("PIXEE_EMAIL".into()),
                                secret: false,
                                format: None,
                            },
                        ),
                        (
                            "password".into(),
                            Part {
                                description: Some("The user's password.".into()),
                                env: Some("PIXEE_PASSWORD".into()),
                                secret: true,
                                format: None,
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Json(FieldPlacement { name : None, fields :
                        IndexMap::from_iter([("email".into(), "email".into()),
                        ("password".into(), "password".into())]), preferred : false })
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: None,
                    subject: None,
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::new(),
                },
            ),
            (
                "jwt".into(),
                Credential {
                    description: "Short-lived JWT Bearer token for user sessions, obtained via the login endpoint."
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
                                format: None,
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Header { name : "Authorization".into(), scheme :
                        Some("Bearer".into()), part : None, preferred : false }
                    ],
                    audience: "api".into(),
                    default_lifetime_seconds: Some(900),
                    subject: None,
                    shown_once: false,
                    how_to_obtain: None,
                    variants: IndexMap::new(),
                },
            ),
            (
                "refresh_token".into(),
                Credential {
                    description: "Refresh token sent automatically via the refresh_token HttpOnly cookie set at login; the only credential the refresh endpoint needs."
                        .into(),
                    kind: CredentialKind::RefreshToken,
                    env: None,
                    format: None,
                    parts: IndexMap::from_iter([
                        (
                            "key".into(),
                            Part {
                                description: None,
                                env: None,
                                secret: true,
                                format: None,
                            },
                        ),
                    ]),
                    placements: vec![
                        Placement::Cookie(FieldPlacement { name : Some("refresh_token"
                        .into()), fields : IndexMap::new(), preferred : false })
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
        default_auth: vec!["api_key".into(), "jwt".into()],
        parameters: IndexMap::from_iter([
            (
                "tenant_id".into(),
                Parameter {
                    description: "If your account manages multiple tenants, scope a request to a specific tenant. Without this header, the request operates on your default account context."
                        .into(),
                    required: false,
                    env: Some("PIXEE_TENANT_ID".into()),
                    placements: vec![
                        ParameterPlacement { location : PlacementKind::Header, name :
                        "X-Tenant-ID".into(), preferred : false }
                    ],
                    missing_error: None,
                    format: None,
                },
            ),
        ]),
        scopes: IndexMap::from_iter([
            (
                "products:read".into(),
                Scope {
                    description: "Read products and catalog data".into(),
                },
            ),
            (
                "products:write".into(),
                Scope {
                    description: "Create and update products".into(),
                },
            ),
            (
                "products:delete".into(),
                Scope {
                    description: "Delete products and bulk delete".into(),
                },
            ),
            (
                "categories:read".into(),
                Scope {
                    description: "Read category tree and mappings".into(),
                },
            ),
            (
                "suppliers:read".into(),
                Scope {
                    description: "Read supplier catalog data".into(),
                },
            ),
            (
                "imports:read".into(),
                Scope {
                    description: "View import jobs and logs".into(),
                },
            ),
            (
                "imports:write".into(),
                Scope {
                    description: "Start and manage imports".into(),
                },
            ),
            (
                "exports:read".into(),
                Scope {
                    description: "View export jobs".into(),
                },
            ),
            (
                "exports:write".into(),
                Scope {
                    description: "Create and download exports".into(),
                },
            ),
            (
                "ext:products:read".into(),
                Scope {
                    description: "External API — read product catalog".into(),
                },
            ),
            (
                "ext:products:write".into(),
                Scope {
                    description: "External API — create and update products".into(),
                },
            ),
            (
                "windev:read".into(),
                Scope {
                    description: "WinDev Integration — full WinDev sync access".into(),
                },
            ),
            (
                "windev:write".into(),
                Scope {
                    description: "WinDev Integration — full WinDev sync access".into(),
                },
            ),
            (
                "windev:sync".into(),
                Scope {
                    description: "WinDev Integration — full WinDev sync access".into(),
                },
            ),
        ]),
        restrictions: IndexMap::new(),
        operations: IndexMap::from_iter([
            (
                "list_products".into(),
                Operation {
                    description: "List products (the documentation's example authenticated request)."
                        .into(),
                    role: None,
                    method: HttpMethod::Get,
                    path: "/products".into(),
                    auth: None,
                    scopes: vec!["products:read".into()],
                    restrictions: vec![],
                    parameters: IndexMap::new(),
                    request: None,
                    response: None,
                    issues: None,
                    invalidates: vec![],
                },
            ),
            (
                "login".into(),
                Operation {
                    description: "Obtain a JWT for a user session from an email and password."
                        .into(),
                    role: Some(OperationRole::Login),
                    method: HttpMethod::Post,
                    path: "/auth/login".into(),
                    auth: Some(vec!["login".into()]),
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::new(),
                    request: Some(Payload {
                        description: None,
                        fields: IndexMap::from_iter([
                            (
                                "email".into(),
                                PayloadField {
                                    ty: FieldType::String,
                                    description: None,
                                    required: true,
                                    secret: false,
                                    from: Some("login.email".into()),
                                    items: IndexMap::new(),
                                },
                            ),
                            (
                                "password".into(),
                                PayloadField {
                                    ty: FieldType::String,
                                    description: None,
                                    required: true,
                                    secret: true,
                                    from: Some("login.password".into()),
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
                                    "access_token".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some("The JWT.".into()),
                                        required: true,
                                        secret: true,
                                        from: None,
                                        items: IndexMap::new(),
                                    },
                                ),
                                (
                                    "token_type".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some("Always `bearer`.".into()),
                                        required: true,
                                        secret: false,
                                        from: None,
                                        items: IndexMap::new(),
                                    },
                                ),
                            ]),
                            additional_fields: false,
                        }),
                        sets_cookies: IndexMap::from_iter([
                            ("refresh_token".into(), "refresh_token".into()),
                        ]),
                    }),
                    issues: Some(Exchange {
                        credential: "jwt".into(),
                        token_field: "access_token".into(),
                        expires_in_field: None,
                        lifetime_request_field: None,
                    }),
                    invalidates: vec![],
                },
            ),
            (
                "refresh".into(),
                Operation {
                    description: "Refresh an expiring token. The refresh token is sent automatically via the refresh_token HttpOnly cookie set at login; no Authorization header is needed."
                        .into(),
                    role: Some(OperationRole::Refresh),
                    method: HttpMethod::Post,
                    path: "/auth/refresh".into(),
                    auth: Some(vec!["refresh_token".into()]),
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
                                    "access_token".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some("The new JWT.".into()),
                                        required: true,
                                        secret: true,
                                        from: None,
                                        items: IndexMap::new(),
                                    },
                                ),
                                (
                                    "token_type".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some("Always `bearer`.".into()),
                                        required: false,
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
                        credential: "jwt".into(),
                        token_field: "access_token".into(),
                        expires_in_field: None,
                        lifetime_request_field: None,
                    }),
                    invalidates: vec![],
                },
            ),
            (
                "rotate_key".into(),
                Operation {
                    description: "Rotate an API key. The old key is invalidated immediately and a new one is returned."
                        .into(),
                    role: Some(OperationRole::RotateKey),
                    method: HttpMethod::Post,
                    path: "/api-keys/{key_id}/rotate".into(),
                    auth: Some(vec!["api_key".into()]),
                    scopes: vec![],
                    restrictions: vec![],
                    parameters: IndexMap::from_iter([
                        (
                            "key_id".into(),
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
                    invalidates: vec!["api_key".into()],
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
                    "Pixee's authentication page refers to a separate Errors guide for the error format."
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
                        description: "Missing, invalid, or expired credential".into(),
                        kind: ErrorKind::Unauthenticated,
                        action: ErrorAction::Reauthenticate,
                    },
                ),
                (
                    "forbidden".into(),
                    ErrorEntry {
                        status: 403,
                        code: None,
                        message: None,
                        description: "Valid credential but insufficient scope or permissions"
                            .into(),
                        kind: ErrorKind::Forbidden,
                        action: ErrorAction::GiveUp,
                    },
                ),
                (
                    "locked".into(),
                    ErrorEntry {
                        status: 423,
                        code: None,
                        message: None,
                        description: "Account locked after too many failed login attempts"
                            .into(),
                        kind: ErrorKind::Locked,
                        action: ErrorAction::GiveUp,
                    },
                ),
            ]),
        },
        rate_limit: None,
        retry: None,
        undocumented: vec![
            Topic::ErrorBody, Topic::RateLimit, Topic::RetryPolicy,
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
/**Long-lived API key, recommended for integrations; restricted to a set of scopes.

How to obtain it: Log in at pixeepim.com, navigate to Settings → API Keys, click Create API Key, enter a descriptive name and select the required scopes. Copy the key immediately; it won't be shown again.

The provider shows it only once: store it when you receive it.*/
#[derive(Clone, PartialEq, Eq)]
pub struct ApiKey(::auth_core::Secret);
impl ApiKey {
    /// The environment variable it is read from by default.
    pub const ENV: &'static str = "PIXEE_API_KEY";
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
///A user's email and password, exchanged at the login endpoint for a JWT.
#[derive(Clone, PartialEq, Eq)]
pub struct Login {
    email: ::auth_core::Secret,
    password: ::auth_core::Secret,
}
impl Login {
    /// Build it from its parts, checking each part's format.
    pub fn new(
        email: impl Into<String>,
        password: impl Into<String>,
    ) -> ::core::result::Result<Self, ::auth_core::format::FormatError> {
        let email = ::auth_core::Secret::new(email);
        let password = ::auth_core::Secret::new(password);
        ::auth_core::format::check_credential(
            spec(),
            "login",
            Some("email"),
            email.expose(),
        )?;
        ::auth_core::format::check_credential(
            spec(),
            "login",
            Some("password"),
            password.expose(),
        )?;
        Ok(Self { email, password })
    }
    /// Read every part from its environment variable, checking formats.
    pub fn from_env() -> ::core::result::Result<Self, ::auth_core::EnvError> {
        let email = ::auth_core::env_secret("PIXEE_EMAIL")?;
        let password = ::auth_core::env_secret("PIXEE_PASSWORD")?;
        let all = [
            ("email", "PIXEE_EMAIL", &email),
            ("password", "PIXEE_PASSWORD", &password),
        ];
        for (part, var, value) in all {
            ::auth_core::format::check_credential(
                    spec(),
                    "login",
                    Some(part),
                    value.expose(),
                )
                .map_err(|source| ::auth_core::EnvError::Invalid {
                    var: var.to_owned(),
                    source: ::std::boxed::Box::new(source),
                })?;
        }
        Ok(Self { email, password })
    }
    ///The user's email address.
    pub fn expose_email(&self) -> &str {
        self.email.expose()
    }
    ///The user's password.
    pub fn expose_password(&self) -> &str {
        self.password.expose()
    }
    fn store(self, creds: &mut ::auth_core::Credentials) {
        creds.set_part("login", "email", self.email);
        creds.set_part("login", "password", self.password);
    }
}
impl ::core::fmt::Debug for Login {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(concat!("Login", "(***)"))
    }
}
/// What can go wrong calling the provider: its documented errors, one variant per
/// meaning, and the engine's own refusals and transport failures.
#[derive(Debug, ::thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    ///Missing, invalid, or expired credential (401).
    #[error("{0}")]
    Unauthorized(::std::boxed::Box<::auth_core::ProviderError>),
    ///Valid credential but insufficient scope or permissions (403).
    #[error("{0}")]
    Forbidden(::std::boxed::Box<::auth_core::ProviderError>),
    ///Account locked after too many failed login attempts (423).
    #[error("{0}")]
    Locked(::std::boxed::Box<::auth_core::ProviderError>),
    ///An error response Pixee PIM's catalogue does not list.
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
            | Error::Locked(e)
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
                    Some("locked") => Error::Locked(error),
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
    ///Authenticate with this [`Login`].
    pub fn login(mut self, credential: Login) -> Self {
        credential.store(&mut self.creds);
        self
    }
    ///If your account manages multiple tenants, scope a request to a specific tenant. Without this header, the request operates on your default account context.
    pub fn tenant_id(mut self, value: impl Into<String>) -> Self {
        self.creds = self.creds.with_param("tenant_id", value);
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
        match Login::from_env() {
            Ok(c) => c.store(&mut self.creds),
            Err(::auth_core::EnvError::Missing { .. }) => {}
            Err(e) => return Err(e),
        }
        if let Ok(v) = ::std::env::var("PIXEE_TENANT_ID") {
            self.creds = self.creds.with_param("tenant_id", v);
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
///A client for Pixee PIM: applies its authentication to any request, and offers the operations its documentation names.
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
    ///Use this [`Login`] for every request from now on. To rotate under traffic without losing a request, call the rotation inside [`::auth_core::Client::rotate`] (see [`Client::inner`]), which holds back refused requests until the new value is in place.
    pub fn replace_login(&self, credential: Login) {
        self.inner.update_credentials(move |creds| credential.clone().store(creds));
    }
    /// The run-time client underneath, for everything not wrapped here.
    pub fn inner(&self) -> &::auth_core::Client {
        &self.inner
    }
    /**List products (the documentation's example authenticated request).

Needs scope(s): `products:read`.

`GET /products`*/
    pub async fn list_products(
        &self,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("list_products", &[]);
        let resp = rb.send().await?;
        Ok(resp)
    }
    /**Obtain a JWT for a user session from an email and password.

`POST /auth/login`

The `jwt` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn login(
        &self,
    ) -> ::core::result::Result<::std::sync::Arc<::auth_core::tokens::Token>, Error> {
        let fields = ::auth_core::__private::serde_json::Map::new();
        Ok(self.inner.run_exchange("login", None, fields).await?)
    }
    /**Refresh an expiring token. The refresh token is sent automatically via the refresh_token HttpOnly cookie set at login; no Authorization header is needed.

`POST /auth/refresh`

The `jwt` token it returns is cached and used by later requests until shortly before it expires.*/
    pub async fn refresh(
        &self,
    ) -> ::core::result::Result<::std::sync::Arc<::auth_core::tokens::Token>, Error> {
        let fields = ::auth_core::__private::serde_json::Map::new();
        Ok(self.inner.run_exchange("refresh", None, fields).await?)
    }
    /**Rotate an API key. The old key is invalidated immediately and a new one is returned.

`POST /api-keys/{key_id}/rotate`*/
    pub async fn rotate_key(
        &self,
        key_id: &str,
    ) -> ::core::result::Result<::auth_core::__private::reqwest::Response, Error> {
        #[allow(unused_mut)]
        let mut rb = self.inner.operation("rotate_key", &[("key_id", key_id)]);
        let resp = rb.send().await?;
        Ok(resp)
    }
}
///Request and response bodies of Pixee PIM's operations, as its documentation shows them.
pub mod types {
    #[allow(unused_imports)]
    use super::*;
    ///The body of a `login` response.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct LoginResponse {
        ///The JWT.
        #[serde(rename = "access_token")]
        pub access_token: ::auth_core::Secret,
        ///Always `bearer`.
        #[serde(rename = "token_type")]
        pub token_type: String,
    }
    ///The body of a `refresh` response.
    #[derive(Debug, Clone, ::auth_core::__private::serde::Deserialize)]
    #[non_exhaustive]
    #[serde(crate = "::auth_core::__private::serde")]
    pub struct RefreshResponse {
        ///The new JWT.
        #[serde(rename = "access_token")]
        pub access_token: ::auth_core::Secret,
        ///Always `bearer`.
        #[serde(rename = "token_type")]
        #[serde(default)]
        pub token_type: Option<String>,
    }
}
///Checks incoming requests the way Pixee PIM does, and answers refusals in its own error format.
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
