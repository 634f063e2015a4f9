//! Rule 4, replay: when SQLite rejects a statement, report SQLite's own
//! message at the failing token, with a `help:` for the common causes.

use std::ops::Range;
use std::time::Duration;

use rusqlite::Connection;

use super::{Site, functions, quoted};
use crate::catalog::{Catalog, Origin};
use crate::diagnostic::Diagnostic;
use crate::failure::Failure;
use crate::files::SqlFile;
use crate::introspect::schema_rows;
use crate::object::{Namespace, ObjectKind};
use crate::source::FileId;
use crate::sql::lexer::Token;
use crate::sql::name::{is_name_token, key, quote_identifier, unquote};
use crate::sql::split::{Script, Statement};

/// Replaces the version that messages give for SQLite. The UI tests set it
/// so their snapshots do not change with every rusqlite upgrade;
/// applications never need it.
pub const VERSION_OVERRIDE: &str = "SCHEMAGUARD_SQLITE_VERSION";

/// "SQLite 3.54.1": which SQLite gave a verdict. The replay links the same
/// SQLite as the application (one build holds one `libsqlite3-sys`), so
/// upgrading rusqlite can change what compiles, and the message says so.
pub fn sqlite() -> String {
    let version = std::env::var(VERSION_OVERRIDE)
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| rusqlite::version().to_string());
    format!("SQLite {version}")
}

/// The diagnostic for `failure`. `created_later` says which later file, if
/// any, creates a name, for "no such table" in a migration that runs too
/// early; `declared` are the functions `functions = [...]` declares.
pub fn diagnose(
    site: &Site<'_>,
    statement: &Statement,
    tokens: &[Token],
    failure: &Failure,
    created_later: impl Fn(&str) -> Option<FileId>,
    declared: &[String],
) -> Diagnostic {
    let text = &site.current().source.text;
    let message = &failure.message;
    let named = named_token(tokens, text, failure).filter(|_| failure.offset.is_none());
    let span = match failure.offset {
        Some(o) => {
            let at = statement.span.start + o;
            let rest = Script::parse(&text[at.min(text.len())..]);
            let len = rest
                .tokens
                .first()
                .filter(|t| t.start == 0)
                .map_or(1, |t| t.end);
            at..at + len
        }
        // SQLite gives no offset for most "no such …" errors: point at the
        // first mention of the name, else at the statement's first line.
        None => named.map(|t| t.span()).unwrap_or_else(|| {
            let end = text[statement.span.clone()]
                .find('\n')
                .map_or(statement.span.end, |n| statement.span.start + n);
            statement.span.start..end
        }),
    };
    let order = "the replay runs the base schema, then every migration in version order, on an empty database";
    let mut note = None;
    let help = if let Some(name) = message.strip_prefix("no such function: ") {
        let missing = functions::missing_functions(&[name], declared);
        note = missing.note;
        missing.help
    } else if message.contains("syntax error") || message.starts_with("unrecognized token") {
        "fix the SQL at the marked token".to_string()
    } else if let Some(module) = message.strip_prefix("no such module: ") {
        format!(
            "the compile-time replay has SQLite's built-in modules only (FTS3/4/5, R*Tree, JSON): `{module}` comes from an extension and cannot be checked at compile time"
        )
    } else if let Some(name) = failure.missing_name() {
        match created_later(name) {
            Some(later) => format!(
                "`{name}` is created by {}, which runs after {}: move this statement into a later migration, or renumber",
                site.describe(later),
                site.describe(site.file)
            ),
            None => format!(
                "{order}: `{name}` does not exist at this point (was it dropped, renamed, or misspelt?)"
            ),
        }
    } else {
        format!("{order}: this statement must succeed at this point")
    };
    let label = match (failure.offset, named) {
        (Some(_), _) => "SQLite stops here",
        (None, Some(_)) => "not found at this point",
        (None, None) => "this statement fails",
    };
    let d = site
        .error(
            format!(
                "{} rejects {}: {message}",
                sqlite(),
                site.describe(site.file)
            ),
            help,
        )
        .label(site.file, span, label);
    match note {
        Some(note) => d.note(note),
        None => d,
    }
}

