//! Replay checkpoints: the state of the replay after a file (SQLite's
//! database, serialized, plus the catalog and the snapshot builder), so a
//! later analysis whose files start the same way replays only the rest.
//!
//! A checkpoint is taken only where restoring it is exactly equivalent to
//! replaying the files before it: the replay found nothing wrong so far
//! (findings are not stored, and some depend on later files), and no file
//! left state outside the main database (`TEMP` objects, an `ATTACH`ed
//! database, a connection setting changed by a `PRAGMA`).

use rusqlite::{Connection, MAIN_DB};

use crate::cache::codec::{Malformed, Reader, Writer};
use crate::catalog::Catalog;
use crate::files::SqlFile;
use crate::history::HistoryBuilder;
use crate::source::FileId;
use crate::sql::header::Header;
use crate::sql::split::Script;

/// The replay's state after one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// The last file replayed.
    pub after: FileId,
    /// The main database, as `sqlite3_serialize` writes it.
    pub db: Vec<u8>,
    /// Names, columns and where they were defined.
    pub catalog: Catalog,
    /// The snapshots so far.
    pub history: HistoryBuilder,
}

impl Checkpoint {
    /// The encoded state after file `after`: `conn`'s main database and
    /// the rest, written straight from the replay's own values.
    pub fn capture(
        after: FileId,
        conn: &mut Connection,
        catalog: &Catalog,
        history: &HistoryBuilder,
    ) -> rusqlite::Result<Vec<u8>> {
        let db = conn.serialize(MAIN_DB)?;
        Ok(encode(after, &db, catalog, history))
    }

    /// Puts the database back into `conn` (an empty in-memory connection).
    pub fn restore_database(&self, conn: &mut Connection) -> rusqlite::Result<()> {
        conn.deserialize_read_exact(MAIN_DB, self.db.as_slice(), self.db.len(), false)
    }

    /// The bytes the cache stores (what [`capture`](Self::capture) returns).
    pub fn encode(&self) -> Vec<u8> {
        encode(self.after, &self.db, &self.catalog, &self.history)
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub fn decode(bytes: &[u8]) -> Result<Self, Malformed> {
        let mut r = Reader::new(bytes);
        let after = usize::try_from(r.u64()?).map_err(|_| Malformed)?;
        let db = r.bytes()?.to_vec();
        let catalog = Catalog::decode(&mut r)?;
        let history = HistoryBuilder::decode(&mut r)?;
        if !r.is_done() || history.snapshots() as usize != after + 1 {
            return Err(Malformed);
        }
        Ok(Checkpoint {
            after,
            db,
            catalog,
            history,
        })
    }
}

fn encode(after: FileId, db: &[u8], catalog: &Catalog, history: &HistoryBuilder) -> Vec<u8> {
    let mut w = Writer::default();
    w.count(after);
    w.bytes(db);
    catalog.encode(&mut w);
    history.encode(&mut w);
    w.bytes
}

/// Where a replay finds and leaves checkpoints.
pub trait Checkpoints {
    /// The checkpoint after the latest of `files` it has one for, if any.
    /// Called once, before any other method.
    fn latest(&mut self, files: &[SqlFile]) -> Option<Checkpoint>;
    /// Whether to capture the state after file `id` (captures cost a copy
    /// of the database).
    fn wants(&mut self, id: FileId) -> bool;
    /// Keeps the state after file `after`, encoded.
    fn save(&mut self, after: FileId, encoded: Vec<u8>);
}

/// A replay without checkpoints.
pub struct NoCheckpoints;

impl Checkpoints for NoCheckpoints {
    fn latest(&mut self, _: &[SqlFile]) -> Option<Checkpoint> {
        None
    }
    fn wants(&mut self, _: FileId) -> bool {
        false
    }
    fn save(&mut self, _: FileId, _: Vec<u8>) {}
}

/// Pragmas that leave nothing outside the main database: reset by the
/// replay after every file, stored in the database, or read-only ones that
/// take an argument (`table_info(t)` looks like a setting to the header).
const CAPTURED_PRAGMAS: &[&str] = &[
    "foreign_keys",
    "defer_foreign_keys",
    "user_version",
    "application_id",
    "table_info",
    "table_xinfo",
    "table_list",
    "index_info",
    "index_xinfo",
    "index_list",
    "foreign_key_list",
    "foreign_key_check",
    "integrity_check",
    "quick_check",
];

/// Whether running `script` may leave state that a checkpoint does not
/// hold: an attached database or a connection setting. Pragmas that the
/// replay resets after every file, or that live in the database file, are
/// captured.
pub fn leaves_uncaptured_state(script: &Script, text: &str) -> bool {
    script.statements.iter().any(|statement| {
        match Header::parse(script.tokens_of(statement), text) {
            Header::Attach => true,
            Header::Pragma(p) => p.sets && !CAPTURED_PRAGMAS.contains(&p.name.as_str()),
            _ => false,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaves(sql: &str) -> bool {
        leaves_uncaptured_state(&Script::parse(sql), sql)
    }

    #[test]
    fn settings_outside_the_database_prevent_checkpoints() {
        assert!(leaves("PRAGMA recursive_triggers = ON;"));
        assert!(leaves("ATTACH 'x.db' AS x;"));
        assert!(!leaves(
            "PRAGMA foreign_keys = OFF; PRAGMA user_version = 3;"
        ));
        assert!(!leaves("CREATE TABLE t (a); PRAGMA table_info(t);"));
    }

    #[test]
    fn a_checkpoint_round_trips_and_refuses_damage() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE t (a); INSERT INTO t VALUES (42);")
            .unwrap();
        let mut history = HistoryBuilder::default();
        history
            .record(&conn, &crate::history::Touched::Everything)
            .unwrap();
        let bytes = Checkpoint::capture(0, &mut conn, &Catalog::default(), &history).unwrap();
        let cp = Checkpoint::decode(&bytes).unwrap();
        assert_eq!(cp.history, history);
        // Maps encode in their iteration order: compare values, not bytes.
        assert_eq!(Checkpoint::decode(&cp.encode()).as_ref(), Ok(&cp));
        assert_eq!(
            Checkpoint::decode(&bytes[..bytes.len() - 1]),
            Err(Malformed)
        );

        let mut fresh = Connection::open_in_memory().unwrap();
        cp.restore_database(&mut fresh).unwrap();
        let a: i64 = fresh
            .query_row("SELECT a FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(a, 42);
        // The restored database is writable and grows.
        fresh
            .execute_batch("CREATE TABLE u (b); INSERT INTO u SELECT zeroblob(100000);")
            .unwrap();
    }
}
