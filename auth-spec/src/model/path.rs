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
    /// A `{+name}` parameter: one or more whole segments, the `/`s of its value kept (RFC
    /// 6570's reserved expansion), for identifiers made of several segments (CircleCI's
    /// project slug `gh/CircleCI-Public/circleci-cli`). At most one per template.
    Multi(String),
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
    /// Two `{+name}` parameters: where one ends could not be told.
    #[error("path `{0}` has two `{{+name}}` parameters; at most one may span segments")]
    TwoMulti(String),
    /// A `{+name}` value with an empty, `.` or `..` segment, which a server could read as
    /// another path.
    #[error("the value of path parameter `{{+{0}}}` may not have an empty, `.` or `..` segment")]
    DotSegment(String),
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
        let mut segments: Vec<Segment> = Vec::new();
        for s in text[1..].split('/') {
            let param = s.strip_prefix('{').and_then(|r| r.strip_suffix('}'));
            let (multi, param) = match param.map(|p| p.strip_prefix('+')) {
                Some(Some(p)) => (true, Some(p)),
                _ => (false, param),
            };
            match param {
                Some(name) if !name.is_empty() && !name.contains(['{', '}', '+']) => {
                    let named = |x: &Segment| matches!(x, Segment::Param(n) | Segment::Multi(n) if n == name);
                    if segments.iter().any(named) {
                        return Err(TemplateError::Repeated(name.to_owned()));
                    }
                    if multi && segments.iter().any(|x| matches!(x, Segment::Multi(_))) {
                        return Err(TemplateError::TwoMulti(text.to_owned()));
                    }
                    segments.push(if multi {
                        Segment::Multi(name.to_owned())
                    } else {
                        Segment::Param(name.to_owned())
                    });
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
            Segment::Param(n) | Segment::Multi(n) => Some(n.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The path with each `{name}` replaced by its value, percent-encoded as a segment
    /// (a `{+name}` value's `/`s are kept, each piece encoded as a segment).
    pub fn fill(&self, params: &[(&str, &str)]) -> Result<String, TemplateError> {
        let mut out = String::with_capacity(self.text.len() + 16);
        let value = |n: &String| {
            params
                .iter()
                .find(|(k, _)| k == n)
                .map(|(_, v)| *v)
                .ok_or_else(|| TemplateError::Missing(n.clone()))
        };
        for s in &self.segments {
            out.push('/');
            match s {
                Segment::Literal(l) => out.push_str(l),
                Segment::Param(n) => out.extend(utf8_percent_encode(value(n)?, SEGMENT)),
                Segment::Multi(n) => {
                    for (i, piece) in value(n)?.split('/').enumerate() {
                        if matches!(piece, "" | "." | "..") {
                            return Err(TemplateError::DotSegment(n.clone()));
                        }
                        if i > 0 {
                            out.push('/');
                        }
                        out.extend(utf8_percent_encode(piece, SEGMENT));
                    }
                }
            }
        }
        Ok(out)
    }

    /// Match a path (relative to the base URL, without query); the parameters' values.
    /// A trailing slash is ignored, on the path and on the template (`/api/lists/`);
    /// a parameter never matches an empty segment.
    pub fn matches<'p>(&self, path: &'p str) -> Option<Vec<(&str, &'p str)>> {
        self.matches_as(path, PathMatch::default())
    }

    /// As [`PathTemplate::matches`], as `how` says: the template may match only the
    /// path's start, and literals may match in another letter case (a verifier judging
    /// whether a path is another spelling of a route).
    pub fn matches_as<'p>(&self, path: &'p str, how: PathMatch) -> Option<Vec<(&str, &'p str)>> {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = path.strip_suffix('/').unwrap_or(path);
        let segments = match self.segments.split_last() {
            Some((Segment::Literal(l), rest)) if l.is_empty() && !rest.is_empty() => rest,
            _ => &self.segments[..],
        };
        let mut out = Vec::new();
        let one = |s, p, out: &mut _| one(s, p, how.ignore_case, out);
        let Some(m) = segments.iter().position(|s| matches!(s, Segment::Multi(_))) else {
            // Segment by segment, without collecting the path's (the verifier's hot path).
            let mut rest = Some(path);
            for s in segments {
                one(s, next_segment(&mut rest)?, &mut out)?;
            }
            return (how.prefix || rest.is_none()).then_some(out);
        };
        let parts: Vec<&'p str> = path.split('/').collect();
        // `{+name}`: the segments before it from the start, those after it from the end,
        // and it takes what is between (at least one segment, none of them empty).
        let (before, after) = (&segments[..m], &segments[m + 1..]);
        let middle = parts.len().checked_sub(before.len() + after.len())?;
        if middle == 0 {
            return None;
        }
        for (s, p) in before.iter().zip(&parts) {
            one(s, p, &mut out)?;
        }
        let taken = &parts[before.len()..before.len() + middle];
        if taken.iter().any(|p| p.is_empty()) {
            return None;
        }
        let start = taken[0].as_ptr() as usize - path.as_ptr() as usize;
        let last = taken[middle - 1];
        let end = last.as_ptr() as usize + last.len() - path.as_ptr() as usize;
        if let Segment::Multi(n) = &segments[m] {
            out.push((n.as_str(), &path[start..end]));
        }
        for (s, p) in after.iter().zip(&parts[before.len() + middle..]) {
            one(s, p, &mut out)?;
        }
        Some(out)
    }
}

/// The next `/`-separated segment of what `rest` holds (`None` once all are taken).
fn next_segment<'p>(rest: &mut Option<&'p str>) -> Option<&'p str> {
    let r = rest.take()?;
    match r.bytes().position(|b| b == b'/') {
        Some(i) => {
            *rest = Some(&r[i + 1..]);
            Some(&r[..i])
        }
        None => Some(r),
    }
}

