//! diesel's `__diesel_schema_migrations` (diesel 2.3,
//! `src/migration/setup_migration_table.sql`): `version VARCHAR(50)
//! PRIMARY KEY NOT NULL, run_on TIMESTAMP`, a row per applied migration.
//! The version is the directory name's part before the first `_`, dashes
//! dropped (`2024-01-31-120000_users` → `20240131120000`): the number
//! schemaguard's diesel layout gives the migration.

use rusqlite::Connection;

use super::{History, position, table};
use crate::{Error, Migration};

const TOOL: &str = "diesel";
const TABLE: &str = "__diesel_schema_migrations";

/// The history in `__diesel_schema_migrations`, if the database has one.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    if !table::has(conn, TABLE, &["version"])? {
        return Ok(None);
    }
    let mut statement = conn.prepare("SELECT version FROM __diesel_schema_migrations")?;
    // The column is text; a hand-made table may hold integers.
    let rows = statement.query_map([], |r| {
        Ok(match r.get_ref(0)? {
            rusqlite::types::ValueRef::Integer(i) => i.to_string(),
            v => String::from_utf8_lossy(v.as_bytes().unwrap_or_default()).into_owned(),
        })
    })?;
    let mut positions = Vec::new();
    for row in rows {
        let text = row?;
        let digits: String = text.chars().filter(|&c| c != '-').collect();
        let entry = || format!("version {text}");
        let version = digits
            .parse::<u64>()
            .ok()
            .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
            .ok_or_else(|| super::unknown(TOOL, TABLE, entry()))?;
        positions.push(position(TOOL, TABLE, migrations, version, entry)?);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_map_to_directories() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE __diesel_schema_migrations (version VARCHAR(50) PRIMARY KEY NOT NULL, \
             run_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP);
             INSERT INTO __diesel_schema_migrations (version) VALUES ('20240101120000'), ('20240215093000');",
        )
        .unwrap();
        let migrations = super::super::test_migrations(&[
            (20240101120000, "2024-01-01-120000_users/up.sql", ""),
            (20240215093000, "2024-02-15-093000_notes/up.sql", ""),
            (20240301000000, "2024-03-01-000000_names/up.sql", ""),
        ]);
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, Some(2));
        conn.execute_batch("INSERT INTO __diesel_schema_migrations (version) VALUES ('x1')")
            .unwrap();
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryUnknown { entry, .. } if entry == "version x1"),
            "{err:?}"
        );
    }
}
