//! The `schemaguard_migrations` table: which migrations a database has.

use rusqlite::{Connection, OptionalExtension, params};
use schemaguard_core::introspect::{CLAIMS_TABLE, FORMAT_TABLE, TRACKING_TABLE, TRACKING_TRIGGERS};

use crate::error::SqliteCode;
use crate::{Error, Migration};

/// How a migration came to be recorded: the tracking table's `how`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum How {
    /// Its SQL ran.
    Applied,
    /// The database already had its effects.
    Adopted,
    /// Missing standalone objects were created.
    Repaired,
    /// A `no-transaction` migration that stopped halfway, finished by hand
    /// and marked done with `Schema::mark_done`.
    MarkedDone,
}

impl How {
    pub fn as_str(self) -> &'static str {
        match self {
            How::Applied => "applied",
            How::Adopted => "adopted",
            How::Repaired => "repaired",
            How::MarkedDone => "marked done",
        }
    }
}

impl std::str::FromStr for How {
    /// The word that is not one of schemaguard's.
    type Err = String;

    fn from_str(word: &str) -> Result<How, String> {
        [How::Applied, How::Adopted, How::Repaired, How::MarkedDone]
            .into_iter()
            .find(|h| h.as_str() == word)
            .ok_or_else(|| word.to_string())
    }
}

/// One row of the tracking table.
#[derive(Clone, Debug)]
pub struct Record {
    pub version: u64,
    pub name: String,
    pub checksum: String,
    pub how: How,
    pub applied_at: String,
}

/// Whether the tracking table exists.
pub fn exists(conn: &Connection) -> rusqlite::Result<bool> {
    table_exists(conn, TRACKING_TABLE)
}

fn table_exists(conn: &Connection, name: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached(
        "SELECT 1 FROM main.sqlite_schema WHERE type = 'table' AND name = ?1 COLLATE NOCASE",
    )?
    .query_row([name], |_| Ok(()))
    .optional()
    .map(|row| row.is_some())
}

/// Every row, by version; empty when the table does not exist.
pub fn read(conn: &Connection) -> Result<Vec<Record>, Error> {
    if !exists(conn)? {
        return Ok(Vec::new());
    }
    let malformed = |e: rusqlite::Error| Error::TrackingTable {
        message: e.to_string(),
        code: crate::error::SqliteCode::of(&e),
    };
    let mut stmt = conn
        .prepare_cached(
            "SELECT version, name, checksum, how, applied_at FROM main.schemaguard_migrations ORDER BY version",
        )
        .map_err(malformed)?;
    let rows = stmt
        .query_map([], |r| {
            let version: i64 = r.get(0)?;
            let version = u64::try_from(version)
                .map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, version))?;
            let how: String = r.get(3)?;
            let how = how.parse().map_err(|word| {
                rusqlite::Error::FromSqlConversionFailure(
                    3,
                    rusqlite::types::Type::Text,
                    format!("version {version} has `how` = {word:?}, which schemaguard never writes (applied, adopted, repaired, marked done)").into(),
                )
            })?;
            Ok(Record {
                version,
                name: r.get(1)?,
                checksum: r.get(2)?,
                how,
                applied_at: r.get(4)?,
            })
        })
        .map_err(malformed)?;
    rows.collect::<Result<_, _>>().map_err(malformed)
}

/// Whether every migration is recorded, with its checksum, and nothing
/// else is: the question every start-up asks. One row read, whatever the
/// number of migrations; anything unusual answers `false` and the caller
/// takes the slow path, which explains it.
/// `chain` is the history checksum of the whole list.
pub fn up_to_date(
    conn: &Connection,
    migrations: &[Migration],
    chain: &str,
) -> rusqlite::Result<bool> {
    let Some(last) = migrations.last() else {
        return Ok(false);
    };
    // The last row's history checksum stands for every checksum before it,
    // and the table's triggers clear it when a row is changed by hand, so
    // reading that one row is enough (counting the rows would read them all).
    // The format comes in the same statement; a database in format 1 has
    // no format table, and is read the same way (it is upgraded by the
    // next run that writes).
    let (mut stmt, format_1) = match conn.prepare_cached(
        "SELECT version, chain, (SELECT max(format) FROM main.schemaguard_format)
         FROM main.schemaguard_migrations ORDER BY version DESC LIMIT 1",
    ) {
        Ok(stmt) => (stmt, false),
        Err(_) => match conn.prepare_cached(
            "SELECT version, chain, 1 FROM main.schemaguard_migrations ORDER BY version DESC LIMIT 1",
        ) {
            Ok(stmt) => (stmt, true),
            Err(_) => return Ok(false),
        },
    };
    let mut rows = stmt.query([])?;
    let Some(row) = rows.next()? else {
        return Ok(false);
    };
    let version = row.get_ref(0)?.as_i64().ok();
    let recorded = row.get_ref(1)?.as_str().ok();
    let format = row.get_ref(2)?.as_i64().ok();
    let known = format_1 || format.is_some_and(|f| f <= FORMAT);
    Ok(known && version == i64::try_from(last.version()).ok() && recorded == Some(chain))
}

