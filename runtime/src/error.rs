//! The one error type of the runtime.

use std::fmt::Display;

use crate::{Difference, MigrationId, Mismatch, SchemaObject};

/// Everything [`Schema::migrate`](crate::Schema::migrate) and friends can
/// refuse or fail with. When one is returned, the failing transaction was
/// rolled back and nothing of it was written. A run commits in between only
/// around `foreign-keys-off` migrations (each runs in a transaction of its
/// own) and `no-transaction` ones (run outside any, not atomic): what
/// committed before the failure stays committed and recorded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A statement of a migration failed; its transaction was rolled back.
    #[error("{} failed at {file}:{line}: {message}", describe(*.version, .name))]
    Migration {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The migration's file, relative to the crate.
        file: String,
        /// The failing statement's line in that file.
        line: usize,
        /// SQLite's message (or schemaguard's, for a migration that leaves
        /// a transaction open).
        message: String,
        /// SQLite's result code, when SQLite failed (see
        /// [`Error::sqlite_error_code`]).
        #[source]
        code: Option<SqliteCode>,
    },

    /// An applied migration's file changed since it was applied.
    #[error(
        "{} was edited after it was applied (recorded checksum {recorded}, file checksum {expected}): restore the file, and put the change in a new migration",
        describe(*.version, .name)
    )]
    Modified {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The checksum in the tracking table.
        recorded: String,
        /// The checksum of the embedded file.
        expected: String,
    },

    /// The database records a migration this program does not have.
    #[error(
        "the database records migration {version} ({name}), which this program does not know: it was migrated by a newer release"
    )]
    UnknownVersion {
        /// The recorded version.
        version: u64,
        /// The recorded name.
        name: String,
    },

    /// schemaguard's own tables in the database are in a format newer than
    /// this release knows.
    #[error(
        "the database's schemaguard tables are in format {found}, and this program knows formats up to {supported}: it was migrated by a newer release; nothing was written (run the newer release, or restore a backup made before it ran)"
    )]
    NewerFormat {
        /// The database's format.
        found: i64,
        /// The newest format this program knows.
        supported: i64,
    },

    /// A pending migration is older than the newest applied one.
    #[error(
        "migration {version} ({name}) is pending, but migration {newest} is already applied: migrations run in one order; renumber it after {newest}"
    )]
    OutOfOrder {
        /// The pending migration's version.
        version: u64,
        /// The pending migration's name.
        name: String,
        /// The newest applied version.
        newest: u64,
    },

    /// An untracked database's schema matches no version.
    #[error("cannot tell which version this untracked database is at:{}", list(.mismatches))]
    Undetectable {
        /// The objects that keep it from matching the nearest version, each
        /// with its live form and the form expected instead. All of them:
        /// the message shows the first 20.
        mismatches: Vec<Mismatch>,
    },

    /// An untracked database could be at several versions, and running the
    /// data migrations between them again is not known to be safe.
    #[error(
        "this untracked database could be at any version from {from} to {to}: the schema is the same, and {} may change data; decide with `Schema::baseline(&mut conn, version)`",
        joined(.migrations)
    )]
    Ambiguous {
        /// The lowest possible version.
        from: u64,
        /// The highest possible version.
        to: u64,
        /// The migrations in between that may change data and are not
        /// `rerunnable`: whether they ran is what the schema cannot tell.
        migrations: Vec<MigrationId>,
    },

    /// An untracked database has part of a migration's effects, and the
    /// missing part is not something that can be created safely.
    #[error(
        "{} is partly present in this untracked database; present: {}; missing: {}",
        describe(*.version, .name),
        joined(.present),
        joined_missing(.missing)
    )]
    Partial {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The objects it creates or changes that are in the form it gives
        /// them (empty when a repair's objects came out wrong).
        present: Vec<SchemaObject>,
        /// The objects it creates or changes that are not: each with its
        /// live form (`None`: absent) and the form the migration gives it.
        missing: Vec<Difference>,
    },

    /// An untracked database has an object that a pending migration creates
    /// without dropping it first.
    #[error(
        "{object} exists in a form no version has ({live}), and {} creates it without dropping it first",
        describe(*.version, .name)
    )]
    Conflict {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The object, e.g. `index idx_events_source`.
        object: SchemaObject,
        /// The object's live form.
        live: String,
    },

    /// A migration left rows that violate foreign keys (run with
    /// enforcement off, or deferred ones still pending at its end); its
    /// transaction was rolled back.
    #[error("{} leaves rows that violate foreign keys, so its transaction was rolled back (fix the migration or the data, then run again):{}", describe(*.version, .name), list(.violations))]
    ForeignKeyViolation {
        /// The migration that introduced the violations.
        version: u64,
        /// Its name.
        name: String,
        /// Each new violation: table, rowid and the table it references.
        violations: Vec<String>,
    },

    /// The connection is inside a transaction of the caller's, and a run
    /// needs one of its own (to commit atomically).
    #[error(
        "the connection is inside a transaction: schemaguard runs its own, so commit or roll back first (an up-to-date database is fine either way)"
    )]
    InTransaction,

    /// The database is open read-only (or `PRAGMA query_only`), and it is
    /// not up to date.
    #[error(
        "the database is open read-only, and it is not up to date: open it read-write to migrate it"
    )]
    ReadOnly,

    /// Another process is running a `no-transaction` migration (it claimed
    /// it and has not finished), or died while running it.
    #[error(
        "{} is being run outside a transaction by another process (claimed at {since}), and did not finish within the connection's busy timeout; if no process is running it, one died halfway through it: check which of its statements took effect, then either finish it by hand and call `Schema::mark_done(&mut conn, {version})`, or undo them and call `Schema::release(&mut conn, {version})` to run it again from its first statement",
        describe(*.version, .name)
    )]
    Claimed {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// When it was claimed (UTC, RFC 3339).
        since: String,
    },

    /// A `no-transaction` migration failed after some of its statements
    /// may have committed: it is half applied. Every run refuses until a
    /// human decides, with [`Schema::mark_done`](crate::Schema::mark_done)
    /// or [`Schema::release`](crate::Schema::release).
    #[error(
        "{} runs outside a transaction and stopped halfway: its statement at {file}:{line} failed: {message}. Statements before it may have committed, so it is not run again by itself. Either finish it by hand and call `Schema::mark_done(&mut conn, {version})`, or undo what it did and call `Schema::release(&mut conn, {version})` to run it again from its first statement",
        describe(*.version, .name)
    )]
    HalfApplied {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The migration's file, relative to the crate.
        file: String,
        /// The line of the statement that failed.
        line: usize,
        /// SQLite's message.
        message: String,
        /// SQLite's result code, when SQLite failed (kept with the claim).
        #[source]
        code: Option<SqliteCode>,
    },

    /// [`Schema::mark_done`](crate::Schema::mark_done) or
    /// [`Schema::release`](crate::Schema::release) was called for a
    /// migration that has no claim: it did not stop halfway.
    #[error(
        "{} is not claimed: `mark_done` and `release` are only for a `no-transaction` migration that stopped halfway (`Error::HalfApplied`), and this one did not",
        describe(*.version, .name)
    )]
    NotClaimed {
        /// The version asked for.
        version: u64,
        /// Its name.
        name: String,
    },

    /// `baseline` was called on a database that is already tracked.
    #[error(
        "the database already records its migrations: `baseline` is only for untracked databases"
    )]
    AlreadyTracked,

    /// `baseline`, `mark_done` or `release` was given a version this
    /// program does not have.
    #[error("version {version} is not one of this program's migrations")]
    NoSuchVersion {
        /// The version asked for.
        version: u64,
    },

    /// `baseline` was given a version the live schema does not match.
    #[error("the database does not match version {version} ({name}):{}", list(.mismatches))]
    BaselineMismatch {
        /// The version asked for.
        version: u64,
        /// Its name.
        name: String,
        /// The objects whose live form differs from that version's, each
        /// with both forms. All of them: the message shows the first 20.
        mismatches: Vec<Difference>,
    },

    /// The table `schemaguard_migrations` exists but is not schemaguard's,
    /// or holds rows schemaguard did not write.
    #[error("`schemaguard_migrations` is not the tracking table schemaguard expects: {message}")]
    TrackingTable {
        /// What is wrong with it: SQLite's message, or schemaguard's.
        message: String,
        /// SQLite's result code, when SQLite failed.
        #[source]
        code: Option<SqliteCode>,
    },

    /// SQLite failed outside any migration's statements: beginning or
    /// committing the transaction (a busy database after the connection's
    /// busy timeout), reading the schema or the tracking table.
    #[error("SQLite: {error}")]
    Sqlite {
        /// rusqlite's error.
        error: rusqlite::Error,
        /// SQLite's result code, when SQLite failed: the error's source (the
        /// message is in `error`, and is not repeated by the source).
        #[source]
        code: Option<SqliteCode>,
    },

    /// sqlx could not hand over its connection's SQLite handle: the
    /// connection's worker thread has stopped (feature `sqlx`). Nothing was
    /// run; the connection is unusable, so use another one.
    #[cfg(feature = "sqlx")]
    #[error(
        "the sqlx connection cannot be used ({error}); nothing was run: use another connection"
    )]
    Sqlx {
        /// sqlx's error.
        #[source]
        error: sqlx_core::Error,
    },
    /// Another tool's history table in an untracked database records a
    /// migration that failed or stopped halfway (sqlx's `success = 0`,
    /// golang-migrate's `dirty = 1`): what it left behind is unknown, so
    /// nothing is adopted.
    #[error(
        "the database's `{table}` ({tool}) records {} as failed or unfinished: nothing was written; finish or undo it by hand, then record where the database is with `Schema::baseline(&mut conn, version)`",
        describe(*.version, .name)
    )]
    #[non_exhaustive]
    HistoryFailed {
        /// The tool that wrote the table, e.g. `sqlx`.
        tool: &'static str,
        /// The table, e.g. `_sqlx_migrations`.
        table: &'static str,
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
    },

    /// Another tool's history table records a checksum for a migration
    /// that differs from the checksum of its file now (sqlx's SHA-384 of
    /// the file's bytes): the file was edited after that tool ran it.
    #[error(
        "{} was edited after `{table}` ({tool}) recorded it (recorded checksum {recorded}, file checksum {expected}): restore the file, and put the change in a new migration",
        describe(*.version, .name)
    )]
    #[non_exhaustive]
    HistoryModified {
        /// The tool that wrote the table.
        tool: &'static str,
        /// The table.
        table: &'static str,
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// The checksum in the table, lower-case hex.
        recorded: String,
        /// The checksum of the embedded file, computed the tool's way.
        expected: String,
    },

    /// Another tool's history table records a migration this program does
    /// not have.
    #[error(
        "the database's `{table}` ({tool}) records {entry}, which is not one of this program's migrations: nothing was written"
    )]
    #[non_exhaustive]
    HistoryUnknown {
        /// The tool that wrote the table.
        tool: &'static str,
        /// The table (or `PRAGMA user_version`).
        table: &'static str,
        /// The entry, as the table has it, e.g. `version 7` or
        /// `003_tokens.sql`.
        entry: String,
    },

    /// Another tool's history table records a migration as run, but not
    /// an earlier one: schemaguard checks one linear history.
    #[error(
        "the database's `{table}` ({tool}) records migration {later} but not {}: migrations run in one order; nothing was written",
        describe(*.version, .name)
    )]
    #[non_exhaustive]
    HistoryGap {
        /// The tool that wrote the table.
        tool: &'static str,
        /// The table.
        table: &'static str,
        /// The missing migration's version.
        version: u64,
        /// The missing migration's name.
        name: String,
        /// A later version the table records.
        later: u64,
    },

    /// Another tool's history table and the live schema disagree about
    /// which version an untracked database is at. The schema is the
    /// authority, so nothing is adopted on the table's word.
    #[error(
        "the database's `{table}` ({tool}) says {}, but its schema is at {}: nothing was written; find out which is right, then record it with `Schema::baseline(&mut conn, version)`",
        recorded_text(*.recorded),
        range_text(*.schema_from, *.schema_to)
    )]
    #[non_exhaustive]
    HistoryDisagrees {
        /// The tool that wrote the table.
        tool: &'static str,
        /// The table (or `PRAGMA user_version`).
        table: &'static str,
        /// The last version it says ran; `None`: it says none ran.
        recorded: Option<u64>,
        /// The lowest version the schema can be at (0: the base schema or
        /// the empty schema).
        schema_from: u64,
        /// The highest version the schema can be at.
        schema_to: u64,
    },

    /// Two history tables of other tools in one untracked database say
    /// different versions ran.
    #[error(
        "the database's `{first}` says {}, and its `{second}` says {}: nothing was written; record where the database is with `Schema::baseline(&mut conn, version)`",
        recorded_text(*.first_recorded),
        recorded_text(*.second_recorded)
    )]
    #[non_exhaustive]
    HistoriesDiffer {
        /// One table.
        first: &'static str,
        /// The last version it says ran; `None`: none.
        first_recorded: Option<u64>,
        /// Another table.
        second: &'static str,
        /// The last version it says ran; `None`: none.
        second_recorded: Option<u64>,
    },
}

