//! The README's "Testing your schema with trybuild" shows this crate's test
//! files: they must stay the same text, so the section is what `schema.rs`
//! runs.

use std::path::Path;

/// The Rust blocks of the README, each as written.
fn readme_blocks() -> Vec<String> {
    let readme = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    let text = std::fs::read_to_string(readme).expect("README.md next to example-app/");
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        match &mut current {
            None if line.starts_with("```rust") => current = Some(String::new()),
            Some(block) if line == "```" => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

#[test]
fn the_readme_shows_these_files() {
    let blocks = readme_blocks();
    for file in [
        "tests/schema.rs",
        "tests/schema/current.rs",
        "tests/schema/broken_duplicate_index.rs",
        "build.rs",
    ] {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
        let text = std::fs::read_to_string(&path)
            .unwrap()
            .replace("\r\n", "\n");
        assert!(
            blocks.contains(&text),
            "README.md has no Rust block equal to example-app/{file}:\n{text}"
        );
    }
}
