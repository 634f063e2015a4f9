//! Databases migrated by refinery 0.10's runner at every version of the
//! test history, adopted by schemaguard with no `baseline`, reading
//! `refinery_schema_history`.

use refinery::{Runner, Target};
use schemaguard::rusqlite::Connection;
use schemaguard::{Error, Report, Schema};
use schemaguard_tools_tests::adoption::{FILES, check_adopted, check_disagreement};
use schemaguard_tools_tests::{fixture, temp_db};

static REFINERY: Schema =
    schemaguard::schema!(base = none, migrations = "../fixtures/evidence/refinery");

const HISTORY: (&str, &str) = ("refinery", "refinery_schema_history");

/// Runs refinery's runner on a new database at `path` up to file `files`.
fn migrated_by_refinery(path: &std::path::Path, files: usize) {
    let migrations = refinery::load_sql_migrations(fixture("refinery")).unwrap();
    let mut conn = Connection::open(path).unwrap();
    let target = REFINERY.migrations()[files].version() as i32;
    Runner::new(&migrations)
        .set_target(Target::Version(target))
        .run(&mut conn)
        .unwrap();
}

fn migrate(schema: &Schema, conn: &mut Connection) -> Result<Report, Error> {
    schema.migrate(conn)
}

#[test]
fn refinery_databases_are_adopted_at_every_version() {
    for files in 0..=FILES {
        let (_dir, path) = temp_db();
        migrated_by_refinery(&path, files);
        check_adopted(
            &REFINERY,
            &path,
            files,
            HISTORY,
            "DROP TABLE refinery_schema_history",
            migrate,
        );
    }
    let (_dir, path) = temp_db();
    migrated_by_refinery(&path, FILES);
    check_disagreement(&REFINERY, &path, HISTORY, migrate);
}
