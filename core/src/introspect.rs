//! Reads a live SQLite schema into structural *forms*: what a table,
//! index, view or trigger is, independent of how its SQL was written.
//!
//! The compile-time replay and the runtime both use this, so a snapshot
//! taken at compile time compares equal to a database that has the same
//! objects, whatever tool, formatting or column order made them.

use std::collections::HashMap;

use rusqlite::{Connection, params};

use crate::object::ObjectKind;
use crate::sql::header::{Create, Header};
use crate::sql::lexer::Token;
use crate::sql::name::key;
use crate::sql::normalize::{canonical_identifier, checksum_token, form_text, join};
use crate::sql::split::Script;
use crate::sql::table_def::{ColumnExtras, TableDef, group_end, split_commas, table_check};

/// The name of the table that records applied migrations.
pub const TRACKING_TABLE: &str = "schemaguard_migrations";

/// The name of the table where a process claims a `no-transaction`
/// migration while it runs it.
pub const CLAIMS_TABLE: &str = "schemaguard_claims";

/// The name of the table that records which format the runtime's own
/// tables and triggers are in.
pub const FORMAT_TABLE: &str = "schemaguard_format";

/// The triggers that guard the tracking table against hand edits.
pub const TRACKING_TRIGGERS: [&str; 4] = [
    "schemaguard_migrations_deleted",
    "schemaguard_migrations_edited",
    "schemaguard_migrations_inserted",
    "schemaguard_migrations_replaced",
];

/// One row of `sqlite_schema` that belongs to the application.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaRow {
    /// What the object is.
    pub kind: ObjectKind,
    /// Its name as SQLite stores it.
    pub name: String,
    /// The table an index or trigger belongs to (the object itself otherwise).
    pub table: String,
    /// The `CREATE` statement SQLite stores.
    pub sql: String,
}

/// One comparable piece of an object: a table's definition (constraints
/// and options) or one of its columns; the whole of anything else.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Part {
    /// The column (comparison key), or `None` for the object's definition.
    pub column: Option<String>,
    /// The column's name as written, for messages.
    pub column_name: Option<String>,
    /// The canonical text of the piece.
    pub form: String,
}

/// An object's structural form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// What it is.
    pub kind: ObjectKind,
    /// Its name as SQLite stores it.
    pub name: String,
    /// Its pieces, sorted: column order never matters.
    pub parts: Vec<Part>,
}

/// The application's objects in `conn`'s main schema: no `sqlite_*`
/// objects, no virtual-table shadow tables, no tracking table.
pub fn schema_rows(conn: &Connection) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
         WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid",
    )?;
    let mut rows = read_rows(stmt.query([])?)?;
    // Shadow tables exist only beside virtual tables; asking SQLite which
    // tables are shadows costs a pass over every table, so only then.
    if rows.iter().any(|r| r.kind == ObjectKind::VirtualTable) {
        let mut shadow = conn.prepare_cached(
            "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'shadow'",
        )?;
        let shadow: Vec<String> = shadow
            .query_map([], |r| r.get::<_, String>(0).map(|n| key(&n)))?
            .collect::<Result<_, _>>()?;
        rows.retain(|r| !shadow.contains(&key(&r.name)));
    }
    Ok(rows)
}

/// The application objects whose name keys (lower case) are `keys`: a
/// relation and a trigger may share a name.
pub fn rows_named(conn: &Connection, keys: &[&str]) -> rusqlite::Result<Vec<SchemaRow>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    // One scan for all names; only placeholders go into the SQL text.
    let placeholders = vec!["?"; keys.len()].join(", ");
    let sql = format!(
        "SELECT type, name, tbl_name, sql FROM main.sqlite_schema \
         WHERE lower(name) IN ({placeholders}) \
         AND sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
    );
    let mut stmt = conn.prepare(&sql)?;
    read_rows(stmt.query(rusqlite::params_from_iter(keys))?)
}

