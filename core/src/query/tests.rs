use rusqlite::Connection;

use super::catalog::Schema;
use super::*;

const SCHEMA: &str = "
CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL, name TEXT, score REAL, avatar BLOB, active BOOLEAN NOT NULL DEFAULT 1, joined DATETIME, misc);
CREATE TABLE posts (id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), title TEXT NOT NULL);
CREATE TABLE tags (name TEXT PRIMARY KEY, n INT NOT NULL, extra ANY) STRICT;
CREATE TABLE pairs (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID;
CREATE TABLE odd (id INTEGER PRIMARY KEY DESC, code TEXT);
CREATE TABLE odd2 (k INTEGER, PRIMARY KEY (k));
CREATE UNIQUE INDEX users_email ON users(email);
CREATE VIEW user_posts AS SELECT u.id, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id;
";

fn conn() -> Connection {
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch(SCHEMA).unwrap();
    c
}

/// `name: type` for each column, `?` marking nullable ones.
fn cols(sql: &str) -> Vec<String> {
    let d = describe(&conn(), sql, None).unwrap_or_else(|e| panic!("{e}"));
    d.columns
        .iter()
        .map(|c| {
            format!(
                "{}: {}{}",
                c.name,
                c.ty.rust(),
                if c.nullable { "?" } else { "" }
            )
        })
        .collect()
}

fn error(sql: &str) -> String {
    describe(&conn(), sql, None).unwrap_err()
}

#[test]
fn plain_columns_take_declared_types_and_not_null() {
    assert_eq!(
        cols("SELECT id, email, name, score, avatar, active, joined, misc FROM users"),
        [
            "id: i64",
            "email: String",
            "name: String?",
            "score: f64?",
            "avatar: Vec<u8>?",
            "active: bool",
            "joined: schemaguard::query::Value?",
            "misc: schemaguard::query::Value?"
        ]
    );
    assert_eq!(cols("SELECT * FROM posts")[2], "title: String");
    assert_eq!(
        cols("SELECT name, n, extra FROM tags"),
        [
            "name: String",
            "n: i64",
            "extra: schemaguard::query::Value?"
        ]
    );
    assert_eq!(cols("SELECT a FROM pairs"), ["a: String"]);
    // `INTEGER PRIMARY KEY DESC` does not alias the rowid: it may be NULL.
    assert_eq!(cols("SELECT id FROM odd"), ["id: i64?"]);
    assert_eq!(cols("SELECT k FROM odd2"), ["k: i64"]);
}

#[test]
fn outer_joins_views_compounds_and_aggregates_make_columns_nullable() {
    assert_eq!(
        cols("SELECT u.email, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id"),
        ["email: String", "title: String?"]
    );
    assert_eq!(
        cols("SELECT u.email, p.title FROM posts p RIGHT JOIN users u ON p.user_id = u.id"),
        ["email: String", "title: String?"]
    );
    assert_eq!(
        cols("SELECT u.email, p.title FROM users u FULL JOIN posts p ON p.user_id = u.id"),
        ["email: String?", "title: String?"]
    );
    // A table on both sides of a LEFT JOIN (a self-join): by alias.
    assert_eq!(
        cols("SELECT a.email, b.email AS other FROM users a LEFT JOIN users b ON b.id = a.id + 1"),
        ["email: String", "other: String?"]
    );
    // A parenthesised join is not read: every column may be NULL.
    assert_eq!(
        cols(
            "SELECT u.email FROM users u LEFT JOIN (posts p JOIN users v ON v.id = p.user_id) ON p.user_id = u.id"
        ),
        ["email: String?"]
    );
    // An outer join inside a WHERE subquery does not touch the result.
    assert_eq!(
        cols(
            "SELECT email FROM users WHERE id IN (SELECT u.id FROM users u LEFT JOIN posts p ON p.user_id = u.id)"
        ),
        ["email: String"]
    );
    assert_eq!(
        cols("SELECT u.email, p.title FROM users u JOIN posts p ON p.user_id = u.id"),
        ["email: String", "title: String"]
    );
    // Through a view over a LEFT JOIN: the preserved side keeps NOT NULL.
    assert_eq!(
        cols("SELECT id, title FROM user_posts"),
        ["id: i64", "title: String?"]
    );
    assert_eq!(
        cols("SELECT email FROM users UNION ALL SELECT title FROM posts"),
        ["email: String?"]
    );
    assert_eq!(
        cols("SELECT email, count(*) AS n FROM users"),
        ["email: String?", "n: i64"]
    );
    assert_eq!(
        cols("SELECT email, count(*) AS n FROM users GROUP BY email"),
        ["email: String", "n: i64"]
    );
    assert_eq!(
        cols("SELECT (SELECT email FROM users LIMIT 1) AS e"),
        ["e: String?"]
    );
    assert_eq!(
        cols("SELECT e FROM (SELECT email AS e, count(*) FROM users)"),
        ["e: String?"]
    );
    assert_eq!(
        cols("WITH x AS (SELECT email FROM users) SELECT email FROM x"),
        ["email: String"]
    );
}

#[test]
fn expressions_use_the_table_or_a_dynamic_value() {
    assert_eq!(
        cols(
            "SELECT count(*) AS n, total(score) AS t, max(id) AS m, min(email) AS e, sum(id) AS s, avg(score) AS a FROM users"
        ),
        [
            "n: i64",
            "t: f64",
            "m: i64?",
            "e: String?",
            "s: i64?",
            "a: f64?"
        ]
    );
    assert_eq!(
        cols(
            "SELECT 1 AS i, 2.5 AS r, 'x' AS s, CAST(id AS TEXT) AS c, id + 1 AS plus, NULL AS z FROM users"
        ),
        [
            "i: i64",
            "r: f64",
            "s: String",
            "c: String",
            "plus: i64",
            "z: schemaguard::query::Value?"
        ]
    );
}

#[test]
fn returning_uses_the_written_table() {
    assert_eq!(
        cols("INSERT INTO users (email) VALUES (?1) RETURNING id, email, name AS n"),
        ["id: i64", "email: String", "n: String?"]
    );
    assert_eq!(
        cols("DELETE FROM posts RETURNING *"),
        ["id: i64", "user_id: i64", "title: String"]
    );
    assert!(cols("UPDATE users SET name = ? WHERE id = ?").is_empty());
    // RETURNING sees only the written table; `RETURNING x, *` is not mapped.
    assert_eq!(
        cols(
            "UPDATE posts SET title = u.email FROM users u WHERE u.id = posts.user_id RETURNING posts.title, title, upper(title) AS up"
        ),
        ["title: String", "title: String", "up: String?"]
    );
    assert_eq!(
        cols("DELETE FROM posts RETURNING title, *")[1],
        "id: schemaguard::query::Value?"
    );
}

#[test]
fn overrides_as_sqlx_spells_them() {
    assert_eq!(
        cols(
            "SELECT name AS \"name!\", email AS \"email?\", joined AS \"joined: String\", max(id) AS \"m!: u32\" FROM users"
        ),
        [
            "name: String",
            "email: String?",
            "joined: String?",
            "m: u32"
        ]
    );
}

#[test]
fn parameters_are_counted_and_must_not_skip_numbers() {
    let c = conn();
    assert_eq!(
        describe(&c, "SELECT id FROM users WHERE id = ?1 OR name = ?2", None)
            .unwrap()
            .parameters,
        2
    );
    assert_eq!(
        describe(
            &c,
            "SELECT id FROM users WHERE id = :id AND name = :id",
            None
        )
        .unwrap()
        .parameters,
        1
    );
    let e = error("SELECT id FROM users WHERE id = ?3");
    assert!(
        e.starts_with("the query uses `?3` but not `?1`, `?2`"),
        "{e}"
    );
    assert!(e.contains("query:1:33"), "{e}");
    // A bare `?` after `?N` takes the next number: no gap.
    for sql in [
        "SELECT id FROM users WHERE id = ?1 AND name = ?",
        "SELECT id FROM users WHERE name = ?1 AND id = ? AND score = ?3",
        "SELECT id FROM users WHERE id = ? AND name = ?2",
    ] {
        let d = describe(&c, sql, None).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert_eq!(d.parameters, sql.matches('?').count(), "{sql}");
    }
    let e = error("SELECT id FROM users WHERE id = ? AND name = ?3");
    assert!(e.starts_with("the query uses `?3` but not `?2`"), "{e}");
    // The highest number taken by a name or a bare `?`: named as written.
    let e = error("SELECT id FROM users WHERE id = ?2 AND name = :n");
    assert!(
        e.starts_with("the query uses `:n` (number 3) but not `?1`"),
        "{e}"
    );
    assert!(e.contains("query:1:47"), "{e}");
    let e = error("SELECT id FROM users WHERE id = ?2 AND name = ?");
    assert!(
        e.starts_with("the query uses `?` (number 3) but not `?1`"),
        "{e}"
    );
}

#[test]
fn sqlite_errors_point_into_the_sql() {
    let e = error("SELECT id,\n       emial FROM users");
    assert!(e.contains("no such column: emial"), "{e}");
    assert!(e.contains("query:2:8"), "{e}");
    assert!(e.contains("help: `emial` does not exist"), "{e}");
    let e = error("SELECT id FROM users; SELECT 1");
    assert!(e.starts_with("the query holds 2 statements"), "{e}");
    assert!(error("SELEC id FROM users").contains("syntax error"));
}

#[test]
fn a_dropped_column_names_its_migration() {
    let mut history = crate::history::HistoryBuilder::default();
    let c = Connection::open_in_memory().unwrap();
    c.execute_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT);")
        .unwrap();
    history
        .record(&c, &crate::history::Touched::Everything)
        .unwrap();
    c.execute_batch("ALTER TABLE users DROP COLUMN email;")
        .unwrap();
    history
        .record(&c, &crate::history::Touched::Everything)
        .unwrap();
    let history = history.finish();
    let files = [
        "the base schema".to_string(),
        "migration 2 (`migrations/2_drop.sql`)".to_string(),
    ];
    let past = Past {
        history: &history,
        files: &files,
    };
    let e = describe(&c, "SELECT email FROM users", Some(&past)).unwrap_err();
    assert!(e.contains("`email` existed before migration 2 (`migrations/2_drop.sql`), which dropped or renamed it"), "{e}");
    // An INSERT's column list: SQLite says "table … has no column named …".
    let e = describe(
        &c,
        "INSERT INTO users (id, email) VALUES (?, ?)",
        Some(&past),
    )
    .unwrap_err();
    assert!(e.contains("has no column named email"), "{e}");
    assert!(e.contains("`email` existed before migration 2 (`migrations/2_drop.sql`), which dropped or renamed it"), "{e}");
    assert!(e.contains("query:1:24"), "{e}");
}

