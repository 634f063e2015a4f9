//! The type a parameter must have, read from where it stands: compared
//! with a column (`col = ?`, `? < col`, `col IN (?, ?)`, `col BETWEEN ?
//! AND ?`, `col IS ?`), assigned to one (`UPDATE … SET col = ?`, an
//! upsert's `DO UPDATE SET`), inserted into one (`INSERT INTO t (a, b)
//! VALUES (?, ?), (?, ?)`), or a `LIMIT`/`OFFSET`.
//!
//! The walk only recognises these shapes when the parameter stands alone
//! as the operand (`col = ? + 1` is not read) and the column resolves to
//! exactly one declared type; anything else leaves the parameter
//! unchecked, never rejected.
//!
//! A parameter the statement itself tests for NULL anywhere (`?1 IS
//! NULL OR col = ?1`, `coalesce(?1, col)`) takes NULL even where its
//! comparison alone would refuse it: the test shows NULL is meant.

use std::collections::HashMap;

use rusqlite::Statement;

use super::catalog::Schema;

use super::types::{Type, of_declared};
use super::walk::NOT_ALIAS;
use crate::sql::lexer::{Token, TokenKind};
use crate::sql::name::unquote;

/// What one parameter must be. The macro's check uses `index`, `ty` and
/// `null`; `role` says where the parameter stands, which the tests assert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expected {
    /// The parameter's number (`?1` is 1); argument `index - 1` binds it.
    pub index: usize,
    /// The type of the column it meets (never [`Type::Value`]).
    pub ty: Type,
    /// Whether `Option<…>` (NULL) is accepted.
    pub null: bool,
    /// Where it stands: "compared with `users.id`".
    pub role: String,
    /// Why NULL is refused, when it is.
    pub why_not_null: Option<NotNull>,
}

/// Why a parameter refuses NULL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotNull {
    /// It is compared with a column: a comparison with NULL is never true.
    Compared,
    /// It is written into a column declared NOT NULL.
    Column,
    /// It is a `LIMIT` or `OFFSET`, which SQLite refuses NULL for.
    Limit,
}

/// A column as a parameter sees it.
#[derive(Clone, Debug)]
struct Col {
    table: String,
    name: String,
    ty: Type,
    not_null: bool,
    /// Writing NULL is accepted anyway: an `INTEGER PRIMARY KEY` (NULL
    /// picks a new rowid), a column with a default under `OR REPLACE`,
    /// `OR IGNORE`, or a table with `ON CONFLICT` clauses.
    null_write_ok: bool,
}

/// How the statement resolves table names.
struct Scope {
    /// Lower-cased name or alias → table (`None`: ambiguous).
    aliases: HashMap<String, Option<String>>,
    /// Tables and views named anywhere in the statement.
    tables: Vec<String>,
    /// The statement has a CTE or a subquery in a FROM: unqualified
    /// names may mean their columns, so they are not resolved.
    derived: bool,
}

/// Words after which a bare operand starts (its left neighbour binds
/// looser than a comparison).
const BEFORE: &[&str] = &[
    "where", "and", "or", "on", "having", "when", "then", "else", "not", "select", "(", ",",
];

/// Words and marks that may follow an operand that ends there.
const AFTER: &[&str] = &[
    ")",
    ",",
    ";",
    "and",
    "or",
    "where",
    "group",
    "order",
    "limit",
    "offset",
    "having",
    "window",
    "union",
    "intersect",
    "except",
    "returning",
    "then",
    "when",
    "else",
    "end",
    "from",
    "join",
    "inner",
    "left",
    "right",
    "full",
    "cross",
    "natural",
    "on",
    "using",
    "do",
    "collate",
];

