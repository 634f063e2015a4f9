//! Types and nullability of result expressions: column references
//! resolved through the `FROM` list (tables, views, CTEs, subqueries,
//! each on an outer join's nullable side or not), and a table of SQLite's
//! operators and built-in functions. Anything it cannot read is a
//! nullable [`Type::Value`]: a gap weakens inference, never rejects SQL.

use std::ops::Range;

use super::catalog::Schema;
use super::columns::{self, Column, declared};
use super::types::{Type, of_declared, unify};
use super::walk::{Relation, Shape};
use crate::sql::lexer::TokenKind;
use crate::sql::name::unquote;
use crate::sql::split::Script;

/// How deep views, CTEs and subqueries are followed.
const MAX_DEPTH: usize = 6;

/// A type and whether the value may be NULL.
pub type Typed = (Type, bool);

const UNKNOWN: Typed = (Type::Value, true);

/// What a relation of the `FROM` list holds.
enum Source {
    /// A table of the schema.
    Table(String),
    /// A view, CTE or subquery: its columns as described.
    Derived(Vec<Column>),
    /// Columns that cannot be known (a table-valued function, a
    /// description that failed).
    Unknown,
}

struct Rel {
    /// The name a qualifier uses (alias, else the name), lower-cased.
    called: String,
    outer: bool,
    source: Source,
}

/// The relations a statement's result expressions read.
pub struct Scope<'a> {
    conn: Schema<'a>,
    sql: &'a str,
    shape: &'a Shape,
    rels: Option<Vec<Rel>>,
    /// How many views, CTEs or subqueries deep the statement is.
    depth: usize,
}

impl<'a> Scope<'a> {
    /// The scope of `shape` (a statement of `sql`), following views and
    /// CTEs `depth` levels deep already.
    pub fn new(conn: Schema<'a>, sql: &'a str, shape: &'a Shape, depth: usize) -> Self {
        let rels = shape.relations.as_ref().map(|list| {
            list.iter()
                .map(|r| Rel {
                    called: r
                        .alias
                        .clone()
                        .unwrap_or_else(|| r.name.clone())
                        .to_ascii_lowercase(),
                    outer: r.outer,
                    source: source(conn, sql, shape, r, depth),
                })
                .collect()
        });
        Scope {
            conn,
            sql,
            shape,
            rels,
            depth,
        }
    }

