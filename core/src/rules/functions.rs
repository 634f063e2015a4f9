//! Rule 7, functions: applications register SQL functions and load
//! extensions at run time, but the compile-time replay has only SQLite's
//! built-ins. `functions = ["name", …]` registers stand-ins that return NULL
//! for the replay only.

use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;

use crate::diagnostic::{Anchor, Diagnostic, Diagnostics};

/// Registers a NULL-returning stand-in for each name, taking any number of
/// arguments. Deterministic, so indexes and generated columns may use them.
/// Returns the names declared (each once, invalid ones left out), for the
/// `functions` list a help shows.
pub fn register_stand_ins(
    conn: &Connection,
    names: &[String],
    diags: &mut Diagnostics,
) -> Vec<String> {
    let mut declared = Vec::new();
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
        match stand_in(conn, name) {
            Ok(()) => declared.push(name.clone()),
            Err(e) => diags.push(Diagnostic::new(
                Anchor::Function(i),
                format!("cannot declare function `{name}`: {e}"),
                "use a plain function name",
            )),
        }
    }
    declared
}

/// Registers a stand-in for `name`: deterministic (indexes and generated
/// columns may use it), any number of arguments, returns NULL.
pub fn stand_in(conn: &Connection, name: &str) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8
        | FunctionFlags::SQLITE_DETERMINISTIC
        | FunctionFlags::SQLITE_INNOCUOUS;
    conn.create_scalar_function(name, -1, flags, |_| Ok(rusqlite::types::Null))
}

/// SQLite's math functions: built in only when SQLite is compiled with
/// `SQLITE_ENABLE_MATH_FUNCTIONS`, which rusqlite's `bundled` build does not
/// set, while the sqlite3 shell and most language bindings have them.
pub const MATH_FUNCTIONS: [&str; 29] = [
    "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh",
    "degrees", "exp", "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power",
    "radians", "sin", "sinh", "sqrt", "tan", "tanh", "trunc",
];

/// Whether `name` is one of SQLite's optional math functions.
pub fn is_math_function(name: &str) -> bool {
    MATH_FUNCTIONS.contains(&name.to_ascii_lowercase().as_str())
}

/// What to tell a user whose SQL calls functions the replay does not have:
/// a note when some are SQLite's optional math functions, and one `help:`
/// that lists every name in one `functions` list.
pub struct MissingFunctions {
    /// Why SQLite lacks the math functions, if any is among the names.
    pub note: Option<String>,
    /// The ways out.
    pub help: String,
}

/// The `help:` (and note) for SQLite's "no such function: …" about `names`;
/// the `functions` lists it shows start with those already `declared`.
pub fn missing_functions(names: &[&str], declared: &[String]) -> MissingFunctions {
    let list = |names: &[&str]| {
        let quoted: Vec<String> = declared
            .iter()
            .map(String::as_str)
            .chain(names.iter().copied())
            .map(|n| format!("\"{n}\""))
            .collect();
        format!("`schema!(…, functions = [{}])`", quoted.join(", "))
    };
    let one = |names: &[&str], one: &'static str, many: &'static str| {
        if names.len() == 1 { one } else { many }
    };
    let (math, own): (Vec<&str>, Vec<&str>) =
        names.iter().copied().partition(|n| is_math_function(n));
    let rebuild = "build SQLite with its math functions, for the replay and the application alike: set `LIBSQLITE3_FLAGS=\"-DSQLITE_ENABLE_MATH_FUNCTIONS\"` for cargo (in the environment, or under `[env]` in `.cargo/config.toml`)";
    let declare_own = format!(
        "if the application provides {} at run time ({}), declare {} for the compile-time replay: {}; the replay then uses {}",
        names_of(&own),
        one(
            &own,
            "a registered function or an extension",
            "registered functions or extensions"
        ),
        one(&own, "it", "them"),
        list(&own),
        one(
            &own,
            "a stand-in that returns NULL",
            "stand-ins that return NULL"
        ),
    );
    let note = (!math.is_empty()).then(|| {
        format!(
            "{} {} SQLite's optional math functions: SQLite has them only when it is compiled with `SQLITE_ENABLE_MATH_FUNCTIONS`, and rusqlite's `bundled` build is not",
            names_of(&math),
            one(&math, "is one of", "are"),
        )
    });
    let help = if math.is_empty() {
        declare_own
    } else if own.is_empty() {
        format!(
            "either {rebuild}; or register {} in the application and declare {} for the compile-time replay: {}",
            names_of(&math),
            one(&math, "it", "them"),
            list(&math),
        )
    } else {
        format!(
            "{declare_own}. For {}, either {rebuild}; or register {} in the application too and declare every function: {}",
            names_of(&math),
            one(&math, "it", "them"),
            list(names),
        )
    };
    MissingFunctions { note, help }
}