fn read_rows(mut rows: rusqlite::Rows<'_>) -> rusqlite::Result<Vec<SchemaRow>> {
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let kind: String = r.get(0)?;
        let name: String = r.get(1)?;
        let sql: String = r.get(3)?;
        let Some(kind) = ObjectKind::from_schema_row(&kind, Some(&sql)) else {
            continue;
        };
        // The runtime's own tables and triggers are not part of the
        // application's schema (an application's own trigger on them is).
        let name_key = key(&name);
        if matches!(
            name_key.as_str(),
            TRACKING_TABLE | CLAIMS_TABLE | FORMAT_TABLE
        ) || TRACKING_TRIGGERS.contains(&name_key.as_str())
        {
            continue;
        }
        out.push(SchemaRow {
            kind,
            name,
            table: r.get(2)?,
            sql,
        });
    }
    Ok(out)
}

/// Reads every application object of `conn`.
pub fn objects(conn: &Connection) -> rusqlite::Result<Vec<Object>> {
    schema_rows(conn)?
        .iter()
        .map(|row| describe(conn, row))
        .collect()
}

/// Reads one object's form.
pub fn describe(conn: &Connection, row: &SchemaRow) -> rusqlite::Result<Object> {
    let script = Script::parse(&row.sql);
    let tokens = script
        .statements
        .first()
        .map(|s| script.tokens_of(s))
        .unwrap_or_default();
    let header = match Header::parse(tokens, &row.sql) {
        Header::Create(c) => Some(c),
        _ => None,
    };
    let after = |c: &Create| form_text(&tokens[c.after_name.min(tokens.len())..], &row.sql);
    let mut parts = match (row.kind, &header) {
        (ObjectKind::Table, _) => table_parts(conn, row, tokens, header.as_ref())?,
        (ObjectKind::Index, Some(c)) => vec![whole(index_form(conn, row, tokens, c)?)],
        (_, Some(c)) => vec![whole(after(c))],
        (_, None) => vec![whole(form_text(tokens, &row.sql))],
    };
    parts.sort();
    Ok(Object {
        kind: row.kind,
        name: row.name.clone(),
        parts,
    })
}

fn whole(form: String) -> Part {
    Part {
        column: None,
        column_name: None,
        form,
    }
}

fn words_upper(text: &str) -> String {
    let script = Script::parse(text);
    join(script.tokens.iter().map(|t| checksum_token(t, text)))
}

/// The canonical text of an SQL expression that SQLite handed back.
fn expr_form(text: &str) -> String {
    let script = Script::parse(text);
    form_text(&script.tokens, text)
}

/// A table: one part per column, and one for its constraints and options.
fn table_parts(
    conn: &Connection,
    row: &SchemaRow,
    tokens: &[Token],
    header: Option<&Create>,
) -> rusqlite::Result<Vec<Part>> {
    let sql = row.sql.as_str();
    let def = header.and_then(|c| TableDef::parse(tokens, sql, c.after_name));
    let declared = Declared::read(def.as_ref(), tokens, sql);
    let (mut parts, pk) = column_parts(conn, row, &declared, tokens)?;
    let mut constraints: Vec<String> = Vec::new();
    if !pk.is_empty() {
        constraints.push(format!("PRIMARY KEY ({})", pk.join(", ")));
    }
    constraints.extend(unique_constraints(conn, &row.name)?);
    constraints.extend(foreign_keys(conn, &row.name)?);
    let mut checks = declared.checks;
    checks.sort();
    constraints.extend(checks.into_iter().map(|c| format!("CHECK ({c})")));
    for (set, option) in [
        (
            def.as_ref().is_some_and(|d| d.autoincrement),
            "AUTOINCREMENT",
        ),
        (
            def.as_ref().is_some_and(|d| d.without_rowid),
            "WITHOUT ROWID",
        ),
        (def.as_ref().is_some_and(|d| d.strict), "STRICT"),
    ] {
        if set {
            constraints.push(option.into());
        }
    }
    parts.push(whole(constraints.join(", ")));
    Ok(parts)
}

