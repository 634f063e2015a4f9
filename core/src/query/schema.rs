//! The final schema (Sn) a `query!` is checked against, opened once per
//! process and shared by every `query!` of the crate.
//!
//! The first `query!` gets the project's expansion from the analysis cache;
//! a sound project's database after the last file is the cache's last
//! replay checkpoint, restored into an in-memory connection (with the cache
//! off or the checkpoint missing, the files are replayed in memory once).
//! Later calls reuse that connection; at most every [`RECHECK`] they read
//! the input files again and compare their cache key, so a long-lived
//! process (rust-analyzer) sees edits to the SQL files.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use rusqlite::Connection;

use crate::analysis::{Options, analyse_inputs};
use crate::cache::key::{self, Key};
use crate::cache::store::{Kind, Store};
use crate::cache::{self, Location};
use crate::checkpoint::{Checkpoint, Checkpoints};
use crate::diagnostic::Diagnostics;
use crate::expansion::{Expansion, Outcome};
use crate::files::{Input, SqlFile};
use crate::history::History;
use crate::inputs::Inputs;
use crate::rules::functions::stand_in;
use crate::source::FileId;

use super::catalog::{Catalog, Schema};
use super::{Description, Past};

/// How long a process trusts the final schema it opened before it reads
/// the input files again to see whether they changed.
pub const RECHECK: Duration = Duration::from_secs(2);

/// The schema every `query!` of a crate is checked against.
pub struct Final {
    /// The database after the last file, with the `functions` stand-ins.
    pub conn: Mutex<Connection>,
    /// What the queries described so far read of its tables.
    catalog: Mutex<Catalog>,
    /// Snapshots, for "dropped by migration …".
    pub history: History,
    /// How to name the file after which each snapshot is taken.
    pub files: Vec<String>,
    /// The files read, for rebuild tracking.
    pub tracked: Vec<String>,
    key: Key,
    checked: Mutex<Instant>,
}

impl Final {
    /// [`super::describe`] on this schema: what it reads of the schema's
    /// tables is kept for the crate's next queries. With `past`, a name
    /// that no longer exists is looked up in the earlier snapshots.
    pub fn describe(&self, sql: &str, past: bool) -> Result<Description, String> {
        let conn = self.conn.lock().unwrap_or_else(|e| e.into_inner());
        let catalog = self.catalog.lock().unwrap_or_else(|e| e.into_inner());
        let past = past.then(|| Past {
            history: &self.history,
            files: &self.files,
        });
        super::describe_in(
            Schema {
                conn: &conn,
                catalog: &catalog,
            },
            sql,
            past.as_ref(),
        )
    }
}

/// Why there is no final schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Unusable {
    /// The analysis found errors; `schema!` reports them.
    Errors(usize),
    /// SQLite could not open or restore the database.
    Sqlite(String),
}

type Memo = Mutex<HashMap<String, Arc<Final>>>;

fn memo() -> &'static Memo {
    static MEMO: OnceLock<Memo> = OnceLock::new();
    MEMO.get_or_init(Default::default)
}

/// The final schema of the project `input` describes, from this process's
/// memo when it is recent or its files are unchanged, else from the cache.
pub fn open(
    input: &Input,
    functions: &[String],
    location: Location<'_>,
) -> Result<Arc<Final>, Unusable> {
    let id = format!(
        "{}\0{}\0{}\0{}\0{:?}\0{:?}\0{:?}",
        input.root.display(),
        input.base,
        input.migrations,
        input.no_base,
        input.layout,
        functions.join("\0"),
        location
    );
    let found = memo().lock().ok().and_then(|m| m.get(&id).cloned());
    let header = key::header(functions, Options::default());
    if let Some(f) = found {
        let mut checked = f.checked.lock().unwrap_or_else(|e| e.into_inner());
        if checked.elapsed() < RECHECK {
            drop(checked);
            return Ok(f);
        }
        let now = key::expansion(&header, input, &Inputs::read(input));
        if now == f.key {
            *checked = Instant::now();
            drop(checked);
            return Ok(f);
        }
    }
    let opened = Arc::new(build(input, functions, location, header)?);
    if let Ok(mut m) = memo().lock() {
        m.insert(id, Arc::clone(&opened));
    }
    Ok(opened)
}