/// Whether `migration` is the newest row, with the history checksum
/// `chain`: then every row before it is as a full read found it (the
/// triggers clear that checksum when any row is edited, deleted or
/// inserted out of order).
pub fn newest_is(conn: &Connection, migration: &Migration, chain: &str) -> rusqlite::Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT version, chain FROM main.schemaguard_migrations ORDER BY version DESC LIMIT 1",
    )?;
    let mut rows = stmt.query([])?;
    let Some(row) = rows.next()? else {
        return Ok(false);
    };
    Ok(row.get_ref(0)?.as_i64().ok() == Some(version_of(migration))
        && row.get_ref(1)?.as_str().ok() == Some(chain))
}

/// The format of schemaguard's tables and triggers that this release
/// writes. A database records its format in `schemaguard_format`; one
/// without that table is in format 1.
///
/// * 1: `schemaguard_migrations` and its four triggers,
///   `schemaguard_claims (version, claimed_at)`.
/// * 2: `schemaguard_format`; `schemaguard_claims` gains `line`,
///   `message` and `code`, where and why a `no-transaction` migration
///   failed halfway.
pub const FORMAT: i64 = 2;

/// The format the database's tracking objects are in; `None` when it has
/// no tracking table.
pub fn format(conn: &Connection) -> Result<Option<i64>, Error> {
    if !exists(conn)? {
        return Ok(None);
    }
    if !table_exists(conn, FORMAT_TABLE)? {
        return Ok(Some(1));
    }
    let format: Option<i64> =
        conn.query_row("SELECT max(format) FROM main.schemaguard_format", [], |r| {
            r.get(0)
        })?;
    Ok(Some(format.unwrap_or(1)))
}

/// Refuses a database whose tracking objects are in a format newer than
/// this release's: a newer release wrote them, and this one cannot know
/// what they mean.
pub fn check_format(conn: &Connection) -> Result<(), Error> {
    match format(conn)? {
        Some(found) if found > FORMAT => Err(Error::NewerFormat {
            found,
            supported: FORMAT,
        }),
        _ => Ok(()),
    }
}

/// Creates the tracking objects if they are missing, or upgrades them to
/// [`FORMAT`] inside the caller's transaction (so a failed run leaves the
/// old format too). Refuses a newer format.
///
/// schemaguard only ever appends rows, in version order, each with its
/// history checksum. Anything else (a row deleted, edited, or inserted out
/// of order by hand) clears the newest row's history checksum, which sends
/// the next start-up to the slow path, where the change is explained; a row
/// replaced in place (`INSERT OR REPLACE`) is refused, since afterwards
/// nothing would tell.
pub fn ensure(conn: &Connection) -> Result<(), Error> {
    let found = format(conn)?;
    check_format(conn)?;
    create(conn)?;
    if found != Some(FORMAT) {
        // From format 1: the claims table's new columns.
        if table_exists(conn, CLAIMS_TABLE)? {
            ensure_claims(conn)?;
        }
        conn.execute_batch(&format!(
            "CREATE TABLE IF NOT EXISTS main.schemaguard_format (
                format INTEGER NOT NULL  -- of schemaguard's own tables and triggers
            );
            DELETE FROM main.schemaguard_format;
            INSERT INTO main.schemaguard_format (format) VALUES ({FORMAT});"
        ))?;
        if let Some(from) = found {
            log::info!("schemaguard: tracking tables upgraded from format {from} to {FORMAT}");
        }
    }
    Ok(())
}

