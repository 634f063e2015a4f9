//! Rule 4, replay: the base schema, then every migration in order, runs on
//! an empty in-memory SQLite, statement by statement, so every error has a
//! file, a line and a column. The other rules look at each statement first.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rusqlite::{Connection, ErrorCode};

use crate::catalog::{Catalog, Origin};
use crate::checkpoint::{Checkpoint, Checkpoints, NoCheckpoints, leaves_uncaptured_state};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::directive::Directives;
use crate::failure::Failure;
use crate::files::SqlFile;
use crate::history::{History, HistoryBuilder, Touched};
use crate::introspect::schema_rows;
use crate::object::{Namespace, ObjectKind};
use crate::rules::sql_error;
use crate::rules::{Site, column_ownership, double_definition, functions, ownership, transaction};
use crate::source::FileId;
use crate::sql::header::{AlterAction, AlterTable, Create, Header};
use crate::sql::lexer::Token;
use crate::sql::name::{key, quote_identifier};
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
    /// When the running statement must stop; `None` between statements.
    deadline: Arc<Mutex<Option<Instant>>>,
    timeout: Duration,
    /// A file could not be read: later "no such …" errors may be echoes.
    gaps: bool,
    /// Which files create (or add, for columns) each name, in order.
    creators: HashMap<String, Vec<FileId>>,
    /// What the current file changed, for the snapshot after it.
    touched: Touched,
    /// Live `TEMP` objects: an unqualified `DROP` of such a name drops the
    /// temp object, not the main one it shadows.
    temp: HashSet<(Namespace, String)>,
    /// The functions `functions = [...]` declares, for the lists helps show.
    declared: Vec<String>,
}

impl<'a> Replay<'a> {
    /// An empty in-memory database with stand-ins for `functions`.
    pub fn new(
        files: &'a [SqlFile],
        functions: &[String],
        timeout: Duration,
        diags: &mut Diagnostics,
    ) -> rusqlite::Result<Self> {
        // `progress_handler` takes `&mut self` since rusqlite 0.41.
        #[allow(unused_mut)]
        let mut conn = Connection::open_in_memory()?;
        // Bundled SQLite enforces foreign keys by default; say so explicitly
        // so the replay behaves the same with any SQLite build.
        conn.pragma_update(None, "foreign_keys", true)?;
        let declared = functions::register_stand_ins(&conn, functions, diags);
        let deadline = Arc::new(Mutex::new(None));
        let watch = Arc::clone(&deadline);
        conn.progress_handler(
            10_000,
            Some(move || {
                watch
                    .lock()
                    .is_ok_and(|d| d.is_some_and(|d| Instant::now() > d))
            }),
        )?;
        Ok(Replay {
            conn,
            files,
            catalog: Catalog::default(),
            history: HistoryBuilder::default(),
            deadline,
            timeout,
            gaps: false,
            creators: HashMap::new(),
            touched: Touched::Nothing,
            temp: HashSet::new(),
            declared,
        })
    }

    /// Replays every file, reporting what the rules find.
    pub fn run(
        self,
        scripts: &[Script],
        directives: &[Directives],
        diags: &mut Diagnostics,
    ) -> History {
        self.run_with(scripts, directives, diags, &mut NoCheckpoints)
    }

