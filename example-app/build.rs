// build.rs: re-run the check when a migration file is added or removed
fn main() {
    schemaguard::build::watch_migrations("migrations");
}
