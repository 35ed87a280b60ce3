//! The in-memory key store keeps digests only and compares them in constant time.

use auth_core::server::{KeyDigest, KeyRecord, MemoryKeyStore, Principal, Verifier};
use std::sync::Arc;

#[test]
fn stores_only_a_sha256_digest() {
    let store = MemoryKeyStore::new();
    let secret = "pm_live_the_secret_value_123";
    store.insert(KeyRecord::new("k1", "api_key"), [("key", secret)]);

    // What is stored is the digest of (credential, part, value), nothing else.
    let stored = store.digest_of("k1").unwrap();
    assert_eq!(stored, KeyDigest::of("api_key", [("key", secret)]));
    assert_eq!(stored.as_bytes().len(), 32);
    // Neither the record nor any printout holds the value.
    let record = store.get("k1").unwrap();
    for text in [
        format!("{record:?}"),
        format!("{store:?}"),
        format!("{stored:?}"),
    ] {
        assert!(!text.contains(secret), "{text}");
        assert!(!text.contains("the_secret"), "{text}");
    }
}

#[test]
fn finds_by_digest_and_nothing_else() {
    let store = MemoryKeyStore::new();
    store.insert(KeyRecord::new("k1", "api_key"), [("key", "aaaa")]);
    store.insert(KeyRecord::new("k2", "api_key"), [("key", "aaab")]);
    let find = |cred: &str, v: &str| store.find(&KeyDigest::of(cred, [("key", v)])).map(|r| r.id);
    assert_eq!(find("api_key", "aaaa").as_deref(), Some("k1"));
    assert_eq!(find("api_key", "aaab").as_deref(), Some("k2"));
    assert_eq!(find("api_key", "aaa"), None);
    assert_eq!(find("api_key", "aaaa "), None);
    // The digest binds the credential kind: an API key's value is not a JWT.
    assert_eq!(find("jwt", "aaaa"), None);
    // Rotation: the old value stops matching at once.
    store.replace_secret("k1", [("key", "new")]);
    assert_eq!(find("api_key", "aaaa"), None);
    assert_eq!(find("api_key", "new").as_deref(), Some("k1"));
}

#[test]
fn constant_time_equality_on_digests() {
    let a = KeyDigest::of("c", [("key", "x")]);
    let b = KeyDigest::of("c", [("key", "x")]);
    let c = KeyDigest::of("c", [("key", "y")]);
    assert!(a.ct_eq(&b));
    assert!(!a.ct_eq(&c));
}

#[tokio::test]
async fn principal_never_holds_a_secret() {
    let spec = {
        let path = format!(
            "{}/../providers/weavz/weavz.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        auth_spec::load_str(&path, &std::fs::read_to_string(&path).unwrap()).unwrap()
    };
    let store = Arc::new(MemoryKeyStore::new());
    store.insert(
        KeyRecord::new("org", "api_key"),
        [("key", "wvz_very_secret")],
    );
    let v = Verifier::new(spec, store);
    let req = http::Request::builder()
        .uri("/api/v1/workspaces")
        .header("authorization", "Bearer wvz_very_secret")
        .body(Vec::<u8>::new())
        .unwrap();
    let verified = v.verify_request(&req).await.unwrap();
    let p: &Principal = verified.principal.as_ref().unwrap();
    assert_eq!(p.key_id(), "org");
    assert!(!format!("{verified:?}").contains("very_secret"));
    // Rejections carry no secret either.
    let req = http::Request::builder()
        .uri("/api/v1/workspaces")
        .header("authorization", "Bearer wvz_wrong_secret")
        .body(Vec::<u8>::new())
        .unwrap();
    let r = v.verify_request(&req).await.unwrap_err();
    assert_eq!(r.status(), 401);
    assert!(!format!("{r:?} {r}").contains("wrong_secret"));
}
