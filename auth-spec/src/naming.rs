//! Rust names for spec names: `ext:products:read` -> `ExtProductsRead`, `api_key` -> `ApiKey`.
//!
//! Used by the generator, and by lint to refuse two spec names that would become one Rust name.

/// UpperCamelCase from any run of letters and digits; other characters separate words.
pub fn camel(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper = true;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if upper {
                out.push(c.to_ascii_uppercase());
            } else {
                out.push(c);
            }
            upper = false;
        } else {
            upper = true;
        }
    }
    if out.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        out.insert(0, 'V');
    }
    out
}

/// snake_case from any run of letters and digits.
pub fn snake(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if c.is_ascii_uppercase() && prev_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        } else {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            prev_lower = false;
        }
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.chars().next().is_none_or(|c| c.is_ascii_digit()) {
        format!("v_{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(camel("ext:products:read"), "ExtProductsRead");
        assert_eq!(camel("api_key"), "ApiKey");
        assert_eq!(camel("9lives"), "V9lives");
        assert_eq!(snake("customerCode"), "customer_code");
        assert_eq!(snake("companyId"), "company_id");
        assert_eq!(snake("weavy-server"), "weavy_server");
        assert_eq!(snake("X-Tenant-ID"), "x_tenant_id");
    }
}
