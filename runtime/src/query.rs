//! What `query!`, `query_as!` and `query_scalar!` expand to: the checked
//! SQL, its arguments and how to read a row.
//!
//! ```
//! use schemaguard::query;
//!
//! static SCHEMA: schemaguard::Schema = schemaguard::schema!();
//!
//! let mut conn = rusqlite::Connection::open_in_memory()?;
//! SCHEMA.migrate(&mut conn)?;
//! query!("INSERT INTO tokens (token, expires_at) VALUES (?1, ?2)", "abc", "2030-01-01")
//!     .execute(&conn)?;
//! let row = query!("SELECT id, token FROM tokens WHERE token = ?1", "abc").fetch_one(&conn)?;
//! let id: i64 = row.id; // INTEGER PRIMARY KEY: never NULL
//! assert_eq!(row.token, "abc");
//! # let _ = id;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rusqlite::types::ToSql;
use rusqlite::{Connection, OptionalExtension, Row, params_from_iter};

/// Any SQLite value: the type of a column whose type schemaguard cannot
/// tell (no declared type, NUMERIC affinity, `ANY`, most expressions).
pub use rusqlite::types::Value;

/// A statement checked at compile time, with its arguments, ready to run
/// on any `&rusqlite::Connection` (a `Transaction` derefs to one).
///
/// Each method prepares the statement with `prepare_cached`, binds the
/// arguments in order (`?1` is the first) and reads rows as `R`.
pub struct Query<'a, R> {
    sql: &'static str,
    args: Vec<&'a dyn ToSql>,
    map: fn(&Row<'_>) -> rusqlite::Result<R>,
}

impl<'a, R> Query<'a, R> {
    #[doc(hidden)]
    pub fn __new(
        sql: &'static str,
        args: Vec<&'a dyn ToSql>,
        map: fn(&Row<'_>) -> rusqlite::Result<R>,
    ) -> Self {
        Query { sql, args, map }
    }

    /// The SQL text, as written in the macro.
    pub fn sql(&self) -> &'static str {
        self.sql
    }

    /// The first row; `Err(QueryReturnedNoRows)` when there is none.
    pub fn fetch_one(&self, conn: &Connection) -> rusqlite::Result<R> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        stmt.query_row(params_from_iter(self.args.iter()), self.map)
    }

    /// The first row, if any.
    pub fn fetch_optional(&self, conn: &Connection) -> rusqlite::Result<Option<R>> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        stmt.query_row(params_from_iter(self.args.iter()), self.map)
            .optional()
    }

    /// Every row.
    pub fn fetch_all(&self, conn: &Connection) -> rusqlite::Result<Vec<R>> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        let rows = stmt.query_map(params_from_iter(self.args.iter()), self.map)?;
        rows.collect()
    }

    /// Runs the statement to the end, dropping any rows it returns (an
    /// `INSERT … RETURNING` runs fully); returns the number of rows it
    /// inserted, updated or deleted (0 for a read-only statement).
    pub fn execute(&self, conn: &Connection) -> rusqlite::Result<usize> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        if stmt.column_count() == 0 {
            return stmt.execute(params_from_iter(self.args.iter()));
        }
        let readonly = stmt.readonly();
        let mut rows = stmt.query(params_from_iter(self.args.iter()))?;
        while rows.next()?.is_some() {}
        drop(rows);
        Ok(if readonly {
            0
        } else {
            usize::try_from(conn.changes()).unwrap_or(usize::MAX)
        })
    }
}

/// `query_as!`: a field of type `Self` can hold a column read as `T`
/// (only when they are the same type: no conversions, so a mismatch is
/// one readable error).
#[doc(hidden)]
#[diagnostic::on_unimplemented(
    message = "a field of type `{Self}` cannot hold this column, which the query gives as `{T}`",
    label = "a field of this struct is `{Self}`; its column is `{T}`",
    note = "the column's type comes from the schema and the query: change the field to `{T}`, or override the column in the SQL (`AS \"name!\"` for not null, `AS \"name: Type\"` for another type)"
)]
pub trait __Column<T> {
    #[doc(hidden)]
    fn __from(value: T) -> Self;
}

impl<T> __Column<T> for T {
    fn __from(value: T) -> T {
        value
    }
}
