//! Refusing deeply nested YAML before any YAML parser reads it.
//!
//! A spec is a shallow document: the deepest node in the repository's specs sits 9
//! levels down. Nesting far deeper is an attack, not a spec: a 60 kB file of `- - - … x`
//! made the position index grow with depth squared (2.77 GB), and `[[[…]]]` costs the YAML
//! parsers time quadratic in depth (each open flow collection may still start a key, and
//! both parsers re-examine every one of them at each token). So the loader first runs this
//! scan, which reads each character once and never parses: it stops at the first node
//! nested deeper than [`MAX_DEPTH`], with its line and column.
//!
//! The scan estimates depth from the layout YAML itself uses, and errs on the high side:
//! - block collections: a stack of the columns at which collections start (a line's
//!   indentation, and each `- `, `? ` or `key: ` on the line); a column that holds both a
//!   mapping and an indentless sequence counts twice;
//! - flow collections: `[`/`{` against `]`/`}`, outside quoted scalars and comments;
//! - quoted scalars, comments and block scalars (`|`, `>`, their content told by its
//!   indentation, as YAML does) hold no structure and are skipped.
//!
//! YAML 1.1 (the loader's parser) also breaks lines at U+0085, U+2028 and U+2029, and
//! YAML 1.2 (the position index's parser) does not; a text holding one is scanned both
//! ways and must pass both.

/// Deepest nesting of mappings and sequences a spec may have (block and flow alike).
///
/// The deepest spec in the repository nests 9 levels. 32 leaves room for any real spec
/// (the estimate may count a level twice) and refuses an attack after a few hundred bytes.
pub const MAX_DEPTH: usize = 32;

/// Where the nesting first went past [`MAX_DEPTH`]: 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooDeep {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// The deepest nesting estimated in `text`, or where it first went past [`MAX_DEPTH`].
pub(crate) fn check(text: &str) -> Result<usize, TooDeep> {
    let unicode_breaks = text.contains(['\u{85}', '\u{2028}', '\u{2029}']);
    let deepest = Scan::new(text, false).run()?;
    if unicode_breaks {
        return Ok(deepest.max(Scan::new(text, true).run()?));
    }
    Ok(deepest)
}

const SEQ: u8 = 1;
const MAP: u8 = 2;

/// What the scan is inside of when a line ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Block,
    /// Inside flow collections `depth` deep (and possibly a quoted scalar in one).
    Flow {
        depth: usize,
        quote: Option<u8>,
    },
    /// A quoted scalar in block context, spanning lines.
    Quoted(u8),
    /// A block scalar's content: lines indented more than `parent`; `indent` once known.
    Literal {
        parent: isize,
        indent: Option<usize>,
    },
}

struct Scan<'t> {
    text: &'t str,
    unicode_breaks: bool,
    /// Block collections open: `(column, SEQ | MAP)`.
    stack: Vec<(usize, u8)>,
    mode: Mode,
    deepest: usize,
    line_no: usize,
}

impl<'t> Scan<'t> {
    fn new(text: &'t str, unicode_breaks: bool) -> Self {
        Scan {
            text,
            unicode_breaks,
            stack: Vec::new(),
            mode: Mode::Block,
            deepest: 0,
            line_no: 0,
        }
    }

    fn run(mut self) -> Result<usize, TooDeep> {
        let text = self.text;
        let mut rest = text;
        while !rest.is_empty() {
            let (line, next) = split_line(rest, self.unicode_breaks);
            self.line_no += 1;
            self.line(line)?;
            rest = next;
        }
        Ok(self.deepest)
    }

    fn block_depth(&self) -> usize {
        self.stack
            .iter()
            .map(|(_, k)| k.count_ones() as usize)
            .sum()
    }

    fn too_deep(&self, line: &str, at: usize) -> TooDeep {
        let mut end = at.min(line.len());
        while !line.is_char_boundary(end) {
            end -= 1;
        }
        TooDeep {
            line: self.line_no,
            column: line[..end].chars().count() + 1,
        }
    }

    fn note(&mut self, depth: usize, line: &str, at: usize) -> Result<(), TooDeep> {
        self.deepest = self.deepest.max(depth);
        if depth > MAX_DEPTH {
            return Err(self.too_deep(line, at));
        }
        Ok(())
    }

    /// A block collection of `kind` starts at `column`.
    fn open(&mut self, column: usize, kind: u8, line: &str) -> Result<(), TooDeep> {
        match self.stack.last_mut() {
            Some((c, k)) if *c == column => *k |= kind,
            _ => self.stack.push((column, kind)),
        }
        self.note(self.block_depth(), line, column)
    }

