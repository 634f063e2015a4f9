//! Two versions of one application crate for the `query!` benchmark: its
//! queries written with `query!`, `query_as!` and `query_scalar!`, and the
//! same queries written with plain rusqlite (`prepare_cached`, `params!`,
//! a closure that reads each column into a struct by hand).
//!
//! The queries are built from the corpus's final schema (the tables, their
//! columns and foreign keys), cycling through the statements an
//! application writes: lookups by key, joins, outer joins with
//! aggregates, counts, inserts (with and without `RETURNING`), updates and
//! deletes, rows read into the caller's structs. Each is described by the
//! same analysis `query!` runs, so both versions read every column as the
//! same Rust type.

use std::fmt::Write as _;

use schemaguard_core::query::{self, Column, Type};
use schemaguard_core::rusqlite::Connection;

/// The `lib.rs` of each version.
pub struct Crates {
    /// With `query!`, `query_as!` and `query_scalar!`.
    pub macros: String,
    /// With rusqlite's `prepare_cached` and hand-written row mapping.
    pub plain: String,
}

/// A table of the final schema the queries can use.
struct Table {
    name: String,
    /// `(name, declared type)` of each ordinary column, in order.
    columns: Vec<(String, String)>,
}

impl Table {
    fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|(c, _)| c == column)
    }

    /// The column that references `parent`, if any (`<parent>_id`).
    fn reference_to(&self, parent: &str) -> Option<String> {
        let c = format!("{parent}_id");
        self.has(&c).then_some(c)
    }
}

/// A Rust argument of a generated function.
#[derive(Clone, Copy)]
enum Arg {
    Int,
    Text,
}

impl Arg {
    fn rust(self) -> &'static str {
        match self {
            Arg::Int => "i64",
            Arg::Text => "&str",
        }
    }
}

/// How a query's rows are read and what its function returns.
#[derive(Clone, Copy, PartialEq)]
enum Fetch {
    /// `query!`: `fetch_optional`, the fields as a tuple.
    One,
    /// `query!`: `fetch_all`, each row's fields as a tuple.
    All,
    /// `query_as!` into a struct: `fetch_all`.
    As,
    /// `query_scalar!`: `fetch_one`.
    Scalar,
    /// `execute`: the number of rows changed.
    Execute,
}

struct Spec {
    sql: String,
    args: Vec<Arg>,
    fetch: Fetch,
}

/// The tables of `conn`'s schema that an application queries: ordinary
/// tables, not the FTS5 ones or SQLite's own.
fn tables(conn: &Connection) -> Result<Vec<Table>, String> {
    let e = |e: schemaguard_core::rusqlite::Error| e.to_string();
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             AND name NOT LIKE 'search_%' ORDER BY rowid",
        )
        .map_err(e)?;
    let names: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .map_err(e)?
        .collect::<Result<_, _>>()
        .map_err(e)?;
    let mut tables = Vec::new();
    for name in names {
        let mut info = conn
            .prepare(&format!("PRAGMA table_info(\"{name}\")"))
            .map_err(e)?;
        let columns = info
            .query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(2)?)))
            .map_err(e)?
            .collect::<Result<_, _>>()
            .map_err(e)?;
        tables.push(Table { name, columns });
    }
    Ok(tables)
}

/// The SQL of the `count` queries [`generate`] writes, in order.
pub fn statements(conn: &Connection, count: usize) -> Result<Vec<String>, String> {
    Ok(specs(conn, count)?.into_iter().map(|s| s.sql).collect())
}

