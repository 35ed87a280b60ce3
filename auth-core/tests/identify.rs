//! Identification and format checks against the five real provider specs.

use auth_core::format::{self, FormatError};
use auth_core::scan::identify::Identifier;
use auth_core::spec::Spec;
use auth_core::spec::model::CredentialKind;
use auth_core::{Authenticator, BuildError, Credentials};

fn spec(name: &str) -> Spec {
    let path = format!(
        "{}/../providers/{name}/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    auth_spec::load_str(&path, &text).unwrap_or_else(|d| panic!("{d}"))
}

/// `format::check_credential` by names: the credential and (for a single-part credential,
/// none given) its part resolved to the ids the spec assigned them.
fn check_credential<'a>(
    spec: &'a Spec,
    credential: &str,
    part: Option<&str>,
    value: &str,
) -> Result<format::CredentialMatch<'a>, FormatError> {
    let id = spec
        .credentials
        .id(credential)
        .expect("a declared credential");
    let cred = &spec.credentials[id];
    let part = match part {
        Some(p) => cred.parts.id(p).expect("a declared part"),
        None => cred.sole_part().expect("a single-part credential"),
    };
    format::check_credential(spec, id, part, value)
}

fn all() -> Vec<Spec> {
    ["weevio", "pixee", "weshape", "weavz", "weavy"]
        .into_iter()
        .map(spec)
        .collect()
}

fn identifier() -> Identifier {
    Identifier::new(&all()).expect("builds")
}

#[test]
fn every_prefix_of_the_five_specs() {
    use CredentialKind::*;
    let id = identifier();
    // (key, provider, credential, kind, audience, environment, prefix)
    let cases = [
        (
            "pm_live_4f3a9c",
            "pixee",
            "api_key",
            ApiKey,
            "api",
            Some("production"),
            "pm_live_",
        ),
        (
            "pm_test_4f3a9c",
            "pixee",
            "api_key",
            ApiKey,
            "api",
            Some("test"),
            "pm_test_",
        ),
        (
            "wsk_live_abc",
            "weshape",
            "api_key",
            ApiKey,
            "api",
            Some("production"),
            "wsk_live_",
        ),
        (
            "wsk_test_abc",
            "weshape",
            "api_key",
            ApiKey,
            "api",
            Some("test"),
            "wsk_test_",
        ),
        (
            "wvz_0123abcd",
            "weavz",
            "api_key",
            ApiKey,
            "api",
            None,
            "wvz_",
        ),
        (
            "mcpo_tok",
            "weavz",
            "mcp_oauth_token",
            AccessToken,
            "mcp_server",
            None,
            "mcpo_",
        ),
        (
            "mcp_tok",
            "weavz",
            "mcp_bearer_token",
            BearerToken,
            "mcp_server",
            None,
            "mcp_",
        ),
        (
            "wyu_tok",
            "weavy",
            "user_token",
            AccessToken,
            "api",
            None,
            "wyu_",
        ),
    ];
    for (key, provider, credential, kind, audience, env, prefix) in cases {
        let got = id
            .identify(key)
            .unwrap_or_else(|| panic!("{key} not identified"));
        assert_eq!(got.provider, provider, "{key}");
        assert_eq!(got.credential, credential, "{key}");
        assert_eq!(got.part, "key", "{key}");
        assert_eq!(got.kind, kind, "{key}");
        assert_eq!(got.audience, audience, "{key}");
        assert_eq!(got.environment, env, "{key}");
        assert_eq!(got.prefix, prefix, "{key}");
        assert!(got.check(key).is_ok(), "{key}");
    }
    assert_eq!(id.prefix_count(), cases.len());
}

#[test]
fn unknown_strings() {
    let id = identifier();
    for key in [
        "",
        "pm_",
        "pm_live",
        "PM_LIVE_abc",
        "sk_live_abc",
        " pm_live_abc",
        "xwvz_abc",
        "mcp",
        "mc",
        "wy",
        "wsk_",
        "\u{1F511}pm_live_",
        "eyJhbGciOi.x.y",
    ] {
        assert!(id.identify(key).is_none(), "{key:?} should be unknown");
        assert!(id.identify_all(key).is_empty(), "{key:?}");
    }
}

#[test]
fn mcp_oauth_and_bearer_are_told_apart() {
    let id = identifier();
    assert_eq!(
        id.identify("mcpo_x").map(|i| i.credential),
        Some("mcp_oauth_token")
    );
    assert_eq!(
        id.identify("mcp_o").map(|i| i.credential),
        Some("mcp_bearer_token")
    );
    // A bare prefix is no key (issue 15); by its prefix alone it looks like a Weavz key,
    // and the format says why it is not one.
    assert_eq!(id.identify("wvz_").map(|i| i.provider), None);
    let looks = id.identify_prefix("wvz_").expect("a known prefix");
    assert_eq!(looks.provider, "weavz");
    assert!(matches!(
        looks.check("wvz_"),
        Err(FormatError::OnlyPrefix { .. })
    ));
}

#[test]
fn longest_prefix_wins_and_identify_all_lists_every_claim() {
    let extra = r#"
spec_version: 1
name: other
title: Other
base_url: { url: "https://api.other.test" }
credentials:
  api_key:
    description: k
    kind: api_key
    format:
      prefixes:
        - prefix: pm_live_x_
          environment: special
    placements: [{ in: header, name: X-Key }]
default_auth: [api_key]
errors:
  body: { format: json, message_field: message }
  catalogue:
    unauthorized: { status: 401, description: d, kind: unauthenticated, action: give_up }
undocumented: [rate_limit, retry_policy]
"#;
    let other = auth_spec::load_str("other.yaml", extra).unwrap_or_else(|d| panic!("{d}"));
    let mut specs = all();
    specs.push(other);
    let id = Identifier::new(&specs).expect("builds");
    let got = id.identify("pm_live_x_123").expect("known");
    assert_eq!((got.provider, got.environment), ("other", Some("special")));
    let all: Vec<_> = id
        .identify_all("pm_live_x_123")
        .into_iter()
        .map(|i| (i.provider, i.prefix))
        .collect();
    assert_eq!(all, [("other", "pm_live_x_"), ("pixee", "pm_live_")]);
    assert_eq!(id.identify("pm_live_y").map(|i| i.provider), Some("pixee"));
}

