//! The result columns of a prepared statement: name, Rust type and
//! nullability, then the overrides the column's alias spells.

use rusqlite::{Connection, Statement};

use super::errors;
use super::types::{Type, of_declared};
use super::walk::Shape;
use crate::sql::lexer::TokenKind;

/// One result column as the macro types it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The Rust field name (the column name without its override suffix).
    pub name: String,
    /// The column name as SQLite gives it (the alias, suffix included).
    pub label: String,
    /// The type, before nullability.
    pub ty: Type,
    /// Read as `Option<ty>`.
    pub nullable: bool,
}

/// An override spelled in a column alias, as sqlx spells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Override {
    /// The name before the suffix.
    pub name: String,
    /// `!`: not null; `?`: nullable.
    pub nullable: Option<bool>,
    /// `: Type`.
    pub ty: Option<String>,
}

impl Override {
    /// Reads `name`, `name!`, `name?`, `name: Type`, `name!: Type`, `name?: Type`.
    pub fn parse(column: &str) -> Override {
        let (head, ty) = match column.split_once(':') {
            Some((h, t)) => (h.trim_end(), Some(t.trim().to_string())),
            None => (column, None),
        };
        let (name, nullable) = if let Some(n) = head.strip_suffix('!') {
            (n, Some(false))
        } else if let Some(n) = head.strip_suffix('?') {
            (n, Some(true))
        } else {
            (head, None)
        };
        Override {
            name: name.to_string(),
            nullable,
            ty,
        }
    }
}

/// A declared column's facts.
struct Declared {
    ty: Option<String>,
    not_null: bool,
}

/// What PRAGMA table_xinfo and table_list say about `table`.column.
fn declared(conn: &Connection, db: &str, table: &str, column: &str) -> Option<Declared> {
    let strict_or_without_rowid: bool = conn
        .prepare("SELECT strict OR wr FROM pragma_table_list WHERE schema = ?1 AND name = ?2 COLLATE NOCASE")
        .and_then(|mut s| s.query_row([db, table], |r| r.get(0)))
        .unwrap_or(false);
    let mut stmt = conn
        .prepare("SELECT name, type, \"notnull\", pk, (SELECT count(*) FROM pragma_table_xinfo(?2, ?1) WHERE pk > 0) FROM pragma_table_xinfo(?2, ?1)")
        .ok()?;
    let rows = stmt
        .query_map([db, table], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, bool>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })
        .ok()?;
    for row in rows.flatten() {
        let (name, ty, not_null, pk, pks) = row;
        if name.eq_ignore_ascii_case(column) {
            let rowid_alias = pk == 1
                && pks == 1
                && ty.eq_ignore_ascii_case("INTEGER")
                && !strict_or_without_rowid
                && reads_the_rowid(conn, db, table, &name);
            return Some(Declared {
                not_null: not_null || rowid_alias || pk > 0 && strict_or_without_rowid,
                ty: Some(ty),
            });
        }
    }
    None
}

/// Whether reading `column` reads the rowid: an `INTEGER PRIMARY KEY`
/// that aliases it (never NULL), not one declared `… PRIMARY KEY DESC`,
/// which is an ordinary column that may hold NULL. The bytecode says.
fn reads_the_rowid(conn: &Connection, db: &str, table: &str, column: &str) -> bool {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let sql = format!("EXPLAIN SELECT {} FROM {}.{}", q(column), q(db), q(table));
    conn.prepare(&sql)
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<Vec<_>, _>>()
        })
        .is_ok_and(|ops| {
            ops.iter().any(|o| o == "Rowid" || o == "IdxRowid")
                && !ops.iter().any(|o| o == "Column")
        })
}

