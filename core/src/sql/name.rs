//! Object names as SQLite compares them: quoting removed, ASCII
//! case-insensitive, a `main.` qualifier dropped.

use std::fmt;
use std::ops::Range;

use super::lexer::{Token, TokenKind};

/// A name of a table, index, view, trigger or column, as written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    /// The name with its quoting removed, case as written.
    pub text: String,
    /// The schema qualifier (`temp` in `temp.x`), if any other than `main`.
    pub schema: Option<String>,
    /// Bytes of the name token (qualifier included) in its file.
    pub span: Range<usize>,
}

impl Name {
    /// The key SQLite compares: ASCII lower case.
    pub fn key(&self) -> String {
        key(&self.text)
    }

    /// Whether the name lives in the `temp` schema (a `TEMP` object).
    pub fn is_temp(&self) -> bool {
        self.schema
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("temp"))
    }
}

impl fmt::Display for Name {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

/// The comparison key of a name: SQLite folds ASCII case only.
pub fn key(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// `ident` as a double-quoted SQL identifier, safe to put in any statement.
///
/// ```
/// use schemaguard_core::sql::name::quote_identifier;
/// assert_eq!(quote_identifier(r#"we"ird"#), r#""we""ird""#);
/// ```
pub fn quote_identifier(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Whether `token` can name something: a word, a quoted identifier, or (an
/// SQLite leniency) a string literal.
pub fn is_name_token(token: &Token) -> bool {
    matches!(
        token.kind,
        TokenKind::Word | TokenKind::QuotedIdent | TokenKind::String
    )
}

/// The identifier a name token stands for, quoting removed.
pub fn unquote(text: &str) -> String {
    let bytes = text.as_bytes();
    let close = match bytes.first() {
        Some(b'"') => b'"',
        Some(b'`') => b'`',
        Some(b'\'') => b'\'',
        Some(b'[') => b']',
        _ => return text.to_string(),
    };
    // Both ends are ASCII here, so slicing one byte off each is safe.
    if bytes.len() < 2 || bytes[bytes.len() - 1] != close {
        return text.to_string();
    }
    let inner = &text[1..text.len() - 1];
    match close {
        b']' => inner.to_string(),
        q => {
            let q = char::from(q).to_string();
            inner.replace(&q.repeat(2), &q)
        }
    }
}

/// Reads a possibly qualified name (`x`, `"x"`, `main.x`, `temp."x"`) at the
/// start of `tokens`. Returns it and how many tokens it used.
pub fn read_name(tokens: &[Token], source: &str) -> Option<(Name, usize)> {
    let first = tokens.first().filter(|t| is_name_token(t))?;
    let dotted = tokens.get(1).is_some_and(|t| t.text(source) == ".");
    if dotted && let Some(second) = tokens.get(2).filter(|t| is_name_token(t)) {
        let schema = unquote(first.text(source));
        let schema = (!schema.eq_ignore_ascii_case("main")).then_some(schema);
        let name = Name {
            text: unquote(second.text(source)),
            schema,
            span: first.start..second.end,
        };
        return Some((name, 3));
    }
    let name = Name {
        text: unquote(first.text(source)),
        schema: None,
        span: first.span(),
    };
    Some((name, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::lexer::tokenize;

    fn name(sql: &str) -> (Name, usize) {
        let toks: Vec<_> = tokenize(sql).filter(|t| !t.kind.is_trivia()).collect();
        read_name(&toks, sql).unwrap()
    }

    #[test]
    fn quoting_is_removed_and_case_folded_in_the_key() {
        for sql in [
            "Idx_Tokens",
            "\"idx_tokens\"",
            "[IDX_TOKENS]",
            "`idx_tokens`",
            "main.idx_tokens",
            "MAIN.\"Idx_tokens\"",
        ] {
            let (n, _) = name(sql);
            assert_eq!(n.key(), "idx_tokens", "{sql}");
            assert_eq!(n.schema, None, "{sql}");
        }
    }

    #[test]
    fn temp_qualifier_is_kept() {
        let (n, used) = name("temp.scratch (");
        assert!(n.is_temp());
        assert_eq!(used, 3);
        assert_eq!(n.span, 0..12);
    }

    #[test]
    fn escaped_quotes_unescape() {
        assert_eq!(unquote("\"a\"\"b\""), "a\"b");
        assert_eq!(unquote("[a\"b]"), "a\"b");
        assert_eq!(unquote("\""), "\"");
    }

    #[test]
    fn non_ascii_words_are_names_as_they_are() {
        assert_eq!(unquote("é"), "é");
        assert_eq!(unquote("αβ"), "αβ");
        assert_eq!(unquote("\u{feff}"), "\u{feff}");
        assert_eq!(unquote("[é]"), "é");
        assert_eq!(unquote("\"é"), "\"é");
    }

    #[test]
    fn non_ascii_case_is_not_folded() {
        assert_ne!(key("É"), key("é"));
    }
}