/// The tracking table and its triggers, where missing.
fn create(conn: &Connection) -> rusqlite::Result<()> {
    const CLEAR: &str = "BEGIN
            UPDATE schemaguard_migrations SET chain = NULL
            WHERE version = (SELECT max(version) FROM schemaguard_migrations);
        END";
    let [deleted, edited, inserted, replaced] = TRACKING_TRIGGERS;
    conn.execute_batch(&format!(
        "CREATE TABLE IF NOT EXISTS main.schemaguard_migrations (
            version    INTEGER PRIMARY KEY,
            name       TEXT NOT NULL,
            checksum   TEXT NOT NULL,
            how        TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            chain      TEXT  -- the history checksum up to this version
        );
        CREATE TRIGGER IF NOT EXISTS main.{deleted}
        AFTER DELETE ON schemaguard_migrations {CLEAR};
        CREATE TRIGGER IF NOT EXISTS main.{edited}
        AFTER UPDATE OF version, checksum ON schemaguard_migrations {CLEAR};
        CREATE TRIGGER IF NOT EXISTS main.{inserted}
        AFTER INSERT ON schemaguard_migrations
        WHEN NEW.chain IS NULL
          OR NEW.version < (SELECT max(version) FROM schemaguard_migrations)
        {CLEAR};
        CREATE TRIGGER IF NOT EXISTS main.{replaced}
        BEFORE INSERT ON schemaguard_migrations
        WHEN EXISTS (SELECT 1 FROM schemaguard_migrations WHERE version = NEW.version)
        BEGIN
            SELECT RAISE(ABORT, 'schemaguard_migrations: this version is recorded already; delete its row first');
        END;"
    ))
}

/// Writes the history checksum of the whole list on the newest row, once
/// a run has checked every row against the migrations: after a hand edit
/// was undone, start-ups only read again.
pub fn seal(conn: &Connection, newest: &Migration, chain: &str) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE main.schemaguard_migrations SET chain = ?2 WHERE version = ?1 AND chain IS NOT ?2",
    )?
    .execute(params![version_of(newest), chain])?;
    Ok(())
}

/// Creates the claims table if it is missing, and adds the columns that
/// record a failure to one made before they existed.
fn ensure_claims(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS main.schemaguard_claims (
            version    INTEGER PRIMARY KEY,
            claimed_at TEXT NOT NULL,
            line       INTEGER,  -- where it failed, once it has
            message    TEXT,     -- SQLite's message
            code       INTEGER   -- SQLite's extended result code
        )",
    )?;
    for (column, kind) in [
        ("line", "INTEGER"),
        ("message", "TEXT"),
        ("code", "INTEGER"),
    ] {
        let has: bool = conn.query_row(
            "SELECT count(*) FROM pragma_table_info('schemaguard_claims', 'main') WHERE name = ?1",
            [column],
            |r| r.get(0),
        )?;
        if !has {
            conn.execute_batch(&format!(
                "ALTER TABLE main.schemaguard_claims ADD COLUMN {column} {kind}"
            ))?;
        }
    }
    Ok(())
}

/// Claims a `no-transaction` migration for this process, inside the run's
/// transaction (so two processes cannot both claim it).
pub fn claim_for_this_run(conn: &Connection, migration: &Migration) -> rusqlite::Result<()> {
    ensure_claims(conn)?;
    conn.execute(
        "INSERT INTO main.schemaguard_claims (version, claimed_at)
         VALUES (?1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        [version_of(migration)],
    )?;
    Ok(())
}

/// A claim on a `no-transaction` migration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Claim {
    /// When it was claimed (UTC, RFC 3339).
    pub claimed_at: String,
    /// Where it failed, once it has: it stopped halfway, and waits for a
    /// human.
    pub failure: Option<Failure>,
}

/// Where a `no-transaction` migration failed after a statement may have
/// committed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// The failing statement's line in the migration's file.
    pub line: usize,
    /// SQLite's message.
    pub message: String,
    /// SQLite's result code, when SQLite failed.
    pub code: Option<SqliteCode>,
}

