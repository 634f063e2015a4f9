//! Finding another tool's table: by its name and the columns it must have,
//! so an application table that merely shares a name is not read.

use rusqlite::Connection;

/// The columns of `table` in the main database (lower-case), empty when
/// there is no such table.
pub(super) fn columns(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    // A table-valued pragma takes the name as a bound parameter: no SQL is
    // built from it.
    let mut statement = conn.prepare("SELECT name FROM pragma_table_info(?1, 'main')")?;
    let names = statement.query_map([table], |r| r.get::<_, String>(0))?;
    names.map(|n| n.map(|n| n.to_ascii_lowercase())).collect()
}

/// Whether `table` exists with every column of `required`.
pub(super) fn has(conn: &Connection, table: &str, required: &[&str]) -> rusqlite::Result<bool> {
    let columns = columns(conn, table)?;
    Ok(!columns.is_empty() && required.iter().all(|c| columns.iter().any(|x| x == c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_is_found_only_with_its_columns() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE schema_migrations (Version uint64, dirty bool)")
            .unwrap();
        assert!(has(&conn, "schema_migrations", &["version", "dirty"]).unwrap());
        assert!(!has(&conn, "schema_migrations", &["version", "name"]).unwrap());
        assert!(!has(&conn, "goose_db_version", &["version_id"]).unwrap());
    }
}
