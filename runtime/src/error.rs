//! The one error type of the runtime.

/// Everything [`Schema::migrate`](crate::Schema::migrate) and friends can
/// refuse or fail with. When one is returned, the failing transaction was
/// rolled back and nothing of it was written. A run commits in between only
/// around `foreign-keys-off` migrations (each runs in a transaction of its
/// own) and `no-transaction` ones (run outside any, not atomic): what
/// committed before the failure stays committed and recorded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A statement of a migration failed; the whole run was rolled back.
    #[error("{migration} failed at {file}:{line}: {message}")]
    Migration {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)" or "the base schema".
        migration: String,
        /// The migration's file, relative to the crate.
        file: String,
        /// The failing statement's line in that file.
        line: usize,
        /// SQLite's message.
        message: String,
    },

    /// An applied migration's file changed since it was applied.
    #[error(
        "{migration} was edited after it was applied (recorded checksum {recorded}, file checksum {expected}): restore the file, and put the change in a new migration"
    )]
    Modified {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)" or "the base schema".
        migration: String,
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
        /// Objects that match no version, each with its live form and the
        /// nearest expected one.
        mismatches: Vec<String>,
    },

    /// An untracked database could be at several versions, and running the
    /// data migrations between them again is not known to be safe.
    #[error(
        "this untracked database could be at any version from {from} to {to}: the schema is the same, and {} may change data; decide with `Schema::baseline(&mut conn, version)`",
        .migrations.join(", ")
    )]
    Ambiguous {
        /// The lowest possible version.
        from: u64,
        /// The highest possible version.
        to: u64,
        /// The migrations in between that detection cannot judge.
        migrations: Vec<String>,
    },

    /// An untracked database has part of a migration's effects, and the
    /// missing part is not something that can be created safely.
    #[error(
        "{migration} is partly present in this untracked database; present: {}; missing: {}",
        .present.join(", "),
        .missing.join(", ")
    )]
    Partial {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)" or "the base schema".
        migration: String,
        /// Effects that are present.
        present: Vec<String>,
        /// Effects that are missing.
        missing: Vec<String>,
    },

    /// An untracked database has an object that a pending migration creates
    /// without dropping it first.
    #[error(
        "{object} exists in a form no version has ({live}), and {migration} creates it without dropping it first"
    )]
    Conflict {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)".
        migration: String,
        /// "table tokens".
        object: String,
        /// The object's live form.
        live: String,
    },

    /// A migration left rows that violate foreign keys (run with
    /// enforcement off, or deferred ones still pending at its end); its
    /// transaction was rolled back.
    #[error("{migration} leaves rows that violate foreign keys, so its transaction was rolled back (fix the migration or the data, then run again):{}", list(.violations))]
    ForeignKeyViolation {
        /// The migration that introduced the violations.
        version: u64,
        /// Its name.
        name: String,
        /// "migration 3 (add_tokens)".
        migration: String,
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
        "{migration} is being run outside a transaction by another process (claimed at {since}), and did not finish within the connection's busy timeout; if no process is running it, one died halfway through it: check which of its statements took effect, then either finish it by hand and call `Schema::mark_done(&mut conn, {version})`, or undo them and call `Schema::release(&mut conn, {version})` to run it again from its first statement"
    )]
    Claimed {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)".
        migration: String,
        /// When it was claimed (UTC, RFC 3339).
        since: String,
    },

    /// A `no-transaction` migration failed after some of its statements
    /// may have committed: it is half applied. Every run refuses until a
    /// human decides, with [`Schema::mark_done`](crate::Schema::mark_done)
    /// or [`Schema::release`](crate::Schema::release).
    #[error(
        "{migration} runs outside a transaction and stopped halfway: its statement at {file}:{line} failed: {message}. Statements before it may have committed, so it is not run again by itself. Either finish it by hand and call `Schema::mark_done(&mut conn, {version})`, or undo what it did and call `Schema::release(&mut conn, {version})` to run it again from its first statement"
    )]
    HalfApplied {
        /// The migration's version.
        version: u64,
        /// The migration's name.
        name: String,
        /// "migration 3 (add_tokens)".
        migration: String,
        /// The migration's file, relative to the crate.
        file: String,
        /// The line of the statement that failed.
        line: usize,
        /// SQLite's message.
        message: String,
    },

    /// [`Schema::mark_done`](crate::Schema::mark_done) or
    /// [`Schema::release`](crate::Schema::release) was called for a
    /// migration that has no claim: it did not stop halfway.
    #[error(
        "{migration} is not claimed: `mark_done` and `release` are only for a `no-transaction` migration that stopped halfway (`Error::HalfApplied`), and this one did not"
    )]
    NotClaimed {
        /// The version asked for.
        version: u64,
        /// "migration 3 (add_tokens)".
        migration: String,
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
        /// Objects whose live form differs from that version's.
        mismatches: Vec<String>,
    },

    /// The table `schemaguard_migrations` exists but is not schemaguard's,
    /// or holds rows schemaguard did not write.
    #[error("`schemaguard_migrations` is not the tracking table schemaguard expects: {message}")]
    TrackingTable {
        /// SQLite's message.
        message: String,
    },

    /// SQLite failed outside any migration's statements: beginning or
    /// committing the transaction (a busy database after the connection's
    /// busy timeout), reading the schema or the tracking table.
    #[error("SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

/// At most 20 descriptions, then how many more there are: errors and
/// reports stay readable whatever the database holds.
pub(crate) fn capped(mut descriptions: Vec<String>) -> Vec<String> {
    const SHOWN: usize = 20;
    if descriptions.len() > SHOWN {
        let more = descriptions.len() - SHOWN;
        descriptions.truncate(SHOWN);
        descriptions.push(format!("… and {more} more"));
    }
    descriptions
}

fn list(items: &[String]) -> String {
    items.iter().map(|i| format!("\n  - {i}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lists_are_capped() {
        let many: Vec<String> = (0..25).map(|i| i.to_string()).collect();
        let shown = capped(many);
        assert_eq!(shown.len(), 21);
        assert_eq!(shown[20], "… and 5 more");
    }
}
