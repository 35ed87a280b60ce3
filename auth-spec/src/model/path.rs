//! Path templates (`/api-keys/{key_id}/rotate`), parsed once: the lint checks them, the
//! client fills them, the verifier and the CLI match requests against them.

use std::fmt;

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};

/// Characters escaped in a path parameter's value: everything that would end or split a
/// segment, so a `/` or `?` in a value cannot change the route.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// One `/`-separated piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    /// Text matched as written.
    Literal(String),
    /// A `{name}` segment.
    Param(String),
}

/// A path below the base URL whose `{name}` segments are parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// Why a path template does not parse, or cannot be filled.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    /// The path does not start with `/`.
    #[error("path `{0}` must start with `/` (it is joined to the base URL)")]
    NotAbsolute(String),
    /// The path carries `?` or `#`.
    #[error("a path may not carry a query string or fragment; declare query parameters instead")]
    QueryOrFragment,
    /// A `{` without its `}`.
    #[error("unclosed `{{` in path `{0}`")]
    Unclosed(String),
    /// A `}` without its `{`.
    #[error("unmatched `}}` in path `{0}`")]
    Unmatched(String),
    /// An empty parameter, or one that is not a whole segment.
    #[error("malformed path parameter in `{0}`: parameters are whole segments written `{{name}}`")]
    Malformed(String),
    /// A parameter named twice.
    #[error("path parameter `{{{0}}}` appears twice")]
    Repeated(String),
    /// No value was given for a parameter.
    #[error("no value for path parameter `{0}`")]
    Missing(String),
}

impl PathTemplate {
    /// Parse `text`.
    pub fn parse(text: &str) -> Result<Self, TemplateError> {
        if !text.starts_with('/') {
            return Err(TemplateError::NotAbsolute(text.to_owned()));
        }
        if text.contains(['?', '#']) {
            return Err(TemplateError::QueryOrFragment);
        }
        let mut depth = 0i32;
        for c in text.chars() {
            depth += match c {
                '{' => 1,
                '}' => -1,
                _ => 0,
            };
            if depth < 0 {
                return Err(TemplateError::Unmatched(text.to_owned()));
            }
        }
        if depth > 0 {
            return Err(TemplateError::Unclosed(text.to_owned()));
        }
        let mut segments = Vec::new();
        for s in text[1..].split('/') {
            let param = s.strip_prefix('{').and_then(|r| r.strip_suffix('}'));
            match param {
                Some(name) if !name.is_empty() && !name.contains(['{', '}']) => {
                    if segments
                        .iter()
                        .any(|x| matches!(x, Segment::Param(n) if n == name))
                    {
                        return Err(TemplateError::Repeated(name.to_owned()));
                    }
                    segments.push(Segment::Param(name.to_owned()));
                }
                _ if s.contains(['{', '}']) => {
                    return Err(TemplateError::Malformed(text.to_owned()));
                }
                _ => segments.push(Segment::Literal(s.to_owned())),
            }
        }
        Ok(Self {
            text: text.to_owned(),
            segments,
        })
    }

    /// The root path, `/`.
    pub fn root() -> Self {
        Self {
            text: "/".to_owned(),
            segments: vec![Segment::Literal(String::new())],
        }
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Its segments.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// The parameter names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param(n) => Some(n.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The path with each `{name}` replaced by its value, percent-encoded as a segment.
    pub fn fill(&self, params: &[(&str, &str)]) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(self.text.len() + 16);
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Literal(l) => out.push_str(l),
                Segment::Param(n) => {
                    let (_, v) = params
                        .iter()
                        .find(|(k, _)| k == n)
                        .ok_or_else(|| TemplateError::Missing(n.clone()))?;
                    out.extend(utf8_percent_encode(v, SEGMENT));
                }
            }
        }
        Ok(out)
    }

    /// Match a path (relative to the base URL, without query); the parameters' values.
    /// A trailing slash is ignored; a parameter never matches an empty segment.
    pub fn matches<'p>(&self, path: &'p str) -> Option<Vec<(&str, &'p str)>> {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let mut parts = path.split('/');
        let mut out = Vec::new();
        for s in &self.segments {
            let p = parts.next()?;
            match s {
                Segment::Literal(l) if l == p => {}
                Segment::Literal(_) => return None,
                Segment::Param(_) if p.is_empty() => return None,
                Segment::Param(n) => out.push((n.as_str(), p)),
            }
        }
        parts.next().is_none().then_some(out)
    }
}

impl fmt::Display for PathTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fills_and_matches() {
        let t = PathTemplate::parse("/api-keys/{key_id}/rotate").expect("parses");
        assert_eq!(t.names().collect::<Vec<_>>(), ["key_id"]);
        assert_eq!(
            t.fill(&[("key_id", "a/b?c")]).as_deref(),
            Ok("/api-keys/a%2Fb%3Fc/rotate")
        );
        assert_eq!(
            t.fill(&[]),
            Err(TemplateError::Missing("key_id".to_owned()))
        );
        assert_eq!(
            t.matches("/api-keys/k1/rotate"),
            Some(vec![("key_id", "k1")])
        );
        assert_eq!(t.matches("/api-keys//rotate"), None);
        assert_eq!(t.matches("/api-keys/k1"), None);
        let p = PathTemplate::parse("/products").expect("parses");
        assert_eq!(p.matches("/products/1"), None);
        assert_eq!(p.matches("/products/"), Some(vec![]));
        assert_eq!(
            PathTemplate::parse("/").expect("root").matches("/"),
            Some(vec![])
        );
    }

    #[test]
    fn refuses_malformed_templates() {
        for bad in ["x", "/a?b", "/{", "/a{b}", "/{}", "/{a}/{a}", "/}"] {
            assert!(PathTemplate::parse(bad).is_err(), "{bad}");
        }
    }
}
