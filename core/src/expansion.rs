//! What `schema!` expands to, as plain data: the macro turns it into
//! tokens, the cache stores it. A cold analysis and a cache hit both go
//! through this one value, so their expansions are the same byte for byte.

use crate::analysis::{AnalysedFile, Analysis};
use crate::cache::codec::{Malformed, Reader, Writer};
use crate::diagnostic::Anchor;

/// The expansion of one `schema!` call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Expansion {
    /// Absolute paths of the files read, each `include_bytes!`ed so that
    /// editing one re-runs the macro.
    pub tracked: Vec<String>,
    /// A schema, or the errors that prevent one.
    pub outcome: Outcome,
}

/// A sound project's schema, or every error found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Each error, rendered, with the macro argument it is shown at.
    Errors(Vec<(Anchor, String)>),
    /// The project is sound.
    Schema {
        /// The base schema, then each migration in version order.
        migrations: Vec<MigrationData>,
        /// How many snapshots the history has.
        snapshots: u32,
        /// The encoded history ([`crate::history::History::encode`]).
        history: String,
        /// The history checksum after the last file.
        chain: String,
    },
}

/// One migration of the generated `Schema`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MigrationData {
    /// 0 for the base schema.
    pub version: u64,
    /// The name from the file name.
    pub name: String,
    /// Path relative to the crate, `/`-separated.
    pub file: String,
    /// The SQL text.
    pub sql: String,
    /// The file's absolute path, when the SQL is that file's text: the
    /// expansion then `include_str!`s it instead of repeating the text,
    /// which also makes cargo track it.
    pub path: Option<String>,
    /// Token checksum.
    pub checksum: String,
    /// `-- schemaguard: no-transaction`.
    pub no_transaction: bool,
    /// `-- schemaguard: foreign-keys-off`.
    pub foreign_keys_off: bool,
    /// `-- schemaguard: rerunnable`.
    pub rerunnable: bool,
    /// Base objects it `replaces`.
    pub replaces: Vec<String>,
    /// Only `CREATE`/`DROP`/`ALTER` statements.
    pub schema_only: bool,
    /// Drops a table or a column.
    pub drops_data: bool,
}

impl MigrationData {
    fn of(f: &AnalysedFile) -> Self {
        MigrationData {
            version: f.file.version,
            name: f.file.name.clone(),
            file: f.file.source.path.clone(),
            sql: f.file.source.text.clone(),
            // Read from disk (a readable file with an absolute path), so
            // `include_str!` finds the same text.
            path: (f.file.readable && f.file.path.is_absolute())
                .then(|| f.file.path.to_string_lossy().into_owned()),
            checksum: f.checksum.clone(),
            no_transaction: f.directives.no_transaction,
            foreign_keys_off: f.directives.foreign_keys_off,
            rerunnable: f.directives.rerunnable,
            replaces: f
                .directives
                .replaces
                .iter()
                .map(|n| n.text.clone())
                .collect(),
            schema_only: f.contents.schema_only,
            drops_data: f.contents.drops_data,
        }
    }
}

impl Expansion {
    /// The expansion of a finished analysis.
    pub fn of(analysis: &Analysis) -> Self {
        let tracked = analysis
            .read
            .iter()
            .filter(|p| p.is_file())
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let outcome = if analysis.diagnostics.is_empty() {
            Outcome::Schema {
                migrations: analysis.files.iter().map(MigrationData::of).collect(),
                snapshots: analysis.history.snapshots,
                history: analysis.history.encode(),
                chain: analysis
                    .files
                    .last()
                    .map_or(String::new(), |f| f.chain.clone()),
            }
        } else {
            let sources = analysis.sources();
            Outcome::Errors(
                analysis
                    .diagnostics
                    .iter()
                    .map(|d| (d.anchor, d.render(&sources)))
                    .collect(),
            )
        };
        Expansion { tracked, outcome }
    }

