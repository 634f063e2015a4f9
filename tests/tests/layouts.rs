//! Other tools' layouts read in place, and `base = none`: one history (001
//! `users`, 002 `notes` and an index, 003 `users.name`) written as
//! schemaguard's, sqlx's, refinery's and diesel's files. Each migrates a
//! fresh database to the same schema, records the versions the file
//! names give (sqlx's and diesel's timestamps too), and adopts a database
//! the other tool had migrated, leaving the tool's history table alone.

use std::path::Path;

use schemaguard_tests::*;

static SCHEMAGUARD: Schema =
    schemaguard::schema!(base = none, migrations = "fixtures/layouts/schemaguard");
/// Detected: `.up.sql` files with their `.down.sql`, and a plain one.
static SQLX: Schema = schemaguard::schema!(base = none, migrations = "fixtures/layouts/sqlx");
static REFINERY: Schema = schemaguard::schema!(
    base = none,
    migrations = "fixtures/layouts/refinery",
    layout = "refinery"
);
/// Detected: `<timestamp>_<name>/up.sql` directories.
static DIESEL: Schema = schemaguard::schema!(base = none, migrations = "fixtures/layouts/diesel");

/// Each schema, the versions its files give, and the table the tool keeps
/// its own history in.
fn layouts() -> [(&'static str, &'static Schema, [i64; 3], &'static str); 4] {
    [
        ("schemaguard", &SCHEMAGUARD, [1, 2, 3], "schema_migrations"),
        (
            "sqlx",
            &SQLX,
            [20240101120000, 20240215093000, 20240301000000],
            "_sqlx_migrations",
        ),
        ("refinery", &REFINERY, [1, 2, 3], "refinery_schema_history"),
        (
            "diesel",
            &DIESEL,
            [20240101120000, 20240215093000, 20240301000000],
            "__diesel_schema_migrations",
        ),
    ]
}

/// Every application object with its SQL, sorted, for comparing schemas.
fn schema_sql(conn: &Connection) -> Vec<(String, String)> {
    let mut stmt = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema
             WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'schemaguard_%'
               AND name NOT LIKE '%migrations' AND name NOT LIKE '%history'
             ORDER BY name",
        )
        .unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn names(schema: &Schema) -> Vec<(u64, &str)> {
    schema
        .migrations()
        .iter()
        .map(|m| (m.version(), m.name()))
        .collect()
}

#[test]
fn each_layout_migrates_a_fresh_database_to_the_same_schema() {
    let mut schemas = Vec::new();
    for (layout, schema, versions, _) in layouts() {
        let got = names(schema);
        let expected: Vec<(u64, &str)> = [(0, "no_base_schema")]
            .into_iter()
            .chain(
                versions
                    .iter()
                    .map(|v| *v as u64)
                    .zip(["users", "notes", "user_names"]),
            )
            .collect();
        assert_eq!(got, expected, "{layout}");

        let (_dir, path) = temp_db();
        let mut conn = open(&path);
        let report = schema.migrate(&mut conn).unwrap();
        assert_eq!(report.applied(), 4, "{layout}: {report}");
        assert_eq!(report.version(), Some(versions[2] as u64), "{layout}");
        // The timestamps are stored as they are: SQLite INTEGERs.
        let mut rows = vec![(0, "applied".to_string())];
        rows.extend(versions.iter().map(|v| (*v, "applied".to_string())));
        assert_eq!(recorded(&conn), rows, "{layout}");
        assert!(schema.is_current(&conn).unwrap(), "{layout}");
        let status = schema.status(&conn).unwrap();
        assert!(
            status.migrations.iter().all(|m| m.state == State::Applied),
            "{layout}: {status:?}"
        );
        assert!(!status.has_drift(), "{layout}: {status:?}");
        // A second start-up has nothing to do.
        drop(conn);
        let mut conn = open(&path);
        assert!(schema.migrate(&mut conn).unwrap().is_noop(), "{layout}");
        schemas.push(schema_sql(&conn));
    }
    assert!(schemas.windows(2).all(|w| w[0] == w[1]), "{schemas:#?}");
    assert_eq!(schemas[0].len(), 3, "{:#?}", schemas[0]);
}

/// Runs the first `files` migrations by hand and writes a history table of
/// the tool's name, as a database that tool migrated has one.
fn migrated_by_the_other_tool(path: &Path, schema: &Schema, files: usize, history: &str) {
    let conn = open(path);
    conn.execute_batch(&format!(
        "CREATE TABLE {history} (version INTEGER PRIMARY KEY);"
    ))
    .unwrap();
    for m in &schema.migrations()[1..=files] {
        conn.execute_batch(m.sql()).unwrap();
        conn.execute(
            &format!("INSERT INTO {history} VALUES (?1)"),
            [m.version() as i64],
        )
        .unwrap();
    }
}

#[test]
fn a_database_the_other_tool_migrated_is_adopted_and_its_history_left_alone() {
    for (layout, schema, versions, history) in layouts() {
        let (_dir, path) = temp_db();
        migrated_by_the_other_tool(&path, schema, 2, history);
        let mut conn = open(&path);
        let before = schema.status(&conn).unwrap();
        assert!(!before.tracked);
        assert_eq!(
            printed(&before.unknown_objects),
            [format!("table {history}")],
            "{layout}"
        );

        let report = schema.migrate(&mut conn).unwrap();
        assert_eq!(
            report.detected,
            Some(versions[1] as u64),
            "{layout}: {report}"
        );
        assert_eq!(
            (report.adopted(), report.applied()),
            (3, 1),
            "{layout}: {report}"
        );
        assert_eq!(
            recorded(&conn),
            [
                (0, "adopted".to_string()),
                (versions[0], "adopted".to_string()),
                (versions[1], "adopted".to_string()),
                (versions[2], "applied".to_string()),
            ],
            "{layout}"
        );
        assert!(schema.is_current(&conn).unwrap(), "{layout}");
        // The tool's table is drift: kept, with its rows, and reported.
        let rows: i64 = conn
            .query_row(&format!("SELECT count(*) FROM {history}"), [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, 2, "{layout}");
        assert_eq!(
            printed(&schema.status(&conn).unwrap().unknown_objects),
            [format!("table {history}")]
        );
    }
}

#[test]
fn base_none_version_0_is_the_empty_schema() {
    // A database holding only a tool's empty history table: version 0.
    let (_dir, path) = temp_db();
    open(&path)
        .execute_batch("CREATE TABLE _sqlx_migrations (version INTEGER PRIMARY KEY);")
        .unwrap();
    let mut conn = open(&path);
    let report = SQLX.migrate(&mut conn).unwrap();
    assert_eq!(report.detected, Some(0), "{report}");
    assert_eq!((report.adopted(), report.applied()), (1, 3), "{report}");

    // The version-0 entry has no SQL and no file to read at run time.
    let base = &SQLX.migrations()[0];
    assert_eq!((base.version(), base.sql()), (0, ""));
    assert_eq!(base.file(), "(no base schema)");

    // A fresh database that stops before any migration: `baseline(0)`.
    let (_dir, path) = temp_db();
    open(&path)
        .execute_batch("CREATE TABLE app_settings (k, v);")
        .unwrap();
    let mut conn = open(&path);
    let report = REFINERY.baseline(&mut conn, 0).unwrap();
    assert_eq!(report.adopted(), 1, "{report}");
    let status = REFINERY.status(&conn).unwrap();
    let states: Vec<State> = status.migrations.iter().map(|m| m.state).collect();
    assert_eq!(
        states,
        [
            State::Adopted,
            State::Pending,
            State::Pending,
            State::Pending
        ]
    );
    assert!(!REFINERY.is_current(&conn).unwrap());
    let report = REFINERY.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), 3, "{report}");
    assert!(REFINERY.is_current(&conn).unwrap());
}