/// "migration 5 was the last to run" or "no migration ran".
fn recorded_text(recorded: Option<u64>) -> String {
    recorded.map_or_else(
        || "no migration ran".to_string(),
        |v| format!("migration {v} was the last to run"),
    )
}

/// "version 3" or "one of versions 2 to 4".
fn range_text(from: u64, to: u64) -> String {
    if from == to {
        format!("version {from}")
    } else {
        format!("one of versions {from} to {to}")
    }
}

impl From<rusqlite::Error> for Error {
    fn from(error: rusqlite::Error) -> Self {
        Error::Sqlite {
            code: SqliteCode::of(&error),
            error,
        }
    }
}

impl Error {
    /// SQLite's primary result code, when SQLite itself failed: whether the
    /// database was busy (`DatabaseBusy`, after the connection's busy
    /// timeout), full (`DiskFull`), read-only (`ReadOnly`), corrupt
    /// (`DatabaseCorrupt`, `NotADatabase`), or a statement broke a
    /// constraint (`ConstraintViolation`). `None` for schemaguard's own
    /// refusals.
    pub fn sqlite_error_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Error::Migration { code, .. }
            | Error::HalfApplied { code, .. }
            | Error::TrackingTable { code, .. }
            | Error::Sqlite { code, .. } => code.map(|c| c.code),
            _ => None,
        }
    }

    /// The migration the error is about, as `(version, name)`, when it is
    /// about one.
    pub fn migration(&self) -> Option<(u64, &str)> {
        match self {
            Error::Migration { version, name, .. }
            | Error::Modified { version, name, .. }
            | Error::UnknownVersion { version, name }
            | Error::OutOfOrder { version, name, .. }
            | Error::Partial { version, name, .. }
            | Error::Conflict { version, name, .. }
            | Error::ForeignKeyViolation { version, name, .. }
            | Error::Claimed { version, name, .. }
            | Error::HalfApplied { version, name, .. }
            | Error::NotClaimed { version, name }
            | Error::BaselineMismatch { version, name, .. } => Some((*version, name)),
            Error::HistoryFailed { version, name, .. }
            | Error::HistoryModified { version, name, .. }
            | Error::HistoryGap { version, name, .. } => Some((*version, name)),
            _ => None,
        }
    }
}

