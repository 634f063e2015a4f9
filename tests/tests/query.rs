//! `query!`, `query_as!` and `query_scalar!` run on a database migrated
//! from this crate's `schema.sql` and `migrations/`: the values come back
//! with the types the macros inferred.

use schemaguard::rusqlite::Connection;
use schemaguard::{Schema, query, query_as, query_scalar};

static SCHEMA: Schema = schemaguard::schema!();

fn db() -> Connection {
    let mut conn = Connection::open_in_memory().unwrap();
    SCHEMA.migrate(&mut conn).unwrap();
    conn
}

fn add_author(conn: &Connection, name: &str, email: Option<&str>) -> i64 {
    query_scalar!(
        "INSERT INTO authors (name, email) VALUES (?1, ?2) RETURNING id",
        name,
        email
    )
    .fetch_one(conn)
    .unwrap()
}

#[test]
fn rows_come_back_typed() {
    let conn = db();
    let ada = add_author(&conn, "Ada", Some("ada@example.com"));
    let bob = add_author(&conn, "Bob", None);
    query!(
        "INSERT INTO books (author_id, title, price) VALUES (?1, ?2, ?3)",
        ada,
        "Notes",
        12.5
    )
    .execute(&conn)
    .unwrap();

    let a = query!("SELECT id, name, email FROM authors WHERE id = ?1", ada)
        .fetch_one(&conn)
        .unwrap();
    assert_eq!(
        (a.id, a.name.as_str(), a.email.as_deref()),
        (ada, "Ada", Some("ada@example.com"))
    );
    let b = query!("SELECT name, email FROM authors WHERE id = ?1", bob)
        .fetch_one(&conn)
        .unwrap();
    assert_eq!((b.name, b.email), ("Bob".to_string(), None));

    // The column a later migration added, with its default.
    let book = query!(
        "SELECT title, price, stock FROM books WHERE author_id = ?1",
        ada
    )
    .fetch_one(&conn)
    .unwrap();
    let stock: i64 = book.stock;
    assert_eq!(
        (book.title.as_str(), book.price, stock),
        ("Notes", Some(12.5), 0)
    );
}

#[test]
fn left_join_count_and_optional() {
    let conn = db();
    let ada = add_author(&conn, "Ada", None);
    add_author(&conn, "Bob", None);
    query!(
        "INSERT INTO books (author_id, title) VALUES (?1, 'Notes')",
        ada
    )
    .execute(&conn)
    .unwrap();
    let rows = query!(
        "SELECT a.name, b.title FROM authors a LEFT JOIN books b ON b.author_id = a.id ORDER BY a.name"
    )
    .fetch_all(&conn)
    .unwrap();
    let got: Vec<(String, Option<String>)> = rows.into_iter().map(|r| (r.name, r.title)).collect();
    assert_eq!(
        got,
        [("Ada".into(), Some("Notes".into())), ("Bob".into(), None)]
    );
    let per_author =
        query!("SELECT author_id, count(*) AS n, max(title) AS last FROM books GROUP BY author_id")
            .fetch_all(&conn)
            .unwrap();
    assert_eq!(per_author.len(), 1);
    let (n, last): (i64, Option<String>) = (per_author[0].n, per_author[0].last.clone());
    assert_eq!((n, last.as_deref()), (1, Some("Notes")));
    let missing = query!(
        "SELECT id FROM authors WHERE name = :name OR email = :name",
        "Zed"
    )
    .fetch_optional(&conn)
    .unwrap();
    assert!(missing.is_none());
    let empty: i64 = query_scalar!("SELECT count(*) FROM reviews")
        .fetch_one(&conn)
        .unwrap();
    assert_eq!(empty, 0);
}

#[derive(Debug, PartialEq)]
struct Review {
    stars: i64,
    body: Option<String>,
}

#[test]
fn structs_transactions_and_execute_counts() {
    let mut conn = db();
    let ada = add_author(&conn, "Ada", None);
    let tx = conn.transaction().unwrap();
    let book: i64 = query_scalar!(
        "INSERT INTO books (author_id, title) VALUES (?1, ?2) RETURNING id",
        ada,
        "Notes"
    )
    .fetch_one(&tx)
    .unwrap();
    for stars in [4, 5] {
        query!(
            "INSERT INTO reviews (book_id, stars) VALUES (?1, ?2)",
            book,
            stars
        )
        .execute(&tx)
        .unwrap();
    }
    tx.commit().unwrap();
    let changed = query!("UPDATE reviews SET body = ?1 WHERE stars = 5", "great")
        .execute(&conn)
        .unwrap();
    assert_eq!(changed, 1);
    let reviews = query_as!(Review, "SELECT stars, body FROM reviews ORDER BY stars")
        .fetch_all(&conn)
        .unwrap();
    assert_eq!(
        reviews,
        [
            Review {
                stars: 4,
                body: None
            },
            Review {
                stars: 5,
                body: Some("great".into())
            }
        ]
    );
    // `execute` runs a RETURNING statement to the end and counts its rows.
    let deleted = query!(
        "DELETE FROM reviews WHERE book_id = ?1 RETURNING stars",
        book
    )
    .execute(&conn)
    .unwrap();
    assert_eq!(deleted, 2);
    // A statement that changes no row counts 0, not the DELETE's 2.
    let pragma = query!("PRAGMA optimize").execute(&conn).unwrap();
    assert_eq!(pragma, 0);
    let none = query!("UPDATE reviews SET body = ?1 WHERE stars = 0", "x")
        .execute(&conn)
        .unwrap();
    assert_eq!(none, 0);
}

