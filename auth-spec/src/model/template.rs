//! Value templates: literal text with `{name}` substitutions and a few functions, for
//! header values (`Klaviyo-API-Key {key}`), Basic user names and passwords (`{key}` and
//! `X`), and base URLs (`https://{resource}.openai.azure.com`).
//!
//! Grammar: `template := (text | '{' expr '}')*`, `expr := name | func '(' template ')'`,
//! where `name` is a credential part or a context parameter, and `func` is one of
//! [`Func`]. A literal brace is written `{{` or `}}`. Templates are parsed once, when a spec
//! loads; rendering writes bytes into a caller's buffer (a signed message may hold raw
//! digest bytes, as Kraken's does).

use std::fmt;

use base64::Engine as _;

/// A parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    text: String,
    pieces: Vec<Piece>,
}

/// One piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Text written as is.
    Text(String),
    /// A value by name: a credential part or a context parameter.
    Var(String),
    /// A function of a nested template.
    Call(Func, Vec<Piece>),
}

/// A function a template may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// Standard base64 with padding (RFC 4648 §4), as HTTP Basic and Elasticsearch's
    /// `ApiKey` scheme use.
    Base64,
    /// Lowercase hexadecimal of the bytes.
    Hex,
    /// The raw 32-byte SHA-256 digest (wrap in `hex(..)` for its text form).
    Sha256,
    /// The raw 64-byte SHA-512 digest.
    Sha512,
    /// ASCII uppercase (Snowflake's JWT issuer).
    Upper,
    /// ASCII lowercase.
    Lower,
}

impl Func {
    /// Every function, by name.
    pub const ALL: [Func; 6] = [
        Self::Base64,
        Self::Hex,
        Self::Sha256,
        Self::Sha512,
        Self::Upper,
        Self::Lower,
    ];

    fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// The function's name as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Base64 => "base64",
            Self::Hex => "hex",
            Self::Sha256 => "sha256",
            Self::Sha512 => "sha512",
            Self::Upper => "upper",
            Self::Lower => "lower",
        }
    }

    /// Apply the function to `input`, appending to `out`.
    fn apply(self, input: &[u8], out: &mut Vec<u8>) {
        use sha2::Digest as _;
        match self {
            Self::Base64 => {
                let engine = &base64::engine::general_purpose::STANDARD;
                let start = out.len();
                out.resize(
                    start + base64::encoded_len(input.len(), true).unwrap_or(0),
                    0,
                );
                let written = engine.encode_slice(input, &mut out[start..]).unwrap_or(0);
                out.truncate(start + written);
            }
            Self::Hex => {
                const DIGITS: &[u8; 16] = b"0123456789abcdef";
                out.reserve(input.len() * 2);
                for b in input {
                    out.push(DIGITS[usize::from(b >> 4)]);
                    out.push(DIGITS[usize::from(b & 0xf)]);
                }
            }
            Self::Sha256 => out.extend_from_slice(&sha2::Sha256::digest(input)),
            Self::Sha512 => out.extend_from_slice(&sha2::Sha512::digest(input)),
            Self::Upper => out.extend(input.iter().map(u8::to_ascii_uppercase)),
            Self::Lower => out.extend(input.iter().map(u8::to_ascii_lowercase)),
        }
    }
}

/// Why a template does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateSyntaxError {
    /// A `{` without its `}`.
    #[error("unclosed `{{` in `{0}`")]
    Unclosed(String),
    /// A `}` without its `{` (write `}}` for a literal brace).
    #[error("unmatched `}}` in `{0}` (write `}}}}` for a literal brace)")]
    Unmatched(String),
    /// `{}` or a name with characters other than letters, digits, `_`, `-` and `.`.
    #[error("`{{{0}}}` is not a name or a function call")]
    BadName(String),
    /// A function the language does not have.
    #[error("unknown function `{0}`; the functions are base64, hex, sha256, sha512, upper, lower")]
    UnknownFunction(String),
}

impl Template {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Self, TemplateSyntaxError> {
        let mut p = Parser {
            src: text,
            chars: text.char_indices().peekable(),
        };
        let pieces = p.pieces(false)?;
        Ok(Self {
            text: text.to_owned(),
            pieces,
        })
    }

