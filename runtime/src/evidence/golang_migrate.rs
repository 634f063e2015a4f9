//! golang-migrate's `schema_migrations` (migrate v4, `database/sqlite3`):
//! `version uint64, dirty bool` with a unique index on `version`. It holds
//! one row, the current version: every migration up to it ran. `dirty`
//! means that version's migration started and did not finish. Its files
//! are `<version>_<name>.up.sql`, read by schemaguard's sqlx layout with
//! the same version.

use rusqlite::Connection;

use super::{History, position, table};
use crate::{Error, Migration};

const TOOL: &str = "golang-migrate";
const TABLE: &str = "schema_migrations";

/// The history in golang-migrate's `schema_migrations`, if the database
/// has one (a `schema_migrations` table with a `dirty` column).
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    if !table::has(conn, TABLE, &["version", "dirty"])? {
        return Ok(None);
    }
    let mut statement = conn.prepare("SELECT version, dirty FROM schema_migrations")?;
    let rows = statement.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, bool>(1)?)))?;
    let mut current: Option<(i64, bool)> = None;
    for row in rows {
        let row = row?;
        // One row is golang-migrate's; should there be more, the newest
        // version (and whether it is dirty) is what it would report.
        if current.is_none_or(|(v, _)| row.0 > v) {
            current = Some(row);
        }
    }
    // No row, or golang-migrate's "no version" (-1): nothing ran.
    let Some((version, dirty)) = current.filter(|&(v, _)| v >= 0) else {
        return History::of_positions(TOOL, TABLE, migrations, Vec::new()).map(Some);
    };
    let entry = || format!("version {version}");
    let p = position(TOOL, TABLE, migrations, version, entry)?;
    if dirty {
        let m = &migrations[p];
        return Err(Error::HistoryFailed {
            tool: TOOL,
            table: TABLE,
            version: m.version(),
            name: m.name().to_string(),
        });
    }
    History::of_positions(TOOL, TABLE, migrations, (1..=p).collect()).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup(rows: &str) -> (Connection, Vec<Migration>) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "CREATE TABLE schema_migrations (version uint64, dirty bool);
             CREATE UNIQUE INDEX version_unique ON schema_migrations (version);
             {rows}"
        ))
        .unwrap();
        let migrations = super::super::test_migrations(&[
            (1, "1_users.up.sql", ""),
            (2, "2_seed.up.sql", ""),
            (3, "3_more.up.sql", ""),
        ]);
        (conn, migrations)
    }

    #[test]
    fn the_current_version_means_every_one_up_to_it_ran() {
        let (conn, migrations) = setup("INSERT INTO schema_migrations VALUES (2, 0);");
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, Some(2));
        let (conn, migrations) = setup("");
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, None);
    }

    #[test]
    fn a_dirty_version_is_refused_by_name() {
        let (conn, migrations) = setup("INSERT INTO schema_migrations VALUES (3, 1);");
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryFailed { version: 3, name, .. } if name == "3_more.up.sql"),
            "{err:?}"
        );
    }

    #[test]
    fn a_table_of_file_names_is_not_golang_migrates() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY, migration_name TEXT)",
        )
        .unwrap();
        assert_eq!(
            read(&conn, &super::super::test_migrations(&[])).unwrap(),
            None
        );
    }
}