#[test]
fn a_value_of_another_type_is_an_error_not_a_wrong_value() {
    let conn = db();
    let ada = add_author(&conn, "Ada", None);
    // `books` is not STRICT: a REAL column keeps text it cannot convert.
    conn.execute(
        "INSERT INTO books (author_id, title, price) VALUES (?1, 'Odd', 'n/a')",
        [ada],
    )
    .unwrap();
    let read = query!("SELECT price FROM books").fetch_one(&conn);
    assert!(
        matches!(
            read,
            Err(schemaguard::rusqlite::Error::InvalidColumnType(0, ..))
        ),
        "{:?}",
        read.map(|r| r.price)
    );
}

#[test]
fn views_ctes_and_subqueries_keep_the_nulls_they_infer() {
    let conn = db();
    let ada = add_author(&conn, "Ada", Some("ada@example.com"));
    add_author(&conn, "Bob", None);
    query!(
        "INSERT INTO books (author_id, title, price) VALUES (?, ?, ?), (?, ?, ?)",
        ada,
        "Notes",
        12.5,
        ada,
        "Letters",
        None::<f64>
    )
    .execute(&conn)
    .unwrap();
    // The view's preserved side is NOT NULL; its outer side comes back None.
    let rows = query!("SELECT author_id, name, title FROM author_books ORDER BY name, title")
        .fetch_all(&conn)
        .unwrap();
    let got: Vec<(i64, String, Option<String>)> = rows
        .into_iter()
        .map(|r| (r.author_id, r.name, r.title))
        .collect();
    assert_eq!(
        got,
        [
            (ada, "Ada".into(), Some("Letters".into())),
            (ada, "Ada".into(), Some("Notes".into())),
            (ada + 1, "Bob".into(), None)
        ]
    );
    // A CTE over the view, and a subquery in FROM with an aggregate.
    let per_author = query!(
        "WITH shelf AS (SELECT name, title FROM author_books) SELECT name, count(title) AS books, max(title) AS last FROM shelf GROUP BY name ORDER BY name"
    )
    .fetch_all(&conn)
    .unwrap();
    let got: Vec<(String, i64, Option<String>)> = per_author
        .into_iter()
        .map(|r| (r.name, r.books, r.last))
        .collect();
    assert_eq!(
        got,
        [
            ("Ada".into(), 2, Some("Notes".into())),
            ("Bob".into(), 0, None)
        ]
    );
    let priced = query!(
        "SELECT s.title, s.cents FROM (SELECT title, CAST(price * 100 AS INTEGER) AS cents FROM books) AS s ORDER BY s.title"
    )
    .fetch_all(&conn)
    .unwrap();
    let got: Vec<(String, Option<i64>)> = priced.into_iter().map(|r| (r.title, r.cents)).collect();
    assert_eq!(
        got,
        [("Letters".into(), None), ("Notes".into(), Some(1250))]
    );
    // A scalar subquery that finds no row is NULL.
    let none: Option<String> =
        query_scalar!("SELECT (SELECT title FROM books WHERE price > 100) AS t")
            .fetch_one(&conn)
            .unwrap();
    assert_eq!(none, None);
}

