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
    let rows = statement.query_map([], |r| Ok(r.get_ref(0)?.as_str().ok().map(str::to_owned)))?;
    let names_recorded = rows.collect::<Result<Vec<_>, _>>()?;
    // A table of the application's own that shares the name and a column
    // (a NULL, a number, "welcome email") is no runner's history: it is
    // left to detection from the schema, not refused.
    let Some(names_recorded) = names_recorded
        .into_iter()
        .map(|name| name.filter(|n| looks_like_a_file(n)))
        .collect::<Option<Vec<String>>>()
    else {
        return Ok(None);
    };
    let mut positions = Vec::new();
    for name in names_recorded {
        let p = migrations
            .iter()
            .position(|m| !m.is_base() && names(m.file()).contains(&name.as_str()))
            .ok_or_else(|| super::unknown(TOOL, TABLE, name.clone()))?;
        positions.push(p);
    }
    History::of_positions(TOOL, TABLE, migrations, positions).map(Some)
}

/// Whether `name` reads as a migration's file name: a version first
/// (`001_users.sql`, diesel's `2024-01-01-000000_users`, refinery's
/// `V1__users.sql`), then no spaces.
fn looks_like_a_file(name: &str) -> bool {
    let versioned = name.strip_prefix(['V', 'v']).unwrap_or(name);
    versioned.starts_with(|c: char| c.is_ascii_digit()) && !name.contains(char::is_whitespace)
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
    fn an_application_table_that_holds_no_file_names_is_not_a_history() {
        let (conn, migrations) = setup();
        conn.execute_batch(
            "INSERT INTO schema_migrations (migration_name) VALUES ('001_add_code_verifier.sql'), ('welcome email')",
        )
        .unwrap();
        assert!(read(&conn, &migrations).unwrap().is_none());
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE schema_migrations (name); INSERT INTO schema_migrations VALUES (NULL), (7);",
        )
        .unwrap();
        assert!(read(&conn, &migrations).unwrap().is_none());
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