/// The columns of `stmt` (prepared from `sql` on `conn`).
pub fn of(conn: &Connection, stmt: &Statement<'_>, sql: &str) -> Result<Vec<Column>, String> {
    let shape = Shape::of(sql);
    let views: Vec<String> = conn
        .prepare("SELECT lower(name) FROM sqlite_schema WHERE type = 'view' UNION SELECT lower(name) FROM sqlite_temp_schema WHERE type = 'view'")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default();
    let through_view = shape.names.iter().any(|n| views.contains(n));
    let plain = !shape.compound
        && (shape.joined.is_some() || !shape.outer_join)
        && !shape.with
        && !shape.from_subquery
        && !shape.aggregate_without_group
        && !through_view;
    let count = stmt.column_count();
    let aligned = !shape.star && shape.items.len() == count;
    let metadata: Vec<_> = each(stmt.columns_with_metadata()).collect();
    let decls: Vec<Option<String>> = each(stmt.columns())
        .map(|c| c.decl_type().map(String::from))
        .collect();
    let mut columns = Vec::with_capacity(count);
    let arm_types = if shape.compound {
        arm_types(conn, &shape, sql, count)
    } else {
        Vec::new()
    };
    let returning = shape.returning_from.as_deref();
    let returning_columns = returning
        .map(|t| table_columns(conn, t))
        .unwrap_or_default();
    for (i, meta) in metadata.iter().enumerate() {
        let item = aligned.then(|| &shape.items[i]);
        let name = meta.name().to_string();
        let (mut ty, mut nullable) = (Type::Value, true);
        if let Some(table) = returning {
            // RETURNING: a plain name is a column of the written table.
            // `RETURNING *` alone: the table's columns in order.
            let only_star = shape.star && shape.items.len() == 1;
            let bare = item
                .and_then(|r| bare_name(&shape, sql, r, table))
                .or_else(|| {
                    only_star
                        .then(|| returning_columns.get(i).cloned())
                        .flatten()
                });
            if let Some(d) = bare.and_then(|c| {
                declared(conn, "main", table, &c).or_else(|| declared(conn, "temp", table, &c))
            }) {
                ty = of_declared(d.ty.as_deref());
                nullable = !d.not_null;
            } else if let Some(r) = item {
                (ty, nullable) = expression(conn, &shape, sql, r);
            }
        } else if let Some(decl) = decls[i].as_deref() {
            ty = of_declared(Some(decl));
            // SQLite gives the first arm's declared type: keep it only when
            // every arm declares the same.
            if shape.compound && arm_types.get(i).is_none_or(|t| t.as_ref() != Some(&ty)) {
                ty = Type::Value;
            }
            let single = item.is_none_or(|r| !shape.has_subquery(sql, r))
                && (aligned || !shape.items.iter().any(|r| shape.has_subquery(sql, r)));
            if plain
                && single
                && let (Some(db), Some(table), Some(origin)) =
                    (meta.database_name(), meta.table_name(), meta.origin_name())
            {
                // The table must be one the FROM list names, on no outer
                // join's nullable side (a table named twice: every use).
                let safe_side = shape.joined.as_ref().is_none_or(|items| {
                    let uses = items.iter().filter(|(n, _)| n.eq_ignore_ascii_case(table));
                    uses.clone().count() > 0 && uses.clone().all(|(_, outer)| !outer)
                });
                nullable =
                    !(safe_side && declared(conn, db, table, origin).is_some_and(|d| d.not_null));
            }
        } else if let Some(r) = item {
            (ty, nullable) = expression(conn, &shape, sql, r);
        }
        let o = Override::parse(&name);
        if let Some(n) = o.nullable {
            nullable = n;
        }
        if let Some(t) = &o.ty {
            if t.is_empty() {
                return Err(errors::at(
                    sql,
                    errors::column_span(sql, &name),
                    format!("column `{name}` names no type after `:`"),
                    "no type",
                    "write the Rust type after the colon, e.g. `AS \"created: String\"`".into(),
                ));
            }
            ty = Type::Named(t.clone());
        }
        columns.push(Column {
            name: o.name,
            label: name,
            ty,
            nullable,
        });
    }
    Ok(columns)
}

/// For a compound SELECT, per column: the type every arm declares, or
/// `None` when they differ or an arm cannot be prepared alone.
fn arm_types(conn: &Connection, shape: &Shape, sql: &str, count: usize) -> Vec<Option<Type>> {
    let mut types: Vec<Option<Option<Type>>> = vec![None; count];
    if shape.with {
        return vec![None; count];
    }
    for arm in &shape.arms {
        let text = &sql[arm.clone()];
        let Ok(stmt) = conn.prepare(text) else {
            return vec![None; count];
        };
        let here: Vec<Option<Type>> = each(stmt.columns())
            .map(|c| c.decl_type().map(|d| of_declared(Some(d))))
            .collect();
        if here.len() != count {
            return vec![None; count];
        }
        for (slot, t) in types.iter_mut().zip(here) {
            *slot = match slot.take() {
                None => Some(t),
                Some(prev) if prev == t => Some(prev),
                Some(_) => Some(None),
            };
        }
    }
    types.into_iter().map(Option::flatten).collect()
}

/// The columns of `table` that `*` expands to.
fn table_columns(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare("SELECT name FROM pragma_table_xinfo(?1) WHERE hidden IN (0, 2, 3)")
        .and_then(|mut s| s.query_map([table], |r| r.get(0))?.collect())
        .unwrap_or_default()
}

/// `x` or `t.x` with `t` the written table (another table of an
/// `UPDATE … FROM` is not followed).
fn bare_name(shape: &Shape, sql: &str, r: &std::ops::Range<usize>, table: &str) -> Option<String> {
    let t = &shape.tokens[r.clone()];
    let name = |tok: &crate::sql::lexer::Token| {
        matches!(tok.kind, TokenKind::Word | TokenKind::QuotedIdent)
            .then(|| crate::sql::name::unquote(tok.text(sql)))
    };
    match t {
        [c] => name(c),
        [q, dot, c]
            if dot.text(sql) == "." && name(q).is_some_and(|q| q.eq_ignore_ascii_case(table)) =>
        {
            name(c)
        }
        _ => None,
    }
}

