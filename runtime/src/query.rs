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
//! // No result columns: `execute`, which says how many rows changed.
//! let deleted = query!("DELETE FROM tokens WHERE expires_at < ?1", "2000").execute(&conn)?;
//! assert_eq!(deleted, 0);
//! # let _ = id;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::marker::PhantomData;

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
/// query allocates nothing before it runs. `S` says what the statement
/// does: [`Select`] (the default) when it returns rows and changes
/// nothing, [`NoRows`] when it has no result columns, [`Change`]
/// otherwise. A `Select` has no [`execute`](Query::execute), a `NoRows`
/// no `fetch_…`: either call is a compile error.
pub struct Query<'a, R, const N: usize, S = Select> {
    sql: &'static str,
    args: [&'a dyn ToSql; N],
    map: fn(&Row<'_>) -> rusqlite::Result<R>,
    statement: PhantomData<S>,
}

/// A statement that returns rows and changes nothing (SQLite's
/// `sqlite3_stmt_readonly`): a `SELECT`, `WITH … SELECT`, `VALUES`. Its
/// rows are all it does, so [`Query::execute`], which drops them, is a
/// compile error on it. A `PRAGMA` never is one, even one SQLite calls
/// read-only: `PRAGMA optimize` may run `ANALYZE`.
pub struct Select;

/// A statement that returns rows and may change the database: an
/// `INSERT`, `UPDATE` or `DELETE … RETURNING`, a `PRAGMA` that answers
/// (`PRAGMA journal_mode = WAL`, `PRAGMA optimize`).
pub struct Change;

/// A statement without result columns: an `INSERT`, `UPDATE` or `DELETE`
/// without `RETURNING`, a `CREATE`, `BEGIN`. It returns no row, so the
/// `fetch_…` methods, which would find none (`fetch_one` would fail
/// after the statement ran), are a compile error on it.
pub struct NoRows;

/// What a statement must be for [`Query::execute`] to run it: a
/// [`Change`] or [`NoRows`], not a [`Select`], whose rows `execute`
/// would throw away.
#[diagnostic::on_unimplemented(
    message = "`execute` would throw away the rows of this SELECT",
    label = "this statement returns rows and changes nothing",
    note = "read its rows with `fetch_all`, `fetch_one` or `fetch_optional`; to run it only for what a function it calls does, call `fetch_all` and drop the rows"
)]
pub trait Executable {}

// Not offered in rustc's error as the fix: the user cannot make a
// `Select` a `Change`, only call another method.
#[diagnostic::do_not_recommend]
impl Executable for Change {}
#[diagnostic::do_not_recommend]
impl Executable for NoRows {}

/// What a statement must be for [`Query::fetch_one`], `fetch_optional`
/// and `fetch_all`: a [`Select`] or a [`Change`], one with result
/// columns, not a [`NoRows`].
#[diagnostic::on_unimplemented(
    message = "this statement returns no rows: there is nothing to fetch",
    label = "the statement has no result columns",
    note = "run it with `execute`, which returns how many rows it changed; to read what it writes, add `RETURNING …` to the SQL"
)]
pub trait Fetchable {}

#[diagnostic::do_not_recommend]
impl Fetchable for Select {}
#[diagnostic::do_not_recommend]
impl Fetchable for Change {}

impl<'a, R, const N: usize> Query<'a, R, N, Change> {
    #[doc(hidden)]
    pub fn __new(
        sql: &'static str,
        args: [&'a dyn ToSql; N],
        map: fn(&Row<'_>) -> rusqlite::Result<R>,
    ) -> Self {
        Query::of(sql, args, map)
    }
}

impl<'a, R, const N: usize> Query<'a, R, N, NoRows> {
    #[doc(hidden)]
    pub fn __no_rows(
        sql: &'static str,
        args: [&'a dyn ToSql; N],
        map: fn(&Row<'_>) -> rusqlite::Result<R>,
    ) -> Self {
        Query::of(sql, args, map)
    }
}

impl<'a, R, const N: usize> Query<'a, R, N, Select> {
    #[doc(hidden)]
    pub fn __select(
        sql: &'static str,
        args: [&'a dyn ToSql; N],
        map: fn(&Row<'_>) -> rusqlite::Result<R>,
    ) -> Self {
        Query::of(sql, args, map)
    }
}

impl<'a, R, const N: usize, S> Query<'a, R, N, S> {
    /// The one constructor behind the macros' three, one per kind `S`.
    fn of(
        sql: &'static str,
        args: [&'a dyn ToSql; N],
        map: fn(&Row<'_>) -> rusqlite::Result<R>,
    ) -> Self {
        Query {
            sql,
            args,
            map,
            statement: PhantomData,
        }
    }
}

impl<R, const N: usize, S> Query<'_, R, N, S> {
    /// The SQL text, as written in the macro.
    pub fn sql(&self) -> &'static str {
        self.sql
    }

    /// The first row; `Err(QueryReturnedNoRows)` when there is none.
    pub fn fetch_one(&self, conn: &Connection) -> rusqlite::Result<R>
    where
        S: Fetchable,
    {
        let mut stmt = conn.prepare_cached(self.sql)?;
        stmt.query_row(&self.args[..], self.map)
    }

    /// The first row, if any.
    pub fn fetch_optional(&self, conn: &Connection) -> rusqlite::Result<Option<R>>
    where
        S: Fetchable,
    {
        let mut stmt = conn.prepare_cached(self.sql)?;
        stmt.query_row(&self.args[..], self.map).optional()
    }

    /// Every row.
    pub fn fetch_all(&self, conn: &Connection) -> rusqlite::Result<Vec<R>>
    where
        S: Fetchable,
    {
        let mut stmt = conn.prepare_cached(self.sql)?;
        let rows = stmt.query_map(&self.args[..], self.map)?;
        rows.collect()
    }

    /// Runs the statement to the end, dropping any rows it returns (an
    /// `INSERT … RETURNING` runs fully); returns the number of rows it
    /// inserted, updated or deleted (0 for a statement that is none of
    /// these, such as a `PRAGMA`). Not for a [`Select`]: on one, it is
    /// a compile error saying to fetch the rows instead.
    pub fn execute(&self, conn: &Connection) -> rusqlite::Result<usize>
    where
        S: Executable,
    {
        let mut stmt = conn.prepare_cached(self.sql)?;
        // SQLite's count of changed rows is the last INSERT, UPDATE or
        // DELETE's: after a statement that is none (a PRAGMA, a CREATE)
        // it is an earlier statement's. The connection's total says
        // whether this one changed any row.
        let before = conn.total_changes();
        let mut rows = stmt.query(&self.args[..])?;
        while rows.next()?.is_some() {}
        drop(rows);
        Ok(if conn.total_changes() == before {
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
/// `UPDATE` or `DELETE` without `RETURNING`), for its `Query`'s type:
/// never called, since a [`NoRows`] has no `fetch_…`.
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
    note = "the column's type comes from the schema and the query: change the field to `{T}`, or override the column in the SQL (`AS \"name!\"` for not null, `AS \"name?\"` for `Option`, `AS \"name: Type\"` for another type)"
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
