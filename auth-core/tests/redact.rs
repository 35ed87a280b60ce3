//! Redaction: the five specs' prefixes, run-time secrets, streaming, and properties.

use std::borrow::Cow;

use auth_core::Secret;
use auth_core::scan::redact::Redactor;
use auth_core::spec::Spec;
use proptest::prelude::*;

fn specs() -> Vec<Spec> {
    ["weevio", "pixee", "weshape", "weavz", "weavy"]
        .into_iter()
        .map(|name| {
            let path = format!(
                "{}/../providers/{name}/{name}.yaml",
                env!("CARGO_MANIFEST_DIR")
            );
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            auth_spec::load_str(&path, &text).unwrap_or_else(|d| panic!("{d}"))
        })
        .collect()
}

fn redactor() -> Redactor {
    Redactor::new(&specs()).expect("builds")
}

/// The five specs' key prefixes alone, without the places they name: what [`reference`]
/// describes.
fn prefixes_only() -> Redactor {
    Redactor::with_prefixes(PREFIXES.map(String::from)).expect("builds")
}

/// Redact by pushing `chunk`-byte pieces through a [`StreamRedactor`].
fn chunked(r: &Redactor, input: &[u8], chunk: usize) -> Vec<u8> {
    let mut s = r.stream();
    let mut out = Vec::new();
    for c in input.chunks(chunk.max(1)) {
        s.push(c, &mut out);
    }
    s.finish(&mut out);
    out
}

#[test]
fn every_prefix_of_the_five_specs_is_masked() {
    let r = redactor();
    assert_eq!(r.pattern_count(), (8, 0));
    for p in [
        "pm_live_",
        "pm_test_",
        "wsk_live_",
        "wsk_test_",
        "wvz_",
        "mcpo_",
        "mcp_",
        "wyu_",
    ] {
        let line = format!("auth failed for key={p}Ab3_-x9 (retrying)");
        assert_eq!(
            r.redact(&line),
            format!("auth failed for key={p}*** (retrying)")
        );
    }
}

#[test]
fn boundaries_and_key_characters() {
    let r = redactor();
    let cases = [
        (
            "Authorization: Bearer wvz_abc123",
            "Authorization: Bearer wvz_***",
        ),
        ("{\"key\":\"pm_live_abc\"}", "{\"key\":\"pm_live_***\"}"),
        (
            "?apiKey=wsk_test_abc&teamID=7",
            "?apiKey=wsk_test_***&teamID=7",
        ),
        ("token mcp_a.b.c.", "token mcp_***."),
        ("b64 wvz_ab+cd/ef==", "b64 wvz_***=="),
        ("enc wvz_ab%2Bcd end", "enc wvz_*** end"),
        // Inside a word a prefix is not a key.
        ("call some_mcp_handler", "call some_mcp_handler"),
        ("xwvz_abc", "xwvz_abc"),
        ("pm_live_abc,pm_test_def", "pm_live_***,pm_test_***"),
        // A bare prefix hides nothing.
        ("prefix wvz_ alone", "prefix wvz_ alone"),
        ("unicode é wvz_abc é", "unicode é wvz_*** é"),
        ("wyu_tok\nmcpo_tok", "wyu_***\nmcpo_***"),
    ];
    for (input, want) in cases {
        assert_eq!(r.redact(input), want, "{input}");
    }
}

#[test]
fn clean_text_is_borrowed_not_copied() {
    let r = redactor();
    assert!(matches!(
        r.redact("nothing to see, mcp_ is a prefix"),
        Cow::Borrowed(_)
    ));
    assert!(matches!(r.redact(""), Cow::Borrowed(_)));
}

#[test]
fn runtime_secrets_without_prefix() {
    let mut r = redactor();
    let secret = Secret::new("Zx9-weevio-secret");
    r.add_secret(&secret).expect("adds");
    r.add_secret(&Secret::new("")).expect("empty is ignored");
    assert_eq!(r.pattern_count(), (8, 1));
    // Weevio's API ID is a secret part too, and the query names both (issue 15).
    assert_eq!(
        r.redact("GET /v1/items?apiID=42&apiSecret=Zx9-weevio-secret&teamID=7"),
        "GET /v1/items?apiID=***&apiSecret=***&teamID=7"
    );
    // Anywhere, even inside a word, and a secret that is a prefixed key masks it whole.
    assert_eq!(r.redact("aZx9-weevio-secretb"), "a***b");
    r.add_secret(&Secret::new("pm_live_known")).expect("adds");
    assert_eq!(r.redact("k=pm_live_known"), "k=***");
    assert_eq!(r.redact("k=pm_live_knownmore"), "k=***");
    assert!(!format!("{r:?}").contains("Zx9"));
}

#[test]
fn stream_over_reader_and_writer() {
    let mut r = redactor();
    r.add_secret(&Secret::new("hunter2")).expect("adds");
    let mut input = Vec::new();
    for i in 0..20_000 {
        input.extend_from_slice(format!("line {i} key=pm_live_{i:08x} pw=hunter2 ok\n").as_bytes());
    }
    let mut out = Vec::new();
    let n = r.redact_stream(&input[..], &mut out).expect("io");
    assert_eq!(n, out.len() as u64);
    assert_eq!(out, r.redact_bytes(&input).into_owned());
    let text = String::from_utf8(out).expect("utf8");
    assert!(text.starts_with("line 0 key=pm_live_*** pw=*** ok\n"));
    assert!(!text.contains("hunter2") && !text.contains("pm_live_0"));
}

