// The guide is the README (`runtime/README.md` is a symbolic link to the
// repository's): docs.rs shows what the repository page shows, and its Rust
// examples are doctests. They compile in `runtime/`, so `schema!(base =
// "schema.sql", migrations = "migrations")` reads `runtime/schema.sql` and
// `runtime/migrations/`, a small example project shipped with the crate.
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
mod execute;
mod foreign_keys;
mod inspect;
mod migration;
mod report;
mod schema;
mod status;
mod tracking;

pub use error::{Error, SqliteCode};
pub use migration::Migration;
pub use report::{Action, Outcome, Report};
pub use rusqlite;
pub use schema::Schema;
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

#[doc(hidden)]
pub mod __private {
    pub use crate::migration::MigrationData;
}
