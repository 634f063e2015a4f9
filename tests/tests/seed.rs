//! The three databases of the incident schemaguard was built for (v0.9,
//! v1.0 and the release whose base schema had caught up, "rc.1"), plus the
//! repair and refusal cases next to them: what `migrate` does to databases made by older releases.

use schemaguard::ObjectKind;
use schemaguard_tests::*;

fn has_index(conn: &Connection, name: &str) -> bool {
    objects(conn).contains(&("index".to_string(), name.to_string()))
}

#[test]
fn a_fresh_database_gets_every_migration() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(report.applied(), DEMO.migrations().len());
    assert_eq!(report.detected, None);
    let recorded = recorded(&conn);
    assert_eq!(recorded.len(), DEMO.migrations().len());
    assert!(recorded.iter().all(|(_, how)| how == "applied"));
    for index in [
        "idx_tokens_hash",
        "idx_tokens_me",
        "idx_tokens_expires",
        "idx_auth_codes_hash",
        "idx_auth_codes_expires",
    ] {
        assert!(has_index(&conn, index), "{index}");
    }
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn a_second_run_does_nothing() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    DEMO.migrate(&mut conn).unwrap();
    drop(conn);
    let before = bytes(&path);
    let mut conn = open(&path);
    let report = DEMO.migrate(&mut conn).unwrap();
    assert!(report.is_noop(), "{report}");
    assert_eq!(report.to_string(), "schema at version 4: up to date");
    drop(conn);
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_v0_9_database_is_detected_at_the_base_schema_and_upgraded() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(V0_9).unwrap();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(report.detected, Some(0), "{report}");
    assert_eq!(report.outcomes[0].action, Action::Adopted);
    assert!(
        report.outcomes[1..]
            .iter()
            .all(|s| s.action == Action::Applied),
        "{report}"
    );
    // Migration 002 replaced the plain-text tokens table; the notes stayed.
    let notes: i64 = conn
        .query_row("SELECT count(*) FROM notes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(notes, 2);
    let sessions: i64 = conn
        .query_row("SELECT count(*) FROM sessions", [], |r| r.get(0))
        .unwrap();
    assert_eq!(sessions, 1);
    assert!(has_index(&conn, "idx_tokens_hash"));
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn an_rc1_database_is_adopted_without_re_creating_its_indexes() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(RC1).unwrap();
    let index_row = |conn: &Connection| -> (i64, i64) {
        conn.query_row(
            "SELECT rowid, rootpage FROM sqlite_schema WHERE name = 'idx_tokens_hash'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    let before = index_row(&conn);
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(report.detected, Some(2), "{report}");
    let actions: Vec<&str> = report.outcomes.iter().map(|s| s.action.as_str()).collect();
    assert_eq!(
        actions,
        ["adopted", "adopted", "adopted", "applied", "applied"]
    );
    // The rc.1 index is the very same object: a dropped and re-created one
    // would have a new schema row.
    assert_eq!(index_row(&conn), before);
    let tokens: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tokens, 1);
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn an_rc1_database_missing_only_indexes_is_repaired() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    rc1_missing_token_indexes(&conn);
    let report = DEMO.migrate(&mut conn).unwrap();
    let step = &report.outcomes[2];
    let Action::Repaired { created } = &step.action else {
        panic!("{report}")
    };
    let mut created = created.clone();
    created.sort();
    assert_eq!(
        created,
        [
            "index idx_tokens_expires",
            "index idx_tokens_hash",
            "index idx_tokens_me"
        ]
    );
    assert_eq!(recorded(&conn)[2], (2, "repaired".to_string()));
    assert!(has_index(&conn, "idx_tokens_hash"));
    // The migration's other statements did not run: the rows are there.
    let tokens: i64 = conn
        .query_row("SELECT count(*) FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tokens, 1);
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn a_missing_base_schema_index_is_repaired() {
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(V0_9).unwrap();
    conn.execute_batch("DROP INDEX idx_sessions_expires; DROP TABLE tokens;")
        .unwrap();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(
        report.outcomes[0].action,
        Action::Repaired {
            created: vec!["index idx_sessions_expires".into()]
        },
        "{report}"
    );
    assert!(has_index(&conn, "idx_sessions_expires"));
    assert!(DEMO.is_current(&conn).unwrap());
}

#[test]
fn a_partial_database_that_cannot_be_repaired_is_refused_untouched() {
    let (_dir, path) = temp_db();
    let conn = open(&path);
    conn.execute_batch(RC1).unwrap();
    // Migration 002 half done: tokens is there, authorization_codes is not
    // (a table cannot be created safely by detection).
    conn.execute_batch("DROP TABLE authorization_codes;")
        .unwrap();
    drop(conn);
    let before = bytes(&path);
    let mut conn = open(&path);
    let err = DEMO.migrate(&mut conn).unwrap_err();
    let Error::Partial {
        version, missing, ..
    } = &err
    else {
        panic!("{err}")
    };
    assert_eq!(*version, 2);
    assert!(
        missing.iter().any(|m| m.object.kind == ObjectKind::Table
            && m.object.name == "authorization_codes"
            && m.live.is_none()),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("missing: table authorization_codes"),
        "{err}"
    );
    drop(conn);
    assert_eq!(bytes(&path), before);
}

#[test]
fn a_rerunnable_data_migration_decides_between_indistinguishable_versions() {
    // At version 3 or 4 the schema is the same (004 only updates rows); 004
    // is marked rerunnable, so detection takes 3 and runs 004 again.
    let (_dir, path) = temp_db();
    let mut conn = open(&path);
    conn.execute_batch(RC1).unwrap();
    conn.execute_batch(DEMO.migrations()[3].sql()).unwrap();
    conn.execute_batch("UPDATE tokens SET scope = 'create,update'")
        .unwrap();
    let report = DEMO.migrate(&mut conn).unwrap();
    assert_eq!(report.detected, Some(4), "{report}");
    assert_eq!(report.outcomes[3].action, Action::Adopted);
    assert_eq!(report.outcomes[4].action, Action::Applied);
    let scope: String = conn
        .query_row("SELECT scope FROM tokens", [], |r| r.get(0))
        .unwrap();
    assert_eq!(scope, "create update");
}
