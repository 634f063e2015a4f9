//! A small walk over the tokens of one statement SQLite has accepted: the
//! facts nullability and expression types need. It never rejects SQL; a
//! shape it does not recognise only makes columns nullable or dynamic.

use std::ops::Range;

use crate::sql::lexer::{Token, TokenKind};
use crate::sql::name::unquote;
use crate::sql::split::Script;

/// What the walk found in one statement.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    /// Significant tokens of the statement.
    pub tokens: Vec<Token>,
    /// The result expressions, as token ranges: the top-level `SELECT` list
    /// or the `RETURNING` list (each without its `AS alias`).
    pub items: Vec<Range<usize>>,
    /// An item is `*` or `t.*`.
    pub star: bool,
    /// `INSERT`/`UPDATE`/`DELETE … RETURNING`: the table written to.
    pub returning_from: Option<String>,
    /// A top-level `UNION`, `INTERSECT` or `EXCEPT`.
    pub compound: bool,
    /// The byte ranges of a compound's arms, without the `ORDER BY` and
    /// `LIMIT` of the whole compound (the first arm starts with the
    /// statement's `WITH`, if any).
    pub arms: Vec<Range<usize>>,
    /// `LEFT`, `RIGHT` or `FULL` anywhere.
    pub outer_join: bool,
    /// The top-level `FROM` as a plain join list: each table (or
    /// table-valued function) by name, and whether an outer join puts it
    /// on the side that may be all NULL. `None` when the list holds a
    /// parenthesised join or a subquery, or cannot be read.
    pub joined: Option<Vec<(String, bool)>>,
    /// Starts with `WITH`.
    pub with: bool,
    /// A subquery in the top-level `FROM`.
    pub from_subquery: bool,
    /// An aggregate call and no top-level `GROUP BY`:
    /// on an empty table, the one row has NULL in every plain column.
    pub aggregate_without_group: bool,
    /// Exactly one row, whatever the tables hold: an aggregate `SELECT`
    /// without `GROUP BY`, `HAVING` or `LIMIT` that is not a compound.
    pub one_row: bool,
    /// Byte offset of the top-level `FROM`, if any.
    pub from_at: Option<usize>,
    /// Every name token, unquoted and lower-cased.
    pub names: Vec<String>,
    /// The top-level `FROM` as relations (tables, views, CTEs, subqueries),
    /// with aliases; `None` when it holds a parenthesised join or cannot
    /// be read. For `… RETURNING`, the table written to.
    pub relations: Option<Vec<Relation>>,
    /// The leading `WITH` list.
    pub ctes: Vec<Cte>,
}

/// One item of a `FROM` join list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relation {
    /// The table, view or CTE named (empty for a subquery).
    pub name: String,
    /// `AS alias`, or the alias written without `AS`.
    pub alias: Option<String>,
    /// On the side an outer join may fill with NULL.
    pub outer: bool,
    /// A subquery's tokens (inside its parentheses).
    pub body: Option<Range<usize>>,
    /// A table-valued function (`json_each(…)`): its columns are unknown.
    pub function: bool,
}

/// One common table expression of a leading `WITH`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cte {
    /// Its name, lower-cased.
    pub name: String,
    /// `name(a, b) AS (…)`: the column names it gives.
    pub columns: Option<Vec<String>>,
    /// The tokens of its body (inside its parentheses).
    pub body: Range<usize>,
    /// Token index where this CTE's definition starts (after `WITH` or a
    /// comma): the earlier ones are `with_at..start`.
    pub start: usize,
}

/// Aggregate functions of SQLite's core.
const AGGREGATES: &[&str] = &[
    "count",
    "max",
    "min",
    "sum",
    "avg",
    "total",
    "group_concat",
    "string_agg",
    "json_group_array",
    "json_group_object",
    "jsonb_group_array",
    "jsonb_group_object",
];

