//! Regressions found by the cargo-fuzz targets in `fuzz/` (see
//! `fuzz/README.md`), each with its minimised input.
//!
//! A new finding goes in as a test marked `#[ignore = "bug: <one line>"]`
//! (and, if the fuzzer would keep hitting it, a skip in `fuzz/src/lib.rs`)
//! until the fix lands; then the `ignore` and the skip go. Run the ignored
//! ones with `cargo test -p schemaguard-core --test fuzz_regressions -- --ignored`.
//!
//! Bugs 1–3 below were fixed in 32a125e; their tests now run.

use std::time::Duration;

use schemaguard_core::analysis::{Analysis, Options, analyse_files};
use schemaguard_core::sql::normalize::form_text;
use schemaguard_core::sql::split::Script;

/// The base schema and migrations `1..` as in-memory files, analysed with
/// the short statement timeout the fuzz target uses.
fn analyse(base: &str, migrations: &[&str]) -> Analysis {
    let numbered: Vec<(u64, &str)> = migrations
        .iter()
        .enumerate()
        .map(|(i, sql)| (i as u64 + 1, *sql))
        .collect();
    let files = schemaguard_core::files::in_memory(base, &numbered);
    let options = Options {
        statement_timeout: Duration::from_millis(200),
    };
    analyse_files(files, &[], options)
}

/// Every diagnostic rendered.
fn rendered(analysis: &Analysis) -> Vec<String> {
    let sources = analysis.sources();
    analysis
        .diagnostics
        .iter()
        .map(|d| d.render(&sources))
        .collect()
}

fn form(sql: &str) -> String {
    form_text(&Script::parse(sql).tokens, sql)
}

// ---------------------------------------------------------------------------
// Bug 1: `normalize::ends_with_keyword` slices inside a multi-byte character
// (fuzz target `split`; also reached through `analysis`).
//
// `join` asks `ends_with_keyword(out)` before gluing a `(` to a word that
// ends in an ASCII letter, digit or `_`. It finds the word's start with
// `text.rfind(|c| !(c.is_ascii_alphanumeric() || c == '_')) + 1`: `rfind`
// returns the byte index where that character *starts*, so when it is
// non-ASCII, `+ 1` lands inside it and `&text[word_start..]` panics. Any
// bare word that mixes non-ASCII and ASCII before a `(` does it:
// `größe(1)`, `éa(`, `tëst(a)`. Through the analysis: the snapshot after
// each file describes the new objects with `form_text`, so a view or
// trigger that calls such a function or names such a table with a column
// list panics the proc macro.
// ---------------------------------------------------------------------------

#[test]
fn form_text_non_ascii_word_before_paren() {
    // Minimised by the `split` target: 4 bytes.
    assert_eq!(form("éa("), "éa(");
    assert_eq!(form("SELECT größe(1)"), "SELECT größe(1)");
}

#[test]
fn analysis_view_calling_a_non_ascii_function() {
    let analysis = analyse("CREATE VIEW v AS SELECT größe(1);", &[]);
    for text in rendered(&analysis) {
        assert!(text.contains("help:"), "{text}");
    }
}

#[test]
fn analysis_trigger_inserting_into_a_non_ascii_table() {
    let analysis = analyse(
        "CREATE TABLE t(a);\nCREATE TRIGGER tr AFTER INSERT ON t BEGIN INSERT INTO tëst(a) VALUES (1); END;",
        &[],
    );
    for text in rendered(&analysis) {
        assert!(text.contains("help:"), "{text}");
    }
}