    fn text(&self, i: usize) -> &'a str {
        self.shape.tokens.get(i).map_or("", |t| t.text(self.sql))
    }

    fn word(&self, i: usize) -> String {
        match self.shape.tokens.get(i) {
            Some(t) if t.kind != TokenKind::QuotedIdent && t.kind != TokenKind::String => {
                t.text(self.sql).to_ascii_lowercase()
            }
            _ => String::new(),
        }
    }

    fn is_name(&self, i: usize) -> bool {
        self.shape
            .tokens
            .get(i)
            .is_some_and(|t| matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
    }

    /// `q.c` (or `c` with `q` `None`) in the `FROM` list.
    pub fn column(&self, q: Option<&str>, c: &str) -> Option<Typed> {
        let rels = self.rels.as_ref()?;
        let c_lower = c.to_ascii_lowercase();
        let candidates: Vec<&Rel> = match q {
            Some(q) => rels
                .iter()
                .filter(|r| r.called.eq_ignore_ascii_case(q))
                .collect(),
            None => rels.iter().collect(),
        };
        let mut found = Vec::new();
        for r in candidates {
            let here = match &r.source {
                Source::Unknown => return None,
                Source::Table(t) => {
                    match declared(self.conn, "main", t, c)
                        .or_else(|| declared(self.conn, "temp", t, c))
                    {
                        Some(d) => Some((of_declared(d.ty.as_deref()), !d.not_null)),
                        None if matches!(c_lower.as_str(), "rowid" | "oid" | "_rowid_") => {
                            Some((Type::I64, false))
                        }
                        None => None,
                    }
                }
                Source::Derived(cols) => cols
                    .iter()
                    .find(|col| col.name.eq_ignore_ascii_case(c))
                    .map(|col| (col.ty.clone(), col.nullable)),
            };
            if let Some((ty, nullable)) = here {
                // An aggregate without GROUP BY gives one row even over no
                // rows, with NULL in every plain column.
                let empty = self.shape.aggregate_without_group;
                found.push((ty, nullable || r.outer || empty));
            }
        }
        match found.as_slice() {
            [one] => Some(one.clone()),
            _ => None,
        }
    }

    /// The type of a result item, when the walk can tell it.
    pub fn typed_item(&self, r: Range<usize>) -> Option<Typed> {
        self.typed(r)
    }

    /// The type of the expression in tokens `r`.
    pub fn expr(&self, r: Range<usize>) -> Typed {
        self.typed(r).unwrap_or(UNKNOWN)
    }

    /// A branch of `CASE`, `coalesce`, `iif`…: `None` for the literal `NULL`.
    fn branch(&self, r: Range<usize>) -> Option<Typed> {
        (r.len() != 1 || self.word(r.start) != "null").then(|| self.expr(r))
    }

    /// The text of `r` if it is one string literal.
    fn string_literal(&self, r: &Range<usize>) -> Option<String> {
        let t = self.shape.tokens.get(r.start).filter(|_| r.len() == 1)?;
        (t.kind == TokenKind::String).then(|| unquote(t.text(self.sql)))
    }

    /// The nesting of each token of `r` relative to its start: parentheses
    /// and `CASE … END`.
    fn levels(&self, r: &Range<usize>) -> Vec<usize> {
        let mut level = 0usize;
        r.clone()
            .map(|i| {
                let w = self.word(i);
                if w == ")" || w == "end" {
                    level = level.saturating_sub(1);
                }
                let l = level;
                if w == "(" || w == "case" {
                    level += 1;
                }
                l
            })
            .collect()
    }

    fn typed(&self, r: Range<usize>) -> Option<Typed> {
        if r.is_empty() {
            return None;
        }
        let levels = self.levels(&r);
        let top = |k: usize| levels[k - r.start] == 0;
        let at = |w: &[&str]| -> Vec<usize> {
            r.clone()
                .filter(|&k| top(k) && w.contains(&self.word(k).as_str()))
                .collect()
        };
        let both = |k: usize| -> Option<(Typed, Typed)> {
            Some((self.typed(r.start..k)?, self.typed(k + 1..r.end)?))
        };
        let bool_of = |n: bool| Some((Type::Bool, n));
        // OR, AND (an AND that closes a BETWEEN is not one).
        if let Some(&k) = at(&["or"]).last() {
            let (a, b) = both(k)?;
            return bool_of(a.1 || b.1);
        }
        let mut between = 0;
        let mut and_at = None;
        for k in r.clone().filter(|&k| top(k)) {
            match self.word(k).as_str() {
                "between" => between += 1,
                "and" if between > 0 => between -= 1,
                "and" => and_at = Some(k),
                _ => {}
            }
        }
        if let Some(k) = and_at {
            let (a, b) = both(k)?;
            return bool_of(a.1 || b.1);
        }
        if self.word(r.start) == "not" {
            if self.word(r.start + 1) == "exists" {
                return bool_of(false);
            }
            return bool_of(self.typed(r.start + 1..r.end)?.1);
        }
        // Comparisons: IS never gives NULL; the others do when an operand is.
        let comparisons = [
            "=", "==", "!=", "<>", "<", "<=", ">", ">=", "is", "in", "like", "glob", "match",
            "regexp", "between", "isnull", "notnull",
        ];
        if let Some(&k) = at(&comparisons).first() {
            let w = self.word(k);
            if matches!(w.as_str(), "is" | "isnull" | "notnull")
                || (w == "not" && self.word(k + 1) == "null")
            {
                return bool_of(false);
            }
            // `x NOT IN …`: the left operand ends before NOT.
            let end = if self.word(k.wrapping_sub(1)) == "not" {
                k - 1
            } else {
                k
            };
            let a = self.typed(r.start..end)?;
            let b = if w == "in" {
                self.list_nullable(k + 1..r.end)
            } else {
                self.typed(k + 1..r.end)?.1
            };
            return bool_of(a.1 || b);
        }
        if let Some(&k) = at(&["not"]).last()
            && self.word(k + 1) == "null"
        {
            return bool_of(false);
        }
        if let Some(&k) = at(&["&", "|", "<<", ">>"]).last() {
            let (a, b) = both(k)?;
            return Some((Type::I64, a.1 || b.1));
        }
        // Binary + and -: after an operand, not a sign.
        let binary = |k: usize| {
            k > r.start
                && !is_operator(&self.word(k - 1))
                && !matches!(self.word(k - 1).as_str(), "(" | ",")
        };
        if let Some(&k) = at(&["+", "-"]).iter().rev().find(|&&k| binary(k)) {
            let (a, b) = both(k)?;
            return Some((arithmetic(&a.0, &b.0), a.1 || b.1));
        }
        if let Some(&k) = at(&["*", "/", "%"]).last() {
            let (a, b) = both(k)?;
            // Division by zero gives NULL.
            let division = self.text(k) != "*";
            return Some((arithmetic(&a.0, &b.0), a.1 || b.1 || division));
        }
        if let Some(&k) = at(&["||", "->", "->>"]).last() {
            let (a, b) = both(k)?;
            return Some(match self.text(k) {
                "||" => (Type::String, a.1 || b.1),
                "->" => (Type::String, true),
                _ => UNKNOWN,
            });
        }
        if let Some(&k) = at(&["collate"]).last() {
            return self.typed(r.start..k);
        }
        if matches!(self.word(r.start).as_str(), "-" | "+") {
            let a = self.typed(r.start + 1..r.end)?;
            return Some(match a.0 {
                Type::I64 | Type::F64 => a,
                Type::Bool => (Type::I64, a.1),
                _ => (Type::Value, a.1),
            });
        }
        if self.word(r.start) == "~" {
            return Some((Type::I64, self.typed(r.start + 1..r.end)?.1));
        }
        self.primary(r)
    }

    /// Whether a parenthesised list (or subquery) may hold NULL.
    fn list_nullable(&self, r: Range<usize>) -> bool {
        if self.word(r.start) != "(" || self.word(r.start + 1) == "select" {
            return true;
        }
        self.args(r.start + 1..r.end - 1)
            .into_iter()
            .any(|a| self.expr(a).1)
    }

    /// The comma-separated items of `r`, at its own level.
    fn args(&self, r: Range<usize>) -> Vec<Range<usize>> {
        let levels = self.levels(&r);
        let mut out = Vec::new();
        let mut start = r.start;
        for k in r.clone() {
            if levels[k - r.start] == 0 && self.text(k) == "," {
                out.push(start..k);
                start = k + 1;
            }
        }
        if start < r.end {
            out.push(start..r.end);
        }
        out
    }

    /// The token closing the `(` at `open`, within `r`.
    fn close(&self, open: usize, end: usize) -> Option<usize> {
        let mut d = 0usize;
        for k in open..end {
            match self.text(k) {
                "(" => d += 1,
                ")" => {
                    d -= 1;
                    if d == 0 {
                        return Some(k);
                    }
                }
                _ => {}
            }
        }
        None
    }

    fn primary(&self, r: Range<usize>) -> Option<Typed> {
        let n = r.len();
        let first = &self.shape.tokens[r.start];
        let w = self.word(r.start);
        if n == 1 {
            let text = first.text(self.sql);
            return Some(match first.kind {
                TokenKind::Number if text.starts_with("0x") || text.starts_with("0X") => {
                    (Type::I64, false)
                }
                TokenKind::Number if text.contains(['.', 'e', 'E']) => (Type::F64, false),
                TokenKind::Number => (Type::I64, false),
                TokenKind::String => (Type::String, false),
                TokenKind::Blob => (Type::Bytes, false),
                TokenKind::Variable => UNKNOWN,
                _ => match w.as_str() {
                    "null" => UNKNOWN,
                    "true" | "false" => (Type::Bool, false),
                    "current_timestamp" | "current_date" | "current_time" => (Type::String, false),
                    _ => self.column(None, &unquote(text))?,
                },
            });
        }
        // q.c and s.q.c
        if n == 3
            && self.text(r.start + 1) == "."
            && self.is_name(r.start)
            && self.is_name(r.start + 2)
        {
            let q = unquote(self.text(r.start));
            return self.column(Some(&q), &unquote(self.text(r.start + 2)));
        }
        if n == 5 && self.text(r.start + 1) == "." && self.text(r.start + 3) == "." {
            let q = unquote(self.text(r.start + 2));
            return self.column(Some(&q), &unquote(self.text(r.start + 4)));
        }
        if w == "(" {
            let close = self.close(r.start, r.end)?;
            if close + 1 != r.end {
                return None;
            }
            if self.word(r.start + 1) == "select" {
                return Some(self.sub_select(r.start + 1..close).unwrap_or(UNKNOWN));
            }
            let items = self.args(r.start + 1..close);
            return match items.as_slice() {
                [one] => self.typed(one.clone()),
                _ => None,
            };
        }
        if w == "exists" {
            return Some((Type::Bool, false));
        }
        if w == "case" {
            return self.case(r);
        }
        if w == "cast" && self.word(r.start + 1) == "(" {
            let close = self.close(r.start + 1, r.end)?;
            if close + 1 != r.end {
                return None;
            }
            let as_at = (r.start + 2..close).rev().find(|&k| self.word(k) == "as")?;
            let inner = self.typed(r.start + 2..as_at).unwrap_or(UNKNOWN);
            let decl: Vec<&str> = (as_at + 1..close).map(|k| self.text(k)).collect();
            return Some((cast_type(&decl.join(" ")), inner.1));
        }
        if self.is_name(r.start) && self.word(r.start + 1) == "(" {
            let close = self.close(r.start + 1, r.end)?;
            // FILTER (WHERE …) and OVER (…) / OVER name do not change the type.
            let mut k = close + 1;
            let mut window = false;
            if self.word(k) == "filter" && self.word(k + 1) == "(" {
                k = self.close(k + 1, r.end)? + 1;
            }
            if self.word(k) == "over" {
                window = true;
                k = if self.word(k + 1) == "(" {
                    self.close(k + 1, r.end)? + 1
                } else {
                    k + 2
                };
            }
            if k != r.end {
                return None;
            }
            return self.call(&w, r.start + 2..close, window);
        }
        None
    }

    /// The single column of a scalar subquery: NULL when it finds no
    /// row, unless it always gives exactly one.
    fn sub_select(&self, r: Range<usize>) -> Option<Typed> {
        let text = &self.sql[self.shape.tokens[r.start].start..self.shape.tokens[r.end - 1].end];
        let shape = Shape::of(text);
        let (ty, nullable) = if let Some(cols) = describe(self.conn, text, self.depth + 1) {
            match cols.as_slice() {
                [c] => (c.ty.clone(), c.nullable),
                _ => return None,
            }
        } else if self.depth < MAX_DEPTH {
            // A correlated subquery does not prepare alone: type its one
            // item in its own FROM list (names of the outer query stay
            // unknown).
            let scope = Scope::new(self.conn, text, &shape, self.depth + 1);
            match shape.items.as_slice() {
                [item] if !shape.star && !shape.compound => scope.typed(item.clone())?,
                _ => return None,
            }
        } else {
            return None;
        };
        Some((ty, nullable || !shape.one_row))
    }

    /// `SELECT *` over one view, CTE or subquery: its columns in order.
    pub fn star(&self) -> Option<Vec<Typed>> {
        match self.rels.as_deref() {
            Some([one]) if self.shape.items.len() == 1 && self.shape.star => match &one.source {
                Source::Derived(cols) => Some(
                    cols.iter()
                        .map(|c| (c.ty.clone(), c.nullable || one.outer))
                        .collect(),
                ),
                _ => None,
            },
            _ => None,
        }
    }

    fn case(&self, r: Range<usize>) -> Option<Typed> {
        if self.word(r.end - 1) != "end" {
            return None;
        }
        let levels = self.levels(&r);
        let marks: Vec<usize> = (r.start + 1..r.end - 1)
            .filter(|&k| {
                levels[k - r.start] == 1
                    && matches!(self.word(k).as_str(), "when" | "then" | "else")
            })
            .collect();
        let mut results = Vec::new();
        let mut has_else = false;
        for (m, &k) in marks.iter().enumerate() {
            let w = self.word(k);
            if w == "then" || w == "else" {
                has_else |= w == "else";
                let end = marks.get(m + 1).copied().unwrap_or(r.end - 1);
                results.push(self.branch(k + 1..end));
            }
        }
        let (ty, nullable) = common(&results);
        Some((ty, nullable || !has_else))
    }

    fn call(&self, f: &str, inner: Range<usize>, window: bool) -> Option<Typed> {
        // count(*), count(DISTINCT x), group_concat(x, ',' ORDER BY y).
        let inner = match self.word(inner.start).as_str() {
            "distinct" | "all" => inner.start + 1..inner.end,
            _ => inner,
        };
        let levels = self.levels(&inner);
        let cut = (inner.clone())
            .find(|&k| {
                levels[k - inner.start] == 0 && self.word(k) == "order" && self.word(k + 1) == "by"
            })
            .unwrap_or(inner.end);
        let star = inner.len() == 1 && self.text(inner.start) == "*";
        let ranges = if star || inner.is_empty() {
            Vec::new()
        } else {
            self.args(inner.start..cut)
        };
        let branches: Vec<Option<Typed>> = ranges.iter().map(|a| self.branch(a.clone())).collect();
        let args: Vec<Typed> = branches
            .iter()
            .map(|b| b.clone().unwrap_or(UNKNOWN))
            .collect();
        let any_null = args.iter().any(|a| a.1);
        let first = args.first().cloned().unwrap_or(UNKNOWN);
        let numeric = |t: &Type| match t {
            Type::I64 | Type::F64 => t.clone(),
            Type::Bool => Type::I64,
            _ => Type::Value,
        };
        Some(match (f, args.len()) {
            ("count", _) => (Type::I64, false),
            ("total", _) => (Type::F64, false),
            ("avg", _) => (Type::F64, true),
            ("sum", 1) => (numeric(&first.0), true),
            ("max" | "min", 1) => (first.0, true),
            ("max" | "min", _) => (common(&branches).0, any_null),
            ("coalesce" | "ifnull", _) if args.len() >= 2 => {
                let (ty, _) = common(&branches);
                (ty, args.iter().all(|a| a.1))
            }
            ("nullif", 2) => (first.0, true),
            ("iif" | "if", 3) => common(&branches[1..]),
            ("iif" | "if", 2) => (args[1].0.clone(), true),
            ("length" | "octet_length" | "instr", _) => (Type::I64, any_null),
            // `unicode('')` is NULL; `sign` of text that is no number is too.
            ("unicode", _) => (Type::I64, true),
            ("sign", 1) => (
                Type::I64,
                first.1 || !matches!(first.0, Type::I64 | Type::F64),
            ),
            // A blob's substring is a blob.
            ("substr" | "substring", _) => (
                match first.0 {
                    Type::Bytes => Type::Bytes,
                    Type::Value | Type::Named(_) => Type::Value,
                    _ => Type::String,
                },
                any_null,
            ),
            (
                "lower" | "upper" | "trim" | "ltrim" | "rtrim" | "replace" | "soundex"
                | "concat_ws",
                _,
            ) => (Type::String, any_null),
            ("concat" | "char" | "hex" | "quote" | "typeof" | "sqlite_version", _) => {
                (Type::String, false)
            }
            ("printf" | "format", _) => (Type::String, first.1),
            ("abs", 1) => (numeric(&first.0), first.1),
            ("round", _) => (Type::F64, any_null),
            // NULL for text that is no number, as `sign`.
            ("ceil" | "ceiling" | "floor" | "trunc", 1) => (
                numeric(&first.0),
                first.1 || !matches!(first.0, Type::I64 | Type::F64 | Type::Bool),
            ),
            ("random" | "changes" | "total_changes" | "last_insert_rowid", 0) => (Type::I64, false),
            ("randomblob" | "zeroblob" | "unhex", _) => (Type::Bytes, true),
            ("group_concat" | "string_agg", _) => (Type::String, true),
            // Without arguments: now, never NULL.
            ("date" | "time" | "datetime" | "strftime" | "timediff", _) => {
                (Type::String, !args.is_empty())
            }
            ("julianday", _) => (Type::F64, !args.is_empty()),
            // The `subsec` modifier makes it a real; a modifier that is
            // not a literal may be `subsec`.
            ("unixepoch", _) => {
                let modifiers: Vec<Option<String>> = ranges
                    .iter()
                    .skip(1)
                    .map(|m| self.string_literal(m))
                    .collect();
                let ty = if modifiers.iter().any(Option::is_none) {
                    Type::Value
                } else if modifiers.iter().flatten().any(|m| {
                    matches!(
                        m.trim().to_ascii_lowercase().as_str(),
                        "subsec" | "subsecond"
                    )
                }) {
                    Type::F64
                } else {
                    Type::I64
                };
                (ty, !args.is_empty())
            }
            (
                "sqrt" | "pow" | "power" | "exp" | "ln" | "log" | "log2" | "log10" | "sin" | "cos"
                | "tan" | "asin" | "acos" | "atan" | "atan2" | "sinh" | "cosh" | "tanh" | "asinh"
                | "acosh" | "atanh" | "degrees" | "radians" | "mod",
                _,
            ) => (Type::F64, true),
            ("pi", 0) => (Type::F64, false),
            ("json" | "json_quote", _) => (Type::String, true),
            ("json_array" | "json_object", _) => (Type::String, false),
            ("json_array_length", _) => (Type::I64, true),
            ("json_valid", _) => (Type::Bool, any_null),
            ("json_group_array" | "json_group_object", _) => (Type::String, false),
            ("jsonb_group_array" | "jsonb_group_object", _) => (Type::Bytes, false),
            ("json_set" | "json_insert" | "json_replace" | "json_remove" | "json_pretty", _) => {
                (Type::String, first.1)
            }
            ("json_patch", 2) => (Type::String, any_null),
            ("json_type", _) => (Type::String, true),
            ("likely" | "unlikely" | "likelihood", _) => first,
            ("row_number" | "rank" | "dense_rank" | "ntile", _) if window => (Type::I64, false),
            ("percent_rank" | "cume_dist", _) if window => (Type::F64, false),
            // `lag(x, n, default)`: the default fills the frame's edge.
            ("lag" | "lead", 3) if window => {
                (common(&[branches[0].clone(), branches[2].clone()]).0, true)
            }
            ("lag" | "lead" | "first_value" | "last_value" | "nth_value", _) if window => {
                (first.0, true)
            }
            _ => UNKNOWN,
        })
    }
}

