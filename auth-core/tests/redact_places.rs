//! Redaction on realistic text, driven by every loaded spec: the five seed providers and
//! the catalogue's real ones (loaded from their YAML files).
//!
//! Table rows mark each secret with `⟦…⟧`: the input is the row without the marks, and the
//! expected output is the row with each marked span replaced by `***`. So a row checks
//! both that every secret is masked and that every other byte is kept.

mod common;

use std::sync::OnceLock;

use auth_core::Secret;
use auth_core::scan::redact::Redactor;
use common::*;
use proptest::prelude::*;

fn everything() -> Redactor {
    Redactor::new(&all_specs()).expect("builds")
}

/// `(input, expected)` from a row with `⟦…⟧` marks.
fn split(row: &str) -> (String, String) {
    let mut input = String::new();
    let mut want = String::new();
    let mut rest = row;
    while let Some(a) = rest.find('⟦') {
        input.push_str(&rest[..a]);
        want.push_str(&rest[..a]);
        let after = &rest[a + '⟦'.len_utf8()..];
        let b = after.find('⟧').expect("closed mark");
        input.push_str(&after[..b]);
        want.push_str("***");
        rest = &after[b + '⟧'.len_utf8()..];
    }
    input.push_str(rest);
    want.push_str(rest);
    (input, want)
}

