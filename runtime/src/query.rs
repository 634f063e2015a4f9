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
//! query!(
//!     "INSERT INTO tokens (token_hash, me, expires_at) VALUES (?1, ?2, ?3)",
//!     "abc",
//!     "https://example.org/",
//!     "2030-01-01",
//! )
//! .execute(&conn)?;
//! let row = query!("SELECT id, me FROM tokens WHERE token_hash = ?1", "abc").fetch_one(&conn)?;
//! let id: i64 = row.id; // INTEGER PRIMARY KEY: never NULL
//! assert_eq!(row.me, "https://example.org/");
//! // No result columns: each row is `()`.
//! let none: Vec<()> = query!("DELETE FROM tokens WHERE expires_at < ?1", "2000").fetch_all(&conn)?;
//! assert!(none.is_empty());
//! # let _ = id;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rusqlite::types::{FromSql, ToSql};
use rusqlite::{Connection, OptionalExtension, Row};

/// Any SQLite value: the type of a column whose type schemaguard cannot
/// tell (no declared type, NUMERIC affinity, `ANY`, most expressions).
pub use rusqlite::types::Value;

/// A statement checked at compile time, with its arguments, ready to run
/// on any `&rusqlite::Connection` (a `Transaction` derefs to one).
///
/// Each method prepares the statement with `prepare_cached`, binds the
/// arguments in order (`?1` is the first) and reads rows as `R`. `N` is
/// the number of arguments: they are held in an array, not a `Vec`, so a
/// query allocates nothing before it runs.
pub struct Query<'a, R, const N: usize> {
    sql: &'static str,
    args: [&'a dyn ToSql; N],
    map: fn(&Row<'_>) -> rusqlite::Result<R>,
}

impl<'a, R, const N: usize> Query<'a, R, N> {
    #[doc(hidden)]
    pub fn __new(
        sql: &'static str,
        args: [&'a dyn ToSql; N],
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
        stmt.query_row(&self.args[..], self.map)
    }

    /// The first row, if any.
    pub fn fetch_optional(&self, conn: &Connection) -> rusqlite::Result<Option<R>> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        stmt.query_row(&self.args[..], self.map).optional()
    }

    /// Every row.
    pub fn fetch_all(&self, conn: &Connection) -> rusqlite::Result<Vec<R>> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        let rows = stmt.query_map(&self.args[..], self.map)?;
        rows.collect()
    }

    /// Runs the statement to the end, dropping any rows it returns (an
    /// `INSERT … RETURNING` runs fully); returns the number of rows it
    /// inserted, updated or deleted (0 for a read-only statement).
    pub fn execute(&self, conn: &Connection) -> rusqlite::Result<usize> {
        let mut stmt = conn.prepare_cached(self.sql)?;
        if stmt.column_count() == 0 {
            return stmt.execute(&self.args[..]);
        }
        let readonly = stmt.readonly();
        let mut rows = stmt.query(&self.args[..])?;
        while rows.next()?.is_some() {}
        drop(rows);
        Ok(if readonly {
            0
        } else {
            usize::try_from(conn.changes()).unwrap_or(usize::MAX)
        })
    }
}

/// `query_scalar!`'s reader, one for every call of a type: the first
/// column as `T`.
#[doc(hidden)]
pub fn __first<T: FromSql>(row: &Row<'_>) -> rusqlite::Result<T> {
    row.get(0)
}

/// The reader of a statement without result columns (an `INSERT`,
/// `UPDATE` or `DELETE` without `RETURNING`): its rows, if any, are `()`.
#[doc(hidden)]
pub fn __nothing(_: &Row<'_>) -> rusqlite::Result<()> {
    Ok(())
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