/// The first token of the statement that spells the name SQLite complains about.
fn named_token<'t>(tokens: &'t [Token], text: &str, failure: &Failure) -> Option<&'t Token> {
    let name = failure
        .missing_name()
        .or_else(|| failure.message.strip_prefix("no such function: "))?;
    let wanted = key(name);
    tokens
        .iter()
        .find(|t| is_name_token(t) && key(&unquote(t.text(text))) == wanted)
}

/// A statement stopped by the replay's time limit.
pub fn timeout(site: &Site<'_>, statement: &Statement, limit: Duration) -> Diagnostic {
    site.error(
        format!(
            "{} did not finish within {} in the compile-time replay",
            site.describe(site.file),
            if limit.as_secs() > 0 {
                format!("{} s", limit.as_secs())
            } else {
                format!("{} ms", limit.as_millis())
            }
        ),
        "the replay runs on an empty database, so this is a loop: look for a recursive CTE without a bound",
    )
    .label(site.file, statement.span.clone(), "still running when stopped")
}

/// A file whose transaction SQLite refuses to commit: a deferred foreign
/// key still violated, reported at the file's last statement.
pub fn commit_failure(
    files: &[SqlFile],
    id: FileId,
    script: &Script,
    error: &rusqlite::Error,
) -> Diagnostic {
    let file = &files[id];
    Diagnostic::new(
        file.anchor(),
        format!("{} rejects {} when it commits: {error}", sqlite(), file.describe()),
        "a deferred foreign key (`DEFERRABLE INITIALLY DEFERRED` or `PRAGMA defer_foreign_keys`) is still violated at the end of the migration's transaction: insert the missing parent rows, or fix the references, before the migration ends",
    )
    .label(
        id,
        script.last_statement(),
        "the transaction commits after this statement",
    )
}

/// How many calls an error about view functions shows; the rest are counted.
const SHOWN_CALLS: usize = 8;

/// How many views an error title names; the rest are counted.
const SHOWN_VIEWS: usize = 5;

/// A function the replay does not have, and the view whose query found it.
struct MissingFunction<'r> {
    name: String,
    view: &'r str,
    origin: &'r Origin,
}

/// SQLite resolves a view's columns and functions only when the view is
/// used: query every view once the last file ran, so a view that can never
/// work is found. A function the replay does not have gets a stand-in and
/// the view is queried again, so one build names every such function, in
/// one error with rule 7's help, and still finds the view's other faults.
/// `declared` are the functions `functions = [...]` declares.
pub fn check_views(
    conn: &Connection,
    catalog: &Catalog,
    files: &[SqlFile],
    declared: &[String],
) -> Vec<Diagnostic> {
    let Ok(rows) = schema_rows(conn) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    let mut missing: Vec<MissingFunction<'_>> = Vec::new();
    let mut views: Vec<(&str, &Origin)> = Vec::new();
    for row in rows.iter().filter(|r| r.kind == ObjectKind::View) {
        let Some(entry) = catalog.get(Namespace::Relations, &key(&row.name)) else {
            continue;
        };
        views.push((&row.name, &entry.origin));
        let sql = format!("SELECT * FROM main.{} LIMIT 0", quote_identifier(&row.name));
        // SQLite names one missing function per attempt. A name seen
        // before means its stand-in did not take: then the view's error is
        // reported as SQLite gives it. The bound is only a second guard.
        for _ in 0..100 {
            let Err(e) = conn.prepare(&sql) else {
                break;
            };
            let failure = Failure::of(&e);
            if let Some(name) = failure.message.strip_prefix("no such function: ")
                && !missing.iter().any(|m| key(&m.name) == key(name))
                && functions::stand_in(conn, name).is_ok()
            {
                missing.push(MissingFunction {
                    name: name.to_string(),
                    view: &row.name,
                    origin: &entry.origin,
                });
                continue;
            }
            found.push(unqueryable_view(&row.name, &entry.origin, files, &failure));
            break;
        }
    }
    if !missing.is_empty() {
        found.insert(0, missing_view_functions(&missing, &views, files, declared));
    }
    found
}