/// Keywords that end the top-level `FROM` clause.
const AFTER_FROM: &[&str] = &[
    "where",
    "group",
    "having",
    "window",
    "order",
    "limit",
    "union",
    "intersect",
    "except",
    "returning",
];

impl Shape {
    /// The word at token `i`, lower-cased, if it is an unquoted word.
    pub fn word(&self, sql: &str, i: usize) -> Option<String> {
        self.tokens
            .get(i)
            .filter(|t| t.kind == TokenKind::Word)
            .map(|t| t.text(sql).to_ascii_lowercase())
    }

    /// The walk of `sql` (one statement).
    pub fn of(sql: &str) -> Shape {
        let script = Script::parse(sql);
        let tokens: Vec<Token> = match script.statements.first() {
            Some(s) => script.tokens_of(s).to_vec(),
            None => Vec::new(),
        };
        let mut shape = Shape {
            tokens,
            ..Shape::default()
        };
        let n = shape.tokens.len();
        let words: Vec<Option<String>> = (0..n).map(|i| shape.word(sql, i)).collect();
        let is = |i: usize, w: &str| words.get(i).and_then(|x| x.as_deref()) == Some(w);
        let depths = depths(&shape.tokens, sql);
        shape.with = is(0, "with");
        let mut operators = Vec::new();
        for (i, t) in shape.tokens.iter().enumerate() {
            if matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) {
                shape.names.push(unquote(t.text(sql)).to_ascii_lowercase());
            }
            if let Some(w) = &words[i] {
                if matches!(w.as_str(), "left" | "right" | "full") {
                    shape.outer_join = true;
                }
                if depths[i] == 0 && matches!(w.as_str(), "union" | "intersect" | "except") {
                    shape.compound = true;
                    operators.push(i);
                }
            }
        }
        let mut start = 0;
        for &op in &operators {
            if let (Some(first), Some(last)) = (
                shape.tokens.get(start),
                op.checked_sub(1).and_then(|l| shape.tokens.get(l)),
            ) {
                shape.arms.push(first.start..last.end);
            }
            start = if is(op + 1, "all") { op + 2 } else { op + 1 };
        }
        // The compound's own ORDER BY or LIMIT ends the last arm.
        let end = (start..n)
            .find(|&i| depths[i] == 0 && ((is(i, "order") && is(i + 1, "by")) || is(i, "limit")))
            .unwrap_or(n);
        if shape.compound
            && let (Some(first), Some(last)) = (
                shape.tokens.get(start),
                end.checked_sub(1).and_then(|l| shape.tokens.get(l)),
            )
        {
            shape.arms.push(first.start..last.end);
        }
        // The written table of INSERT/UPDATE/DELETE, and the RETURNING list.
        let first = (0..n).find(|&i| depths[i] == 0 && !shape.with_prefix(&depths, &words, i));
        let verb = first.and_then(|i| words[i].clone()).unwrap_or_default();
        let list_start;
        if matches!(verb.as_str(), "insert" | "replace" | "update" | "delete") {
            let start = first.unwrap_or(0);
            let target = (start..n).find(|&i| {
                let prev = words.get(i.wrapping_sub(1)).cloned().flatten();
                let name = matches!(
                    shape.tokens[i].kind,
                    TokenKind::Word | TokenKind::QuotedIdent
                );
                let after = match verb.as_str() {
                    "update" => {
                        i > start
                            && !matches!(
                                words[i].as_deref(),
                                Some("or" | "rollback" | "abort" | "replace" | "fail" | "ignore")
                            )
                            && (prev.as_deref() == Some("update")
                                || matches!(
                                    prev.as_deref(),
                                    Some("rollback" | "abort" | "replace" | "fail" | "ignore")
                                ))
                    }
                    "delete" => prev.as_deref() == Some("from"),
                    _ => prev.as_deref() == Some("into"),
                };
                name && after
            });
            if let Some(t) = target {
                // `schema.table`: the table is after the dot.
                let t = if shape.tokens.get(t + 1).is_some_and(|d| d.text(sql) == ".") {
                    t + 2
                } else {
                    t
                };
                shape.returning_from = shape
                    .tokens
                    .get(t)
                    .map(|tok| unquote(tok.text(sql)).to_string());
                // RETURNING reads the written table, by its name (SQLite
                // does not see an alias there), and nothing else unless an
                // UPDATE has a FROM list.
                let update_from =
                    verb == "update" && (t..n).any(|i| depths[i] == 0 && is(i, "from"));
                if let Some(name) = shape.returning_from.clone().filter(|_| !update_from) {
                    shape.relations = Some(vec![Relation {
                        name,
                        alias: None,
                        outer: false,
                        body: None,
                        function: false,
                    }]);
                }
            }
            list_start = (0..n)
                .find(|&i| depths[i] == 0 && is(i, "returning"))
                .map(|i| i + 1);
            if list_start.is_none() {
                shape.returning_from = None;
                shape.relations = None;
            }
        } else {
            list_start = first.filter(|&i| is(i, "select")).map(|i| {
                if is(i + 1, "distinct") || is(i + 1, "all") {
                    i + 2
                } else {
                    i + 1
                }
            });
        }
        let Some(list_start) = list_start else {
            return shape;
        };
        let list_end = (list_start..n)
            .find(|&i| {
                // `a IS [NOT] DISTINCT FROM b` is an operator.
                let from = is(i, "from") && !is(i.wrapping_sub(1), "distinct");
                depths[i] == 0 && (from || AFTER_FROM.iter().any(|w| is(i, w)))
            })
            .unwrap_or(n);
        let mut item = list_start;
        for i in list_start..=list_end {
            let comma = i < list_end && depths[i] == 0 && shape.tokens[i].text(sql) == ",";
            if comma || i == list_end {
                let expr = strip_alias(&shape.tokens, sql, &depths, item..i);
                if let Some(last) = expr.clone().last()
                    && shape.tokens[last].text(sql) == "*"
                {
                    shape.star = true;
                }
                shape.items.push(expr);
                item = i + 1;
            }
        }
        // Anywhere but in a subquery: an aggregate in HAVING or ORDER BY
        // makes an aggregate query too; a window function (`OVER`) does not.
        let mut inside = vec![false; n];
        for i in 0..n {
            if shape.tokens[i].text(sql) == "("
                && matches!(
                    words.get(i + 1).cloned().flatten().as_deref(),
                    Some("select" | "values" | "with")
                )
                && let Some(close) =
                    (i + 1..n).find(|&j| depths[j] == depths[i] && shape.tokens[j].text(sql) == ")")
            {
                inside[i..=close].iter_mut().for_each(|x| *x = true);
            }
        }
        let aggregate = (0..n).any(|i| {
            let call = !inside[i]
                && words[i].as_deref().is_some_and(|w| AGGREGATES.contains(&w))
                && shape.tokens.get(i + 1).is_some_and(|t| t.text(sql) == "(");
            if !call {
                return false;
            }
            let close =
                (i + 2..n).find(|&j| depths[j] == depths[i] && shape.tokens[j].text(sql) == ")");
            // `max(a, b)` and `min(a, b)` are scalar functions.
            let scalar = matches!(words[i].as_deref(), Some("max" | "min"))
                && close.is_some_and(|c| {
                    (i + 2..c)
                        .any(|j| depths[j] == depths[i] + 1 && shape.tokens[j].text(sql) == ",")
                });
            // `f(…) [FILTER (WHERE …)] OVER …` is a window function.
            let after = close.map(|c| {
                if is(c + 1, "filter") {
                    (c + 3..n)
                        .find(|&j| depths[j] == depths[i] && shape.tokens[j].text(sql) == ")")
                        .map_or(n, |f| f + 1)
                } else {
                    c + 1
                }
            });
            !scalar && !after.is_some_and(|a| is(a, "over"))
        });
        if is(list_end, "from") {
            shape.from_at = Some(shape.tokens[list_end].start);
            let from_end = (list_end + 1..n)
                .find(|&i| depths[i] == 0 && AFTER_FROM.iter().any(|w| is(i, w)))
                .unwrap_or(n);
            shape.from_subquery = (list_end + 1..from_end).any(|i| {
                shape.tokens[i].text(sql) == "("
                    && matches!(
                        words.get(i + 1).cloned().flatten().as_deref(),
                        Some("select" | "values" | "with")
                    )
            });
        }
        if let Some(from) = shape.from_at {
            let first = shape
                .tokens
                .iter()
                .position(|t| t.start == from)
                .map_or(n, |f| f + 1);
            let end = (first..n)
                .find(|&i| depths[i] == 0 && AFTER_FROM.iter().any(|w| is(i, w)))
                .unwrap_or(n);
            shape.relations = relations(&shape.tokens, sql, &depths, &words, first..end);
            shape.joined = shape.relations.as_ref().and_then(|rels| {
                rels.iter()
                    .all(|r| r.body.is_none())
                    .then(|| rels.iter().map(|r| (r.name.clone(), r.outer)).collect())
            });
        }
        if shape.with {
            shape.ctes = ctes(&shape.tokens, sql, &depths, &words);
        }
        let grouped = (list_end..n).any(|i| depths[i] == 0 && is(i, "group"));
        shape.aggregate_without_group = aggregate && !grouped;
        let filtered = (list_end..n).any(|i| depths[i] == 0 && (is(i, "having") || is(i, "limit")));
        shape.one_row = shape.aggregate_without_group && !filtered && !shape.compound;
        shape
    }

    /// Whether token `i` is still inside a leading `WITH … AS (…)` list.
    fn with_prefix(&self, depths: &[usize], words: &[Option<String>], i: usize) -> bool {
        if !self.with {
            return false;
        }
        // The main statement starts at the first depth-0 verb after WITH.
        let main = (1..self.tokens.len()).find(|&j| {
            depths[j] == 0
                && matches!(
                    words[j].as_deref(),
                    Some("select" | "insert" | "replace" | "update" | "delete" | "values")
                )
        });
        main.is_none_or(|m| i < m)
    }

    /// Whether the result item `r` holds a nested `SELECT`.
    pub fn has_subquery(&self, sql: &str, r: &Range<usize>) -> bool {
        r.clone()
            .any(|i| self.word(sql, i).as_deref() == Some("select"))
    }
}