/// "`a`", "`a` and `b`", "`a`, `b` and `c`".
pub(crate) fn names_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => quoted.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::{MATH_FUNCTIONS, is_math_function, missing_functions};
    use crate::rules::testing::{only, run, run_with, titles};

    #[test]
    fn unknown_function_points_to_the_argument() {
        let sql = "CREATE TABLE v (id INTEGER PRIMARY KEY, e BLOB);\nCREATE INDEX v_len ON v(vec_length(e));";
        let a = run("", &[(7, sql)]);
        let (d, text) = only(&a);
        assert_eq!(
            d.title,
            format!(
                "SQLite {} rejects migration 007: no such function: vec_length",
                rusqlite::version()
            )
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

    /// Whether the linked SQLite has function `name` (with any arity).
    fn has_function(name: &str) -> bool {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        match conn.prepare(&format!("SELECT {name}()")) {
            Ok(_) => true,
            Err(e) => !e.to_string().contains("no such function"),
        }
    }

    #[test]
    fn the_math_functions_come_and_go_together() {
        let conn = rusqlite::Connection::open_in_memory().unwrap();
        let enabled: bool = conn
            .query_row(
                "SELECT count(*) > 0 FROM pragma_compile_options \
                 WHERE compile_options = 'ENABLE_MATH_FUNCTIONS'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        for name in MATH_FUNCTIONS {
            assert_eq!(has_function(name), enabled, "{name}");
        }
        // Functions outside the option are not in the list.
        assert!(has_function("abs") && has_function("round") && has_function("sign"));
        assert!(!is_math_function("abs") && !is_math_function("round"));
        // The claim the help makes: rusqlite's bundled build lacks them,
        // unless this build asked for them.
        if !option_env!("LIBSQLITE3_FLAGS").is_some_and(|f| f.contains("MATH_FUNCTIONS")) {
            assert!(
                !enabled,
                "rusqlite's bundled SQLite now has the math functions: update the help"
            );
        }
    }

    #[test]
    fn a_math_function_gets_both_ways_out() {
        let sql = "CREATE TABLE t (x REAL);\nINSERT INTO t SELECT CEIL(x) FROM t;";
        let a = run("", &[(2, sql)]);
        let (d, text) = only(&a);
        assert!(
            d.help
                .contains("LIBSQLITE3_FLAGS=\"-DSQLITE_ENABLE_MATH_FUNCTIONS\""),
            "{}",
            d.help
        );
        assert!(d.help.contains("functions = [\"CEIL\"]"), "{}", d.help);
        assert!(
            text.contains("note: `CEIL` is one of SQLite's optional math functions"),
            "{text}"
        );
    }

    #[test]
    fn help_lists_every_name() {
        let help = missing_functions(&["a", "b"], &[]).help;
        assert_eq!(
            help,
            "if the application provides `a` and `b` at run time (registered functions or extensions), declare them for the compile-time replay: `schema!(…, functions = [\"a\", \"b\"])`; the replay then uses stand-ins that return NULL"
        );
    }

    #[test]
    fn the_help_adds_to_the_declared_list() {
        let sql = "CREATE TABLE v (e BLOB);\nUPDATE v SET e = normalize(vec_length(e));";
        let a = run_with("", &[(3, sql)], &["normalize"]);
        let (d, _) = only(&a);
        assert!(
            d.help
                .contains("`schema!(…, functions = [\"normalize\", \"vec_length\"])`"),
            "{}",
            d.help
        );
    }
}