    /// [`run`](Self::run), starting from the latest checkpoint `points`
    /// has and leaving the ones it wants.
    pub fn run_with(
        mut self,
        scripts: &[Script],
        directives: &[Directives],
        diags: &mut Diagnostics,
        points: &mut dyn Checkpoints,
    ) -> History {
        self.creators = creators(self.files, scripts);
        let start = self.resume(points);
        let findings = diags.as_slice().len();
        let mut capturable = true;
        for (id, file) in self.files.iter().enumerate().skip(start) {
            self.file(id, &scripts[id], &directives[id], diags);
            let touched = std::mem::take(&mut self.touched);
            if let Err(e) = self.history.record(&self.conn, &touched) {
                diags.push(Diagnostic::new(
                    file.anchor(),
                    format!("cannot read the schema after {}: {e}", file.describe()),
                    "this is a bug in schemaguard: please report it with the SQL that triggers it",
                ));
            }
            // Once false, for good: the rest need not be looked at.
            capturable = capturable
                && !self.gaps
                && self.temp.is_empty()
                && diags.as_slice().len() == findings
                && !leaves_uncaptured_state(&scripts[id], &file.source.text);
            if capturable && points.wants(id) {
                let captured =
                    Checkpoint::capture(id, &mut self.conn, &self.catalog, &self.history);
                if let Ok(encoded) = captured {
                    points.save(id, encoded);
                }
            }
        }
        for d in sql_error::check_views(&self.conn, &self.catalog, self.files, &self.declared) {
            diags.push(d);
        }
        self.history.finish()
    }

