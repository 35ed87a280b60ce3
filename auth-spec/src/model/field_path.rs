//! Field paths in error bodies (`error.message`, `errors[0].code`, `errors[].code`): one
//! reader shared by lint (which checks them against the documented bodies) and the engine
//! (which reads responses with them).

use serde_json::Value;

/// Whether `path` is a field path: keys joined by `.`, each optionally followed by `[n]`
/// (an index) or `[]` (every element).
pub fn is_field_path(path: &str) -> bool {
    !path.is_empty()
        && path.split('.').all(|seg| {
            let name = seg.split('[').next().unwrap_or("");
            let rest = &seg[name.len()..];
            let indexes_ok = rest.is_empty()
                || rest.split_inclusive(']').all(|ix| {
                    ix.strip_prefix('[')
                        .and_then(|x| x.strip_suffix(']'))
                        .is_some_and(|n| n.is_empty() || n.bytes().all(|b| b.is_ascii_digit()))
                });
            !name.is_empty() && !name.contains([']', ' ']) && indexes_ok
        })
}

/// The value at `path` in a JSON document: keys joined by `.`, each optionally followed
/// by `[n]` (that element) or `[]` (the first element that has the rest of the path).
pub fn json_field<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    let (head, rest) = match path.split_once('.') {
        Some((h, r)) => (h, Some(r)),
        None => (path, None),
    };
    let name = head.split('[').next().unwrap_or(head);
    let mut v = if name.is_empty() { doc } else { doc.get(name)? };
    let mut indexes = &head[name.len()..];
    while let Some(close) = indexes.find(']') {
        let ix = indexes.get(1..close)?;
        indexes = &indexes[close + 1..];
        if ix.is_empty() {
            // Every element: the first one the rest of the path leads somewhere from.
            let items = v.as_array()?;
            let tail = format!(
                "{indexes}{}",
                rest.map(|r| format!(".{r}")).unwrap_or_default()
            );
            return items.iter().find_map(|item| {
                if tail.is_empty() {
                    Some(item)
                } else {
                    json_field(item, tail.trim_start_matches('.'))
                }
            });
        }
        v = v.get(ix.parse::<usize>().ok()?)?;
    }
    match rest {
        Some(r) => json_field(v, r),
        None => Some(v),
    }
}

/// The text of the first `<name>` element of an XML document (no namespaces, entities
/// decoded for the five predefined ones). A path's last key names the element.
pub fn xml_element(doc: &str, name: &str) -> Option<String> {
    let name = name.rsplit('.').next().unwrap_or(name);
    let mut from = 0;
    loop {
        let start = from + doc[from..].find(&format!("<{name}"))?;
        let after = start + 1 + name.len();
        let next = doc[after..].chars().next()?;
        if next == '>' || next.is_whitespace() {
            let open_end = after + doc[after..].find('>')?;
            let close = open_end + doc[open_end..].find(&format!("</{name}>"))?;
            let inner = &doc[open_end + 1..close];
            return Some(
                inner
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&amp;", "&"),
            );
        }
        from = after;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_reach_nested_objects_and_arrays() {
        let doc = json!({"error": {"message": "m"}, "errors": [{"x": 1}, {"code": "c"}]});
        assert_eq!(json_field(&doc, "error.message"), Some(&json!("m")));
        assert_eq!(json_field(&doc, "errors[1].code"), Some(&json!("c")));
        assert_eq!(json_field(&doc, "errors[].code"), Some(&json!("c")));
        assert_eq!(json_field(&doc, "error.mesage"), None);
        // A dotted name is a path, never a literal key.
        assert_eq!(
            json_field(&json!({"error.message": "x"}), "error.message"),
            None
        );
        assert!(is_field_path("errors[0].extensions.code"));
        assert!(!is_field_path("errors[x]"));
        assert!(!is_field_path("a..b"));
    }

    #[test]
    fn xml_elements() {
        let doc = "<Error><Code>AccessDenied</Code><Message>a &amp; b</Message></Error>";
        assert_eq!(xml_element(doc, "Code").as_deref(), Some("AccessDenied"));
        assert_eq!(xml_element(doc, "Error.Message").as_deref(), Some("a & b"));
        assert_eq!(xml_element(doc, "Nope"), None);
    }
}