/// `a op b` for `+ - * / %`.
fn arithmetic(a: &Type, b: &Type) -> Type {
    let int = |t: &Type| matches!(t, Type::I64 | Type::Bool);
    match (a, b) {
        _ if int(a) && int(b) => Type::I64,
        (Type::F64, _) if int(b) || *b == Type::F64 => Type::F64,
        (_, Type::F64) if int(a) => Type::F64,
        _ => Type::Value,
    }
}

/// The type that reads every branch's values (see [`unify`]; else
/// `Value`) and whether any may be NULL. A branch that is the literal
/// `NULL` (`None`) has no type of its own: it only makes the result NULL.
fn common(branches: &[Option<Typed>]) -> Typed {
    let nullable = branches.iter().any(|b| b.as_ref().is_none_or(|t| t.1));
    let mut types = branches.iter().flatten().map(|t| &t.0);
    let ty = match types.next() {
        Some(first) => types.fold(first.clone(), |acc, t| unify(&acc, t)),
        None => Type::Value,
    };
    (ty, nullable)
}

fn is_operator(w: &str) -> bool {
    matches!(
        w,
        "=" | "=="
            | "!="
            | "<>"
            | "<"
            | "<="
            | ">"
            | ">="
            | "+"
            | "-"
            | "*"
            | "/"
            | "%"
            | "||"
            | "&"
            | "|"
            | "<<"
            | ">>"
            | "~"
            | "and"
            | "or"
            | "not"
            | "is"
            | "in"
            | "like"
            | "glob"
            | "between"
            | "when"
            | "then"
            | "else"
            | "case"
            | "select"
    )
}

