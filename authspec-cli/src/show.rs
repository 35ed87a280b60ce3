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