/// The expected type of each parameter whose context says one, by number;
/// `tokens` are the statement's (from its one parse in `describe`).
pub fn expected(
    conn: Schema<'_>,
    stmt: &Statement<'_>,
    sql: &str,
    tokens: &[Token],
) -> Vec<Expected> {
    let walk = Walk::new(conn, stmt, sql, tokens.to_vec());
    let mut found: Vec<Expected> = Vec::new();
    let mut conflicted: Vec<usize> = Vec::new();
    for (i, index) in walk.numbers.iter().enumerate() {
        let Some(index) = *index else { continue };
        let Some(e) = walk.context(i, index) else {
            continue;
        };
        match found.iter_mut().find(|f| f.index == index) {
            Some(prev) if prev.ty != e.ty => conflicted.push(index),
            // A refusal that a NULL test cannot lift (a write, a LIMIT)
            // outranks a comparison's.
            Some(prev)
                if !e.null && (prev.null || prev.why_not_null == Some(NotNull::Compared)) =>
            {
                prev.null = false;
                prev.why_not_null = e.why_not_null;
                prev.role = e.role;
            }
            Some(_) => {}
            None => found.push(e),
        }
    }
    found.retain(|e| !conflicted.contains(&e.index));
    // `?1 IS NULL OR col = ?1`: the caller means to pass NULL, which the
    // test handles; the comparison alone would refuse it. Not where NULL
    // would fail: written into a NOT NULL column, or a LIMIT.
    for e in &mut found {
        if e.why_not_null == Some(NotNull::Compared) && walk.tested_for_null(e.index) {
            e.null = true;
            e.why_not_null = None;
        }
    }
    found.sort_by_key(|e| e.index);
    found
}

/// Each token's parameter number, for the variables among `tokens`, by
/// SQLite's numbering: `?` is one more than the highest so far, `?N` is
/// N, a name keeps the number of its first appearance.
pub(super) fn numbers(sql: &str, tokens: &[Token], stmt: &Statement<'_>) -> Vec<Option<usize>> {
    let mut highest = 0usize;
    tokens
        .iter()
        .map(|t| {
            if t.kind != TokenKind::Variable {
                return None;
            }
            let text = t.text(sql);
            let n = if text == "?" {
                highest + 1
            } else {
                stmt.parameter_index(text).ok().flatten()?
            };
            highest = highest.max(n);
            Some(n)
        })
        .collect()
}

struct Walk<'a> {
    conn: Schema<'a>,
    sql: &'a str,
    tokens: Vec<Token>,
    depth: Vec<usize>,
    /// Per token: its parameter number, for variables.
    numbers: Vec<Option<usize>>,
    scope: Scope,
    verb: String,
    /// The written table of INSERT/UPDATE.
    target: Option<String>,
    /// `OR REPLACE`/`REPLACE INTO`, `OR IGNORE`.
    replace: bool,
    ignore: bool,
}

impl<'a> Walk<'a> {
    fn new(conn: Schema<'a>, stmt: &Statement<'_>, sql: &'a str, tokens: Vec<Token>) -> Self {
        let mut depth = Vec::with_capacity(tokens.len());
        let mut d = 0usize;
        for t in &tokens {
            if t.text(sql) == ")" {
                d = d.saturating_sub(1);
            }
            depth.push(d);
            if t.text(sql) == "(" {
                d += 1;
            }
        }
        let numbers = numbers(sql, &tokens, stmt);
        let mut walk = Walk {
            conn,
            sql,
            tokens,
            depth,
            numbers,
            scope: Scope {
                aliases: HashMap::new(),
                tables: Vec::new(),
                derived: false,
            },
            verb: String::new(),
            target: None,
            replace: false,
            ignore: false,
        };
        walk.read_statement();
        walk
    }

