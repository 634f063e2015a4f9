//! `base = false` and `layout = "refinery"` in the metadata: schema!()
//! and query! read the same migrations.
static SCHEMA: schemaguard::Schema = schemaguard::schema!();

fn main() {
    let mut conn = schemaguard::rusqlite::Connection::open_in_memory().unwrap();
    SCHEMA.migrate(&mut conn).unwrap();
    let id: i64 = schemaguard::query_scalar!("INSERT INTO notes (body) VALUES (?1) RETURNING id", "hi")
        .fetch_one(&conn)
        .unwrap();
    let row = schemaguard::query!("SELECT id, body FROM notes WHERE id = ?1", id).fetch_one(&conn).unwrap();
    let body: String = row.body;
    assert_eq!(body, "hi");
}
