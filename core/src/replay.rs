//! Rule 4, replay: the base schema, then every migration in order, runs on
//! an empty in-memory SQLite, statement by statement, so every error has a
//! file, a line and a column. The other rules look at each statement first.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use crate::catalog::{Catalog, Origin};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::directive::Directives;
use crate::files::SqlFile;
use crate::history::{History, HistoryBuilder};
use crate::introspect::schema_rows;
use crate::rules::{Site, column_ownership, double_definition, functions, ownership, transaction};
use crate::source::FileId;
use crate::sql::header::{AlterAction, Header};
use crate::sql::name::key;
use crate::sql::split::{Script, Statement};
use crate::sql::table_def::TableDef;

/// How long one statement may run in the replay before it is stopped.
pub const STATEMENT_TIMEOUT: Duration = Duration::from_secs(10);

/// The replay of one project.
pub struct Replay<'a> {
    conn: Connection,
    files: &'a [SqlFile],
    catalog: Catalog,
    history: HistoryBuilder,
    deadline: Arc<Mutex<Instant>>,
    timeout: Duration,
    /// A file could not be read: later "no such …" errors may be echoes.
    gaps: bool,
}

impl<'a> Replay<'a> {
    /// An empty in-memory database with stand-ins for `functions`.
    pub fn new(
        files: &'a [SqlFile],
        functions: &[String],
        timeout: Duration,
        diags: &mut Diagnostics,
    ) -> rusqlite::Result<Self> {
        let mut conn = Connection::open_in_memory()?;
        // Bundled SQLite enforces foreign keys by default; say so explicitly
        // so the replay behaves the same with any SQLite build.
        conn.pragma_update(None, "foreign_keys", true)?;
        functions::register_stand_ins(&conn, functions, diags);
        let deadline = Arc::new(Mutex::new(Instant::now() + timeout));
        let watch = Arc::clone(&deadline);
        conn.progress_handler(
            10_000,
            Some(move || watch.lock().is_ok_and(|d| Instant::now() > *d)),
        )?;
        Ok(Replay {
            conn,
            files,
            catalog: Catalog::default(),
            history: HistoryBuilder::default(),
            deadline,
            timeout,
            gaps: false,
        })
    }

    /// Replays every file, reporting what the rules find.
    pub fn run(
        mut self,
        scripts: &[Script],
        directives: &[Directives],
        diags: &mut Diagnostics,
    ) -> History {
        for (id, file) in self.files.iter().enumerate() {
            self.file(id, &scripts[id], &directives[id], diags);
            if let Err(e) = self.history.record(&self.conn) {
                diags.push(Diagnostic::new(
                    file.anchor(),
                    format!("cannot read the schema after {}: {e}", file.describe()),
                    "this is a bug in schemaguard: please report it with the SQL that triggers it",
                ));
            }
        }
        self.history.finish()
    }

    fn file(
        &mut self,
        id: FileId,
        script: &Script,
        directives: &Directives,
        diags: &mut Diagnostics,
    ) {
        let file = &self.files[id];
        if !file.readable {
            self.gaps = true;
            return;
        }
        let fk_off = directives.foreign_keys_off;
        if fk_off {
            let _ = self.conn.pragma_update(None, "foreign_keys", false);
        }
        let mut created = HashSet::new();
        for statement in &script.statements {
            self.statement(id, script, statement, directives, &mut created, diags);
        }
        let site = Site {
            files: self.files,
            file: id,
            directives,
            statement: &(0..0),
        };
        for d in ownership::check_replaces(&self.catalog, &site, &created) {
            diags.push(d);
        }
        if fk_off {
            let _ = self.conn.pragma_update(None, "foreign_keys", true);
        }
    }