/// `count` query specs over the final schema of `conn`.
fn specs(conn: &Connection, count: usize) -> Result<Vec<Spec>, String> {
    let tables = tables(conn)?;
    let bases: Vec<&Table> = tables
        .iter()
        .filter(|t| t.name.starts_with("base_"))
        .collect();
    // (child, parent, the child's reference column): tables made with a
    // foreign key and still holding their `name` and `amount` columns.
    let pairs: Vec<(&Table, &Table, String)> = tables
        .iter()
        .filter(|c| c.has("name") && c.has("amount"))
        .filter_map(|c| {
            tables
                .iter()
                .find_map(|p| c.reference_to(&p.name).map(|r| (c, p, r)))
        })
        .collect();
    if bases.is_empty() || pairs.is_empty() {
        return Err("the corpus has no tables to query".into());
    }
    let mut out = Vec::with_capacity(count);
    for i in 0..count {
        let (c, p, fk) = &pairs[(i * 7) % pairs.len()];
        // The parent's label: `title` for a base table, `name` for another.
        let label = if p.has("title") { "title" } else { "name" };
        let (c, p) = (&c.name, &p.name);
        let base = &bases[i % bases.len()].name;
        let all_columns = |t: &Table| {
            t.columns
                .iter()
                .map(|(n, _)| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let spec = match i % 12 {
            0 => {
                let t = pairs[(i * 5) % pairs.len()].0;
                Spec {
                    sql: format!("SELECT {} FROM {} WHERE id = ?1", all_columns(t), t.name),
                    args: vec![Arg::Int],
                    fetch: Fetch::One,
                }
            }
            1 => Spec {
                sql: format!(
                    "SELECT c.id, c.name, c.amount, p.{label} AS parent_label\nFROM {c} c\nJOIN {p} p ON p.id = c.{fk}\nWHERE c.amount >= ?1\nORDER BY c.id\nLIMIT ?2"
                ),
                args: vec![Arg::Int, Arg::Int],
                fetch: Fetch::All,
            },
            2 => Spec {
                sql: format!("SELECT id, name, amount FROM {c} WHERE {fk} = ?1 ORDER BY name"),
                args: vec![Arg::Int],
                fetch: Fetch::As,
            },
            3 => Spec {
                sql: format!("INSERT INTO {c} ({fk}, name, amount) VALUES (?1, ?2, ?3)"),
                args: vec![Arg::Int, Arg::Text, Arg::Int],
                fetch: Fetch::Execute,
            },
            4 => Spec {
                sql: format!("INSERT INTO {base} (title) VALUES (?1) RETURNING id"),
                args: vec![Arg::Text],
                fetch: Fetch::Scalar,
            },
            5 => Spec {
                sql: format!("UPDATE {c} SET amount = amount + ?1 WHERE id = ?2"),
                args: vec![Arg::Int, Arg::Int],
                fetch: Fetch::Execute,
            },
            6 => Spec {
                sql: format!("SELECT count(*) FROM {c} WHERE amount > ?1"),
                args: vec![Arg::Int],
                fetch: Fetch::Scalar,
            },
            7 => Spec {
                sql: format!(
                    "SELECT p.id, p.{label}, count(c.id) AS children, sum(c.amount) AS total\nFROM {p} p\nLEFT JOIN {c} c ON c.{fk} = p.id\nGROUP BY p.id\nORDER BY p.id\nLIMIT ?1"
                ),
                args: vec![Arg::Int],
                fetch: Fetch::All,
            },
            8 => Spec {
                sql: format!("DELETE FROM {c} WHERE id = ?1"),
                args: vec![Arg::Int],
                fetch: Fetch::Execute,
            },
            9 => Spec {
                sql: format!(
                    "SELECT id, title, created_at FROM {base} WHERE title LIKE ?1 ORDER BY created_at DESC"
                ),
                args: vec![Arg::Text],
                fetch: Fetch::As,
            },
            10 => Spec {
                sql: format!(
                    "SELECT c.name, p.{label} AS parent_label\nFROM {c} c\nLEFT JOIN {p} p ON p.id = c.{fk}\nWHERE c.name = :name OR p.{label} = :name"
                ),
                args: vec![Arg::Text],
                fetch: Fetch::All,
            },
            _ => Spec {
                sql: format!("SELECT max(amount) FROM {c} WHERE {fk} = ?1"),
                args: vec![Arg::Int],
                fetch: Fetch::Scalar,
            },
        };
        out.push(spec);
    }
    Ok(out)
}

fn rust_type(c: &Column) -> String {
    let t = match &c.ty {
        Type::Value => "Value".to_string(),
        other => other.rust(),
    };
    if c.nullable {
        format!("Option<{t}>")
    } else {
        t
    }
}

/// Both versions of a crate with `count` queries over the schema `conn`
/// holds (the corpus's final schema).
pub fn generate(conn: &Connection, count: usize) -> Result<Crates, String> {
    let head = "//! Generated by `schemaguard-bench` (`query_crates`): do not edit.\n#![allow(unused_imports)]\nuse schemaguard::query::Value;\nuse schemaguard::rusqlite::{Connection, Result};\n\npub static SCHEMA: schemaguard::Schema = schemaguard::schema!();\n";
    let mut macros = format!("{head}use schemaguard::{{query, query_as, query_scalar}};\n");
    let mut plain = format!("{head}use schemaguard::rusqlite::{{OptionalExtension, params}};\n");
    for (i, spec) in specs(conn, count)?.iter().enumerate() {
        let d = query::describe(conn, &spec.sql, None)
            .map_err(|e| format!("query {i} does not check:\n{e}"))?;
        if spec.fetch == Fetch::Execute && d.reads_rows {
            return Err(format!(
                "query {i} only reads, so `execute` does not compile on it"
            ));
        }
        let params: Vec<String> = spec
            .args
            .iter()
            .enumerate()
            .map(|(k, a)| format!("a{k}: {}", a.rust()))
            .collect();
        let params = params.join(", ");
        let names: Vec<String> = (0..spec.args.len()).map(|k| format!("a{k}")).collect();
        let args: String = names.iter().map(|n| format!(", {n}")).collect();
        let names = names.join(", ");
        let sql = format!("{:?}", spec.sql);
        let types: Vec<String> = d.columns.iter().map(rust_type).collect();
        let tuple = format!("({})", types.join(", "));
        let fields: Vec<&str> = d.columns.iter().map(|c| c.name.as_str()).collect();
        let to_tuple = format!(
            "({})",
            fields
                .iter()
                .map(|f| format!("r.{f}"))
                .collect::<Vec<_>>()
                .join(", ")
        );
        let row_struct = |name: &str| {
            let mut s = format!("pub struct {name} {{\n");
            for (f, t) in fields.iter().zip(&types) {
                writeln!(s, "    pub {f}: {t},").unwrap();
            }
            s.push_str("}\n");
            s
        };
        let mapping = |name: &str| {
            let inits: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(k, f)| format!("{f}: r.get({k})?"))
                .collect();
            format!("|r| Ok({name} {{ {} }})", inits.join(", "))
        };
        let (ret, m, p) = match spec.fetch {
            Fetch::One => (
                format!("Option<{tuple}>"),
                format!(
                    "    let row = query!({sql}{args}).fetch_optional(conn)?;\n    Ok(row.map(|r| {to_tuple}))\n"
                ),
                format!(
                    "    let mut stmt = conn.prepare_cached({sql})?;\n    let row = stmt.query_row(params![{names}], {}).optional()?;\n    Ok(row.map(|r: Row{i}| {to_tuple}))\n",
                    mapping(&format!("Row{i}"))
                ),
            ),
            Fetch::All => (
                format!("Vec<{tuple}>"),
                format!(
                    "    let rows = query!({sql}{args}).fetch_all(conn)?;\n    Ok(rows.into_iter().map(|r| {to_tuple}).collect())\n"
                ),
                format!(
                    "    let mut stmt = conn.prepare_cached({sql})?;\n    let rows = stmt.query_map(params![{names}], {})?;\n    rows.map(|r| r.map(|r: Row{i}| {to_tuple})).collect()\n",
                    mapping(&format!("Row{i}"))
                ),
            ),
            Fetch::As => (
                format!("Vec<Item{i}>"),
                format!("    query_as!(Item{i}, {sql}{args}).fetch_all(conn)\n"),
                format!(
                    "    let mut stmt = conn.prepare_cached({sql})?;\n    let rows = stmt.query_map(params![{names}], {})?;\n    rows.collect()\n",
                    mapping(&format!("Item{i}"))
                ),
            ),
            Fetch::Scalar => (
                types[0].clone(),
                format!("    query_scalar!({sql}{args}).fetch_one(conn)\n"),
                format!(
                    "    let mut stmt = conn.prepare_cached({sql})?;\n    stmt.query_row(params![{names}], |r| r.get(0))\n"
                ),
            ),
            Fetch::Execute => (
                "usize".to_string(),
                format!("    query!({sql}{args}).execute(conn)\n"),
                format!(
                    "    let mut stmt = conn.prepare_cached({sql})?;\n    stmt.execute(params![{names}])\n"
                ),
            ),
        };
        let sep = if params.is_empty() { "" } else { ", " };
        let signature = format!("pub fn q{i}(conn: &Connection{sep}{params}) -> Result<{ret}>");
        if spec.fetch == Fetch::As {
            let item = row_struct(&format!("Item{i}"));
            macros.push_str(&format!("\n{item}"));
            plain.push_str(&format!("\n{item}"));
        }
        if matches!(spec.fetch, Fetch::One | Fetch::All) {
            plain.push_str(&format!("\n{}", row_struct(&format!("Row{i}"))));
        }
        write!(macros, "\n{signature} {{\n{m}}}\n").unwrap();
        write!(plain, "\n{signature} {{\n{p}}}\n").unwrap();
    }
    Ok(Crates { macros, plain })
}