/// What only a table's SQL says (the pragmas do not): each column's
/// collation and generated expression, and every `CHECK`.
struct Declared {
    extras: HashMap<String, ColumnExtras>,
    checks: Vec<String>,
}

impl Declared {
    fn read(def: Option<&TableDef>, tokens: &[Token], sql: &str) -> Self {
        let mut declared = Declared {
            extras: HashMap::new(),
            checks: Vec::new(),
        };
        let Some(def) = def else {
            return declared;
        };
        for col in &def.columns {
            let e = ColumnExtras::parse(tokens, sql, col.rest.clone());
            let checks = e.checks.iter().map(|r| form_text(&tokens[r.clone()], sql));
            declared.checks.extend(checks);
            declared.extras.insert(col.name.key(), e);
        }
        for item in &def.constraints {
            if let Some(r) = table_check(tokens, sql, item.clone()) {
                declared.checks.push(form_text(&tokens[r], sql));
            }
        }
        declared
    }
}

/// One part per column, as `pragma_table_xinfo` reports it, and the
/// primary key's columns in key order.
fn column_parts(
    conn: &Connection,
    row: &SchemaRow,
    declared: &Declared,
    tokens: &[Token],
) -> rusqlite::Result<(Vec<Part>, Vec<String>)> {
    let mut stmt = conn.prepare_cached(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden \
         FROM pragma_table_xinfo(?1, 'main') ORDER BY cid",
    )?;
    let columns = stmt.query_map([&row.name], |r| {
        Ok(Column {
            name: r.get(0)?,
            decl: r.get(1)?,
            notnull: r.get(2)?,
            default: r.get(3)?,
            pk: r.get(4)?,
            hidden: r.get(5)?,
        })
    })?;
    let mut parts = Vec::new();
    let mut pk: Vec<(i64, String)> = Vec::new();
    for c in columns {
        let c = c?;
        let k = key(&c.name);
        if c.pk > 0 {
            pk.push((c.pk, canonical_identifier(&c.name)));
        }
        let extra = declared.extras.get(&k).cloned().unwrap_or_default();
        let form = c.form(&extra, tokens, &row.sql);
        parts.push(Part {
            column: Some(k),
            column_name: Some(c.name),
            form,
        });
    }
    pk.sort();
    Ok((parts, pk.into_iter().map(|(_, c)| c).collect()))
}

/// A row of `pragma_table_xinfo`.
struct Column {
    name: String,
    decl: String,
    notnull: bool,
    default: Option<String>,
    pk: i64,
    hidden: i64,
}

impl Column {
    /// `INTEGER NOT NULL DEFAULT 0 COLLATE NOCASE AS (…) STORED`.
    fn form(&self, extra: &ColumnExtras, tokens: &[Token], sql: &str) -> String {
        let mut words = vec![words_upper(&self.decl)];
        if self.notnull {
            words.push("NOT NULL".into());
        }
        if let Some(d) = &self.default {
            words.push(format!("DEFAULT {}", expr_form(d)));
        }
        if let Some(coll) = extra.collation.as_deref().filter(|c| *c != "BINARY") {
            words.push(format!("COLLATE {coll}"));
        }
        match self.hidden {
            2 | 3 => {
                let expr = extra
                    .generated
                    .clone()
                    .map(|r| form_text(&tokens[r], sql))
                    .unwrap_or_default();
                let how = if self.hidden == 3 {
                    "STORED"
                } else {
                    "VIRTUAL"
                };
                words.push(format!("AS ({expr}) {how}"));
            }
            1 => words.push("HIDDEN".into()),
            _ => {}
        }
        words.retain(|w| !w.is_empty());
        words.join(" ")
    }
}

