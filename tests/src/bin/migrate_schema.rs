//! `migrate_schema [--gate] <demo|corpus300|fk_rebuilds> <database> [journal mode]`:
//! opens the file, sets the journal mode when one is given (`delete`,
//! `wal`, …), migrates it with the named schema and prints the report.
//!
//! With `--gate`, it prints `ready` once the file is open and the journal
//! mode set, then waits until its stdin is closed: a test spawns several,
//! waits for every `ready`, and releases them at once (the race tests).
//! The crash test runs it without a gate and kills it at random moments.

use std::io::{Read, Write};
use std::path::Path;
use std::process::exit;

const MODES: [&str; 6] = ["delete", "truncate", "persist", "memory", "wal", "off"];

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let gate = args.first().is_some_and(|a| a == "--gate");
    if gate {
        args.remove(0);
    }
    let (name, path, mode) = match args.as_slice() {
        [name, path] => (name, path, None),
        [name, path, mode] => (name, path, Some(mode.as_str())),
        _ => usage(),
    };
    let Some(schema) = schemaguard_tests::schema_named(name) else {
        eprintln!("unknown schema {name:?}: demo, corpus300 or fk_rebuilds");
        exit(2);
    };
    if mode.is_some_and(|m| !MODES.contains(&m)) {
        usage();
    }
    let mut conn = schemaguard_tests::open(Path::new(path));
    if let Some(mode) = mode {
        // `PRAGMA journal_mode` answers with the mode now in effect.
        let set: String = conn
            .query_row(&format!("PRAGMA journal_mode = {mode}"), [], |r| r.get(0))
            .unwrap_or_else(|e| {
                eprintln!("PRAGMA journal_mode = {mode}: {e}");
                exit(1);
            });
        if set != mode {
            eprintln!("journal_mode is {set}, not {mode}");
            exit(1);
        }
    }
    if gate {
        // The file is open: say so, then wait for the end of stdin, which
        // comes when the test closes it.
        println!("ready");
        let _ = std::io::stdout().flush();
        let _ = std::io::stdin().read_to_end(&mut Vec::new());
    }
    match schema.migrate(&mut conn) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            exit(1);
        }
    }
}

fn usage() -> ! {
    eprintln!(
        "usage: migrate_schema [--gate] <demo|corpus300|fk_rebuilds> <database> [{}]",
        MODES.join("|")
    );
    exit(2);
}