    /// Restores the latest checkpoint, if there is one that fits; returns
    /// the first file left to replay.
    fn resume(&mut self, points: &mut dyn Checkpoints) -> FileId {
        let Some(checkpoint) = points.latest(self.files) else {
            return 0;
        };
        if checkpoint.after >= self.files.len()
            || checkpoint.restore_database(&mut self.conn).is_err()
        {
            return 0;
        }
        self.catalog = checkpoint.catalog;
        self.history = checkpoint.history;
        checkpoint.after + 1
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
        // Enforcement as the author meant it: the directive, or a `PRAGMA
        // foreign_keys = OFF` that rule 6 reports (replaying with enforcement
        // on would add errors that are only echoes of that one).
        let fk_off = directives.foreign_keys_off
            || (!directives.no_transaction && turns_foreign_keys_off(script, &file.source.text));
        let _ = self.conn.pragma_update(None, "foreign_keys", !fk_off);
        // Like the runtime, one transaction per file: deferred constraints
        // (`DEFERRABLE INITIALLY DEFERRED`, `PRAGMA defer_foreign_keys`) are
        // checked when it commits, not after each statement.
        let in_transaction = !directives.no_transaction && self.conn.execute_batch("BEGIN").is_ok();
        let mut created = HashSet::new();
        let mut done: Vec<&Statement> = Vec::new();
        for statement in &script.statements {
            if self.statement(id, script, statement, directives, &mut created, diags) {
                done.push(statement);
            }
            // A failure that rolls back the whole transaction (`OR ROLLBACK`,
            // `RAISE(ROLLBACK, …)`, a timeout) undoes the file's earlier
            // statements: run them again, so the replay goes on from the
            // state it has reported, without echoes of the lost ones.
            if in_transaction && self.conn.is_autocommit() {
                let text = &self.files[id].source.text;
                let _ = self.conn.execute_batch("BEGIN");
                for s in &done {
                    let _ = self.conn.execute_batch(&text[s.span.clone()]);
                }
            }
        }
        if in_transaction && !self.conn.is_autocommit() {
            self.commit(id, script, diags);
        } else if !in_transaction && !self.conn.is_autocommit() {
            diags.push(transaction::left_open(self.files, id, script));
            let _ = self.conn.execute_batch("ROLLBACK");
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
        // Every file starts with enforcement on, as the runtime restores it
        // after a migration, whatever the file did to it.
        let _ = self.conn.pragma_update(None, "foreign_keys", true);
    }

    /// Checks and runs one statement; whether it ran.
    fn statement(
        &mut self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        directives: &Directives,
        created: &mut HashSet<(Namespace, String)>,
        diags: &mut Diagnostics,
    ) -> bool {
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
        if let Some(d) = transaction::check(&header, &site) {
            diags.push(d);
            return false;
        }
        if self.redefines(&header, &site, created, diags) {
            return false;
        }
        let Some(sql) = without_files(&text[statement.span.clone()], tokens, text, &header) else {
            return true;
        };
        match self.execute(&sql) {
            Ok(()) => {
                self.update_catalog(id, script, statement, &header, directives);
                true
            }
            Err(e) => {
                self.failed(&header, &site, statement, tokens, &e, diags);
                false
            }
        }
    }

    /// Rules 1–3 look at the statement before SQLite runs it. A finding
    /// about something that exists means the statement is skipped (`true`):
    /// SQLite would fail on it or silently ignore it.
    fn redefines(
        &self,
        header: &Header,
        site: &Site<'_>,
        created: &mut HashSet<(Namespace, String)>,
        diags: &mut Diagnostics,
    ) -> bool {
        let catalog = &self.catalog;
        let statement = site.statement;
        let (finding, exists) = match header {
            Header::Create(c) if c.in_main() => {
                let head = statement.start..c.name.span.end;
                created.insert((c.kind.namespace(), c.name.key()));
                let exists = catalog.get(c.kind.namespace(), &c.name.key()).is_some();
                let finding = ownership::check_create(catalog, site, c, head.clone())
                    .or_else(|| double_definition::check_create(catalog, site, c, head));
                (finding, exists)
            }
            Header::AlterTable(a) => {
                let AlterAction::AddColumn { column, .. } = &a.action else {
                    return false;
                };
                let span = column.span.start..statement.end;
                let (t, c) = (&a.table.text, &column.text);
                let exists = catalog.column(&a.table.key(), &column.key()).is_some();
                let finding = column_ownership::check_add_column(catalog, site, t, c, span.clone())
                    .or_else(|| double_definition::check_add_column(catalog, site, t, c, span));
                (finding, exists)
            }
            _ => return false,
        };
        match finding {
            Some(d) => {
                diags.push(d);
                exists
            }
            None => false,
        }
    }

    /// Runs `sql` within the statement time limit.
    fn execute(&mut self, sql: &str) -> rusqlite::Result<()> {
        if let Ok(mut deadline) = self.deadline.lock() {
            *deadline = Some(Instant::now() + self.timeout);
        }
        let result = self.conn.execute_batch(sql);
        // Only statements are timed: the snapshot and catalog queries that
        // follow must not inherit an expired deadline.
        if let Ok(mut deadline) = self.deadline.lock() {
            *deadline = None;
        }
        result
    }

    /// A statement SQLite rejected: what it would have defined is marked
    /// failed (later "no such …" errors about it are echoes), then rule 4.
    fn failed(
        &mut self,
        header: &Header,
        site: &Site<'_>,
        statement: &Statement,
        tokens: &[Token],
        error: &rusqlite::Error,
        diags: &mut Diagnostics,
    ) {
        match header {
            Header::Create(c) => self.catalog.mark_failed(&c.name.key()),
            Header::AlterTable(a) => {
                if let AlterAction::AddColumn { column, .. } = &a.action {
                    self.catalog.mark_failed(&column.key());
                }
            }
            _ => {}
        }
        if let Some(d) = self.sqlite_error(site, statement, tokens, error) {
            diags.push(d);
        }
    }

    /// Rule 4: SQLite's own message, at the failing token.
    fn sqlite_error(
        &self,
        site: &Site<'_>,
        statement: &Statement,
        tokens: &[Token],
        error: &rusqlite::Error,
    ) -> Option<Diagnostic> {
        if let rusqlite::Error::SqliteFailure(e, _) = error
            && e.code == ErrorCode::OperationInterrupted
        {
            return Some(sql_error::timeout(site, statement, self.timeout));
        }
        let failure = Failure::of(error);
        if let Some(missing) = failure.missing_name()
            && (self.catalog.has_failed(&key(missing)) || self.gaps)
        {
            return None;
        }
        let created_later = |name: &str| {
            self.creators
                .get(&key(name))
                .and_then(|ids| ids.iter().find(|&&id| id > site.file))
                .copied()
        };
        Some(sql_error::diagnose(
            site,
            statement,
            tokens,
            &failure,
            created_later,
            &self.declared,
        ))
    }

    /// Commits the file's transaction. A deferred foreign key still violated
    /// is reported at the file's last statement; its rows are then deleted
    /// (the replay's data does not matter, its schema does) so the replay
    /// goes on with the file's schema changes in place.
    fn commit(&mut self, id: FileId, script: &Script, diags: &mut Diagnostics) {
        let Err(e) = self.conn.execute_batch("COMMIT") else {
            return;
        };
        diags.push(sql_error::commit_failure(self.files, id, script, &e));
        let rows: Vec<(String, Option<i64>)> = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect()
            })
            .unwrap_or_default();
        for (table, rowid) in rows {
            if let Some(rowid) = rowid {
                let sql = format!(
                    "DELETE FROM main.{} WHERE rowid = ?1",
                    quote_identifier(&table)
                );
                let _ = self.conn.execute(&sql, [rowid]);
            }
        }
        if self.conn.execute_batch("COMMIT").is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
            let whole = Origin {
                file: id,
                span: script.last_statement(),
            };
            self.sync(&whole);
        }
    }

    /// Records what a statement that ran changed: in the catalog (for the
    /// rules) and in `touched` (for the snapshot after the file).
    fn update_catalog(
        &mut self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        header: &Header,
        directives: &Directives,
    ) {
        if self.outside_main(header) {
            return;
        }
        let whole = Origin {
            file: id,
            span: statement.span.clone(),
        };
        match header {
            Header::Create(c) => self.create(id, script, statement, c, directives),
            Header::Drop(d) => {
                self.touched.name(d.name.key());
                self.catalog.drop_object(d.kind.namespace(), &d.name.key());
            }
            Header::AlterTable(a) => self.alter(id, statement, a, whole),
            // `ROLLBACK TO` undoes statements the catalog has seen; a
            // pragma or an unknown statement may change anything.
            Header::Savepoint | Header::Other => {
                self.touched = Touched::Everything;
                self.sync(&whole);
            }
            Header::Pragma(p) if p.sets => self.touched = Touched::Everything,
            _ => {}
        }
    }

    /// Whether the statement creates or drops something outside the
    /// application's schema: TEMP objects are the connection's scratch
    /// space, and attached databases are not the application's schema
    /// either.
    fn outside_main(&mut self, header: &Header) -> bool {
        match header {
            Header::Create(c) if !c.in_main() => {
                if c.temp {
                    self.temp.insert((c.kind.namespace(), c.name.key()));
                }
                true
            }
            Header::Drop(d) => {
                let k = (d.kind.namespace(), d.name.key());
                self.temp.remove(&k) || d.name.schema.is_some()
            }
            _ => false,
        }
    }

    /// A `CREATE` in the main schema, with a table's columns.
    fn create(
        &mut self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        c: &Create,
        directives: &Directives,
    ) {
        let in_base = self.files[id].is_base();
        let k = c.name.key();
        self.touched.name(k.clone());
        let origin = Origin {
            file: id,
            span: statement.span.start..c.name.span.end,
        };
        self.catalog
            .create(c.kind, &k, c.on.as_ref().map(|t| t.key()), origin, in_base);
        if c.kind == ObjectKind::Table {
            let columns = self.column_origins(id, script, statement, c);
            if directives.replaces.iter().any(|n| n.key() == k) {
                self.catalog.disown_base_columns(&k);
            }
            self.catalog.define_columns(&k, columns, in_base);
        }
    }

    /// Each column of a `CREATE TABLE` and its definition's bytes.
    fn column_origins(
        &self,
        id: FileId,
        script: &Script,
        statement: &Statement,
        c: &Create,
    ) -> Vec<(String, Origin)> {
        let text = self.files[id].source.text.as_str();
        let tokens = script.tokens_of(statement);
        let Some(def) = TableDef::parse(tokens, text, c.after_name) else {
            return Vec::new();
        };
        def.columns
            .iter()
            .map(|col| {
                let end = tokens
                    .get(col.rest.end.saturating_sub(1))
                    .filter(|_| col.rest.end > col.rest.start)
                    .map_or(col.name.span.end, |t| t.end);
                let origin = Origin {
                    file: id,
                    span: col.name.span.start..end,
                };
                (col.name.key(), origin)
            })
            .collect()
    }

    /// An `ALTER TABLE`.
    fn alter(&mut self, id: FileId, statement: &Statement, a: &AlterTable, whole: Origin) {
        let t = a.table.key();
        // Adding or dropping a column changes the table alone; a rename
        // rewrites the SQL of every object that mentions it.
        match &a.action {
            AlterAction::AddColumn { .. } | AlterAction::DropColumn(_) => {
                self.touched.name(t.clone());
            }
            _ => self.touched = Touched::Everything,
        }
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
                    .rename_column(&t, &from.key(), &to.key(), whole);
            }
            AlterAction::RenameTo(to) => self.catalog.rename_table(&t, &to.key(), whole),
            AlterAction::Unknown => self.sync(&whole),
        }
    }

    fn sync(&mut self, origin: &Origin) {
        if let Ok(rows) = schema_rows(&self.conn) {
            let live: Vec<_> = rows.into_iter().map(|r| (r.kind, key(&r.name))).collect();
            self.catalog.sync(&live, origin);
        }
    }
}

