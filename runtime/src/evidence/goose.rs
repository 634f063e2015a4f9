//! goose's `goose_db_version` (goose v3, `internal/dialect/dialectquery/
//! sqlite3.go`): `id INTEGER PRIMARY KEY AUTOINCREMENT, version_id INTEGER,
//! is_applied INTEGER, tstamp TIMESTAMP`. Creating the table inserts
//! version 0 (no migration); each `up` inserts a row; `down` deletes it
//! (older goose inserted `is_applied = 0` instead). So the newest row of
//! each version says whether it is applied, as goose itself reads it.
//! Versions are the numbers of `<version>_<name>.sql`, as in
//! schemaguard's layout.

use std::collections::HashSet;

use rusqlite::Connection;

use super::{History, position, table};
use crate::{Error, Migration};

const TOOL: &str = "goose";
const TABLE: &str = "goose_db_version";

/// The history in `goose_db_version`, if the database has one.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    if !table::has(conn, TABLE, &["id", "version_id", "is_applied"])? {
        return Ok(None);
    }
    let mut statement =
        conn.prepare("SELECT version_id, is_applied FROM goose_db_version ORDER BY id DESC")?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
    let mut seen = HashSet::new();
    let mut positions = Vec::new();
    for row in rows {
        let (version, applied) = row?;
        // Version 0 is goose's own starting row; older rows of a version
        // are superseded by its newest.
        if version == 0 || !seen.insert(version) || !applied {
            continue;
        }
        let entry = || format!("version {version}");
        let p = position(TOOL, TABLE, migrations, version, entry)?;
        positions.push(p);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_row_of_each_version_decides() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE goose_db_version (id INTEGER PRIMARY KEY AUTOINCREMENT, \
             version_id INTEGER NOT NULL, is_applied INTEGER NOT NULL, \
             tstamp TIMESTAMP DEFAULT (datetime('now')));
             INSERT INTO goose_db_version (version_id, is_applied) VALUES (0, 1), (1, 1), (2, 1), (2, 0);",
        )
        .unwrap();
        let migrations =
            super::super::test_migrations(&[(1, "00001_users.sql", ""), (2, "00002_seed.sql", "")]);
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, Some(1));
        conn.execute_batch("INSERT INTO goose_db_version (version_id, is_applied) VALUES (2, 1)")
            .unwrap();
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, Some(2));
    }
}
