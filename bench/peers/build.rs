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
    // The demo's real-sized files, for the size comparison.
    let demo = out.join("demo");
    if demo.exists() {
        std::fs::remove_dir_all(&demo).expect("clear the demo");
    }
    std::fs::create_dir_all(demo.join("migrations")).expect("demo dir");
    let source = std::path::Path::new("../../migrations");
    for entry in std::fs::read_dir(source).expect("the demo's migrations") {
        let path = entry.expect("demo entry").path();
        let name = path.file_name().expect("file name");
        let to = if name == "schema.sql" {
            demo.join(name)
        } else {
            demo.join("migrations").join(name)
        };
        std::fs::copy(&path, to).expect("copy the demo");
    }
    println!("cargo:rerun-if-changed=../../migrations");
    println!("cargo:rustc-env=SCHEMAGUARD_MANIFEST_DIR={}", out.display());
    println!("cargo:rerun-if-changed=../src/lib.rs");
}
