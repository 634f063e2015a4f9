//! Foreign-key checks around migrations that run with enforcement off
//! (SQLite's documented table-rebuild procedure): only violations the run
//! introduced are fatal; old orphans are reported.

use std::collections::HashMap;
use std::ops::{Deref, DerefMut};

use rusqlite::Connection;

/// The connection of a run, whose foreign-key setting comes back as the
/// caller had it when this is dropped, whatever happened in between: the
/// one place that turns enforcement off and on again, for the run's
/// transactions and for `no-transaction` migrations alike.
pub struct ForeignKeys<'c> {
    conn: &'c mut Connection,
    /// The connection's own setting.
    saved: bool,
}

impl<'c> ForeignKeys<'c> {
    /// Remembers the connection's setting.
    pub fn save(conn: &'c mut Connection) -> rusqlite::Result<Self> {
        let saved = conn.query_row("PRAGMA foreign_keys", [], |r| r.get(0))?;
        Ok(ForeignKeys { conn, saved })
    }

    /// Turns enforcement off (`off`), or back to the connection's own
    /// setting. SQLite ignores the pragma inside a transaction, so this is
    /// only called between them.
    pub fn turn_off(&mut self, off: bool) -> rusqlite::Result<()> {
        debug_assert!(
            self.conn.is_autocommit(),
            "PRAGMA foreign_keys is a no-op in a transaction"
        );
        self.conn
            .pragma_update(None, "foreign_keys", self.saved && !off)
    }
}

impl Deref for ForeignKeys<'_> {
    type Target = Connection;
    fn deref(&self) -> &Connection {
        self.conn
    }
}

impl DerefMut for ForeignKeys<'_> {
    fn deref_mut(&mut self) -> &mut Connection {
        self.conn
    }
}

impl Drop for ForeignKeys<'_> {
    fn drop(&mut self) {
        // Best effort: a destructor has no one to report to. The run never
        // leaves a transaction open (a failed one is rolled back before
        // this runs), so the pragma takes effect.
        let _ = self.conn.pragma_update(None, "foreign_keys", self.saved);
    }
}

/// One row of `PRAGMA foreign_key_check`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Violation {
    /// `note_links rowid 7 → notes`.
    pub description: String,
    /// (table, referenced table, constraint id): survives table rebuilds,
    /// which may renumber rows.
    constraint: (String, String, i64),
}

/// Every violation in the database.
pub fn violations(conn: &Connection) -> rusqlite::Result<Vec<Violation>> {
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let rows = stmt.query_map([], |r| {
        let table: String = r.get(0)?;
        let rowid: Option<i64> = r.get(1)?;
        let parent: String = r.get(2)?;
        let id: i64 = r.get(3)?;
        let row = rowid.map_or_else(String::new, |id| format!(" rowid {id}"));
        Ok(Violation {
            description: format!("{table}{row} → {parent}"),
            constraint: (table, parent, id),
        })
    })?;
    rows.collect()
}

/// The violations of `after` beyond what `before` had for the same
/// constraint (counted per constraint, since rebuilds renumber rows).
pub fn new_violations(before: &[Violation], after: &[Violation]) -> Vec<String> {
    let mut budget: HashMap<&(String, String, i64), usize> = HashMap::new();
    for v in before {
        *budget.entry(&v.constraint).or_default() += 1;
    }
    after
        .iter()
        .filter(|v| match budget.get_mut(&v.constraint) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .map(|v| v.description.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_new_violations_count() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE p (id INTEGER PRIMARY KEY);
             CREATE TABLE c (p INTEGER REFERENCES p(id));
             INSERT INTO c VALUES (1);",
        )
        .unwrap();
        let before = violations(&conn).unwrap();
        assert_eq!(before.len(), 1);
        conn.execute_batch("INSERT INTO c VALUES (2);").unwrap();
        let after = violations(&conn).unwrap();
        assert_eq!(new_violations(&before, &after), ["c rowid 2 → p"]);
        assert!(new_violations(&after, &after).is_empty());
    }
}
