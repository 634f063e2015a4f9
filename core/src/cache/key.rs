//! Cache keys: SHA-256 over everything an expansion depends on.
//!
//! Every key starts from the same *header*: the cache format, a build id
//! of this crate (a hash of its sources, from `build.rs`), the SQLite
//! version and compile options (and the version messages give, which the
//! UI tests override), a rendering of a fixed diagnostic (so a renderer
//! that draws differently is a different build), the statement timeout and
//! the `functions` list. Checkpoint keys then chain each file
//! in order (so each prefix base..k has its own key); the expansion's key
//! adds the crate directory, the macro's arguments and every byte read.

use std::sync::OnceLock;

use sha2::{Digest, Sha256};

use crate::analysis::Options;
use crate::diagnostic::{Anchor, Diagnostic};
use crate::files::{Input, SqlFile};
use crate::inputs::Inputs;
use crate::source::SourceFile;

/// A cache key.
pub type Key = [u8; 32];

/// Bumped whenever what an entry holds, or how it is encoded, changes.
pub const FORMAT: u32 = 2;

/// What every key starts from.
pub fn header(functions: &[String], options: Options) -> Key {
    let mut h = Sha256::new();
    h.update(environment());
    // The version messages name, as the UI tests override it.
    field(&mut h, crate::rules::sql_error::sqlite().as_bytes());
    field(
        &mut h,
        format!("{:?}", options.statement_timeout).as_bytes(),
    );
    h.update((functions.len() as u64).to_le_bytes());
    for f in functions {
        field(&mut h, f.as_bytes());
    }
    h.finalize().into()
}

/// The checkpoint key after each file: `keys[k]` covers files `0..=k`.
pub fn prefixes(header: &Key, files: &[SqlFile]) -> Vec<Key> {
    let mut previous = *header;
    files
        .iter()
        .map(|f| {
            let mut h = Sha256::new();
            h.update(b"checkpoint");
            h.update(previous);
            h.update([u8::from(f.is_base()), u8::from(f.readable)]);
            h.update(f.version.to_le_bytes());
            field(&mut h, f.source.path.as_bytes());
            field(&mut h, f.source.text.as_bytes());
            previous = h.finalize().into();
            previous
        })
        .collect()
}

/// The key of the whole expansion.
pub fn expansion(header: &Key, input: &Input, inputs: &Inputs) -> Key {
    let mut h = Sha256::new();
    h.update(b"expansion");
    h.update(header);
    field(&mut h, input.root.as_os_str().as_encoded_bytes());
    field(&mut h, input.base.as_bytes());
    field(&mut h, input.migrations.as_bytes());
    h.update([u8::from(input.no_base)]);
    field(&mut h, input.layout.map_or("", |l| l.name()).as_bytes());
    if let Err(reason) = &inputs.migrations {
        field(&mut h, reason.as_bytes());
    }
    for (name, read) in inputs.files() {
        field(&mut h, name.as_bytes());
        field(&mut h, read.path.as_os_str().as_encoded_bytes());
        match &read.bytes {
            Ok(bytes) => {
                h.update([1]);
                field(&mut h, bytes);
            }
            Err(reason) => {
                h.update([0]);
                field(&mut h, reason.as_bytes());
            }
        }
    }
    h.finalize().into()
}

/// Length-prefixed, so that no two sequences of fields hash alike.
fn field(h: &mut Sha256, bytes: &[u8]) {
    h.update((bytes.len() as u64).to_le_bytes());
    h.update(bytes);
}

/// The part of the header that is fixed for a process.
fn environment() -> Key {
    static ENVIRONMENT: OnceLock<Key> = OnceLock::new();
    *ENVIRONMENT.get_or_init(|| {
        let mut h = Sha256::new();
        h.update(FORMAT.to_le_bytes());
        field(&mut h, env!("CARGO_PKG_VERSION").as_bytes());
        field(&mut h, env!("SCHEMAGUARD_CORE_BUILD_ID").as_bytes());
        field(&mut h, rusqlite::version().as_bytes());
        field(&mut h, compile_options().as_bytes());
        let probe = Diagnostic::new(Anchor::Base, "probe", "help")
            .label(0, 0..1, "label")
            .note("note");
        let rendered = probe.render(&[SourceFile::new("probe.sql", "x\n")]);
        field(&mut h, rendered.as_bytes());
        h.finalize().into()
    })
}

/// `PRAGMA compile_options` of the SQLite this build links.
fn compile_options() -> String {
    rusqlite::Connection::open_in_memory()
        .and_then(|conn| {
            let mut stmt = conn.prepare("PRAGMA compile_options")?;
            let options = stmt
                .query_map([], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            Ok(options.join("\n"))
        })
        .unwrap_or_default()
}

/// A key as lower-case hex, for file names.
pub fn hex(key: &Key) -> String {
    key.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::in_memory;

    #[test]
    fn each_prefix_has_its_own_key_and_later_files_do_not_change_it() {
        let h = header(&[], Options::default());
        let a = prefixes(&h, &in_memory("CREATE TABLE t (a);", &[(1, "SELECT 1;")]));
        let b = prefixes(&h, &in_memory("CREATE TABLE t (a);", &[(1, "SELECT 2;")]));
        assert_eq!(a[0], b[0]);
        assert_ne!(a[1], b[1]);
        let other = header(&["f".to_string()], Options::default());
        assert_ne!(
            prefixes(&other, &in_memory("CREATE TABLE t (a);", &[]))[0],
            a[0]
        );
    }

    #[test]
    fn the_header_depends_on_functions_and_their_order() {
        let o = Options::default();
        let ab = header(&["a".into(), "b".into()], o);
        assert_ne!(ab, header(&["b".into(), "a".into()], o));
        assert_ne!(header(&["ab".into()], o), ab);
        assert_eq!(ab, header(&["a".into(), "b".into()], o));
    }

    #[test]
    fn the_expansion_key_depends_on_base_none_and_the_layout() {
        let h = header(&[], Options::default());
        let inputs = Inputs {
            base: crate::inputs::Read {
                path: "schema.sql".into(),
                bytes: Ok(Vec::new()),
            },
            migrations: Ok(Vec::new()),
        };
        let input = Input::default();
        let key = |input: &Input| expansion(&h, input, &inputs);
        let none = Input {
            no_base: true,
            ..Input::default()
        };
        let sqlx = Input {
            layout: Some(crate::layout::Layout::Sqlx),
            ..Input::default()
        };
        let diesel = Input {
            layout: Some(crate::layout::Layout::Diesel),
            ..Input::default()
        };
        let keys = [key(&input), key(&none), key(&sqlx), key(&diesel)];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(keys[0], key(&Input::default()));
    }
}