#[test]
fn the_function_table() {
    assert_eq!(
        cols(
            "SELECT lower(email) AS l, typeof(name) AS t, quote(name) AS q, hex(avatar) AS h, length(name) AS n, instr(email, 'a') AS i, changes() AS c, last_insert_rowid() AS r, X'00' AS b, coalesce(name, email) AS co FROM users"
        ),
        [
            "l: String",
            "t: String",
            "q: String",
            "h: String",
            "n: i64?",
            "i: i64",
            "c: i64",
            "r: i64",
            "b: Vec<u8>",
            "co: String"
        ]
    );
    assert_eq!(
        cols("SELECT sum(score) AS s, CAST(score AS NUMERIC) AS n FROM users"),
        ["s: f64?", "n: schemaguard::query::Value?"]
    );
    assert_eq!(
        cols("SELECT name AS \"name?: Vec<u8>\" FROM users"),
        ["name: Vec<u8>?"]
    );
}

#[test]
fn ambiguous_names_are_sqlites_error() {
    let e = error("SELECT id FROM users JOIN posts ON posts.user_id = users.id");
    assert!(e.contains("ambiguous column name: id"), "{e}");
    assert!(e.contains("query:1:8"), "{e}");
}

#[test]
fn an_override_without_a_type_points_at_its_alias() {
    let e = error("SELECT email AS \"email:\" FROM users");
    assert!(
        e.starts_with("column `email:` names no type after `:`"),
        "{e}"
    );
    assert!(e.contains("query:1:17"), "{e}");
}