// ---------------------------------------------------------------------------
// Bug 2: after a statement times out, the schema snapshot is interrupted
// too (the `analysis` target's "no internal error" check; found while
// writing it, then confirmed with this input).
//
// `Replay::statement` moves the progress handler's deadline to "now +
// timeout" before each statement and never moves it back. When the last
// statement of a file is stopped by the timeout, the deadline stays in the
// past, and `HistoryBuilder::record` (and `Replay::sync`, which ignores the
// error) then query the same connection under the same progress handler:
// as soon as one of those queries crosses a multiple of 10 000 VM steps
// (the handler's period; the counters of cached statements add up across
// runs), SQLite interrupts it and the analysis reports "cannot read the
// schema after …: interrupted … this is a bug in schemaguard", on top of
// the real timeout error, and that file's snapshot is left incomplete.
// A table of ~600 columns makes one `pragma_table_xinfo` long enough.
// ---------------------------------------------------------------------------

#[test]
fn snapshot_after_a_timeout_is_not_interrupted() {
    let columns: Vec<String> = (0..1000).map(|i| format!("c{i}")).collect();
    let base = format!(
        "CREATE TABLE t({});\nWITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT count(*) FROM r;",
        columns.join(",")
    );
    let analysis = analyse(&base, &[]);
    let texts = rendered(&analysis);
    assert!(
        texts
            .iter()
            .any(|t| t.contains("did not finish within 200 ms")),
        "{texts:#?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("this is a bug in schemaguard")),
        "{texts:#?}"
    );
}

// ---------------------------------------------------------------------------
// Bug 3: a statement that rolls back the file's transaction leaves the
// replay going on as if the file's earlier statements had run (found while
// root-causing bug 2, by review; the fuzz targets' checks cannot see it,
// since every diagnostic is well formed).
//
// Since the replay runs each file in a transaction (`Replay::file`: BEGIN …
// COMMIT), a statement whose failure rolls the whole transaction back
// (`INSERT OR ROLLBACK`, `UPDATE OR ROLLBACK`, `RAISE(ROLLBACK, …)` in a
// trigger, or an INSERT/UPDATE/DELETE stopped by the timeout: SQLite rolls
// back the transaction on SQLITE_INTERRUPT) undoes every earlier statement
// of the file. The replay reports that statement's error, but then keeps
// its catalog as if those statements had taken effect and runs the rest of
// the file in autocommit mode (`commit` is skipped since `is_autocommit()`
// is true again). Everything the file created is gone, so every later use
// fails with an echo that blames an innocent statement, in this file or a
// later migration: here "no such table: main.t" on migration 001's index.
// ---------------------------------------------------------------------------

#[test]
fn rollback_of_the_file_transaction_is_not_echoed() {
    let analysis = analyse(
        "CREATE TABLE t(a UNIQUE);\nINSERT OR ROLLBACK INTO t VALUES (1), (1);",
        &["CREATE INDEX i ON t(a);"],
    );
    let texts = rendered(&analysis);
    assert!(
        texts[0].contains("UNIQUE constraint failed: t.a"),
        "{texts:#?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("no such table")),
        "{texts:#?}"
    );
}

/// The other ways bug 3 happened: `RAISE(ROLLBACK, …)` in a trigger, and an
/// INSERT stopped by the timeout (SQLite rolls back on SQLITE_INTERRUPT).
#[test]
fn other_rollbacks_of_the_file_transaction_are_not_echoed() {
    for (base, first) in [
        (
            "CREATE TABLE t(a);\nCREATE TABLE u(b);\nCREATE TRIGGER tr AFTER INSERT ON u BEGIN SELECT RAISE(ROLLBACK, 'no'); END;\nINSERT INTO u VALUES (1);\nCREATE INDEX i0 ON t(a);",
            "rejects the base schema: no",
        ),
        (
            "CREATE TABLE t(a);\nINSERT INTO t WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM r) SELECT x FROM r;\nCREATE INDEX i0 ON t(a);",
            "did not finish within 200 ms",
        ),
    ] {
        let analysis = analyse(base, &["CREATE INDEX i ON t(a);"]);
        let texts = rendered(&analysis);
        assert_eq!(texts.len(), 1, "{base}: {texts:#?}");
        assert!(texts[0].contains(first), "{base}: {texts:#?}");
    }
}