/// Words that never alias a relation (after a table name, in a FROM list
/// or a statement's target): keywords that may follow it.
pub(super) const NOT_ALIAS: &[&str] = &[
    "on",
    "where",
    "join",
    "left",
    "right",
    "full",
    "inner",
    "cross",
    "natural",
    "outer",
    "using",
    "group",
    "order",
    "limit",
    "set",
    "values",
    "default",
    "union",
    "intersect",
    "except",
    "returning",
    "as",
    "indexed",
    "not",
    "window",
    "having",
    "select",
    "from",
    "do",
    "upsert",
];

/// Reads `a [AS x] LEFT JOIN b ON … , (SELECT …) s …`: each relation and
/// whether it is on the nullable side of an outer join (`LEFT`: the one
/// after it; `RIGHT`: every one before it; `FULL`: both).
fn relations(
    tokens: &[Token],
    sql: &str,
    depths: &[usize],
    words: &[Option<String>],
    range: Range<usize>,
) -> Option<Vec<Relation>> {
    let mut items: Vec<Relation> = Vec::new();
    let mut expect_item = true;
    let (mut left, mut right) = (false, false);
    let mut i = range.start;
    let name_at = |j: usize| {
        tokens
            .get(j)
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent))
            .filter(|_| {
                !words
                    .get(j)
                    .cloned()
                    .flatten()
                    .is_some_and(|w| NOT_ALIAS.contains(&w.as_str()))
            })
            .map(|t| unquote(t.text(sql)))
    };
    while i < range.end {
        let t = &tokens[i];
        if depths[i] != 0 {
            i += 1;
            continue;
        }
        if expect_item {
            let mut rel = Relation {
                name: String::new(),
                alias: None,
                outer: left,
                body: None,
                function: false,
            };
            let mut last = i;
            if t.text(sql) == "(" {
                let close = (i + 1..range.end).find(|&j| depths[j] == 0)?;
                if !matches!(
                    words.get(i + 1).cloned().flatten().as_deref(),
                    Some("select" | "values" | "with")
                ) {
                    return None;
                }
                rel.body = Some(i + 1..close);
                last = close;
            } else {
                if !matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) {
                    return None;
                }
                rel.name = unquote(t.text(sql));
                if tokens.get(i + 1).is_some_and(|d| d.text(sql) == ".")
                    && let Some(next) = tokens.get(i + 2)
                {
                    rel.name = unquote(next.text(sql));
                    last = i + 2;
                }
                if tokens.get(last + 1).is_some_and(|p| p.text(sql) == "(") {
                    rel.function = true;
                    last = (last + 2..range.end).find(|&j| depths[j] == 0)?;
                }
            }
            let mut a = last + 1;
            if words.get(a).cloned().flatten().as_deref() == Some("as") {
                a += 1;
            }
            if a < range.end
                && let Some(alias) = name_at(a)
            {
                rel.alias = Some(alias);
                last = a;
            }
            if right {
                for item in &mut items {
                    item.outer = true;
                }
            }
            items.push(rel);
            (left, right, expect_item) = (false, false, false);
            i = last + 1;
            continue;
        } else if t.text(sql) == "," {
            expect_item = true;
        } else {
            match words[i].as_deref() {
                Some("left") => left = true,
                Some("right") => right = true,
                Some("full") => (left, right) = (true, true),
                Some("join") => expect_item = true,
                _ => {}
            }
        }
        i += 1;
    }
    (!items.is_empty() && !expect_item).then_some(items)
}