/// The claim on `migration`, if there is one. Called inside a run's
/// transaction, after [`ensure`].
pub fn claim(conn: &Connection, migration: &Migration) -> rusqlite::Result<Option<Claim>> {
    if !table_exists(conn, CLAIMS_TABLE)? {
        return Ok(None);
    }
    ensure_claims(conn)?;
    conn.prepare_cached(
        "SELECT claimed_at, line, message, code FROM main.schemaguard_claims WHERE version = ?1",
    )?
    .query_row([version_of(migration)], |r| {
        let line: Option<i64> = r.get(1)?;
        let message: Option<String> = r.get(2)?;
        let code: Option<i32> = r.get(3)?;
        Ok(Claim {
            claimed_at: r.get(0)?,
            failure: line.map(|l| Failure {
                line: usize::try_from(l).unwrap_or(0),
                message: message.unwrap_or_default(),
                code: code.map(SqliteCode::from_extended),
            }),
        })
    })
    .optional()
}

/// Keeps the claim on `migration`, which failed after some statement may
/// have committed: later runs refuse to go on.
pub fn keep_failed_claim(
    conn: &Connection,
    migration: &Migration,
    failure: &Failure,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE main.schemaguard_claims SET line = ?2, message = ?3, code = ?4 WHERE version = ?1",
        params![
            version_of(migration),
            i64::try_from(failure.line).unwrap_or(i64::MAX),
            failure.message,
            failure.code.map(|c| c.extended_code)
        ],
    )?;
    Ok(())
}

/// Releases a claim (the migration ran, failed before anything committed,
/// or a human released it). Whether there was one.
pub fn release(conn: &Connection, migration: &Migration) -> rusqlite::Result<bool> {
    if !table_exists(conn, CLAIMS_TABLE)? {
        return Ok(false);
    }
    let deleted = conn.execute(
        "DELETE FROM main.schemaguard_claims WHERE version = ?1",
        [version_of(migration)],
    )?;
    Ok(deleted > 0)
}

fn version_of(migration: &Migration) -> i64 {
    i64::try_from(migration.version()).unwrap_or(i64::MAX)
}

/// Records one migration, with its history checksum `chain`.
pub fn record(
    conn: &Connection,
    migration: &Migration,
    how: How,
    chain: &str,
) -> rusqlite::Result<()> {
    let version = version_of(migration);
    conn.prepare_cached(
        "INSERT INTO main.schemaguard_migrations (version, name, checksum, how, applied_at, chain)
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?5)",
    )?
    .execute(params![
        version,
        migration.name(),
        migration.checksum(),
        how.as_str(),
        chain
    ])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn newest_chain(conn: &Connection) -> Option<String> {
        conn.query_row(
            "SELECT chain FROM schemaguard_migrations ORDER BY version DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    /// A table with versions 1, 3 and 5 recorded the way schemaguard does.
    fn table() -> Connection {
        let conn = Connection::open_in_memory().unwrap();
        ensure(&conn).unwrap();
        ensure(&conn).unwrap(); // idempotent
        for v in [1, 3, 5] {
            conn.execute(
                "INSERT INTO schemaguard_migrations VALUES (?1, 'm', 'sum', 'applied', 'now', 'chain')",
                [v],
            )
            .unwrap();
        }
        conn
    }

    #[test]
    fn appending_in_order_keeps_the_history_checksum() {
        assert_eq!(newest_chain(&table()).as_deref(), Some("chain"));
    }

    #[test]
    fn every_hand_edit_clears_the_newest_history_checksum() {
        for edit in [
            "DELETE FROM schemaguard_migrations WHERE version = 3",
            "UPDATE schemaguard_migrations SET checksum = 'other' WHERE version = 1",
            "UPDATE schemaguard_migrations SET version = 2 WHERE version = 3",
            "INSERT INTO schemaguard_migrations VALUES (4, 'm', 'sum', 'applied', 'now', 'chain')",
            "INSERT INTO schemaguard_migrations VALUES (6, 'm', 'sum', 'applied', 'now', NULL)",
        ] {
            let conn = table();
            conn.execute_batch(edit).unwrap();
            assert_eq!(newest_chain(&conn), None, "{edit}");
        }
    }

    #[test]
    fn a_row_replaced_in_place_is_refused() {
        let conn = table();
        let err = conn
            .execute_batch(
                "INSERT OR REPLACE INTO schemaguard_migrations \
                 VALUES (5, 'm', 'other', 'applied', 'now', 'chain')",
            )
            .unwrap_err();
        assert!(err.to_string().contains("recorded already"), "{err}");
        let checksum: String = conn
            .query_row(
                "SELECT checksum FROM schemaguard_migrations WHERE version = 5",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(checksum, "sum");
    }
}
