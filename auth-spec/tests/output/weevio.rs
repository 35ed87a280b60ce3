const _: &[u8] = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", "weevio.yaml"));
/// The provider's name in its spec.
pub const NAME: &str = "weevio";
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
                            ("apiSecret".into(), "api_secret".into())]), preferred :
                            false }), Placement::Body(FieldPlacement { name : None,
                            fields : IndexMap::from_iter([("apiID".into(), "api_id"
                            .into()), ("apiSecret".into(), "api_secret".into())]),
                            preferred : false })
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
                            location : PlacementKind::Body, name : "teamID".into(),
                            preferred : false }
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
        }
    });
    &SPEC
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
        ::core::compile_error!("unknown scope; Weevio Cloud PIMS Open API declares: ")
    };
}