/// Lines a user's logs, dumps and shell history hold, for the five providers and the
/// catalogue.
const TABLE: &[&str] = &[
    // The issue's HTTP dump, line by line (Weevio, Basic and Bearer, WeShape, Pixee).
    "GET /x?apiID=⟦abc⟧&apiSecret=⟦s3cr3t⟧ HTTP/1.1",
    "Authorization: Basic ⟦dXNlcjpwYXNz⟧",
    "Authorization: Bearer ⟦0123456789abcdefghij⟧",
    "X-Api-Key: ⟦randomunprefixedkey123⟧",
    r#"{"password":"⟦hunter2⟧","apiSecret":"⟦zzz⟧"}"#,
    "curl -u ⟦myid⟧:⟦mysecret⟧ https://cloud.weevio.co",
    // HTTP requests and responses.
    "POST /v3/login HTTP/1.1",
    "Host: api.pixee.example",
    "X-API-Key: pm_live_⟦4f3a9c2b1d⟧",
    "x-api-key: wsk_test_⟦9a8b7c6d5e⟧",
    "X-Tenant-ID: t-42",
    "Cookie: theme=dark; refresh_token=⟦eyJhbGciOi.eyJzdWIi.c2ln⟧; lang=en",
    "Set-Cookie: refresh_token=⟦rt9f8e7d6c⟧; Path=/auth; HttpOnly; Secure",
    "authorization: Bearer wvz_⟦5d1c0a9e8f⟧",
    "Authorization: Bearer mcpo_⟦1a2b3c4d⟧",
    "Authorization: Bearer wyu_⟦77aa88bb99⟧",
    "api-key: ⟦2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c⟧",
    "Authorization: Token ⟦37d8a8e5e1c0f6b2a9d4c3b2a1f0e9d8c7b6a5f4⟧",
    "Authorization: ApiKey ⟦VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==⟧",
    "xi-api-key: ⟦sk_4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c⟧",
    "Authorization: Klaviyo-API-Key pk_⟦abc123abc123abc123abc123abc123ab⟧",
    "revision: 2024-10-15",
    "Authorization: Bearer pdl_live_⟦apikey_01gtgztp8f4kek3yd4g1wrksa3_q6TGTJyvoIz7LDtXT65bX7_AQO⟧",
    "Paddle-Version: 1",
    "Api-Key: ⟦pcsk_2a3b4c_5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d⟧",
    "X-Pinecone-Api-Version: 2025-04",
    "x-api-token: ⟦9f8e7d6c5b4a39281706f5e4d3c2b1a0⟧",
    "Authorization: Token r8_⟦AbCdEfGhIjKlMnOpQrStUvWxYz0123456789A⟧",
    "Authorization: Bearer sntrys_⟦eyJpYXQiOjE2ODczMzY1NDMuNjk4NTksInJlZ2lvbl91cmwiOm51bGx9==_NfJqwaSCv8z6E2F+YpjKvRMiTp+W6t7vnmCJvZ+6Vys⟧",
    "Authorization: DSN https://a1b2c3d4e5f6@o42.ingest.sentry.io/7",
    "Authorization: Bearer HRKU-⟦AAm9BqF3r2W1YvB0bWp8xV4JtX2lH6Tq1vC5dNs9e0ZA⟧",
    "Accept: application/vnd.heroku+json; version=3",
    "Authorization: Bearer ⟦EAAAEOuLQObrVwJvCvoio3UH0SGBDHjV2WWaIeR-kPW8n6PhS0VNCbQRsvPDRCIq⟧",
    "Circle-Token: CCIPAT_⟦ULUhR6rJLxYbyzyrP19iMZ_8fb1e3510325f7f09361de22b9420346c53ca2cb⟧",
    "Proxy-Authorization: Basic ⟦cHJveHk6c2VjcmV0⟧",
    // Form bodies and query strings.
    "email=ann%40example.com&password=⟦correct%20horse⟧&remember=1",
    "GET /spaces/abc/entries?access_token=⟦CFPAT-a1b2c3d4e5f6⟧&limit=10 HTTP/1.1",
    "GET /client/profiles/?company_id=AbC123 HTTP/1.1",
    "GET /v1/customers?teamID=7&customerCode=M-1000 HTTP/1.1",
    // curl command lines from the providers' docs.
    "curl -v -u ⟦abcdefghij1234567890⟧:X -H \"Content-Type: application/json\" -X GET 'https://domain.freshdesk.com/api/v2/tickets'",
    "curl https://harvest.greenhouse.io/v1/candidates -u ⟦0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a-1⟧:",
    "curl https://circleci.com/api/v2/me --header \"Circle-Token: CCIPAT_⟦ULUhR6rJLxYbyzyrP19iMZ_8fb⟧\"",
    "curl -X POST https://api.groq.com/openai/v1/chat/completions -H 'Authorization: Bearer ⟦gsk_7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c⟧' -H 'Content-Type: application/json'",
    "curl --request GET --url https://api.replicate.com/v1/account --header 'Authorization: Bearer r8_⟦AbCdEfGhIjKlMnOpQrStUvWxYz0123456789A⟧'",
    "curl --user ⟦api_id_7⟧:⟦Weev-secret-77⟧ https://cloud.weevio.co/v1/customers?teamID=7",
    "curl -H \"api-key: ⟦2f1e0d9c8b7a6f5e⟧\" \"https://acme.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21\"",
    // URLs in logs.
    "fetching https://⟦api_id_7⟧:⟦s3cr3tvalue⟧@cloud.weevio.co/v1/customers?teamID=7",
    "GET https://⟦abcdefghij1234567890⟧:X@acme.freshdesk.com/api/v2/tickets -> 200",
    "cache at redis://:⟦hunter2⟧@cache.internal:6379/0 ready",
    "see https://docs.sentry.io/api/auth/ for tokens",
    // Application logs.
    "2026-03-01T12:00:00Z INFO upstream call key=pm_test_⟦abc123⟧ status=200 latency=12ms",
    "2026-03-01T12:00:01Z WARN retrying with api_key=pk_⟦abc123abc123abc123abc123abc123ab⟧ attempt=2",
    "2026-03-01T12:00:02Z INFO token sntryu_⟦1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b3c1a2b⟧ rotated",
    "2026-03-01T12:00:03Z INFO some_mcp_handler finished, pm_live_ alone is no key, sk_live_not_ours stays",
    "2026-03-01T12:00:04Z DEBUG Bearer mcp_⟦zz.yy⟧ accepted",
    // JSON logs.
    r#"{"ts":"2026-03-01T12:00:00Z","level":"info","msg":"login","email":"ann@example.com","password":"⟦correct horse⟧"}"#,
    r#"{"level":"debug","headers":{"authorization":"Bearer wvz_⟦5d1c0a9e8f⟧","x-tenant-id":"t-42"}}"#,
    r#"{"request":{"query":"apiID=⟦17⟧&apiSecret=⟦Zx9-weevio⟧&teamID=7"}}"#,
    r#"{"msg":"body={\"password\":\"⟦hunter2⟧\"}","status":401}"#,
    r#"{"api_key": "⟦2f1e0d9c8b7a6f5e4d3c2b1a⟧", "deployment": "gpt-4o"}"#,
    r#"{"access_token":"⟦CFPAT-a1b2c3⟧","token_type":"Bearer","expires_in":3600}"#,
    r#"{"password":null,"apiID":17,"user_id":42,"request_id":"req_01h"}"#,
    r#"{'password': '⟦hunter2⟧', 'email': 'ann@example.com'}"#,
    // Signed requests (Kraken): the signature is masked. Kraken's public key would stay,
    // but Azure OpenAI's `api-key` header is the same name in another case.
    "API-Key: ⟦KrakenPublicKeyAbc123⟧",
    "API-Sign: ⟦4/dplxQ+aBcDeF0123456789abcdefGHIJ==⟧",
    // Token responses and keys a response hands out (Box, Deepgram).
    r#"{"access_token":"⟦T9cE5asGnuyYCCqIZFoWjFHvNbvVqHjl⟧","expires_in":3600,"token_type":"bearer","refresh_token":"⟦J7rxTiWOHMoSC1isKZKBZWizoRXjkQzig5C6jFgCVJ9bUnsUfGMinKBDLZWP9BgR⟧"}"#,
    r#"{"api_key_id":"k-1","key":"⟦dg_0123456789abcdef⟧","comment":"ci"}"#,
];

