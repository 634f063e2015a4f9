//! What the final schema declares, read from SQLite's pragmas once per
//! table and kept: a crate's queries ask about the same few tables again
//! and again, and each pragma read is a statement SQLite prepares and
//! runs (they were most of a query's analysis).
//!
//! A [`Catalog`] is only right for the connection it is first used with,
//! and only while that connection's schema does not change: the final
//! schema's connection is only ever prepared on.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Deref;
use std::sync::Arc;

use rusqlite::Connection;

/// What has been read of one schema's tables, kept for later queries.
#[derive(Default)]
pub struct Catalog {
    /// By schema (`""`: SQLite's own search order) and lowercase name;
    /// `None`: no such table or view.
    tables: RefCell<HashMap<(String, String), Found>>,
    /// Every table and view name, as declared.
    names: RefCell<Option<Arc<Vec<String>>>>,
    /// Every view name, lowercase.
    views: RefCell<Option<Arc<Vec<String>>>>,
    /// The views that read a compound, lowercase.
    compound_views: RefCell<Option<Arc<Vec<String>>>>,
    /// Whether reading a column reads the rowid, by schema, table, column.
    rowid: RefCell<HashMap<(String, String, String), bool>>,
}

/// A table or view as read, or `None` when the schema has none by that name.
type Found = Option<Arc<Table>>;

/// A table or view of the schema.
pub struct Table {
    /// Its columns, hidden ones included, in order.
    pub columns: Vec<TableColumn>,
    /// How many columns make its primary key.
    pub primary_key_columns: usize,
    /// STRICT or WITHOUT ROWID (a primary key is then never NULL).
    pub strict_or_without_rowid: bool,
    /// Its `CREATE` statement (empty when SQLite keeps none).
    pub create: String,
}

/// One column of a [`Table`], as `PRAGMA table_xinfo` gives it.
pub struct TableColumn {
    /// Its name, as declared.
    pub name: String,
    /// Its declared type (empty for none).
    pub decl: String,
    /// Declared `NOT NULL`.
    pub not_null: bool,
    /// Its place in the primary key (1-based), 0 when not in it.
    pub pk: i64,
    /// It has a `DEFAULT`.
    pub has_default: bool,
    /// 0: ordinary; 1: a virtual table's hidden column; 2, 3: generated.
    pub hidden: i64,
}

impl Table {
    /// Column `name`, by SQLite's case-insensitive match.
    pub fn column(&self, name: &str) -> Option<&TableColumn> {
        self.columns
            .iter()
            .find(|c| c.name.eq_ignore_ascii_case(name))
    }
}

impl Catalog {
    /// Table or view `name` of `schema` (`None`: the first one SQLite's
    /// own name resolution finds).
    pub fn table(&self, conn: &Connection, schema: Option<&str>, name: &str) -> Option<Arc<Table>> {
        let key = (
            schema.unwrap_or("").to_ascii_lowercase(),
            name.to_ascii_lowercase(),
        );
        if let Some(known) = self.tables.borrow().get(&key) {
            return known.clone();
        }
        let read = read_table(conn, schema, name).map(Arc::new);
        self.tables.borrow_mut().insert(key, read.clone());
        read
    }

    /// Every table and view name of the schema, `temp` included.
    pub fn names(&self, conn: &Connection) -> Arc<Vec<String>> {
        once(&self.names, || {
            read_names(
                conn,
                "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') UNION SELECT name FROM sqlite_temp_schema WHERE type IN ('table', 'view')",
            )
        })
    }

    /// Every view name, lowercase.
    pub fn views(&self, conn: &Connection) -> Arc<Vec<String>> {
        once(&self.views, || {
            read_names(
                conn,
                "SELECT lower(name) FROM sqlite_schema WHERE type = 'view' UNION SELECT lower(name) FROM sqlite_temp_schema WHERE type = 'view'",
            )
        })
    }

