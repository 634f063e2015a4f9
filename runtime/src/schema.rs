//! The value `schema!` expands to.

use schemaguard_core::history::History;

use crate::Migration;

/// The checked base schema and migrations of an application, with the
/// schema snapshot after each of them. Built at compile time by
/// [`schema!`](crate::schema).
///
/// ```
/// pub static SCHEMA: schemaguard::Schema = schemaguard::schema!(
///     base = "../migrations/schema.sql",
///     migrations = "../migrations",
/// );
///
/// let versions: Vec<u64> = SCHEMA.migrations().iter().map(|m| m.version()).collect();
/// assert_eq!(versions[0], 0); // the base schema
/// assert!(versions.windows(2).all(|w| w[0] < w[1]));
/// ```
#[derive(Debug)]
pub struct Schema {
    migrations: &'static [Migration],
    history: History,
}

impl Schema {
    #[doc(hidden)]
    pub const fn __new(migrations: &'static [Migration], history: History) -> Self {
        Schema {
            migrations,
            history,
        }
    }

    /// What a failed `schema!` expands to, next to its `compile_error!`s,
    /// so the only errors shown are the real ones.
    #[doc(hidden)]
    pub const __INVALID: Schema = Schema {
        migrations: &[],
        history: History {
            snapshots: 0,
            entries: std::borrow::Cow::Borrowed(&[]),
        },
    };

    /// The base schema (version 0) followed by every migration, in the
    /// order they run.
    pub fn migrations(&self) -> &'static [Migration] {
        self.migrations
    }

    /// The schema snapshots the macro recorded (one per entry of
    /// [`migrations`](Self::migrations)).
    #[doc(hidden)]
    pub fn __history(&self) -> &History {
        &self.history
    }
}
