//! The on-disk cache: one file per entry, named after its key.
//!
//! An entry is written to a temporary name and renamed into place, so a
//! reader sees a whole entry or none; two processes writing one key write
//! the same bytes. Nothing is locked. Every entry is verified before use
//! (magic, format, kind, key, length, SHA-256 of the payload): anything
//! else is a miss, never an error.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

use super::key::{FORMAT, Key, hex};

const MAGIC: &[u8; 8] = b"SGCACHE\0";
const HEADER: usize = 8 + 4 + 1 + 32 + 8;
const TRAILER: usize = 32;
/// A temporary file this old was left by a process that died.
const STALE_TEMPORARY: Duration = Duration::from_secs(600);

/// What an entry holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A whole expansion.
    Expansion,
    /// A replay checkpoint.
    Checkpoint,
}

impl Kind {
    fn code(self) -> u8 {
        match self {
            Kind::Expansion => b'x',
            Kind::Checkpoint => b'c',
        }
    }
}

/// A cache directory.
#[derive(Clone, Debug)]
pub struct Store {
    dir: PathBuf,
}

impl Store {
    /// The cache in `dir` (created if missing); `None` if it cannot be.
    pub fn open(dir: &Path) -> Option<Store> {
        let dir = dir.join(format!("v{FORMAT}"));
        std::fs::create_dir_all(&dir).ok()?;
        Some(Store { dir })
    }

    /// The directory entries are kept in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, kind: Kind, key: &Key) -> PathBuf {
        self.dir
            .join(format!("{}{}", kind.code() as char, hex(key)))
    }

    /// Whether an entry exists (unverified: a cheap test before work that
    /// would only produce it again).
    pub fn contains(&self, kind: Kind, key: &Key) -> bool {
        self.path(kind, key).is_file()
    }

    /// The payload stored under `key`, if a whole, intact entry is there.
    pub fn get(&self, kind: Kind, key: &Key) -> Option<Vec<u8>> {
        let path = self.path(kind, key);
        let bytes = std::fs::read(&path).ok()?;
        let payload = verify(&bytes, kind, key)?.to_vec();
        // Recently used entries are evicted last.
        if let Ok(file) = std::fs::File::options().append(true).open(&path) {
            let _ = file.set_modified(SystemTime::now());
        }
        Some(payload)
    }

    /// Stores `payload` under `key`. Failures (a read-only or full disk)
    /// only cost a later miss.
    pub fn put(&self, kind: Kind, key: &Key, payload: &[u8]) {
        let entry = seal(kind, key, payload);
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let temporary = self.dir.join(format!(
            ".{}-{}-{}-{nanos}.tmp",
            hex(key),
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        if std::fs::write(&temporary, &entry).is_err()
            || std::fs::rename(&temporary, self.path(kind, key)).is_err()
        {
            let _ = std::fs::remove_file(&temporary);
        }
    }

    /// Removes the least recently used entries until the cache holds at
    /// most `max_bytes`, and temporary files that dead processes left.
    pub fn evict(&self, max_bytes: u64) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return;
        };
        let now = SystemTime::now();
        let mut files: Vec<(SystemTime, u64, PathBuf)> = Vec::new();
        for entry in entries.flatten() {
            let Ok(meta) = entry.metadata() else { continue };
            let modified = meta.modified().unwrap_or(now);
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "tmp") {
                let age = now.duration_since(modified).unwrap_or_default();
                if age > STALE_TEMPORARY {
                    let _ = std::fs::remove_file(&path);
                }
                continue;
            }
            files.push((modified, meta.len(), path));
        }
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

/// An entry: header, payload, SHA-256 of the payload.
fn seal(kind: Kind, key: &Key, payload: &[u8]) -> Vec<u8> {
    let mut entry = Vec::with_capacity(HEADER + payload.len() + TRAILER);
    entry.extend_from_slice(MAGIC);
    entry.extend_from_slice(&FORMAT.to_le_bytes());
    entry.push(kind.code());
    entry.extend_from_slice(key);
    entry.extend_from_slice(&(payload.len() as u64).to_le_bytes());
    entry.extend_from_slice(payload);
    entry.extend_from_slice(&Sha256::digest(payload));
    entry
}

