//! Other migration tools' history tables, read as evidence of which
//! versions an untracked database is at (README, "Switching from …").
//! Detection works from the schema alone; where the schema cannot tell
//! versions apart, the table the previous tool left says which of them
//! ran ([`decide`]). The tables are only read, never written or dropped.
//!
//! One module per tool: each finds its table (by name and columns), reads
//! it, and maps its entries to this program's migrations.

mod decide;
mod diesel;
mod file_names;
mod golang_migrate;
mod goose;
mod refinery;
mod sqlx;
mod table;
mod user_version;

pub(crate) use decide::decide;

use rusqlite::Connection;

use crate::report::ForeignHistory;
use crate::{Error, Migration};

/// A tool whose history is not self-describing, so it counts as evidence
/// only when the application says its databases came from that tool
/// ([`Schema::migrate_from`](crate::Schema::migrate_from)).
///
/// The tables that name their tool (`_sqlx_migrations`,
/// `refinery_schema_history`, `__diesel_schema_migrations`,
/// golang-migrate's `schema_migrations`, `goose_db_version`, a
/// `schema_migrations` table of file names) are read by every `migrate`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Previous {
    /// rusqlite_migration: `PRAGMA user_version = k` means the first `k`
    /// migration files (the base schema not counted) ran.
    RusqliteMigration,
}

/// What another tool's history says ran, mapped to this program's
/// migrations.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct History {
    /// The tool, e.g. `sqlx`.
    pub tool: &'static str,
    /// Its table, e.g. `_sqlx_migrations` (or `PRAGMA user_version`).
    pub table: &'static str,
    /// The position in the migration list (0: the base schema) of the
    /// last migration it says ran; `None` when it says none did. Every
    /// migration file before it ran too (checked when read).
    pub last: Option<usize>,
}

impl History {
    /// The history that says the migrations at `positions` ran (the base
    /// schema, position 0, is never in another tool's history and is
    /// ignored): refused when they are not the first ones in order.
    fn of_positions(
        tool: &'static str,
        table: &'static str,
        migrations: &[Migration],
        mut positions: Vec<usize>,
    ) -> Result<History, Error> {
        positions.retain(|&p| p > 0);
        positions.sort_unstable();
        positions.dedup();
        let last = positions.last().copied();
        // Positions are distinct and at least 1: they are 1..=last exactly
        // when there are `last` of them.
        if let Some(top) = last
            && positions.len() != top
        {
            let missing = (1..top)
                .find(|p| positions.binary_search(p).is_err())
                .unwrap_or(1);
            let m = &migrations[missing];
            return Err(Error::HistoryGap {
                tool,
                table,
                version: m.version(),
                name: m.name().to_string(),
                later: migrations[top].version(),
            });
        }
        Ok(History { tool, table, last })
    }

    /// The version it says ran last; `None`: none.
    pub fn recorded(&self, migrations: &[Migration]) -> Option<u64> {
        self.last.map(|p| migrations[p].version())
    }

    /// What the report says about it.
    pub fn report(&self) -> ForeignHistory {
        ForeignHistory {
            tool: self.tool,
            table: self.table,
        }
    }
}

/// The position of the migration with `version`, or the error for an
/// entry this program does not have.
fn position(
    tool: &'static str,
    table: &'static str,
    migrations: &[Migration],
    version: impl TryInto<u64>,
    entry: impl FnOnce() -> String,
) -> Result<usize, Error> {
    // A version that is no `u64` (a negative one) names no migration either.
    let version = version.try_into().ok();
    migrations
        .iter()
        .position(|m| Some(m.version()) == version)
        .ok_or_else(|| unknown(tool, table, entry()))
}

/// The error for an entry that names no migration of this program.
fn unknown(tool: &'static str, table: &'static str, entry: String) -> Error {
    Error::HistoryUnknown { tool, table, entry }
}

/// Every other tool's history in the database (with rusqlite_migration's
/// counter when `previous` says so). When several are present they must
/// agree; the first is returned. `None` when there is none: detection then
/// works from the schema alone.
pub(crate) fn read(
    conn: &Connection,
    migrations: &[Migration],
    previous: Option<Previous>,
) -> Result<Option<History>, Error> {
    let mut found = Vec::new();
    for reader in [
        sqlx::read,
        refinery::read,
        diesel::read,
        golang_migrate::read,
        goose::read,
        file_names::read,
    ] {
        found.extend(reader(conn, migrations)?);
    }
    if previous == Some(Previous::RusqliteMigration) {
        found.push(user_version::read(conn, migrations)?);
    }
    let mut found = found.into_iter();
    let Some(first) = found.next() else {
        return Ok(None);
    };
    if let Some(other) = found.find(|h| h.last != first.last) {
        return Err(Error::HistoriesDiffer {
            first: first.table,
            first_recorded: first.recorded(migrations),
            second: other.table,
            second_recorded: other.recorded(migrations),
        });
    }
    Ok(Some(first))
}

/// Migrations for the readers' unit tests: the base schema, then one file
/// per `(version, file name, SQL)`.
#[cfg(test)]
pub(super) fn test_migrations(files: &[(u64, &'static str, &'static str)]) -> Vec<Migration> {
    use crate::migration::MigrationData;
    let data = |version, name, file, sql| MigrationData {
        version,
        name,
        file,
        sql,
        checksum: "",
        no_transaction: false,
        foreign_keys_off: false,
        rerunnable: false,
        replaces: &[],
        schema_only: false,
        drops_data: false,
    };
    std::iter::once(data(0, "schema", "schema.sql", ""))
        .chain(files.iter().map(|&(version, file, sql)| {
            let name = file.rsplit('/').next().unwrap_or(file);
            data(version, name, file, sql)
        }))
        .map(Migration::__new)
        .collect()
}