    /// The views that read a compound SELECT, themselves or through
    /// another view, lowercase (a view's name found in another's text
    /// counts as read: a false match only costs a type).
    pub fn compound_views(&self, conn: &Connection) -> Arc<Vec<String>> {
        once(&self.compound_views, || {
            read_names(
                conn,
                "WITH RECURSIVE v(name, body) AS (
                     SELECT lower(name), lower(sql) FROM sqlite_schema WHERE type = 'view'
                     UNION ALL SELECT lower(name), lower(sql) FROM sqlite_temp_schema WHERE type = 'view'),
                 compound(name) AS (
                     SELECT name FROM v WHERE body LIKE '%union%' OR body LIKE '%intersect%' OR body LIKE '%except%'
                     UNION SELECT v.name FROM v JOIN compound c ON instr(v.body, c.name) > 0)
                 SELECT name FROM compound",
            )
        })
    }

    /// Whether reading `column` of `schema.table` reads the rowid: an
    /// `INTEGER PRIMARY KEY` that aliases it (never NULL), not one
    /// declared `… PRIMARY KEY DESC`, an ordinary column that may hold
    /// NULL. The bytecode says.
    pub fn reads_the_rowid(
        &self,
        conn: &Connection,
        schema: &str,
        table: &str,
        column: &str,
    ) -> bool {
        let key = (
            schema.to_ascii_lowercase(),
            table.to_ascii_lowercase(),
            column.to_ascii_lowercase(),
        );
        if let Some(known) = self.rowid.borrow().get(&key) {
            return *known;
        }
        let read = read_rowid(conn, schema, table, column);
        self.rowid.borrow_mut().insert(key, read);
        read
    }
}

/// A connection with the catalog of its schema: what the analysis of a
/// statement reads the schema through. Derefs to the connection, to
/// prepare statements on.
#[derive(Clone, Copy)]
pub struct Schema<'a> {
    /// The connection.
    pub conn: &'a Connection,
    /// What has been read of its tables.
    pub catalog: &'a Catalog,
}

impl Deref for Schema<'_> {
    type Target = Connection;

    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl Schema<'_> {
    /// [`Catalog::table`] on this connection.
    pub fn table(&self, schema: Option<&str>, name: &str) -> Option<Arc<Table>> {
        self.catalog.table(self.conn, schema, name)
    }
}

fn once(
    slot: &RefCell<Option<Arc<Vec<String>>>>,
    read: impl FnOnce() -> Vec<String>,
) -> Arc<Vec<String>> {
    if let Some(known) = slot.borrow().as_ref() {
        return Arc::clone(known);
    }
    let read = Arc::new(read());
    *slot.borrow_mut() = Some(Arc::clone(&read));
    read
}

fn read_names(conn: &Connection, sql: &str) -> Vec<String> {
    conn.prepare(sql)
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .unwrap_or_default()
}

