//! Databases migrated by sqlx 0.9's own migrator (`Migrator::run_to`) at
//! every version of the test history, adopted by schemaguard with no
//! `baseline`, reading `_sqlx_migrations`; and its checksums compared.

use schemaguard::rusqlite::Connection;
use schemaguard::{Error, Report, Schema};
use schemaguard_tools_tests::adoption::{FILES, check_adopted, check_disagreement};
use schemaguard_tools_tests::{fixture, temp_db};
use sqlx::migrate::Migrator;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection as _};

static SQLX: Schema = schemaguard::schema!(base = none, migrations = "../fixtures/evidence/sqlx");

const HISTORY: (&str, &str) = ("sqlx", "_sqlx_migrations");

/// Runs sqlx's migrator on a new database at `path` up to file `files`.
fn migrated_by_sqlx(path: &std::path::Path, files: usize) {
    let target = SQLX.migrations()[files].version() as i64;
    tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap()
        .block_on(async {
            let mut conn = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .connect()
                .await
                .unwrap();
            let migrator = Migrator::new(fixture("sqlx")).await.unwrap();
            migrator.run_to(target, &mut conn).await.unwrap();
            conn.close().await.unwrap();
        });
}

fn migrate(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    schema.migrate(conn)
}

#[test]
fn sqlx_databases_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        migrated_by_sqlx(&path, files);
        check_adopted(
            &SQLX,
            &path,
            files,
            HISTORY,
            "DROP TABLE _sqlx_migrations",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    migrated_by_sqlx(&path, FILES);
    check_disagreement(&SQLX, &path, HISTORY, migrate);
}

#[test]
fn a_migration_edited_after_sqlx_ran_it_is_refused() {
    // sqlx recorded the file as it was; the checksum in its table is now
    // that of other text.
    let (_dir, path) = temp_db();
    migrated_by_sqlx(&path, 4);
    let mut conn = Connection::open(&path).unwrap();
    let version = SQLX.migrations()[4].version();
    conn.execute(
        "UPDATE _sqlx_migrations SET checksum = zeroblob(48) WHERE version = ?1",
        [version as i64],
    )
    .unwrap();
    let err = SQLX.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::HistoryModified { version: v, name, .. }
            if *v == version && name == "credits_to_cents"),
        "{err:?}"
    );
    assert!(
        err.to_string()
            .contains("was edited after `_sqlx_migrations` (sqlx) recorded it")
    );
}

#[test]
fn a_failed_sqlx_migration_is_refused_by_name() {
    let (_dir, path) = temp_db();
    migrated_by_sqlx(&path, 2);
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch("UPDATE _sqlx_migrations SET success = 0 WHERE version = 20240102120000")
        .unwrap();
    let err = SQLX.migrate(&mut conn).unwrap_err();
    assert!(
        matches!(&err, Error::HistoryFailed { version: 20240102120000, name, .. } if name == "admin"),
        "{err:?}"
    );
}
