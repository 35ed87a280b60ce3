//! Diagnostics that point at the YAML an author wrote.

use std::fmt;

/// One problem in a spec, located in its file.
///
/// Displays as `file:line:col: error: message`, the form editors and CI logs link to.
/// Semantic problems also carry the YAML path (`operations.rotate_key.scopes[0]`), which
/// leads the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file (or source name) the spec came from.
    pub file: String,
    /// 1-based line; 0 when the problem has no position (an unreadable file).
    pub line: usize,
    /// 1-based column; 0 when the problem has no position.
    pub column: usize,
    /// YAML path of the offending node, for semantic problems.
    pub path: Option<String>,
    /// What is wrong, and where useful, what would be right.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: error: ", self.file, self.line, self.column)?;
        if let Some(path) = &self.path {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)
    }
}

/// Every problem found in one or more specs; never empty when returned as an error.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The first problem, which a compile error or short message reports.
    pub fn first(&self) -> Option<&Diagnostic> {
        self.0.first()
    }

    /// Iterate over the problems in file order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many problems there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// The 1-based line and column (in characters) of byte `index` in `text`, counting line
/// breaks as editors do: `\n`, `\r\n` and a lone `\r`. (The YAML 1.1 parser also breaks
/// lines at U+0085, U+2028 and U+2029; editors and the rest of our diagnostics do not.)
pub(crate) fn position(text: &str, index: usize) -> (usize, usize) {
    let mut end = index.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let before = &text[..end];
    let mut line = 1;
    let mut line_start = 0;
    let bytes = before.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        let is_break = b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
        if is_break {
            line += 1;
            line_start = i + 1;
        }
    }
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::position;

    #[test]
    fn positions_count_only_editor_line_breaks() {
        assert_eq!(position("ab\ncd", 4), (2, 2));
        assert_eq!(position("a\r\nb", 3), (2, 1));
        assert_eq!(position("a\rb", 2), (2, 1));
        assert_eq!(position("\u{2028}#", 3), (1, 2));
        assert_eq!(position("é", 1), (1, 1));
        assert_eq!(position("x", 99), (1, 2));
    }
}
