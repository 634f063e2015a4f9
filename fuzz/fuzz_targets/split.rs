//! The SQL text layer on arbitrary text: tokenizer, splitter, statement
//! headers, `CREATE TABLE` bodies, column constraints, checksums and forms.
//!
//! Beyond "never panics", it checks the invariants every byte offset in the
//! crate relies on: tokens tile the input on character boundaries, and
//! statements are in order, made of whole tokens, and re-split alone into
//! exactly one statement (the replay runs that text).
#![no_main]

use std::ops::Range;

use libfuzzer_sys::fuzz_target;
use schemaguard_core::checksum::checksum;
use schemaguard_core::sql::header::{AlterAction, Header};
use schemaguard_core::sql::lexer::{Token, TokenKind, tokenize};
use schemaguard_core::sql::name::Name;
use schemaguard_core::sql::normalize::form_text;
use schemaguard_core::sql::split::Script;
use schemaguard_core::sql::table_def::{ColumnExtras, TableDef, table_check};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if schemaguard_fuzz::known_bug(&text).is_some() {
        return;
    }
    check(&text);
});

fn check(source: &str) {
    check_tokens(source);
    let script = Script::parse(source);
    check_statements(source, &script);

    for statement in &script.statements {
        let tokens = script.tokens_of(statement);
        let _ = form_text(tokens, source);
        match Header::parse(tokens, source) {
            Header::Create(c) => {
                check_name(source, &statement.span, &c.name);
                if let Some(on) = &c.on {
                    check_name(source, &statement.span, on);
                }
                assert!(c.after_name <= tokens.len(), "after_name past the end");
                if let Some(def) = TableDef::parse(tokens, source, c.after_name) {
                    check_table(source, &statement.span, tokens, &def);
                }
            }
            Header::Drop(d) => check_name(source, &statement.span, &d.name),
            Header::AlterTable(a) => {
                check_name(source, &statement.span, &a.table);
                match &a.action {
                    AlterAction::RenameTo(to) => check_name(source, &statement.span, to),
                    AlterAction::RenameColumn { from, to } => {
                        check_name(source, &statement.span, from);
                        check_name(source, &statement.span, to);
                    }
                    AlterAction::AddColumn { column, after_name } => {
                        check_name(source, &statement.span, column);
                        assert!(*after_name <= tokens.len(), "after_name past the end");
                        let extras = ColumnExtras::parse(tokens, source, *after_name..tokens.len());
                        check_extras(source, tokens, &(*after_name..tokens.len()), &extras);
                    }
                    AlterAction::DropColumn(c) => check_name(source, &statement.span, c),
                    AlterAction::Unknown => {}
                }
            }
            _ => {}
        }
    }

    let sum = checksum(source);
    assert_eq!(sum.len(), 64, "checksum is not SHA-256 hex: {sum}");
    if !source.starts_with('\u{feff}') {
        let with_bom = format!("\u{feff}{source}");
        assert_eq!(checksum(&with_bom), sum, "a BOM changed the checksum");
    }
}

/// Tokens are contiguous, non-empty, on character boundaries and cover
/// the whole input; an unterminated token runs to the end.
fn check_tokens(source: &str) {
    let mut pos = 0;
    for token in tokenize(source) {
        assert_eq!(token.start, pos, "gap or overlap before {token:?}");
        assert!(token.start < token.end, "empty token {token:?}");
        assert!(token.end <= source.len(), "token past the end {token:?}");
        assert!(
            source.is_char_boundary(token.start) && source.is_char_boundary(token.end),
            "token {token:?} splits a character"
        );
        if token.kind == TokenKind::Unterminated {
            assert_eq!(token.end, source.len(), "unterminated token stops early");
        }
        pos = token.end;
    }
    assert_eq!(pos, source.len(), "tokens do not reach the end");
}

