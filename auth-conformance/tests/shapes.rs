//! The request shapes of spec language v2 (issue 11), each pinned by vectors in the
//! fixtures beside this file: every vector passes against the engine and the sandbox, and
//! taking a shape away from a fixture makes its vector fail with the difference expected.

use std::path::Path;
use std::sync::Arc;

use auth_conformance::{Check, Mismatch, VectorReport};

const FIXTURES: [&str; 4] = ["templates", "hosts", "environments", "access"];

fn text(fixture: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/{fixture}.yaml"));
    std::fs::read_to_string(path).expect("fixture")
}

async fn run(fixture: &str, text: &str) -> Vec<VectorReport> {
    let spec =
        auth_spec::load_str(&format!("{fixture}.yaml"), text).unwrap_or_else(|d| panic!("{d}"));
    auth_conformance::run(Arc::new(spec)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_shape_has_a_passing_vector() {
    let mut shapes = Vec::new();
    for fixture in FIXTURES {
        for r in run(fixture, &text(fixture)).await {
            assert!(r.passed(), "{fixture}: {r}");
            // Both faces ran.
            let checks: Vec<Check> = r.checks.iter().map(|(c, _)| *c).collect();
            assert_eq!(checks, [Check::Engine, Check::Sandbox], "{fixture}: {r}");
            if let Some((shape, _)) = r.description.split_once(':') {
                shapes.push(shape.to_owned());
            }
        }
    }
    for shape in [
        "defaults",
        "template",
        "basic",
        "host",
        "environment",
        "format",
        "and",
        "anonymous",
        "scopes",
    ] {
        assert!(shapes.iter().any(|s| s == shape), "no vector for `{shape}`");
    }
}

/// One shape taken away from a fixture, and the mismatch its vector must then report.
struct Ablation {
    fixture: &'static str,
    what: &'static str,
    from: &'static str,
    to: &'static str,
    vector: usize,
    check: Check,
    expect: fn(&Mismatch) -> bool,
}

fn header(name: &'static str) -> impl Fn(&Mismatch) -> bool {
    move |m| matches!(m, Mismatch::Header { name: n, .. } if n == name)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn taking_a_shape_away_fails_its_vector() {
    let ablations = [
        Ablation {
            fixture: "templates",
            what: "a parameter default",
            from: "    default: \"2024-01-01\"\n",
            to: "",
            vector: 0,
            check: Check::Engine,
            expect: |m| header("Api-Version")(m),
        },
        Ablation {
            fixture: "templates",
            what: "a query default",
            from: "    default: json\n",
            to: "",
            vector: 0,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Query { .. }),
        },
        Ablation {
            fixture: "templates",
            what: "the custom scheme of a value template",
            from: "value: \"Custom-Key {key}\"",
            to: "value: \"{key}\"",
            vector: 2,
            check: Check::Engine,
            expect: |m| header("Authorization")(m),
        },
        Ablation {
            fixture: "templates",
            what: "base64 in a value template",
            from: "value: \"ApiKey {base64({id}:{api_key})}\"",
            to: "value: \"ApiKey {id}:{api_key}\"",
            vector: 4,
            check: Check::Engine,
            expect: |m| header("X-Encoded-Auth")(m),
        },
        Ablation {
            fixture: "templates",
            what: "Freshdesk's fixed Basic password",
            from: "{ in: basic, username: key, password_value: X }",
            to: "{ in: basic, username: key, password_value: \"\" }",
            vector: 6,
            check: Check::Engine,
            expect: |m| header("Authorization")(m),
        },
        Ablation {
            fixture: "templates",
            what: "a templated Basic user name",
            from: "username_value: \"{email}/token\"",
            to: "username_value: \"{email}\"",
            vector: 9,
            check: Check::Engine,
            expect: |m| header("Authorization")(m),
        },
        Ablation {
            fixture: "hosts",
            what: "the tenant in the base URL's host",
            from: "url: https://{tenant}.hosts.test/orgs/{org}",
            to: "url: https://{tenant}-api.hosts.test/orgs/{org}",
            vector: 0,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Origin { .. }),
        },
        Ablation {
            fixture: "hosts",
            what: "the organisation in the base URL's path",
            from: "url: https://{tenant}.hosts.test/orgs/{org}",
            to: "url: https://{tenant}.hosts.test/organisations/{org}",
            vector: 1,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Path { .. }),
        },
        Ablation {
            fixture: "hosts",
            what: "the tenant in an operation's own URL",
            from: "url: https://login.hosts.test/{tenant}/oauth/token",
            to: "url: https://login.hosts.test/common/oauth/token",
            vector: 2,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Path { .. }),
        },
        Ablation {
            fixture: "environments",
            what: "the environment a prefix names",
            from: "{ prefix: ek_sbx_, environment: sandbox }",
            to: "{ prefix: ek_sbx_ }",
            vector: 1,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Origin { .. }),
        },
        Ablation {
            fixture: "environments",
            what: "an optional prefix",
            from: "      optional_prefix: true\n",
            to: "",
            vector: 3,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Refused { .. }),
        },
        Ablation {
            fixture: "environments",
            what: "a legacy prefix",
            from: "        - { prefix: old_, legacy: true }\n",
            to: "",
            vector: 4,
            check: Check::Engine,
            // Without its prefix, `old_` is not in the hex character set.
            expect: |m| matches!(m, Mismatch::Refused { .. }),
        },
        Ablation {
            fixture: "access",
            what: "credentials sent together (AND)",
            from: "default_auth: [[app_id, app_key], token]",
            to: "default_auth: [app_id, app_key, token]",
            vector: 0,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Query { .. }),
        },
        Ablation {
            fixture: "access",
            what: "anonymous access",
            from: "auth: [token, anonymous]",
            to: "auth: [token]",
            vector: 2,
            check: Check::Engine,
            expect: |m| matches!(m, Mismatch::Refused { .. }),
        },
    ];
    for a in &ablations {
        let original = text(a.fixture);
        assert!(
            original.contains(a.from),
            "{}: `{}` not found",
            a.fixture,
            a.from
        );
        let reports = run(a.fixture, &original.replacen(a.from, a.to, 1)).await;
        let r = &reports[a.vector];
        let found: Vec<&Mismatch> = r.mismatches(a.check).collect();
        assert!(
            found.iter().any(|m| (a.expect)(m)),
            "{} taken away from {}: expected its vector to fail, got {r}",
            a.what,
            a.fixture
        );
    }
}
