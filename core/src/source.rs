//! SQL files as the analysis sees them: text plus a display path, with
//! byte offsets turned into `line:col` the way rustc counts them.

/// Index of a file in the analysis' file list (0 is the base schema).
pub type FileId = usize;

/// One SQL file's text, BOM removed, and the path shown in messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceFile {
    /// The path relative to the crate's manifest directory, `/`-separated.
    pub path: String,
    /// The text, without a leading BOM. Offsets everywhere refer to it.
    pub text: String,
}

impl SourceFile {
    /// Wraps `text`, dropping a leading UTF-8 byte order mark.
    pub fn new(path: impl Into<String>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        SourceFile {
            path: path.into(),
            text: text.to_string(),
        }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset);
        let before = &self.text[..offset];
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() + 1;
        (line, col)
    }

    /// `path:line:col` of byte `offset`.
    pub fn location(&self, offset: usize) -> String {
        let (line, col) = self.line_col(offset);
        format!("{}:{line}:{col}", self.path)
    }
}

/// The largest character boundary of `text` at or below `offset`.
pub fn floor_char_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_one_based() {
        let f = SourceFile::new("m.sql", "ab\r\ncé d");
        assert_eq!(f.line_col(0), (1, 1));
        assert_eq!(f.line_col(4), (2, 1));
        // 'é' is two bytes but one column.
        assert_eq!(f.line_col(7), (2, 3));
        assert_eq!(f.location(8), "m.sql:2:4");
    }

    #[test]
    fn bom_is_dropped() {
        let f = SourceFile::new("m.sql", "\u{feff}SELECT 1;");
        assert_eq!(f.text, "SELECT 1;");
    }

    #[test]
    fn offsets_past_the_end_or_inside_a_char_are_clamped() {
        let f = SourceFile::new("m.sql", "é");
        assert_eq!(f.line_col(1), (1, 1));
        assert_eq!(f.line_col(99), (1, 2));
    }
}