    fn statement(
        &mut self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        directives: &Directives,
        created: &mut HashSet<String>,
        diags: &mut Diagnostics,
    ) {
        let files = self.files;
        let text = files[id].source.text.as_str();
        let tokens = script.tokens_of(statement);
        let header = Header::parse(tokens, text);
        let site = Site {
            files,
            file: id,
            directives,
            statement: &statement.span,
        };
        let first = tokens.first().map_or(statement.span.clone(), |t| t.span());
        if let Some(d) = transaction::check(&header, &site, first.clone()) {
            diags.push(d);
            return;
        }
        // Rules 1–3 look at the statement before SQLite runs it. A finding
        // about something that exists skips the statement: SQLite would
        // fail on it or silently ignore it.
        let mut skip = false;
        match &header {
            Header::Create(c) if !c.temp => {
                let head = statement.span.start..c.name.span.end;
                created.insert(c.name.key());
                let exists = self
                    .catalog
                    .get(c.kind.namespace(), &c.name.key())
                    .is_some();
                let finding = ownership::check_create(&self.catalog, &site, c, head.clone())
                    .or_else(|| double_definition::check_create(&self.catalog, &site, c, head));
                if let Some(d) = finding {
                    diags.push(d);
                    skip = exists;
                }
            }
            Header::AlterTable(a) => {
                if let AlterAction::AddColumn { column, .. } = &a.action {
                    let span = column.span.start..statement.span.end;
                    let (t, c) = (&a.table.text, &column.text);
                    let exists = self.catalog.column(&a.table.key(), &column.key()).is_some();
                    let finding = column_ownership::check_add_column(
                        &self.catalog,
                        &site,
                        t,
                        c,
                        span.clone(),
                    )
                    .or_else(|| {
                        double_definition::check_add_column(&self.catalog, &site, t, c, span)
                    });
                    if let Some(d) = finding {
                        diags.push(d);
                        skip = exists;
                    }
                }
            }
            _ => {}
        }
        if skip {
            return;
        }
        let sql = &text[statement.span.clone()];
        if let Ok(mut deadline) = self.deadline.lock() {
            *deadline = Instant::now() + self.timeout;
        }
        match self.conn.execute_batch(sql) {
            Ok(()) => self.update_catalog(id, script, statement, &header, directives),
            Err(e) => {
                if let Header::Create(c) = &header {
                    self.catalog.mark_failed(&c.name.key());
                }
                if let Header::AlterTable(a) = &header
                    && let AlterAction::AddColumn { column, .. } = &a.action
                {
                    self.catalog.mark_failed(&column.key());
                }
                if let Some(d) = self.sqlite_error(&site, statement, &e) {
                    diags.push(d);
                }
            }
        }
    }

    /// Rule 4: SQLite's own message, at the failing token.
    fn sqlite_error(
        &self,
        site: &Site<'_>,
        statement: &Statement,
        error: &rusqlite::Error,
    ) -> Option<Diagnostic> {
        let (message, offset) = match error {
            rusqlite::Error::SqlInputError { msg, offset, .. } => {
                (msg.clone(), usize::try_from(*offset).ok())
            }
            rusqlite::Error::SqliteFailure(e, _) if e.code == ErrorCode::OperationInterrupted => {
                let here = site.describe(site.file);
                return Some(
                    site.error(
                        format!(
                            "{here} did not finish within {} s in the compile-time replay",
                            self.timeout.as_secs()
                        ),
                        "the replay runs on an empty database: look for a recursive CTE without a bound, or move bulk data work out of the migration",
                    )
                    .label(site.file, statement.span.clone(), "still running when stopped"),
                );
            }
            rusqlite::Error::SqliteFailure(_, Some(msg)) => (msg.clone(), None),
            other => (other.to_string(), None),
        };
        if let Some(missing) = echo_of_earlier_failure(&message)
            && (self.catalog.has_failed(&key(missing)) || self.gaps)
        {
            return None;
        }
        let text = &site.current().source.text;
        let span = match offset {
            Some(o) => {
                let at = statement.span.start + o;
                let script = Script::parse(&text[at.min(text.len())..]);
                let len = script
                    .tokens
                    .first()
                    .filter(|t| t.start == 0)
                    .map_or(1, |t| t.end);
                at..at + len
            }
            None => {
                let end = text[statement.span.clone()]
                    .find('\n')
                    .map_or(statement.span.end, |n| statement.span.start + n);
                statement.span.start..end
            }
        };
        let here = site.describe(site.file);
        let help = if let Some(name) = message.strip_prefix("no such function: ") {
            functions::missing_function_help(name)
        } else if message.contains("syntax error") || message.starts_with("unrecognized token") {
            "fix the SQL at the marked token".to_string()
        } else if let Some(module) = message.strip_prefix("no such module: ") {
            format!(
                "the compile-time replay has SQLite's built-in modules only (FTS3/4/5, R*Tree, JSON); a module such as `{module}` from an extension cannot be checked"
            )
        } else if message.starts_with("no such") {
            "the replay runs the base schema, then every migration in version order, on an empty database: at this point it does not exist (is it created by a later migration, or was it dropped or renamed?)".to_string()
        } else {
            "the replay runs the base schema, then every migration in version order, on an empty database: this statement must succeed at this point".to_string()
        };
        let label = if offset.is_some() {
            "SQLite stops here"
        } else {
            "this statement fails"
        };
        Some(
            site.error(format!("SQLite rejects {here}: {message}"), help)
                .label(site.file, span, label),
        )
    }