    fn line(&mut self, line: &str) -> Result<(), TooDeep> {
        let b = line.as_bytes();
        match self.mode {
            Mode::Block => self.block_line(line),
            Mode::Flow { .. } | Mode::Quoted(_) => {
                let at = self.continue_inline(line, 0)?;
                match at {
                    Some(at) => self.after_node(line, at, None),
                    None => Ok(()),
                }
            }
            Mode::Literal { parent, indent } => {
                let spaces = b.iter().take_while(|&&c| c == b' ').count();
                let blank = b[spaces..].iter().all(|c| *c == b' ' || *c == b'\t');
                let needed = match indent {
                    Some(i) => i,
                    None if blank => return Ok(()),
                    // The first non-empty line sets the content's indentation.
                    None if spaces as isize > parent => {
                        self.mode = Mode::Literal {
                            parent,
                            indent: Some(spaces),
                        };
                        return Ok(());
                    }
                    None => usize::MAX,
                };
                if blank || spaces >= needed {
                    return Ok(());
                }
                self.mode = Mode::Block;
                self.block_line(line)
            }
        }
    }

    fn block_line(&mut self, line: &str) -> Result<(), TooDeep> {
        let b = line.as_bytes();
        let indent = b.iter().take_while(|&&c| c == b' ').count();
        if indent == b.len() || b[indent] == b'#' {
            return Ok(());
        }
        if indent == 0 && b[0] == b'%' {
            return Ok(()); // a directive
        }
        let mut pos = indent;
        if indent == 0 && (b.starts_with(b"---") || b.starts_with(b"...")) && ends_token(b, 3) {
            // A document marker: everything before is closed.
            self.stack.clear();
            pos = skip_spaces(b, 3);
            return self.node(line, pos, None);
        }
        while self.stack.last().is_some_and(|(c, _)| *c > indent) {
            self.stack.pop();
        }
        // `- `, `? ` and `: ` open (or continue) a collection at their column.
        let mut parent: isize = self.stack.last().map_or(-1, |(c, _)| *c as isize);
        while pos < b.len() && matches!(b[pos], b'-' | b'?' | b':') && ends_token(b, pos + 1) {
            let kind = if b[pos] == b'-' { SEQ } else { MAP };
            self.open(pos, kind, line)?;
            parent = pos as isize;
            pos = skip_spaces(b, pos + 1);
        }
        self.node(line, pos, Some(parent))
    }

    /// A node starts at `pos`; `parent` is the column of the collection holding it when it
    /// is the line's first node (a key found here opens a mapping at `pos`).
    fn node(&mut self, line: &str, pos: usize, parent: Option<isize>) -> Result<(), TooDeep> {
        let b = line.as_bytes();
        let mut pos = skip_properties(b, pos);
        if pos >= b.len() || b[pos] == b'#' {
            return Ok(());
        }
        let start = pos;
        match b[pos] {
            b'|' | b'>' => {
                // The content is indented more than the collection holding the scalar (or
                // by the explicit indentation indicator).
                let parent =
                    parent.unwrap_or_else(|| self.stack.last().map_or(-1, |(c, _)| *c as isize));
                let explicit = b[pos + 1..]
                    .iter()
                    .take_while(|c| matches!(c, b'+' | b'-' | b'0'..=b'9'))
                    .find(|c| c.is_ascii_digit())
                    .map(|d| (parent.max(0) as usize) + usize::from(d - b'0'));
                self.mode = Mode::Literal {
                    parent,
                    indent: explicit,
                };
                Ok(())
            }
            b'[' | b'{' | b'"' | b'\'' => {
                self.mode = Mode::Block;
                match self.inline(line, pos)? {
                    Some(at) => self.after_node(line, at, parent.map(|_| start)),
                    None => Ok(()),
                }
            }
            _ => {
                // A plain scalar: up to a key indicator (`: `) or a comment.
                while pos < b.len() {
                    match b[pos] {
                        b':' if ends_token(b, pos + 1) => {
                            return self.key_found(line, pos + 1, parent.map(|_| start));
                        }
                        b'#' if pos > 0 && matches!(b[pos - 1], b' ' | b'\t') => return Ok(()),
                        _ => pos += 1,
                    }
                }
                Ok(())
            }
        }
    }

    /// After a quoted or flow node that closed at `at`: a `:` makes it a key.
    fn after_node(
        &mut self,
        line: &str,
        at: usize,
        key_column: Option<usize>,
    ) -> Result<(), TooDeep> {
        let b = line.as_bytes();
        let at = skip_spaces(b, at);
        if at < b.len() && b[at] == b':' && ends_token(b, at + 1) {
            return self.key_found(line, at + 1, key_column);
        }
        Ok(())
    }