/// CAST's type name → type: CAST applies affinity, so NUMERIC is dynamic
/// and BOOLEAN (NUMERIC affinity) is too.
pub fn cast_type(decl: &str) -> Type {
    match of_declared(Some(decl)) {
        Type::Bool => Type::Value,
        other => other,
    }
}

/// The columns of a statement `text` alone (a view's or CTE's body, a
/// subquery), or `None` when it does not prepare by itself.
pub fn describe(conn: Schema<'_>, text: &str, depth: usize) -> Option<Vec<Column>> {
    if depth > MAX_DEPTH {
        return None;
    }
    let stmt = conn.prepare(text).ok()?;
    columns::described(conn, &stmt, text, depth).ok()
}

/// What relation `r` of `shape` holds.
fn source(conn: Schema<'_>, sql: &str, shape: &Shape, r: &Relation, depth: usize) -> Source {
    if r.function {
        return Source::Unknown;
    }
    let text_of = |body: &Range<usize>| {
        if body.is_empty() {
            return None;
        }
        Some(&sql[shape.tokens[body.start].start..shape.tokens[body.end - 1].end])
    };
    if let Some(body) = &r.body {
        return text_of(body)
            .and_then(|t| describe(conn, t, depth + 1))
            .map_or(Source::Unknown, Source::Derived);
    }
    let lower = r.name.to_ascii_lowercase();
    if let Some(cte) = shape.ctes.iter().find(|c| c.name == lower) {
        // Earlier CTEs stay in front so the body can name them.
        let (Some(body), Some(with)) = (text_of(&cte.body), shape.tokens.first()) else {
            return Source::Unknown;
        };
        let earlier = &sql[with.start..shape.tokens[cte.start].start];
        let text = match earlier.trim_end().strip_suffix(',') {
            Some(prefix) => format!("{prefix} {body}"),
            None => body.to_string(),
        };
        let Some(mut cols) = describe(conn, &text, depth + 1) else {
            return Source::Unknown;
        };
        if let Some(names) = &cte.columns {
            if names.len() != cols.len() {
                return Source::Unknown;
            }
            for (c, n) in cols.iter_mut().zip(names) {
                c.name.clone_from(n);
            }
        }
        return Source::Derived(cols);
    }
    match view_body(conn, &r.name) {
        Some((body, names)) => {
            let Some(mut cols) = describe(conn, &body, depth + 1) else {
                return Source::Unknown;
            };
            if let Some(names) = names {
                if names.len() != cols.len() {
                    return Source::Unknown;
                }
                for (c, n) in cols.iter_mut().zip(names) {
                    c.name = n;
                }
            }
            Source::Derived(cols)
        }
        None => Source::Table(r.name.clone()),
    }
}

