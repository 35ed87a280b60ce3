//! Shared state in a real Redis (feature `redis`): keys by digest for a verifier, counters
//! that several connections share atomically, and client tokens with one exchange across
//! *processes* (three replicas, each with 1,000 concurrent requests on an expired token),
//! including a replica killed while it holds the lock.

mod redis_support;

use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use auth_core::client::tokens::{Token, TokenCache, TokenKey, TokenStore};
use auth_core::redis::RedisBackend;
use auth_core::server::limits::{LimitStore, LockoutPolicy};
use auth_core::server::{KeyAdmin, KeyDigest, KeyRecord, Verifier};
use auth_core::{Client, Credentials};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post};

fn spec(name: &str) -> Arc<auth_spec::Spec> {
    let path = format!(
        "{}/../providers/{name}/{name}.yaml",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("spec file");
    Arc::new(auth_spec::load_str(&path, &text).expect("spec loads"))
}

fn get_req(path: &str, key: &str) -> http::Request<Vec<u8>> {
    http::Request::builder()
        .uri(path)
        .header("X-API-Key", key)
        .body(Vec::new())
        .unwrap()
}

#[tokio::test]
async fn a_verifier_on_redis_finds_keys_by_digest_rotates_and_forgets_expired_tokens() {
    let url = redis_support::url();
    let ns = redis_support::namespace("keys");
    let redis = RedisBackend::connect(&url, &ns).await.unwrap();
    let store = Arc::new(redis.key_store());
    let secret = "pm_live_redis_secret_value_0001";
    let mut record = KeyRecord::new("k1", "api_key");
    record.scopes = Some(vec!["products:write".into()]);
    store
        .add(record, KeyDigest::of("api_key", [("key", secret)]))
        .await
        .unwrap();
    let v = Verifier::new(spec("pixee"), store.clone());
    // Scopes are enforced from the stored record: listing products needs `products:read`.
    let r = v
        .verify_request(&get_req("/api/v1/products", secret))
        .await
        .unwrap_err();
    assert_eq!(r.status(), 403);
    let mut record = store.record("k1").await.unwrap().unwrap();
    record.scopes = Some(vec!["products:read".into()]);
    assert!(store.put(record).await.unwrap());
    let ok = v
        .verify_request(&get_req("/api/v1/products", secret))
        .await
        .unwrap();
    assert_eq!(ok.principal.unwrap().key_id(), "k1");
    // Another replica (its own connection) sees the same key.
    let other = Verifier::new(
        spec("pixee"),
        Arc::new(RedisBackend::connect(&url, &ns).await.unwrap().key_store()),
    );
    assert!(
        other
            .verify_request(&get_req("/api/v1/products", secret))
            .await
            .is_ok()
    );

    // Rotation: the old value stops matching at once, for every replica.
    let new = "pm_live_redis_rotated_value_0002";
    store
        .rekey("k1", KeyDigest::of("api_key", [("key", new)]))
        .await
        .unwrap()
        .expect("k1 exists");
    let r = other
        .verify_request(&get_req("/api/v1/products", secret))
        .await
        .unwrap_err();
    assert_eq!(r.status(), 401);
    assert!(
        other
            .verify_request(&get_req("/api/v1/products", new))
            .await
            .is_ok()
    );

    // An expired token is gone from Redis (its entries expire with it).
    let mut token = KeyRecord::new("t1", "jwt");
    token.expires_at = Some(SystemTime::now() - Duration::from_secs(1));
    store
        .add(token, KeyDigest::of("jwt", [("key", "expired-token")]))
        .await
        .unwrap();
    assert_eq!(store.record("t1").await.unwrap(), None);
    let ids: Vec<String> = store
        .records()
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(ids, ["k1"]);

    // What Redis holds names digests and records, never a key.
    let addr = url.trim_start_matches("redis://").trim_end_matches('/');
    let keys = redis_support::command(addr, &["KEYS", &format!("{ns}:*")]);
    assert!(keys.contains(":d:") && keys.contains(":id:k1"), "{keys}");
    let dump = redis_support::command(
        addr,
        &[
            "GET",
            &format!(
                "{ns}:d:{}",
                KeyDigest::of("api_key", [("key", new)]).to_hex()
            ),
        ],
    );
    assert!(dump.contains("\"k1\""), "{dump}");
    for secret in [secret, new] {
        assert!(
            !keys.contains(secret) && !dump.contains(secret),
            "{keys} {dump}"
        );
    }

    // Revoking works once, across replicas.
    assert!(store.revoke("k1").await.unwrap().is_some());
    assert!(store.revoke("k1").await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_in_redis_are_shared_and_atomic() {
    let url = redis_support::url();
    let ns = redis_support::namespace("limits");
    let a = Arc::new(RedisBackend::connect(&url, &ns).await.unwrap().limits());
    let b = Arc::new(RedisBackend::connect(&url, &ns).await.unwrap().limits());
    let now = SystemTime::now();
    let mut tasks = Vec::new();
    for i in 0..200 {
        let l = if i % 2 == 0 { a.clone() } else { b.clone() };
        tasks.push(tokio::spawn(async move {
            l.hit("key k1", Duration::from_secs(60), now).await.unwrap()
        }));
    }
    let mut counts = BTreeSet::new();
    for t in tasks {
        let w = t.await.unwrap();
        assert!(w.reset > now && w.reset <= now + Duration::from_secs(61));
        counts.insert(w.count);
    }
    // Every hit counted once, none lost: 1..=200, each seen by exactly one caller.
    assert_eq!(counts, (1..=200).collect::<BTreeSet<u64>>());

    let policy = LockoutPolicy {
        after_failures: 3,
        base: Duration::from_secs(60),
        max: Duration::from_secs(600),
    };
    for _ in 0..2 {
        assert_eq!(
            a.fail("1.2.3.4 you@x", policy, now)
                .await
                .unwrap()
                .locked_until,
            None
        );
    }
    let s = b.fail("1.2.3.4 you@x", policy, now).await.unwrap();
    assert_eq!(s.failures, 3);
    let until = s.locked_until.expect("locked after 3");
    assert!(until > now + Duration::from_secs(59));
    assert!(
        a.locked_until("1.2.3.4 you@x", now)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        a.locked_until("5.6.7.8 you@x", now)
            .await
            .unwrap()
            .is_none()
    );
    b.clear("1.2.3.4 you@x").await.unwrap();
    assert!(
        a.locked_until("1.2.3.4 you@x", now)
            .await
            .unwrap()
            .is_none()
    );
}

// ------------------------------------------------------------------ token replicas

/// The environment variable that turns this test binary into a replica (see `replica`).
const REPLICA: &str = "AUTHSPEC_TEST_REPLICA";

/// Not a test on its own: the body of one replica process that the tests below spawn
/// (this binary, run with `replica --exact` and the configuration in `REPLICA`). Without
/// the variable it returns at once.
#[test]
fn replica() {
    let Ok(config) = std::env::var(REPLICA) else {
        return;
    };
    let mut it = config.split(' ');
    let (url, ns, base, ttl_ms) = (
        it.next().unwrap().to_owned(),
        it.next().unwrap().to_owned(),
        it.next().unwrap().to_owned(),
        it.next().unwrap().parse::<u64>().unwrap(),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let redis = RedisBackend::connect(&url, &ns).await.unwrap();
        let store = Arc::new(
            redis
                .token_store()
                .with_lock_ttl(Duration::from_millis(ttl_ms)),
        );
        let client = Client::builder(spec("pixee"))
            .base_url(base)
            .credentials(
                Credentials::new()
                    .with_part("login", "email", "you@example.com")
                    .with_part("login", "password", "sandbox-password"),
            )
            .token_cache(Arc::new(TokenCache::new(store)))
            .build()
            .unwrap();
        println!("ready {}", std::process::id());
        let start = Arc::new(tokio::sync::Barrier::new(1_000));
        let mut tasks = Vec::new();
        for _ in 0..1_000 {
            let (client, start) = (client.clone(), start.clone());
            tasks.push(tokio::spawn(async move {
                start.wait().await;
                let res = client
                    .request(http::Method::GET, "/products")
                    .send()
                    .await
                    .map_err(|e| e.to_string())?;
                Ok::<_, String>(res.status().as_u16())
            }));
        }
        let mut ok = 0;
        for t in tasks {
            match t.await.unwrap() {
                Ok(200) => ok += 1,
                other => println!("failed {other:?}"),
            }
        }
        println!("ok {ok}");
    });
}

/// A provider's login and one API call, counting logins; the first login never answers
/// when `hang_first` (its caller is killed while it waits).
#[derive(Clone)]
struct Provider {
    logins: Arc<AtomicUsize>,
    hang_first: bool,
}

async fn login(State(p): State<Provider>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let n = p.logins.fetch_add(1, Ordering::SeqCst) + 1;
    if n == 1 && p.hang_first {
        std::future::pending::<()>().await;
    }
    // Slow enough that every replica's requests arrive while it is in flight.
    tokio::time::sleep(Duration::from_millis(300)).await;
    (
        [("content-type", "application/json")],
        format!(r#"{{"access_token":"tok-{n}","token_type":"bearer"}}"#),
    )
        .into_response()
}

async fn products(headers: HeaderMap) -> StatusCode {
    let ok = headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer tok-"));
    if ok {
        StatusCode::OK
    } else {
        StatusCode::UNAUTHORIZED
    }
}

async fn provider(hang_first: bool) -> (String, Arc<AtomicUsize>) {
    let p = Provider {
        logins: Arc::new(AtomicUsize::new(0)),
        hang_first,
    };
    let app = axum::Router::new()
        .route("/api/v1/auth/login", post(login))
        .route("/api/v1/products", get(products))
        .with_state(p.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}/api/v1", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.ok() });
    (base, p.logins)
}

/// Put an expired token (within the margin) where every replica will find it.
async fn seed_expired(url: &str, ns: &str) {
    let store = RedisBackend::connect(url, ns).await.unwrap().token_store();
    store
        .save(
            &TokenKey::new("pixee", "jwt", None),
            Arc::new(Token::new("tok-expired", Some(Duration::from_secs(5)))),
        )
        .await;
    assert!(
        store
            .load(&TokenKey::new("pixee", "jwt", None))
            .await
            .is_some()
    );
}

fn spawn_replica(url: &str, ns: &str, base: &str, ttl_ms: u64) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["replica", "--exact", "--nocapture", "--test-threads=1"])
        .env(REPLICA, format!("{url} {ns} {base} {ttl_ms}"))
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap()
}

/// The `ok N` a replica printed at the end (`None` if it died first).
fn outcome(child: Child) -> Option<usize> {
    let out = child.wait_with_output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("ok ").map(|n| n.parse().unwrap()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_replicas_with_a_thousand_requests_each_cause_one_exchange() {
    let url = redis_support::url();
    let ns = redis_support::namespace("replicas");
    let (base, logins) = provider(false).await;
    seed_expired(&url, &ns).await;
    let children: Vec<Child> = (0..3)
        .map(|_| spawn_replica(&url, &ns, &base, 10_000))
        .collect();
    let results =
        tokio::task::spawn_blocking(move || children.into_iter().map(outcome).collect::<Vec<_>>())
            .await
            .unwrap();
    assert_eq!(
        results,
        [Some(1_000); 3],
        "every request of every replica succeeded"
    );
    assert_eq!(
        logins.load(Ordering::SeqCst),
        1,
        "one exchange across three processes"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_killed_holding_the_lock_is_replaced_after_the_ttl() {
    let url = redis_support::url();
    let ns = redis_support::namespace("dead-holder");
    let (base, logins) = provider(true).await;
    seed_expired(&url, &ns).await;
    let ttl_ms = 1_000;
    let mut children: Vec<Child> = (0..3)
        .map(|_| spawn_replica(&url, &ns, &base, ttl_ms))
        .collect();

    // Wait for the first exchange to reach the provider (which never answers it).
    let deadline = Instant::now() + Duration::from_secs(60);
    while logins.load(Ordering::SeqCst) == 0 {
        assert!(Instant::now() < deadline, "no exchange started");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    // The lock's owner mark begins with the holder's process id.
    let addr = url.trim_start_matches("redis://").trim_end_matches('/');
    let keys = redis_support::command(addr, &["KEYS", &format!("{ns}:lock:*")]);
    let lock = keys
        .lines()
        .find(|l| l.starts_with(&format!("{ns}:lock:")))
        .unwrap_or_else(|| panic!("no lock held: {keys}"))
        .to_owned();
    let owner = redis_support::command(addr, &["GET", &lock]);
    let pid: u32 = owner
        .lines()
        .nth(1)
        .and_then(|v| v.split('-').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("owner mark: {owner}"));
    let at = children
        .iter()
        .position(|c| c.id() == pid)
        .unwrap_or_else(|| panic!("the holder {pid} is not one of the replicas"));
    let mut holder = children.remove(at);
    let killed = Instant::now();
    holder.kill().unwrap();
    holder.wait().unwrap();

    let results =
        tokio::task::spawn_blocking(move || children.into_iter().map(outcome).collect::<Vec<_>>())
            .await
            .unwrap();
    assert_eq!(
        results,
        [Some(1_000); 2],
        "the two survivors served every request"
    );
    assert_eq!(
        logins.load(Ordering::SeqCst),
        2,
        "exactly one more exchange after the holder died"
    );
    // Not before the lock lapsed (it was taken before the kill).
    assert!(killed.elapsed() < Duration::from_secs(30));
}