/// Reads `WITH [RECURSIVE] a [(x, y)] AS [[NOT] MATERIALIZED] (…), b AS (…)`.
fn ctes(tokens: &[Token], sql: &str, depths: &[usize], words: &[Option<String>]) -> Vec<Cte> {
    let mut out = Vec::new();
    let word = |j: usize| words.get(j).cloned().flatten().unwrap_or_default();
    let mut i = 1;
    if word(i) == "recursive" {
        i += 1;
    }
    loop {
        let start = i;
        let Some(t) = tokens.get(i) else { break };
        if !matches!(t.kind, TokenKind::Word | TokenKind::QuotedIdent) {
            break;
        }
        let name = unquote(t.text(sql)).to_ascii_lowercase();
        i += 1;
        let mut columns = None;
        if tokens.get(i).is_some_and(|p| p.text(sql) == "(") {
            let Some(close) = (i + 1..tokens.len()).find(|&j| depths[j] == 0) else {
                break;
            };
            columns = Some(
                (i + 1..close)
                    .filter(|&j| matches!(tokens[j].kind, TokenKind::Word | TokenKind::QuotedIdent))
                    .map(|j| unquote(tokens[j].text(sql)))
                    .collect(),
            );
            i = close + 1;
        }
        if word(i) != "as" {
            break;
        }
        i += 1;
        while matches!(word(i).as_str(), "not" | "materialized") {
            i += 1;
        }
        if tokens.get(i).is_none_or(|p| p.text(sql) != "(") {
            break;
        }
        let Some(close) = (i + 1..tokens.len()).find(|&j| depths[j] == 0) else {
            break;
        };
        out.push(Cte {
            name,
            columns,
            body: i + 1..close,
            start,
        });
        i = close + 1;
        if tokens.get(i).is_some_and(|c| c.text(sql) == ",") {
            i += 1;
        } else {
            break;
        }
    }
    out
}