#[test]
fn queries_as_users_write_them() {
    assert_eq!(
        cols("SELECT u.*, p.title FROM users u JOIN posts p ON p.user_id = u.id")[..2],
        ["id: i64", "email: String"]
    );
    assert_eq!(
        cols("SELECT * FROM users u LEFT JOIN posts p USING (id)")[8..],
        ["user_id: i64?", "title: String?"]
    );
    assert_eq!(
        cols("SELECT id FROM users WHERE email LIKE ?1 ESCAPE '\\' ORDER BY id LIMIT ?2 OFFSET ?3"),
        ["id: i64"]
    );
    assert_eq!(
        cols(
            "INSERT INTO tags (name, n) VALUES (?1, 1) ON CONFLICT (name) DO UPDATE SET n = n + 1 RETURNING n, extra"
        ),
        ["n: i64", "extra: schemaguard::query::Value?"]
    );
    assert_eq!(
        cols(
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 5) SELECT x FROM c"
        ),
        ["x: schemaguard::query::Value?"]
    );
    assert_eq!(
        // `rowid` of a table with an INTEGER PRIMARY KEY is that column.
        cols(
            "SELECT CASE WHEN id > 0 THEN 'a' END AS c, json_extract(misc, '$.a') AS j, rowid AS r FROM users"
        ),
        ["c: String?", "j: schemaguard::query::Value?", "r: i64"]
    );
    assert_eq!(
        cols("SELECT email FROM users GROUP BY email HAVING count(*) > 1"),
        ["email: String"]
    );
    assert_eq!(
        cols("VALUES (1, 'a')"),
        [
            "column1: schemaguard::query::Value?",
            "column2: schemaguard::query::Value?"
        ]
    );
    assert_eq!(
        cols("SELECT id FROM users WHERE id = ?1 OR id = ?1").len(),
        1
    );
    assert_eq!(cols("EXPLAIN QUERY PLAN SELECT id FROM users").len(), 4);
}

