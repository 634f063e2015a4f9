//! Token streams with layout removed: the basis of checksums and of the
//! *form* of views, triggers and expressions.

use super::lexer::{Token, TokenKind};
use super::name::unquote;

/// Whether SQLite treats `word` as a keyword.
pub fn is_keyword(word: &str) -> bool {
    let Ok(len) = std::ffi::c_int::try_from(word.len()) else {
        return false;
    };
    // SAFETY: the pointer and length describe `word`, which outlives the
    // call; SQLite only reads those bytes.
    unsafe { rusqlite::ffi::sqlite3_keyword_check(word.as_ptr().cast(), len) != 0 }
}

/// Whether `ident` can be written without quotes.
pub fn is_bare_identifier(ident: &str) -> bool {
    let mut bytes = ident.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && bytes.all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && !is_keyword(ident)
}

/// The text a token contributes to the checksum: unquoted words in upper
/// case (SQLite reads them case-insensitively), everything else verbatim.
pub fn checksum_token(token: &Token, source: &str) -> String {
    let text = token.text(source);
    match token.kind {
        TokenKind::Word => text.to_ascii_uppercase(),
        _ => text.to_string(),
    }
}

/// The canonical spelling of a token in a form: keywords upper case,
/// identifiers lower case with quotes only where needed, literals verbatim.
pub fn form_token(token: &Token, source: &str) -> String {
    let text = token.text(source);
    match token.kind {
        TokenKind::Word if is_keyword(text) => text.to_ascii_uppercase(),
        TokenKind::Word => text.to_ascii_lowercase(),
        TokenKind::QuotedIdent => canonical_identifier(&unquote(text)),
        TokenKind::Blob => text.to_ascii_uppercase(),
        _ => text.to_string(),
    }
}

/// An identifier spelled canonically: lower case, quoted only if it must be.
pub fn canonical_identifier(ident: &str) -> String {
    let lower = ident.to_ascii_lowercase();
    if is_bare_identifier(&lower) {
        lower
    } else {
        format!("\"{}\"", lower.replace('"', "\"\""))
    }
}

/// Joins canonical tokens into readable text: `f(a, b)`, `t.c`.
pub fn join(tokens: impl IntoIterator<Item = String>) -> String {
    let mut out = String::new();
    let mut glue_next = true;
    for tok in tokens {
        let glue_before = matches!(tok.as_str(), "," | ")" | "." | ";")
            || (tok == "("
                && out.ends_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '"'))
                && !ends_with_keyword(&out);
        if !out.is_empty() && !glue_next && !glue_before {
            out.push(' ');
        }
        glue_next = matches!(tok.as_str(), "(" | ".");
        out.push_str(&tok);
    }
    out
}

fn ends_with_keyword(text: &str) -> bool {
    // The word starts after the last character that cannot be in it, which
    // may be several bytes long.
    let word_start = text
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let word = &text[word_start..];
    !word.is_empty() && word.bytes().all(|b| !b.is_ascii_lowercase()) && is_keyword(word)
}

/// The canonical text of `tokens`: what a form compares.
pub fn form_text(tokens: &[Token], source: &str) -> String {
    join(tokens.iter().map(|t| form_token(t, source)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::lexer::tokenize;

    fn form(sql: &str) -> String {
        let toks: Vec<_> = tokenize(sql).filter(|t| !t.kind.is_trivia()).collect();
        form_text(&toks, sql)
    }

    #[test]
    fn layout_quoting_and_keyword_case_do_not_matter() {
        let a = form("select  \"Id\", [name] FROM notes WHERE x = 'A' -- c\n");
        let b = form("SELECT id,\n\tName\nfrom \"NOTES\" where X='A'");
        assert_eq!(a, b);
        assert_eq!(a, "SELECT id, name FROM notes WHERE x = 'A'");
    }

    #[test]
    fn literals_keep_their_case() {
        assert_ne!(form("SELECT 'x'"), form("SELECT 'X'"));
    }

    #[test]
    fn identifiers_that_need_quotes_keep_them() {
        assert_eq!(form("SELECT \"order\", [a b]"), "SELECT \"order\", \"a b\"");
    }

    #[test]
    fn calls_and_lists_read_naturally() {
        assert_eq!(
            form("SELECT lower( a ) FROM t WHERE b IN ( 1,2 )"),
            "SELECT lower(a) FROM t WHERE b IN (1, 2)"
        );
    }

    #[test]
    fn non_ascii_words_before_a_parenthesis() {
        assert_eq!(form("éa("), "éa(");
        assert_eq!(form("SELECT größe(1)"), "SELECT größe(1)");
    }

    #[test]
    fn keywords_are_recognised() {
        assert!(is_keyword("SELECT"));
        assert!(is_keyword("select"));
        assert!(!is_keyword("notes"));
    }
}
