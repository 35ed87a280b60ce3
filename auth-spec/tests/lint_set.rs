//! Checks across specs loaded together.

const PIXEE: &str = include_str!("../../providers/pixee/pixee.yaml");
const BASE: &str = include_str!("fixtures/base.yaml");

fn lint_all(specs: &[(&str, &str)]) -> Vec<String> {
    let sources: Vec<_> = specs
        .iter()
        .map(|(f, t)| auth_spec::Source::new(*f, *t))
        .collect();
    auth_spec::lint_set(&sources)
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn the_five_providers_do_not_clash() {
    let names = ["weevio", "pixee", "weshape", "weavz", "weavy"];
    let texts: Vec<String> = names
        .iter()
        .map(|n| {
            std::fs::read_to_string(format!(
                "{}/../providers/{n}/{n}.yaml",
                env!("CARGO_MANIFEST_DIR")
            ))
            .expect("read")
        })
        .collect();
    let specs: Vec<(&str, &str)> = names
        .iter()
        .zip(&texts)
        .map(|(n, t)| (*n, t.as_str()))
        .collect();
    assert_eq!(lint_all(&specs), Vec::<String>::new());
}

#[test]
fn a_prefix_shadowing_another_providers_prefix_is_reported_on_the_later_spec() {
    let clash = BASE.replace("prefix: ak_live_", "prefix: pm_");
    assert_eq!(
        lint_all(&[("pixee.yaml", PIXEE), ("acme.yaml", &clash)]),
        vec![
            "acme.yaml:13:11: error: credentials.api_key.format.prefixes[0].prefix: key prefix `pm_` clashes with `pm_live_` of provider `pixee` (pixee.yaml): a key could belong to either",
            "acme.yaml:13:11: error: credentials.api_key.format.prefixes[0].prefix: key prefix `pm_` clashes with `pm_test_` of provider `pixee` (pixee.yaml): a key could belong to either",
        ]
    );
}

#[test]
fn duplicate_provider_names_are_reported() {
    let dup = BASE.replace("name: acme", "name: pixee");
    assert_eq!(
        lint_all(&[("pixee.yaml", PIXEE), ("other.yaml", &dup)]),
        vec!["other.yaml:2:1: error: name: provider name `pixee` is also used by pixee.yaml"]
    );
}

#[test]
fn a_longer_prefix_outside_the_shorter_ones_charset_is_no_clash() {
    // `ak` with an alphanumeric body: no key of it starts `ak_live_` (`_` is outside).
    let short = BASE
        .replace("name: acme", "name: akco")
        .replace(
            "        - prefix: ak_live_\n          environment: production\n        - prefix: ak_test_\n          environment: test\n",
            "        - prefix: ak\n      charset: alphanumeric\n",
        );
    assert_eq!(
        lint_all(&[("akco.yaml", &short), ("acme.yaml", BASE)]),
        Vec::<String>::new()
    );
    // Without the charset the same pair clashes.
    let loose = short.replace("      charset: alphanumeric\n", "");
    assert_eq!(
        lint_all(&[("akco.yaml", &loose), ("acme.yaml", BASE)]).len(),
        2
    );
}