#[test]
fn table_of_realistic_lines() {
    assert!(TABLE.len() >= 40, "{} rows", TABLE.len());
    let r = everything();
    for row in TABLE {
        let (input, want) = split(row);
        assert_eq!(r.redact(&input), want, "row {row}");
        // Every split point of the line, as two reads.
        for k in (0..=input.len()).filter(|&k| input.is_char_boundary(k)) {
            let mut s = r.stream();
            let mut out = Vec::new();
            s.push(&input.as_bytes()[..k], &mut out);
            s.push(&input.as_bytes()[k..], &mut out);
            s.finish(&mut out);
            assert_eq!(
                String::from_utf8_lossy(&out),
                want,
                "row {row} split at {k}"
            );
        }
        // JSON stays JSON.
        if serde_json::from_str::<serde_json::Value>(&input).is_ok() {
            assert!(
                serde_json::from_str::<serde_json::Value>(&want).is_ok(),
                "not JSON any more: {want}"
            );
        }
    }
    // All rows as one dump.
    let (input, want): (Vec<String>, Vec<String>) = TABLE.iter().map(|r| split(r)).unzip();
    assert_eq!(r.redact(&input.join("\r\n")), want.join("\r\n"));
}

#[test]
fn env_secrets_are_masked_anywhere() {
    let mut r = everything();
    r.add_secret(&Secret::new("Wv-9f8e7d6c5b4a39281706"))
        .expect("adds");
    for (row, _) in [
        ("prefixWv-9f8e7d6c5b4a39281706suffix", ()),
        ("a Wv-9f8e7d6c5b4a39281706 b", ()),
    ] {
        let out = r.redact(row);
        assert!(!out.contains("9f8e7d6c5b4a39281706"), "{out}");
    }
}

#[test]
fn a_user_name_is_kept_when_no_spec_makes_it_secret() {
    // Elasticsearch alone: its Basic user name is not secret.
    let es = load(&format!(
        "{}/providers/catalogue/specs/elasticsearch.yaml",
        root()
    ));
    let r = Redactor::new([&es]).expect("builds");
    assert_eq!(
        r.redact("curl -u elastic:changeme https://localhost:9200/"),
        "curl -u elastic:*** https://localhost:9200/"
    );
    // With Weevio loaded (its API ID is a secret user name), both sides are masked.
    let all = everything();
    assert_eq!(
        all.redact("curl -u elastic:changeme https://localhost:9200/"),
        "curl -u ***:*** https://localhost:9200/"
    );
}

