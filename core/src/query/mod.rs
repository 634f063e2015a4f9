//! `query!`: a statement checked against the final schema (Sn) and the
//! Rust type of every result column.
//!
//! [`schema`] opens the final schema (from the analysis cache's last
//! checkpoint, kept open for the rest of the process); [`describe`]
//! prepares one statement on it and works out its parameters and typed
//! columns; every problem is one rendered compile error.

pub mod catalog;
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
use catalog::{Catalog, Schema};

/// What the macro needs to know about one statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Description {
    /// How many arguments the statement takes.
    pub parameters: usize,
    /// The result columns, in order (empty for a statement without rows).
    pub columns: Vec<Column>,
    /// The parameters whose place in the statement gives them a type.
    pub expected: Vec<params::Expected>,
    /// The statement returns rows and changes nothing (SQLite's
    /// `sqlite3_stmt_readonly`: a `SELECT`, `WITH … SELECT`, `VALUES`, a
    /// reading `PRAGMA`): `execute` would throw its rows away.
    pub reads_rows: bool,
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
///
/// What it reads of the schema's tables is kept for this call only;
/// [`describe_in`] keeps it for the next statements.
pub fn describe(
    conn: &Connection,
    sql: &str,
    past: Option<&Past<'_>>,
) -> Result<Description, String> {
    let catalog = Catalog::default();
    describe_in(
        Schema {
            conn,
            catalog: &catalog,
        },
        sql,
        past,
    )
}

/// [`describe`], reading the schema's tables through `schema`'s catalog,
/// which keeps them for the next statements described on the same
/// (unchanging) connection.
pub fn describe_in(
    schema: Schema<'_>,
    sql: &str,
    past: Option<&Past<'_>>,
) -> Result<Description, String> {
    let conn = schema.conn;
    // The statement's one parse, for every walk below.
    let script = errors::one_statement(sql)?;
    let tokens = script.tokens_of(&script.statements[0]);
    let stmt = conn
        .prepare(sql)
        .map_err(|e| errors::rejected(sql, &e, past))?;
    let parameters = stmt.parameter_count();
    errors::numbering(sql, tokens, &stmt)?;
    let columns = columns::of(schema, &stmt, sql)?;
    let expected = params::expected(schema, &stmt, sql, tokens);
    // A PRAGMA that answers may act all the same (`PRAGMA optimize` runs
    // ANALYZE) while SQLite calls it read-only: never a mere read.
    let pragma = tokens
        .first()
        .is_some_and(|t| t.text(sql).eq_ignore_ascii_case("pragma"));
    let reads_rows = !columns.is_empty() && stmt.readonly() && !pragma;
    Ok(Description {
        parameters,
        columns,
        expected,
        reads_rows,
    })
}

#[cfg(test)]
mod tests;
