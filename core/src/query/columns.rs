//! The result columns of a prepared statement: name, Rust type and
//! nullability, then the overrides the column's alias spells.

use rusqlite::Statement;

use super::catalog::Schema;

use super::compound;
use super::errors;
use super::infer::Scope;
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
pub(super) struct Declared {
    /// The declared type.
    pub(super) ty: Option<String>,
    /// Never NULL when read.
    pub(super) not_null: bool,
}

/// What the schema declares about `table`.column of database `db`.
pub(super) fn declared(conn: Schema<'_>, db: &str, table: &str, column: &str) -> Option<Declared> {
    let t = conn.table(Some(db), table)?;
    let c = t.column(column)?;
    let rowid_alias = c.pk == 1
        && t.primary_key_columns == 1
        && c.decl.eq_ignore_ascii_case("INTEGER")
        && !t.strict_or_without_rowid
        && conn.catalog.reads_the_rowid(conn.conn, db, table, &c.name);
    Some(Declared {
        not_null: c.not_null || rowid_alias || c.pk > 0 && t.strict_or_without_rowid,
        ty: Some(c.decl.clone()),
    })
}

/// The columns of `stmt` (prepared from `sql` on `conn`).
pub fn of(conn: Schema<'_>, stmt: &Statement<'_>, sql: &str) -> Result<Vec<Column>, String> {
    described(conn, stmt, sql, 0)
}

/// [`of`] for a statement met `depth` views, CTEs or subqueries deep.
pub(super) fn described(
    conn: Schema<'_>,
    stmt: &Statement<'_>,
    sql: &str,
    depth: usize,
) -> Result<Vec<Column>, String> {
    let shape = Shape::of(sql);
    let scope = Scope::new(conn, sql, &shape, depth);
    let views = conn.catalog.views(conn.conn);
    let through_view = shape.names.iter().any(|n| views.contains(n));
    // SQLite declares a compound's columns with its first arm's types, also
    // through a view, CTE or subquery: those declarations are not used.
    // Worked out only when a column needs its declaration.
    let declarations_hold = std::cell::OnceCell::new();
    let declarations_hold = || {
        *declarations_hold.get_or_init(|| {
            let compound = shape
                .names
                .iter()
                .any(|n| matches!(n.as_str(), "union" | "intersect" | "except"));
            let through_compound_view = through_view && reads_a_compound_view(conn, &shape.names);
            !(compound || through_compound_view)
        })
    };
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
    let compound_types = if shape.compound {
        compound::types(conn, &shape, sql, count, depth)
    } else {
        Vec::new()
    };
    let derived_star = scope
        .star()
        .filter(|cols| cols.len() == count && shape.returning_from.is_none());
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
                (ty, nullable) = scope.expr(r.clone());
            }
        } else if shape.compound {
            // Any arm may give the NULL.
            ty = compound_types.get(i).cloned().unwrap_or(Type::Value);
        } else if let Some((t, n)) = derived_star
            .as_ref()
            .map(|cols| cols[i].clone())
            .or_else(|| item.and_then(|r| scope.typed_item(r.clone())))
        {
            // Read from the FROM list (views, CTEs and subqueries already
            // described with their own declarations) and the operator table.
            (ty, nullable) = (t, n);
        } else if let Some(decl) = decls[i].as_deref().filter(|_| declarations_hold()) {
            ty = of_declared(Some(decl));
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
            (ty, nullable) = scope.expr(r.clone());
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

/// Whether one of `names` is a view that reads a compound, itself or
/// through another view (a view's name found in another's text counts as
/// read: a false match only costs a type).
fn reads_a_compound_view(conn: Schema<'_>, names: &[String]) -> bool {
    let compound_views = conn.catalog.compound_views(conn.conn);
    names.iter().any(|n| compound_views.contains(n))
}

/// The columns of `table` that `*` expands to.
fn table_columns(conn: Schema<'_>, table: &str) -> Vec<String> {
    conn.table(None, table).map_or_else(Vec::new, |t| {
        t.columns
            .iter()
            .filter(|c| matches!(c.hidden, 0 | 2 | 3))
            .map(|c| c.name.clone())
            .collect()
    })
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

/// The items of what `Statement::columns()` returns: a `Vec` up to
/// rusqlite 0.42, an iterator from 0.43 (schemaguard accepts 0.40 to 0.43).
fn each<I: IntoIterator>(items: I) -> I::IntoIter {
    items.into_iter()
}
