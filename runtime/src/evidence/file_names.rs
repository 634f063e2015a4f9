//! A hand-rolled runner's table of applied file names, such as
//! `schema_migrations (id INTEGER PRIMARY KEY, migration_name TEXT UNIQUE,
//! applied_at TEXT)` holding `001_add_code_verifier_to_auth_state.sql`: a
//! `schema_migrations` table without golang-migrate's `dirty` column, with a
//! column of names. An entry is matched to the migration whose file has
//! that name (with or without `.sql`; for diesel's `<dir>/up.sql`, the
//! directory's name).

use rusqlite::Connection;

use super::{History, table};
use crate::{Error, Migration};

const TOOL: &str = "a table of applied file names";
const TABLE: &str = "schema_migrations";

/// The columns that hold the file name, in the order they are looked for.
const NAME_COLUMNS: [&str; 5] = [
    "migration_name",
    "filename",
    "file_name",
    "migration",
    "name",
];

/// The history in a `schema_migrations` table of file names, if the
/// database has one.
pub(super) fn read(conn: &Connection, migrations: &[Migration]) -> Result<Option<History>, Error> {
    let columns = table::columns(conn, TABLE)?;
    if columns.iter().any(|c| c == "dirty") {
        return Ok(None);
    }
    let Some(column) = NAME_COLUMNS
        .into_iter()
        .find(|n| columns.iter().any(|c| c == n))
    else {
        return Ok(None);
    };
    // `column` is one of the constants above, never text from the database.
    let mut statement = conn.prepare(&format!("SELECT \"{column}\" FROM schema_migrations"))?;
    let rows = statement.query_map([], |r| r.get::<_, String>(0))?;
    let mut positions = Vec::new();
    for row in rows {
        let name = row?;
        let p = migrations
            .iter()
            .position(|m| !m.is_base() && names(m.file()).contains(&name.as_str()))
            .ok_or_else(|| super::unknown(TOOL, TABLE, name.clone()))?;
        positions.push(p);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

/// The names a runner may have recorded for the migration in `file`.
fn names(file: &str) -> Vec<&str> {
    let mut parts = file.rsplit('/');
    let last = parts.next().unwrap_or(file);
    let mut names = vec![last];
    if let Some(stem) = last.strip_suffix(".sql") {
        names.push(stem);
    }
    if last == "up.sql"
        && let Some(directory) = parts.next()
    {
        names.push(directory);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (Connection, Vec<Migration>) {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (id INTEGER PRIMARY KEY AUTOINCREMENT, \
             migration_name TEXT UNIQUE NOT NULL, applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP)",
        )
        .unwrap();
        let migrations = super::super::test_migrations(&[
            (1, "migrations/001_add_code_verifier.sql", ""),
            (2, "migrations/002_secure_tokens.sql", ""),
        ]);
        (conn, migrations)
    }

    #[test]
    fn file_names_map_to_migrations() {
        let (conn, migrations) = setup();
        assert_eq!(read(&conn, &migrations).unwrap().unwrap().last, None);
        conn.execute_batch(
            "INSERT INTO schema_migrations (migration_name) VALUES ('001_add_code_verifier.sql'), ('002_secure_tokens')",
        )
        .unwrap();
        let history = read(&conn, &migrations).unwrap().unwrap();
        assert_eq!((history.tool, history.last), (TOOL, Some(2)));
    }

    #[test]
    fn an_unknown_file_is_refused_by_name() {
        let (conn, migrations) = setup();
        conn.execute_batch("INSERT INTO schema_migrations (migration_name) VALUES ('003_x.sql')")
            .unwrap();
        let err = read(&conn, &migrations).unwrap_err();
        assert!(
            matches!(&err, Error::HistoryUnknown { entry, .. } if entry == "003_x.sql"),
            "{err:?}"
        );
    }

    #[test]
    fn a_table_of_versions_only_is_not_read() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE schema_migrations (version TEXT PRIMARY KEY)")
            .unwrap();
        assert_eq!(
            read(&conn, &super::super::test_migrations(&[])).unwrap(),
            None
        );
    }

    #[test]
    fn diesel_directories_are_named_by_their_directory() {
        assert!(names("m/2024-01-01-000000_users/up.sql").contains(&"2024-01-01-000000_users"));
    }
}