    /// A key ended just before `value`; a mapping opens at `key_column` (for the line's
    /// first node), and the value node follows.
    fn key_found(
        &mut self,
        line: &str,
        value: usize,
        key_column: Option<usize>,
    ) -> Result<(), TooDeep> {
        if let Some(c) = key_column {
            self.open(c, MAP, line)?;
        }
        let b = line.as_bytes();
        let value = skip_spaces(b, value);
        // A key in the value would be an error; scan it as a node all the same.
        self.node(line, value, key_column.map(|c| c as isize))
    }

    /// Scan a flow collection or quoted scalar starting at `pos`; `Some(end)` when it
    /// closes on this line (the scan is back in block context), `None` when it continues.
    fn inline(&mut self, line: &str, pos: usize) -> Result<Option<usize>, TooDeep> {
        match line.as_bytes()[pos] {
            q @ (b'"' | b'\'') => {
                self.mode = Mode::Quoted(q);
                self.continue_inline(line, pos + 1)
            }
            _ => {
                self.mode = Mode::Flow {
                    depth: 0,
                    quote: None,
                };
                self.continue_inline(line, pos)
            }
        }
    }

    /// Go on with a flow collection or quoted scalar from `pos`.
    fn continue_inline(&mut self, line: &str, mut pos: usize) -> Result<Option<usize>, TooDeep> {
        let b = line.as_bytes();
        let base = self.block_depth();
        while pos < b.len() {
            match &mut self.mode {
                Mode::Quoted(q) => match close_quote(b, pos, *q) {
                    Some(end) => {
                        self.mode = Mode::Block;
                        return Ok(Some(end));
                    }
                    None => return Ok(None),
                },
                Mode::Flow { depth, quote } => {
                    if let Some(q) = *quote {
                        match close_quote(b, pos, q) {
                            Some(end) => {
                                *quote = None;
                                pos = end;
                                continue;
                            }
                            None => return Ok(None),
                        }
                    }
                    match b[pos] {
                        b'[' | b'{' => {
                            *depth += 1;
                            let d = base + *depth;
                            self.note(d, line, pos)?;
                        }
                        b']' | b'}' => {
                            *depth = depth.saturating_sub(1);
                            if *depth == 0 {
                                self.mode = Mode::Block;
                                return Ok(Some(pos + 1));
                            }
                        }
                        q @ (b'"' | b'\'') => *quote = Some(q),
                        b'#' if pos == 0 || matches!(b[pos - 1], b' ' | b'\t') => {
                            return Ok(None);
                        }
                        _ => {}
                    }
                    pos += 1;
                }
                _ => return Ok(Some(pos)),
            }
        }
        Ok(None)
    }
}

/// The line at the start of `rest` (without its break) and what follows it.
fn split_line(rest: &str, unicode_breaks: bool) -> (&str, &str) {
    let end = if unicode_breaks {
        rest.find(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}'])
    } else {
        rest.find(['\n', '\r'])
    };
    let Some(end) = end else {
        return (rest, "");
    };
    let brk = rest[end..].chars().next().map_or(1, char::len_utf8);
    let skip = if rest[end..].starts_with("\r\n") {
        2
    } else {
        brk
    };
    (&rest[..end], &rest[end + skip..])
}

/// Whether position `i` ends a token (a space, a tab or the end of the line).
fn ends_token(b: &[u8], i: usize) -> bool {
    i >= b.len() || matches!(b[i], b' ' | b'\t')
}

