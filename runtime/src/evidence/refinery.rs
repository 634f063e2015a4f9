//! refinery's `refinery_schema_history` (refinery-core 0.10,
//! `src/traits/mod.rs`): `version int4 PRIMARY KEY, name VARCHAR(255),
//! applied_on VARCHAR(255), checksum VARCHAR(255)`, a row per applied
//! migration, written in the migration's transaction. The version is the
//! `n` of `V<n>__<name>.sql`, as in schemaguard's refinery layout. Its
//! checksum (SipHash-1-3 of name, version and SQL, through Rust's `Hash`)
//! is not compared: it is not a checksum of the file.

use rusqlite::Connection;

use super::{History, position, table};
use crate::{Error, Migration};

const TOOL: &str = "refinery";
const TABLE: &str = "refinery_schema_history";

/// The history in `refinery_schema_history`, if the database has one.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    if !table::has(conn, TABLE, &["version", "name"])? {
        return Ok(None);
    }
    let mut statement =
        conn.prepare("SELECT version, name FROM refinery_schema_history ORDER BY version")?;
    let rows = statement.query_map([], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<String>>(1)?))
    })?;
    let mut positions = Vec::new();
    for row in rows {
        let (version, name) = row?;
        let entry = || format!("V{version}__{}", name.clone().unwrap_or_default());
        let p = position(TOOL, TABLE, migrations, version, entry)?;
        positions.push(p);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_map_to_files() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE refinery_schema_history (version int4 PRIMARY KEY, name VARCHAR(255), \
             applied_on VARCHAR(255), checksum VARCHAR(255));
             INSERT INTO refinery_schema_history VALUES (1, 'users', '2024-01-01T00:00:00Z', '1');",
        )
        .unwrap();
        let migrations =
            super::super::test_migrations(&[(1, "V1__users.sql", ""), (2, "V2__seed.sql", "")]);
        let history = read(&conn, &migrations).unwrap().unwrap();
        assert_eq!((history.table, history.last), (TABLE, Some(1)));
        conn.execute_batch("INSERT INTO refinery_schema_history VALUES (3, 'later', '', '3')")
            .unwrap();
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryUnknown { entry, .. } if entry == "V3__later"),
            "{err:?}"
        );
    }
}
