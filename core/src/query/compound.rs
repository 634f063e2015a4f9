//! The types of a compound `SELECT`'s columns (`UNION`, `INTERSECT`,
//! `EXCEPT`). SQLite reports the first arm's declared types, but every
//! arm gives rows: each arm is described alone and their types unified.

use super::catalog::Schema;

use super::infer;
use super::types::{Type, unify};
use super::walk::Shape;

/// Per result column of the compound `shape` (a statement of `sql` with
/// `count` columns, met `depth` views, CTEs or subqueries deep): the type
/// that reads every arm's values. [`Type::Value`] for every column when
/// an arm cannot be described alone.
pub(super) fn types(
    conn: Schema<'_>,
    shape: &Shape,
    sql: &str,
    count: usize,
    depth: usize,
) -> Vec<Type> {
    arms(conn, shape, sql, count, depth).unwrap_or_else(|| vec![Type::Value; count])
}

fn arms(
    conn: Schema<'_>,
    shape: &Shape,
    sql: &str,
    count: usize,
    depth: usize,
) -> Option<Vec<Type>> {
    // Arms after the first need the statement's WITH list in front.
    let with = if shape.with {
        let close = shape.ctes.last()?.body.end;
        Some(&sql[shape.tokens.first()?.start..shape.tokens.get(close)?.end])
    } else {
        None
    };
    // Per column: the types of the arms' values; an arm's literal NULL
    // adds none.
    let mut types: Vec<Option<Type>> = vec![None; count];
    for (k, arm) in shape.arms.iter().enumerate() {
        let body = &sql[arm.clone()];
        let text = match with {
            Some(prefix) if k > 0 => format!("{prefix} {body}"),
            _ => body.to_string(),
        };
        let columns = infer::describe(conn, &text, depth + 1)?;
        if columns.len() != count {
            return None;
        }
        let own = Shape::of(&text);
        for (i, (slot, column)) in types.iter_mut().zip(&columns).enumerate() {
            let aligned = !own.star && own.items.len() == count;
            let null = aligned
                && own.items[i].len() == 1
                && own.word(&text, own.items[i].start).as_deref() == Some("null");
            if null {
                continue;
            }
            *slot = Some(match slot.take() {
                None => column.ty.clone(),
                Some(t) => unify(&t, &column.ty),
            });
        }
    }
    Some(
        types
            .into_iter()
            .map(|t| t.unwrap_or(Type::Value))
            .collect(),
    )
}