/// `UNIQUE (a, b)` for each UNIQUE constraint of `table`, sorted.
fn unique_constraints(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut idx =
        conn.prepare_cached("SELECT name FROM pragma_index_list(?1, 'main') WHERE origin = 'u'")?;
    let names: Vec<String> = idx
        .query_map([table], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let mut uniques = Vec::new();
    for index in names {
        uniques.push(format!("UNIQUE ({})", index_columns(conn, &index, &[])?));
    }
    uniques.sort();
    Ok(uniques)
}

/// One `FOREIGN KEY` constraint, gathered from its pragma rows.
struct ForeignKey {
    id: i64,
    parent: String,
    from: Vec<String>,
    to: Vec<String>,
    actions: String,
}

fn foreign_keys(conn: &Connection, table: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, \"table\", \"from\", \"to\", on_update, on_delete, \"match\" \
         FROM pragma_foreign_key_list(?1, 'main') ORDER BY id, seq",
    )?;
    let rows = stmt.query_map([table], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, String>(6)?,
        ))
    })?;
    let mut groups: Vec<ForeignKey> = Vec::new();
    for row in rows {
        let (id, parent, from, to, on_update, on_delete, matching) = row?;
        if groups.last().is_none_or(|g| g.id != id) {
            let mut actions = String::new();
            for (what, action) in [("UPDATE", on_update), ("DELETE", on_delete)] {
                if action != "NO ACTION" {
                    actions.push_str(&format!(" ON {what} {action}"));
                }
            }
            if matching != "NONE" {
                actions.push_str(&format!(" MATCH {matching}"));
            }
            groups.push(ForeignKey {
                id,
                parent: canonical_identifier(&parent),
                from: Vec::new(),
                to: Vec::new(),
                actions,
            });
        }
        let Some(g) = groups.last_mut() else { continue };
        g.from
            .push(from.map(|f| canonical_identifier(&f)).unwrap_or_default());
        if let Some(to) = to {
            g.to.push(canonical_identifier(&to));
        }
    }
    let mut out: Vec<String> = groups
        .into_iter()
        .map(|g| {
            let to = if g.to.is_empty() {
                String::new()
            } else {
                format!(" ({})", g.to.join(", "))
            };
            format!(
                "FOREIGN KEY ({}) REFERENCES {}{to}{}",
                g.from.join(", "),
                g.parent,
                g.actions
            )
        })
        .collect();
    out.sort();
    Ok(out)
}

/// `a, b DESC, lower(c) COLLATE NOCASE`: the key columns of an index.
/// `exprs` holds the index's own item texts, for expression columns.
fn index_columns(conn: &Connection, index: &str, exprs: &[String]) -> rusqlite::Result<String> {
    let mut stmt = conn.prepare_cached(
        "SELECT seqno, cid, name, \"desc\", coll FROM pragma_index_xinfo(?1, 'main') \
         WHERE key = 1 ORDER BY seqno",
    )?;
    let rows = stmt.query_map(params![index], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, Option<String>>(2)?,
            r.get::<_, bool>(3)?,
            r.get::<_, Option<String>>(4)?,
        ))
    })?;
    let mut items = Vec::new();
    for row in rows {
        let (seqno, cid, name, desc, coll) = row?;
        let mut item = match (cid, name) {
            (-2, _) => usize::try_from(seqno)
                .ok()
                .and_then(|i| exprs.get(i).cloned())
                .unwrap_or_else(|| "<expression>".into()),
            (-1, _) => "rowid".into(),
            (_, Some(n)) => canonical_identifier(&n),
            (_, None) => "?".into(),
        };
        if let Some(coll) = coll.filter(|c| !c.eq_ignore_ascii_case("BINARY")) {
            item.push_str(&format!(" COLLATE {}", coll.to_ascii_uppercase()));
        }
        if desc {
            item.push_str(" DESC");
        }
        items.push(item);
    }
    Ok(items.join(", "))
}

