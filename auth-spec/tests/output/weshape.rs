const _: &[u8] = include_bytes!(
    concat!(env!("CARGO_MANIFEST_DIR"), "/", "weshape.yaml")
);
/// The provider's name in its spec.
pub const NAME: &str = "weshape";
/// The provider spec this crate was generated from, built without parsing anything.
pub fn spec() -> &'static ::auth_core::spec::Spec {
    static SPEC: ::std::sync::LazyLock<::auth_core::spec::Spec> = ::std::sync::LazyLock::new(||
    {
        #[allow(unused_imports)]
        use ::auth_core::spec::model::*;
        use ::auth_core::__private::IndexMap;
        Spec {
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
                        description: "Read the permissions of a specific API key."
                            .into(),
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
                        description: "Replace the permissions of a specific API key."
                            .into(),
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
                    "API requests are subject to rate limiting to ensure fair usage."
                        .into(),
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
        }
    });
    &SPEC
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
    fn index(self) -> usize {
        match self {}
    }
}
impl ::core::fmt::Display for Scope {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.as_str())
    }
}
impl ::core::str::FromStr for Scope {
    type Err = UnknownScope;
    fn from_str(s: &str) -> ::core::result::Result<Self, UnknownScope> {
        match s {
            _ => Err(UnknownScope(s.to_owned())),
        }
    }
}
/// A string that names no declared scope.
#[derive(Debug, Clone, PartialEq, Eq, ::thiserror::Error)]
#[error("unknown scope `{0}`")]
pub struct UnknownScope(pub String);
/// A set of [`Scope`]s, stored as bits: `Copy`, and checking membership costs nothing.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ScopeSet([u64; 1usize]);
impl ScopeSet {
    /// No scopes.
    pub const fn empty() -> Self {
        Self([0; 1usize])
    }
    /// Every declared scope.
    pub fn all() -> Self {
        Scope::ALL.into_iter().collect()
    }
    /// Add a scope.
    pub fn insert(&mut self, scope: Scope) {
        let i = scope.index();
        self.0[i / 64] |= 1 << (i % 64);
    }
    /// Whether the set holds `scope`.
    pub fn contains(&self, scope: Scope) -> bool {
        let i = scope.index();
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    /// Whether every scope of `other` is in this set.
    pub fn contains_all(&self, other: &ScopeSet) -> bool {
        self.0.iter().zip(other.0.iter()).all(|(a, b)| a & b == *b)
    }
    /// The scopes in declaration order.
    pub fn iter(&self) -> impl Iterator<Item = Scope> + '_ {
        Scope::ALL.into_iter().filter(|s| self.contains(*s))
    }
    /// Parse provider scope strings, e.g. from a key's permission list.
    pub fn parse<'a>(
        names: impl IntoIterator<Item = &'a str>,
    ) -> ::core::result::Result<Self, UnknownScope> {
        let mut set = Self::empty();
        for name in names {
            set.insert(name.parse()?);
        }
        Ok(set)
    }
}
impl ::core::fmt::Debug for ScopeSet {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_set().entries(self.iter().map(Scope::as_str)).finish()
    }
}
impl ::core::iter::FromIterator<Scope> for ScopeSet {
    fn from_iter<I: IntoIterator<Item = Scope>>(iter: I) -> Self {
        let mut set = Self::empty();
        for s in iter {
            set.insert(s);
        }
        set
    }
}
/// A declared scope by its provider name, checked at compile time:
/// an undeclared name is a compile error listing the declared ones.
#[macro_export]
macro_rules! scope {
    ($other:tt) => {
        ::core::compile_error!("unknown scope; WeShape API declares: ")
    };
}