fn build(
    input: &Input,
    functions: &[String],
    location: Location<'_>,
    header: Key,
) -> Result<Final, Unusable> {
    let inputs = Inputs::read(input);
    let key = key::expansion(&header, input, &inputs);
    let mut captured = None;
    let expansion = match location {
        Location::Off => {
            let mut last = Last::default();
            let analysis = analyse_inputs(input, &inputs, functions, Options::default(), &mut last);
            captured = last.bytes;
            Expansion::of(&analysis)
        }
        Location::Disk(_) => cache::expansion(input, functions, Options::default(), location),
    };
    let Outcome::Schema {
        migrations,
        snapshots,
        history,
        ..
    } = &expansion.outcome
    else {
        let n = match &expansion.outcome {
            Outcome::Errors(e) => e.len(),
            Outcome::Schema { .. } => 0,
        };
        return Err(Unusable::Errors(n));
    };
    let mut diags = Diagnostics::default();
    let files = crate::files::parse(input, &inputs, &mut diags).files;
    if captured.is_none()
        && let Location::Disk(dir) = location
        && let Some(store) = Store::open(dir)
        && let Some(last) = key::prefixes(&header, &files).last()
    {
        captured = store.get(Kind::Checkpoint, last);
    }
    let mut conn = Connection::open_in_memory().map_err(|e| Unusable::Sqlite(e.to_string()))?;
    let restored = captured
        .and_then(|b| Checkpoint::decode(&b).ok())
        .filter(|c| c.after + 1 == files.len())
        .is_some_and(|c| c.restore_database(&mut conn).is_ok());
    if !restored {
        // Only when the last files left state a checkpoint does not hold
        // (TEMP objects, connection pragmas): run them in order.
        let mut analysis_free = Last::default();
        let analysis = analyse_inputs(
            input,
            &inputs,
            functions,
            Options::default(),
            &mut analysis_free,
        );
        match analysis_free
            .bytes
            .and_then(|b| Checkpoint::decode(&b).ok())
        {
            Some(c) if c.restore_database(&mut conn).is_ok() => {}
            _ => {
                for f in &analysis.files {
                    let _ = conn.execute_batch(&f.file.source.text);
                }
            }
        }
    }
    for f in functions {
        let _ = stand_in(&conn, f);
    }
    let names = migrations
        .iter()
        .map(|m| {
            if m.version == 0 {
                format!("the base schema (`{}`)", m.file)
            } else {
                format!("migration {} (`{}`)", m.version, m.file)
            }
        })
        .collect();
    Ok(Final {
        conn: Mutex::new(conn),
        catalog: Mutex::default(),
        history: History::decode(*snapshots, history),
        files: names,
        tracked: expansion.tracked.clone(),
        key,
        checked: Mutex::new(Instant::now()),
    })
}

/// Keeps the checkpoint after the last file only.
#[derive(Default)]
struct Last {
    last: FileId,
    bytes: Option<Vec<u8>>,
}

impl Checkpoints for Last {
    fn latest(&mut self, files: &[SqlFile]) -> Option<Checkpoint> {
        self.last = files.len().saturating_sub(1);
        None
    }
    fn wants(&mut self, id: FileId) -> bool {
        id == self.last
    }
    fn save(&mut self, _: FileId, encoded: Vec<u8>) {
        self.bytes = Some(encoded);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn project(migrations: &[(&str, &str)]) -> (tempfile::TempDir, Input) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("schema.sql"),
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL);",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("migrations")).unwrap();
        for (name, sql) in migrations {
            std::fs::write(dir.path().join("migrations").join(name), sql).unwrap();
        }
        let input = Input {
            root: dir.path().to_path_buf(),
            base: "schema.sql".into(),
            migrations: "migrations".into(),
            ..Default::default()
        };
        (dir, input)
    }

    fn columns(f: &Final) -> Vec<String> {
        let conn = f.conn.lock().unwrap();
        let mut s = conn
            .prepare("SELECT name FROM pragma_table_info('users')")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    #[test]
    fn the_final_schema_is_the_same_from_the_cache_and_without_it() {
        let (_dir, input) = project(&[
            ("001_name.sql", "ALTER TABLE users ADD COLUMN name TEXT;"),
            (
                "002_f.sql",
                "CREATE VIEW shout AS SELECT vec_len(email) AS n FROM users;",
            ),
        ]);
        let functions = ["vec_len".to_string()];
        let cache = tempfile::tempdir().unwrap();
        let off = open(&input, &functions, Location::Off).unwrap();
        let cold = open(&input, &functions, Location::Disk(cache.path())).unwrap();
        // Another process: the memo is empty, the checkpoint is on disk.
        memo().lock().unwrap().clear();
        let warm = open(&input, &functions, Location::Disk(cache.path())).unwrap();
        for f in [&off, &cold, &warm] {
            assert_eq!(columns(f), ["id", "email", "name"]);
            // The stand-ins are registered: the view can be read.
            f.conn
                .lock()
                .unwrap()
                .prepare("SELECT n FROM shout")
                .unwrap();
            assert_eq!(f.files[2], "migration 2 (`migrations/002_f.sql`)");
        }
    }

    #[test]
    fn later_calls_reuse_the_connection_until_a_file_changes() {
        let (dir, input) = project(&[("001_name.sql", "ALTER TABLE users ADD COLUMN name TEXT;")]);
        let first = open(&input, &[], Location::Off).unwrap();
        let again = open(&input, &[], Location::Off).unwrap();
        assert!(Arc::ptr_eq(&first, &again));
        std::fs::write(
            dir.path().join("migrations/002_bio.sql"),
            "ALTER TABLE users ADD COLUMN bio TEXT;",
        )
        .unwrap();
        // Within the window the memo is trusted; after it, the files are
        // read again and the change is seen.
        assert!(Arc::ptr_eq(
            &first,
            &open(&input, &[], Location::Off).unwrap()
        ));
        *first.checked.lock().unwrap() -= RECHECK;
        let changed = open(&input, &[], Location::Off).unwrap();
        assert_eq!(columns(&changed), ["id", "email", "name", "bio"]);
    }

    #[test]
    fn a_project_with_errors_gives_no_schema() {
        let (_dir, input) = project(&[
            ("001_a.sql", "CREATE TABLE users (id);"),
            ("002_b.sql", "SELECT nope FROM users;"),
        ]);
        assert_eq!(
            open(&input, &[], Location::Off).err(),
            Some(Unusable::Errors(2))
        );
    }
}
