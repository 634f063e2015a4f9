//! `query!`: a statement checked against the final schema (Sn) and the
//! Rust type of every result column.
//!
//! [`schema`] opens the final schema (from the analysis cache's last
//! checkpoint, kept open for the rest of the process); [`describe`]
//! prepares one statement on it and works out its parameters and typed
//! columns; every problem is one rendered compile error.

pub mod metadata;
pub mod params;
pub mod schema;
pub mod types;
pub mod walk;

mod columns;
mod compound;
pub mod errors;
mod infer;

pub use columns::{Column, Override};
pub use types::Type;

use rusqlite::Connection;

use crate::history::History;

/// What the macro needs to know about one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    /// How many arguments the statement takes.
    pub parameters: usize,
    /// The result columns, in order (empty for a statement without rows).
    pub columns: Vec<Column>,
    /// The parameters whose place in the statement gives them a type.
    pub expected: Vec<params::Expected>,
}

/// Which migration made a name disappear, for "no such table/column".
pub struct Past<'a> {
    /// The history of the project's snapshots.
    pub history: &'a History,
    /// `files[k]`: how to name the file after which snapshot `k` is taken.
    pub files: &'a [String],
}

/// Prepares `sql` on `conn` (the final schema) and describes it, or
/// returns the rendered compile error: SQLite rejects it, it is not
/// exactly one statement, or its parameters skip a number.
pub fn describe(
    conn: &Connection,
    sql: &str,
    past: Option<&Past<'_>>,
) -> Result<Description, String> {
    errors::one_statement(sql)?;
    let stmt = conn
        .prepare(sql)
        .map_err(|e| errors::rejected(sql, &e, past))?;
    let parameters = stmt.parameter_count();
    errors::numbering(sql, &stmt)?;
    let columns = columns::of(conn, &stmt, sql)?;
    let expected = params::expected(conn, &stmt, sql);
    Ok(Description {
        parameters,
        columns,
        expected,
    })
}

#[cfg(test)]
mod tests;
