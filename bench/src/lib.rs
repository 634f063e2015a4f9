//! Synthetic migration corpora: deterministic, valid, and as varied as a
//! real project's history (tables, indexes, added and generated columns,
//! views that evolve, triggers, table rebuilds, FTS5, data-only steps).

use std::fmt::Write as _;
use std::path::Path;

/// A base schema and numbered migrations.
#[derive(Clone, Debug)]
pub struct Corpus {
    /// The base schema's SQL.
    pub base: String,
    /// `(file name, SQL)` of each migration, in order.
    pub migrations: Vec<(String, String)>,
}

/// What the generator knows about a table it created.
#[derive(Clone, Debug)]
struct Table {
    name: String,
    columns: Vec<String>,
    /// Views read it: a rebuild would break them mid-migration.
    viewed: bool,
    indexes: Vec<(String, String)>,
}

/// Deterministic pseudo-random numbers (xorshift), so corpora are stable.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % n.max(1) as u64).unwrap_or(0)
    }
}

impl Corpus {
    /// A corpus of `n` migrations on a three-table base schema.
    pub fn generate(n: usize) -> Self {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let mut tables: Vec<Table> = Vec::new();
        let mut base = String::from("-- synthetic base schema\n");
        for t in 0..3 {
            let name = format!("base_{t}");
            writeln!(
                base,
                "CREATE TABLE {name} (\n    id INTEGER PRIMARY KEY,\n    title TEXT NOT NULL,\n    created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP\n);\nCREATE INDEX idx_{name}_created ON {name}(created_at);"
            )
            .unwrap();
            tables.push(Table {
                name,
                columns: vec!["id".into(), "title".into(), "created_at".into()],
                viewed: false,
                indexes: Vec::new(),
            });
        }
        let mut views: Vec<(String, usize)> = Vec::new();
        let mut migrations = Vec::with_capacity(n);
        for i in 1..=n {
            let mut sql = String::new();
            let kind = i % 10;
            let pick = rng.below(tables.len());
            match kind {
                0 | 5 if i % 50 == 0 => {
                    writeln!(sql, "CREATE VIRTUAL TABLE search_{i} USING fts5(title, body, tokenize = 'porter');").unwrap();
                }
                0 => {
                    let parent = &tables[pick].name;
                    let name = format!("t_{i}");
                    writeln!(
                        sql,
                        "CREATE TABLE {name} (\n    id INTEGER PRIMARY KEY AUTOINCREMENT,\n    {parent}_id INTEGER REFERENCES {parent}(id) ON DELETE CASCADE,\n    name TEXT NOT NULL COLLATE NOCASE,\n    amount INTEGER NOT NULL DEFAULT 0 CHECK (amount >= 0),\n    UNIQUE ({parent}_id, name)\n);"
                    )
                    .unwrap();
                    tables.push(Table {
                        name,
                        columns: vec![
                            "id".into(),
                            format!("{parent}_id"),
                            "name".into(),
                            "amount".into(),
                        ],
                        viewed: false,
                        indexes: Vec::new(),
                    });
                }
                1 | 9 => {
                    let t = &mut tables[pick];
                    let col = t.columns[rng.below(t.columns.len())].clone();
                    let idx = format!("idx_{i}_{}_{col}", t.name);
                    let def = if kind == 9 {
                        format!(
                            "CREATE INDEX {idx} ON {}({col}) WHERE {col} IS NOT NULL",
                            t.name
                        )
                    } else {
                        format!("CREATE INDEX {idx} ON {}({col} DESC)", t.name)
                    };
                    writeln!(sql, "{def};").unwrap();
                    t.indexes.push((idx, def));
                }
                2 => {
                    let t = &mut tables[pick];
                    let col = format!("extra_{i}");
                    writeln!(
                        sql,
                        "ALTER TABLE {} ADD COLUMN {col} TEXT DEFAULT 'none';",
                        t.name
                    )
                    .unwrap();
                    t.columns.push(col);
                }
                3 => {
                    let t = &mut tables[pick];
                    t.viewed = true;
                    let view = format!("v_{i}");
                    writeln!(
                        sql,
                        "CREATE VIEW {view} AS SELECT id, {} FROM {} WHERE id > 0;",
                        t.columns[1], t.name
                    )
                    .unwrap();
                    views.push((view, pick));
                }
                4 if !views.is_empty() => {
                    let (view, t) = views[rng.below(views.len())].clone();
                    let t = &tables[t];
                    writeln!(
                        sql,
                        "DROP VIEW {view};\nCREATE VIEW {view} AS SELECT id, {} AS label FROM {} ORDER BY id DESC;",
                        t.columns[t.columns.len() - 1],
                        t.name
                    )
                    .unwrap();
                }
                5 => {
                    let t = &tables[pick];
                    writeln!(
                        sql,
                        "CREATE TRIGGER trg_{i} AFTER UPDATE OF {col} ON {name}\nFOR EACH ROW WHEN NEW.{col} IS NOT OLD.{col}\nBEGIN\n    UPDATE {name} SET {col} = NEW.{col} WHERE id = NEW.id AND 0;\n    SELECT CASE WHEN NEW.id < 0 THEN RAISE(ABORT, 'negative; id') END;\nEND;",
                        col = t.columns[1],
                        name = t.name
                    )
                    .unwrap();
                }
                6 | 4 => {
                    let t = &tables[pick];
                    writeln!(
                        sql,
                        "-- schemaguard: rerunnable\n-- data only (idempotent)\nUPDATE {} SET {} = {} WHERE id < 0;",
                        t.name, t.columns[1], t.columns[1]
                    )
                    .unwrap();
                }
                7 => {
                    // SQLite's table rebuild, with its indexes re-created.
                    let Some(t) = tables
                        .iter_mut()
                        .skip(3)
                        .filter(|t| !t.viewed)
                        .nth(rng.below(4))
                    else {
                        writeln!(sql, "-- schemaguard: rerunnable\nSELECT 1;").unwrap();
                        migrations.push((format!("{i:04}_noop.sql"), sql));
                        continue;
                    };
                    let cols = t.columns.join(", ");
                    let mut defs: Vec<String> =
                        t.columns.iter().map(|c| format!("{c} ANY")).collect();
                    defs[0] = "id INTEGER PRIMARY KEY".into();
                    writeln!(sql, "-- schemaguard: foreign-keys-off").unwrap();
                    writeln!(sql, "CREATE TABLE {0}_new ({1});\nINSERT INTO {0}_new ({cols}) SELECT {cols} FROM {0};\nDROP TABLE {0};\nALTER TABLE {0}_new RENAME TO {0};", t.name, defs.join(", ")).unwrap();
                    for (_, def) in &t.indexes {
                        writeln!(sql, "{def};").unwrap();
                    }
                }
                _ => {
                    let t = &mut tables[pick];
                    let col = format!("gen_{i}");
                    writeln!(sql, "ALTER TABLE {} ADD COLUMN {col} INTEGER GENERATED ALWAYS AS (length({})) VIRTUAL;", t.name, t.columns[1]).unwrap();
                    t.columns.push(col);
                }
            }
            migrations.push((format!("{i:04}_step_{kind}.sql"), sql));
        }
        Corpus { base, migrations }
    }

    /// Total bytes of SQL.
    pub fn sql_len(&self) -> usize {
        self.base.len() + self.migrations.iter().map(|(_, s)| s.len()).sum::<usize>()
    }

    /// Every file's SQL, base schema first, as one script.
    pub fn concatenated(&self) -> String {
        let mut all = self.base.clone();
        for (_, sql) in &self.migrations {
            all.push('\n');
            all.push_str(sql);
        }
        all
    }

    /// Writes the corpus into `dir` and returns the input that reads it, as
    /// `schema!()` would.
    pub fn project(&self, dir: &Path) -> std::io::Result<schemaguard_core::files::Input> {
        self.write(dir)?;
        Ok(schemaguard_core::files::Input {
            root: dir.to_path_buf(),
            base: "schema.sql".into(),
            migrations: "migrations".into(),
            ..Default::default()
        })
    }

    /// Writes `schema.sql` and `migrations/` into `dir`.
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir.join("migrations"))?;
        std::fs::write(dir.join("schema.sql"), &self.base)?;
        for (name, sql) in &self.migrations {
            std::fs::write(dir.join("migrations").join(name), sql)?;
        }
        Ok(())
    }
}

pub mod queries;
