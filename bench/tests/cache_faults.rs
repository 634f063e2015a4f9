//! A damaged, unusable or contended cache costs a cold analysis, never a
//! panic or a stale answer.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use schemaguard_bench::Corpus;
use schemaguard_core::analysis::{Options, analyse};
use schemaguard_core::cache::{self, Location, Outcome};
use schemaguard_core::expansion::Expansion;
use schemaguard_core::files::Input;

/// The tests clear the process's memory cache: one at a time.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn project(n: usize) -> (tempfile::TempDir, Input) {
    let dir = tempfile::tempdir().unwrap();
    let input = Corpus::generate(n).project(dir.path()).unwrap();
    (dir, input)
}

fn cached(input: &Input, cache_dir: &Path) -> (Expansion, Outcome) {
    cache::forget_memory();
    cache::expansion_with_outcome(input, &[], Options::default(), Location::Disk(cache_dir))
}

fn cold(input: &Input) -> Expansion {
    Expansion::of(&analyse(input, &[], Options::default()))
}

fn entries(cache_dir: &Path) -> Vec<PathBuf> {
    let mut all = Vec::new();
    for version in std::fs::read_dir(cache_dir).unwrap().flatten() {
        for entry in std::fs::read_dir(version.path()).unwrap().flatten() {
            all.push(entry.path());
        }
    }
    all.sort();
    all
}

#[test]
fn damaged_entries_of_every_kind_fall_back_to_a_cold_analysis() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (_project, input) = project(20);
    let expected = cold(&input);
    type Damage = fn(&mut Vec<u8>);
    let damages: [(&str, Damage); 5] = [
        ("truncated", |b| b.truncate(b.len() / 2)),
        ("empty", |b| b.clear()),
        ("a flipped payload byte", |b| b[80] ^= 1),
        ("another format version", |b| b[8] = b[8].wrapping_add(1)),
        ("garbage", |b| b.iter_mut().for_each(|x| *x = 0x5a)),
    ];
    for (what, damage) in damages {
        let cache_dir = tempfile::tempdir().unwrap();
        let (first, _) = cached(&input, cache_dir.path());
        assert_eq!(first, expected);
        let files = entries(cache_dir.path());
        assert!(files.len() >= 3, "an expansion and checkpoints: {files:?}");
        for path in &files {
            let mut bytes = std::fs::read(path).unwrap();
            damage(&mut bytes);
            std::fs::write(path, bytes).unwrap();
        }
        let (second, how) = cached(&input, cache_dir.path());
        assert_eq!(second, expected, "{what}");
        assert_eq!(how, Outcome::Analysed { replayed_from: 0 }, "{what}");
        // The damaged entries were replaced by good ones.
        assert_eq!(cached(&input, cache_dir.path()).1, Outcome::Disk, "{what}");
    }
}

#[test]
fn an_entry_copied_under_another_key_is_not_used() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (_a, first) = project(5);
    let (_b, second) = project(6);
    let cache_dir = tempfile::tempdir().unwrap();
    cached(&first, cache_dir.path());
    let before = entries(cache_dir.path());
    cached(&second, cache_dir.path());
    let added: Vec<PathBuf> = entries(cache_dir.path())
        .into_iter()
        .filter(|p| !before.contains(p))
        .collect();
    // Overwrite each of the second project's entries with one of the first's.
    for (i, path) in added.iter().enumerate() {
        std::fs::copy(&before[i % before.len()], path).unwrap();
    }
    let (expansion, how) = cached(&second, cache_dir.path());
    assert_eq!(expansion, cold(&second));
    // The projects share their first files, so the first project's own
    // checkpoints may serve; the overwritten expansion may not.
    assert_ne!(how, Outcome::Disk);
}

#[test]
fn a_cache_location_that_cannot_be_a_directory_is_no_cache() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (_project, input) = project(10);
    let file = tempfile::NamedTempFile::new().unwrap();
    let (expansion, how) = cached(&input, file.path());
    assert_eq!(expansion, cold(&input));
    assert_eq!(how, Outcome::Analysed { replayed_from: 0 });
}

#[test]
fn writers_of_one_key_at_once_and_leftover_temporaries_do_no_harm() {
    let _serial = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let (_project, input) = project(30);
    let expected = cold(&input);
    let cache_dir = tempfile::tempdir().unwrap();
    let version_dir = cache_dir.path().join(format!("v{}", cache::key::FORMAT));
    std::fs::create_dir_all(&version_dir).unwrap();
    // What a process killed while writing leaves behind.
    std::fs::write(version_dir.join(".leftover-1-0-0.tmp"), b"half an entr").unwrap();
    cache::forget_memory();
    let start = Arc::new(Barrier::new(8));
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let (input, start, dir) = (input.clone(), start.clone(), cache_dir.path().to_owned());
            std::thread::spawn(move || {
                start.wait();
                cache::expansion(&input, &[], Options::default(), Location::Disk(&dir))
            })
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), expected);
    }
    assert_eq!(cached(&input, cache_dir.path()), (expected, Outcome::Disk));
    let temporaries: Vec<PathBuf> = entries(cache_dir.path())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "tmp"))
        .collect();
    assert_eq!(temporaries, [version_dir.join(".leftover-1-0-0.tmp")]);
}