#[test]
fn nullability_follows_views_ctes_and_subqueries() {
    // A view over a LEFT JOIN: its preserved side stays NOT NULL.
    assert_eq!(
        cols("SELECT id, title FROM user_posts"),
        ["id: i64", "title: String?"]
    );
    // The view on an outer join's nullable side: every column may be NULL.
    assert_eq!(
        cols("SELECT v.id FROM posts p LEFT JOIN user_posts v ON v.id = p.user_id"),
        ["id: i64?"]
    );
    assert_eq!(
        cols(
            "WITH a AS (SELECT u.id, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id), b AS (SELECT id, title AS t FROM a) SELECT id, t FROM b"
        ),
        ["id: i64", "t: String?"]
    );
    assert_eq!(
        cols("WITH x(n, e) AS (SELECT id, email FROM users) SELECT n, e FROM x"),
        ["n: i64", "e: String"]
    );
    assert_eq!(
        cols(
            "SELECT s.email, s.n FROM (SELECT email, count(*) AS n FROM users GROUP BY email) AS s"
        ),
        ["email: String", "n: i64"]
    );
    // A scalar subquery may find no row, unless it is an aggregate without
    // GROUP BY, HAVING or LIMIT: that one always gives one row.
    assert_eq!(
        cols(
            "SELECT (SELECT count(*) FROM posts) AS n, (SELECT email FROM users LIMIT 1) AS e, (SELECT max(id) FROM posts) AS m"
        ),
        ["n: i64", "e: String?", "m: i64?"]
    );
    assert_eq!(
        cols(
            "SELECT (SELECT count(*) FROM posts LIMIT ?) AS l, (SELECT count(*) FROM posts HAVING count(*) > 2) AS h, (SELECT count(*) FROM posts GROUP BY user_id) AS g, (SELECT max(id, 1) FROM posts) AS s"
        ),
        ["l: i64?", "h: i64?", "g: i64?", "s: i64?"]
    );
    // An aggregate without GROUP BY: plain columns of the one row may be NULL.
    assert_eq!(
        cols("SELECT email, count(*) AS n FROM users"),
        ["email: String?", "n: i64"]
    );
    // Compound arms: nullable.
    assert_eq!(
        cols("SELECT id FROM users UNION SELECT id FROM posts"),
        ["id: i64?"]
    );
}

