//! From a YAML path (`operations.rotate_key.scopes[0]`) back to a line and column.
//!
//! serde gives positions only for syntax and type errors; semantic checks run on the typed
//! model, which has none. Rather than carry a span in every model field, lint names the
//! path of what it objects to, and this module walks the YAML events once (only when there
//! is something to report) to find where that path was written.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use saphyr_parser::{Event, Parser};

/// 1-based line and column (in characters).
pub(crate) type Pos = (usize, usize);

/// Where a node was written: its start, and the position just past its end.
pub(crate) type Span = (Pos, Pos);

/// Positions of every node in a YAML document, by path.
pub(crate) struct Index {
    /// The span to underline for each path: a mapping entry's key, stretched over its
    /// value when that is a scalar or flow collection on the same line; a list item itself.
    positions: HashMap<String, Span>,
    /// Every mapping key as written, in document order: `(key, path, span)`.
    keys: Vec<(String, String, Span)>,
    /// Where each scalar that starts at a position ends (for errors serde places there).
    scalars: HashMap<Pos, Pos>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

impl Index {
    /// Index `text`. A document that does not parse yields what was read before the error.
    pub(crate) fn new(text: &str) -> Self {
        let mut positions: HashMap<String, Span> = HashMap::new();
        let mut keys = Vec::new();
        let mut scalars = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = (span.start.line(), span.start.col() + 1);
            let end = (span.end.line(), span.end.col() + 1);
            match event {
                Event::Scalar(value, ..) => {
                    scalars.insert(pos, end);
                    if let Some(Frame::Map { path, key }) = stack.last_mut()
                        && key.is_none()
                    {
                        // A mapping key: the entry is found where its key is written.
                        let child = join(path, &value);
                        let key_span = (pos, end.max((pos.0, pos.1 + 1)));
                        keys.push((value.to_string(), child.clone(), key_span));
                        positions.entry(child).or_insert(key_span);
                        *key = Some(value.into_owned());
                        continue;
                    }
                    if let Some(path) = node_path(&mut stack) {
                        match positions.entry(path) {
                            // A key's value: stretch the key's span over it.
                            Entry::Occupied(mut e) => stretch_span(e.get_mut(), end),
                            Entry::Vacant(e) => {
                                e.insert((pos, end.max((pos.0, pos.1 + 1))));
                            }
                        }
                    }
                }
                Event::Alias(_) => {
                    node_path(&mut stack);
                }
                Event::MappingStart(..) | Event::SequenceStart(..) => {
                    let is_map = matches!(event, Event::MappingStart(..));
                    // A collection used as a mapping key has no path of its own.
                    let path = node_path(&mut stack).unwrap_or_else(|| "?".to_owned());
                    positions
                        .entry(path.clone())
                        .or_insert((pos, (pos.0, pos.1 + 1)));
                    stack.push(if is_map {
                        Frame::Map { path, key: None }
                    } else {
                        Frame::Seq { path, next: 0 }
                    });
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    if let Some(Frame::Map { path, .. } | Frame::Seq { path, .. }) = stack.pop() {
                        stretch(&mut positions, &path, end);
                    }
                }
                Event::DocumentEnd => break,
                _ => {}
            }
        }
        Self {
            positions,
            keys,
            scalars,
        }
    }

    /// The `nth` (0-based) mapping key named `key` at or after `from`, with its path.
    ///
    /// serde reports an unknown field or a repeated key at the start of the enclosing
    /// mapping; this finds the key itself.
    pub(crate) fn key_after(&self, key: &str, from: Pos, nth: usize) -> Option<(&str, Span)> {
        self.keys
            .iter()
            .filter(|(k, _, span)| k == key && span.0 >= from)
            .nth(nth)
            .map(|(_, path, span)| (path.as_str(), *span))
    }

    /// Where the scalar starting at `pos` ends, if one does.
    pub(crate) fn scalar_end(&self, pos: Pos) -> Option<Pos> {
        self.scalars.get(&pos).copied()
    }

    /// Where `path` was written, or the nearest enclosing node that was.
    #[cfg(test)]
    pub(crate) fn find(&self, path: &str) -> Pos {
        self.span(path).0
    }

    /// The span of `path`, or of the nearest enclosing node that was written.
    pub(crate) fn span(&self, path: &str) -> Span {
        let mut p = path;
        loop {
            if let Some(span) = self.positions.get(p) {
                return *span;
            }
            match p.rfind(['.', '[']) {
                Some(cut) => p = &p[..cut],
                None => {
                    return self.positions.get("").copied().unwrap_or(((1, 1), (1, 2)));
                }
            }
        }
    }
}

/// Stretch an entry's span over its value when the value ends on the key's line.
fn stretch(positions: &mut HashMap<String, Span>, path: &str, end: Pos) {
    if let Some(s) = positions.get_mut(path) {
        stretch_span(s, end);
    }
}

fn stretch_span(s: &mut Span, end: Pos) {
    if s.0.0 == end.0 && end > s.1 {
        s.1 = end;
    }
}

/// The path of the node that starts now, advancing the enclosing frame past it.
fn node_path(stack: &mut [Frame]) -> Option<String> {
    match stack.last_mut() {
        None => Some(String::new()),
        Some(Frame::Map { path, key }) => key.take().map(|k| join(path, &k)),
        Some(Frame::Seq { path, next }) => {
            let p = format!("{path}[{next}]");
            *next += 1;
            Some(p)
        }
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

#[cfg(test)]
mod tests {
    use super::Index;

    const YAML: &str =
        "a: 1\nops:\n  rotate:\n    scopes:\n      - x\n      - y\n  m: {k: [1, 2]}\n";

    #[test]
    fn finds_keys_and_items() {
        let idx = Index::new(YAML);
        assert_eq!(idx.find("a"), (1, 1));
        assert_eq!(idx.find("ops.rotate"), (3, 3));
        assert_eq!(idx.find("ops.rotate.scopes[1]"), (6, 9));
        assert_eq!(idx.find("ops.m.k[1]"), (7, 14));
    }

    #[test]
    fn spans_cover_a_key_and_its_scalar_value() {
        let idx = Index::new(YAML);
        assert_eq!(idx.span("a"), ((1, 1), (1, 5)));
        assert_eq!(idx.span("ops.rotate.scopes[1]"), ((6, 9), (6, 10)));
        // A block value stays on its own lines: only the key is underlined.
        assert_eq!(idx.span("ops.rotate"), ((3, 3), (3, 9)));
        // A flow collection on the key's line is part of the entry.
        assert_eq!(idx.span("ops.m"), ((7, 3), (7, 17)));
    }

    #[test]
    fn falls_back_to_nearest_parent() {
        let idx = Index::new(YAML);
        assert_eq!(idx.find("ops.rotate.missing.deeper"), (3, 3));
        assert_eq!(idx.find("nothing"), (1, 1));
    }
}
