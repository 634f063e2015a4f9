//! Gives the analysis cache a build id: a hash of this crate's sources, so
//! that editing schemaguard itself (a path or git dependency) invalidates
//! every cached analysis, not only a version bump.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let mut paths = vec![root.join("Cargo.toml"), root.join("build.rs")];
    files(&root.join("src"), &mut paths);
    paths.sort();
    // Two differently seeded 64-bit hashes: a 128-bit id.
    let mut id = String::new();
    for seed in [0u8, 1] {
        let mut h = DefaultHasher::new();
        seed.hash(&mut h);
        for path in &paths {
            path.strip_prefix(&root).unwrap_or(path).hash(&mut h);
            std::fs::read(path).unwrap_or_default().hash(&mut h);
        }
        id.push_str(&format!("{:016x}", h.finish()));
    }
    println!("cargo:rustc-env=SCHEMAGUARD_CORE_BUILD_ID={id}");
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=Cargo.toml");
}