/// The payload of `entry` if it is a whole, intact entry of `kind` for `key`.
fn verify<'a>(entry: &'a [u8], kind: Kind, key: &Key) -> Option<&'a [u8]> {
    if entry.len() < HEADER + TRAILER {
        return None;
    }
    let (header, rest) = entry.split_at(HEADER);
    let len = u64::from_le_bytes(header[45..53].try_into().ok()?);
    let ok = &header[..8] == MAGIC
        && header[8..12] == FORMAT.to_le_bytes()
        && header[12] == kind.code()
        && &header[13..45] == key
        && usize::try_from(len).ok()? == rest.len() - TRAILER;
    if !ok {
        return None;
    }
    let (payload, checksum) = rest.split_at(rest.len() - TRAILER);
    (Sha256::digest(payload).as_slice() == checksum).then_some(payload)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        (dir, store)
    }

    #[test]
    fn an_entry_round_trips_and_is_found_only_under_its_kind_and_key() {
        let (_dir, s) = store();
        s.put(Kind::Expansion, &[1; 32], b"payload");
        assert_eq!(
            s.get(Kind::Expansion, &[1; 32]).as_deref(),
            Some(&b"payload"[..])
        );
        assert_eq!(s.get(Kind::Checkpoint, &[1; 32]), None);
        assert_eq!(s.get(Kind::Expansion, &[2; 32]), None);
    }

    #[test]
    fn damaged_entries_are_misses() {
        let (_dir, s) = store();
        let key = [7; 32];
        s.put(Kind::Expansion, &key, b"the payload");
        let path = s.path(Kind::Expansion, &key);
        let good = std::fs::read(&path).unwrap();
        let mut damaged: Vec<Vec<u8>> = vec![Vec::new(), good[..good.len() - 1].to_vec()];
        for i in [0, 9, 12, 20, 50, HEADER + 3, good.len() - 1] {
            let mut bytes = good.clone();
            bytes[i] ^= 0x40;
            damaged.push(bytes);
        }
        let mut longer = good.clone();
        longer.push(0);
        damaged.push(longer);
        // An entry of another key copied over this one's name.
        s.put(Kind::Expansion, &[8; 32], b"the payload");
        damaged.push(std::fs::read(s.path(Kind::Expansion, &[8; 32])).unwrap());
        for bytes in damaged {
            std::fs::write(&path, &bytes).unwrap();
            assert_eq!(s.get(Kind::Expansion, &key), None, "{bytes:?}");
        }
    }

    #[test]
    fn eviction_keeps_the_newest_entries_and_clears_stale_temporaries() {
        let (_dir, s) = store();
        for i in 0..4u8 {
            s.put(Kind::Checkpoint, &[i; 32], &[i; 1000]);
            let old = SystemTime::now() - Duration::from_secs(100 - u64::from(i));
            let f = std::fs::File::options()
                .append(true)
                .open(s.path(Kind::Checkpoint, &[i; 32]))
                .unwrap();
            f.set_modified(old).unwrap();
        }
        let stale = s.dir().join(".dead.tmp");
        std::fs::write(&stale, b"x").unwrap();
        std::fs::File::options()
            .append(true)
            .open(&stale)
            .unwrap()
            .set_modified(SystemTime::now() - 2 * STALE_TEMPORARY)
            .unwrap();
        let fresh = s.dir().join(".alive.tmp");
        std::fs::write(&fresh, b"x").unwrap();
        s.evict(2 * (HEADER + 1000 + TRAILER) as u64);
        let kept: Vec<bool> = (0..4u8)
            .map(|i| s.contains(Kind::Checkpoint, &[i; 32]))
            .collect();
        assert_eq!(kept, [false, false, true, true]);
        assert!(!stale.exists());
        assert!(fresh.exists(), "another process may still be writing it");
    }

    #[test]
    fn a_directory_that_cannot_be_written_is_only_a_miss() {
        let (dir, s) = store();
        s.put(Kind::Expansion, &[1; 32], b"kept");
        std::fs::remove_dir_all(dir.path()).unwrap();
        s.put(Kind::Expansion, &[2; 32], b"lost");
        assert_eq!(s.get(Kind::Expansion, &[1; 32]), None);
        assert_eq!(s.get(Kind::Expansion, &[2; 32]), None);
        s.evict(0);
        // A file where the directory should be: no cache at all.
        let file = tempfile::NamedTempFile::new().unwrap();
        assert!(Store::open(file.path()).is_none());
    }
}
