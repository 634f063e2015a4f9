//! Rule 6, transactions: the base schema and every migration run inside a
//! transaction, so statements that end it, or that cannot take effect inside
//! one, are errors unless the file says `-- schemaguard: no-transaction`.

use super::Site;
use crate::diagnostic::Diagnostic;
use crate::files::SqlFile;
use crate::source::FileId;
use crate::sql::header::Header;
use crate::sql::split::Script;

/// Pragmas that are no-ops (or errors) inside a transaction.
const OUTSIDE_ONLY: [&str; 7] = [
    "foreign_keys",
    "journal_mode",
    "locking_mode",
    "page_size",
    "auto_vacuum",
    "encoding",
    "wal_checkpoint",
];

/// Checks one statement.
pub fn check(header: &Header, site: &Site<'_>) -> Option<Diagnostic> {
    if site.directives.no_transaction {
        return None;
    }
    let here = site.describe(site.file);
    let statement = &site.current().source.text[site.statement.clone()];
    let first_line = statement
        .lines()
        .next()
        .unwrap_or("")
        .trim_end_matches(';')
        .trim();
    let opt_out = "or, if it must manage its own transactions, add `-- schemaguard: no-transaction` at the top of the file";
    let (title, help) = match header {
        Header::Transaction => (
            format!("`{first_line}` in {here}: schemaguard runs it inside a transaction"),
            format!("remove it: schemaguard begins and commits the transaction itself; {opt_out}"),
        ),
        Header::Pragma(p) if p.name == "foreign_keys" && p.sets => (
            format!("`PRAGMA foreign_keys` does nothing inside the transaction {here} runs in"),
            "remove it and put `-- schemaguard: foreign-keys-off` at the top of the file: schemaguard then turns enforcement off before the transaction, checks `PRAGMA foreign_key_check` before COMMIT, and restores the setting".to_string(),
        ),
        Header::Pragma(p) if p.sets && OUTSIDE_ONLY.contains(&p.name.as_str()) => (
            format!("`PRAGMA {}` cannot take effect inside the transaction {here} runs in", p.name),
            format!("set it on the connection before migrating; {opt_out}"),
        ),
        Header::Vacuum => (
            format!("`VACUUM` cannot run inside the transaction {here} runs in"),
            format!("run it from the application after migrating; {opt_out}"),
        ),
        Header::Attach => (
            format!("`{first_line}` cannot run inside the transaction {here} runs in"),
            format!("attach databases on the connection before migrating; {opt_out}"),
        ),
        _ => return None,
    };
    let start = site.statement.start;
    let head = start..start + first_line.len();
    Some(
        site.error(title, help)
            .label(site.file, head, "inside the migration's transaction"),
    )
}

