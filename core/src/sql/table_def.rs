//! The parts of a `CREATE TABLE` body that SQLite's pragmas do not report:
//! where each column is defined, CHECK expressions, generated-column
//! expressions, collations and AUTOINCREMENT.

use std::ops::Range;

use super::lexer::{Token, TokenKind};
use super::name::{Name, read_name};

/// A `CREATE TABLE name ( … ) [options]` body split into its items.
#[derive(Clone, Debug, Default)]
pub struct TableDef {
    /// Column definitions, in order.
    pub columns: Vec<ColumnDef>,
    /// Table constraints, as token ranges.
    pub constraints: Vec<Range<usize>>,
    /// `AUTOINCREMENT` appears somewhere in the body.
    pub autoincrement: bool,
    /// The `WITHOUT ROWID` table option.
    pub without_rowid: bool,
    /// The `STRICT` table option.
    pub strict: bool,
}

/// One column definition.
#[derive(Clone, Debug)]
pub struct ColumnDef {
    /// The column's name.
    pub name: Name,
    /// Token range of the definition after the name.
    pub rest: Range<usize>,
}

fn is(token: &Token, source: &str, word: &str) -> bool {
    token.kind == TokenKind::Word && token.text(source).eq_ignore_ascii_case(word)
}

fn is_punct(token: &Token, source: &str, p: &str) -> bool {
    token.kind == TokenKind::Punct && token.text(source) == p
}

/// Index one past the `)` matching the `(` at `open`, or the end.
pub fn group_end(tokens: &[Token], source: &str, open: usize) -> usize {
    let mut depth = 0usize;
    for (i, t) in tokens.iter().enumerate().skip(open) {
        if is_punct(t, source, "(") {
            depth += 1;
        } else if is_punct(t, source, ")") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i + 1;
            }
        }
    }
    tokens.len()
}

/// Splits `range` of `tokens` at commas outside parentheses.
pub fn split_commas(tokens: &[Token], source: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = range.start;
    for i in range.clone() {
        let t = &tokens[i];
        if is_punct(t, source, "(") {
            depth += 1;
        } else if is_punct(t, source, ")") {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && is_punct(t, source, ",") {
            items.push(start..i);
            start = i + 1;
        }
    }
    if start < range.end {
        items.push(start..range.end);
    }
    items
}

const CONSTRAINT_STARTS: [&str; 5] = ["CONSTRAINT", "PRIMARY", "UNIQUE", "CHECK", "FOREIGN"];

impl TableDef {
    /// Parses the body of a `CREATE TABLE` whose name ends before token
    /// `after_name`. `None` for `CREATE TABLE … AS SELECT` and for bodies
    /// too malformed to read (SQLite reports those).
    pub fn parse(tokens: &[Token], source: &str, after_name: usize) -> Option<Self> {
        let open = after_name;
        if !tokens.get(open).is_some_and(|t| is_punct(t, source, "(")) {
            return None;
        }
        let close = group_end(tokens, source, open);
        let inner = open + 1..close.saturating_sub(1).max(open + 1);
        let options = &tokens[close.min(tokens.len())..];
        let mut def = TableDef {
            autoincrement: tokens[open..close]
                .iter()
                .any(|t| is(t, source, "AUTOINCREMENT")),
            without_rowid: options.iter().any(|t| is(t, source, "ROWID")),
            strict: options.iter().any(|t| is(t, source, "STRICT")),
            ..TableDef::default()
        };
        for item in split_commas(tokens, source, inner) {
            let Some(first) = tokens.get(item.start) else {
                continue;
            };
            if CONSTRAINT_STARTS.iter().any(|w| is(first, source, w)) {
                def.constraints.push(item);
            } else if let Some((name, used)) = read_name(&tokens[item.clone()], source) {
                // A column name is never qualified; `read_name` may have read
                // `a.b` only in malformed input, which SQLite rejects anyway.
                def.columns.push(ColumnDef {
                    name,
                    rest: item.start + used..item.end,
                });
            }
        }
        Some(def)
    }
}

/// What a column definition says beyond the pragmas: collation,
/// CHECK expressions and a generated expression.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ColumnExtras {
    /// `COLLATE name`, upper case.
    pub collation: Option<String>,
    /// Token ranges of `CHECK ( … )` expressions (inside the parentheses).
    pub checks: Vec<Range<usize>>,
    /// Token range of `AS ( … )` (inside the parentheses).
    pub generated: Option<Range<usize>>,
}