/// The type and nullability of a result expression without a declared
/// type, from a small table; anything else is a nullable [`Type::Value`].
fn expression(
    conn: &Connection,
    shape: &Shape,
    sql: &str,
    r: &std::ops::Range<usize>,
) -> (Type, bool) {
    let t = &shape.tokens[r.clone()];
    let unknown = (Type::Value, true);
    match t {
        [one] => {
            let text = one.text(sql);
            return match one.kind {
                TokenKind::Number if text.starts_with("0x") || text.starts_with("0X") => {
                    (Type::I64, false)
                }
                TokenKind::Number if text.contains(['.', 'e', 'E']) => (Type::F64, false),
                TokenKind::Number => (Type::I64, false),
                TokenKind::String => (Type::String, false),
                TokenKind::Blob => (Type::Bytes, false),
                _ => unknown,
            };
        }
        [] => return unknown,
        _ => {}
    }
    // A call `f( … )` that spans the whole item.
    let (Some(f), Some(open), Some(close)) = (shape.word(sql, r.start), t.get(1), t.last()) else {
        return unknown;
    };
    if open.text(sql) != "(" || close.text(sql) != ")" || !closes_at_end(t, sql) {
        return unknown;
    }
    let inner = r.start + 2..r.end - 1;
    match f.as_str() {
        "count" => (Type::I64, false),
        "total" => (Type::F64, false),
        "avg" => (Type::F64, true),
        "changes" | "total_changes" | "last_insert_rowid" | "random" => (Type::I64, false),
        "typeof" | "quote" | "hex" => (Type::String, false),
        "length" | "instr" | "unicode" => (Type::I64, true),
        "lower" | "upper" | "trim" | "ltrim" | "rtrim" => (Type::String, true),
        "cast" => {
            let inner_t = &shape.tokens[inner.clone()];
            let as_at = inner_t
                .iter()
                .rposition(|x| x.text(sql).eq_ignore_ascii_case("as"));
            match as_at {
                Some(a) => {
                    let decl: Vec<&str> = inner_t[a + 1..].iter().map(|x| x.text(sql)).collect();
                    (cast_type(&decl.join(" ")), true)
                }
                None => unknown,
            }
        }
        "max" | "min" | "sum"
            if !inner.is_empty()
                && !inner.clone().any(|i| {
                    shape.tokens[i].text(sql) == "," && depth_zero(t, sql, i - r.start)
                }) =>
        {
            let probed = probe(conn, shape, sql, &inner);
            match (f.as_str(), probed) {
                ("sum", Type::I64 | Type::Bool) => (Type::I64, true),
                ("sum", Type::F64) => (Type::F64, true),
                ("sum", _) => unknown,
                (_, ty) => (ty, true),
            }
        }
        _ => unknown,
    }
}

/// CAST's type name → type: CAST applies affinity, so NUMERIC is dynamic
/// and BOOLEAN (NUMERIC affinity) is too.
fn cast_type(decl: &str) -> Type {
    match of_declared(Some(decl)) {
        Type::Bool => Type::Value,
        Type::Value if decl.trim().is_empty() => Type::Value,
        other => other,
    }
}

/// Whether the `(` at index 1 of `t` closes at its last token.
fn closes_at_end(t: &[crate::sql::lexer::Token], sql: &str) -> bool {
    let mut depth = 0i32;
    for (i, tok) in t.iter().enumerate().skip(1) {
        match tok.text(sql) {
            "(" => depth += 1,
            ")" => {
                depth -= 1;
                if depth == 0 {
                    return i == t.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether token `at` of the call `t` is at the call's own depth.
fn depth_zero(t: &[crate::sql::lexer::Token], sql: &str, at: usize) -> bool {
    let mut depth = 0i32;
    for tok in &t[..at] {
        match tok.text(sql) {
            "(" => depth += 1,
            ")" => depth -= 1,
            _ => {}
        }
    }
    depth == 1
}

/// The declared type of `inner` in the same `FROM`: prepares
/// `SELECT inner FROM …` and reads its declared type.
fn probe(conn: &Connection, shape: &Shape, sql: &str, inner: &std::ops::Range<usize>) -> Type {
    let Some(from) = shape.from_at else {
        return Type::Value;
    };
    if shape.compound || shape.with {
        return Type::Value;
    }
    let expr = &sql[shape.tokens[inner.start].start..shape.tokens[inner.end - 1].end];
    let probe = format!("SELECT {expr} {}", &sql[from..]);
    conn.prepare(&probe)
        .ok()
        .and_then(|s| each(s.columns()).next().map(|c| of_declared(c.decl_type())))
        .unwrap_or(Type::Value)
}

/// The items of what `Statement::columns()` returns: a `Vec` up to
/// rusqlite 0.42, an iterator from 0.43 (schemaguard accepts 0.40 to 0.43).
fn each<I: IntoIterator>(items: I) -> I::IntoIter {
    items.into_iter()
}
