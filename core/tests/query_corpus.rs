//! `query!`'s inference against SQLite itself, on queries written as an
//! application writes them (`query_corpus/queries.sql`), over a shop's
//! schema (`schema.sql`) and rows that reach every NULL (`data.sql`).
//!
//! Each query is described on the schema alone, as the macro does, then
//! run on the populated database (writes in a savepoint, rolled back), and
//! every value of every row is read the way the macro's generated code
//! reads it: `row.get::<_, T>` for a column described as not nullable,
//! `row.get::<_, Option<T>>` otherwise, `T` the described type. A NULL in a
//! column said to be NOT NULL, or a value of another storage class than
//! the type reads, fails the test exactly where a user's program would
//! fail at run time. So does a valid statement `describe` rejects.
//!
//! It also counts how precise the descriptions are (printed; run with
//! `--nocapture`): columns typed exactly versus `Value`, and `Option`
//! columns in which no NULL was seen.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use schemaguard_core::query::{Description, Type, describe};
use schemaguard_core::rusqlite::types::{Value, ValueRef};
use schemaguard_core::rusqlite::{Connection, Row};

const SCHEMA: &str = include_str!("query_corpus/schema.sql");
const DATA: &str = include_str!("query_corpus/data.sql");
const QUERIES: &str = include_str!("query_corpus/queries.sql");

/// One `-- name:` block of the corpus.
struct Query {
    name: String,
    /// Each run's arguments, as SQL literals (`1, 'x'`).
    runs: Vec<String>,
    sql: String,
}

fn queries() -> Vec<Query> {
    let mut out: Vec<Query> = Vec::new();
    for line in QUERIES.lines() {
        if let Some(name) = line.strip_prefix("-- name:") {
            out.push(Query {
                name: name.trim().to_string(),
                runs: Vec::new(),
                sql: String::new(),
            });
        } else if let Some(q) = out.last_mut() {
            match line.strip_prefix("-- args:") {
                Some(args) if q.sql.trim().is_empty() => q.runs.push(args.trim().to_string()),
                _ => {
                    q.sql.push_str(line);
                    q.sql.push('\n');
                }
            }
        }
    }
    for q in &mut out {
        let sql = q.sql.trim_end();
        q.sql = sql.strip_suffix(';').unwrap_or(sql).to_string();
        if q.runs.is_empty() {
            q.runs.push(String::new());
        }
    }
    out
}

/// What was seen in one result column over every run.
#[derive(Default)]
struct Seen {
    null: bool,
    classes: BTreeSet<&'static str>,
}