/// Statements are in order, start at their first token, end at their `;`
/// or at the last token, and only `;` lies between them.
fn check_statements(source: &str, script: &Script) {
    let tokens = &script.tokens;
    assert!(
        tokens.iter().all(|t| !t.kind.is_trivia()),
        "trivia among the significant tokens"
    );
    let mut prev_span_end = 0;
    let mut prev_tokens_end = 0;
    for s in &script.statements {
        assert!(s.span.start < s.span.end, "empty statement {s:?}");
        assert!(prev_span_end <= s.span.start, "statements overlap: {s:?}");
        assert!(s.span.end <= source.len(), "statement past the end {s:?}");
        assert!(
            source.is_char_boundary(s.span.start) && source.is_char_boundary(s.span.end),
            "statement {s:?} splits a character"
        );
        assert!(
            s.tokens.start < s.tokens.end,
            "statement without tokens {s:?}"
        );
        assert!(
            prev_tokens_end <= s.tokens.start,
            "token ranges overlap {s:?}"
        );
        assert!(
            s.tokens.end <= tokens.len(),
            "token range past the end {s:?}"
        );
        for t in &tokens[prev_tokens_end..s.tokens.start] {
            assert_eq!(
                t.kind,
                TokenKind::Semicolon,
                "token dropped between statements"
            );
        }
        assert_eq!(s.span.start, tokens[s.tokens.start].start);
        let closed = tokens
            .get(s.tokens.end)
            .is_some_and(|t| t.kind == TokenKind::Semicolon && t.end == s.span.end);
        let to_the_end = s.tokens.end == tokens.len() && tokens[tokens.len() - 1].end == s.span.end;
        assert!(closed || to_the_end, "bad statement end {s:?}");

        let text = &source[s.span.clone()];
        let again = Script::parse(text);
        assert_eq!(again.statements.len(), 1, "{text:?} re-splits");
        assert_eq!(again.statements[0].span, 0..text.len());

        prev_span_end = s.span.end;
        prev_tokens_end = if closed {
            s.tokens.end + 1
        } else {
            s.tokens.end
        };
    }
    for t in &tokens[prev_tokens_end.min(tokens.len())..] {
        assert_eq!(
            t.kind,
            TokenKind::Semicolon,
            "token dropped after the last statement"
        );
    }
}

/// A name's span lies inside its statement, on character boundaries.
fn check_name(source: &str, statement: &Range<usize>, name: &Name) {
    let span = &name.span;
    assert!(
        statement.start <= span.start && span.start < span.end && span.end <= statement.end,
        "name {name:?} outside its statement {statement:?}"
    );
    let _ = &source[span.clone()];
    let _ = name.key();
    let _ = name.is_temp();
}

fn check_range(what: &str, outer: &Range<usize>, inner: &Range<usize>) {
    assert!(
        outer.start <= inner.start && inner.start <= inner.end && inner.end <= outer.end,
        "{what} {inner:?} outside {outer:?}"
    );
}

fn check_table(source: &str, statement: &Range<usize>, tokens: &[Token], def: &TableDef) {
    let all = 0..tokens.len();
    for column in &def.columns {
        check_name(source, statement, &column.name);
        check_range("column rest", &all, &column.rest);
        let extras = ColumnExtras::parse(tokens, source, column.rest.clone());
        check_extras(source, tokens, &column.rest, &extras);
    }
    for constraint in &def.constraints {
        check_range("constraint", &all, constraint);
        if let Some(check) = table_check(tokens, source, constraint.clone()) {
            check_range("table CHECK", constraint, &check);
            let _ = form_text(&tokens[check], source);
        }
    }
}

fn check_extras(source: &str, tokens: &[Token], rest: &Range<usize>, extras: &ColumnExtras) {
    // The library slices `tokens[range]` with these ranges (introspect.rs).
    for check in &extras.checks {
        check_range("column CHECK", rest, check);
        let _ = form_text(&tokens[check.clone()], source);
    }
    if let Some(generated) = &extras.generated {
        check_range("generated", rest, generated);
        let _ = form_text(&tokens[generated.clone()], source);
    }
}