/// The parenthesis depth before each token.
pub(crate) fn depths(tokens: &[Token], sql: &str) -> Vec<usize> {
    let mut depth = 0usize;
    tokens
        .iter()
        .map(|t| {
            let text = t.text(sql);
            if text == ")" {
                depth = depth.saturating_sub(1);
            }
            let d = depth;
            if text == "(" {
                depth += 1;
            }
            d
        })
        .collect()
}

/// `expr AS alias` → `expr`; other items are returned whole.
fn strip_alias(tokens: &[Token], sql: &str, depths: &[usize], r: Range<usize>) -> Range<usize> {
    if r.len() >= 3 {
        let as_at = r.end - 2;
        if depths[as_at] == 0 && tokens[as_at].text(sql).eq_ignore_ascii_case("as") {
            return r.start..as_at;
        }
    }
    r
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<String> {
        let s = Shape::of(sql);
        s.items
            .iter()
            .map(|r| {
                s.tokens[r.clone()]
                    .iter()
                    .map(|t| t.text(sql))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn select_items_without_aliases() {
        assert_eq!(
            texts("SELECT DISTINCT a, b AS \"b!\", max(c, d) AS m, (SELECT 1) FROM t WHERE x = 1"),
            ["a", "b", "max ( c , d )", "( SELECT 1 )"]
        );
        assert_eq!(texts("WITH c AS (SELECT 1 AS x) SELECT x FROM c"), ["x"]);
        let s = Shape::of("SELECT a FROM t LEFT JOIN u ON u.id = t.id");
        assert!(s.outer_join && !s.compound && s.from_at.is_some());
    }

    #[test]
    fn flags() {
        assert!(Shape::of("SELECT a FROM t UNION ALL SELECT b FROM u").compound);
        assert!(!Shape::of("SELECT a FROM t WHERE a IN (SELECT b FROM u UNION SELECT 1)").compound);
        assert!(Shape::of("SELECT a, count(*) FROM t").aggregate_without_group);
        assert!(!Shape::of("SELECT a, count(*) FROM t GROUP BY a").aggregate_without_group);
        assert!(Shape::of("SELECT a FROM t HAVING count(*) >= 0").aggregate_without_group);
        assert!(!Shape::of("SELECT max(a, b) FROM t").aggregate_without_group);
        assert!(
            !Shape::of("SELECT a, count(*) FILTER (WHERE b) OVER (PARTITION BY a) FROM t")
                .aggregate_without_group
        );
        assert_eq!(
            texts("SELECT a IS NOT DISTINCT FROM NULL AS x, b FROM t"),
            ["a IS NOT DISTINCT FROM NULL", "b"]
        );
        assert!(Shape::of("SELECT max(a) FROM t WHERE a > 1").one_row);
        assert!(Shape::of("SELECT count(*) FILTER (WHERE a) FROM t").one_row);
        for more_or_fewer in [
            "SELECT count(*) FROM t HAVING count(*) > 1",
            "SELECT count(*) FROM t LIMIT ?",
            "SELECT count(*) FROM t GROUP BY a",
            "SELECT count(*) FROM t UNION ALL SELECT 1",
            "SELECT count(*) OVER () FROM t",
            "SELECT max(a, 1) FROM t",
        ] {
            assert!(!Shape::of(more_or_fewer).one_row, "{more_or_fewer}");
        }
        assert!(Shape::of("SELECT a FROM (SELECT a FROM t)").from_subquery);
        assert!(!Shape::of("SELECT a FROM t WHERE a IN (SELECT a FROM t)").from_subquery);
        assert!(Shape::of("SELECT t.* FROM t").star);
    }

    #[test]
    fn join_lists() {
        let j = |sql: &str| Shape::of(sql).joined;
        let pairs = |v: &[(&str, bool)]| {
            Some(
                v.iter()
                    .map(|(n, b)| (n.to_string(), *b))
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            j(
                "SELECT 1 FROM users AS u LEFT OUTER JOIN posts p ON p.a = u.b JOIN tags USING (x), pairs WHERE 1"
            ),
            pairs(&[
                ("users", false),
                ("posts", true),
                ("tags", false),
                ("pairs", false)
            ])
        );
        assert_eq!(
            j("SELECT 1 FROM a JOIN b ON f(a.x, b.y) RIGHT JOIN c ON 1"),
            pairs(&[("a", true), ("b", true), ("c", false)])
        );
        assert_eq!(
            j("SELECT 1 FROM main.a FULL JOIN \"b\" ON 1"),
            pairs(&[("a", false), ("b", true)]).map(|mut v| {
                v[0].1 = true;
                v
            })
        );
        assert_eq!(j("SELECT 1 FROM a LEFT JOIN (b JOIN c ON 1) ON 1"), None);
        let rels =
            Shape::of("SELECT 1 FROM users u LEFT JOIN (SELECT 1 AS x) AS s ON 1, json_each(?) j")
                .relations
                .unwrap();
        let shown: Vec<_> = rels
            .iter()
            .map(|r| {
                (
                    r.name.as_str(),
                    r.alias.as_deref(),
                    r.outer,
                    r.body.is_some(),
                    r.function,
                )
            })
            .collect();
        assert_eq!(
            shown,
            [
                ("users", Some("u"), false, false, false),
                ("", Some("s"), true, true, false),
                ("json_each", Some("j"), false, false, true)
            ]
        );
        let ctes = Shape::of("WITH RECURSIVE a(x) AS (SELECT 1), b AS MATERIALIZED (SELECT x FROM a) SELECT * FROM b").ctes;
        assert_eq!(
            ctes.iter()
                .map(|c| (c.name.as_str(), c.columns.clone(), c.start))
                .collect::<Vec<_>>(),
            [("a", Some(vec!["x".to_string()]), 2), ("b", None, 12)]
        );
        assert_eq!(j("SELECT 1"), None);
    }

    #[test]
    fn compound_arms_leave_out_the_compound_s_order_and_limit() {
        let sql = "SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b LIMIT 1) UNION ALL SELECT c FROM v ORDER BY 1 LIMIT 5";
        let arms: Vec<&str> = Shape::of(sql)
            .arms
            .iter()
            .map(|r| &sql[r.clone()])
            .collect();
        assert_eq!(
            arms,
            [
                "SELECT a FROM t WHERE b IN (SELECT b FROM u ORDER BY b LIMIT 1)",
                "SELECT c FROM v"
            ]
        );
    }

    #[test]
    fn returning_target() {
        let s = Shape::of("INSERT INTO main.users (email) VALUES (?) RETURNING id, email AS e");
        assert_eq!(s.returning_from.as_deref(), Some("users"));
        assert_eq!(
            texts("INSERT INTO users (email) VALUES (?) RETURNING id, email AS e"),
            ["id", "email"]
        );
        assert_eq!(
            Shape::of("UPDATE OR IGNORE \"users\" SET a = 1 RETURNING *")
                .returning_from
                .as_deref(),
            Some("users")
        );
        assert_eq!(
            Shape::of("DELETE FROM users RETURNING id")
                .returning_from
                .as_deref(),
            Some("users")
        );
        assert_eq!(
            Shape::of("INSERT INTO users DEFAULT VALUES").returning_from,
            None
        );
        let rels = |sql: &str| {
            Shape::of(sql).relations.map(|r| {
                r.iter()
                    .map(|r| (r.name.clone(), r.alias.clone()))
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(
            rels(
                "INSERT INTO main.users AS u (email) VALUES (?) ON CONFLICT DO NOTHING RETURNING id"
            ),
            Some(vec![("users".to_string(), None)])
        );
        assert_eq!(
            rels("DELETE FROM posts RETURNING id"),
            Some(vec![("posts".to_string(), None)])
        );
        // UPDATE … FROM: RETURNING may read the other tables too.
        assert_eq!(
            rels(
                "UPDATE posts SET title = u.email FROM users u WHERE u.id = posts.user_id RETURNING title"
            ),
            None
        );
    }
}
