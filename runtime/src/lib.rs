//! SQLite migrations checked at compile time.
//!
//! ```
//! pub static SCHEMA: schemaguard::Schema =
//!     schemaguard::schema!(base = "../migrations/schema.sql", migrations = "../migrations");
//! # assert!(SCHEMA.migrations().len() > 1);
//! ```
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
///     base = "../migrations/schema.sql",  // relative to CARGO_MANIFEST_DIR
///     migrations = "../migrations",
/// );
/// ```
///
/// `schema!()` with no arguments means `base = "schema.sql", migrations = "migrations"`.
/// `functions = ["name", …]` declares SQL functions the application
/// registers at run time, so the replay can use stand-ins for them.
pub use schemaguard_macros::schema;

#[doc(hidden)]
pub mod __private {
    pub use crate::migration::MigrationData;
}