fn class(v: ValueRef<'_>) -> &'static str {
    match v {
        ValueRef::Null => "NULL",
        ValueRef::Integer(_) => "INTEGER",
        ValueRef::Real(_) => "REAL",
        ValueRef::Text(_) => "TEXT",
        ValueRef::Blob(_) => "BLOB",
    }
}

/// Reads column `i` of `row` as the macro's expansion reads it.
fn read_as_described(row: &Row<'_>, i: usize, ty: &Type, nullable: bool) -> Result<(), String> {
    macro_rules! get {
        ($t:ty) => {
            if nullable {
                row.get::<_, Option<$t>>(i).map(drop)
            } else {
                row.get::<_, $t>(i).map(drop)
            }
        };
    }
    let read = match ty {
        Type::I64 => get!(i64),
        Type::F64 => get!(f64),
        Type::String => get!(String),
        Type::Bytes => get!(Vec<u8>),
        Type::Bool => get!(bool),
        Type::Value => get!(Value),
        Type::Named(name) => match name.as_str() {
            "i64" => get!(i64),
            "f64" => get!(f64),
            "String" => get!(String),
            "bool" => get!(bool),
            _ => Ok(()),
        },
    };
    read.map_err(|e| e.to_string())
}

/// Runs `q` once with `args` on `conn`, checking each value against `d`.
fn run(
    conn: &Connection,
    q: &Query,
    args: &str,
    d: &Description,
    seen: &mut [Seen],
    failures: &mut Vec<String>,
) {
    let values: Vec<Value> = if args.is_empty() {
        Vec::new()
    } else {
        let mut s = conn.prepare(&format!("SELECT {args}")).unwrap();
        let n = s.column_count();
        s.query_row([], |r| (0..n).map(|i| r.get(i)).collect())
            .unwrap()
    };
    assert_eq!(
        values.len(),
        d.parameters,
        "{}: the corpus gives {} arguments for {} parameters",
        q.name,
        values.len(),
        d.parameters
    );
    conn.execute_batch("SAVEPOINT corpus").unwrap();
    {
        let mut stmt = conn.prepare(&q.sql).unwrap();
        assert_eq!(stmt.column_count(), d.columns.len(), "{}", q.name);
        for (k, v) in values.iter().enumerate() {
            stmt.raw_bind_parameter(k + 1, v).unwrap();
        }
        let mut rows = stmt.raw_query();
        let mut n = 0;
        while let Some(row) = rows.next().unwrap_or_else(|e| panic!("{}: {e}", q.name)) {
            n += 1;
            for (i, c) in d.columns.iter().enumerate() {
                let v = row.get_ref(i).unwrap();
                seen[i].null |= v == ValueRef::Null;
                seen[i].classes.insert(class(v));
                if let Err(e) = read_as_described(row, i, &c.ty, c.nullable) {
                    failures.push(format!(
                        "{} (args: {args}), row {n}, column `{}` described as {}{}: got {} ({v:?}): {e}",
                        q.name,
                        c.label,
                        c.ty.rust(),
                        if c.nullable { "?" } else { "" },
                        class(v),
                    ));
                }
            }
        }
    }
    conn.execute_batch("ROLLBACK TO corpus; RELEASE corpus")
        .unwrap();
}

#[test]
fn every_described_column_reads_every_value_sqlite_returns() {
    let schema = Connection::open_in_memory().unwrap();
    schema.execute_batch(SCHEMA).unwrap();
    let data = Connection::open_in_memory().unwrap();
    data.execute_batch(SCHEMA).unwrap();
    data.execute_batch(DATA).unwrap();

    let corpus = queries();
    assert!(corpus.len() >= 120, "{} queries", corpus.len());
    let mut failures = Vec::new();
    let mut report = String::new();
    let (mut columns, mut exact_type, mut value_one_class) = (0, 0, 0);
    let (mut nullable, mut nullable_never_null, mut precise) = (0, 0, 0);
    for q in &corpus {
        let d = match describe(&schema, &q.sql, None) {
            Ok(d) => d,
            Err(e) => {
                failures.push(format!("{}: describe rejects it:\n{e}", q.name));
                continue;
            }
        };
        let mut seen: Vec<Seen> = d.columns.iter().map(|_| Seen::default()).collect();
        for args in &q.runs {
            run(&data, q, args, &d, &mut seen, &mut failures);
        }
        for (c, s) in d.columns.iter().zip(&seen) {
            columns += 1;
            let typed = c.ty != Type::Value;
            exact_type += usize::from(typed);
            nullable += usize::from(c.nullable);
            let non_null: BTreeSet<_> = s.classes.iter().filter(|k| **k != "NULL").collect();
            let mut notes = Vec::new();
            if !typed && non_null.len() == 1 {
                value_one_class += 1;
                notes.push(format!(
                    "Value, only {} seen",
                    non_null.iter().next().unwrap()
                ));
            }
            if c.nullable && !s.null {
                nullable_never_null += 1;
                notes.push("Option, no NULL seen".to_string());
            }
            if typed && (!c.nullable || s.null) {
                precise += 1;
            }
            if !notes.is_empty() {
                let _ = writeln!(report, "  {}.{}: {}", q.name, c.label, notes.join("; "));
            }
        }
    }
    println!(
        "{} queries, {columns} result columns: {exact_type} typed exactly, {} as Value \
         ({value_one_class} of them held one storage class here); {nullable} Option, \
         {nullable_never_null} of them never NULL here; {precise} exact in type and \
         nullability (typed, and NOT NULL or seen NULL)",
        corpus.len(),
        columns - exact_type,
    );
    print!("{report}");
    assert!(
        failures.is_empty(),
        "{} unsound descriptions or rejections:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