    fn text(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.sql))
    }

    fn word(&self, i: usize) -> String {
        match self.tokens.get(i) {
            Some(t) if t.kind == TokenKind::Word || t.kind == TokenKind::Punct => {
                t.text(self.sql).to_ascii_lowercase()
            }
            _ => String::new(),
        }
    }

    fn is_name(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
    }

    fn name(&self, i: usize) -> String {
        unquote(self.text(i))
    }

    /// The verb, the written table, the tables and aliases.
    fn read_statement(&mut self) {
        let known = self.conn.catalog.names(self.conn.conn);
        let n = self.tokens.len();
        let verb_at = (0..n).find(|&i| {
            self.depth[i] == 0
                && matches!(
                    self.word(i).as_str(),
                    "select" | "insert" | "replace" | "update" | "delete" | "values"
                )
        });
        self.verb = verb_at.map(|i| self.word(i)).unwrap_or_default();
        self.scope.derived = self.word(0) == "with"
            || (0..n).any(|i| {
                self.text(i) == "("
                    && matches!(self.word(i + 1).as_str(), "select" | "values" | "with")
                    && matches!(self.word(i.wrapping_sub(1)).as_str(), "from" | "join" | ",")
            });
        if let Some(v) = verb_at {
            let head: Vec<String> = (v..(v + 4).min(n)).map(|i| self.word(i)).collect();
            self.replace = self.verb == "replace" || head.get(2).is_some_and(|w| w == "replace");
            self.ignore = head.get(2).is_some_and(|w| w == "ignore");
            let target = match self.verb.as_str() {
                "insert" | "replace" => (v..n).find(|&i| self.word(i) == "into").map(|i| i + 1),
                "update" => Some(if head.get(1).is_some_and(|w| w == "or") {
                    v + 3
                } else {
                    v + 1
                }),
                _ => None,
            };
            if let Some(t) = target.filter(|&t| self.is_name(t)) {
                let t = if self.text(t + 1) == "." { t + 2 } else { t };
                self.target = Some(self.name(t));
            }
        }
        for i in 0..n {
            // `main.t` and `temp.t` name a table; another `x.t` is a column.
            let qualified = self.text(i.wrapping_sub(1)) == "."
                && !matches!(self.word(i.wrapping_sub(2)).as_str(), "main" | "temp");
            if !self.is_name(i) || self.text(i + 1) == "(" || qualified {
                continue;
            }
            let name = self.name(i);
            let Some(table) = known.iter().find(|k| k.eq_ignore_ascii_case(&name)) else {
                continue;
            };
            // `schema.table`: the table is the next name.
            if self.text(i + 1) == "." {
                continue;
            }
            if !self.scope.tables.contains(table) {
                self.scope.tables.push(table.clone());
            }
            self.alias(&name.to_ascii_lowercase(), table);
            let mut a = i + 1;
            if self.word(a) == "as" {
                a += 1;
            }
            if self.is_name(a)
                && self.text(a + 1) != "("
                && self.text(a + 1) != "."
                && !NOT_ALIAS.contains(&self.word(a).as_str())
            {
                let alias = self.name(a).to_ascii_lowercase();
                self.alias(&alias, table);
            }
        }
    }

    fn alias(&mut self, alias: &str, table: &str) {
        let entry = self
            .scope
            .aliases
            .entry(alias.to_string())
            .or_insert_with(|| Some(table.to_string()));
        if entry.as_deref() != Some(table) {
            *entry = None;
        }
    }

    /// `name` or `q.name` ending at token `end`: (first token, column).
    fn column_ending_at(&self, end: usize) -> Option<(usize, Col)> {
        if !self.is_name(end) {
            return None;
        }
        let name = self.name(end);
        if end >= 2 && self.text(end - 1) == "." && self.is_name(end - 2) {
            let q = self.name(end - 2).to_ascii_lowercase();
            let table = self.scope.aliases.get(&q).cloned().flatten()?;
            return Some((end - 2, self.column(&table, &name)?));
        }
        Some((end, self.unqualified(&name)?))
    }

    /// `name` or `q.name` starting at token `start`: (last token, column).
    fn column_starting_at(&self, start: usize) -> Option<(usize, Col)> {
        if self.text(start + 1) == "." {
            self.column_ending_at(start + 2)
                .map(|(_, c)| (start + 2, c))
        } else {
            self.column_ending_at(start).map(|(_, c)| (start, c))
        }
    }

    /// An unqualified column: the one table named in the statement that
    /// has it, or several that agree on its type.
    fn unqualified(&self, name: &str) -> Option<Col> {
        if self.scope.derived {
            return None;
        }
        let found: Vec<Col> = self
            .scope
            .tables
            .iter()
            .filter_map(|t| self.column(t, name))
            .collect();
        let first = found.first()?;
        found
            .iter()
            .all(|c| c.ty == first.ty)
            .then(|| first.clone())
    }

    /// Column `name` of `table`, from the final schema.
    fn column(&self, table: &str, name: &str) -> Option<Col> {
        column(self.conn, table, name, self.replace, self.ignore)
    }

    /// The column before the keyword at `keyword` (`IN`, `BETWEEN`), with
    /// an optional `NOT` between them: `col [NOT] IN`.
    fn column_before_keyword(&self, keyword: usize) -> Option<Col> {
        let col_end = if self.word(keyword.wrapping_sub(1)) == "not" {
            keyword.wrapping_sub(2)
        } else {
            keyword.wrapping_sub(1)
        };
        let (start, c) = self.column_ending_at(col_end)?;
        self.before_ok(start.wrapping_sub(1)).then_some(c)
    }

    fn before_ok(&self, i: usize) -> bool {
        i == usize::MAX || BEFORE.contains(&self.word(i).as_str())
    }

    fn after_ok(&self, i: usize) -> bool {
        i >= self.tokens.len() || AFTER.contains(&self.word(i).as_str())
    }

    /// The parameter at token `i`, numbered `index`, if its place types it.
    fn context(&self, i: usize, index: usize) -> Option<Expected> {
        let prev = self.word(i.wrapping_sub(1));
        let next = self.word(i + 1);
        let make = |c: &Col, role: String, null: bool, why: NotNull| {
            make_expected(c, index, role, null, why)
        };
        let shown = |c: &Col| format!("`{}.{}`", c.table, c.name);
        let compared = NotNull::Compared;
        // LIMIT ? / OFFSET ? / LIMIT ?, ?
        let limit = matches!(prev.as_str(), "limit" | "offset")
            || (prev == "," && self.word(i.wrapping_sub(3)) == "limit");
        if limit && self.after_ok(i + 1) {
            let clause = if prev == "offset" || prev == "," {
                "OFFSET"
            } else {
                "LIMIT"
            };
            return Some(Expected {
                index,
                ty: Type::I64,
                null: false,
                role: format!("the {clause}"),
                // SQLite refuses a NULL LIMIT or OFFSET (datatype mismatch).
                why_not_null: Some(NotNull::Limit),
            });
        }
        // col <op> ?
        let op_before = is_comparison(&prev);
        if (op_before || prev == "is" || (prev == "not" && self.word(i.wrapping_sub(2)) == "is"))
            && self.after_ok(i + 1)
        {
            let col_end = if prev == "not" {
                i.wrapping_sub(3)
            } else {
                i.wrapping_sub(2)
            };
            if let Some((start, c)) = self.column_ending_at(col_end)
                && self.before_ok(start.wrapping_sub(1))
                && !self.in_set_clause(i)
            {
                return make(
                    &c,
                    format!("compared with {}", shown(&c)),
                    !op_before,
                    compared,
                );
            }
        }
        // ? <op> col
        if is_comparison(&next)
            && self.before_ok(i.wrapping_sub(1))
            && let Some((end, c)) = self.column_starting_at(i + 2)
            && self.after_ok(end + 1)
        {
            return make(&c, format!("compared with {}", shown(&c)), false, compared);
        }
        // col [NOT] IN (…, ?, …)
        if matches!(prev.as_str(), "(" | ",") && matches!(next.as_str(), "," | ")") {
            let open = (0..i)
                .rev()
                .find(|&j| self.depth[j] + 1 == self.depth[i] && self.text(j) == "(");
            if let Some(open) = open
                && self.word(open.wrapping_sub(1)) == "in"
                && let Some(c) = self.column_before_keyword(open - 1)
            {
                return make(&c, format!("compared with {}", shown(&c)), false, compared);
            }
        }
        // col [NOT] BETWEEN ? AND ?
        let between = if prev == "between" && next == "and" {
            Some(i - 1)
        } else if prev == "and" && self.word(i.wrapping_sub(3)) == "between" && self.after_ok(i + 1)
        {
            Some(i - 3)
        } else {
            None
        };
        if let Some(b) = between
            && let Some(c) = self.column_before_keyword(b)
        {
            return make(&c, format!("compared with {}", shown(&c)), false, compared);
        }
        // SET col = ?
        if prev == "="
            && self.in_set_clause(i)
            && matches!(
                next.as_str(),
                "," | "" | "where" | "from" | "returning" | ";"
            )
        {
            let table = self.target.clone()?;
            if self.is_name(i.wrapping_sub(2))
                && matches!(self.word(i.wrapping_sub(3)).as_str(), "set" | ",")
            {
                let c = self.column(&table, &self.name(i.wrapping_sub(2)))?;
                return make(
                    &c,
                    format!("assigned to {}", shown(&c)),
                    !c.not_null || c.null_write_ok,
                    NotNull::Column,
                );
            }
        }
        // INSERT INTO t [(cols)] VALUES (…, ?, …), (…)
        if matches!(prev.as_str(), "(" | ",") && matches!(next.as_str(), "," | ")") {
            return self.inserted(i, index);
        }
        None
    }

    /// Whether parameter `index` is itself tested for NULL somewhere in
    /// the statement: standing alone before `IS [NOT] NULL`, `ISNULL`,
    /// `NOTNULL` or `NOT NULL`, or as a whole argument of `coalesce(…)`
    /// or `ifnull(…)`. Such a parameter is meant to take NULL.
    fn tested_for_null(&self, index: usize) -> bool {
        (0..self.tokens.len())
            .filter(|&i| self.numbers[i] == Some(index))
            .any(|i| self.null_test_at(i) || self.null_default_at(i))
    }

    /// `? IS [NOT] NULL`, `? ISNULL`, `? NOTNULL`, `? NOT NULL`, with the
    /// parameter alone as the operand.
    fn null_test_at(&self, i: usize) -> bool {
        if !self.before_ok(i.wrapping_sub(1)) {
            return false;
        }
        let end = match self.word(i + 1).as_str() {
            "isnull" | "notnull" => i + 1,
            "is" if self.word(i + 2) == "not" => i + 3,
            "is" | "not" => i + 2,
            _ => return false,
        };
        (end == i + 1 || self.word(end) == "null") && self.after_ok(end + 1)
    }

    /// `coalesce(…, ?, …)`, `ifnull(?, …)`: a whole argument.
    fn null_default_at(&self, i: usize) -> bool {
        if !matches!(self.text(i.wrapping_sub(1)), "(" | ",")
            || !matches!(self.text(i + 1), ")" | ",")
        {
            return false;
        }
        let open = (0..i)
            .rev()
            .find(|&j| self.depth[j] + 1 == self.depth[i] && self.text(j) == "(");
        open.is_some_and(|o| matches!(self.word(o.wrapping_sub(1)).as_str(), "coalesce" | "ifnull"))
    }

    /// Whether token `i` is in an `UPDATE … SET` or `DO UPDATE SET` list.
    fn in_set_clause(&self, i: usize) -> bool {
        let d = self.depth[i];
        for j in (0..i).rev() {
            if self.depth[j] < d {
                return false;
            }
            if self.depth[j] > d {
                continue;
            }
            match self.word(j).as_str() {
                "set" => return true,
                "where" | "from" | "select" | "returning" | "on" | "when" | "then" | "and"
                | "or" | "values" => return false,
                _ => {}
            }
        }
        false
    }

    /// `?` as a whole item of an `INSERT … VALUES` row.
    fn inserted(&self, i: usize, index: usize) -> Option<Expected> {
        if !matches!(self.verb.as_str(), "insert" | "replace") || self.depth[i] != 1 {
            return None;
        }
        let table = self.target.clone()?;
        let open = (0..i)
            .rev()
            .find(|&j| self.depth[j] == 0 && self.text(j) == "(")?;
        // The row must follow VALUES, possibly after other rows.
        let mut k = open;
        loop {
            let before = self.word(k.wrapping_sub(1));
            if before == "values" {
                break;
            }
            if before != "," || self.text(k.wrapping_sub(2)) != ")" {
                return None;
            }
            k = (0..k - 2)
                .rev()
                .find(|&j| self.depth[j] == 0 && self.text(j) == "(")?;
        }
        let position = (open + 1..i)
            .filter(|&j| self.depth[j] == 1 && self.text(j) == ",")
            .count();
        let values_at = k - 1;
        // The column list, when the statement names one.
        let names: Vec<String> = if self.text(values_at.wrapping_sub(1)) == ")" {
            let close = values_at - 1;
            let list_open = (0..close)
                .rev()
                .find(|&j| self.depth[j] == 0 && self.text(j) == "(")?;
            (list_open + 1..close)
                .filter(|&j| self.depth[j] == 1 && self.is_name(j))
                .map(|j| self.name(j))
                .collect()
        } else {
            insertable_columns(self.conn, &table)
        };
        let c = self.column(&table, names.get(position)?)?;
        let shown = format!("`{}.{}`", c.table, c.name);
        make_expected(
            &c,
            index,
            format!("inserted into {shown}"),
            !c.not_null || c.null_write_ok,
            NotNull::Column,
        )
    }
}

