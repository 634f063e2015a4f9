//! The analysis cache: the replay is paid once per SQL change, not once
//! per compilation.
//!
//! rustc runs a proc macro every time the crate that calls it is compiled,
//! after an edit of any of its `.rs` files, and rust-analyzer expands it
//! again and again. [`expansion`] first reads every input file and hashes
//! it with everything else the result depends on ([`key`]); the same key
//! gives the stored [`Expansion`], from memory (a bounded map, for a
//! process that expands several calls or the same call again) or from disk
//! ([`store`]). On a miss the analysis resumes from the latest replay
//! [`Checkpoint`] whose files are unchanged:
//! appending a migration or editing the newest replays only that file.
//!
//! A cache hit returns the value a cold analysis computed, so the expansion
//! is the same byte for byte; any fault in the cache is a miss.

pub mod codec;
pub mod key;
mod memory;
pub mod store;

use std::path::Path;

use crate::analysis::{Options, analyse_inputs};
use crate::checkpoint::{Checkpoint, Checkpoints};
use crate::expansion::Expansion;
use crate::files::{Input, SqlFile};
use crate::inputs::Inputs;
use crate::source::FileId;
use key::Key;
use store::{Kind, Store};

/// How much the on-disk cache may hold before the least recently used
/// entries are removed.
pub const MAX_BYTES: u64 = 256 * 1024 * 1024;

/// Where the cache lives.
#[derive(Clone, Copy, Debug)]
pub enum Location<'a> {
    /// No cache: every call analyses from scratch.
    Off,
    /// In memory and in this directory (in memory only if the directory
    /// cannot be created).
    Disk(&'a Path),
}

/// What happened on a call, for benchmarks and tests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The expansion was in memory.
    Memory,
    /// The expansion was on disk.
    Disk,
    /// Analysed, replaying files from this one on (0: every file).
    Analysed {
        /// The first file replayed.
        replayed_from: FileId,
    },
}

/// The expansion of `schema!` for `input`, from the cache when the files
/// and everything else it depends on are unchanged.
pub fn expansion(
    input: &Input,
    functions: &[String],
    options: Options,
    location: Location<'_>,
) -> Expansion {
    expansion_with_outcome(input, functions, options, location).0
}

/// [`expansion`], saying where the result came from.
pub fn expansion_with_outcome(
    input: &Input,
    functions: &[String],
    options: Options,
    location: Location<'_>,
) -> (Expansion, Outcome) {
    let inputs = Inputs::read(input);
    let dir = match location {
        Location::Off => {
            let analysis = analyse_inputs(
                input,
                &inputs,
                functions,
                options,
                &mut crate::checkpoint::NoCheckpoints,
            );
            return (
                Expansion::of(&analysis),
                Outcome::Analysed { replayed_from: 0 },
            );
        }
        Location::Disk(dir) => dir,
    };
    let header = key::header(functions, options);
    let key = key::expansion(&header, input, &inputs);
    if let Some(found) = memory::get(&key) {
        return (found, Outcome::Memory);
    }
    let store = Store::open(dir);
    if let Some(store) = &store
        && let Some(found) = store
            .get(Kind::Expansion, &key)
            .and_then(|bytes| Expansion::decode(&bytes).ok())
    {
        memory::put(key, found.clone());
        return (found, Outcome::Disk);
    }
    // Checkpoints are sealed and written on a second thread while the
    // replay goes on; the scope waits for the last write.
    let (analysis, resumed) = std::thread::scope(|scope| {
        let (sender, writes) = std::sync::mpsc::channel::<(Key, Vec<u8>)>();
        let writer = store.as_ref().and_then(|store| {
            std::thread::Builder::new()
                .name("schemaguard-cache".into())
                .spawn_scoped(scope, move || {
                    for (key, encoded) in writes {
                        store.put(Kind::Checkpoint, &key, &encoded);
                    }
                })
                .ok()
        });
        let mut points = Stored {
            store: store.as_ref(),
            header,
            keys: Vec::new(),
            resumed: None,
            writer: writer.is_some().then_some(sender),
        };
        let analysis = analyse_inputs(input, &inputs, functions, options, &mut points);
        (analysis, points.resumed)
    });
    let replayed_from = resumed.map_or(0, |after| after + 1);
    let expansion = Expansion::of(&analysis);
    if let Some(store) = &store {
        store.put(Kind::Expansion, &key, &expansion.encode());
        store.evict(MAX_BYTES);
    }
    memory::put(key, expansion.clone());
    (expansion, Outcome::Analysed { replayed_from })
}

/// Forgets every expansion this process keeps in memory, so the next call
/// reads the disk (for tests and benchmarks).
pub fn forget_memory() {
    memory::clear();
}

/// Checkpoints kept in a [`Store`], under the key of the files before them.
struct Stored<'a> {
    store: Option<&'a Store>,
    header: Key,
    /// `keys[k]`: the key of files `0..=k`.
    keys: Vec<Key>,
    /// The file after which the replay resumed.
    resumed: Option<FileId>,
    /// The thread that writes checkpoints, if one could be started.
    writer: Option<std::sync::mpsc::Sender<(Key, Vec<u8>)>>,
}

impl Stored<'_> {
    /// Every how many files a checkpoint is kept: about 8 per history
    /// (each costs a copy of the database), so editing migration j
    /// replays at most that many files before j, and every file after it.
    fn interval(&self) -> usize {
        (self.keys.len() / 8).max(16)
    }
}

impl Checkpoints for Stored<'_> {
    fn latest(&mut self, files: &[SqlFile]) -> Option<Checkpoint> {
        self.keys = key::prefixes(&self.header, files);
        let store = self.store?;
        let found = self.keys.iter().enumerate().rev().find_map(|(k, key)| {
            let bytes = store.get(Kind::Checkpoint, key)?;
            Checkpoint::decode(&bytes).ok().filter(|c| c.after == k)
        });
        self.resumed = found.as_ref().map(|c| c.after);
        found
    }

    fn wants(&mut self, id: FileId) -> bool {
        let n = self.keys.len();
        let wanted = id == 0 || id.is_multiple_of(self.interval()) || id + 2 >= n;
        wanted
            && self
                .store
                .is_some_and(|s| !s.contains(Kind::Checkpoint, &self.keys[id]))
    }

    fn save(&mut self, after: FileId, encoded: Vec<u8>) {
        let (Some(store), Some(key)) = (self.store, self.keys.get(after)) else {
            return;
        };
        let unsent = match &self.writer {
            Some(writer) => writer.send((*key, encoded)).err().map(|e| e.0.1),
            None => Some(encoded),
        };
        if let Some(encoded) = unsent {
            store.put(Kind::Checkpoint, key, &encoded);
        }
    }
}
