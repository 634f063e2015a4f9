fn main() {
    schemaguard::build::watch_migrations("../migrations");
    schemaguard::build::watch_migrations("fixtures");
}
