//! Credentials never follow an https-to-http downgrade, over real TLS on 127.0.0.1: a TLS
//! server answers with a redirect to a plain-HTTP server, which must receive nothing.

mod support;

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};

use auth_core::{Client, Credentials};
use http::Method;
use support::{Recorder, spec};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A TLS server for `localhost` that answers every request with `302 Location: target`
/// and keeps the request heads it received. Returns its address and its certificate.
async fn tls_redirector(target: String) -> (SocketAddr, Vec<u8>, Arc<Mutex<Vec<String>>>) {
    let _ = rustls::crypto::ring::default_provider().install_default();
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("cert");
    let der = cert.cert.der().to_vec();
    let key = rustls::pki_types::PrivatePkcs8KeyDer::from(cert.signing_key.serialize_der());
    let config = rustls::ServerConfig::builder()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key.into())
        .expect("server config");
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = heads.clone();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let seen = seen.clone();
            let target = target.clone();
            tokio::spawn(async move {
                let Ok(mut tls) = acceptor.accept(tcp).await else {
                    return;
                };
                let mut buf = Vec::new();
                let mut chunk = [0u8; 4096];
                while !buf.windows(4).any(|w| w == b"\r\n\r\n") {
                    match tls.read(&mut chunk).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => buf.extend_from_slice(&chunk[..n]),
                    }
                }
                seen.lock()
                    .expect("lock")
                    .push(String::from_utf8_lossy(&buf).into_owned());
                let reply = format!(
                    "HTTP/1.1 302 Found\r\nLocation: {target}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                );
                let _ = tls.write_all(reply.as_bytes()).await;
                let _ = tls.shutdown().await;
            });
        }
    });
    (addr, der, heads)
}

#[tokio::test]
async fn credentials_do_not_follow_a_redirect_from_https_to_http() {
    let plain = Recorder::start().await;
    let (addr, der, heads) =
        tls_redirector(format!("http://localhost:{}/steal", plain.addr.port())).await;
    let client = Client::builder(spec("pixee"))
        .base_url(format!("https://localhost:{}/api/v1", addr.port()))
        .credentials(Credentials::new().with_key("api_key", "pm_live_SECRETKEY"))
        .http(|b| b.add_root_certificate(reqwest::Certificate::from_der(&der).expect("cert")))
        .build()
        .expect("client");
    let resp = client
        .request(Method::GET, "/products")
        .send()
        .await
        .expect("the redirect comes back to the caller");
    assert_eq!(resp.status(), 302);
    // The credential went over TLS to the origin it belongs to...
    let heads = heads.lock().expect("lock").clone();
    assert_eq!(heads.len(), 1, "{heads:?}");
    assert!(
        heads[0]
            .to_ascii_lowercase()
            .contains("x-api-key: pm_live_secretkey"),
        "{}",
        heads[0]
    );
    // ...and nothing at all reached the plain-HTTP server.
    assert!(plain.seen().is_empty(), "downgraded: {:#?}", plain.seen());
}
