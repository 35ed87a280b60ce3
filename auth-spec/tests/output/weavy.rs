const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weavy.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weavy";
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
                        "The authentication page does not document error responses."
                            .into(),
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
        }
    });
    &SPEC
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
        ::core::compile_error!("unknown scope; Weavy Web API declares: ")
    };
}
