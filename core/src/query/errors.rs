//! The compile errors of `query!`, rendered like `schema!`'s: the SQL
//! quoted with `line:col` and a caret, then a `help:`.

use rusqlite::Statement;

use super::Past;
use crate::diagnostic::{Anchor, Diagnostic};
use crate::failure::Failure;
use crate::history::PRESENT;
use crate::rules::sql_error::sqlite;
use crate::source::SourceFile;
use crate::sql::lexer::Token;
use crate::sql::name::key;
use crate::sql::split::Script;

/// The path shown for the SQL of a `query!`.
pub const PATH: &str = "query";

/// A rendered error about the SQL of a file (`query_file!`): shows `path`
/// where errors show [`PATH`].
pub fn relabel(message: &str, path: &str) -> String {
    message.replacen(&format!("--> {PATH}:"), &format!("--> {path}:"), 1)
}

/// Renders an error about `sql` at byte range `span`.
pub fn render(sql: &str, d: Diagnostic) -> String {
    d.render(&[SourceFile::new(PATH, sql)])
}

/// An error at `span` of `sql`.
pub fn at(
    sql: &str,
    span: std::ops::Range<usize>,
    title: String,
    label: &str,
    help: String,
) -> String {
    render(
        sql,
        Diagnostic::new(Anchor::Base, title, help).label(0, span, label),
    )
}

/// `sql` holds exactly one statement.
pub fn one_statement(sql: &str) -> Result<Script, String> {
    let script = Script::parse(sql);
    match script.statements.as_slice() {
        [_] => Ok(script),
        [] => Err(at(
            sql,
            0..sql.len(),
            "the query holds no SQL statement".into(),
            "nothing to run",
            "write one statement, e.g. `SELECT id FROM users`".into(),
        )),
        [_, second, ..] => Err(at(
            sql,
            second.span.clone(),
            format!(
                "the query holds {} statements; a query runs exactly one",
                script.statements.len()
            ),
            "a second statement",
            "split it into one query per statement (run them in a transaction if they belong together)".into(),
        )),
    }
}

/// SQLite refused to prepare `sql`.
pub fn rejected(sql: &str, error: &rusqlite::Error, past: Option<&Past<'_>>) -> String {
    let failure = Failure::of(error);
    let message = &failure.message;
    let span = match failure.offset {
        Some(o) if o < sql.len() => {
            let len = Script::parse(&sql[o..])
                .tokens
                .first()
                .filter(|t| t.start == 0)
                .map_or(1, |t| t.end);
            o..o + len
        }
        _ => failure
            .missing_name()
            .and_then(|name| first_mention(sql, name))
            .unwrap_or(0..sql.len()),
    };
    let help = match failure.missing_name() {
        Some(name) => match past.and_then(|p| removed_by(p, name)) {
            Some(file) => format!(
                "`{name}` existed before {file}, which dropped or renamed it: the query runs against the schema after the last migration"
            ),
            None => format!(
                "`{name}` does not exist in the schema after the last migration: check the spelling, or add a migration that creates it"
            ),
        },
        None if message.contains("syntax error") || message.starts_with("unrecognized token") => {
            "fix the SQL at the marked token".into()
        }
        None if message.starts_with("no such function") => {
            "list functions your application registers in `[package.metadata.schemaguard] functions = [\"…\"]`".into()
        }
        None => "the query is prepared on the schema after the last migration; it must prepare there".into(),
    };
    at(
        sql,
        span,
        format!("{} rejects the query: {message}", sqlite()),
        "SQLite stops here",
        help,
    )
}

/// The first token of `sql` that spells `name`.
fn first_mention(sql: &str, name: &str) -> Option<std::ops::Range<usize>> {
    let wanted = key(name);
    Script::parse(sql)
        .tokens
        .iter()
        .find(|t| {
            crate::sql::name::is_name_token(t)
                && key(&crate::sql::name::unquote(t.text(sql))) == wanted
        })
        .map(|t| t.span())
}

