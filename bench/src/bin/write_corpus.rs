//! Writes a synthetic corpus to a directory:
//! `cargo run -p schemaguard-bench --bin write_corpus -- 300 tests/fixtures/corpus300`

use std::path::PathBuf;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(n), Some(dir)) = (args.next().and_then(|n| n.parse().ok()), args.next()) else {
        eprintln!("usage: write_corpus <migrations> <directory>");
        std::process::exit(2);
    };
    let dir = PathBuf::from(dir);
    if dir.join("migrations").exists() {
        std::fs::remove_dir_all(dir.join("migrations")).expect("clear old migrations");
    }
    schemaguard_bench::Corpus::generate(n)
        .write(&dir)
        .expect("write the corpus");
}