#[test]
fn expressions_come_back_with_their_inferred_types() {
    let conn = db();
    let ada = add_author(&conn, "Ada", None);
    let row = query!(
        "SELECT name || '!' AS shout, length(name) AS len, coalesce(email, 'none') AS contact, email IS NULL AS anonymous, id * 10 AS tens, id / 0 AS zero, upper(email) AS loud, CASE WHEN id > 0 THEN 'pos' END AS sign, typeof(email) AS kind FROM authors WHERE id = ?1",
        ada
    )
    .fetch_one(&conn)
    .unwrap();
    let shout: String = row.shout;
    let len: i64 = row.len;
    let contact: String = row.contact;
    let anonymous: bool = row.anonymous;
    let tens: i64 = row.tens;
    let zero: Option<i64> = row.zero;
    let loud: Option<String> = row.loud;
    let sign: Option<String> = row.sign;
    let kind: String = row.kind;
    assert_eq!(
        (shout.as_str(), len, contact.as_str(), anonymous, tens),
        ("Ada!", 3, "none", true, ada * 10)
    );
    assert_eq!(
        (zero, loud, sign.as_deref(), kind.as_str()),
        (None, None, Some("pos"), "null")
    );
    let stats = query!("SELECT count(*) AS n, total(price) AS t, avg(price) AS mean, sum(stock) AS units FROM books")
        .fetch_one(&conn)
        .unwrap();
    let (n, t, mean, units): (i64, f64, Option<f64>, Option<i64>) =
        (stats.n, stats.t, stats.mean, stats.units);
    assert_eq!((n, t, mean, units), (0, 0.0, None, None));
}

#[test]
fn typed_parameters_bind_what_the_columns_take() {
    let conn = db();
    // Option into a nullable column, &str and String into TEXT, i32 into INTEGER.
    let email: Option<String> = None;
    let id: i64 = query_scalar!(
        "INSERT INTO authors (name, email) VALUES (?1, ?2) RETURNING id",
        String::from("Ada"),
        email
    )
    .fetch_one(&conn)
    .unwrap();
    let small: i32 = i32::try_from(id).unwrap();
    query!(
        "UPDATE authors SET email = ?1 WHERE id = ?2",
        Some("ada@example.com"),
        small
    )
    .execute(&conn)
    .unwrap();
    // `IS ?` takes an Option; LIMIT takes an integer; Value passes anywhere.
    let found: Vec<String> = query_scalar!(
        "SELECT name FROM authors WHERE email IS ?1 AND id IN (?2, ?3) LIMIT ?4",
        Some("ada@example.com"),
        id,
        schemaguard::query::Value::Integer(id + 100),
        10u8
    )
    .fetch_all(&conn)
    .unwrap();
    assert_eq!(found, ["Ada"]);
}

#[test]
fn an_optional_filter_matches_everything_when_given_none() {
    let conn = db();
    add_author(&conn, "Ada", Some("ada@example.com"));
    add_author(&conn, "Bob", None);
    let named = |name: Option<&str>| -> Vec<String> {
        query_scalar!(
            "SELECT name FROM authors WHERE (?1 IS NULL OR name = ?1) ORDER BY name",
            name
        )
        .fetch_all(&conn)
        .unwrap()
    };
    assert_eq!(named(None), ["Ada", "Bob"]);
    assert_eq!(named(Some("Bob")), ["Bob"]);
    assert!(named(Some("Eve")).is_empty());
}

struct Author {
    id: i64,
    email: Option<String>,
}

impl Author {
    /// `&self.field`, the usual shape of a write from a struct.
    fn save(&self, conn: &Connection) {
        query!(
            "UPDATE authors SET email = ? WHERE id = ?",
            &self.email,
            self.id
        )
        .execute(conn)
        .unwrap();
    }
}

#[test]
fn a_reference_to_an_option_writes_its_value_or_null() {
    let conn = db();
    let id = add_author(&conn, "Ada", None);
    let email = |conn: &Connection| -> Option<String> {
        query_scalar!("SELECT email FROM authors WHERE id = ?", id)
            .fetch_one(conn)
            .unwrap()
    };
    let mut ada = Author {
        id,
        email: Some("ada@example.com".into()),
    };
    ada.save(&conn);
    assert_eq!(email(&conn).as_deref(), Some("ada@example.com"));
    ada.email = None;
    ada.save(&conn);
    assert_eq!(email(&conn), None);
}

/// Binds as TEXT without implementing `schemaguard::param::Text`, as
/// another crate's type (a date, a UUID) would.
struct Isbn(u64);

impl schemaguard::rusqlite::ToSql for Isbn {
    fn to_sql(
        &self,
    ) -> schemaguard::rusqlite::Result<schemaguard::rusqlite::types::ToSqlOutput<'_>> {
        Ok(format!("isbn-{}", self.0).into())
    }
}

#[test]
fn an_argument_written_as_underscore_binds_unchecked() {
    let conn = db();
    let ada = add_author(&conn, "Ada", None);
    query!(
        "INSERT INTO books (author_id, title) VALUES (?1, ?2)",
        ada,
        Isbn(42) as _
    )
    .execute(&conn)
    .unwrap();
    let title: String = query_scalar!("SELECT title FROM books WHERE title = ?", &Isbn(42) as _)
        .fetch_one(&conn)
        .unwrap();
    assert_eq!(title, "isbn-42");
}
