//! `value as _` binds a value of a type no marker knows (another crate's
//! type, which cannot implement one) where its parameter has a type.
//! Never run: the function only has to type-check.
use schemaguard::query;
use schemaguard::rusqlite::types::ToSqlOutput;
use schemaguard::rusqlite::{Connection, Result, ToSql};

/// Binds as TEXT, as chrono's or uuid's types do, without `param::Text`.
struct Stamp(u32);

impl ToSql for Stamp {
    fn to_sql(&self) -> Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::from(format!("2026-01-01T00:00:{:02}", self.0)))
    }
}

macro_rules! renamed {
    ($conn:expr, $name:expr) => {
        query!("UPDATE users SET name = ?1 WHERE id = 1", $name).execute($conn)
    };
}

#[allow(dead_code)]
fn unchecked(conn: &Connection, stamp: Stamp, maybe: Option<Stamp>) -> Result<()> {
    query!("UPDATE users SET email = ?1 WHERE id = ?2", stamp as _, 1).execute(conn)?;
    query!("UPDATE users SET name = ? WHERE email = ?", maybe as _, &stamp as _).execute(conn)?;
    // Where the parameter has no type to check, the cast goes too.
    query!("SELECT id FROM users WHERE lower(email) = ?", stamp as _).fetch_all(conn)?;
    // Through a `macro_rules!`, whose arguments arrive grouped.
    renamed!(conn, Stamp(1) as _)?;
    // The older spelling still passes.
    query!("SELECT id FROM users WHERE email = ?", &stamp as &dyn ToSql).fetch_all(conn)?;
    Ok(())
}

fn main() {}
