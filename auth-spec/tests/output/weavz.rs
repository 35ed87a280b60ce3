const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavz.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavz";
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
            name: "weavz".into(),
            title: "Weavz API".into(),
            description: Some(
                "All API requests require authentication via an API key passed as a Bearer token in the Authorization header. API keys are scoped to an organization: all resources accessed through the key belong to that organization."
                    .into(),
            ),
            base_url: BaseUrl {
                url: "https://api.weavz.io".into(),
                env: Some("WEAVZ_BASE_URL".into()),
                user_supplied: false,
                description: Some(
                    "For enterprise on-premise deployments, contact sales for your dedicated URL."
                        .into(),
                ),
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
                        description: "Organization API key. Org-wide by default (can read and modify customer-facing API resources across the organization); may instead be workspace-scoped, restricted to specific workspaces, for least-privilege access."
                            .into(),
                        kind: CredentialKind::ApiKey,
                        env: None,
                        format: None,
                        parts: IndexMap::from_iter([
                            (
                                "key".into(),
                                Part {
                                    description: None,
                                    env: Some("WEAVZ_API_KEY".into()),
                                    secret: true,
                                    format: Some(Format {
                                        prefixes: vec![
                                            Prefix { prefix : "wvz_".into(), environment : None,
                                            description : Some("Weavz API key".into()) }
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
                        default_lifetime_seconds: None,
                        subject: None,
                        shown_once: true,
                        how_to_obtain: Some(
                            "Create keys via the dashboard under Settings > API Keys, or programmatically through the API Keys endpoint. The full key value is returned only once; store it securely."
                                .into(),
                        ),
                        variants: IndexMap::new(),
                    },
                ),
                (
                    "mcp_oauth_token".into(),
                    Credential {
                        description: "MCP OAuth token. OAuth is the default for new MCP servers; clients sign in through Weavz and receive a token scoped to the MCP server, workspace, and end user. An MCP credential, not a customer API key."
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
                                            Prefix { prefix : "mcpo_".into(), environment : None,
                                            description : Some("MCP OAuth token".into()) }
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
                        audience: "mcp_server".into(),
                        default_lifetime_seconds: None,
                        subject: None,
                        shown_once: false,
                        how_to_obtain: None,
                        variants: IndexMap::new(),
                    },
                ),
                (
                    "mcp_bearer_token".into(),
                    Credential {
                        description: "MCP bearer token. An MCP credential, not a customer API key."
                            .into(),
                        kind: CredentialKind::BearerToken,
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
                                            Prefix { prefix : "mcp_".into(), environment : None,
                                            description : Some("MCP bearer token (end-user or static)"
                                            .into()) }
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
                        audience: "mcp_server".into(),
                        default_lifetime_seconds: None,
                        subject: None,
                        shown_once: false,
                        how_to_obtain: None,
                        variants: IndexMap::from_iter([
                            (
                                "end_user".into(),
                                "End-user MCP bearer token: API and SDK customers can create them for bearer-enabled MCP servers; each token is scoped to one MCP server, workspace, and end user."
                                    .into(),
                            ),
                            (
                                "static".into(),
                                "Static MCP bearer token: a shared server credential, returned only when an MCP server's authMode is bearer or oauth_and_bearer and the workspace can safely use service-style access."
                                    .into(),
                            ),
                        ]),
                    },
                ),
            ]),
            default_auth: vec!["api_key".into()],
            parameters: IndexMap::new(),
            scopes: IndexMap::new(),
            restrictions: IndexMap::from_iter([
                (
                    "workspace".into(),
                    Restriction {
                        description: "Workspace-scoped keys can only interact with resources (connections, MCP servers, triggers, actions) belonging to their allowed workspaces. Requests that target resources outside the permitted workspaces return a 403 error with code SCOPE_DENIED."
                            .into(),
                        kind: RestrictionKind::Workspace,
                        error: Some("scope_denied".into()),
                    },
                ),
                (
                    "org_wide".into(),
                    Restriction {
                        description: "API key management requires an org-wide key."
                            .into(),
                        kind: RestrictionKind::OrgWide,
                        error: None,
                    },
                ),
            ]),
            operations: IndexMap::from_iter([
                (
                    "list_workspaces".into(),
                    Operation {
                        description: "List workspaces (the documentation's example request)."
                            .into(),
                        role: None,
                        method: HttpMethod::Get,
                        path: "/api/v1/workspaces".into(),
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
                    "create_key".into(),
                    Operation {
                        description: "Create an API key. The response includes a plainKey field with the full key; this is the only time it will be visible."
                            .into(),
                        role: Some(OperationRole::CreateKey),
                        method: HttpMethod::Post,
                        path: "/api/v1/api-keys".into(),
                        auth: None,
                        scopes: vec![],
                        restrictions: vec!["org_wide".into()],
                        parameters: IndexMap::new(),
                        request: Some(Payload {
                            description: None,
                            fields: IndexMap::from_iter([
                                (
                                    "name".into(),
                                    PayloadField {
                                        ty: FieldType::String,
                                        description: Some(
                                            "A descriptive name, e.g. `Production Key`.".into(),
                                        ),
                                        required: true,
                                        secret: false,
                                        from: None,
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
                                        "plainKey".into(),
                                        PayloadField {
                                            ty: FieldType::String,
                                            description: Some(
                                                "The full key; this is the only time it will be visible."
                                                    .into(),
                                            ),
                                            required: true,
                                            secret: true,
                                            from: Some("api_key".into()),
                                            items: IndexMap::new(),
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
            ]),
            errors: Errors {
                body: ErrorBody {
                    format: BodyFormat::Json,
                    message_field: Some("error".into()),
                    code_field: Some("code".into()),
                    details_field: Some("details".into()),
                    description: Some(
                        "All errors follow a consistent format: {\"error\": \"...\", \"code\": \"ERROR_CODE\", \"details\": {}}"
                            .into(),
                    ),
                },
                catalogue: IndexMap::from_iter([
                    (
                        "unauthenticated".into(),
                        ErrorEntry {
                            status: 401,
                            code: Some("UNAUTHENTICATED".into()),
                            message: None,
                            description: "Missing or invalid API key".into(),
                            kind: ErrorKind::Unauthenticated,
                            action: ErrorAction::GiveUp,
                        },
                    ),
                    (
                        "forbidden".into(),
                        ErrorEntry {
                            status: 403,
                            code: Some("FORBIDDEN".into()),
                            message: None,
                            description: "Key lacks permission for this action".into(),
                            kind: ErrorKind::Forbidden,
                            action: ErrorAction::GiveUp,
                        },
                    ),
                    (
                        "scope_denied".into(),
                        ErrorEntry {
                            status: 403,
                            code: Some("SCOPE_DENIED".into()),
                            message: None,
                            description: "Workspace-scoped key cannot access this resource"
                                .into(),
                            kind: ErrorKind::ScopeDenied,
                            action: ErrorAction::GiveUp,
                        },
                    ),
                    (
                        "quota_exceeded".into(),
                        ErrorEntry {
                            status: 403,
                            code: Some("QUOTA_EXCEEDED".into()),
                            message: None,
                            description: "Organization quota limit reached".into(),
                            kind: ErrorKind::QuotaExceeded,
                            action: ErrorAction::GiveUp,
                        },
                    ),
                    (
                        "rate_limit_exceeded".into(),
                        ErrorEntry {
                            status: 429,
                            code: Some("RATE_LIMIT_EXCEEDED".into()),
                            message: Some("Rate limit exceeded".into()),
                            description: "Too many requests".into(),
                            kind: ErrorKind::RateLimited,
                            action: ErrorAction::Retry,
                        },
                    ),
                ]),
            },
            rate_limit: Some(RateLimit {
                status: 429,
                error: Some("rate_limit_exceeded".into()),
                limit_header: Some("X-RateLimit-Limit".into()),
                remaining_header: Some("X-RateLimit-Remaining".into()),
                reset_header: Some("X-RateLimit-Reset".into()),
                reset_format: Some(ResetFormat::UnixSeconds),
                on_every_response: true,
                description: Some(
                    "API requests are rate-limited based on your organization's plan tier. Rate limit information is included in every response."
                        .into(),
                ),
            }),
            retry: None,
            undocumented: vec![Topic::RetryPolicy, Topic::CredentialLifetime],
        }
    });
    &SPEC
}
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
        ::core::compile_error!("unknown scope; Weavz API declares: ")
    };
}