    /// A template that is only the value of `name` (`{name}`).
    pub fn var(name: &str) -> Self {
        Self {
            text: format!("{{{name}}}"),
            pieces: vec![Piece::Var(name.to_owned())],
        }
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its pieces.
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Every name it substitutes, in order, repeats included.
    pub fn vars(&self) -> Vec<&str> {
        fn walk<'a>(ps: &'a [Piece], out: &mut Vec<&'a str>) {
            for p in ps {
                match p {
                    Piece::Var(n) => out.push(n),
                    Piece::Call(_, inner) => walk(inner, out),
                    Piece::Text(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.pieces, &mut out);
        out
    }

    /// Every literal text piece.
    pub fn texts(&self) -> Vec<&str> {
        fn walk<'a>(ps: &'a [Piece], out: &mut Vec<&'a str>) {
            for p in ps {
                match p {
                    Piece::Text(t) => out.push(t),
                    Piece::Call(_, inner) => walk(inner, out),
                    Piece::Var(_) => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.pieces, &mut out);
        out
    }

    /// Whether it is literal text only.
    pub fn is_literal(&self) -> bool {
        self.pieces.iter().all(|p| matches!(p, Piece::Text(_)))
    }

    /// Read the values back from `input`, as a server does with what a client rendered:
    /// each name with the text it stands for. Text pieces must match exactly; a name
    /// extends to the next text piece (or the end); `base64(...)` decodes the rest of the
    /// input and matches its contents. `None` when `input` does not have the template's shape.
    pub fn extract(&self, input: &str) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        extract(&self.pieces, input, &mut out).then_some(out)
    }

    /// Render into `out`, asking `value` for each name; `None` (a name with no value)
    /// stops and returns that name.
    pub fn render_into<'t, 'v>(
        &'t self,
        out: &mut Vec<u8>,
        value: &mut dyn FnMut(&str) -> Option<&'v str>,
    ) -> Result<(), &'t str> {
        render(&self.pieces, out, &mut |n| value(n).map(str::as_bytes))
    }

    /// As [`Template::render_into`], with values that are bytes (a request body).
    pub fn render_bytes<'t, 'v>(
        &'t self,
        out: &mut Vec<u8>,
        value: &mut dyn FnMut(&str) -> Option<&'v [u8]>,
    ) -> Result<(), &'t str> {
        render(&self.pieces, out, value)
    }

    /// The functions it calls, nested ones included.
    pub fn funcs(&self) -> Vec<Func> {
        fn walk(ps: &[Piece], out: &mut Vec<Func>) {
            for p in ps {
                if let Piece::Call(f, inner) = p {
                    out.push(*f);
                    walk(inner, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.pieces, &mut out);
        out
    }

    /// Render to a string (see [`Template::render_into`]).
    pub fn render<'t, 'v>(
        &'t self,
        mut value: impl FnMut(&str) -> Option<&'v str>,
    ) -> Result<String, &'t str> {
        let mut out = Vec::new();
        render(&self.pieces, &mut out, &mut |n| value(n).map(str::as_bytes))?;
        // Text from the spec, values and base64 are UTF-8; a raw digest is not, and is
        // shown lossily (render bytes with `render_into` where they matter).
        Ok(String::from_utf8_lossy(&out).into_owned())
    }
}

fn render<'t, 'v>(
    pieces: &'t [Piece],
    out: &mut Vec<u8>,
    value: &mut dyn FnMut(&str) -> Option<&'v [u8]>,
) -> Result<(), &'t str> {
    for p in pieces {
        match p {
            Piece::Text(t) => out.extend_from_slice(t.as_bytes()),
            Piece::Var(n) => out.extend_from_slice(value(n).ok_or(n.as_str())?),
            Piece::Call(func, inner) => {
                // What a function reads may be a secret: its buffer is wiped.
                let mut raw = zeroize::Zeroizing::new(Vec::new());
                render(inner, &mut raw, value)?;
                func.apply(&raw, out);
            }
        }
    }
    Ok(())
}

fn extract(pieces: &[Piece], mut input: &str, out: &mut Vec<(String, String)>) -> bool {
    for (i, p) in pieces.iter().enumerate() {
        match p {
            Piece::Text(t) => match input.strip_prefix(t.as_str()) {
                Some(rest) => input = rest,
                None => return false,
            },
            Piece::Var(n) => {
                let end = match pieces.get(i + 1) {
                    None => input.len(),
                    Some(Piece::Text(t)) => match input.find(t.as_str()) {
                        Some(at) => at,
                        None => return false,
                    },
                    // Two values with nothing between them cannot be told apart.
                    Some(_) => return false,
                };
                out.push((n.clone(), input[..end].to_owned()));
                input = &input[end..];
            }
            Piece::Call(Func::Base64, inner) => {
                if i + 1 != pieces.len() {
                    return false;
                }
                let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(input) else {
                    return false;
                };
                let Ok(text) = String::from_utf8(bytes) else {
                    return false;
                };
                return extract(inner, &text, out);
            }
            // Digests and case changes cannot be read back.
            Piece::Call(..) => return false,
        }
    }
    input.is_empty()
}

impl fmt::Display for Template {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

struct Parser<'a> {
    src: &'a str,
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl Parser<'_> {
    /// Pieces up to the end (or, `nested`, up to the `)` closing a call).
    fn pieces(&mut self, nested: bool) -> Result<Vec<Piece>, TemplateSyntaxError> {
        let mut out = Vec::new();
        let mut text = String::new();
        while let Some(&(_, c)) = self.chars.peek() {
            match c {
                ')' if nested => break,
                '{' => {
                    self.chars.next();
                    if matches!(self.chars.peek(), Some((_, '{'))) {
                        self.chars.next();
                        text.push('{');
                        continue;
                    }
                    if !text.is_empty() {
                        out.push(Piece::Text(std::mem::take(&mut text)));
                    }
                    out.push(self.expr()?);
                }
                '}' => {
                    self.chars.next();
                    if matches!(self.chars.peek(), Some((_, '}'))) {
                        self.chars.next();
                        text.push('}');
                        continue;
                    }
                    return Err(TemplateSyntaxError::Unmatched(self.src.to_owned()));
                }
                _ => {
                    self.chars.next();
                    text.push(c);
                }
            }
        }
        if !text.is_empty() {
            out.push(Piece::Text(text));
        }
        Ok(out)
    }

    /// After `{`: a name, or `func(` template `)`, then `}`.
    fn expr(&mut self) -> Result<Piece, TemplateSyntaxError> {
        let mut name = String::new();
        loop {
            match self.chars.next() {
                None => return Err(TemplateSyntaxError::Unclosed(self.src.to_owned())),
                Some((_, '}')) => break,
                Some((_, '(')) => {
                    let func = Func::parse(&name)
                        .ok_or_else(|| TemplateSyntaxError::UnknownFunction(name.clone()))?;
                    let inner = self.pieces(true)?;
                    match (self.chars.next(), self.chars.next()) {
                        (Some((_, ')')), Some((_, '}'))) => return Ok(Piece::Call(func, inner)),
                        _ => return Err(TemplateSyntaxError::Unclosed(self.src.to_owned())),
                    }
                }
                Some((_, c)) => name.push(c),
            }
        }
        let valid = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
        if !valid {
            return Err(TemplateSyntaxError::BadName(name));
        }
        Ok(Piece::Var(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(n: &str) -> Option<&'static str> {
        match n {
            "key" => Some("abc"),
            "id" => Some("VuaCfGcBCdbkQm-e5aOx"),
            "api_key" => Some("ui2lp2axTNmsyakw9tvNnw"),
            _ => None,
        }
    }

    #[test]
    fn renders_text_names_and_base64() {
        let t = Template::parse("Klaviyo-API-Key {key}").expect("parses");
        assert_eq!(t.render(vals).as_deref(), Ok("Klaviyo-API-Key abc"));
        assert_eq!(t.vars(), ["key"]);
        // Elasticsearch's documented example: id and api_key joined by `:`, base64.
        let t = Template::parse("ApiKey {base64({id}:{api_key})}").expect("parses");
        assert_eq!(
            t.render(vals).as_deref(),
            Ok("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==")
        );
        assert_eq!(t.vars(), ["id", "api_key"]);
        let t = Template::parse("{{literal}} {key}").expect("parses");
        assert_eq!(t.render(vals).as_deref(), Ok("{literal} abc"));
        assert_eq!(
            Template::parse("X")
                .expect("parses")
                .render(vals)
                .as_deref(),
            Ok("X")
        );
        assert_eq!(
            Template::parse("{nope}").expect("parses").render(vals),
            Err("nope")
        );
    }

    #[test]
    fn reads_values_back() {
        let t = Template::parse("ApiKey {base64({id}:{api_key})}").expect("parses");
        let got = t.extract("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==");
        assert_eq!(
            got,
            Some(vec![
                ("id".to_owned(), "VuaCfGcBCdbkQm-e5aOx".to_owned()),
                ("api_key".to_owned(), "ui2lp2axTNmsyakw9tvNnw".to_owned()),
            ])
        );
        assert_eq!(t.extract("Bearer abc"), None);
        let x = Template::parse("X").expect("parses");
        assert_eq!(x.extract("X"), Some(vec![]));
        assert_eq!(x.extract("Y"), None);
    }

    #[test]
    fn refuses_malformed_templates() {
        for bad in [
            "{",
            "{key",
            "}",
            "{}",
            "{a b}",
            "{md5(x)}",
            "{base64({key}}",
        ] {
            assert!(Template::parse(bad).is_err(), "{bad}");
        }
    }
}