#[test]
fn key_split_across_chunks() {
    let r = redactor();
    let input = b"aaa wsk_live_0123456789.abc. bbb";
    let want = r.redact_bytes(input).into_owned();
    assert_eq!(want, b"aaa wsk_live_***. bbb");
    for chunk in 1..=input.len() {
        assert_eq!(chunked(&r, input, chunk), want, "chunk {chunk}");
    }
}

const PREFIXES: [&str; 8] = [
    "pm_live_",
    "pm_test_",
    "wsk_live_",
    "wsk_test_",
    "wvz_",
    "mcpo_",
    "mcp_",
    "wyu_",
];

/// The documented behaviour of keys and secret values, written the slow and obvious way:
/// mark every byte to hide, then turn each run of marked bytes into `***`. (Places are
/// checked by `redact_places.rs`; the property tests that compare with this use a redactor
/// of the five specs' prefixes alone.)
fn reference(text: &[u8], secrets: &[&str]) -> Vec<u8> {
    let key = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let joiner = |b: u8| matches!(b, b'.' | b'+' | b'/' | b'%' | b'=');
    let mut hide = vec![false; text.len()];
    for i in 0..text.len() {
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            if text[i..].starts_with(s.as_bytes()) {
                hide[i..i + s.len()].iter_mut().for_each(|h| *h = true);
            }
        }
        if i > 0 && key(text[i - 1]) {
            continue;
        }
        let Some(p) = PREFIXES
            .iter()
            .filter(|p| text[i..].starts_with(p.as_bytes()))
            .max_by_key(|p| p.len())
        else {
            continue;
        };
        let mut j = i + p.len();
        loop {
            match text.get(j) {
                Some(&b) if key(b) => j += 1,
                Some(&b) if joiner(b) => {
                    // A run of joiners belongs to the key when a key byte follows it.
                    let mut k = j + 1;
                    while text.get(k).is_some_and(|&n| joiner(n)) {
                        k += 1;
                    }
                    if text.get(k).is_some_and(|&n| key(n)) {
                        j = k + 1;
                    } else {
                        break;
                    }
                }
                _ => break,
            }
        }
        hide[i + p.len()..j].iter_mut().for_each(|h| *h = true);
    }
    let mut out = Vec::new();
    for (i, &b) in text.iter().enumerate() {
        if !hide[i] {
            out.push(b);
        } else if i == 0 || !hide[i - 1] {
            out.extend_from_slice(b"***");
        }
    }
    out
}

/// Text made of pieces likely to interact: prefixes, key bytes, joiners, separators.
fn text_strategy() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("pm_live_".to_owned()),
        Just("mcp_".to_owned()),
        Just("mcpo_".to_owned()),
        Just("wvz_".to_owned()),
        Just("s3cr".to_owned()),
        Just("et".to_owned()),
        Just(".".to_owned()),
        Just("/".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("é".to_owned()),
        "[a-z0-9_=&-]{1,6}",
        any::<char>().prop_map(String::from),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

fn secret_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("s3cret".to_owned()),
        Just("et.s3".to_owned()),
        Just("cp_".to_owned()),
        "[a-z0-9_.]{1,8}",
        "\\PC{1,6}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn no_registered_secret_survives(
        text in text_strategy(),
        secrets in prop::collection::vec(secret_strategy(), 0..4),
    ) {
        let mut r = prefixes_only();
        let secrets: Vec<Secret> = secrets.into_iter().map(Secret::new).collect();
        r.add_secrets(&secrets).expect("adds");
        let out = r.redact(&text);
        for s in &secrets {
            // A secret with a `*` in it can be formed by the mask and the text after it.
            if !s.expose().contains('*') {
                prop_assert!(!out.contains(s.expose()), "{:?} left in {:?}", s.expose(), out);
            }
        }
        let secrets: Vec<&str> = secrets.iter().map(Secret::expose).collect();
        let want = reference(text.as_bytes(), &secrets);
        prop_assert_eq!(out.as_bytes(), want.as_slice());
    }

    #[test]
    fn chunked_stream_equals_one_shot(
        text in text_strategy(),
        secrets in prop::collection::vec(secret_strategy(), 0..3),
        chunk in 1usize..24,
    ) {
        let mut r = redactor();
        let secrets: Vec<Secret> = secrets.into_iter().map(Secret::new).collect();
        r.add_secrets(&secrets).expect("adds");
        let one = r.redact_bytes(text.as_bytes()).into_owned();
        prop_assert_eq!(chunked(&r, text.as_bytes(), chunk), one.clone());
        let mut via_io = Vec::new();
        r.redact_stream(text.as_bytes(), &mut via_io).expect("io");
        prop_assert_eq!(via_io, one);
    }

    #[test]
    fn never_panics_on_any_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..200),
        secret in prop::collection::vec(any::<u8>(), 0..5),
        chunk in 1usize..16,
    ) {
        let secret = String::from_utf8_lossy(&secret).into_owned();
        let mut r = prefixes_only();
        r.add_secret(&Secret::new(secret.clone())).expect("adds");
        let one = r.redact_bytes(&bytes).into_owned();
        prop_assert_eq!(chunked(&r, &bytes, chunk), one.clone());
        prop_assert_eq!(one, reference(&bytes, &[secret.as_str()]));
        let _ = r.redact(&String::from_utf8_lossy(&bytes));
        // The specs' redactor, places included: no panic, pieces give the one-shot output.
        let mut full = redactor();
        full.add_secret(&Secret::new(secret)).expect("adds");
        let one = full.redact_bytes(&bytes).into_owned();
        prop_assert_eq!(chunked(&full, &bytes, chunk), one);
    }
}
