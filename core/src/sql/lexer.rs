//! A tokenizer that follows SQLite's own (`tokenize.c`): the same token
//! boundaries, so byte offsets line up with what SQLite reports.
//!
//! It never fails: malformed input (an unterminated string, a stray `#`)
//! becomes a token of its own kind, and SQLite's replay reports it.

use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Spaces, tabs, newlines, form feeds.
    Space,
    /// `-- …` up to the end of the line.
    LineComment,
    /// `/* … */`, or `/* …` up to the end of the input.
    BlockComment,
    /// An unquoted identifier or keyword.
    Word,
    /// `"x"`, `[x]` or `` `x` ``.
    QuotedIdent,
    /// `'x'`.
    String,
    /// `x'00ff'`.
    Blob,
    /// `42`, `3.14`, `1e10`, `0x1F`.
    Number,
    /// `?`, `?1`, `:name`, `@name`, `$name`.
    Variable,
    /// `;`.
    Semicolon,
    /// An operator or `(`, `)`, `,`, `.`.
    Punct,
    /// A string, quoted identifier or blob that never ends.
    Unterminated,
    /// A character SQLite does not accept here.
    Illegal,
}

impl TokenKind {
    /// Whitespace and comments: what SQLite skips.
    pub fn is_trivia(self) -> bool {
        matches!(self, Self::Space | Self::LineComment | Self::BlockComment)
    }
}

/// One token: its kind and where it is in the input, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What the token is.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Token {
    /// The byte range of the token.
    pub fn span(&self) -> Range<usize> {
        self.start..self.end
    }

    /// The token's text in `source`.
    pub fn text<'a>(&self, source: &'a str) -> &'a str {
        &source[self.start..self.end]
    }
}

/// Iterates over every token of `source`, trivia included.
pub fn tokenize(source: &str) -> Tokens<'_> {
    Tokens {
        bytes: source.as_bytes(),
        pos: 0,
    }
}

/// The iterator returned by [`tokenize`].
#[derive(Clone, Debug)]
pub struct Tokens<'a> {
    bytes: &'a [u8],
    pos: usize,
}

/// Bytes SQLite accepts inside an unquoted identifier. Every byte of a
/// multi-byte UTF-8 character is one, so tokens end on character boundaries.
fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'$' || b >= 0x80
}

fn is_ident_start(b: u8) -> bool {
    b.is_ascii_alphabetic() || b == b'_' || b >= 0x80
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0c' | b'\r')
}

