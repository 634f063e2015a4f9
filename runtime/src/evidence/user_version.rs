//! rusqlite_migration's counter (rusqlite_migration 2.6): `PRAGMA
//! user_version` is the number of migrations of its list that ran, in
//! order. Applications use `user_version` for their own purposes too, so
//! it is read only when the application says its databases came from
//! rusqlite_migration ([`Previous::RusqliteMigration`](super::Previous)).
//! The list's `k`-th migration is the `k`-th migration file (the base
//! schema not counted), as the README asks them to be written.

use rusqlite::Connection;

use super::History;
use crate::{Error, Migration};

const TOOL: &str = "rusqlite_migration";
const TABLE: &str = "PRAGMA user_version";

/// What `PRAGMA user_version` says ran.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<History, Error> {
    let count: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let files = migrations.len().saturating_sub(1);
    let count = usize::try_from(count)
        .ok()
        .filter(|&k| k <= files)
        .ok_or_else(|| {
            super::unknown(
                TOOL,
                TABLE,
                format!("{count} migrations (this program has {files})"),
            )
        })?;
    History::of_positions(TOOL, TABLE, migrations, (1..=count).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_counts_files() {
        let conn = Connection::open_in_memory().unwrap();
        let migrations = super::super::test_migrations(&[(1, "1_a.sql", ""), (2, "2_b.sql", "")]);
        assert_eq!(read(&conn, &migrations).unwrap().last, None);
        conn.execute_batch("PRAGMA user_version = 2").unwrap();
        assert_eq!(read(&conn, &migrations).unwrap().last, Some(2));
        conn.execute_batch("PRAGMA user_version = 3").unwrap();
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryUnknown { entry, .. } if entry == "3 migrations (this program has 2)"),
            "{err:?}"
        );
    }
}