fn index_form(
    conn: &Connection,
    row: &SchemaRow,
    tokens: &[Token],
    create: &Create,
) -> rusqlite::Result<String> {
    let sql = row.sql.as_str();
    let unique = tokens
        .get(1)
        .is_some_and(|t| t.text(sql).eq_ignore_ascii_case("UNIQUE"));
    // The item list after `ON table`: expression items come from the text,
    // with their trailing COLLATE / ASC / DESC left to the pragma.
    let open = tokens
        .iter()
        .enumerate()
        .skip(create.after_name)
        .find(|(_, t)| t.text(sql) == "(")
        .map(|(i, _)| i);
    let mut exprs = Vec::new();
    let mut rest = String::new();
    if let Some(open) = open {
        let close = group_end(tokens, sql, open);
        for item in split_commas(tokens, sql, open + 1..close.saturating_sub(1)) {
            exprs.push(expression_item(&tokens[item], sql));
        }
        rest = form_text(&tokens[close.min(tokens.len())..], sql);
    }
    let columns = index_columns(conn, &row.name, &exprs)?;
    let mut form = format!(
        "{}ON {}({columns})",
        if unique { "UNIQUE " } else { "" },
        canonical_identifier(&row.table)
    );
    if !rest.is_empty() {
        form.push(' ');
        form.push_str(&rest);
    }
    Ok(form)
}

fn expression_item(tokens: &[Token], sql: &str) -> String {
    let mut end = tokens.len();
    loop {
        let word = |i: usize| tokens.get(i).map(|t| t.text(sql).to_ascii_uppercase());
        if end >= 1 && matches!(word(end - 1).as_deref(), Some("ASC" | "DESC")) {
            end -= 1;
        } else if end >= 2 && word(end - 2).as_deref() == Some("COLLATE") {
            end -= 2;
        } else {
            break;
        }
    }
    form_text(&tokens[..end], sql)
}

impl Object {
    /// The object rendered for a message: `ON tokens(token_hash)`, or a
    /// table's columns and constraints.
    pub fn display(&self) -> String {
        display_parts(&self.parts)
    }
}

