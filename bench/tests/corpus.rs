//! A few hundred varied migrations, as a real project accumulates them,
//! compile without a single false positive.

use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};
use schemaguard_core::files::Input;

#[test]
fn three_hundred_migrations_have_no_false_positive() {
    let dir = std::env::temp_dir().join(format!("schemaguard-corpus-{}", std::process::id()));
    let corpus = Corpus::generate(300);
    corpus.write(&dir).unwrap();
    let input = Input {
        root: dir.clone(),
        base: "schema.sql".into(),
        migrations: "migrations".into(),
        ..Default::default()
    };
    let analysis = analyse(&input, &[], Options::default());
    let sources = analysis.sources();
    let rendered: Vec<String> = analysis
        .diagnostics
        .iter()
        .map(|d| d.render(&sources))
        .collect();
    std::fs::remove_dir_all(&dir).ok();
    assert!(rendered.is_empty(), "{}", rendered.join("\n"));
    assert_eq!(analysis.files.len(), 301);
    assert_eq!(analysis.history.snapshots, 301);
}

/// The replay reads only the objects each file touched; a full read after
/// every file must give exactly the same snapshots.
#[test]
fn targeted_snapshots_equal_full_ones() {
    use schemaguard_core::history::{HistoryBuilder, Touched};
    use schemaguard_core::rusqlite::Connection;

    let dir = std::env::temp_dir().join(format!("schemaguard-snapshots-{}", std::process::id()));
    let corpus = Corpus::generate(120);
    corpus.write(&dir).unwrap();
    let input = Input {
        root: dir.clone(),
        base: "schema.sql".into(),
        migrations: "migrations".into(),
        ..Default::default()
    };
    let analysis = analyse(&input, &[], Options::default());
    std::fs::remove_dir_all(&dir).ok();
    assert!(analysis.diagnostics.is_empty());

    let conn = Connection::open_in_memory().unwrap();
    let mut full = HistoryBuilder::default();
    for file in &analysis.files {
        conn.execute_batch(&file.file.source.text).unwrap();
        full.record(&conn, &Touched::Everything).unwrap();
    }
    assert_eq!(analysis.history, full.finish());
}

/// `tests/fixtures/corpus300` (the crash and race tests' schema) is this
/// generator's output; regenerate it with the `write_corpus` binary.
#[test]
fn the_committed_corpus_is_the_generated_one() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/corpus300");
    let corpus = Corpus::generate(300);
    assert_eq!(
        std::fs::read_to_string(dir.join("schema.sql")).unwrap(),
        corpus.base
    );
    for (name, sql) in &corpus.migrations {
        let committed = std::fs::read_to_string(dir.join("migrations").join(name)).unwrap();
        assert_eq!(&committed, sql, "{name}");
    }
    let files = std::fs::read_dir(dir.join("migrations")).unwrap().count();
    assert_eq!(files, corpus.migrations.len());
}