/// Match one template segment against one path segment, recording a parameter's value.
fn one<'t, 'p>(
    s: &'t Segment,
    p: &'p str,
    ignore_case: bool,
    out: &mut Vec<(&'t str, &'p str)>,
) -> Option<()> {
    match s {
        Segment::Literal(l) if l == p || (ignore_case && l.eq_ignore_ascii_case(p)) => Some(()),
        Segment::Literal(_) => None,
        Segment::Param(_) | Segment::Multi(_) if p.is_empty() => None,
        Segment::Param(n) | Segment::Multi(n) => {
            out.push((n.as_str(), p));
            Some(())
        }
    }
}

/// How [`PathTemplate::matches_as`] matches; the default is [`PathTemplate::matches`]'s.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PathMatch {
    /// The template need only match the path's first segments (a `{+name}` still takes
    /// the rest).
    pub prefix: bool,
    /// Literal segments match without regard to ASCII case.
    pub ignore_case: bool,
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
    fn matches_as_a_prefix_and_without_case() {
        let t = PathTemplate::parse("/api/lists/").expect("template");
        let loose = PathMatch {
            prefix: false,
            ignore_case: true,
        };
        assert!(t.matches("/API/LISTS/").is_none());
        assert!(t.matches_as("/API/LISTS/", loose).is_some());
        let w = PathTemplate::parse("/workspaces/{id}").expect("template");
        let prefix = PathMatch {
            prefix: true,
            ignore_case: false,
        };
        assert!(w.matches("/workspaces/ws_1/connections").is_none());
        assert_eq!(
            w.matches_as("/workspaces/ws_1/connections", prefix),
            Some(vec![("id", "ws_1")])
        );
        assert!(w.matches_as("/Workspaces/ws_1/x", prefix).is_none());
        let m = PathTemplate::parse("/project/{+slug}/pipeline").expect("template");
        assert_eq!(
            m.matches_as("/PROJECT/gh/o/r/pipeline", loose),
            Some(vec![("slug", "gh/o/r")])
        );
    }

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
        // A template written with a trailing slash (Klaviyo's `/api/lists/`).
        let slash = PathTemplate::parse("/api/lists/").expect("parses");
        assert_eq!(slash.matches("/api/lists/"), Some(vec![]));
        assert_eq!(slash.matches("/api/lists"), Some(vec![]));
        assert_eq!(slash.matches("/api/lists/x"), None);
        assert_eq!(
            PathTemplate::parse("/").expect("root").matches("/"),
            Some(vec![])
        );
    }

    #[test]
    fn a_parameter_may_span_segments() {
        let t = PathTemplate::parse("/project/{+slug}/pipeline").expect("parses");
        assert_eq!(t.names().collect::<Vec<_>>(), ["slug"]);
        assert_eq!(
            t.fill(&[("slug", "gh/Org/repo name")]).as_deref(),
            Ok("/project/gh/Org/repo%20name/pipeline")
        );
        for bad in ["gh//repo", "gh/../admin", "./x", "gh/"] {
            assert_eq!(
                t.fill(&[("slug", bad)]),
                Err(TemplateError::DotSegment("slug".to_owned())),
                "{bad}"
            );
        }
        assert_eq!(
            t.matches("/project/gh/Org/repo/pipeline"),
            Some(vec![("slug", "gh/Org/repo")])
        );
        assert_eq!(
            t.matches("/project/one/pipeline"),
            Some(vec![("slug", "one")])
        );
        assert_eq!(t.matches("/project/pipeline"), None);
        assert_eq!(t.matches("/project/gh//repo/pipeline"), None);
        assert_eq!(t.matches("/project/gh/repo/other"), None);
        let last = PathTemplate::parse("/files/{+path}").expect("parses");
        assert_eq!(last.matches("/files/a/b/"), Some(vec![("path", "a/b")]));
    }

    #[test]
    fn refuses_malformed_templates() {
        for bad in [
            "x",
            "/a?b",
            "/{",
            "/a{b}",
            "/{}",
            "/{a}/{a}",
            "/}",
            "/{+a}/{+b}",
            "/{+}",
            "/{a}/{+a}",
        ] {
            assert!(PathTemplate::parse(bad).is_err(), "{bad}");
        }
    }
}