/// Renders parts as one line: `(a TEXT, b INTEGER; PRIMARY KEY (a))`.
pub fn display_parts(parts: &[Part]) -> String {
    let columns: Vec<String> = parts
        .iter()
        .filter_map(|p| {
            let name = p.column_name.as_deref()?;
            Some(if p.form.is_empty() {
                canonical_identifier(name)
            } else {
                format!("{} {}", canonical_identifier(name), p.form)
            })
        })
        .collect();
    let definition = parts
        .iter()
        .find(|p| p.column.is_none())
        .map_or("", |p| p.form.as_str());
    if columns.is_empty() {
        return definition.to_string();
    }
    if definition.is_empty() {
        format!("({})", columns.join(", "))
    } else {
        format!("({}; {definition})", columns.join(", "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(sql: &str) -> HashMap<String, Object> {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(sql).unwrap();
        objects(&conn)
            .unwrap()
            .into_iter()
            .map(|o| (key(&o.name), o))
            .collect()
    }

    #[test]
    fn layout_quoting_case_and_column_order_do_not_matter() {
        let a = forms(
            "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL DEFAULT '', slug TEXT UNIQUE);\
             CREATE INDEX idx ON notes(slug, body DESC);\
             CREATE VIEW v AS SELECT id FROM notes WHERE body <> '';",
        );
        let b = forms(
            "create table \"Notes\" (\n  slug text unique,\n  [id] integer,\n  body TEXT not null default '',\n  primary key (id)\n);\
             create index [IDX] on Notes ( slug , body desc );\
             create view v as\n  select ID from NOTES where BODY <> '' -- comment\n;",
        );
        assert_eq!(a["notes"].parts, b["notes"].parts);
        assert_eq!(a["idx"].parts, b["idx"].parts);
        assert_eq!(a["v"].parts, b["v"].parts);
        assert_eq!(a["idx"].display(), "ON notes(slug, body DESC)");
    }

    #[test]
    fn a_missing_unique_constraint_is_a_different_table() {
        let a = forms("CREATE TABLE t (a TEXT UNIQUE, b INT);");
        let b = forms("CREATE TABLE t (a TEXT, b INT);");
        assert_ne!(a["t"].parts, b["t"].parts);
    }

    #[test]
    fn added_columns_equal_inline_ones() {
        let a = forms("CREATE TABLE t (a TEXT); ALTER TABLE t ADD COLUMN b TEXT DEFAULT 'x';");
        let b = forms("CREATE TABLE t (b TEXT DEFAULT 'x', a TEXT);");
        assert_eq!(a["t"].parts, b["t"].parts);
    }

    #[test]
    fn structure_differences_show() {
        let pairs = [
            ("CREATE TABLE t (a TEXT)", "CREATE TABLE t (a INT)"),
            (
                "CREATE TABLE t (a TEXT)",
                "CREATE TABLE t (a TEXT NOT NULL)",
            ),
            (
                "CREATE TABLE t (a TEXT)",
                "CREATE TABLE t (a TEXT COLLATE NOCASE)",
            ),
            (
                "CREATE TABLE t (a INT CHECK (a > 0))",
                "CREATE TABLE t (a INT CHECK (a > 1))",
            ),
            (
                "CREATE TABLE t (a INT, b AS (a + 1))",
                "CREATE TABLE t (a INT, b AS (a + 2))",
            ),
            (
                "CREATE TABLE t (a INT PRIMARY KEY)",
                "CREATE TABLE t (a INT PRIMARY KEY) WITHOUT ROWID",
            ),
            ("CREATE TABLE t (a INT)", "CREATE TABLE t (a INT) STRICT"),
            (
                "CREATE TABLE t (id INTEGER PRIMARY KEY)",
                "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT)",
            ),
            (
                "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INT REFERENCES p(id))",
                "CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE t (a INT REFERENCES p(id) ON DELETE CASCADE)",
            ),
        ];
        for (x, y) in pairs {
            assert_ne!(forms(x)["t"].parts, forms(y)["t"].parts, "{x} vs {y}");
        }
    }

    #[test]
    fn index_structure() {
        let base = "CREATE TABLE t (a TEXT, b TEXT);";
        let form = |idx: &str| forms(&format!("{base}{idx}"))["i"].display();
        assert_eq!(form("CREATE INDEX i ON t(b, a)"), "ON t(b, a)");
        assert_eq!(
            form("CREATE UNIQUE INDEX i ON t(a) WHERE b IS NOT NULL"),
            "UNIQUE ON t(a) WHERE b IS NOT NULL"
        );
        assert_eq!(
            form("CREATE INDEX i ON t(lower(a) COLLATE nocase DESC)"),
            "ON t(lower(a) COLLATE NOCASE DESC)"
        );
        assert_ne!(
            form("CREATE INDEX i ON t(a, b)"),
            form("CREATE INDEX i ON t(b, a)")
        );
    }

    #[test]
    fn internal_and_shadow_objects_are_not_part_of_the_schema() {
        let f = forms(
            "CREATE TABLE t (a TEXT UNIQUE, id INTEGER PRIMARY KEY AUTOINCREMENT);\
             CREATE VIRTUAL TABLE f USING fts5(body);\
             CREATE TABLE schemaguard_migrations (version INTEGER PRIMARY KEY);",
        );
        let mut names: Vec<_> = f.keys().cloned().collect();
        names.sort();
        assert_eq!(names, ["f", "t"]);
        assert_eq!(f["f"].kind, ObjectKind::VirtualTable);
        assert_eq!(f["f"].display(), "USING fts5(body)");
    }

    #[test]
    fn table_display_lists_columns_and_constraints() {
        let f = forms("CREATE TABLE t (b TEXT NOT NULL, a INTEGER PRIMARY KEY)");
        assert_eq!(
            f["t"].display(),
            "(a INTEGER, b TEXT NOT NULL; PRIMARY KEY (a))"
        );
    }
}