#[test]
fn operators_and_functions() {
    assert_eq!(
        cols(
            "SELECT email || '!' AS bang, name || '!' AS maybe, id * 2 AS dbl, id / 2 AS half, score + 1 AS s1, id % 3 AS m, -id AS neg, id = 1 AS one, name IS NULL AS missing, name = 'x' AS named, id IN (1, 2) AS few, NOT active AS off FROM users"
        ),
        [
            "bang: String",
            "maybe: String?",
            "dbl: i64",
            "half: i64?",
            "s1: f64?",
            "m: i64?",
            "neg: i64",
            "one: bool",
            "missing: bool",
            "named: bool?",
            "few: bool",
            "off: bool"
        ]
    );
    assert_eq!(
        cols(
            "SELECT CASE WHEN id > 1 THEN 'a' ELSE 'b' END AS c, CASE id WHEN 1 THEN 1 END AS d, nullif(email, '') AS n, coalesce(name, 'anon') AS who, ifnull(score, 0.0) AS sc, abs(id) AS a, round(score) AS r, length(email) AS l, upper(name) AS u, substr(email, 2) AS sub, replace(email, 'a', 'b') AS rep, iif(id > 1, 'x', 'y') AS i FROM users"
        ),
        [
            "c: String",
            "d: i64?",
            "n: String?",
            "who: String",
            "sc: f64",
            "a: i64",
            "r: f64?",
            "l: i64",
            "u: String?",
            "sub: String",
            "rep: String",
            "i: String"
        ]
    );
    assert_eq!(
        cols(
            "SELECT count(DISTINCT name) AS c, group_concat(email, ',') AS g, sum(score) AS s, max(id, 5) AS m, row_number() OVER (ORDER BY id) AS rn, count(*) FILTER (WHERE id > 1) AS f, CAST(score AS INTEGER) AS ci, CAST(email AS NUMERIC) AS cn, date('now') AS d, EXISTS (SELECT 1 FROM posts) AS e FROM users GROUP BY id"
        ),
        [
            "c: i64",
            "g: String?",
            "s: f64?",
            "m: i64",
            "rn: i64",
            "f: i64",
            "ci: i64?",
            "cn: schemaguard::query::Value",
            "d: String?",
            "e: bool"
        ]
    );
    // Mixed or unknown types stay dynamic.
    assert_eq!(
        cols(
            "SELECT misc + 1 AS x, CASE WHEN id > 0 THEN 1 ELSE 'a' END AS y, json_extract(misc, '$.a') AS z FROM users"
        ),
        [
            "x: schemaguard::query::Value?",
            "y: schemaguard::query::Value",
            "z: schemaguard::query::Value?"
        ]
    );
}

