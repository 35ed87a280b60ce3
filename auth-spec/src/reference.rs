//! The spec language's field reference, in Markdown, generated from the JSON Schema (and so
//! from the model's doc comments). The README embeds it; a test keeps the two in step.

use serde_json::{Map, Value};

/// Markdown: one table per object type and one list per enumeration, in schema order.
pub fn reference_markdown() -> String {
    let schema: Value = match serde_json::from_str(&crate::json_schema()) {
        Ok(v) => v,
        Err(_) => return String::new(),
    };
    let mut out = String::new();
    section(&mut out, "Spec", &schema);
    if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
        for (name, def) in defs {
            section(&mut out, name, def);
        }
    }
    out
}

fn section(out: &mut String, name: &str, def: &Value) {
    out.push_str(&format!("#### `{name}`\n\n"));
    if let Some(d) = def.get("description").and_then(Value::as_str) {
        out.push_str(&one_paragraph(d));
        out.push_str("\n\n");
    }
    if let Some(props) = def.get("properties").and_then(Value::as_object) {
        table(out, props, &required(def));
    } else if let Some(variants) = def.get("oneOf").and_then(Value::as_array) {
        for v in variants {
            variant(out, v);
        }
        out.push('\n');
    }
}

fn variant(out: &mut String, v: &Value) {
    let desc = v
        .get("description")
        .and_then(Value::as_str)
        .map(one_paragraph)
        .unwrap_or_default();
    if let Some(c) = v.get("const").and_then(Value::as_str) {
        out.push_str(&format!("- `{c}`: {desc}\n"));
    } else if let Some(props) = v.get("properties").and_then(Value::as_object) {
        // An internally tagged variant: name it by its tag, then list its fields.
        let tag = props
            .iter()
            .find_map(|(k, p)| {
                p.get("const")
                    .and_then(Value::as_str)
                    .map(|c| format!("{k}: {c}"))
            })
            .unwrap_or_default();
        out.push_str(&format!("- `{tag}`: {desc}\n\n"));
        let fields: Map<String, Value> = props
            .iter()
            .filter(|(_, p)| p.get("const").is_none())
            .map(|(k, p)| (k.clone(), p.clone()))
            .collect();
        if !fields.is_empty() {
            table(out, &fields, &required(v));
        }
    }
}

fn table(out: &mut String, props: &Map<String, Value>, required: &[&str]) {
    out.push_str("| field | type | description |\n| --- | --- | --- |\n");
    for (field, p) in props {
        let star = if required.contains(&field.as_str()) {
            " (required)"
        } else {
            ""
        };
        let desc = p
            .get("description")
            .and_then(Value::as_str)
            .map(one_paragraph)
            .unwrap_or_default()
            .replace('|', "\\|");
        out.push_str(&format!("| `{field}`{star} | {} | {desc} |\n", type_of(p)));
    }
    out.push('\n');
}

fn required(def: &Value) -> Vec<&str> {
    def.get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}

/// A short type description: `string`, `[Placement]`, `map of Scope`, `Format?`.
fn type_of(p: &Value) -> String {
    if let Some(r) = p.get("$ref").and_then(Value::as_str) {
        let name = r.rsplit('/').next().unwrap_or(r);
        return format!("[`{name}`](#{})", name.to_lowercase());
    }
    if let Some(any) = p.get("anyOf").and_then(Value::as_array) {
        let parts: Vec<String> = any
            .iter()
            .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
            .map(type_of)
            .collect();
        return parts.join(" or ");
    }
    match p.get("type") {
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .filter(|t| *t != "null")
            .collect::<Vec<_>>()
            .join(" or "),
        Some(Value::String(t)) if t == "array" => {
            format!(
                "list of {}",
                p.get("items").map(type_of).unwrap_or_default()
            )
        }
        Some(Value::String(t)) if t == "object" => match p.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("map of {}", type_of(v)),
            _ => "object".to_owned(),
        },
        Some(Value::String(t)) => t.clone(),
        _ => "any".to_owned(),
    }
}

/// Doc comments wrap lines; a table cell needs one line.
fn one_paragraph(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
