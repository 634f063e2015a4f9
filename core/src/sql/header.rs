//! The small part of a statement the rules need: what it does to which
//! name. Everything else is left to SQLite.

use super::lexer::{Token, TokenKind};
use super::name::{Name, read_name};
use crate::object::ObjectKind;

/// What a statement is, as far as the rules care.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Header {
    /// `CREATE [TEMP] [UNIQUE|VIRTUAL] TABLE|INDEX|VIEW|TRIGGER …`.
    Create(Create),
    /// `DROP TABLE|INDEX|VIEW|TRIGGER …`.
    Drop(Drop),
    /// `ALTER TABLE …`.
    AlterTable(AlterTable),
    /// `BEGIN`, `COMMIT`, `END`, `ROLLBACK` (not `ROLLBACK TO`).
    Transaction,
    /// `SAVEPOINT`, `RELEASE`, `ROLLBACK TO`: fine inside a transaction.
    Savepoint,
    /// `VACUUM`.
    Vacuum,
    /// `PRAGMA [schema.]name [= value | (value)]`.
    Pragma(Pragma),
    /// `ATTACH` or `DETACH`.
    Attach,
    /// `INSERT`, `UPDATE`, `DELETE`, `REPLACE`, `SELECT`, `WITH`, `VALUES`.
    Data,
    /// `ANALYZE`, `REINDEX`, `EXPLAIN …` and anything unrecognised.
    Other,
}

/// A `CREATE` statement's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Create {
    /// What it creates.
    pub kind: ObjectKind,
    /// The name it creates.
    pub name: Name,
    /// `IF NOT EXISTS` was given.
    pub if_not_exists: bool,
    /// `CREATE TEMP …`, or a `temp.` qualifier.
    pub temp: bool,
    /// For indexes and triggers: the table after `ON`.
    pub on: Option<Name>,
    /// Index (into the statement's tokens) of the first token after the name.
    pub after_name: usize,
}

/// A `DROP` statement's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Drop {
    /// What it drops (tables and virtual tables are both [`ObjectKind::Table`]).
    pub kind: ObjectKind,
    /// The name it drops.
    pub name: Name,
    /// `IF EXISTS` was given.
    pub if_exists: bool,
}

/// An `ALTER TABLE` statement's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlterTable {
    /// The table altered.
    pub table: Name,
    /// What is done to it.
    pub action: AlterAction,
}

/// What an `ALTER TABLE` does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AlterAction {
    /// `RENAME TO new`.
    RenameTo(Name),
    /// `RENAME [COLUMN] from TO to`.
    RenameColumn {
        /// The old column name.
        from: Name,
        /// The new column name.
        to: Name,
    },
    /// `ADD [COLUMN] name …`; `after_name` indexes the statement's tokens.
    AddColumn {
        /// The column added.
        column: Name,
        /// Index of the first token of the column's definition after its name.
        after_name: usize,
    },
    /// `DROP [COLUMN] name`.
    DropColumn(Name),
    /// Something this parser does not know; SQLite will judge it.
    Unknown,
}

/// A `PRAGMA` statement's header.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pragma {
    /// The pragma's name, lower case.
    pub name: String,
    /// It sets a value (`= x` or `(x)`) rather than reading one.
    pub sets: bool,
}

impl Create {
    /// Whether it creates an object of the main schema (not `TEMP`, not in
    /// an attached database): only those are the application's schema.
    pub fn in_main(&self) -> bool {
        !self.temp && self.name.schema.is_none()
    }
}

impl Header {
    /// Reads the header of one statement from its significant tokens.
    pub fn parse(tokens: &[Token], source: &str) -> Self {
        let cursor = Cursor {
            tokens,
            source,
            pos: 0,
        };
        cursor.header().unwrap_or(Header::Other)
    }
}

struct Cursor<'a> {
    tokens: &'a [Token],
    source: &'a str,
    pos: usize,
}