impl ColumnExtras {
    /// Reads the constraints of a column definition (`rest` of a [`ColumnDef`]).
    pub fn parse(tokens: &[Token], source: &str, rest: Range<usize>) -> Self {
        let mut extras = ColumnExtras::default();
        let mut i = rest.start;
        while i < rest.end {
            let t = &tokens[i];
            if is_punct(t, source, "(") {
                i = group_end(tokens, source, i).min(rest.end);
                continue;
            }
            if is(t, source, "COLLATE") {
                if let Some(next) = tokens.get(i + 1).filter(|_| i + 1 < rest.end) {
                    extras.collation =
                        Some(super::name::unquote(next.text(source)).to_ascii_uppercase());
                }
            } else if is(t, source, "CHECK") || is(t, source, "AS") {
                let open = i + 1;
                if open < rest.end && is_punct(&tokens[open], source, "(") {
                    let end = group_end(tokens, source, open).min(rest.end);
                    let inner = open + 1..end.saturating_sub(1).max(open + 1);
                    if is(t, source, "CHECK") {
                        extras.checks.push(inner);
                    } else {
                        extras.generated = Some(inner);
                    }
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
        extras
    }
}

/// The token range inside `CHECK ( … )` of a table constraint, if it is one.
pub fn table_check(tokens: &[Token], source: &str, item: Range<usize>) -> Option<Range<usize>> {
    let pos = (item.start..item.end).find(|&i| is(&tokens[i], source, "CHECK"))?;
    let open = pos + 1;
    if open >= item.end || !is_punct(&tokens[open], source, "(") {
        return None;
    }
    let end = group_end(tokens, source, open).min(item.end);
    Some(open + 1..end.saturating_sub(1).max(open + 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::header::Header;
    use crate::sql::split::Script;

    fn parse(sql: &str) -> (Script, TableDef) {
        let script = Script::parse(sql);
        let toks = script.tokens_of(&script.statements[0]).to_vec();
        let Header::Create(c) = Header::parse(&toks, sql) else {
            panic!()
        };
        let def = TableDef::parse(&toks, sql, c.after_name).unwrap();
        (script, def)
    }

    #[test]
    fn columns_and_constraints() {
        let sql = "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, \"Name\" TEXT COLLATE nocase CHECK (length(name) > 0), total AS (id * 2) STORED, CONSTRAINT c CHECK (id > 0), UNIQUE (name, id))";
        let (script, def) = parse(sql);
        let names: Vec<_> = def.columns.iter().map(|c| c.name.key()).collect();
        assert_eq!(names, ["id", "name", "total"]);
        assert_eq!(def.constraints.len(), 2);
        assert!(def.autoincrement);
        assert!(!def.strict && !def.without_rowid);
        let toks = &script.tokens;
        let name = ColumnExtras::parse(toks, sql, def.columns[1].rest.clone());
        assert_eq!(name.collation.as_deref(), Some("NOCASE"));
        assert_eq!(name.checks.len(), 1);
        let total = ColumnExtras::parse(toks, sql, def.columns[2].rest.clone());
        let g = total.generated.unwrap();
        assert_eq!(&sql[toks[g.start].start..toks[g.end - 1].end], "id * 2");
        let check = table_check(toks, sql, def.constraints[0].clone()).unwrap();
        assert_eq!(
            &sql[toks[check.start].start..toks[check.end - 1].end],
            "id > 0"
        );
    }

    #[test]
    fn table_options() {
        let (_, def) = parse("CREATE TABLE t (a INTEGER PRIMARY KEY) WITHOUT ROWID, STRICT");
        assert!(def.without_rowid && def.strict);
    }

    #[test]
    fn create_as_select_has_no_body() {
        let sql = "CREATE TABLE t AS SELECT 1 AS a";
        let script = Script::parse(sql);
        let toks = script.tokens_of(&script.statements[0]);
        assert!(TableDef::parse(toks, sql, 3).is_none());
    }

    #[test]
    fn column_name_spans_point_into_the_file() {
        let sql = "CREATE TABLE t (\n  a TEXT,\n  [b c] INT\n)";
        let (_, def) = parse(sql);
        assert_eq!(&sql[def.columns[1].name.span.clone()], "[b c]");
    }
}
