//! The whole compile-time analysis on arbitrary files.
//!
//! Input layout (bytes):
//!
//! ```text
//! [0xFE fn1 \n fn2 … 0xFE] base 0xFF migration1 0xFF migration2 0xFF migration3
//! ```
//!
//! An optional leading `0xFE … 0xFE` block lists stand-in function names
//! (one per line); the rest is split at `0xFF` (never valid UTF-8) into the
//! base schema and up to three migrations (versions 1, 2, 3). Each part is
//! decoded lossily, so any bytes are a valid input.
//!
//! Checks: the analysis returns (libFuzzer's `-timeout` catches hangs;
//! every statement gets 200 ms), never panics, every diagnostic renders
//! with a `help:` line, every label points inside an existing file on
//! character boundaries, and no diagnostic says "this is a bug in
//! schemaguard".
//!
//! The replay runs the SQL for real, so `ATTACH 'x' AS y` or `VACUUM INTO
//! 'x'` in a `no-transaction` file would create files in the working
//! directory: the target moves into `fuzz/scratch/<pid>/` at start-up and
//! empties it after every input, so runs stay reproducible (one directory
//! per process, so `-fork`/`-jobs` workers do not share one). Pass corpus
//! directories as absolute paths (`cargo fuzz` already makes the artifact
//! prefix absolute; `fuzz/run.sh` does the rest).
#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use schemaguard_core::analysis::{Options, analyse_files};
use schemaguard_core::files::{SqlFile, in_memory};

const FUNCTIONS: u8 = 0xFE;
const SEPARATOR: u8 = 0xFF;

fuzz_target!(|data: &[u8]| {
    let scratch = scratch();
    let (functions, files) = decode(data);
    if files
        .iter()
        .any(|f| schemaguard_fuzz::known_bug(&f.source.text).is_some())
    {
        return;
    }
    check(files, &functions);
    clean(scratch);
});

/// The stand-in function names and the files an input stands for.
fn decode(data: &[u8]) -> (Vec<String>, Vec<SqlFile>) {
    let mut rest = data;
    let mut functions = Vec::new();
    if let Some(after) = rest.strip_prefix(&[FUNCTIONS]) {
        let end = after
            .iter()
            .position(|&b| b == FUNCTIONS)
            .unwrap_or(after.len());
        functions = after[..end]
            .split(|&b| b == b'\n')
            .map(|name| String::from_utf8_lossy(name).into_owned())
            .collect();
        rest = after.get(end + 1..).unwrap_or_default();
    }
    let parts: Vec<String> = rest
        .splitn(4, |&b| b == SEPARATOR)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    let migrations: Vec<(u64, &str)> = parts[1..]
        .iter()
        .enumerate()
        .map(|(i, sql)| (i as u64 + 1, sql.as_str()))
        .collect();
    let files = in_memory(&parts[0], &migrations);
    (functions, files)
}

fn check(files: Vec<SqlFile>, functions: &[String]) {
    let options = Options {
        statement_timeout: Duration::from_millis(200),
    };
    let analysis = analyse_files(files, functions, options);
    let sources = analysis.sources();
    for d in &analysis.diagnostics {
        for label in &d.labels {
            let file = sources.get(label.file).unwrap_or_else(|| {
                panic!("label in file {} of {}: {d:?}", label.file, sources.len())
            });
            let (span, text) = (&label.span, &file.text);
            assert!(
                span.start <= span.end && span.end <= text.len(),
                "label {span:?} outside {} ({} bytes): {d:?}",
                file.path,
                text.len()
            );
            assert!(
                text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
                "label {span:?} splits a character of {}: {d:?}",
                file.path
            );
        }
        let rendered = d.render(&sources);
        assert!(rendered.contains("help:"), "no help line in:\n{rendered}");
        assert!(
            !rendered.contains("this is a bug in schemaguard")
                || schemaguard_fuzz::known_diagnostic(&d.title).is_some(),
            "the analysis reports an internal error:\n{rendered}"
        );
    }
}

/// `fuzz/scratch/<pid>/`, made the working directory on first use.
fn scratch() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("scratch");
        remove_stale(&root);
        let dir = root.join(std::process::id().to_string());
        std::fs::create_dir_all(&dir).expect("create fuzz/scratch");
        std::env::set_current_dir(&dir).expect("enter fuzz/scratch");
        clean(&dir);
        dir
    })
}

/// Removes whatever the last input's SQL wrote (attached databases).
fn clean(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let _ = if path.is_dir() {
            std::fs::remove_dir_all(&path)
        } else {
            std::fs::remove_file(&path)
        };
    }
}

/// Removes the directories of processes that are gone (Linux: no
/// `/proc/<pid>`), so `-fork` runs do not leave one per worker behind.
fn remove_stale(root: &Path) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let alive = Path::new("/proc").join(&name).exists();
        if !alive && name.to_str().is_some_and(|n| n.parse::<u32>().is_ok()) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}
