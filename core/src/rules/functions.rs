//! Rule 7, functions: applications register SQL functions and load
//! extensions at run time, but the compile-time replay has only SQLite's
//! built-ins. `functions = ["name", …]` registers stand-ins that return NULL
//! for the replay only.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};

/// Registers a NULL-returning stand-in for each name, taking any number of
/// arguments. Deterministic, so indexes and generated columns may use them.
pub fn register_stand_ins(conn: &Connection, names: &[String], diags: &mut Diagnostics) {
    let mut seen = std::collections::HashSet::new();
    for (i, name) in names.iter().enumerate() {
        let valid = !name.is_empty()
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80)
            && !name.as_bytes()[0].is_ascii_digit();
        if !valid {
            diags.push(Diagnostic::new(
                Anchor::Function(i),
                format!("`{name}` is not a SQL function name"),
                "list the names your SQL calls, e.g. `functions = [\"vec_length\"]`",
            ));
            continue;
        }
        if !seen.insert(name.to_ascii_lowercase()) {
            diags.push(Diagnostic::new(
                Anchor::Function(i),
                format!("function `{name}` is listed twice"),
                "remove the repeated name",
            ));
            continue;
        }
        let flags = FunctionFlags::SQLITE_UTF8
            | FunctionFlags::SQLITE_DETERMINISTIC
            | FunctionFlags::SQLITE_INNOCUOUS;
        if let Err(e) =
            conn.create_scalar_function(name.as_str(), -1, flags, |_| Ok(rusqlite::types::Null))
        {
            diags.push(Diagnostic::new(
                Anchor::Function(i),
                format!("cannot declare function `{name}`: {e}"),
                "use a plain function name",
            ));
        }
    }
}

/// The `help:` for SQLite's "no such function: name".
pub fn missing_function_help(name: &str) -> String {
    format!(
        "if the application provides `{name}` at run time (a registered function or an extension), declare it for the compile-time replay: `schema!(…, functions = [\"{name}\"])`; the replay then uses a stand-in that returns NULL"
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::{only, run, run_with, titles};

    #[test]
    fn unknown_function_points_to_the_argument() {
        let sql = "CREATE TABLE v (id INTEGER PRIMARY KEY, e BLOB);\nCREATE INDEX v_len ON v(vec_length(e));";
        let a = run("", &[(7, sql)]);
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            "SQLite rejects migration 007: no such function: vec_length"
        );
        assert!(
            d.help.contains("functions = [\"vec_length\"]"),
            "{}",
            d.help
        );
        assert!(text.contains("--> migrations/007_m7.sql:2:25"), "{text}");
    }

    #[test]
    fn declared_functions_replay() {
        let sql = "CREATE TABLE v (id INTEGER PRIMARY KEY, e BLOB);\nCREATE INDEX v_len ON v(vec_length(e));\nUPDATE v SET e = normalize(e, 1, 2);";
        let a = run_with("", &[(7, sql)], &["vec_length", "NORMALIZE"]);
        assert!(a.diagnostics.is_empty(), "{:#?}", titles(&a));
    }

    #[test]
    fn bad_function_names() {
        let a = run_with("", &[], &["ok", "", "two words", "ok"]);
        assert_eq!(
            titles(&a),
            [
                "`` is not a SQL function name",
                "`two words` is not a SQL function name",
                "function `ok` is listed twice"
            ]
        );
    }
}