/// SQLite's result code for a failure: the [`source`](std::error::Error::source)
/// of the errors SQLite caused. It shows the code, not SQLite's message
/// again: the error itself has the message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("SQLite result code {extended_code} ({code:?})")]
#[non_exhaustive]
pub struct SqliteCode {
    /// The primary code.
    pub code: rusqlite::ErrorCode,
    /// The extended code (e.g. 2067, `SQLITE_CONSTRAINT_UNIQUE`).
    pub extended_code: i32,
}

impl SqliteCode {
    /// The code SQLite's extended result code `extended` stands for.
    pub(crate) fn from_extended(extended: i32) -> SqliteCode {
        SqliteCode {
            code: rusqlite::ffi::Error::new(extended).code,
            extended_code: extended,
        }
    }

    /// The code of `error`, when SQLite produced it.
    pub(crate) fn of(error: &rusqlite::Error) -> Option<SqliteCode> {
        error.sqlite_error().map(|e| SqliteCode {
            code: e.code,
            extended_code: e.extended_code,
        })
    }
}

/// "the base schema" or "migration 3 (add_tokens)".
pub(crate) fn describe(version: u64, name: &str) -> String {
    if version == 0 {
        "the base schema".to_string()
    } else {
        format!("migration {version} ({name})")
    }
}

