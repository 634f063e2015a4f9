//! Running a migration's SQL on a live connection, statement by statement,
//! so a failure names the migration, its file and the line.

use std::collections::HashSet;

use rusqlite::Connection;
use schemaguard_core::failure::Failure;
use schemaguard_core::source::SourceFile;
use schemaguard_core::sql::header::Header;
use schemaguard_core::sql::split::{Script, Statement};

use crate::foreign_keys::{Violation, new_violations, violations};
use crate::{Error, Migration};

/// The error of statement `statement` of `m`.
fn failed(m: &Migration, statement: &Statement, error: &rusqlite::Error) -> Error {
    let failure = Failure::of(error);
    let offset = statement.span.start + failure.offset.unwrap_or(0);
    let (line, _) = SourceFile::new(m.file(), m.sql()).line_col(offset);
    m.error_at(line, failure.message, crate::error::SqliteCode::of(error))
}

/// Runs every statement of `m`.
pub fn run(conn: &Connection, m: &Migration) -> Result<(), Error> {
    run_outside(conn, m, &mut false)
}

/// Runs every statement of `m`, outside a transaction of schemaguard's,
/// and sets `committed` once a statement may have committed: it succeeded
/// and left no transaction open. (Inside a transaction of schemaguard's,
/// `is_autocommit` stays false and `committed` is never set.)
pub fn run_outside(conn: &Connection, m: &Migration, committed: &mut bool) -> Result<(), Error> {
    let script = Script::parse(m.sql());
    for statement in &script.statements {
        conn.execute_batch(&m.sql()[statement.span.clone()])
            .map_err(|e| failed(m, statement, &e))?;
        *committed |= conn.is_autocommit();
    }
    Ok(())
}

/// Runs, of `m`, only the statement that creates each of `keys` (a repair):
/// the last `CREATE` of the name, since a migration may create, drop and
/// create a view again.
pub fn run_creates(conn: &Connection, m: &Migration, keys: &HashSet<String>) -> Result<(), Error> {
    let script = Script::parse(m.sql());
    let creates: Vec<(String, &Statement)> = script
        .statements
        .iter()
        .filter_map(|s| match Header::parse(script.tokens_of(s), m.sql()) {
            Header::Create(c) if keys.contains(&c.name.key()) => Some((c.name.key(), s)),
            _ => None,
        })
        .collect();
    for (i, (key, statement)) in creates.iter().enumerate() {
        if creates[i + 1..].iter().any(|(k, _)| k == key) {
            continue;
        }
        conn.execute_batch(&m.sql()[statement.span.clone()])
            .map_err(|e| failed(m, statement, &e))?;
    }
    Ok(())
}

/// Fails if `m` left foreign-key violations: deferred ones still pending
/// (SQLite would refuse the commit, naming no migration), or, when
/// enforcement is off, violations beyond those in `before`.
pub fn check_foreign_keys(
    conn: &Connection,
    m: &Migration,
    before: Option<&[Violation]>,
) -> Result<(), Error> {
    let new = match before {
        Some(before) => new_violations(before, &violations(conn)?),
        None if deferred_violations(conn) > 0 => violations(conn)?
            .into_iter()
            .map(|v| v.description)
            .collect(),
        None => return Ok(()),
    };
    if new.is_empty() {
        return Ok(());
    }
    Err(Error::ForeignKeyViolation {
        version: m.version(),
        name: m.name().to_string(),
        violations: crate::error::capped(new),
    })
}

/// How many deferred foreign-key violations the open transaction has.
fn deferred_violations(conn: &Connection) -> i32 {
    let (mut current, mut highwater) = (0, 0);
    // SAFETY: the handle is valid while `conn` is borrowed, and SQLite
    // only writes the two integers passed by pointer.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_db_status(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBSTATUS_DEFERRED_FKS,
            &mut current,
            &mut highwater,
            0,
        )
    };
    if rc == rusqlite::ffi::SQLITE_OK {
        current
    } else {
        0
    }
}
