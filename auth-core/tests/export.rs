//! The gitleaks export: every rule compiles (with `regex`, whose syntax here is the RE2
//! subset Go's `regexp` reads), and on generated keys of every provider the rules match
//! exactly what `Identifier::identify` accepts.

mod common;

use auth_core::Identifier;
use auth_core::scan::export::{self, Rule};
use common::*;

fn compiled(rules: &[Rule]) -> Vec<(Rule, regex::Regex)> {
    rules
        .iter()
        .map(|r| {
            // No look-around, back-references or class set operations: RE2 has none.
            for bad in ["(?=", "(?!", "(?<=", "(?<!", "\\1", "&&", "~~", "--]"] {
                assert!(!r.regex.contains(bad), "{}: {bad} in {}", r.id, r.regex);
            }
            let re = regex::Regex::new(&r.regex).unwrap_or_else(|e| panic!("{}: {e}", r.id));
            (r.clone(), re)
        })
        .collect()
}

/// The ids of the rules whose secret group is all of `s`.
fn whole_matches(rules: &[(Rule, regex::Regex)], s: &str) -> Vec<String> {
    rules
        .iter()
        .filter(|(r, re)| {
            re.captures(s)
                .and_then(|c| c.get(r.secret_group as usize))
                .is_some_and(|m| m.as_str() == s)
        })
        .map(|(r, _)| r.id.clone())
        .collect()
}

fn rule_id(provider: &str, credential: &str, part: &str) -> String {
    let mut id = format!("authspec-{provider}-{credential}");
    if part != "key" {
        id.push('-');
        id.push_str(part);
    }
    id.replace('_', "-")
}

#[test]
fn rules_match_exactly_what_identify_accepts() {
    let specs = all_specs();
    let id = Identifier::new(&specs).expect("builds");
    let rules = compiled(&export::rules(&id));
    let formats = prefixed_formats(&specs);
    assert_eq!(
        rules.len(),
        formats.len(),
        "one rule per prefixed secret part"
    );
    let mut rng = fastrand::Rng::with_seed(15);
    let mut checked = 0;
    for (provider, credential, part, f) in &formats {
        let want = rule_id(provider, credential, part);
        assert!(rules.iter().any(|(r, _)| r.id == want), "no rule {want}");
        for p in f.prefixes.iter().map(|p| p.prefix.as_str()) {
            for _ in 0..100 {
                let k = key(f, p, &mut rng);
                let got = id
                    .identify(&k)
                    .unwrap_or_else(|| panic!("{k} not identified"));
                assert_eq!(
                    (got.provider, got.credential),
                    (provider.as_str(), credential.as_str())
                );
                assert_eq!(whole_matches(&rules, &k), vec![want.clone()], "{k}");
                // In running text too, with the rule's keyword.
                let line = format!("export TOKEN={k} # rotated");
                let (r, re) = rules.iter().find(|(r, _)| r.id == want).expect("rule");
                let found = re
                    .captures(&line)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str());
                assert_eq!(found, Some(k.as_str()), "{line}");
                assert!(r.keywords.iter().any(|kw| line.to_lowercase().contains(kw)));
                checked += 1;
            }
            for miss in near_misses(f, p, &mut rng) {
                let identified = id
                    .identify(&miss)
                    .map(|i| rule_id(i.provider, i.credential, i.part));
                let matched = whole_matches(&rules, &miss);
                assert_eq!(
                    matched,
                    identified.into_iter().collect::<Vec<_>>(),
                    "{miss:?}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}
