//! Untracked databases detection must not guess about: a data migration
//! between indistinguishable versions (decided with `baseline`), a schema
//! no version has, and a stale object a pending migration would collide
//! with. Every refusal leaves the file as it was.

use std::path::Path;

use schemaguard::ObjectKind;
use schemaguard_tests::*;

/// `prices`; 001 adds `currency`, 002 an index, 003 is data only and not
/// rerunnable (`cents = cents * 100`), 004 a view.
static PRICES: Schema = schemaguard::schema!(
    base = "fixtures/prices/schema.sql",
    migrations = "fixtures/prices/migrations"
);

/// `events` with `idx_events_kind_at ON events(kind, at)` in the base
/// schema; 001 `sources`, 002 `events.source_id`, 003
/// `idx_events_source ON events(source_id, at)`.
static INDEX_ORDER: Schema = schemaguard::schema!(
    base = "fixtures/index_order/schema.sql",
    migrations = "fixtures/index_order/migrations"
);

/// Runs the SQL of `schema`'s first `files` files by hand, as a release
/// without schemaguard did: no tracking table.
fn untracked(path: &Path, schema: &Schema, files: usize) {
    let conn = open(path);
    for m in &schema.migrations()[..files] {
        conn.execute_batch(m.sql()).unwrap();
    }
}

/// Runs `f` on the (closed) database at `path`, expecting an error, and
/// checks that the file did not change.
fn refused<T: std::fmt::Debug>(
    path: &Path,
    f: impl FnOnce(&mut Connection) -> Result<T, Error>,
) -> Error {
    let before = bytes(path);
    let mut conn = open(path);
    let err = f(&mut conn).expect_err("must be refused");
    drop(conn);
    assert!(
        bytes(path) == before,
        "the refusal wrote to the file: {err}"
    );
    err
}

fn is_tracked(path: &Path) -> bool {
    objects(&open(path)).contains(&("table".into(), "schemaguard_migrations".into()))
}

fn cents(conn: &Connection) -> i64 {
    conn.query_row("SELECT cents FROM prices WHERE item = 'tea'", [], |r| {
        r.get(0)
    })
    .unwrap()
}