/// A spec with a `pat` and a `pat-` prefix, each with its own charset.
const PAT: &str = r#"
spec_version: 1
name: patco
title: PatCo
base_url: { url: "https://api.patco.test" }
credentials:
  short:
    description: k
    kind: api_key
    format:
      prefixes: [{ prefix: pat }]
      charset: alphanumeric
      length: 23
    placements: [{ in: header, name: X-Short }]
  dashed:
    description: k
    kind: api_key
    format:
      prefixes: [{ prefix: pat- }]
      charset: hex_lower
      min_length: 12
    placements: [{ in: header, name: X-Dashed }]
default_auth: [short]
errors:
  body: { format: json, message_field: message }
  catalogue:
    unauthorized: { status: 401, description: d, kind: unauthenticated, action: give_up }
undocumented: [rate_limit, retry_policy]
"#;

#[test]
fn formats_tell_prefixes_apart() {
    let spec = auth_spec::load_str("patco.yaml", PAT).unwrap_or_else(|d| panic!("{d}"));
    let r = Redactor::new([&spec]).expect("builds");
    let cases = [
        // 20 alphanumerics after `pat`: the short key.
        ("k patAbCdEfGhIj0123456789 end", "k pat*** end"),
        // Hex after `pat-`: the dashed key.
        ("k pat-0123456789abcdef end", "k pat-*** end"),
        // `pat-` followed by capitals is neither (`-` is not alphanumeric; not hex).
        ("k pat-NOTHEXATALL end", "k pat-NOTHEXATALL end"),
        // Wrong length for the short one, too short for the dashed one.
        ("k patAbc end", "k patAbc end"),
        ("k pat-abc end", "k pat-abc end"),
        // A prefix alone, and one inside a word.
        ("k pat end", "k pat end"),
        (
            "k spatAbCdEfGhIj0123456789 end",
            "k spatAbCdEfGhIj0123456789 end",
        ),
    ];
    for (input, want) in cases {
        assert_eq!(r.redact(input), want, "{input}");
    }
}

/// An unbounded line (no line end for 16 MiB) read in 64 KiB pieces: plain words, an
/// unterminated quoted password, a key body that never ends. What is held back stays
/// bounded, output keeps up with input, and the result is the one-shot result.
#[test]
fn an_endless_line_is_redacted_in_bounded_memory() {
    let r = everything();
    let words = "GET /v1/items status=200 latency_ms=12 ".repeat(4);
    let cases: [(&str, &[u8], &str); 3] = [
        ("words", words.as_bytes(), ""),
        ("quoted password", b"aB3dE6gH9j", r#"{"password":""#),
        ("key body", b"aB3dE6gH9j", "key=pm_live_"),
    ];
    for (name, unit, head) in cases {
        let mut s = r.stream();
        let mut out = Vec::new();
        let mut fed = 0usize;
        let piece: Vec<u8> = unit.iter().copied().cycle().take(64 * 1024).collect();
        s.push(head.as_bytes(), &mut out);
        let mut most = 0;
        while fed < 16 << 20 {
            s.push(&piece, &mut out);
            fed += piece.len();
            most = most.max(s.held_back());
        }
        assert!(most <= 16 * 1024, "{name}: held back {most} bytes");
        if head.is_empty() {
            // Unmasked text comes out as it is read.
            assert!(
                out.len() + 16 * 1024 >= fed,
                "{name}: {} of {fed} written",
                out.len()
            );
        }
        s.finish(&mut out);
        let mut whole = head.as_bytes().to_vec();
        whole.extend(std::iter::repeat_n(&piece, fed / piece.len()).flatten());
        assert!(
            out == *r.redact_bytes(&whole),
            "{name}: differs from one-shot"
        );
        if !head.is_empty() {
            assert_eq!(out, format!("{head}***").into_bytes(), "{name}");
        }
    }
}

/// A prefixed key format: spec, credential and part names, and the format.
type Prefixed = (String, String, String, auth_core::spec::model::Format);

/// Built once for the property test.
fn shared() -> &'static (Redactor, Vec<Prefixed>) {
    static R: OnceLock<(Redactor, Vec<Prefixed>)> = OnceLock::new();
    R.get_or_init(|| {
        let specs = all_specs();
        (
            Redactor::new(&specs).expect("builds"),
            prefixed_formats(&specs),
        )
    })
}

