//! Checks shared by the tests that adopt databases other migration tools
//! made (`tests/history_tables.rs` here, and `tools/`, whose tests run the
//! real sqlx, refinery and rusqlite_migration and include this file).
//!
//! The history under test is `fixtures/evidence/<layout>/`, with no base
//! schema: 1 `users`, 2 inserts the admin (data only), 3 adds
//! `users.name`, 4 multiplies every `credits` by 100 (data only, not safe
//! to run twice), 5 inserts the support account (data only), 6 a unique
//! index on `email`. The schema alone tells only the empty schema, 1–2,
//! 3–5 and 6 apart.

use std::path::Path;

use schemaguard::rusqlite::Connection;
use schemaguard::{Error, ForeignHistory, Report, Schema};

/// How many migration files the history has.
pub const FILES: usize = 6;

/// The files after which the schema alone cannot tell the version: the
/// data-only migrations 2, 4 and 5, and the ones just before them.
pub const AMBIGUOUS: [usize; 5] = [1, 2, 3, 4, 5];

/// Every row of `users`, in order, as `(email, credits, name)`.
pub fn users(conn: &Connection) -> Vec<(String, i64, Option<String>)> {
    let mut statement = conn
        .prepare("SELECT email, credits, name FROM users ORDER BY id")
        .expect("users has a name column at the last version");
    statement
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// What every run of the whole history leaves in `users`.
pub fn expected_users() -> Vec<(String, i64, Option<String>)> {
    vec![
        ("admin@example.com".into(), 1000, None),
        ("support@example.com".into(), 0, Some("Support".into())),
    ]
}

/// Every row of `table` (or the value of `PRAGMA user_version`), as text:
/// to check that the other tool's history is left as it was.
pub fn dump(conn: &Connection, table: &str) -> Vec<String> {
    let sql = match table {
        "PRAGMA user_version" => "PRAGMA user_version".to_string(),
        t => format!("SELECT * FROM \"{t}\""),
    };
    let mut statement = conn.prepare(&sql).unwrap();
    let columns = statement.column_count();
    statement
        .query_map([], |r| {
            (0..columns)
                .map(|i| r.get_ref(i).map(|v| format!("{v:?}")))
                .collect::<Result<Vec<_>, _>>()
                .map(|v| v.join("|"))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Whether schemaguard's tracking table exists.
pub fn is_tracked(conn: &Connection) -> bool {
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE name = 'schemaguard_migrations'",
        [],
        |r| r.get::<_, i64>(0),
    )
    .unwrap()
        == 1
}

/// The database at `path`, made by another tool that ran the first
/// `files` migrations and recorded them in `table`:
/// * without that history (a copy with `forget` run on it, migrated with
///   plain `migrate`), schemaguard refuses exactly where the schema
///   cannot tell (`AMBIGUOUS`);
/// * with it, `migrate` (through `run`) adopts files 0 ..= `files` and
///   applies the rest, with no `baseline`; the data is what a run of the
///   whole history gives (no data migration skipped or run twice); the
///   report names the history; the history is left as it was.
pub fn check_adopted(
    schema: &Schema,
    path: &Path,
    files: usize,
    (tool, table): (&str, &str),
    forget: &str,
    run: impl Fn(&Schema, &mut Connection) -> Result<Report, Error>,
) {
    let copy = path.with_extension("without-history.db");
    std::fs::copy(path, &copy).unwrap();
    let mut conn = Connection::open(&copy).unwrap();
    conn.execute_batch(forget).unwrap();
    let schema_only = schema.migrate(&mut conn);
    if AMBIGUOUS.contains(&files) {
        assert!(
            matches!(schema_only, Err(Error::Ambiguous { .. })),
            "{tool} at file {files}, history dropped: {schema_only:?}"
        );
    } else {
        assert!(
            schema_only.is_ok(),
            "{tool} at file {files}: {schema_only:?}"
        );
    }
    drop(conn);

    let mut conn = Connection::open(path).unwrap();
    let before = dump(&conn, table);
    let report = run(schema, &mut conn).unwrap_or_else(|e| panic!("{tool} at file {files}: {e}"));
    let at = |i: usize| schema.migrations()[i].version();
    assert_eq!(
        report
            .history
            .as_ref()
            .map(|h: &ForeignHistory| (h.tool, h.table)),
        Some((tool, table)),
        "{report}"
    );
    assert_eq!(
        report.detected,
        Some(at(files)),
        "{tool} at file {files}: {report}"
    );
    assert_eq!(
        (report.adopted(), report.applied()),
        (files + 1, FILES - files),
        "{tool} at file {files}: {report}"
    );
    assert_eq!(users(&conn), expected_users(), "{tool} at file {files}");
    assert!(schema.is_current(&conn).unwrap());
    assert_eq!(
        dump(&conn, table),
        before,
        "{tool}'s history is left as it was"
    );
}

/// The database at `path`, made by another tool that ran every file and
/// recorded it, then lost the index of file 6 (a restored schema, a hand
/// edit): the history says 6, the schema 3 to 5. Refused with both, and
/// nothing written.
pub fn check_disagreement(
    schema: &Schema,
    path: &Path,
    (tool, table): (&str, &str),
    run: impl Fn(&Schema, &mut Connection) -> Result<Report, Error>,
) {
    let mut conn = Connection::open(path).unwrap();
    conn.execute_batch("DROP INDEX users_email").unwrap();
    let before = dump(&conn, "users");
    let err = run(schema, &mut conn).unwrap_err();
    let at = |i: usize| schema.migrations()[i].version();
    let Error::HistoryDisagrees {
        tool: t,
        table: n,
        recorded,
        schema_from,
        schema_to,
        ..
    } = &err
    else {
        panic!("{tool}: expected Error::HistoryDisagrees, got {err:?}")
    };
    assert_eq!((*t, *n), (tool, table));
    assert_eq!(
        (*recorded, *schema_from, *schema_to),
        (Some(at(6)), at(3), at(5)),
        "{err}"
    );
    let text = err.to_string();
    assert!(
        text.contains(&format!("migration {} was the last to run", at(6)))
            && text.contains(&format!("one of versions {} to {}", at(3), at(5))),
        "{text}"
    );
    assert!(!is_tracked(&conn), "nothing written");
    assert_eq!(dump(&conn, "users"), before);
}