impl Cursor<'_> {
    fn peek_word(&self) -> Option<String> {
        let t = self.tokens.get(self.pos)?;
        (t.kind == TokenKind::Word).then(|| t.text(self.source).to_ascii_uppercase())
    }

    fn eat(&mut self, word: &str) -> bool {
        if self.peek_word().as_deref() == Some(word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_all(&mut self, words: &[&str]) -> bool {
        let start = self.pos;
        for w in words {
            if !self.eat(w) {
                self.pos = start;
                return false;
            }
        }
        true
    }

    fn name(&mut self) -> Option<Name> {
        let (name, used) = read_name(&self.tokens[self.pos.min(self.tokens.len())..], self.source)?;
        self.pos += used;
        Some(name)
    }

    fn header(mut self) -> Option<Header> {
        let first = self.peek_word()?;
        self.pos += 1;
        Some(match first.as_str() {
            "CREATE" => Header::Create(self.create()?),
            "DROP" => Header::Drop(self.drop()?),
            "ALTER" => Header::AlterTable(self.alter()?),
            "BEGIN" | "COMMIT" | "END" => Header::Transaction,
            "ROLLBACK" => {
                self.eat("TRANSACTION");
                if self.eat("TO") {
                    Header::Savepoint
                } else {
                    Header::Transaction
                }
            }
            "SAVEPOINT" | "RELEASE" => Header::Savepoint,
            "VACUUM" => Header::Vacuum,
            "PRAGMA" => {
                let name = self.name()?;
                let sets = self
                    .tokens
                    .get(self.pos)
                    .is_some_and(|t| matches!(t.text(self.source), "=" | "("));
                Header::Pragma(Pragma {
                    name: name.key(),
                    sets,
                })
            }
            "ATTACH" | "DETACH" => Header::Attach,
            "INSERT" | "UPDATE" | "DELETE" | "REPLACE" | "SELECT" | "WITH" | "VALUES" => {
                Header::Data
            }
            _ => Header::Other,
        })
    }

    fn create(&mut self) -> Option<Create> {
        let temp = self.eat("TEMP") || self.eat("TEMPORARY");
        let kind = if self.eat("TABLE") {
            ObjectKind::Table
        } else if self.eat_all(&["VIRTUAL", "TABLE"]) {
            ObjectKind::VirtualTable
        } else if self.eat("INDEX") || self.eat_all(&["UNIQUE", "INDEX"]) {
            ObjectKind::Index
        } else if self.eat("VIEW") {
            ObjectKind::View
        } else if self.eat("TRIGGER") {
            ObjectKind::Trigger
        } else {
            return None;
        };
        let if_not_exists = self.eat_all(&["IF", "NOT", "EXISTS"]);
        let name = self.name()?;
        let after_name = self.pos;
        let on = match kind {
            ObjectKind::Index => self.eat("ON").then(|| self.name()).flatten(),
            ObjectKind::Trigger => self.trigger_table(),
            _ => None,
        };
        Some(Create {
            kind,
            temp: temp || name.is_temp(),
            name,
            if_not_exists,
            on,
            after_name,
        })
    }

    /// `[BEFORE|AFTER|INSTEAD OF] event [OF cols] ON table`: the first `ON`.
    fn trigger_table(&mut self) -> Option<Name> {
        while self.pos < self.tokens.len() {
            if self.eat("ON") {
                return self.name();
            }
            self.pos += 1;
        }
        None
    }

    fn drop(&mut self) -> Option<Drop> {
        let kind = if self.eat("TABLE") {
            ObjectKind::Table
        } else if self.eat("INDEX") {
            ObjectKind::Index
        } else if self.eat("VIEW") {
            ObjectKind::View
        } else if self.eat("TRIGGER") {
            ObjectKind::Trigger
        } else {
            return None;
        };
        let if_exists = self.eat_all(&["IF", "EXISTS"]);
        let name = self.name()?;
        Some(Drop {
            kind,
            name,
            if_exists,
        })
    }

    fn alter(&mut self) -> Option<AlterTable> {
        if !self.eat("TABLE") {
            return None;
        }
        let table = self.name()?;
        let action = self.alter_action().unwrap_or(AlterAction::Unknown);
        Some(AlterTable { table, action })
    }

    fn alter_action(&mut self) -> Option<AlterAction> {
        if self.eat("RENAME") {
            if self.eat("TO") {
                return Some(AlterAction::RenameTo(self.name()?));
            }
            self.eat("COLUMN");
            let from = self.name()?;
            if !self.eat("TO") {
                return None;
            }
            let to = self.name()?;
            return Some(AlterAction::RenameColumn { from, to });
        }
        if self.eat("ADD") {
            // `ADD COLUMN x` or `ADD x`; a column literally named "column"
            // is `ADD COLUMN column`.
            let explicit = self.peek_word().as_deref() == Some("COLUMN")
                && self
                    .tokens
                    .get(self.pos + 1)
                    .is_some_and(super::name::is_name_token);
            if explicit {
                self.pos += 1;
            }
            let column = self.name()?;
            return Some(AlterAction::AddColumn {
                column,
                after_name: self.pos,
            });
        }
        if self.eat("DROP") {
            let explicit = self.peek_word().as_deref() == Some("COLUMN")
                && self
                    .tokens
                    .get(self.pos + 1)
                    .is_some_and(super::name::is_name_token);
            if explicit {
                self.pos += 1;
            }
            return Some(AlterAction::DropColumn(self.name()?));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sql::split::Script;

    fn header(sql: &str) -> Header {
        let script = Script::parse(sql);
        Header::parse(script.tokens_of(&script.statements[0]), sql)
    }

    fn create(sql: &str) -> Create {
        match header(sql) {
            Header::Create(c) => c,
            other => panic!("{sql}: {other:?}"),
        }
    }

    #[test]
    fn create_index_if_not_exists() {
        let c = create("CREATE INDEX IF NOT EXISTS \"idx_tokens_hash\" ON tokens(token_hash);");
        assert_eq!(c.kind, ObjectKind::Index);
        assert!(c.if_not_exists);
        assert_eq!(c.name.key(), "idx_tokens_hash");
        assert_eq!(c.on.unwrap().key(), "tokens");
    }

    #[test]
    fn create_kinds() {
        assert_eq!(
            create("create unique index u on t(a)").kind,
            ObjectKind::Index
        );
        assert_eq!(
            create("CREATE VIRTUAL TABLE f USING fts5(body)").kind,
            ObjectKind::VirtualTable
        );
        assert!(create("CREATE TEMP VIEW v AS SELECT 1").temp);
        assert!(create("CREATE TABLE temp.x(a)").temp);
        let t = create(
            "CREATE TRIGGER IF NOT EXISTS trg AFTER UPDATE OF a ON main.notes BEGIN SELECT 1; END",
        );
        assert_eq!(t.kind, ObjectKind::Trigger);
        assert_eq!(t.on.unwrap().key(), "notes");
    }

    #[test]
    fn alter_table_actions() {
        let Header::AlterTable(a) = header("ALTER TABLE t_new RENAME TO t") else {
            panic!()
        };
        assert_eq!(a.table.key(), "t_new");
        assert!(matches!(a.action, AlterAction::RenameTo(ref n) if n.key() == "t"));

        let Header::AlterTable(a) = header("ALTER TABLE auth_state ADD COLUMN code_verifier TEXT")
        else {
            panic!()
        };
        assert!(
            matches!(a.action, AlterAction::AddColumn { ref column, .. } if column.key() == "code_verifier")
        );

        let Header::AlterTable(a) = header("alter table t add c int") else {
            panic!()
        };
        assert!(
            matches!(a.action, AlterAction::AddColumn { ref column, .. } if column.key() == "c")
        );

        let Header::AlterTable(a) = header("ALTER TABLE t ADD COLUMN column TEXT") else {
            panic!()
        };
        assert!(
            matches!(a.action, AlterAction::AddColumn { ref column, .. } if column.key() == "column")
        );

        let Header::AlterTable(a) = header("ALTER TABLE t RENAME a TO b") else {
            panic!()
        };
        assert!(matches!(a.action, AlterAction::RenameColumn { .. }));

        let Header::AlterTable(a) = header("ALTER TABLE t DROP COLUMN c") else {
            panic!()
        };
        assert!(matches!(a.action, AlterAction::DropColumn(ref c) if c.key() == "c"));
    }

    #[test]
    fn transaction_statements() {
        assert_eq!(header("BEGIN IMMEDIATE"), Header::Transaction);
        assert_eq!(header("end transaction"), Header::Transaction);
        assert_eq!(header("ROLLBACK"), Header::Transaction);
        assert_eq!(header("ROLLBACK TO sp"), Header::Savepoint);
        assert_eq!(
            header("ROLLBACK TRANSACTION TO SAVEPOINT sp"),
            Header::Savepoint
        );
        assert_eq!(header("VACUUM"), Header::Vacuum);
    }

    #[test]
    fn pragmas() {
        assert_eq!(
            header("PRAGMA foreign_keys = OFF"),
            Header::Pragma(Pragma {
                name: "foreign_keys".into(),
                sets: true
            })
        );
        assert_eq!(
            header("pragma main.journal_mode"),
            Header::Pragma(Pragma {
                name: "journal_mode".into(),
                sets: false
            })
        );
        assert!(matches!(
            header("PRAGMA user_version(3)"),
            Header::Pragma(Pragma { sets: true, .. })
        ));
    }

    #[test]
    fn data_and_garbage() {
        assert_eq!(
            header("WITH x AS (SELECT 1) UPDATE t SET a = 1"),
            Header::Data
        );
        assert_eq!(header("CREATE"), Header::Other);
        assert_eq!(header("CREATE TABLE"), Header::Other);
        assert_eq!(header("DROP TABLE IF EXISTS"), Header::Other);
        assert_eq!(header("42"), Header::Other);
    }

    #[test]
    fn drops() {
        let Header::Drop(d) = header("DROP TABLE IF EXISTS [tokens]") else {
            panic!()
        };
        assert!(d.if_exists);
        assert_eq!(d.name.key(), "tokens");
        assert_eq!(d.kind, ObjectKind::Table);
    }
}
