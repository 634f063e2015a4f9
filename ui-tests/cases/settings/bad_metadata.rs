//! `[package.metadata.schemaguard]` with a mistake: schema!() and query!
//! both say which key and how to fix it.
static SCHEMA: schemaguard::Schema = schemaguard::schema!();

fn main() {
    let _ = &SCHEMA;
    let _ = schemaguard::query!("SELECT 1 AS one");
}