#[test]
fn shapes_the_walk_does_not_read_are_described_without_failing() {
    // Valid SQL in shapes the walk only partly reads: each prepares, is
    // described, and types its parameters where it can.
    for sql in [
        "SELECT (SELECT (SELECT 1)) AS x",
        "SELECT -(-(id)) AS x, +id AS y, ~id AS z FROM users",
        "SELECT * FROM users NATURAL JOIN posts",
        "SELECT count() OVER w AS n FROM users WINDOW w AS (ORDER BY id)",
        "SELECT x FROM (SELECT 1 AS x UNION SELECT 2) AS s",
        "SELECT j.value AS v FROM users, json_each(users.misc) AS j",
        "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 3) SELECT n FROM r",
        "SELECT CASE WHEN 1 THEN CASE WHEN 2 THEN 3 END END AS c",
        "SELECT id FROM users WHERE (id, email) = (?, ?)",
        "SELECT id FROM users WHERE id = ? = 1",
        "SELECT id FROM users WHERE NOT id = ? AND ? = email",
        "SELECT id FROM users WHERE id BETWEEN ? + 1 AND ?",
        "UPDATE users SET (name, score) = (?, ?) WHERE id = ?",
        "INSERT INTO posts (user_id, title) SELECT id, ? FROM users WHERE email = ?",
        "INSERT INTO tags VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        "VALUES (1, 'a'), (?, ?)",
        "DELETE FROM users WHERE id IN (SELECT user_id FROM posts WHERE title = ?)",
        "SELECT id FROM users LIMIT ? OFFSET ? * 2",
        "SELECT id FROM main.users AS u WHERE u.rowid = ?",
        "SELECT email FROM users WHERE name IS NOT ? ORDER BY id DESC LIMIT 1",
    ] {
        let conn = conn();
        let d = describe(&conn, sql, None).unwrap_or_else(|e| panic!("{sql}: {e}"));
        assert!(d.expected.iter().all(|e| e.index <= d.parameters), "{sql}");
    }
}

#[test]
fn correlated_subqueries_and_star_over_a_view() {
    assert_eq!(
        cols(
            "SELECT u.email, (SELECT count(*) FROM posts p WHERE p.user_id = u.id) AS n, (SELECT max(title) FROM posts p WHERE p.user_id = u.id) AS last FROM users u"
        ),
        ["email: String", "n: i64", "last: String?"]
    );
    // Followed through a view inside the correlated subquery.
    assert_eq!(
        cols(
            "SELECT (SELECT count(title) FROM user_posts v WHERE v.id = u.id) AS n, (SELECT min(v.id) FROM user_posts v WHERE v.id = u.id) AS first FROM users u"
        ),
        ["n: i64", "first: i64?"]
    );
    assert_eq!(
        cols("SELECT * FROM user_posts"),
        ["id: i64", "title: String?"]
    );
    assert_eq!(
        cols(
            "SELECT u.id, count(p.id) AS posts, max(p.title) AS last FROM users u LEFT JOIN posts p ON p.user_id = u.id GROUP BY u.id"
        ),
        ["id: i64", "posts: i64", "last: String?"]
    );
}

#[test]
fn functions_that_give_null_for_some_non_null_input() {
    assert_eq!(
        cols("SELECT unicode(email) AS u, sign(id) AS s, sign(email) AS t FROM users"),
        ["u: i64?", "s: i64", "t: i64?"]
    );
    // The math functions are in SQLite builds with SQLITE_ENABLE_MATH_FUNCTIONS
    // (not rusqlite's bundled one): checked on the walk alone.
    let sql = "SELECT floor(score) AS f, ceil(email) AS c, trunc(misc) AS t FROM users";
    let shape = walk::Shape::of(sql);
    let c = conn();
    let catalog = Default::default();
    let schema = Schema {
        conn: &c,
        catalog: &catalog,
    };
    let scope = infer::Scope::new(schema, sql, &shape, 0);
    let typed: Vec<_> = shape.items.iter().map(|r| scope.expr(r.clone())).collect();
    assert_eq!(
        typed,
        [(Type::F64, true), (Type::Value, true), (Type::Value, true)]
    );
}

