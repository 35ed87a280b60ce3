//! Merging credential fields into a form or JSON body the caller may already have set.

use http::header::{CONTENT_TYPE, HeaderValue};

use super::{ApplyError, Target};

/// How fields are written into a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Encoding {
    Form,
    Json,
    /// Whatever the body already is: JSON when its content type says so, else form.
    Either,
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";

/// Write `fields` into the target's body, keeping what is there.
pub(crate) fn merge<T: Target + ?Sized>(
    target: &mut T,
    encoding: Encoding,
    fields: &[(&str, &str)],
) -> Result<(), ApplyError> {
    if fields.is_empty() {
        return Ok(());
    }
    let declared = target
        .headers_mut()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let essence = v.split(';').next().unwrap_or("").trim();
            if essence.eq_ignore_ascii_case(JSON) || essence.ends_with("+json") {
                Some(Encoding::Json)
            } else if essence.eq_ignore_ascii_case(FORM) {
                Some(Encoding::Form)
            } else {
                None
            }
        });
    let existing = target.body_bytes().ok_or(ApplyError::StreamingBody)?;
    let encoding = match (encoding, declared) {
        (Encoding::Either, Some(Some(e))) => e,
        (Encoding::Either, _) => Encoding::Form,
        (e, _) => e,
    };
    // A body of another type (or a content type that disagrees) cannot take our fields.
    match declared {
        Some(Some(d)) if d != encoding => return Err(ApplyError::BodyConflict),
        Some(None) if !existing.is_empty() => return Err(ApplyError::BodyConflict),
        _ => {}
    }
    let body = match encoding {
        Encoding::Json => {
            let mut map = if existing.iter().all(u8::is_ascii_whitespace) {
                serde_json::Map::new()
            } else {
                match serde_json::from_slice::<serde_json::Value>(existing) {
                    Ok(serde_json::Value::Object(m)) => m,
                    _ => return Err(ApplyError::BodyConflict),
                }
            };
            for (k, v) in fields {
                map.insert((*k).to_owned(), serde_json::Value::String((*v).to_owned()));
            }
            serde_json::to_vec(&map).map_err(|_| ApplyError::BodyConflict)?
        }
        _ => {
            let mut text = std::str::from_utf8(existing)
                .map_err(|_| ApplyError::BodyConflict)?
                .to_owned();
            {
                let mut ser = form_urlencoded::Serializer::for_suffix(&mut text, 0);
                for (k, v) in fields {
                    ser.append_pair(k, v);
                }
            }
            text.into_bytes()
        }
    };
    let ct = if encoding == Encoding::Json {
        JSON
    } else {
        FORM
    };
    target
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(ct));
    target.set_body(body);
    Ok(())
}
