// The guide is the README (`runtime/README.md` is a symbolic link to the
// repository's): docs.rs shows what the repository page shows, and its Rust
// examples are doctests. They compile in `runtime/`, so `schema!(base =
// "schema.sql", migrations = "migrations")` reads `runtime/schema.sql` and
// `runtime/migrations/`: links to the repository's `migrations/`, the demo's
// project, which the demo (`examples/demo.rs`) and its `query!`s read too.
#![doc = include_str!("../README.md")]
// The README shows whole files (`build.rs`, a trybuild case): their `fn main`
// is part of what it shows.
#![allow(clippy::needless_doctest_main)]
#![warn(missing_docs)]

mod alone;
pub mod build;
mod detection;
mod engine;
mod error;
mod evidence;
mod execute;
mod foreign_keys;
mod inspect;
mod migration;
mod mismatch;
mod report;
mod schema;
#[cfg(feature = "sqlx")]
mod sqlx;
mod status;
mod tracking;

pub use error::{Error, SqliteCode};
pub use evidence::Previous;
pub use migration::{Migration, MigrationId};
pub use mismatch::{ExpectedForm, Mismatch};
pub use report::{Action, ForeignHistory, Outcome, Report};
pub use rusqlite;
pub use schema::Schema;
#[cfg(feature = "sqlx")]
pub use sqlx::SqlxSchema;
pub use status::{
    Difference, MigrationStatus, ObjectKind, SchemaColumn, SchemaObject, State, Status,
};

/// Reads the base schema and every migration at compile time, replays them
/// on an in-memory SQLite and turns every duplicate definition and SQL error
/// into a compile error; expands to a [`Schema`].
///
/// ```
/// static SCHEMA: schemaguard::Schema = schemaguard::schema!(
///     base = "schema.sql",       // relative to the crate's Cargo.toml
///     migrations = "migrations",
/// );
/// ```
///
/// `schema!()` with no arguments means `base = "schema.sql", migrations = "migrations"`.
/// `functions = ["name", …]` declares SQL functions the application
/// registers at run time, so the replay can use stand-ins for them.
///
/// `base = none` says the project has no base schema (its first migration
/// creates the tables); version 0 is then the empty schema. Other tools'
/// migration directories are read in place: `layout = "sqlx"`,
/// `"refinery"`, `"diesel"` or `"schemaguard"`, detected from the file
/// names when left out.
///
/// ```
/// static SCHEMA: schemaguard::Schema = schemaguard::schema!(
///     base = none,
///     migrations = "../tests/fixtures/layouts/refinery", // V1__users.sql, …
///     layout = "refinery",
/// );
/// assert_eq!(SCHEMA.migrations()[1].name(), "users");
/// ```
pub use schemaguard_macros::schema;

pub mod param;
pub mod query;

/// Checks a SQL statement against the schema after the last migration, at
/// compile time, and returns a [`query::Query`] whose rows are a struct
/// with one typed field per result column.
///
/// The schema comes from `[package.metadata.schemaguard]` in the crate's
/// `Cargo.toml` (`base`, `migrations`, `functions`), else `schema.sql` and
/// `migrations/`. Arguments bind in order: the first to `?1` (or to the
/// first parameter SQLite numbers). See the README's "Typed queries"
/// section for the types, nullability rules and overrides.
///
/// ```
/// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
/// # let mut conn = rusqlite::Connection::open_in_memory()?;
/// # SCHEMA.migrate(&mut conn)?;
/// let rows = schemaguard::query!("SELECT id, client_id FROM tokens WHERE expires_at > ?1", "2030")
///     .fetch_all(&conn)?;
/// for row in rows {
///     let _: i64 = row.id;                   // INTEGER PRIMARY KEY
///     let _: Option<String> = row.client_id; // TEXT, nullable
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use schemaguard_macros::query;

/// [`query!`] reading each row into the caller's struct: every field's
/// type must be the column's type (a mismatch is a compile error).
///
/// ```
/// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
/// # let mut conn = rusqlite::Connection::open_in_memory()?;
/// # SCHEMA.migrate(&mut conn)?;
/// struct Token {
///     id: i64,
///     me: String,
/// }
/// let t: Option<Token> = schemaguard::query_as!(Token, "SELECT id, me FROM tokens WHERE id = ?1", 7)
///     .fetch_optional(&conn)?;
/// assert!(t.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use schemaguard_macros::query_as;

/// [`query!`] for a statement with exactly one result column: each row is
/// that column's value.
///
/// ```
/// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
/// # let mut conn = rusqlite::Connection::open_in_memory()?;
/// # SCHEMA.migrate(&mut conn)?;
/// let n: i64 = schemaguard::query_scalar!("SELECT count(*) FROM tokens").fetch_one(&conn)?;
/// assert_eq!(n, 0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use schemaguard_macros::query_scalar;

/// [`query!`] with the SQL in a file, relative to the crate's
/// `Cargo.toml`; editing the file rebuilds the crate.
///
/// ```
/// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
/// # let mut conn = rusqlite::Connection::open_in_memory()?;
/// # SCHEMA.migrate(&mut conn)?;
/// // queries/expired_tokens.sql: SELECT id, me FROM tokens WHERE expires_at < ?1
/// let expired = schemaguard::query_file!("queries/expired_tokens.sql", "2030").fetch_all(&conn)?;
/// assert!(expired.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use schemaguard_macros::query_file;

/// [`query_as!`] with the SQL in a file, relative to the crate's `Cargo.toml`.
///
/// ```
/// # static SCHEMA: schemaguard::Schema = schemaguard::schema!();
/// # let mut conn = rusqlite::Connection::open_in_memory()?;
/// # SCHEMA.migrate(&mut conn)?;
/// struct Expired {
///     id: i64,
///     me: String,
/// }
/// let expired: Vec<Expired> =
///     schemaguard::query_file_as!(Expired, "queries/expired_tokens.sql", "2030").fetch_all(&conn)?;
/// assert!(expired.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub use schemaguard_macros::query_file_as;

#[doc(hidden)]
pub mod __private {
    pub use crate::migration::MigrationData;
}
