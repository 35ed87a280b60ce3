//! Documentation text from a spec, made fit for rustdoc.

/// `text` with each bare `http(s)://` URL written as an autolink (`<https://…>`), so the
/// generated docs link it and pass `rustdoc::bare_urls`. URLs in inline code, already in
/// angle brackets, or the target of a Markdown link are left as they are; punctuation that
/// ends a sentence is not taken into the URL.
pub(crate) fn linked(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut in_code = false;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        if rest.starts_with('`') {
            in_code = !in_code;
        } else if !in_code
            && (rest.starts_with("https://") || rest.starts_with("http://"))
            && !text[..i].ends_with('<')
            && !text[..i].ends_with("](")
        {
            let len = url_len(rest);
            out.push('<');
            out.push_str(&rest[..len]);
            out.push('>');
            i += len;
            continue;
        }
        let c = rest.chars().next().unwrap_or_default();
        out.push(c);
        i += c.len_utf8();
    }
    out
}

/// How much of `s` (which starts with a URL) is the URL.
fn url_len(s: &str) -> usize {
    let mut end = s
        .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`'))
        .unwrap_or(s.len());
    loop {
        let url = &s[..end];
        let Some(last) = url.chars().last() else {
            break;
        };
        let unbalanced = last == ')' && url.matches('(').count() < url.matches(')').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'') || unbalanced {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    use super::linked;

    #[test]
    fn bare_urls_become_autolinks() {
        assert_eq!(
            linked("See https://docs.example/auth. Or (https://x.example/a_(b)), then stop"),
            "See <https://docs.example/auth>. Or (<https://x.example/a_(b)>), then stop"
        );
        assert_eq!(
            linked("`https://{host}/v1` and <https://a.example> and [a](https://b.example)"),
            "`https://{host}/v1` and <https://a.example> and [a](https://b.example)"
        );
        assert_eq!(linked("no links, ünïcode"), "no links, ünïcode");
    }
}
