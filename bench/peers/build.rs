//! Writes the synthetic corpora into OUT_DIR and points `schema!` there:
//! `SCHEMAGUARD_MANIFEST_DIR` is read by the macro inside rustc, and
//! `cargo:rustc-env` sets it for this crate's compilation only.

#[path = "../src/lib.rs"]
#[allow(dead_code)]
mod corpus;

fn main() {
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR"));
    for n in [10, 100, 300, 1000] {
        let dir = out.join(format!("c{n}"));
        if dir.join("migrations").exists() {
            std::fs::remove_dir_all(dir.join("migrations")).expect("clear corpus");
        }
        corpus::Corpus::generate(n)
            .write(&dir)
            .expect("write corpus");
    }
    println!("cargo:rustc-env=SCHEMAGUARD_MANIFEST_DIR={}", out.display());
    println!("cargo:rerun-if-changed=../src/lib.rs");
}