/// A view SQLite cannot query, for a reason other than a missing function.
fn unqueryable_view(
    view: &str,
    origin: &Origin,
    files: &[SqlFile],
    failure: &Failure,
) -> Diagnostic {
    let file = &files[origin.file];
    Diagnostic::new(
        file.anchor(),
        format!(
            "{} cannot query view `{view}` once every migration ran: {}",
            sqlite(),
            failure.message
        ),
        "SQLite checks a view's columns only when it is used: make its SELECT match the tables as the last migration leaves them",
    )
    .label(
        origin.file,
        origin.span.clone(),
        format!("{} creates the view here", file.describe()),
    )
}

/// A call of a function in a view's `CREATE VIEW`: the view, where, which.
type Call<'r> = (&'r str, FileId, Range<usize>, String);

/// One error for every function the views call that the replay lacks,
/// shown at each call in a view's SQL.
fn missing_view_functions(
    missing: &[MissingFunction<'_>],
    views: &[(&str, &Origin)],
    files: &[SqlFile],
    declared: &[String],
) -> Diagnostic {
    let keys: Vec<String> = missing.iter().map(|m| key(&m.name)).collect();
    let mut calls: Vec<Call<'_>> = views
        .iter()
        .flat_map(|&(view, origin)| calls_in(view, origin, files, &keys))
        .collect();
    // A view's origin is not always its `CREATE VIEW` (an unparsed `ALTER`
    // re-reads the schema): then show the view that needed the function.
    for m in missing {
        if !calls.iter().any(|c| key(&c.3) == key(&m.name)) {
            calls.push((m.view, m.origin.file, m.origin.span.clone(), m.name.clone()));
        }
    }
    let mut callers: Vec<&str> = Vec::new();
    for call in &calls {
        if !callers.contains(&call.0) {
            callers.push(call.0);
        }
    }
    let shown: Vec<&str> = callers.iter().take(SHOWN_VIEWS).copied().collect();
    let views_text = match callers.len() - shown.len() {
        _ if callers.len() == 1 => format!("view {}", quoted(shown[0])),
        0 => format!("views {}", functions::names_of(&shown)),
        more => {
            let shown: Vec<String> = shown.iter().map(|v| quoted(v)).collect();
            format!("views {} and {more} more", shown.join(", "))
        }
    };
    let names: Vec<&str> = missing.iter().map(|m| m.name.as_str()).collect();
    let advice = functions::missing_functions(&names, declared);
    let mut d = Diagnostic::new(
        files[calls[0].1].anchor(),
        format!(
            "{} cannot query {views_text} once every migration ran: no such {}: {}",
            sqlite(),
            if names.len() == 1 {
                "function"
            } else {
                "functions"
            },
            names.join(", ")
        ),
        advice.help,
    );
    for (view, file, span, name) in calls.iter().take(SHOWN_CALLS) {
        d = d.label(*file, span.clone(), format!("view `{view}` calls `{name}`"));
    }
    if calls.len() > SHOWN_CALLS {
        d = d.note(format!("and {} more calls", calls.len() - SHOWN_CALLS));
    }
    match advice.note {
        Some(note) => d.note(note),
        None => d,
    }
}

/// The calls of the functions `keys` in the statement that starts at `origin`.
fn calls_in<'r>(
    view: &'r str,
    origin: &Origin,
    files: &[SqlFile],
    keys: &[String],
) -> Vec<Call<'r>> {
    let text = &files[origin.file].source.text;
    let start = origin.span.start.min(text.len());
    let rest = &text[start..];
    let script = Script::parse(rest);
    let Some(statement) = script.statements.first() else {
        return Vec::new();
    };
    let tokens = script.tokens_of(statement);
    tokens
        .iter()
        .zip(tokens.iter().skip(1))
        .filter(|(t, next)| is_name_token(t) && next.text(rest) == "(")
        .filter(|(t, _)| keys.contains(&key(&unquote(t.text(rest)))))
        .map(|(t, _)| {
            let name = unquote(t.text(rest));
            (view, origin.file, start + t.start..start + t.end, name)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, run_with, titles};

    /// "SQLite 3.x.y rejects …": the version the tests link.
    fn rejects(rest: &str) -> String {
        format!("SQLite {} rejects {rest}", rusqlite::version())
    }

    #[test]
    fn syntax_error_at_the_failing_token() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(7, "\n\nSELECT a\nFROM t\nWHERE a = = 1;")],
        );
        let (d, text) = only(&a);
        assert_eq!(d.title, rejects("migration 007: near \"=\": syntax error"));
        assert!(text.contains("--> migrations/007_m7.sql:5:11"), "{text}");
    }

    #[test]
    fn a_table_created_by_a_later_migration() {
        let a = run(
            "",
            &[
                (1, "INSERT INTO tags (name) VALUES ('x');"),
                (2, "CREATE TABLE tags (name TEXT);"),
            ],
        );
        let (d, text) = only(&a);
        assert_eq!(d.title, rejects("migration 001: no such table: tags"));
        assert!(
            d.help
                .starts_with("`tags` is created by migration 002, which runs after migration 001"),
            "{}",
            d.help
        );
        assert!(text.contains("--> migrations/001_m1.sql:1:13"), "{text}");
    }

    #[test]
    fn errors_caused_by_an_earlier_error_are_not_repeated() {
        let a = run(
            "CREATE TABLE t (a INTEGER PRIMARY KEY, ;",
            &[
                (1, "INSERT INTO t VALUES (1);"),
                (2, "CREATE INDEX i ON t(a);"),
            ],
        );
        assert_eq!(
            titles(&a),
            [rejects("the base schema: near \";\": syntax error")]
        );
    }

    #[test]
    fn every_error_of_a_file_is_reported() {
        let a = run(
            "",
            &[(
                1,
                "CREATE TABLE a (x;\nCREATE TABLE b (y INTEGER);\nINSERT INTO b VALUES ('a', 'b');",
            )],
        );
        assert_eq!(titles(&a).len(), 2, "{:#?}", titles(&a));
    }

    #[test]
    fn deferred_foreign_keys_are_checked_when_the_migration_commits() {
        let parent = "CREATE TABLE parent (id INTEGER PRIMARY KEY);\nCREATE TABLE child (pid INTEGER NOT NULL REFERENCES parent(id) DEFERRABLE INITIALLY DEFERRED);";
        let ok = run(
            parent,
            &[(
                1,
                "INSERT INTO child VALUES (1);\nINSERT INTO parent VALUES (1);",
            )],
        );
        assert!(ok.diagnostics.is_empty(), "{:#?}", titles(&ok));
        let pragma = run(
            "CREATE TABLE parent (id INTEGER PRIMARY KEY);\nCREATE TABLE child (pid INTEGER REFERENCES parent(id));",
            &[(
                1,
                "PRAGMA defer_foreign_keys = ON;\nINSERT INTO child VALUES (1);\nINSERT INTO parent VALUES (1);",
            )],
        );
        assert!(pragma.diagnostics.is_empty(), "{:#?}", titles(&pragma));
        let broken = run(
            parent,
            &[
                (1, "INSERT INTO child VALUES (7);"),
                (2, "CREATE INDEX child_pid ON child(pid);"),
            ],
        );
        let (d, text) = only(&broken);
        assert_eq!(
            d.title,
            rejects("migration 001 when it commits: FOREIGN KEY constraint failed")
        );
        assert!(
            text.contains("the transaction commits after this statement"),
            "{text}"
        );
    }

    #[test]
    fn a_runaway_statement_is_stopped() {
        use crate::analysis::{Options, analyse_files};
        let mut analysis = run("", &[]);
        let mut files: Vec<_> = analysis.files.drain(..).map(|f| f.file).collect();
        files[0].source = crate::source::SourceFile::new(
            "schema.sql",
            "CREATE TABLE t (x);\nWITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) INSERT INTO t SELECT x FROM c;",
        );
        let options = Options {
            statement_timeout: std::time::Duration::from_millis(200),
        };
        let a = analyse_files(files, &[], options);
        assert_eq!(
            titles(&a),
            ["the base schema did not finish within 200 ms in the compile-time replay"]
        );
    }

    #[test]
    fn the_message_names_the_sqlite_that_gave_the_verdict() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(3, "INSERT INTO t VALUES (1, 2);")],
        );
        let (d, _) = only(&a);
        let version = rusqlite::version();
        assert!(version.starts_with("3."), "{version}");
        assert!(
            d.title
                .starts_with(&format!("SQLite {version} rejects migration 003: ")),
            "{}",
            d.title
        );
    }

    #[test]
    fn a_view_that_cannot_be_queried() {
        let a = run(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT);",
            &[(1, "CREATE VIEW feed AS SELECT id, titel FROM notes;")],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            format!(
                "SQLite {} cannot query view `feed` once every migration ran: no such column: titel",
                rusqlite::version()
            )
        );
        assert!(text.contains("--> migrations/001_m1.sql:1:1"), "{text}");
    }

    const SCORES: &str = "CREATE TABLE scores (id INTEGER PRIMARY KEY, points REAL, age INTEGER);";

    #[test]
    fn every_function_the_views_lack_is_named_in_one_error() {
        let a = run(
            SCORES,
            &[
                (
                    1,
                    "CREATE VIEW ranked AS\nSELECT id, app_score(points, age) AS s, ceil(points) AS c\nFROM scores;",
                ),
                (
                    2,
                    "CREATE VIEW weekly AS SELECT id, app_score(points, 7), app_bucket(age), titel FROM scores;",
                ),
                (3, "CREATE VIEW top AS SELECT * FROM ranked WHERE s > 1;"),
            ],
        );
        assert_eq!(
            titles(&a),
            [
                format!(
                    "SQLite {} cannot query views `ranked` and `weekly` once every migration ran: no such functions: app_score, ceil, app_bucket",
                    rusqlite::version()
                ),
                format!(
                    "SQLite {} cannot query view `weekly` once every migration ran: no such column: titel",
                    rusqlite::version()
                ),
            ]
        );
        let d = &a.diagnostics[0];
        let text = d.render(&a.sources());
        // Every call is shown where the view's SQL makes it.
        assert!(text.contains("--> migrations/001_m1.sql:2:12"), "{text}");
        assert!(text.contains("view `ranked` calls `ceil`"), "{text}");
        assert!(text.contains("::: migrations/002_m2.sql:1:34"), "{text}");
        assert!(text.contains("view `weekly` calls `app_bucket`"), "{text}");
        // Rule 7's help, with every name at once; `ceil` gets both ways out.
        assert!(
            d.help
                .contains("functions = [\"app_score\", \"app_bucket\"]"),
            "{}",
            d.help
        );
        assert!(
            d.help
                .contains("functions = [\"app_score\", \"ceil\", \"app_bucket\"]"),
            "{}",
            d.help
        );
        assert!(d.help.contains("LIBSQLITE3_FLAGS"), "{}", d.help);
        assert!(
            d.notes
                .iter()
                .any(|n| n.starts_with("`ceil` is one of SQLite's optional math functions")),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn declared_functions_satisfy_the_views() {
        let a = run_with(
            SCORES,
            &[(
                1,
                "CREATE VIEW ranked AS SELECT id, app_score(points, age) AS s FROM scores;",
            )],
            &["app_score"],
        );
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn many_calls_are_counted_not_all_shown() {
        let views: Vec<String> = (1..=12)
            .map(|i| format!("CREATE VIEW v{i} AS SELECT app_score(points) FROM scores;"))
            .collect();
        let a = run(SCORES, &[(1, &views.join("\n"))]);
        let (d, _) = only(&a);
        assert!(
            d.title
                .contains("views `v1`, `v2`, `v3`, `v4`, `v5` and 7 more"),
            "{}",
            d.title
        );
        assert_eq!(d.labels.len(), 8);
        assert!(
            d.notes.contains(&"and 4 more calls".to_string()),
            "{:?}",
            d.notes
        );
    }

    #[test]
    fn the_functions_list_keeps_the_functions_already_declared() {
        let a = run_with(
            SCORES,
            &[(
                1,
                "CREATE VIEW ranked AS SELECT id, app_score(points, age), app_bucket(age) FROM scores;",
            )],
            &["app_score", "BAD NAME"],
        );
        let titles = titles(&a);
        assert_eq!(titles.len(), 2, "{titles:#?}");
        let d = &a.diagnostics[1];
        assert!(
            d.title.ends_with("no such function: app_bucket"),
            "{}",
            d.title
        );
        assert!(
            d.help
                .contains("`schema!(…, functions = [\"app_score\", \"app_bucket\"])`"),
            "{}",
            d.help
        );
    }
}