#[test]
fn identifier_owns_its_data() {
    let id = {
        let specs = all();
        Identifier::new(specs.iter()).expect("builds")
    };
    let h = std::thread::spawn(move || id.identify("wsk_live_1").map(|i| i.provider.to_owned()));
    assert_eq!(h.join().ok().flatten().as_deref(), Some("weshape"));
}

#[test]
fn weavz_mcp_token_is_not_an_api_key() {
    let weavz = spec("weavz");
    for (token, found) in [
        ("mcp_abc123", "mcp_bearer_token"),
        ("mcpo_abc123", "mcp_oauth_token"),
    ] {
        let err = check_credential(&weavz, "api_key", None, token).expect_err("refused");
        match &err {
            FormatError::OtherCredential {
                expected,
                found: f,
                found_audience,
                ..
            } => {
                assert_eq!(&**expected, "api_key");
                assert_eq!(&**f, found);
                assert_eq!(&**found_audience, "mcp_server");
            }
            other => panic!("unexpected {other:?}"),
        }
        let msg = err.to_string();
        assert!(msg.contains("MCP"), "{msg}");
        assert!(
            msg.contains("not a Weavz API `api_key`") || msg.contains("`api_key`"),
            "{msg}"
        );
        assert!(
            !msg.contains("abc123"),
            "the message leaks the value: {msg}"
        );
    }
    let ok = check_credential(&weavz, "api_key", None, "wvz_abc").expect("an API key");
    let cred = &weavz.credentials[ok.credential];
    assert_eq!(
        (
            cred.name.as_str(),
            cred.parts[ok.part].name.as_str(),
            ok.kind
        ),
        ("api_key", "key", CredentialKind::ApiKey)
    );
    // And the other way round: an API key is not an MCP token.
    let err = check_credential(&weavz, "mcp_bearer_token", None, "wvz_abc").expect_err("no");
    assert!(matches!(err, FormatError::OtherCredential { ref found, .. } if &**found == "api_key"));
}

#[test]
fn pixee_keys_need_their_prefix() {
    let pixee = spec("pixee");
    let live = check_credential(&pixee, "api_key", None, "pm_live_abc").expect("ok");
    assert_eq!(live.environment(), Some("production"));
    let test = check_credential(&pixee, "api_key", None, "pm_test_abc").expect("ok");
    assert_eq!(test.environment(), Some("test"));
    let err = check_credential(&pixee, "api_key", None, "sk_live_secret").expect_err("no");
    assert_eq!(
        err,
        FormatError::MissingPrefix {
            expected: vec!["pm_live_".into(), "pm_test_".into()]
        }
    );
    let msg = err.to_string();
    assert!(
        msg.contains("pm_live_, pm_test_") && !msg.contains("secret"),
        "{msg}"
    );
}

#[test]
fn weavy_uid_rule_and_user_token_as_api_key() {
    let weavy = spec("weavy");
    let uid = weavy
        .operations
        .get("issue_user_token")
        .and_then(|op| op.parameter("uid"))
        .expect("issue_user_token has a uid");
    let f = uid.format.as_ref().expect("uid has a format");
    assert!(format::check(f, "u256").is_ok());
    assert_eq!(format::check(f, "256"), Err(FormatError::OnlyDigits));
    assert_eq!(format::check(f, "u 256"), Err(FormatError::Whitespace));
    // The API key has no format, but a `wyu_` value is a user token.
    assert!(check_credential(&weavy, "api_key", None, "some-opaque-key").is_ok());
    let err = check_credential(&weavy, "api_key", None, "wyu_abc").expect_err("token");
    assert!(
        matches!(err, FormatError::OtherCredential { ref found, .. } if &**found == "user_token")
    );
}

#[test]
fn unknown_credential_and_part() {
    let weevio = spec("weevio");
    // An unknown name has no id, so no check can be asked of it; naming it is refused
    // where names are given, when an authenticator is built.
    assert!(weevio.credentials.id("nope").is_none());
    let weevio = std::sync::Arc::new(weevio);
    let build = |creds: Credentials| Authenticator::new(weevio.clone(), &creds).map(|_| ());
    let e = build(Credentials::new().with_key("nope", "x")).expect_err("unknown");
    assert!(matches!(e, BuildError::UnknownCredential { .. }));
    // Two parts: a part must be named.
    let api_credentials = weevio.credentials.id("api_credentials").expect("declared");
    assert!(weevio.credentials[api_credentials].sole_part().is_none());
    let e = build(Credentials::new().with_key("api_credentials", "x")).expect_err("which");
    assert!(e.to_string().contains("api_id, api_secret"), "{e}");
    let api_secret = weevio.credentials[api_credentials]
        .parts
        .id("api_secret")
        .expect("declared");
    let ok = format::check_credential(&weevio, api_credentials, api_secret, "s3cr3t");
    assert_eq!(ok.map(|m| m.part), Ok(api_secret));
    let e = format::check_credential(&weevio, api_credentials, api_secret, "");
    assert_eq!(e, Err(FormatError::Empty));
}