/// A `no-transaction` file that begins a transaction must end it: at run
/// time, the next migration could not begin its own.
pub fn left_open(files: &[SqlFile], id: FileId, script: &Script) -> Diagnostic {
    let file = &files[id];
    Diagnostic::new(
        file.anchor(),
        format!("{} leaves a transaction open", file.describe()),
        "end the transaction it begins with COMMIT (or ROLLBACK)",
    )
    .label(
        id,
        script.last_statement(),
        "still inside the transaction after this statement",
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, titles};

    #[test]
    fn foreign_keys_pragma_points_to_the_directive() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(4, "PRAGMA foreign_keys = OFF;\nDROP TABLE t;")],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "`PRAGMA foreign_keys` does nothing inside the transaction migration 004 runs in"
        );
        assert!(text.contains("-- schemaguard: foreign-keys-off"), "{text}");
    }

    #[test]
    fn a_reported_foreign_keys_pragma_adds_no_echoes() {
        // The rebuild below cascades into `child` (or fails) with enforcement
        // on; the replay follows the author's intent, so only the two
        // PRAGMA lines are reported.
        let a = run(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE child (pid INTEGER REFERENCES p(id));\nINSERT INTO p VALUES (1);\nINSERT INTO child VALUES (1);",
            &[(
                1,
                "PRAGMA foreign_keys = OFF;\nCREATE TABLE p_new (id INTEGER PRIMARY KEY, name TEXT);\nINSERT INTO p_new (id) SELECT id FROM p;\nDROP TABLE p;\nALTER TABLE p_new RENAME TO p;\nPRAGMA foreign_keys = ON;",
            )],
        );
        assert_eq!(
            titles(&a),
            [
                "`PRAGMA foreign_keys` does nothing inside the transaction migration 001 runs in",
                "`PRAGMA foreign_keys` does nothing inside the transaction migration 001 runs in",
            ]
        );
    }

    #[test]
    fn a_no_transaction_file_must_end_what_it_begins() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(
                1,
                "-- schemaguard: no-transaction\nBEGIN;\nINSERT INTO t VALUES (1);",
            )],
        );
        assert_eq!(titles(&a), ["migration 001 leaves a transaction open"]);
    }

    #[test]
    fn enforcement_is_back_on_after_a_no_transaction_file() {
        // 001 turns foreign keys off for itself; 002 must still be checked
        // with them on, as it runs at run time.
        let a = run(
            "CREATE TABLE p (id INTEGER PRIMARY KEY);\nCREATE TABLE c (p INTEGER REFERENCES p(id));",
            &[
                (
                    1,
                    "-- schemaguard: no-transaction\nPRAGMA foreign_keys = OFF;",
                ),
                (2, "INSERT INTO c VALUES (42);"),
            ],
        );
        assert_eq!(
            titles(&a),
            [format!(
                "SQLite {} rejects migration 002: FOREIGN KEY constraint failed",
                rusqlite::version()
            )]
        );
    }

    #[test]
    fn transaction_control_and_vacuum() {
        let a = run(
            "",
            &[(
                1,
                "BEGIN;\nCREATE TABLE t (a);\nCOMMIT;\nVACUUM;\nPRAGMA journal_mode = WAL;\nATTACH 'x.db' AS x;",
            )],
        );
        assert_eq!(
            titles(&a),
            [
                "`BEGIN` in migration 001: schemaguard runs it inside a transaction",
                "`COMMIT` in migration 001: schemaguard runs it inside a transaction",
                "`VACUUM` cannot run inside the transaction migration 001 runs in",
                "`PRAGMA journal_mode` cannot take effect inside the transaction migration 001 runs in",
                "`ATTACH 'x.db' AS x` cannot run inside the transaction migration 001 runs in",
            ]
        );
    }

    #[test]
    fn allowed_inside_a_transaction() {
        let a = run(
            "",
            &[(
                1,
                "CREATE TABLE t (a);\nSAVEPOINT s;\nINSERT INTO t VALUES (1);\nRELEASE s;\nPRAGMA user_version = 3;\nPRAGMA foreign_keys;\nPRAGMA defer_foreign_keys = ON;",
            )],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn compiling_never_writes_files() {
        let dir = std::env::temp_dir().join(format!("schemaguard-attach-{}", std::process::id()));
        let attached = dir.join("other.db");
        let vacuumed = dir.join("copy.db");
        std::fs::create_dir_all(&dir).unwrap();
        let sql = format!(
            "-- schemaguard: no-transaction\nATTACH '{}' AS other;\nCREATE TABLE other.t (a);\nDETACH other;\nVACUUM INTO '{}';",
            attached.display(),
            vacuumed.display()
        );
        let a = run("CREATE TABLE t (a);", &[(1, &sql)]);
        let wrote = (attached.exists(), vacuumed.exists());
        std::fs::remove_dir_all(&dir).ok();
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
        assert_eq!(wrote, (false, false), "the replay wrote files");
    }

    #[test]
    fn no_transaction_opts_out() {
        let a = run(
            "",
            &[(
                1,
                "-- schemaguard: no-transaction\nPRAGMA foreign_keys = OFF;\nVACUUM;",
            )],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn every_spelling_of_transaction_control() {
        let a = run(
            "",
            &[(
                1,
                "BEGIN IMMEDIATE TRANSACTION;\nCREATE TABLE t (a);\nEND;\nbegin;\nROLLBACK;",
            )],
        );
        assert_eq!(titles(&a).len(), 4, "{:#?}", titles(&a));
        assert!(
            titles(&a)
                .iter()
                .all(|t| t.ends_with("in migration 001: schemaguard runs it inside a transaction")),
            "{:#?}",
            titles(&a)
        );
    }
}