/// How many items of a list a message shows: errors and reports stay
/// readable whatever the database holds.
const SHOWN: usize = 20;

/// At most [`SHOWN`] descriptions, then how many more there are.
pub(crate) fn capped(mut descriptions: Vec<String>) -> Vec<String> {
    if descriptions.len() > SHOWN {
        let more = descriptions.len() - SHOWN;
        descriptions.truncate(SHOWN);
        descriptions.push(format!("… and {more} more"));
    }
    descriptions
}

/// One item a line, at most [`SHOWN`] of them.
fn list<T: Display>(items: &[T]) -> String {
    let shown = capped(items.iter().map(ToString::to_string).collect());
    shown.iter().map(|i| format!("\n  - {i}")).collect()
}

/// Comma-separated, at most [`SHOWN`] of them.
fn joined<T: Display>(items: &[T]) -> String {
    capped(items.iter().map(ToString::to_string).collect()).join(", ")
}

/// The missing part of a partly present migration: each object, with its
/// live and expected forms when it exists in another form.
fn joined_missing(missing: &[Difference]) -> String {
    let described = missing.iter().map(|d| match &d.live {
        None => d.object.to_string(),
        Some(live) => match &d.expected {
            Some(expected) => format!("{} (live {live}, expected {expected})", d.object),
            None => format!("{} (live {live}, which it drops)", d.object),
        },
    });
    capped(described.collect()).join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::ObjectKind;

    fn difference(i: usize, live: Option<&str>) -> Difference {
        Difference {
            object: SchemaObject::new(ObjectKind::Index, format!("idx_{i}")),
            live: live.map(str::to_string),
            expected: Some("ON t(a)".to_string()),
        }
    }

    #[test]
    fn a_message_shows_twenty_objects_and_the_error_keeps_all() {
        let err = Error::BaselineMismatch {
            version: 2,
            name: "indexes".to_string(),
            mismatches: (0..25).map(|i| difference(i, None)).collect(),
        };
        let text = err.to_string();
        assert!(
            text.starts_with(
                "the database does not match version 2 (indexes):\n  - index idx_0: missing, expected ON t(a)\n"
            ),
            "{text}"
        );
        assert!(text.contains("\n  - index idx_19: "), "{text}");
        assert!(!text.contains("idx_20"), "{text}");
        assert!(text.ends_with("\n  - … and 5 more"), "{text}");
        let Error::BaselineMismatch { mismatches, .. } = err else {
            unreachable!()
        };
        assert_eq!(mismatches.len(), 25);
    }

    #[test]
    fn a_partial_migration_names_what_is_missing_and_what_is_there_instead() {
        let err = Error::Partial {
            version: 3,
            name: "indexes".to_string(),
            present: vec![SchemaObject::new(ObjectKind::Table, "t")],
            missing: vec![difference(1, None), difference(2, Some("ON t(b)"))],
        };
        assert_eq!(
            err.to_string(),
            "migration 3 (indexes) is partly present in this untracked database; \
             present: table t; missing: index idx_1, index idx_2 (live ON t(b), expected ON t(a))"
        );
    }

    #[test]
    fn long_lists_are_capped() {
        let many: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let shown = capped(many);
        assert_eq!(shown.len(), 21);
        assert_eq!(shown[20], "… and 5 more");
    }
}
