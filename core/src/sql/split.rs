//! Splits a SQL file into statements, the way `sqlite3_complete` decides
//! where one ends: at a `;`, except inside a `CREATE TRIGGER … BEGIN … END`
//! body, which ends only at `; END ;`.
//!
//! The state machine runs over SQLite's real tokens (the parser's), not
//! over `sqlite3_complete`'s simplified ones; the two differ only on SQL
//! the parser rejects anyway (`EXPLAIN :create TRIGGER …`).

use std::ops::Range;

use super::lexer::{Token, TokenKind, tokenize};

/// A SQL file split into statements.
#[derive(Clone, Debug)]
pub struct Script {
    /// Every significant token (no whitespace, no comments), in order.
    pub tokens: Vec<Token>,
    /// The statements, in order; empty statements (`;;`) are left out.
    pub statements: Vec<Statement>,
}

/// One statement of a [`Script`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Bytes from the first token through the closing `;` (if any).
    pub span: Range<usize>,
    /// Indices into [`Script::tokens`], closing `;` excluded.
    pub tokens: Range<usize>,
}

impl Script {
    /// Tokenizes and splits `source`.
    pub fn parse(source: &str) -> Self {
        let tokens: Vec<Token> = tokenize(source).filter(|t| !t.kind.is_trivia()).collect();
        let mut statements = Vec::new();
        let mut state = State::Start;
        let mut first: Option<usize> = None;
        for (i, token) in tokens.iter().enumerate() {
            let class = Class::of(token, source);
            if class != Class::Semi && first.is_none() {
                first = Some(i);
            }
            state = state.next(class);
            if class == Class::Semi
                && state == State::Start
                && let Some(f) = first.take()
            {
                statements.push(Statement {
                    span: tokens[f].start..token.end,
                    tokens: f..i,
                });
            }
        }
        if let Some(f) = first {
            let last = tokens[tokens.len() - 1];
            statements.push(Statement {
                span: tokens[f].start..last.end,
                tokens: f..tokens.len(),
            });
        }
        Script { tokens, statements }
    }

    /// The bytes of the last statement (an empty range for an empty file).
    pub fn last_statement(&self) -> Range<usize> {
        self.statements.last().map_or(0..0, |s| s.span.clone())
    }

    /// The significant tokens of `statement`.
    pub fn tokens_of(&self, statement: &Statement) -> &[Token] {
        &self.tokens[statement.tokens.clone()]
    }
}

/// Token classes of `sqlite3_complete`'s state machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Class {
    Semi,
    Other,
    Explain,
    Create,
    Temp,
    Trigger,
    End,
}

impl Class {
    fn of(token: &Token, source: &str) -> Self {
        match token.kind {
            TokenKind::Semicolon => Self::Semi,
            TokenKind::Word => {
                let word = token.text(source);
                let is = |k: &str| word.eq_ignore_ascii_case(k);
                if is("EXPLAIN") {
                    Self::Explain
                } else if is("CREATE") {
                    Self::Create
                } else if is("TEMP") || is("TEMPORARY") {
                    Self::Temp
                } else if is("TRIGGER") {
                    Self::Trigger
                } else if is("END") {
                    Self::End
                } else {
                    Self::Other
                }
            }
            _ => Self::Other,
        }
    }
}

/// States of `sqlite3_complete`'s state machine (whitespace already gone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Between statements.
    Start,
    /// Inside an ordinary statement.
    Normal,
    /// After a leading `EXPLAIN`.
    Explain,
    /// After `CREATE` (and maybe `TEMP`): a trigger may follow.
    Create,
    /// Inside a trigger body.
    Trigger,
    /// After a `;` inside a trigger body.
    Semi,
    /// After `; END` inside a trigger body.
    End,
}

impl State {
    fn next(self, class: Class) -> Self {
        use Class as C;
        use State as S;
        match (self, class) {
            (S::Start | S::Normal | S::Explain | S::Create | S::End, C::Semi) => S::Start,
            (S::Start, C::Explain) => S::Explain,
            (S::Start | S::Explain, C::Create) => S::Create,
            (S::Explain, C::Other) => S::Explain,
            (S::Start | S::Explain | S::Normal, _) => S::Normal,
            (S::Create, C::Temp) => S::Create,
            (S::Create, C::Trigger) => S::Trigger,
            (S::Create, _) => S::Normal,
            (S::Trigger | S::Semi, C::Semi) => S::Semi,
            (S::Semi, C::End) => S::End,
            (S::Trigger | S::Semi | S::End, _) => S::Trigger,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        Script::parse(sql)
            .statements
            .iter()
            .map(|s| &sql[s.span.clone()])
            .collect()
    }

    #[test]
    fn splits_on_semicolons() {
        assert_eq!(texts("a;b; c"), ["a;", "b;", "c"]);
    }

    #[test]
    fn empty_statements_are_dropped() {
        assert_eq!(texts(";; a ;;\n;"), ["a ;"]);
        assert!(texts("-- only a comment\n/* and this */").is_empty());
    }

    #[test]
    fn trigger_bodies_keep_their_semicolons() {
        let sql = "CREATE TEMP TRIGGER t AFTER INSERT ON x BEGIN\n  UPDATE y SET n = CASE WHEN 1 THEN 2 END;\n  DELETE FROM z;\nEND;\nSELECT 1;";
        let parts = texts(sql);
        assert_eq!(parts.len(), 2);
        assert!(parts[0].ends_with("END;"));
        assert_eq!(parts[1], "SELECT 1;");
    }

    #[test]
    fn words_inside_strings_and_comments_do_not_count() {
        assert_eq!(
            texts("SELECT 'CREATE TRIGGER'; -- CREATE TRIGGER\nSELECT 2;"),
            ["SELECT 'CREATE TRIGGER';", "SELECT 2;"]
        );
    }

    #[test]
    fn tokens_exclude_the_semicolon() {
        let sql = "SELECT 1;";
        let script = Script::parse(sql);
        let toks = script.tokens_of(&script.statements[0]);
        assert_eq!(toks.len(), 2);
    }
}
