//! The SQL files have an error: each query! says so, schema!() shows it.
fn main() {
    let _ = schemaguard::query!("SELECT id FROM users");
}