fn read_table(conn: &Connection, schema: Option<&str>, name: &str) -> Option<Table> {
    // A NULL schema argument is the same as none: SQLite's search order,
    // `temp` before `main`, which the ORDER BY below follows.
    let mut stmt = conn
        .prepare("SELECT name, type, \"notnull\", pk, dflt_value IS NOT NULL, hidden FROM pragma_table_xinfo(?1, ?2)")
        .ok()?;
    let columns: Vec<TableColumn> = stmt
        .query_map(rusqlite::params![name, schema], |r| {
            Ok(TableColumn {
                name: r.get(0)?,
                decl: r.get(1)?,
                not_null: r.get(2)?,
                pk: r.get(3)?,
                has_default: r.get(4)?,
                hidden: r.get(5)?,
            })
        })
        .ok()?
        .collect::<Result<_, _>>()
        .ok()?;
    if columns.is_empty() {
        return None;
    }
    let (strict_or_without_rowid, create) = conn
        .query_row(
            "SELECT l.strict OR l.wr, coalesce((SELECT sql FROM sqlite_schema WHERE l.schema = 'main' AND name = l.name UNION ALL SELECT sql FROM sqlite_temp_schema WHERE l.schema = 'temp' AND name = l.name), '') FROM pragma_table_list AS l WHERE l.name = ?1 COLLATE NOCASE AND (?2 IS NULL OR l.schema = ?2) ORDER BY l.schema <> 'temp'",
            rusqlite::params![name, schema],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap_or((false, String::new()));
    Some(Table {
        primary_key_columns: columns.iter().filter(|c| c.pk > 0).count(),
        columns,
        strict_or_without_rowid,
        create,
    })
}

fn read_rowid(conn: &Connection, schema: &str, table: &str, column: &str) -> bool {
    let q = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let sql = format!(
        "EXPLAIN SELECT {} FROM {}.{}",
        q(column),
        q(schema),
        q(table)
    );
    conn.prepare(&sql)
        .and_then(|mut s| {
            s.query_map([], |r| r.get::<_, String>(1))?
                .collect::<Result<Vec<_>, _>>()
        })
        .is_ok_and(|ops| {
            ops.iter().any(|o| o == "Rowid" || o == "IdxRowid")
                && !ops.iter().any(|o| o == "Column")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conn() -> Connection {
        let c = Connection::open_in_memory().unwrap();
        c.execute_batch(
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, nick TEXT DEFAULT 'x', total INTEGER GENERATED ALWAYS AS (id * 2));
             CREATE TABLE pairs (a INTEGER, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
             CREATE TABLE desc_key (id INTEGER PRIMARY KEY DESC, v TEXT);
             CREATE TABLE conflict (id INTEGER, v TEXT NOT NULL ON CONFLICT REPLACE DEFAULT '');
             CREATE VIEW emails AS SELECT email FROM users;
             CREATE VIEW everyone AS SELECT email FROM users UNION SELECT b FROM pairs;
             CREATE VIEW over_everyone AS SELECT * FROM everyone;
             CREATE TEMP TABLE scratch (n INTEGER NOT NULL);",
        )
        .unwrap();
        c
    }

    #[test]
    fn a_table_is_read_with_its_columns_keys_and_create_statement() {
        let c = conn();
        let catalog = Catalog::default();
        let users = catalog.table(&c, None, "USERS").unwrap();
        let names: Vec<_> = users.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "email", "nick", "total"]);
        assert_eq!(users.primary_key_columns, 1);
        assert!(!users.strict_or_without_rowid);
        let email = users.column("Email").unwrap();
        assert!(email.not_null && email.decl == "TEXT" && email.hidden == 0);
        assert!(users.column("nick").unwrap().has_default);
        // A VIRTUAL generated column (STORED would be 3).
        assert_eq!(users.column("total").unwrap().hidden, 2);
        assert!(users.create.starts_with("CREATE TABLE users"));
        let pairs = catalog.table(&c, Some("main"), "pairs").unwrap();
        assert!(pairs.strict_or_without_rowid);
        assert_eq!(pairs.primary_key_columns, 2);
        assert!(
            catalog
                .table(&c, None, "conflict")
                .unwrap()
                .create
                .contains("ON CONFLICT")
        );
    }

    #[test]
    fn views_temp_tables_and_missing_names() {
        let c = conn();
        let catalog = Catalog::default();
        assert_eq!(catalog.table(&c, None, "emails").unwrap().columns.len(), 1);
        assert!(catalog.table(&c, Some("temp"), "scratch").is_some());
        assert!(catalog.table(&c, Some("main"), "scratch").is_none());
        assert!(catalog.table(&c, None, "scratch").is_some());
        assert!(catalog.table(&c, None, "nowhere").is_none());
        let mut views = (*catalog.views(&c)).clone();
        views.sort();
        assert_eq!(views, ["emails", "everyone", "over_everyone"]);
        let mut compound = (*catalog.compound_views(&c)).clone();
        compound.sort();
        assert_eq!(compound, ["everyone", "over_everyone"]);
        let mut names = (*catalog.names(&c)).clone();
        names.sort();
        assert_eq!(
            names,
            [
                "conflict",
                "desc_key",
                "emails",
                "everyone",
                "over_everyone",
                "pairs",
                "scratch",
                "users"
            ]
        );
    }

    #[test]
    fn only_an_ascending_integer_primary_key_reads_the_rowid() {
        let c = conn();
        let catalog = Catalog::default();
        assert!(catalog.reads_the_rowid(&c, "main", "users", "id"));
        assert!(!catalog.reads_the_rowid(&c, "main", "users", "email"));
        assert!(!catalog.reads_the_rowid(&c, "main", "desc_key", "id"));
    }

    #[test]
    fn what_was_read_is_kept() {
        let c = conn();
        let catalog = Catalog::default();
        let first = catalog.table(&c, None, "users").unwrap();
        // Read again after the table changed: the catalog answers from
        // what it kept, which is why it serves only an unchanging schema.
        c.execute_batch("ALTER TABLE users ADD COLUMN later TEXT")
            .unwrap();
        let again = catalog.table(&c, None, "users").unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        assert!(catalog.table(&c, None, "nowhere").is_none());
        c.execute_batch("CREATE TABLE nowhere (x)").unwrap();
        assert!(catalog.table(&c, None, "nowhere").is_none());
    }
}