/// A view's `SELECT` and its column list, if `name` is a view.
fn view_body(conn: Schema<'_>, name: &str) -> Option<(String, Option<Vec<String>>)> {
    let create: String = conn
        .query_row(
            "SELECT sql FROM sqlite_schema WHERE type = 'view' AND name = ?1 COLLATE NOCASE UNION ALL SELECT sql FROM sqlite_temp_schema WHERE type = 'view' AND name = ?1 COLLATE NOCASE",
            [name],
            |r| r.get(0),
        )
        .ok()?;
    let script = Script::parse(&create);
    let tokens = &script.tokens;
    let mut depth = 0usize;
    let mut list: Option<Vec<String>> = None;
    for (i, t) in tokens.iter().enumerate() {
        match t.text(&create) {
            "(" => {
                depth += 1;
                if list.is_none() {
                    list = Some(Vec::new());
                }
            }
            ")" => depth = depth.saturating_sub(1),
            w if depth == 0 && w.eq_ignore_ascii_case("as") => {
                let body = tokens.get(i + 1)?.start;
                return Some((create[body..].to_string(), list));
            }
            _ if depth == 1 => {
                if let Some(l) = list.as_mut()
                    && matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent)
                {
                    l.push(unquote(t.text(&create)));
                }
            }
            _ => {}
        }
    }
    None
}