/// Text around a secret: words, separators, JSON and query pieces, line ends, Unicode.
fn noise() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "[a-z]{1,8}",
        "[A-Za-z0-9_]{1,10}",
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\"".to_owned()),
        Just(": ".to_owned()),
        Just("=".to_owned()),
        Just("&".to_owned()),
        Just("{\"a\":1,".to_owned()),
        Just("}".to_owned()),
        Just("https://example.com/x?y=1".to_owned()),
        Just("Authorization".to_owned()),
        Just("pm_live_".to_owned()),
        Just("é".to_owned()),
        "[ -~]{1,4}",
    ];
    prop::collection::vec(piece, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 384, ..ProptestConfig::default() })]

    /// A secret in any of the forms text carries it (a key by its prefix and format, a value
    /// in a place a spec names, curl's `-u`, a URL's user info, a secret value from the
    /// environment, even inside a word), placed anywhere in random text, with the text
    /// split at any read boundary and read in pieces of any size: it is masked, and the
    /// output is the one-shot output.
    #[test]
    fn a_secret_anywhere_split_anywhere_is_masked(
        before in noise(),
        after in noise(),
        form in 0usize..5,
        seed in any::<u64>(),
        split in any::<prop::sample::Index>(),
        chunk in 1usize..48,
    ) {
        let (base, formats) = shared();
        let mut rng = fastrand::Rng::with_seed(seed);
        let value: String = (0..rng.usize(10..25)).map(|_| rng.alphanumeric()).collect();
        let mut r = base.clone();
        let pick = |rng: &mut fastrand::Rng, xs: &[&'static str]| xs[rng.usize(..xs.len())];
        let (text, hidden) = match form {
            0 => {
                let (_, _, _, f) = &formats[rng.usize(..formats.len())];
                let p = &f.prefixes[rng.usize(..f.prefixes.len())].prefix;
                let k = key(f, p, &mut rng);
                let l = pick(&mut rng, &[" ", "\n", "=", "\"", "(", ": "]);
                let rt = pick(&mut rng, &[" ", "\n", "\"", ",", ";", ")"]);
                (format!("{before}{l}{k}{rt}{after}"), k[p.len()..].to_owned())
            }
            1 => {
                let header = pick(&mut rng, &["X-API-Key", "x-api-key", "Api-Key", "XI-API-KEY", "x-api-token", "Circle-Token", "api-key"]);
                let field = pick(&mut rng, &["apiSecret", "apiID", "password", "access_token", "x_api_key"]);
                let place = match rng.u8(..5) {
                    0 => format!("\n{header}: {value}\r\n"),
                    1 => format!("\nAuthorization: {} {value}\n", pick(&mut rng, &["Bearer", "Basic", "Token", "ApiKey"])),
                    2 => format!(" {field}={value}&"),
                    3 => format!(" {{\"{field}\": \"{value}\"}}"),
                    _ => format!("\nCookie: a=1; refresh_token={value}; b=2\n"),
                };
                (format!("{before}{place}{after}"), value)
            }
            2 => (format!("{before} curl -u id7:{value} https://x.test{after}"), value),
            3 => (format!("{before} https://id7:{value}@x.test/p {after}"), value),
            _ => {
                let secret = format!("{value}-{}", pick(&mut rng, &["é", "/", ".", "x", "\"", " "]));
                r.add_secret(&Secret::new(secret.clone())).expect("adds");
                let mut text = format!("{before}{after}");
                let mut at = rng.usize(..=text.len());
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                text.insert_str(at, &secret);
                (text, secret)
            }
        };
        let bytes = text.as_bytes();
        let one = r.redact_bytes(bytes).into_owned();
        prop_assert!(
            !one.windows(hidden.len()).any(|w| w == hidden.as_bytes()),
            "{:?} left in {:?}", hidden, String::from_utf8_lossy(&one)
        );
        let k = split.index(bytes.len() + 1);
        let mut s = r.stream();
        let mut out = Vec::new();
        for piece in [&bytes[..k], &bytes[k..]] {
            for c in piece.chunks(chunk) {
                s.push(c, &mut out);
            }
        }
        s.finish(&mut out);
        prop_assert_eq!(out, one);
    }
}