#[test]
fn a_blob_s_substring_is_a_blob() {
    assert_eq!(
        cols(
            "SELECT substr(avatar, 1, 4) AS magic, substring(misc, 2) AS m, substr(email, 2) AS e, substr(id, 1) AS i FROM users"
        ),
        [
            "magic: Vec<u8>?",
            "m: schemaguard::query::Value?",
            "e: String",
            "i: String"
        ]
    );
}

#[test]
fn date_functions_with_subsec_or_without_arguments() {
    assert_eq!(
        cols(
            "SELECT unixepoch(joined) AS s, unixepoch(joined, 'subsec') AS ms, unixepoch(joined, 'start of day', 'SUBSECOND') AS day_ms, unixepoch(joined, ?1) AS maybe FROM users"
        ),
        [
            "s: i64?",
            "ms: f64?",
            "day_ms: f64?",
            "maybe: schemaguard::query::Value?"
        ]
    );
    // Without arguments they read the clock: never NULL.
    assert_eq!(
        cols("SELECT unixepoch() AS u, date() AS d, datetime() AS t, julianday() AS j"),
        ["u: i64", "d: String", "t: String", "j: f64"]
    );
}

#[test]
fn lag_and_lead_take_their_default_s_type_too() {
    assert_eq!(
        cols(
            "SELECT lag(id, 1, 'first') OVER w AS a, lead(id, 1, 0) OVER w AS b, lag(score, 1, 0) OVER w AS c, lag(email, 1, NULL) OVER w AS d FROM users WINDOW w AS (ORDER BY id)"
        ),
        [
            "a: schemaguard::query::Value?",
            "b: i64?",
            "c: f64?",
            "d: String?"
        ]
    );
}

#[test]
fn branches_of_integers_and_reals_read_as_f64_and_a_null_only_adds_null() {
    assert_eq!(
        cols(
            "SELECT ifnull(score, 0) AS s, coalesce(avg(id), 0) AS a, CASE WHEN id > 1 THEN score ELSE 0 END AS c, iif(id > 1, id, NULL) AS i, CASE WHEN active THEN active ELSE 2 END AS b, max(id, 1.5) AS m, coalesce(name, 0) AS v FROM users GROUP BY id"
        ),
        [
            "s: f64",
            "a: f64",
            "c: f64?",
            "i: i64?",
            "b: i64",
            "m: f64",
            "v: schemaguard::query::Value"
        ]
    );
}

#[test]
fn json_functions_that_build_text() {
    assert_eq!(
        cols(
            "SELECT json_valid(misc) AS ok, json_group_array(email) AS emails, json_group_object(email, id) AS ids, json_set(misc, '$.a', 1) AS s, json_remove('{}', '$.a') AS r, json_patch('{}', misc) AS p FROM users"
        ),
        [
            "ok: bool?",
            "emails: String",
            "ids: String",
            "s: String?",
            "r: String",
            "p: String?"
        ]
    );
    assert_eq!(
        cols("SELECT email, jsonb_group_array(id) AS b FROM users"),
        ["email: String?", "b: Vec<u8>"]
    );
}

#[test]
fn compound_columns_are_typed_from_every_arm() {
    // SQLite reports the first arm's types; every arm gives rows.
    assert_eq!(
        cols("SELECT 1 AS n, 'x' AS s UNION ALL SELECT score, name FROM users"),
        ["n: f64?", "s: String?"]
    );
    assert_eq!(
        cols("SELECT id, email FROM users UNION ALL SELECT NULL, NULL"),
        ["id: i64?", "email: String?"]
    );
    assert_eq!(
        cols(
            "SELECT title, 0 AS n FROM posts UNION ALL SELECT email, score FROM users ORDER BY n LIMIT 3"
        ),
        ["title: String?", "n: f64?"]
    );
    assert_eq!(
        cols("SELECT id FROM users UNION SELECT email FROM users"),
        ["id: schemaguard::query::Value?"]
    );
    // Later arms keep the statement's WITH list.
    assert_eq!(
        cols(
            "WITH a AS (SELECT id FROM users), b AS (SELECT title FROM posts) SELECT id FROM a UNION ALL SELECT title FROM b"
        ),
        ["id: schemaguard::query::Value?"]
    );
    assert_eq!(
        cols(
            "WITH a AS (SELECT id FROM users) SELECT id FROM a UNION ALL SELECT user_id FROM posts"
        ),
        ["id: i64?"]
    );
}

