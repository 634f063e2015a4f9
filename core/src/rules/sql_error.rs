//! Rule 4, replay: when SQLite rejects a statement, report SQLite's own
//! message at the failing token, with a `help:` for the common causes.

use std::time::Duration;

use super::{Site, functions};
use crate::diagnostic::Diagnostic;
use crate::source::FileId;
use crate::sql::lexer::Token;
use crate::sql::name::{is_name_token, key, unquote};
use crate::sql::split::{Script, Statement};

/// What SQLite said about a statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// SQLite's message.
    pub message: String,
    /// Byte offset of the failing token in the statement, when SQLite knows it.
    pub offset: Option<usize>,
}

impl Failure {
    /// SQLite's message and, for errors found while preparing, the byte
    /// offset of the failing token in the statement.
    pub fn of(error: &rusqlite::Error) -> Self {
        match error {
            rusqlite::Error::SqlInputError { msg, offset, .. } => Failure {
                message: msg.clone(),
                offset: usize::try_from(*offset).ok(),
            },
            rusqlite::Error::SqliteFailure(_, Some(msg)) => Failure {
                message: msg.clone(),
                offset: None,
            },
            other => Failure {
                message: other.to_string(),
                offset: None,
            },
        }
    }

    /// The name in "no such table: x" / "no such column: t.x", if it is one.
    pub fn missing_name(&self) -> Option<&str> {
        [
            "no such table: ",
            "no such column: ",
            "no such index: ",
            "no such view: ",
        ]
        .iter()
        .find_map(|p| self.message.strip_prefix(p))
        .map(|name| name.rsplit('.').next().unwrap_or(name))
    }
}

/// The diagnostic for `failure`. `created_later` says which later file, if
/// any, creates a name, for "no such table" in a migration that runs too early.
pub fn diagnose(
    site: &Site<'_>,
    statement: &Statement,
    tokens: &[Token],
    failure: &Failure,
    created_later: impl Fn(&str) -> Option<FileId>,
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
    let help = if let Some(name) = message.strip_prefix("no such function: ") {
        functions::missing_function_help(name)
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
    site.error(
        format!("SQLite rejects {}: {message}", site.describe(site.file)),
        help,
    )
    .label(site.file, span, label)
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

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, titles};

    #[test]
    fn syntax_error_at_the_failing_token() {
        let a = run(
            "CREATE TABLE t (a);",
            &[(7, "\n\nSELECT a\nFROM t\nWHERE a = = 1;")],
        );
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "SQLite rejects migration 007: near \"=\": syntax error"
        );
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
        assert_eq!(d.title, "SQLite rejects migration 001: no such table: tags");
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
            ["SQLite rejects the base schema: near \";\": syntax error"]
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
            "SQLite rejects migration 001 when it commits: FOREIGN KEY constraint failed"
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
}