/// Which files create each name (and add each column), for "it is created
/// by a later migration".
fn creators(files: &[SqlFile], scripts: &[Script]) -> HashMap<String, Vec<FileId>> {
    let mut map: HashMap<String, Vec<FileId>> = HashMap::new();
    for (id, (file, script)) in files.iter().zip(scripts).enumerate() {
        let text = file.source.text.as_str();
        for statement in &script.statements {
            let name = match Header::parse(script.tokens_of(statement), text) {
                Header::Create(c) => c.name.key(),
                Header::AlterTable(a) => match a.action {
                    AlterAction::AddColumn { column, .. } => column.key(),
                    AlterAction::RenameTo(to) => to.key(),
                    _ => continue,
                },
                _ => continue,
            };
            map.entry(name).or_default().push(id);
        }
    }
    map
}

/// Whether the file holds `PRAGMA foreign_keys = OFF` (or `0`, `false`, `no`).
fn turns_foreign_keys_off(script: &Script, text: &str) -> bool {
    script.statements.iter().any(|statement| {
        let tokens = script.tokens_of(statement);
        matches!(Header::parse(tokens, text), Header::Pragma(p) if p.name == "foreign_keys" && p.sets)
            && tokens.iter().rev().find(|t| !matches!(t.text(text), ")")).is_some_and(|t| {
                let value = crate::sql::name::unquote(t.text(text)).to_ascii_lowercase();
                matches!(value.as_str(), "off" | "0" | "false" | "no")
            })
    })
}

/// The statement to replay in place of `sql`, so compiling never touches
/// the file system: `ATTACH` attaches an empty in-memory database under the
/// same name; `VACUUM` (`INTO` a file, too) is skipped (`None`): it changes
/// no schema. Both can only appear in `no-transaction` files (rule 6).
fn without_files<'s>(
    sql: &'s str,
    tokens: &[Token],
    text: &str,
    header: &Header,
) -> Option<std::borrow::Cow<'s, str>> {
    match header {
        Header::Vacuum => None,
        Header::Attach
            if tokens
                .first()
                .is_some_and(|t| t.text(text).eq_ignore_ascii_case("ATTACH")) =>
        {
            let alias = tokens.last().map_or(String::new(), |t| {
                quote_identifier(&crate::sql::name::unquote(t.text(text)))
            });
            Some(format!("ATTACH ':memory:' AS {alias}").into())
        }
        _ => Some(sql.into()),
    }
}