#[test]
fn returning_expressions_read_the_written_table() {
    assert_eq!(
        cols(
            "INSERT INTO users (email) VALUES (?1) RETURNING id * 2 AS d, upper(email) AS e, score / 2 AS h"
        ),
        ["d: i64", "e: String", "h: f64?"]
    );
    assert_eq!(
        cols("UPDATE users AS u SET name = ?1 RETURNING users.email || '!' AS x, users.id"),
        ["x: String", "id: i64"]
    );
    assert_eq!(
        cols("DELETE FROM tags WHERE n > 1 RETURNING n + 1 AS next, length(name) AS len"),
        ["next: i64", "len: i64"]
    );
}

#[test]
fn a_compound_s_declared_types_are_not_trusted_through_views_ctes_or_subqueries() {
    // SQLite declares each column with the first arm's type.
    for sql in [
        "SELECT x.n FROM (SELECT id AS n FROM users UNION ALL SELECT email FROM users) AS x",
        "SELECT * FROM (SELECT id AS n FROM users UNION ALL SELECT email FROM users)",
        "WITH c(n) AS (SELECT id FROM users UNION ALL SELECT title FROM posts) SELECT n FROM c",
        "WITH RECURSIVE r(n) AS (SELECT id FROM users UNION ALL SELECT 'x' FROM r LIMIT 9) SELECT n FROM r",
    ] {
        assert_eq!(cols(sql), ["n: schemaguard::query::Value?"], "{sql}");
    }
    let c = conn();
    c.execute_batch(
        "CREATE VIEW feed AS SELECT id AS n FROM users UNION ALL SELECT title FROM posts;
         CREATE VIEW feed_again AS SELECT n FROM feed;",
    )
    .unwrap();
    for sql in [
        "SELECT n FROM feed",
        "SELECT * FROM feed_again",
        // A parenthesised join: the walk does not read the FROM list.
        "SELECT f.n FROM feed_again f JOIN (users u JOIN posts p ON p.user_id = u.id) ON u.id = f.n",
    ] {
        let d = describe(&c, sql, None).unwrap();
        assert_eq!(d.columns[0].ty, Type::Value, "{sql}");
    }
}

#[test]
fn a_statement_reads_rows_when_it_returns_rows_and_changes_nothing() {
    let reads_rows = |sql: &str| {
        describe(&conn(), sql, None)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .reads_rows
    };
    for sql in [
        "SELECT id FROM users",
        "WITH x AS (SELECT id FROM users) SELECT * FROM x",
        "VALUES (1, 'a')",
        "SELECT random() AS r",
    ] {
        assert!(reads_rows(sql), "{sql}");
    }
    for sql in [
        "INSERT INTO tags VALUES ('a', 1, 2) RETURNING name",
        "WITH x AS (SELECT 1) DELETE FROM users WHERE id IN x RETURNING id",
        "UPDATE users SET name = 'n' RETURNING *",
        "INSERT INTO tags VALUES ('a', 1, 2)",
        "DELETE FROM users",
        // Read-only, but no rows to lose.
        "BEGIN",
        // Return a row and change the database.
        "PRAGMA journal_mode = WAL",
        "PRAGMA wal_checkpoint(TRUNCATE)",
        // SQLite calls these read-only, but `optimize` may run ANALYZE:
        // no PRAGMA counts as a mere read.
        "PRAGMA optimize",
        "/* maintenance */ pragma optimize",
        "PRAGMA table_info(users)",
        "PRAGMA foreign_key_check",
    ] {
        assert!(!reads_rows(sql), "{sql}");
    }
}