fn skip_spaces(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && matches!(b[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

/// Skip anchors (`&a`), tags (`!t`) and aliases (`*a`) before a node.
fn skip_properties(b: &[u8], mut i: usize) -> usize {
    loop {
        i = skip_spaces(b, i);
        if i < b.len() && matches!(b[i], b'&' | b'!' | b'*') {
            while i < b.len() && !matches!(b[i], b' ' | b'\t') {
                i += 1;
            }
        } else {
            return i;
        }
    }
}

/// The position after the quote closing a `q`-quoted scalar whose content starts at
/// `from`, when it closes on this line.
fn close_quote(b: &[u8], mut from: usize, q: u8) -> Option<usize> {
    while from < b.len() {
        match b[from] {
            b'\\' if q == b'"' => from += 2,
            c if c == q => {
                if q == b'\'' && b.get(from + 1) == Some(&b'\'') {
                    from += 2;
                } else {
                    return Some(from + 1);
                }
            }
            _ => from += 1,
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn depth(text: &str) -> usize {
        check(text).expect("within the limit")
    }

    #[test]
    fn counts_block_and_flow_nesting() {
        assert_eq!(depth("a: 1\n"), 1);
        assert_eq!(depth("a:\n  b: [1, {c: 2}]\n"), 4);
        assert_eq!(depth("- - x\n"), 2);
        assert_eq!(depth("a:\n- b:\n  - c: 1\n"), 5);
        let deep = format!("a: {}x{}\n", "[".repeat(40), "]".repeat(40));
        assert_eq!(
            check(&deep),
            Err(TooDeep {
                line: 1,
                column: 35
            })
        );
    }

    #[test]
    fn skips_what_holds_no_structure() {
        let brackets = "[".repeat(100);
        for text in [
            format!("a: \"{brackets}\"\n"),
            format!("a: '{brackets}'\n"),
            format!("a: x # {brackets}\n"),
            format!("a: |\n  {brackets}\n  - - - - - - -\nb: 1\n"),
            format!("a: >-\n    {brackets}\n\n    more\nb: 1\n"),
            format!("a: plain {brackets}\n"),
            format!("a: \"multi\n  line {brackets}\"\nb: 1\n"),
            format!("a: [\"{brackets}\", '{brackets}']\n"),
        ] {
            assert!(depth(&text) <= 2, "{text}");
        }
    }

    #[test]
    fn structure_after_a_block_scalar_counts() {
        let text = format!("a: |\n    x\n  b: {}\n", "[".repeat(40));
        assert!(check(&text).is_err());
        let text = format!("- |\n x\n- {}\n", "[".repeat(40));
        assert!(check(&text).is_err());
    }

    #[test]
    fn unicode_line_breaks_cannot_hide_nesting() {
        let text = format!("a: x\u{2028}{}x\n", "- ".repeat(40));
        assert!(check(&text).is_err());
    }
}

#[cfg(test)]
mod specs {
    /// Every spec in the repository fits well under the limit.
    #[test]
    fn real_specs_are_shallow() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../providers");
        let mut files = Vec::new();
        let mut dirs = vec![std::path::PathBuf::from(root)];
        while let Some(d) = dirs.pop() {
            for e in std::fs::read_dir(&d).expect("readable").flatten() {
                let p = e.path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "yaml") {
                    files.push(p);
                }
            }
        }
        assert!(files.len() >= 20, "{files:?}");
        let deepest = files
            .iter()
            .map(|f| {
                let text = std::fs::read_to_string(f).expect("readable");
                (super::check(&text).expect("within the limit"), f)
            })
            .max()
            .expect("some");
        assert!(deepest.0 * 2 <= super::MAX_DEPTH, "{deepest:?}");
    }
}

#[cfg(test)]
mod sound {
    //! The estimate never falls below the depth a YAML parser sees.

    use proptest::prelude::*;
    use saphyr_parser::{Event, Parser};

    /// The real depth, from the parser's events (fine for small documents).
    fn parsed_depth(text: &str) -> Option<usize> {
        let (mut depth, mut deepest) = (0usize, 0usize);
        for item in Parser::new_from_str(text) {
            match item.ok()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
                Event::MappingEnd | Event::SequenceEnd => depth -= 1,
                _ => {}
            }
        }
        Some(deepest)
    }

    fn tree() -> impl Strategy<Value = serde_json::Value> {
        let leaf = prop_oneof![
            Just(serde_json::Value::Null),
            "[a-z\\[\\]{}#:' \"|>-]{0,8}".prop_map(serde_json::Value::from),
            any::<i32>().prop_map(serde_json::Value::from),
        ];
        leaf.prop_recursive(12, 64, 4, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
                prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                    .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn block_style_is_never_underestimated(v in tree()) {
            let text = serde_yaml_ng::to_string(&v).expect("serialises");
            if let Some(real) = parsed_depth(&text) {
                let est = super::check(&text).unwrap_or(usize::MAX);
                prop_assert!(est >= real, "{est} < {real}:\n{text}");
            }
        }

        #[test]
        fn flow_style_is_never_underestimated(v in tree()) {
            // JSON is YAML in flow style.
            let text = format!("a: {}\n", serde_json::to_string(&v).expect("serialises"));
            if let Some(real) = parsed_depth(&text) {
                let est = super::check(&text).unwrap_or(usize::MAX);
                prop_assert!(est >= real, "{est} < {real}:\n{text}");
            }
        }
    }
}
