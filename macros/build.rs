//! Only here so that cargo gives this crate an `OUT_DIR`: the `schema!`
//! macro keeps its analysis cache there, in the build directory.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
}