    /// The bytes the cache stores.
    pub fn encode(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.count(self.tracked.len());
        for path in &self.tracked {
            w.str(path);
        }
        match &self.outcome {
            Outcome::Errors(errors) => {
                w.u8(0);
                w.count(errors.len());
                for (anchor, text) in errors {
                    match anchor {
                        Anchor::Base => w.u8(0),
                        Anchor::Migrations => w.u8(1),
                        Anchor::Function(i) => {
                            w.u8(2);
                            w.count(*i);
                        }
                    }
                    w.str(text);
                }
            }
            Outcome::Schema {
                migrations,
                snapshots,
                history,
                chain,
            } => {
                w.u8(1);
                w.count(migrations.len());
                for m in migrations {
                    m.encode(&mut w);
                }
                w.u64(u64::from(*snapshots));
                w.str(history);
                w.str(chain);
            }
        }
        w.bytes
    }

    /// Reads what [`encode`](Self::encode) wrote.
    pub fn decode(bytes: &[u8]) -> Result<Self, Malformed> {
        let mut r = Reader::new(bytes);
        let tracked = (0..r.count()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        let outcome = match r.u8()? {
            0 => {
                let n = r.count()?;
                let mut errors = Vec::with_capacity(n);
                for _ in 0..n {
                    let anchor = match r.u8()? {
                        0 => Anchor::Base,
                        1 => Anchor::Migrations,
                        2 => Anchor::Function(r.count()?),
                        _ => return Err(Malformed),
                    };
                    errors.push((anchor, r.str()?));
                }
                Outcome::Errors(errors)
            }
            1 => {
                let n = r.count()?;
                let mut migrations = Vec::with_capacity(n);
                for _ in 0..n {
                    migrations.push(MigrationData::decode(&mut r)?);
                }
                Outcome::Schema {
                    migrations,
                    snapshots: r.u32()?,
                    history: r.str()?,
                    chain: r.str()?,
                }
            }
            _ => return Err(Malformed),
        };
        if !r.is_done() {
            return Err(Malformed);
        }
        Ok(Expansion { tracked, outcome })
    }
}

impl MigrationData {
    fn encode(&self, w: &mut Writer) {
        w.u64(self.version);
        for s in [&self.name, &self.file, &self.sql, &self.checksum] {
            w.str(s);
        }
        w.opt_str(self.path.as_deref());
        for b in [
            self.no_transaction,
            self.foreign_keys_off,
            self.rerunnable,
            self.schema_only,
            self.drops_data,
        ] {
            w.bool(b);
        }
        w.count(self.replaces.len());
        for r in &self.replaces {
            w.str(r);
        }
    }

    fn decode(r: &mut Reader<'_>) -> Result<Self, Malformed> {
        let version = r.u64()?;
        let (name, file, sql, checksum) = (r.str()?, r.str()?, r.str()?, r.str()?);
        let path = r.opt_str()?;
        let (no_transaction, foreign_keys_off, rerunnable, schema_only, drops_data) =
            (r.bool()?, r.bool()?, r.bool()?, r.bool()?, r.bool()?);
        let replaces = (0..r.count()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        Ok(MigrationData {
            version,
            name,
            file,
            sql,
            path,
            checksum,
            no_transaction,
            foreign_keys_off,
            rerunnable,
            replaces,
            schema_only,
            drops_data,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::run;

    #[test]
    fn a_schema_and_errors_round_trip() {
        let sound = Expansion::of(&run(
            "CREATE TABLE t (a);",
            &[(1, "-- schemaguard: rerunnable\nUPDATE t SET a = 1;")],
        ));
        let broken = Expansion::of(&run("CREATE TABLE t (a);", &[(1, "CREATE TABLE t (b);")]));
        assert!(matches!(sound.outcome, Outcome::Schema { .. }));
        assert!(matches!(broken.outcome, Outcome::Errors(ref e) if e.len() == 1));
        for e in [sound, broken] {
            assert_eq!(Expansion::decode(&e.encode()), Ok(e.clone()));
            let bytes = e.encode();
            for cut in [0, 1, bytes.len() / 2, bytes.len() - 1] {
                assert_eq!(Expansion::decode(&bytes[..cut]), Err(Malformed));
            }
        }
    }
}