/// The file after which a table or column named `name` stopped existing.
fn removed_by(past: &Past<'_>, name: &str) -> Option<String> {
    let wanted = key(name);
    past.history
        .entries
        .iter()
        .filter(|e| e.until != PRESENT)
        .filter(|e| match e.column_key() {
            Some(c) => c == wanted,
            None => e.key() == wanted,
        })
        .map(|e| e.until)
        .max()
        .and_then(|step| past.files.get(step as usize).cloned())
}

/// Numbered parameters (`?3`) must not skip a number: SQLite would bind
/// the gap as NULL, and arguments would shift.
pub fn numbering(sql: &str, tokens: &[Token], stmt: &Statement<'_>) -> Result<(), String> {
    let count = stmt.parameter_count();
    let names: Vec<Option<&str>> = (1..=count).map(|i| stmt.parameter_name(i)).collect();
    let numbered = names.iter().flatten().any(|n| n.starts_with('?'));
    if !numbered {
        return Ok(());
    }
    // A number no token takes: a bare `?` takes one without a name.
    let used = super::params::numbers(sql, tokens, stmt);
    let missing: Vec<String> = (1..=count)
        .filter(|i| !used.contains(&Some(*i)))
        .map(|i| format!("?{i}"))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    // The parameter numbered highest, as the SQL spells it (`?3`, `:n`,
    // or a bare `?` after `?2`), with its number when that is not `?3`.
    let (highest, span) = tokens
        .iter()
        .zip(&used)
        .find(|(_, n)| **n == Some(count))
        .map_or((format!("`?{count}`"), 0..sql.len()), |(t, _)| {
            let text = t.text(sql);
            let shown = if text == format!("?{count}") {
                format!("`{text}`")
            } else {
                format!("`{text}` (number {count})")
            };
            (shown, t.span())
        });
    Err(at(
        sql,
        span,
        format!(
            "the query uses {highest} but not {}",
            missing
                .iter()
                .map(|m| format!("`{m}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        "numbered here",
        format!(
            "number the parameters from ?1 without gaps: arguments bind by number, so a gap would bind {} to NULL",
            missing.join(", ")
        ),
    ))
}

/// A wrong number of arguments.
pub fn argument_count(sql: &str, expected: usize, given: usize) -> String {
    let shown = Script::parse(sql)
        .tokens
        .iter()
        .find(|t| t.kind == crate::sql::lexer::TokenKind::Variable)
        .map_or(0..sql.len(), |t| t.span());
    let title = format!(
        "the query takes {expected} argument{} but {given} {} given",
        if expected == 1 { "" } else { "s" },
        if given == 1 { "was" } else { "were" }
    );
    let help = if expected == 0 {
        "remove the arguments, or add `?` parameters to the SQL".to_string()
    } else {
        format!(
            "pass one argument per parameter, in the order SQLite numbers them (first appearance, or the number in `?N`): {expected} in all"
        )
    };
    let label = if expected == 0 {
        "no parameters"
    } else {
        "parameters start here"
    };
    at(sql, shown, title, label, help)
}

/// `query_scalar!` needs exactly one column.
pub fn not_scalar(sql: &str, columns: usize) -> String {
    at(
        sql,
        0..sql.len(),
        format!("`query_scalar!` needs exactly one result column; this query has {columns}"),
        "this query",
        if columns == 0 {
            "use `query!` for a statement without rows, and call `.execute(&conn)`".into()
        } else {
            "select one column, or use `query!` to get a row with a field per column".into()
        },
    )
}

/// The final schema could not be opened or has errors.
pub fn schema_unusable(sql: &str, why: &str, help: &str) -> String {
    at(
        sql,
        0..sql.len(),
        why.to_string(),
        "checked against that schema",
        help.to_string(),
    )
}

/// Where result column `label` is named in `sql`: its alias or plain
/// name (the last mention, as an alias follows what it names), else the
/// whole query.
pub fn column_span(sql: &str, label: &str) -> std::ops::Range<usize> {
    let wanted = key(label);
    Script::parse(sql)
        .tokens
        .iter()
        .rev()
        .find(|t| {
            crate::sql::name::is_name_token(t)
                && key(&crate::sql::name::unquote(t.text(sql))) == wanted
        })
        .map_or(0..sql.len(), |t| t.span())
}