impl Tokens<'_> {
    fn at(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// End of a quoted run opened at `start` and closed by `close`, where a
    /// doubled `close` is an escaped one (`'it''s'`). `None` when unterminated.
    fn quoted_end(&self, start: usize, close: u8, doubling: bool) -> Option<usize> {
        let mut i = start + 1;
        while let Some(b) = self.at(i) {
            if b == close {
                if doubling && self.at(i + 1) == Some(close) {
                    i += 2;
                    continue;
                }
                return Some(i + 1);
            }
            i += 1;
        }
        None
    }

    fn digits_end(&self, mut i: usize, hex: bool) -> usize {
        while let Some(b) = self.at(i) {
            let digit = if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            };
            // SQLite 3.46+ accepts `_` between digits.
            let separator = b == b'_'
                && i > 0
                && self.at(i - 1).is_some_and(|p| p.is_ascii_hexdigit())
                && self.at(i + 1).is_some_and(|n| n.is_ascii_hexdigit());
            if !(digit || separator) {
                break;
            }
            i += 1;
        }
        i
    }

    fn number_end(&self, start: usize) -> usize {
        if self.at(start) == Some(b'0')
            && matches!(self.at(start + 1), Some(b'x' | b'X'))
            && self.at(start + 2).is_some_and(|b| b.is_ascii_hexdigit())
        {
            return self.ident_tail(self.digits_end(start + 2, true));
        }
        let mut i = self.digits_end(start, false);
        if self.at(i) == Some(b'.') {
            i = self.digits_end(i + 1, false);
        }
        if matches!(self.at(i), Some(b'e' | b'E')) {
            let mut j = i + 1;
            if matches!(self.at(j), Some(b'+' | b'-')) {
                j += 1;
            }
            if self.at(j).is_some_and(|b| b.is_ascii_digit()) {
                i = self.digits_end(j, false);
            }
        }
        // `123abc` is one (illegal) token in SQLite; keep it one token too.
        self.ident_tail(i)
    }

    fn ident_tail(&self, mut i: usize) -> usize {
        while self.at(i).is_some_and(is_ident_byte) {
            i += 1;
        }
        i
    }

    fn next_token(&mut self) -> Option<(TokenKind, usize)> {
        let start = self.pos;
        let b = self.at(start)?;
        let next = self.at(start + 1);
        let one = start + 1;
        let two = start + 2;
        let token = match b {
            _ if is_space(b) => {
                let mut i = one;
                while self.at(i).is_some_and(is_space) {
                    i += 1;
                }
                (TokenKind::Space, i)
            }
            b'-' if next == Some(b'-') => {
                let mut i = two;
                while self.at(i).is_some_and(|c| c != b'\n') {
                    i += 1;
                }
                (TokenKind::LineComment, i)
            }
            b'-' if next == Some(b'>') => {
                let end = if self.at(two) == Some(b'>') {
                    two + 1
                } else {
                    two
                };
                (TokenKind::Punct, end)
            }
            b'/' if next == Some(b'*') => {
                let mut i = two;
                let end = loop {
                    match self.at(i) {
                        None => break i,
                        Some(b'*') if self.at(i + 1) == Some(b'/') => break i + 2,
                        Some(_) => i += 1,
                    }
                };
                (TokenKind::BlockComment, end)
            }
            b';' => (TokenKind::Semicolon, one),
            b'\'' => match self.quoted_end(start, b'\'', true) {
                Some(end) => (TokenKind::String, end),
                None => (TokenKind::Unterminated, self.bytes.len()),
            },
            b'"' | b'`' => match self.quoted_end(start, b, true) {
                Some(end) => (TokenKind::QuotedIdent, end),
                None => (TokenKind::Unterminated, self.bytes.len()),
            },
            b'[' => match self.quoted_end(start, b']', false) {
                Some(end) => (TokenKind::QuotedIdent, end),
                None => (TokenKind::Unterminated, self.bytes.len()),
            },
            b'x' | b'X' if next == Some(b'\'') => match self.quoted_end(one, b'\'', false) {
                Some(end) => (TokenKind::Blob, end),
                None => (TokenKind::Unterminated, self.bytes.len()),
            },
            b'.' if next.is_some_and(|c| c.is_ascii_digit()) => {
                (TokenKind::Number, self.number_end(start))
            }
            _ if b.is_ascii_digit() => (TokenKind::Number, self.number_end(start)),
            _ if is_ident_start(b) => (TokenKind::Word, self.ident_tail(one)),
            b'?' => {
                let mut i = one;
                while self.at(i).is_some_and(|c| c.is_ascii_digit()) {
                    i += 1;
                }
                (TokenKind::Variable, i)
            }
            b':' | b'@' | b'$' => {
                let end = self.ident_tail(one);
                if end == one {
                    (TokenKind::Illegal, one)
                } else {
                    (TokenKind::Variable, end)
                }
            }
            b'<' => match next {
                Some(b'=' | b'>' | b'<') => (TokenKind::Punct, two),
                _ => (TokenKind::Punct, one),
            },
            b'>' => match next {
                Some(b'=' | b'>') => (TokenKind::Punct, two),
                _ => (TokenKind::Punct, one),
            },
            b'=' => {
                let end = if next == Some(b'=') { two } else { one };
                (TokenKind::Punct, end)
            }
            b'!' if next == Some(b'=') => (TokenKind::Punct, two),
            b'|' => {
                let end = if next == Some(b'|') { two } else { one };
                (TokenKind::Punct, end)
            }
            b'(' | b')' | b',' | b'.' | b'+' | b'-' | b'*' | b'/' | b'%' | b'&' | b'~' => {
                (TokenKind::Punct, one)
            }
            _ => (TokenKind::Illegal, one),
        };
        Some(token)
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        let start = self.pos;
        let (kind, end) = self.next_token()?;
        // Every arm consumes at least one byte; keep that true even if an
        // arm is ever wrong, so iteration always terminates.
        let end = end.max(start + 1).min(self.bytes.len());
        self.pos = end;
        Some(Token { kind, start, end })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(sql: &str) -> Vec<(TokenKind, &str)> {
        tokenize(sql)
            .filter(|t| t.kind != TokenKind::Space)
            .map(|t| (t.kind, t.text(sql)))
            .collect()
    }

    #[test]
    fn quoting_styles_are_single_tokens() {
        use TokenKind::*;
        assert_eq!(
            kinds(r#"'it''s' "a ""b""" [c d] `e``f` x'0A'"#),
            vec![
                (String, "'it''s'"),
                (QuotedIdent, r#""a ""b""""#),
                (QuotedIdent, "[c d]"),
                (QuotedIdent, "`e``f`"),
                (Blob, "x'0A'"),
            ]
        );
    }

    #[test]
    fn comments_hide_semicolons() {
        use TokenKind::*;
        assert_eq!(
            kinds("a -- b; c\n/* d; */ e"),
            vec![
                (Word, "a"),
                (LineComment, "-- b; c"),
                (BlockComment, "/* d; */"),
                (Word, "e")
            ]
        );
    }

    #[test]
    fn unterminated_runs_to_the_end() {
        use TokenKind::*;
        assert_eq!(kinds("a 'b; c"), vec![(Word, "a"), (Unterminated, "'b; c")]);
        assert_eq!(
            kinds("a /* b; c"),
            vec![(Word, "a"), (BlockComment, "/* b; c")]
        );
        assert_eq!(kinds("[x"), vec![(Unterminated, "[x")]);
    }

    #[test]
    fn numbers_and_operators() {
        use TokenKind::*;
        assert_eq!(
            kinds("1.5e-3 .5 0xFF 1_000 a->>'$.b' x<>y ||"),
            vec![
                (Number, "1.5e-3"),
                (Number, ".5"),
                (Number, "0xFF"),
                (Number, "1_000"),
                (Word, "a"),
                (Punct, "->>"),
                (String, "'$.b'"),
                (Word, "x"),
                (Punct, "<>"),
                (Word, "y"),
                (Punct, "||"),
            ]
        );
    }

    #[test]
    fn unicode_identifiers_stay_whole() {
        let sql = "CREATE TABLE café(naïve);";
        let words: Vec<_> = kinds(sql).into_iter().map(|(_, t)| t).collect();
        assert_eq!(words, ["CREATE", "TABLE", "café", "(", "naïve", ")", ";"]);
    }

    #[test]
    fn variables() {
        use TokenKind::*;
        assert_eq!(
            kinds("?1 :a @b $c ? :"),
            vec![
                (Variable, "?1"),
                (Variable, ":a"),
                (Variable, "@b"),
                (Variable, "$c"),
                (Variable, "?"),
                (Illegal, ":")
            ]
        );
    }
}
