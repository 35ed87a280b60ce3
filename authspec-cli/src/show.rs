//! Printing a request as sent, with its secrets masked (`authspec request -v`).

use std::fmt::Write as _;

use auth_core::Applied;

/// `METHOD url`, headers and body of `req`, masking every value that carries a secret:
/// sensitive headers keep only their scheme (`Authorization: Basic ***`), and query or
/// body fields named in `applied.secret_fields()` show `***`.
pub fn describe_request(req: &auth_core::reqwest::Request, applied: &Applied<'_>) -> String {
    let secret_fields: Vec<String> = applied.secret_fields().map(str::to_owned).collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "> {} {}",
        req.method(),
        mask_url(req.url(), &secret_fields)
    );
    for (name, value) in req.headers() {
        let shown = if value.is_sensitive()
            || secret_fields
                .iter()
                .any(|f| f.eq_ignore_ascii_case(name.as_str()))
        {
            let text = value.to_str().unwrap_or("");
            match text.split_once(' ') {
                Some((scheme, _)) if !name.as_str().eq_ignore_ascii_case("cookie") => {
                    format!("{scheme} ***")
                }
                _ => "***".to_owned(),
            }
        } else {
            value.to_str().unwrap_or("<binary>").to_owned()
        };
        let _ = writeln!(out, "> {name}: {shown}");
    }
    if let Some(body) = req.body().and_then(|b| b.as_bytes())
        && !body.is_empty()
    {
        let _ = writeln!(out, ">\n> {}", mask_body(body, &secret_fields));
    }
    out
}

/// The URL with secret query values masked.
fn mask_url(url: &auth_core::reqwest::Url, secret_fields: &[String]) -> String {
    let mut shown = url.clone();
    if url.query().is_some() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(k, v)| {
                let v = if secret_fields.iter().any(|f| *f == k) {
                    "***".to_owned()
                } else {
                    v.into_owned()
                };
                (k.into_owned(), v)
            })
            .collect();
        shown.query_pairs_mut().clear().extend_pairs(pairs);
    }
    let _ = shown.set_password(None);
    shown.to_string()
}

fn mask_body(body: &[u8], secret_fields: &[String]) -> String {
    if let Ok(serde_json::Value::Object(mut map)) = serde_json::from_slice(body) {
        for f in secret_fields {
            if let Some(v) = map.get_mut(f) {
                *v = serde_json::Value::String("***".to_owned());
            }
        }
        return serde_json::Value::Object(map).to_string();
    }
    match std::str::from_utf8(body) {
        Ok(text) if text.contains('=') => form_urlencoded::parse(text.as_bytes())
            .map(|(k, v)| {
                let v = if secret_fields.iter().any(|f| *f == k) {
                    "***".into()
                } else {
                    v
                };
                format!("{k}={v}")
            })
            .collect::<Vec<_>>()
            .join("&"),
        _ => format!("<{} bytes>", body.len()),
    }
}

#[cfg(test)]
mod tests {
    //! Moved from `auth-core/tests/client_security.rs` with the printer: the `-v` output
    //! masks what the engine marks secret (sensitive headers, `Applied::secret_fields`).

    use std::sync::Arc;

    use auth_core::reqwest::{Method, Request, Url};
    use auth_core::spec::model::PlacementKind;
    use auth_core::{Authenticator, Credentials};

    use super::describe_request;

    const SECRET: &str = "YOUR_API_SECRET";

    fn weevio(placement: PlacementKind) -> Authenticator {
        let spec = auth_core::spec::load_str(
            "weevio.yaml",
            include_str!("../../providers/weevio/weevio.yaml"),
        )
        .expect("clean");
        Authenticator::with_placements(
            Arc::new(spec),
            &Credentials::new()
                .with_part("api_credentials", "api_id", "YOUR_API_ID")
                .with_part("api_credentials", "api_secret", SECRET)
                .with_param("team_id", "TEAM-1"),
            &[("api_credentials".to_owned(), placement)],
        )
        .expect("authenticator")
    }

    /// `req` with the credentials applied, as `-v` prints it.
    fn shown(auth: &Authenticator, mut req: Request) -> String {
        let applied = auth.apply(&mut req).expect("applied");
        describe_request(&req, &applied)
    }

    #[test]
    fn secrets_are_masked_in_verbose_output() {
        let url = |path: &str| Url::parse(&format!("http://127.0.0.1:9{path}")).expect("url");
        let basic = weevio(PlacementKind::Basic);
        let shown_basic = shown(&basic, Request::new(Method::GET, url("/c")));
        assert!(
            shown_basic.contains("> authorization: Basic ***"),
            "{shown_basic}"
        );

        let query = weevio(PlacementKind::Query);
        let mut post = Request::new(Method::POST, url("/c"));
        post.headers_mut().insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
        *post.body_mut() = Some(serde_json::json!({"a": 1}).to_string().into());
        let text = shown(&query, post);
        assert!(
            text.contains("apiSecret=***") && text.contains("teamID=TEAM-1"),
            "{text}"
        );

        let everything = format!("{shown_basic} {text}");
        assert!(!everything.contains(SECRET), "{everything}");
        assert!(!everything.contains("YOUR_API_ID"), "{everything}");
    }
}