    fn update_catalog(
        &mut self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        header: &Header,
        directives: &Directives,
    ) {
        let in_base = self.files[id].is_base();
        let text = self.files[id].source.text.as_str();
        let whole = Origin {
            file: id,
            span: statement.span.clone(),
        };
        match header {
            Header::Create(c) if !c.temp => {
                let k = c.name.key();
                let origin = Origin {
                    file: id,
                    span: statement.span.start..c.name.span.end,
                };
                self.catalog.create(c.kind, &k, origin, in_base);
                if c.kind == crate::object::ObjectKind::Table {
                    let tokens = script.tokens_of(statement);
                    let columns = TableDef::parse(tokens, text, c.after_name)
                        .map(|def| {
                            def.columns
                                .iter()
                                .map(|col| {
                                    let end = tokens
                                        .get(col.rest.end.saturating_sub(1))
                                        .filter(|_| col.rest.end > col.rest.start)
                                        .map_or(col.name.span.end, |t| t.end);
                                    (
                                        col.name.key(),
                                        Origin {
                                            file: id,
                                            span: col.name.span.start..end,
                                        },
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    if directives.replaces.iter().any(|n| n.key() == k) {
                        self.catalog.disown_base_columns(&k);
                    }
                    self.catalog.define_columns(&k, columns, in_base);
                }
            }
            Header::Drop(d) => {
                self.catalog.drop_object(d.kind.namespace(), &d.name.key());
                self.sync(&whole);
            }
            Header::AlterTable(a) => {
                let t = a.table.key();
                match &a.action {
                    AlterAction::AddColumn { column, .. } => {
                        let origin = Origin {
                            file: id,
                            span: column.span.start..statement.span.end,
                        };
                        self.catalog.add_column(&t, &column.key(), origin);
                    }
                    AlterAction::DropColumn(c) => self.catalog.drop_column(&t, &c.key()),
                    AlterAction::RenameColumn { from, to } => {
                        self.catalog
                            .rename_column(&t, &from.key(), &to.key(), whole.clone());
                    }
                    AlterAction::RenameTo(to) => {
                        self.catalog.rename_table(&t, &to.key(), whole.clone());
                        self.sync(&whole);
                    }
                    AlterAction::Unknown => self.sync(&whole),
                }
            }
            Header::Other => self.sync(&whole),
            _ => {}
        }
    }

    fn sync(&mut self, origin: &Origin) {
        if let Ok(rows) = schema_rows(&self.conn) {
            let live: Vec<_> = rows.into_iter().map(|r| (r.kind, key(&r.name))).collect();
            self.catalog.sync(&live, origin);
        }
    }
}

/// The name in "no such table: x" / "no such column: x", if the message is one.
fn echo_of_earlier_failure(message: &str) -> Option<&str> {
    [
        "no such table: ",
        "no such column: ",
        "no such index: ",
        "no such view: ",
    ]
    .iter()
    .find_map(|p| message.strip_prefix(p))
    .map(|name| name.rsplit('.').next().unwrap_or(name))
}