#[test]
fn a_data_migration_between_indistinguishable_versions_is_decided_by_baseline() {
    let (_dir, path) = temp_db();
    // Versions 2 and 3 have the same schema; the prices are in cents, so
    // 003 did run: running it again would multiply them by 100.
    untracked(&path, &PRICES, 3);
    open(&path)
        .execute_batch("INSERT INTO prices (item, cents) VALUES ('tea', 450)")
        .unwrap();

    let err = refused(&path, |conn| PRICES.migrate(conn));
    let Error::Ambiguous {
        from,
        to,
        migrations,
    } = &err
    else {
        panic!("expected Error::Ambiguous, got {err:?}")
    };
    assert_eq!((*from, *to), (2, 3));
    let ids: Vec<(u64, &str)> = migrations
        .iter()
        .map(|m| (m.version, m.name.as_str()))
        .collect();
    assert_eq!(ids, [(3, "whole_euros_to_cents")]);
    assert_eq!(
        migrations[0].to_string(),
        "migration 3 (whole_euros_to_cents)"
    );
    let text = err.to_string();
    assert!(
        text.contains("migration 3 (whole_euros_to_cents)")
            && text.contains("Schema::baseline(&mut conn, version)"),
        "{text}"
    );
    assert!(!is_tracked(&path));

    // A version this program does not have, a version the schema is not at.
    let err = refused(&path, |conn| PRICES.baseline(conn, 7));
    assert!(
        matches!(err, Error::NoSuchVersion { version: 7 }),
        "{err:?}"
    );
    let err = refused(&path, |conn| PRICES.baseline(conn, 4));
    let Error::BaselineMismatch {
        version,
        mismatches,
        ..
    } = &err
    else {
        panic!("expected Error::BaselineMismatch, got {err:?}")
    };
    assert_eq!(*version, 4);
    assert_eq!(mismatches.len(), 1, "{err}");
    let m = &mismatches[0];
    assert_eq!(
        (m.object.kind, m.object.name.as_str()),
        (ObjectKind::View, "price_list")
    );
    assert!(m.live.is_none() && m.expected.is_some(), "{err}");
    assert!(
        err.to_string()
            .contains("\n  - view price_list: missing, expected "),
        "{err}"
    );
    let err = refused(&path, |conn| PRICES.baseline(conn, 1));
    assert!(
        matches!(&err, Error::BaselineMismatch { version: 1, mismatches, .. }
            if mismatches.len() == 1
                && mismatches[0].object.kind == ObjectKind::Index
                && mismatches[0].object.name == "idx_prices_item"),
        "{err:?}"
    );
    assert!(!is_tracked(&path));

    // The operator knows: 003 ran.
    let mut conn = open(&path);
    let report = PRICES.baseline(&mut conn, 3).unwrap();
    assert_eq!(report.adopted(), 4, "{report}");
    assert_eq!(
        recorded(&conn),
        (0..=3)
            .map(|v| (v, "adopted".to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(cents(&conn), 450, "baseline runs nothing");

    let report = PRICES.migrate(&mut conn).unwrap();
    let actions: Vec<&str> = report.outcomes.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "already recorded",
            "already recorded",
            "already recorded",
            "already recorded",
            "applied"
        ]
    );
    assert_eq!(cents(&conn), 450, "003 ran again");
    assert!(PRICES.is_current(&conn).unwrap());
    drop(conn);

    let err = refused(&path, |conn| PRICES.baseline(conn, 3));
    assert!(matches!(err, Error::AlreadyTracked), "{err:?}");
}

#[test]
fn an_index_on_columns_in_another_order_is_undetectable() {
    let (_dir, path) = temp_db();
    untracked(&path, &INDEX_ORDER, 4);
    open(&path)
        .execute_batch(
            "DROP INDEX idx_events_kind_at;
             CREATE INDEX idx_events_kind_at ON events(at, kind);",
        )
        .unwrap();
    let err = refused(&path, |conn| INDEX_ORDER.migrate(conn));
    let Error::Undetectable { mismatches } = &err else {
        panic!("expected Error::Undetectable, got {err:?}")
    };
    // One object is off, named with its live form and the expected one,
    // and the migration that gives it that form.
    assert_eq!(mismatches.len(), 1, "{err}");
    let m = &mismatches[0];
    assert_eq!(
        (m.object.kind, m.object.name.as_str()),
        (ObjectKind::Index, "idx_events_kind_at")
    );
    assert_eq!(m.live.as_deref(), Some("ON events(at, kind)"), "{err}");
    let expected = m.expected.as_ref().expect("the version has the index");
    assert_eq!(expected.form, "ON events(kind, at)", "{err}");
    // The base schema creates it; the database is at the last version.
    assert_eq!(
        (
            expected.created_by.version,
            expected.created_by.name.as_str()
        ),
        (0, "schema")
    );
    assert_eq!(m.version, Some(3), "{err}");
    let line = format!(
        "\n  - index idx_events_kind_at: live ON events(at, kind), {} creates ON events(kind, at)",
        expected.created_by
    );
    assert!(err.to_string().contains(&line), "{err}");
    assert!(!is_tracked(&path));
}

#[test]
fn a_stale_object_that_a_pending_migration_creates_is_a_conflict() {
    let (_dir, path) = temp_db();
    // At version 2, plus an index named like the one 003 creates, on other
    // columns: 003 would fail halfway with "already exists".
    untracked(&path, &INDEX_ORDER, 3);
    open(&path)
        .execute_batch("CREATE INDEX idx_events_source ON events(at, source_id);")
        .unwrap();
    let err = refused(&path, |conn| INDEX_ORDER.migrate(conn));
    let Error::Conflict {
        version,
        name,
        object,
        live,
        ..
    } = &err
    else {
        panic!("expected Error::Conflict, got {err:?}")
    };
    assert_eq!((*version, name.as_str()), (3, "events_by_source"));
    assert_eq!(
        (object.kind, object.name.as_str()),
        (ObjectKind::Index, "idx_events_source")
    );
    assert!(live.contains("ON events(at, source_id)"), "{live}");
    assert!(
        err.to_string()
            .contains("migration 3 (events_by_source) creates it without dropping it first"),
        "{err}"
    );
    assert!(!is_tracked(&path));
}