fn make_expected(
    c: &Col,
    index: usize,
    role: String,
    null: bool,
    why: NotNull,
) -> Option<Expected> {
    (c.ty != Type::Value).then(|| Expected {
        index,
        ty: c.ty.clone(),
        null,
        role,
        why_not_null: (!null).then_some(why),
    })
}

fn is_comparison(op: &str) -> bool {
    matches!(op, "=" | "==" | "!=" | "<>" | "<" | "<=" | ">" | ">=")
}

/// The columns an `INSERT` without a column list fills, in order.
fn insertable_columns(conn: Schema<'_>, table: &str) -> Vec<String> {
    conn.table(None, table).map_or_else(Vec::new, |t| {
        t.columns
            .iter()
            .filter(|c| c.hidden == 0)
            .map(|c| c.name.clone())
            .collect()
    })
}

/// Column `name` of `table` (a view's columns have the types their
/// expressions declare). `rowid` and its aliases are INTEGER.
fn column(conn: Schema<'_>, table: &str, name: &str, replace: bool, ignore: bool) -> Option<Col> {
    let t = conn.table(None, table)?;
    let Some(c) = t.column(name) else {
        return matches!(
            name.to_ascii_lowercase().as_str(),
            "rowid" | "oid" | "_rowid_"
        )
        .then(|| Col {
            table: table.to_string(),
            name: name.to_string(),
            ty: Type::I64,
            not_null: true,
            null_write_ok: false,
        });
    };
    let rowid_alias = c.pk == 1
        && t.primary_key_columns == 1
        && c.decl.eq_ignore_ascii_case("INTEGER")
        && !t.strict_or_without_rowid;
    let not_null = c.not_null || (c.pk > 0 && t.strict_or_without_rowid);
    let conflict_clause = t.create.to_ascii_lowercase().contains("on conflict");
    Some(Col {
        table: table.to_string(),
        name: c.name.clone(),
        ty: of_declared(Some(&c.decl)),
        not_null,
        null_write_ok: rowid_alias || ignore || conflict_clause || (replace && c.has_default),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::split::Script;
    use rusqlite::Connection;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, score REAL, active BOOLEAN NOT NULL DEFAULT 1, data BLOB, born NUMERIC);
             CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, title TEXT NOT NULL);
             CREATE TABLE kv (k TEXT PRIMARY KEY, v INT NOT NULL) STRICT;",
        )
        .unwrap();
        c
    }

    /// (number, type, NULL accepted, role) of each typed parameter.
    fn typed(sql: &str) -> Vec<(usize, Type, bool, String)> {
        let c = conn();
        let stmt = c.prepare(sql).unwrap();
        let script = Script::parse(sql);
        expected(
            Schema {
                conn: &c,
                catalog: &Default::default(),
            },
            &stmt,
            sql,
            script.tokens_of(&script.statements[0]),
        )
        .into_iter()
        .map(|e| (e.index, e.ty, e.null, e.role))
        .collect()
    }

    fn types(sql: &str) -> Vec<(usize, Type, bool)> {
        typed(sql)
            .into_iter()
            .map(|(i, t, n, _)| (i, t, n))
            .collect()
    }

    #[test]
    fn comparisons() {
        assert_eq!(
            typed("SELECT 1 FROM users WHERE id = ?"),
            [(1, Type::I64, false, "compared with `users.id`".to_string())]
        );
        assert_eq!(
            types("SELECT 1 FROM users u WHERE ? = u.email AND u.name IS ?2 AND score > :s"),
            [
                (1, Type::String, false),
                (2, Type::String, true),
                (3, Type::F64, false)
            ]
        );
        assert_eq!(
            types("SELECT 1 FROM users WHERE id IN (?, ?) OR id NOT BETWEEN ? AND ?"),
            [
                (1, Type::I64, false),
                (2, Type::I64, false),
                (3, Type::I64, false),
                (4, Type::I64, false)
            ]
        );
        // Qualified through an alias, a join, a subquery's table.
        assert_eq!(
            types(
                "SELECT 1 FROM users AS u JOIN posts p ON p.user_id = u.id WHERE p.title = ?1 AND EXISTS (SELECT 1 FROM kv WHERE v = ?2)"
            ),
            [(1, Type::String, false), (2, Type::I64, false)]
        );
    }

    #[test]
    fn unclear_places_stay_unchecked() {
        // The operand is an expression, not the parameter alone.
        assert!(types("SELECT 1 FROM users WHERE id = ? + 1").is_empty());
        assert!(types("SELECT 1 FROM users WHERE id + 1 = ?").is_empty());
        // Columns of the same name and different types.
        assert!(types("SELECT 1 FROM users JOIN kv WHERE k = ? AND id = ?2").len() == 2);
        assert!(types("SELECT 1 FROM users, posts WHERE title = ? AND name = ?").len() == 2);
        // A CTE may define the name: unqualified names are not resolved.
        assert!(types("WITH x AS (SELECT id FROM users) SELECT 1 FROM x WHERE id = ?").is_empty());
        // NUMERIC: dynamic, any value.
        assert!(types("SELECT 1 FROM users WHERE born = ?").is_empty());
        // The same parameter where two types meet.
        assert!(types("SELECT 1 FROM users WHERE id = ?1 OR email = ?1").is_empty());
        // Function arguments and LIKE patterns are not typed.
        assert!(types("SELECT 1 FROM users WHERE lower(email) = ? OR name LIKE ?").is_empty());
    }

    #[test]
    fn writes() {
        assert_eq!(
            typed("INSERT INTO users (email, name, id) VALUES (?, ?, ?), (?, NULL, ?)")
                .into_iter()
                .map(|(i, t, n, _)| (i, t, n))
                .collect::<Vec<_>>(),
            [
                (1, Type::String, false),
                (2, Type::String, true),
                (3, Type::I64, true), // NULL picks a rowid
                (4, Type::String, false),
                (5, Type::I64, true)
            ]
        );
        assert_eq!(
            typed("INSERT INTO kv VALUES (?1, ?2) ON CONFLICT (k) DO UPDATE SET v = ?2 + 1")
                .into_iter()
                .map(|(i, t, n, _)| (i, t, n))
                .collect::<Vec<_>>(),
            [(1, Type::String, false), (2, Type::I64, false)]
        );
        assert_eq!(
            typed("UPDATE users SET name = ?, active = ?, score = ? WHERE id = ? RETURNING id"),
            [
                (
                    1,
                    Type::String,
                    true,
                    "assigned to `users.name`".to_string()
                ),
                (
                    2,
                    Type::Bool,
                    false,
                    "assigned to `users.active`".to_string()
                ),
                (3, Type::F64, true, "assigned to `users.score`".to_string()),
                (4, Type::I64, false, "compared with `users.id`".to_string())
            ]
        );
        // OR IGNORE and OR REPLACE with a default accept NULL.
        assert_eq!(
            types("INSERT OR REPLACE INTO users (email, active) VALUES (?, ?)"),
            [(1, Type::String, false), (2, Type::Bool, true)]
        );
        assert_eq!(types("INSERT INTO posts (user_id, title) SELECT ?, ?"), []);
    }

    #[test]
    fn tested_for_null() {
        // The optional filter: NULL means "any", so an Option fits.
        assert_eq!(
            typed("SELECT id FROM posts WHERE (?1 IS NULL OR title = ?1) AND user_id = ?2"),
            [
                (
                    1,
                    Type::String,
                    true,
                    "compared with `posts.title`".to_string()
                ),
                (
                    2,
                    Type::I64,
                    false,
                    "compared with `posts.user_id`".to_string()
                )
            ]
        );
        // Every spelling of the test, before or after the comparison.
        for sql in [
            "SELECT id FROM posts WHERE user_id = ?1 OR ?1 IS NULL",
            "SELECT id FROM posts WHERE ?1 ISNULL OR user_id = ?1",
            "SELECT id FROM posts WHERE NOT (?1 NOTNULL) OR user_id = ?1",
            "SELECT id FROM posts WHERE CASE WHEN ?1 IS NOT NULL THEN user_id = ?1 ELSE 1 END",
            "SELECT id FROM posts WHERE ?1 NOT NULL AND user_id = ?1",
            "SELECT id FROM posts WHERE user_id = ?1 OR coalesce(?1, 0) = 0",
            "SELECT id FROM posts WHERE user_id = ?1 OR ifnull(0, ?1) = 0",
        ] {
            assert_eq!(types(sql), [(1, Type::I64, true)], "{sql}");
        }
        // Named parameters share their number across occurrences.
        for name in [":u", "@u", "$u"] {
            let sql = format!("SELECT id FROM posts WHERE ({name} IS NULL OR user_id = {name})");
            assert_eq!(types(&sql), [(1, Type::I64, true)], "{sql}");
        }
        // The type is still checked: `?1` meets TEXT, tested in a
        // `coalesce` that keeps the old value and in an optional filter.
        assert_eq!(
            types(
                "UPDATE users SET email = coalesce(?1, email) WHERE id = ?2 AND (?1 IS NULL OR email = ?1)"
            ),
            [(1, Type::String, true), (2, Type::I64, false)]
        );
    }

    #[test]
    fn not_tested_for_null() {
        // Another parameter's test, an expression's test, a comparison
        // of the test's result: the comparison still refuses NULL.
        for sql in [
            "SELECT id FROM posts WHERE (?2 IS NULL OR user_id = ?1)",
            "SELECT id FROM posts WHERE user_id = ?1 OR ?1 + 1 IS NULL",
            "SELECT id FROM posts WHERE user_id = ?1 OR ?1 IS NULL + 1",
            "SELECT id FROM posts WHERE user_id = ?1 OR title = ?1 IS NULL",
            "SELECT id FROM posts WHERE user_id = ?1 OR ?1 IS 2",
            "SELECT id FROM posts WHERE user_id = ?1 OR coalesce(?1 + 1, 0) = 0",
            "SELECT id FROM posts WHERE user_id = ?1 OR max(?1, 0) = 0",
        ] {
            let found = types(sql);
            let first = found.iter().find(|(i, _, _)| *i == 1);
            assert_eq!(first, Some(&(1, Type::I64, false)), "{sql}");
        }
        // Tested for NULL, but also written into a NOT NULL column or a
        // LIMIT, where a NULL fails at run time, in either order.
        for (sql, ty) in [
            (
                "UPDATE users SET email = ?1, active = (?1 IS NOT NULL) WHERE id = ?2",
                Type::String,
            ),
            (
                "INSERT INTO users (email, active) VALUES (?1, ?1 IS NOT NULL)",
                Type::String,
            ),
            ("SELECT id FROM users WHERE ?1 IS NULL LIMIT ?1", Type::I64),
            (
                "SELECT id FROM users WHERE (?1 IS NULL OR id = ?1) LIMIT ?1",
                Type::I64,
            ),
            (
                "SELECT id FROM users WHERE id = ?1 OR ?1 IS NULL LIMIT ?1",
                Type::I64,
            ),
        ] {
            let found = types(sql);
            let first = found.iter().find(|(i, _, _)| *i == 1);
            assert_eq!(first, Some(&(1, ty, false)), "{sql}");
        }
    }

    #[test]
    fn limits() {
        assert_eq!(
            typed("SELECT id FROM users ORDER BY id LIMIT ? OFFSET ?"),
            [
                (1, Type::I64, false, "the LIMIT".to_string()),
                (2, Type::I64, false, "the OFFSET".to_string())
            ]
        );
        assert_eq!(
            types("SELECT id FROM users LIMIT ?2, ?1"),
            [(1, Type::I64, false), (2, Type::I64, false)]
        );
    }
}
