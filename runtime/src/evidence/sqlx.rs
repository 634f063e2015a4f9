//! sqlx's `_sqlx_migrations` (sqlx 0.9, `sqlx-sqlite/src/migrate.rs`):
//! `version BIGINT PRIMARY KEY, description TEXT, installed_on TIMESTAMP,
//! success BOOLEAN, checksum BLOB, execution_time BIGINT`. A row is written
//! in the migration's own transaction once it ran (or by `skip`, which
//! sqlx's user asked for); a reverted migration's row is deleted. The
//! version is the number the file name starts with, as in schemaguard's
//! sqlx layout; the checksum is SHA-384 of the file's text.

use rusqlite::Connection;
use sha2::{Digest, Sha384};

use super::{History, position, table};
use crate::{Error, Migration};

const TOOL: &str = "sqlx";
const TABLE: &str = "_sqlx_migrations";

/// The history in `_sqlx_migrations`, if the database has one.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    if !table::has(
        conn,
        TABLE,
        &["version", "description", "success", "checksum"],
    )? {
        return Ok(None);
    }
    let mut statement = conn.prepare(
        "SELECT version, description, success, checksum FROM _sqlx_migrations ORDER BY version",
    )?;
    let rows = statement.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, bool>(2)?,
            r.get::<_, Vec<u8>>(3)?,
        ))
    })?;
    let mut positions = Vec::new();
    for row in rows {
        let (version, description, success, checksum) = row?;
        let entry = || format!("version {version} ({description})");
        let p = position(TOOL, TABLE, migrations, version, entry)?;
        let m = &migrations[p];
        if !success {
            return Err(Error::HistoryFailed {
                tool: TOOL,
                table: TABLE,
                version: m.version(),
                name: m.name().to_string(),
            });
        }
        if !matches(m.file_text(), &checksum) {
            return Err(Error::HistoryModified {
                tool: TOOL,
                table: TABLE,
                version: m.version(),
                name: m.name().to_string(),
                recorded: hex(&checksum),
                expected: hex(&Sha384::digest(m.file_text())),
            });
        }
        positions.push(p);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

/// Whether `recorded` is sqlx's checksum of `text`: SHA-384 of the text
/// as read, or of the text without carriage returns (what sqlx records
/// when its `migrate.ignored-chars` setting drops them, the setting its
/// documentation suggests for files checked out with CRLF).
fn matches(text: &str, recorded: &[u8]) -> bool {
    Sha384::digest(text).as_slice() == recorded
        || (text.contains('\r') && Sha384::digest(text.replace('\r', "")).as_slice() == recorded)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const CREATE: &str = "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
         checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)";

    fn setup() -> (Connection, Vec<Migration>) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(CREATE).unwrap();
        let migrations = super::super::test_migrations(&[
            (20240101, "20240101_users.sql", "CREATE TABLE users (id);\n"),
            (
                20240102,
                "20240102_seed.sql",
                "INSERT INTO users VALUES (1);\r\n",
            ),
            (
                20240103,
                "20240103_more.sql",
                "INSERT INTO users VALUES (2);\n",
            ),
        ]);
        (conn, migrations)
    }

    fn insert(conn: &Connection, version: i64, success: bool, text: &str) {
        conn.execute(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, 'x', ?2, ?3, 1)",
            rusqlite::params![version, success, Sha384::digest(text).to_vec()],
        )
        .unwrap();
    }

    #[test]
    fn rows_say_which_files_ran() {
        let (conn, migrations) = setup();
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, None);
        insert(&conn, 20240101, true, migrations[1].file_text());
        insert(&conn, 20240102, true, migrations[2].file_text());
        let history = read(&conn, &migrations).unwrap().unwrap();
        assert_eq!((history.tool, history.last), ("sqlx", Some(2)));
    }

    #[test]
    fn a_checksum_without_carriage_returns_matches() {
        let (conn, migrations) = setup();
        insert(&conn, 20240101, true, migrations[1].file_text());
        insert(
            &conn,
            20240102,
            true,
            &migrations[2].file_text().replace('\r', ""),
        );
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, Some(2));
    }

    #[test]
    fn an_edited_file_is_refused() {
        let (conn, migrations) = setup();
        insert(&conn, 20240101, true, "CREATE TABLE users (id, name);\n");
        let err = read(&conn, &migrations).unwrap_err();
        let Error::HistoryModified {
            version,
            recorded,
            expected,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(*version, 20240101);
        assert_ne!(recorded, expected);
        assert_eq!(expected.len(), 96, "SHA-384 in hex");
    }

    #[test]
    fn a_failed_row_is_refused_by_name() {
        let (conn, migrations) = setup();
        insert(&conn, 20240101, false, migrations[1].file_text());
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryFailed { version: 20240101, name, .. } if name == "20240101_users.sql"),
            "{err:?}"
        );
    }

    #[test]
    fn a_gap_and_an_unknown_version_are_refused() {
        let (conn, migrations) = setup();
        insert(&conn, 20240102, true, migrations[2].file_text());
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(
                &err,
                Error::HistoryGap {
                    version: 20240101,
                    later: 20240102,
                    ..
                }
            ),
            "{err:?}"
        );
        insert(&conn, 20240101, true, migrations[1].file_text());
        insert(&conn, 20249999, true, "");
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryUnknown { entry, .. } if entry == "version 20249999 (x)"),
            "{err:?}"
        );
    }
}
