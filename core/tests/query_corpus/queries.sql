-- Queries as an application writes them, one per `-- name:` block.
-- `-- args:` lines give the arguments (SQL literals), one run per line.

-- ---------------------------------------------------------------- lookups

-- name: user_by_id
-- args: 1
-- args: 2
-- args: 99
SELECT id, email, display_name, is_admin, email_verified, created_at, rating
FROM users
WHERE id = ?1

-- name: user_by_email
-- args: 'bob@example.com'
SELECT * FROM users WHERE email = ? LIMIT 1

-- name: user_login_info
-- args: 'ada@example.com'
-- args: 'eve@example.com'
SELECT id, password_hash, last_login_at FROM users WHERE lower(email) = lower(:email)

-- name: users_page
-- args: 2, 0
-- args: 10, 2
SELECT id, email, coalesce(display_name, email) AS name
FROM users
ORDER BY created_at DESC
LIMIT ?1 OFFSET ?2

-- name: product_by_sku
-- args: 'BK-002'
-- args: 'GD-002'
SELECT id, name, description, price_cents, weight_kg, discount, tax_rate, stock, is_active, image, attributes, created_at
FROM products WHERE sku = @sku

-- name: product_all_columns
SELECT * FROM products ORDER BY id

-- name: category_by_slug
-- args: 'sci-fi'
SELECT slug, name, parent_slug FROM categories WHERE slug = $slug

-- name: all_categories
SELECT c.* FROM categories AS c ORDER BY c.name

-- name: coupon_lookup
-- args: 'FIVER'
-- args: 'WELCOME10'
SELECT code, percent_off, amount_off_cents, expires_at, max_uses FROM coupons WHERE code = ?

-- name: payment_by_id
-- args: 'pay_2'
SELECT * FROM payments WHERE id = ?

-- name: settings_mixed_case
SELECT "Key", "Value", "UpdatedAt" FROM "AppSettings" ORDER BY "Key"

-- name: settings_lower_case_names
SELECT key, value AS val, updatedat FROM appsettings WHERE key LIKE 'm%' OR key = 'logo'

-- name: audit_log_quoted
SELECT id, "When", actor_id, action, payload FROM audit_log ORDER BY "When" DESC

-- name: tag_case_insensitive
-- args: 'CLASSIC'
SELECT id, label FROM tags WHERE label = ?1

-- name: user_rowid
SELECT rowid, _rowid_, oid, email FROM users

-- name: addresses_of_user
-- args: 1
-- args: 2
SELECT a.id, a.line1, a.line2, a.city, a.postcode, a.country
FROM addresses a
WHERE a.user_id = ?
ORDER BY a.id

-- name: order_items_of_order
-- args: 1
SELECT order_id, product_id, quantity, unit_price_cents, line_total_cents FROM order_items WHERE order_id = ?

-- ------------------------------------------------------------------ joins

-- name: orders_with_user
SELECT o.id, o.status, o.placed_at, u.email, u.display_name
FROM orders o
JOIN users u ON u.id = o.user_id
ORDER BY o.placed_at

-- name: orders_with_address_left
SELECT o.id AS order_id, a.city, a.postcode, a.country, a.line1
FROM orders o
LEFT JOIN addresses a ON a.id = o.address_id

-- name: users_with_orders_left
SELECT u.id, u.email, o.id AS order_id, o.status, o.placed_at
FROM users u
LEFT OUTER JOIN orders o ON o.user_id = u.id
ORDER BY u.id, o.id

-- name: left_join_chain
SELECT u.email, o.id AS order_id, oi.quantity, p.name AS product, c.name AS category
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
LEFT JOIN order_items oi ON oi.order_id = o.id
LEFT JOIN products p ON p.id = oi.product_id
LEFT JOIN categories c ON c.slug = p.category_slug

-- name: inner_after_left
SELECT u.email, o.id AS order_id, oi.quantity
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
JOIN order_items oi ON oi.order_id = o.id

-- name: right_join
SELECT c.name AS category, p.name AS product, p.price_cents
FROM products p
RIGHT JOIN categories c ON c.slug = p.category_slug
ORDER BY c.name

-- name: full_join
SELECT p.sku, c.slug, c.name
FROM products p
FULL OUTER JOIN categories c ON c.slug = p.category_slug

-- name: cross_join_comma
SELECT t.label, p.name FROM tags t, products p WHERE p.id = 1

-- name: cross_join_keyword
SELECT t.label, c.code FROM tags t CROSS JOIN coupons c

-- name: join_using
SELECT order_id, product_id, quantity, status
FROM order_items JOIN orders ON orders.id = order_items.order_id

-- name: left_join_using
SELECT p.id, p.name, pt.tag_id
FROM products p LEFT JOIN product_tags pt ON pt.product_id = p.id

-- name: left_join_using
SELECT order_id, product_id, quantity, amount_cents, provider
FROM order_items LEFT JOIN payments USING (order_id)

-- name: right_join_using
SELECT order_id, quantity, provider FROM payments RIGHT JOIN order_items USING (order_id)

-- name: full_join_using
SELECT order_id, provider, quantity FROM payments FULL JOIN order_items USING (order_id)

-- name: natural_join
SELECT * FROM tags NATURAL JOIN product_tags

-- name: self_join_referrer
SELECT u.email, r.email AS referred_by, r.display_name AS referrer_name
FROM users u
LEFT JOIN users r ON r.id = u.referrer_id

-- name: many_to_many
SELECT p.name, group_concat(t.label, ', ') AS tags
FROM products p
LEFT JOIN product_tags pt ON pt.product_id = p.id
LEFT JOIN tags t ON t.id = pt.tag_id
GROUP BY p.id
ORDER BY p.name

-- name: reviews_with_author
SELECT r.id, r.stars, r.title, coalesce(u.display_name, 'anonymous') AS author, u.email
FROM reviews r
LEFT JOIN users u ON u.id = r.user_id

-- name: payments_for_orders
SELECT o.id, o.status, pay.id AS payment_id, pay.amount_cents, pay.fee, pay.captured
FROM orders o
LEFT JOIN payments pay ON pay.order_id = o.id

-- name: join_with_where_on_outer
SELECT u.id, u.email
FROM users u LEFT JOIN orders o ON o.user_id = u.id
WHERE o.id IS NULL

-- name: join_qualified_star
SELECT o.*, u.email FROM orders o JOIN users u ON u.id = o.user_id

-- name: left_join_star
SELECT * FROM users u LEFT JOIN addresses a ON a.user_id = u.id

-- name: left_join_outer_star
SELECT u.email, a.* FROM users u LEFT JOIN addresses a ON a.user_id = u.id

-- ------------------------------------------------------------- aggregates

-- name: count_users
SELECT count(*) AS n FROM users

-- name: count_with_filter
-- args: 'paid'
-- args: 'refunded'
SELECT count(*) AS n, max(placed_at) AS latest, min(id) AS first_id FROM orders WHERE status = ?

-- name: revenue_per_user
SELECT u.id, u.email, count(o.id) AS orders, sum(oi.quantity * oi.unit_price_cents) AS revenue_cents
FROM users u
LEFT JOIN orders o ON o.user_id = u.id
LEFT JOIN order_items oi ON oi.order_id = o.id
GROUP BY u.id, u.email
ORDER BY revenue_cents DESC

-- name: totals_no_rows
SELECT sum(price_cents) AS s, total(price_cents) AS t, avg(price_cents) AS a,
       min(price_cents) AS lo, max(price_cents) AS hi, count(price_cents) AS c
FROM products WHERE stock < 0

-- name: totals
SELECT sum(price_cents) AS s, total(weight_kg) AS t, avg(weight_kg) AS a,
       min(name) AS first_name, max(created_at) AS newest, count(DISTINCT category_slug) AS cats
FROM products

-- name: group_by_status
SELECT status, count(*) AS n, min(placed_at) AS first, max(shipped_at) AS last_shipped
FROM orders
GROUP BY status
ORDER BY n DESC

-- name: having_filter
SELECT product_id, sum(quantity) AS units
FROM order_items
GROUP BY product_id
HAVING sum(quantity) > 1

-- name: avg_rating_per_product
SELECT p.id, p.name, avg(r.stars) AS avg_stars, count(r.id) AS reviews, round(avg(r.stars), 1) AS rounded
FROM products p LEFT JOIN reviews r ON r.product_id = p.id
GROUP BY p.id

-- name: group_concat_order
SELECT o.id, group_concat(p.sku, ';') AS skus, count(*) AS lines
FROM orders o JOIN order_items oi ON oi.order_id = o.id JOIN products p ON p.id = oi.product_id
GROUP BY o.id

-- name: string_agg
SELECT string_agg(label, ',') AS labels FROM tags

-- name: sum_of_real
SELECT category_slug, sum(weight_kg) AS kg, total(weight_kg) AS kg_total, avg(discount) AS avg_discount
FROM products GROUP BY category_slug

-- name: sum_of_bool
SELECT sum(is_active) AS active, sum(is_admin) AS admins FROM products, users WHERE users.id = 1

-- name: max_of_bool_and_blob
SELECT max(is_active) AS any_active, min(image) AS img, max(attributes) AS attr FROM products

-- name: count_distinct_filter
SELECT count(DISTINCT user_id) AS buyers, count(*) FILTER (WHERE status = 'paid') AS paid FROM orders

-- name: aggregate_with_bare_column
SELECT email, max(rating) AS best FROM users

-- name: aggregate_bare_column_empty
SELECT email, count(*) AS n FROM users WHERE id < 0

-- name: scalar_max_is_not_aggregate
SELECT name, max(price_cents, 1000) AS at_least, min(stock, 1) AS in_stock FROM products

-- name: group_by_expression
SELECT substr(placed_at, 1, 7) AS month, count(*) AS orders FROM orders GROUP BY month

-- name: aggregate_in_order_by_only
SELECT status FROM orders GROUP BY status ORDER BY count(*) DESC

-- name: json_group
SELECT json_group_array(sku) AS skus, json_group_object(sku, price_cents) AS prices FROM products

-- ------------------------------------------------------------ expressions

-- name: case_status_label
SELECT id,
       CASE status
           WHEN 'pending' THEN 'Awaiting payment'
           WHEN 'paid' THEN 'Paid'
           ELSE 'Other'
       END AS label,
       CASE WHEN shipped_at IS NOT NULL THEN 1 ELSE 0 END AS shipped,
       CASE WHEN note <> '' THEN note END AS note
FROM orders

-- name: case_mixed_numeric
SELECT id, CASE WHEN weight_kg > 1 THEN price_cents ELSE weight_kg END AS odd FROM products

-- name: coalesce_ifnull_nullif
SELECT id,
       coalesce(display_name, email) AS name,
       ifnull(rating, 0.0) AS rating,
       ifnull(rating, 0) AS rating_or_zero,
       nullif(display_name, '') AS nonempty,
       coalesce(last_login_at, created_at, 'never') AS seen
FROM users

-- name: cast_everything
SELECT CAST(price_cents AS REAL) / 100 AS price,
       CAST(weight_kg AS INTEGER) AS kg,
       CAST(id AS TEXT) AS id_text,
       CAST(sku AS BLOB) AS sku_bytes,
       CAST(discount AS NUMERIC) AS discount,
       CAST(tax_rate AS DECIMAL(5,2)) AS tax,
       CAST('12abc' AS INTEGER) AS junk
FROM products

-- name: string_functions
SELECT lower(email) AS lo, upper(display_name) AS up, length(display_name) AS len,
       substr(email, 1, instr(email, '@') - 1) AS local_part,
       trim('  ' || email || '  ') AS trimmed, ltrim(email, 'a') AS l, rtrim(email, 'm') AS r,
       replace(email, '@', ' at ') AS obfuscated, instr(email, '.') AS dot,
       display_name || ' <' || email || '>' AS mailbox
FROM users

-- name: printf_format
SELECT printf('%s costs %.2f', name, price_cents / 100.0) AS line,
       format('%05d', id) AS padded,
       printf('%d items', stock) AS stock_text
FROM products

-- name: concat_functions
SELECT concat(display_name, ' ', email) AS c, concat_ws(' / ', display_name, email) AS ws FROM users

-- name: string_misc
SELECT hex(password_hash) AS hex, quote(display_name) AS q, typeof(rating) AS t,
       char(65, 66) AS ab, unicode(email) AS u, length(password_hash) AS bytes,
       octet_length(email) AS octets, soundex(email) AS sx
FROM users

-- name: substr_of_blob
SELECT id, substr(image, 1, 2) AS magic, substr(attributes, 1, 3) AS attr_head FROM products

-- name: string_functions_on_numbers
SELECT upper(price_cents) AS up, trim(weight_kg) AS w, replace(stock, '0', 'o') AS s FROM products

-- name: date_functions
SELECT id,
       date(placed_at) AS day,
       time(placed_at) AS at_time,
       datetime(placed_at, '+7 days') AS due,
       strftime('%Y-%m', placed_at) AS month,
       julianday(shipped_at) - julianday(placed_at) AS days_to_ship,
       unixepoch(placed_at) AS epoch,
       unixepoch(placed_at, 'subsec') AS epoch_ms,
       strftime('%s', placed_at) AS epoch_text
FROM orders

-- name: date_now
SELECT date('now') AS today, datetime('now', 'localtime') AS now, CURRENT_TIMESTAMP AS ts, CURRENT_DATE AS d, unixepoch() AS epoch

-- name: date_of_nullable
SELECT date(last_login_at) AS day, julianday('now') - julianday(created_at) AS age_days FROM users

-- name: date_compare
-- args: '2024-06-10'
SELECT id FROM orders WHERE placed_at >= date(?1) AND placed_at < date(?1, '+1 month')

-- name: timediff
SELECT timediff(shipped_at, placed_at) AS took FROM orders

-- name: math_integers
SELECT id, price_cents / 100 AS euros, price_cents % 100 AS cents, -price_cents AS neg,
       abs(-stock) AS stock_abs, price_cents * stock AS stock_value, stock - 1 AS after_sale,
       price_cents + 0 AS same, 7 / 2 AS half, 7 % 3 AS rem
FROM products

-- name: math_reals
SELECT id, price_cents / 100.0 AS price, weight_kg * 2 AS double_weight, -weight_kg AS neg,
       abs(weight_kg) AS w, round(weight_kg) AS r0, round(weight_kg, 2) AS r2, round(price_cents / 100.0, 2) AS price2,
       weight_kg / 0 AS by_zero, 5.5 % 2 AS real_mod, price_cents * 1.2 AS gross
FROM products

-- name: math_numeric_column
SELECT id, discount * 2 AS d2, price_cents * (1 - discount / 100.0) AS discounted, tax_rate + 1 AS t FROM products

-- name: math_functions
-- (SQLite's math functions, sqrt, pow, floor…, are not compiled into the bundled SQLite.)
SELECT sign(stock) AS sg, sign(weight_kg) AS sw, abs(weight_kg - 1) AS dist, round(price_cents / 3.0) AS third
FROM products

-- name: bit_operators
SELECT id, id & 1 AS odd, id | 8 AS flagged, id << 2 AS shifted, id >> 1 AS halved, ~id AS inverted FROM users

-- name: random_values
SELECT random() AS r, randomblob(4) AS b, zeroblob(2) AS z, abs(random() % 10) AS d

-- name: comparison_results
SELECT id, price_cents > 1000 AS expensive, weight_kg > 1 AS heavy, name LIKE '%o%' AS has_o,
       sku GLOB 'BK-*' AS is_book, category_slug IS NULL AS uncategorised, discount IS NOT NULL AS discounted,
       stock BETWEEN 1 AND 20 AS low_stock, id IN (1, 3) AS featured, category_slug IN ('books', 'sci-fi') AS bookish,
       NOT is_active AS retired, description NOT LIKE '%desert%' AS no_desert
FROM products

-- name: bool_logic
SELECT id, is_admin AND email_verified AS trusted, is_admin OR rating > 4 AS vip, email_verified IS TRUE AS verified
FROM users

-- name: iif_and_if
SELECT id, iif(stock > 0, 'in stock', 'sold out') AS availability, iif(stock > 0, stock, NULL) AS stock_or_null,
       iif(weight_kg IS NULL, 0, weight_kg) AS w
FROM products

-- name: unary_and_literals
SELECT -1 AS minus_one, +2 AS plus_two, 1.5e3 AS big, 0x10 AS hex, 'it''s' AS quoted, X'00' AS byte, NULL AS none, TRUE AS yes

-- name: min_max_scalar
SELECT max(price_cents, 1000) AS at_least, min(stock, 5) AS capped, max(weight_kg, 1) AS mixed, min(name, sku) AS first FROM products

-- name: likely_unlikely
SELECT likely(is_active) AS a, unlikely(stock = 0) AS b FROM products

-- name: collate_in_select
SELECT label COLLATE NOCASE AS label FROM tags ORDER BY 1

-- name: nested_parens
SELECT ((price_cents)) AS p, (stock + 1) * 2 AS s, (weight_kg) AS w FROM products

-- ----------------------------------------------------------------- json

-- name: json_extract_settings
SELECT id, json_extract(settings, '$.theme') AS theme, settings ->> '$.newsletter' AS newsletter,
       settings -> '$.langs' AS langs, json_array_length(settings, '$.langs') AS n_langs,
       json_type(settings, '$.theme') AS theme_type
FROM users WHERE json_valid(settings)

-- name: json_valid
SELECT users.id, json_valid(settings) AS ok, json_valid(attributes) AS ok2 FROM users, products WHERE products.id = 3

-- name: json_build
SELECT json_object('id', id, 'email', email) AS obj, json_array(id, display_name) AS arr, json(settings) AS js
FROM users WHERE settings IS NULL OR json_valid(settings)

-- name: json_modify
SELECT json_set(settings, '$.theme', 'blue') AS s, json_insert('{}', '$.a', id) AS i, json_remove(settings, '$.theme') AS r, json_patch('{}', '{"a":1}') AS p
FROM users WHERE settings IS NULL OR json_valid(settings)

-- name: json_each_tags
SELECT u.id, j.value AS lang FROM users u, json_each(u.settings, '$.langs') AS j WHERE json_valid(u.settings)

-- name: json_arrow_number
SELECT attributes ->> 'pages' AS pages, attributes -> 'author' AS author FROM products WHERE json_valid(attributes)

-- --------------------------------------------------------- window functions

-- name: window_ranking
SELECT id, name, price_cents,
       row_number() OVER (ORDER BY price_cents DESC) AS rn,
       rank() OVER (ORDER BY price_cents DESC) AS rnk,
       dense_rank() OVER (PARTITION BY category_slug ORDER BY price_cents) AS dr,
       ntile(2) OVER (ORDER BY id) AS half,
       percent_rank() OVER (ORDER BY price_cents) AS pr,
       cume_dist() OVER (ORDER BY price_cents) AS cd
FROM products

-- name: window_lag_lead
SELECT id, placed_at,
       lag(placed_at) OVER (ORDER BY placed_at) AS previous,
       lead(id, 1, 0) OVER (ORDER BY placed_at) AS next_id,
       lag(note, 1, 'none') OVER (ORDER BY id) AS prev_note,
       lag(id, 1, 'first') OVER (ORDER BY id) AS prev_id_or_label,
       first_value(status) OVER (PARTITION BY user_id ORDER BY placed_at) AS first_status,
       last_value(shipped_at) OVER (ORDER BY id) AS last_shipped,
       nth_value(id, 2) OVER (ORDER BY id) AS second
FROM orders

-- name: window_running_total
SELECT order_id, product_id,
       sum(quantity * unit_price_cents) OVER (PARTITION BY order_id ORDER BY product_id) AS running,
       count(*) OVER (PARTITION BY order_id) AS lines,
       avg(unit_price_cents) OVER () AS avg_price,
       total(quantity) OVER w AS units,
       max(unit_price_cents) OVER w AS top
FROM order_items
WINDOW w AS (PARTITION BY order_id)

-- name: window_over_left_join
SELECT u.id, o.id AS order_id, row_number() OVER (PARTITION BY u.id ORDER BY o.placed_at) AS nth
FROM users u LEFT JOIN orders o ON o.user_id = u.id

-- ------------------------------------------------------------------ CTEs

-- name: cte_simple
WITH big_spenders AS (
    SELECT user_id, sum(total_cents) AS spent FROM order_totals GROUP BY user_id
)
SELECT u.email, b.spent FROM big_spenders b JOIN users u ON u.id = b.user_id ORDER BY b.spent DESC

-- name: cte_two_steps
WITH per_order AS (
    SELECT order_id, sum(quantity) AS units FROM order_items GROUP BY order_id
), per_user AS (
    SELECT o.user_id, sum(p.units) AS units
    FROM orders o LEFT JOIN per_order p ON p.order_id = o.id
    GROUP BY o.user_id
)
SELECT user_id, units FROM per_user

-- name: cte_with_column_names
WITH stats(product_id, n, best) AS (
    SELECT product_id, count(*), max(stars) FROM reviews GROUP BY product_id
)
SELECT p.name, s.n, s.best FROM products p LEFT JOIN stats s ON s.product_id = p.id

-- name: cte_recursive_categories
WITH RECURSIVE tree(slug, name, depth, path) AS (
    SELECT slug, name, 0, name FROM categories WHERE parent_slug IS NULL
    UNION ALL
    SELECT c.slug, c.name, t.depth + 1, t.path || ' > ' || c.name
    FROM categories c JOIN tree t ON c.parent_slug = t.slug
)
SELECT slug, name, depth, path FROM tree ORDER BY path

-- name: cte_recursive_series
WITH RECURSIVE days(d) AS (
    SELECT date('2024-06-01')
    UNION ALL
    SELECT date(d, '+1 day') FROM days WHERE d < '2024-06-05'
)
SELECT days.d, count(o.id) AS orders
FROM days LEFT JOIN orders o ON date(o.placed_at) = days.d
GROUP BY days.d

-- name: cte_referral_chain
-- args: 4
WITH RECURSIVE chain(id, email, referrer_id, level) AS (
    SELECT id, email, referrer_id, 0 FROM users WHERE id = ?1
    UNION ALL
    SELECT u.id, u.email, u.referrer_id, chain.level + 1 FROM users u JOIN chain ON u.id = chain.referrer_id
)
SELECT id, email, level FROM chain

-- name: cte_materialized
WITH recent AS MATERIALIZED (SELECT * FROM orders WHERE placed_at > '2024-06-05')
SELECT r.id, r.note, r.shipped_at FROM recent r

-- name: cte_star
WITH t AS (SELECT id, email, display_name FROM users) SELECT * FROM t

-- ---------------------------------------------------------- compound

-- name: union_all_activity
SELECT 'order' AS kind, id, placed_at AS at FROM orders
UNION ALL
SELECT 'review', id, created_at FROM reviews
ORDER BY at DESC

-- name: union_distinct_emails
SELECT email FROM users WHERE is_admin
UNION
SELECT u.email FROM users u JOIN orders o ON o.user_id = u.id

-- name: union_mixed_types
SELECT name, 0 AS qty FROM products WHERE stock = 0
UNION ALL
SELECT p.name, sum(oi.quantity) FROM products p LEFT JOIN order_items oi ON oi.product_id = p.id GROUP BY p.id

-- name: union_first_arm_literal
SELECT 1 AS n, 'x' AS s
UNION ALL
SELECT weight_kg, display_name FROM products, users WHERE products.id = 2 AND users.id = 2

-- name: union_with_cte
WITH paid AS (SELECT order_id, amount_cents FROM payments)
SELECT order_id, amount_cents FROM paid
UNION ALL
SELECT id, 0 FROM orders WHERE id NOT IN (SELECT order_id FROM paid)
ORDER BY 1

-- name: union_of_aggregates
SELECT 'orders' AS what, count(*) AS n, max(placed_at) AS latest FROM orders
UNION ALL
SELECT 'reviews', count(*), max(created_at) FROM reviews WHERE stars > 5

-- name: intersect
SELECT user_id FROM orders INTERSECT SELECT user_id FROM reviews

-- name: except
SELECT id FROM users EXCEPT SELECT user_id FROM orders

-- name: union_with_null_arm
SELECT id, display_name FROM users WHERE id = 1
UNION ALL
SELECT NULL, NULL

-- name: values_list
VALUES (1, 'one'), (2, NULL)

-- ------------------------------------------------------------ subqueries

-- name: scalar_subquery_count
SELECT p.id, p.name,
       (SELECT count(*) FROM reviews r WHERE r.product_id = p.id) AS review_count,
       (SELECT max(stars) FROM reviews r WHERE r.product_id = p.id) AS best
FROM products p

-- name: scalar_subquery_uncorrelated
SELECT (SELECT count(*) FROM users) AS users, (SELECT sum(amount_cents) FROM payments) AS paid,
       (SELECT email FROM users ORDER BY id LIMIT 1) AS first_email,
       (SELECT total(weight_kg) FROM products) AS kg

-- name: scalar_subquery_empty
SELECT (SELECT email FROM users WHERE id = -1) AS nobody, (SELECT count(*) FROM users WHERE id = -1) AS zero

-- name: scalar_subquery_limit_zero
SELECT (SELECT count(*) FROM users LIMIT 0) AS none_at_all, (SELECT count(*) FROM users HAVING count(*) > 100) AS filtered

-- name: exists_subquery
SELECT u.id, EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) AS has_orders,
       NOT EXISTS (SELECT 1 FROM reviews r WHERE r.user_id = u.id) AS never_reviewed
FROM users u

-- name: in_subquery
SELECT name FROM products WHERE id IN (SELECT product_id FROM order_items WHERE quantity > 1)

-- name: not_in_subquery_select
SELECT id, id NOT IN (SELECT user_id FROM reviews) AS no_review, id IN (SELECT user_id FROM reviews WHERE user_id IS NOT NULL) AS reviewed
FROM users

-- name: from_subquery
SELECT t.user_id, t.n, t.last FROM (
    SELECT user_id, count(*) AS n, max(placed_at) AS last FROM orders GROUP BY user_id
) AS t WHERE t.n > 0

-- name: from_subquery_left_joined
SELECT u.email, t.n
FROM users u
LEFT JOIN (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id) t ON t.user_id = u.id

-- name: from_subquery_aggregate_no_group
SELECT s.total, s.latest FROM (SELECT count(*) AS total, max(placed_at) AS latest FROM orders WHERE id < 0) s

-- name: correlated_in_where
SELECT p.name FROM products p WHERE p.price_cents > (SELECT avg(price_cents) FROM products)

-- name: subquery_star
SELECT * FROM (SELECT id, note, shipped_at FROM orders) sub

-- name: nested_subquery
SELECT (SELECT (SELECT max(id) FROM users)) AS deep

-- -------------------------------------------------------------- views

-- name: view_order_totals
SELECT order_id, user_id, status, item_count, total_cents FROM order_totals ORDER BY order_id

-- name: view_customer_latest
SELECT user_id, email, display_name, order_id, placed_at, status FROM customer_latest_order

-- name: view_star
SELECT * FROM customer_latest_order

-- name: view_active_products
-- args: 0
SELECT * FROM active_products WHERE price_cents > ?1

-- name: view_with_column_list
SELECT product_id, reviews, average_stars FROM product_ratings

-- name: view_joined_to_table
SELECT u.email, t.total_cents FROM users u LEFT JOIN order_totals t ON t.user_id = u.id

-- name: view_joined_inner
SELECT t.order_id, t.total_cents, u.email FROM order_totals t JOIN users u ON u.id = t.user_id

-- name: view_aggregated
SELECT user_id, sum(total_cents) AS spent, max(item_count) AS biggest FROM order_totals GROUP BY user_id

-- -------------------------------------------------------------- writes

-- name: insert_user_returning
-- args: 'new@example.com', 'New'
INSERT INTO users (email, display_name) VALUES (?1, ?2) RETURNING id, email, display_name, created_at, is_admin

-- name: insert_returning_star
-- args: 'zz'
INSERT INTO tags (label) VALUES (?) RETURNING *
-- (tags: id, label)

-- name: insert_order_item_returning_generated
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES (4, 2, 3, 999)
RETURNING line_total_cents, quantity * unit_price_cents AS computed

-- name: insert_select_returning
INSERT INTO tags (label) SELECT 'cat:' || slug FROM categories WHERE parent_slug IS NULL
RETURNING id, label, length(label) AS len, id * 10 AS rank

-- name: insert_select
INSERT INTO product_tags (product_id, tag_id) SELECT id, 3 FROM products WHERE stock = 0

-- name: insert_payment_strict
-- args: 'pay_9', 3, 500, 'stripe'
INSERT INTO payments (id, order_id, amount_cents, provider) VALUES (?1, ?2, ?3, ?4) RETURNING id, fee, raw, captured

-- name: insert_audit_returning_expression
INSERT INTO audit_log (Action, payload) VALUES ('test', NULL) RETURNING id, "When", payload, upper(Action) AS shout

-- name: update_returning
-- args: 'shipped', 2
UPDATE orders SET status = ?1, shipped_at = datetime('now') WHERE id = ?2 RETURNING id, status, shipped_at, note

-- name: update_returning_expression
UPDATE products SET stock = stock - 1 WHERE stock > 0 RETURNING id, stock, stock * price_cents AS value_left, price_cents / 100.0 AS price

-- name: update_from
UPDATE products SET stock = stock + oi.quantity
FROM order_items oi
WHERE oi.product_id = products.id AND oi.order_id = 1
RETURNING products.id, products.stock

-- name: update_no_rows_returning
UPDATE users SET display_name = 'x' WHERE id = -1 RETURNING id, display_name

-- name: delete_returning
-- args: 2
DELETE FROM reviews WHERE product_id = ?1 RETURNING id, user_id, title, stars

-- name: delete_returning_star
DELETE FROM coupons WHERE expires_at < '2025-01-01' RETURNING *

-- name: upsert_do_update
-- args: 'max_cart', 30
-- args: 'new_key', 'hello'
INSERT INTO "AppSettings" ("Key", "Value", "UpdatedAt") VALUES (?1, ?2, datetime('now'))
ON CONFLICT ("Key") DO UPDATE SET "Value" = excluded."Value", "UpdatedAt" = excluded."UpdatedAt"
RETURNING "Key", "Value", "UpdatedAt"

-- name: upsert_counter
-- args: 1, 2
INSERT INTO product_tags (product_id, tag_id) VALUES (?1, ?2)
ON CONFLICT DO NOTHING
RETURNING product_id, tag_id

-- name: insert_or_replace
INSERT OR REPLACE INTO coupons (code, percent_off) VALUES ('FIVER', 5) RETURNING code, percent_off, amount_off_cents

-- name: plain_update
-- args: '2024-07-01 00:00:00', 1
UPDATE users SET last_login_at = ?1 WHERE id = ?2

-- name: plain_delete
-- args: 4
DELETE FROM orders WHERE id = ?

-- name: plain_insert
-- args: 2, 'Somewhere 1', 'Rome'
INSERT INTO addresses (user_id, line1, city) VALUES (?, ?, ?)

-- ------------------------------------------------------- sqlx overrides

-- name: override_not_null
SELECT max(placed_at) AS "latest!", count(*) AS "n?" FROM orders

-- name: override_type
SELECT created_at AS "created: String", discount AS "discount?: f64" FROM products WHERE typeof(discount) IN ('integer', 'real')

-- ------------------------------------------------------------- odds and ends

-- name: comments_everywhere
SELECT /* the key */ id, -- who
       email -- and how to reach them
FROM users /* everyone */
WHERE id > 0 -- skip nothing

-- name: mixed_case_keywords
select U.Id, U.Email, count(O.Id) as Orders
from Users U left join Orders O on O.User_Id = U.Id
group by U.Id

-- name: schema_qualified
SELECT main.users.id, u2.email FROM main.users JOIN main.users AS u2 ON u2.id = main.users.id

-- name: distinct_values
SELECT DISTINCT country FROM addresses ORDER BY country

-- name: order_by_nulls_last
SELECT id, shipped_at FROM orders ORDER BY shipped_at DESC NULLS LAST

-- name: limit_expression
-- args: 1
SELECT id FROM users ORDER BY id LIMIT ?1 * 2

-- name: like_escape_param
-- args: '%example%'
SELECT id, email FROM users WHERE email LIKE ?1 ESCAPE '\'

-- name: between_dates
-- args: '2024-06-01', '2024-06-11'
SELECT id, placed_at FROM orders WHERE placed_at BETWEEN ?1 AND ?2

-- name: glob_and_in_params
-- args: 'BK-*', 1, 3
SELECT id, sku FROM products WHERE sku GLOB ?1 OR id IN (?2, ?3)

-- name: is_null_checks
SELECT id FROM products WHERE description IS NULL AND category_slug ISNULL OR weight_kg NOTNULL

-- name: exists_as_column
SELECT EXISTS (SELECT 1 FROM users WHERE email = 'ada@example.com') AS taken

-- name: count_as_scalar
SELECT count(*) FROM orders

-- name: select_without_from
SELECT 1 + 1 AS two, 'a' || 'b' AS ab, 10 / 4 AS q, 10 / 4.0 AS r, 10 % 0 AS zero_mod

-- name: left_join_coalesce_count
SELECT c.slug, coalesce(count(p.id), 0) AS n, coalesce(max(p.price_cents), 0) AS top
FROM categories c LEFT JOIN products p ON p.category_slug = c.slug
GROUP BY c.slug

-- name: left_join_is_null_flag
SELECT p.id, r.id IS NULL AS unreviewed, r.stars > 3 AS liked
FROM products p LEFT JOIN reviews r ON r.product_id = p.id

-- name: join_on_view_and_cte
WITH spenders AS (SELECT user_id, total_cents FROM order_totals WHERE total_cents > 0)
SELECT c.email, s.total_cents FROM customer_latest_order c LEFT JOIN spenders s ON s.user_id = c.user_id

-- name: strict_table_expressions
SELECT id, amount_cents / 100.0 AS amount, fee * 100 AS fee_pct, captured = 1 AS is_captured, length(raw) AS raw_len,
       coalesce(paid_at, 'unpaid') AS paid
FROM payments

-- name: strict_any_column
SELECT payload, typeof(payload) AS t, payload IS NULL AS missing FROM audit_log

-- name: no_type_column
SELECT attributes, typeof(attributes) AS t FROM products

-- name: generated_column
SELECT order_id, line_total_cents, line_total_cents / 100.0 AS line_total FROM order_items

-- name: without_rowid_pk
SELECT code FROM coupons

-- name: text_pk_rowid_table
SELECT slug FROM categories

-- name: numeric_columns
SELECT discount, tax_rate, created_at FROM products

-- name: group_by_left_joined_column
SELECT a.city, count(*) AS users FROM users u LEFT JOIN addresses a ON a.user_id = u.id GROUP BY a.city

-- name: having_without_group_by
SELECT count(*) AS n FROM orders HAVING count(*) > 0

-- name: order_totals_by_status_with_filter
SELECT status, sum(total_cents) FILTER (WHERE item_count > 0) AS with_items, count(*) AS orders
FROM order_totals GROUP BY status

-- name: window_in_subquery
SELECT id, rn FROM (SELECT id, row_number() OVER (ORDER BY placed_at DESC) AS rn FROM orders) WHERE rn <= 2

-- name: case_with_aggregates
SELECT user_id,
       CASE WHEN count(*) > 1 THEN 'repeat' ELSE 'new' END AS kind,
       sum(CASE WHEN status = 'paid' THEN 1 ELSE 0 END) AS paid_orders
FROM orders GROUP BY user_id

-- name: coalesce_subquery
SELECT u.id, coalesce((SELECT sum(total_cents) FROM order_totals t WHERE t.user_id = u.id), 0) AS spent FROM users u

-- name: min_max_dates_per_user
SELECT user_id, min(date(placed_at)) AS first_day, max(julianday(placed_at)) AS last_jd FROM orders GROUP BY user_id

-- name: rating_buckets
SELECT CAST(rating AS INTEGER) AS bucket, count(*) AS n FROM users GROUP BY bucket

-- name: text_and_number_concat
SELECT users.id || ':' || email AS tag, price_cents || '' AS price_text FROM users, products WHERE products.id = users.id

-- name: boolean_column_math
SELECT is_active + 0 AS n, is_active * price_cents AS active_price, -is_active AS neg FROM products

-- name: in_list_with_null
SELECT id, category_slug IN ('garden', NULL) AS maybe FROM products

-- ------------------------------------------------- more, in other styles

-- name: upper_case_functions
SELECT o.id, COALESCE(SUM(oi.quantity), 0) AS units, COUNT(oi.product_id) AS lines, MAX(oi.unit_price_cents) AS top
FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id
GROUP BY o.id

-- name: quoted_qualifiers
SELECT "u"."email", "u"."display_name" FROM "users" AS "u" WHERE "u"."id" = 1

-- name: bracket_and_backtick_names
SELECT [id], `email`, [display_name] AS [name] FROM users

-- name: camel_case_aliases
SELECT u.id AS "userId", t.total_cents AS "totalCents", t.item_count AS "itemCount"
FROM users u JOIN order_totals t ON t.user_id = u.id

-- name: star_plus_outer_column
SELECT p.*, c.name AS category_name FROM products p LEFT JOIN categories c ON c.slug = p.category_slug

-- name: latest_order_by_subquery
SELECT * FROM orders WHERE id = (SELECT max(id) FROM orders)

-- name: distinct_inner_join
SELECT DISTINCT u.email FROM users u INNER JOIN orders o ON o.user_id = u.id

-- name: case_null_branch
SELECT id, CASE WHEN stock = 0 THEN NULL ELSE price_cents END AS price FROM products

-- name: count_of_subquery
SELECT count(*) AS buyers FROM (SELECT DISTINCT user_id FROM orders)

-- name: signups_per_day
SELECT strftime('%Y-%m-%d', created_at) AS day, COUNT(*) AS signups FROM users GROUP BY 1 ORDER BY 1

-- name: left_join_extra_condition
SELECT u.id, u.email, a.city FROM users u
LEFT JOIN addresses a ON a.user_id = u.id AND a.country = 'GB'
WHERE u.is_admin = 0

-- name: order_weight
-- args: 1
-- args: 4
SELECT total(oi.quantity * p.weight_kg) AS kg, sum(oi.quantity * p.weight_kg) AS kg_or_null
FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = ?

-- name: stale_orders
SELECT o.id, julianday('now') - julianday(o.placed_at) > 30 AS stale FROM orders o

-- name: half_stars
SELECT round(avg(stars) * 2) / 2 AS half_stars FROM reviews

-- name: grams
SELECT id, CAST(round(weight_kg * 1000) AS INTEGER) AS grams FROM products

-- name: price_text
SELECT id, price_cents / 100 || '.' || printf('%02d', price_cents % 100) AS price FROM products

-- name: display_name_fallback
SELECT id, IFNULL(NULLIF(trim(display_name), ''), email) AS name FROM users

-- name: repeat_customers
SELECT id FROM users WHERE id IN (SELECT user_id FROM orders GROUP BY user_id HAVING count(*) >= 2)

-- name: tags_as_subquery
SELECT p.id, (SELECT group_concat(t.label) FROM product_tags pt JOIN tags t ON t.id = pt.tag_id WHERE pt.product_id = p.id) AS tags
FROM products p

-- name: moving_sum
SELECT product_id, sum(quantity) OVER (ORDER BY order_id, product_id ROWS BETWEEN 1 PRECEDING AND CURRENT ROW) AS moving
FROM order_items

-- name: share_of_total
SELECT product_id, quantity, quantity * 100.0 / sum(quantity) OVER () AS pct FROM order_items

-- name: stats_over_cte
WITH t AS (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id)
SELECT max(n) AS most, min(n) AS least, avg(n) AS mean FROM t

-- name: users_without_orders
SELECT u.email FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)

-- name: connection_functions
SELECT last_insert_rowid() AS id, changes() AS n, total_changes() AS t, sqlite_version() AS v

-- name: group_by_typeof
SELECT typeof(discount) AS t, count(*) AS n FROM products GROUP BY typeof(discount)

-- name: insert_review
-- args: 5, NULL, 4
-- args: 4, 1, 2
INSERT INTO reviews (product_id, user_id, stars, created_at) VALUES (?1, ?2, ?3, datetime('now'))
RETURNING id, user_id, created_at, body

-- name: bump_rating
-- args: 0.5, 2
-- args: 1, 1
UPDATE users SET rating = coalesce(rating, 0) + ?1 WHERE id = ?2 RETURNING id, rating

-- name: untag
-- args: 2
DELETE FROM product_tags WHERE tag_id = ? RETURNING product_id, tag_id

-- name: audit_insert
-- args: 1, 'cart.add', '{"sku": "BK-001"}'
-- args: NULL, 'cron', 42
INSERT INTO audit_log (actor_id, Action, payload) VALUES (?, ?, ?) RETURNING id, "When", actor_id, payload

-- name: json_plus_zero
SELECT json_extract(attributes, '$.pages') + 0 AS pages FROM products WHERE json_valid(attributes)

-- name: hours_to_ship
SELECT id, abs(julianday(shipped_at) - julianday(placed_at)) * 24 AS hours FROM orders

-- name: next_id
SELECT max(id) + 1 AS next_id FROM orders

-- name: has_orders
-- args: 1
-- args: 5
SELECT count(*) > 0 AS any_orders FROM orders WHERE user_id = ?

-- name: best_or_zero
-- args: 1
-- args: 5
SELECT coalesce(max(stars), 0) AS best, coalesce(avg(stars), 0.0) AS mean, coalesce(avg(stars), 0) AS mean0
FROM reviews WHERE product_id = ?

-- name: order_list_page
SELECT o.id, u.email, a.city, p.provider, p.amount_cents
FROM orders o
JOIN users u ON u.id = o.user_id
LEFT JOIN addresses a ON a.id = o.address_id
LEFT JOIN payments p ON p.order_id = o.id
WHERE o.status <> 'cancelled'
ORDER BY o.placed_at DESC
LIMIT 10

-- name: category_parent
SELECT c.slug, c.name, parent.name AS parent_name FROM categories c LEFT JOIN categories parent ON parent.slug = c.parent_slug

-- name: view_filtered
SELECT * FROM order_totals WHERE total_cents > 1000

-- name: email_domains
SELECT substr(email, instr(email, '@') + 1) AS domain, count(*) AS n FROM users GROUP BY domain

-- name: mixed_case_function_names
SELECT Upper(Email) AS shout, Length(Display_Name) AS len FROM Users

-- name: two_stars
SELECT o.*, oi.* FROM orders o LEFT JOIN order_items oi ON oi.order_id = o.id

-- name: net_price_numeric
SELECT id, (price_cents - coalesce(discount, 0)) AS net FROM products

-- name: double_negation
SELECT -(-stock) AS s, - -price_cents AS p FROM products

-- name: sku_code
SELECT id, 'SKU-' || sku AS code, length(sku) = 6 AS std FROM products

-- name: case_when_null_compare
SELECT CASE category_slug WHEN 'garden' THEN 'G' WHEN NULL THEN 'never' ELSE 'other' END AS c FROM products

-- name: implicit_join_table_names
SELECT users.email, orders.id FROM users, orders WHERE orders.user_id = users.id

-- name: subquery_over_left_join
SELECT x.email, x.order_id FROM (SELECT u.email, o.id AS order_id FROM users u LEFT JOIN orders o ON o.user_id = u.id) x

-- name: json_path_index
SELECT id, json_extract(settings, '$.langs[0]') AS first_lang FROM users WHERE json_valid(settings)

-- name: cte_shadowing_table
WITH paid_orders AS (SELECT * FROM orders WHERE status IN ('paid', 'shipped'))
SELECT id, note, shipped_at FROM paid_orders

-- name: rowid_and_star
SELECT rowid AS rid, * FROM tags

-- name: order_by_is_null
SELECT id FROM users ORDER BY rating IS NULL, rating DESC

-- name: cross_join_aggregate_subquery
SELECT u.email, s.n FROM users u, (SELECT count(*) AS n FROM orders) s

-- name: case_without_else_bands
SELECT id, CASE WHEN rating >= 4 THEN 'good' WHEN rating >= 2 THEN 'ok' END AS band FROM users

-- name: avg_of_case
SELECT avg(CASE WHEN stars >= 4 THEN 1.0 ELSE 0 END) AS positive_share FROM reviews

-- name: group_concat_distinct
SELECT product_id, group_concat(DISTINCT user_id) AS reviewers FROM reviews GROUP BY product_id

-- name: random_token
SELECT hex(randomblob(16)) AS token, lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) AS short

-- name: upsert_user_with_subquery
-- args: 'ada@example.com'
-- args: 'zed@example.com'
INSERT INTO users (email) VALUES (?1)
ON CONFLICT (email) DO UPDATE SET last_login_at = datetime('now')
RETURNING id, last_login_at, (SELECT count(*) FROM orders WHERE orders.user_id = users.id) AS orders

-- name: counts_per_user
SELECT u.id, count(DISTINCT o.id) AS orders, count(r.id) AS reviews
FROM users u LEFT JOIN orders o ON o.user_id = u.id LEFT JOIN reviews r ON r.user_id = u.id
GROUP BY u.id

-- name: window_filter
SELECT id, count(*) FILTER (WHERE status = 'paid') OVER (PARTITION BY user_id) AS paid_by_user FROM orders

-- name: second_cheapest
SELECT p.name, p.price_cents FROM products p ORDER BY p.price_cents DESC LIMIT 1 OFFSET 1

-- name: exists_check
-- args: 'bob@example.com'
SELECT 1 AS ok FROM users WHERE email = ?

-- name: exists_override
-- args: 'nobody@example.com'
SELECT EXISTS(SELECT 1 FROM users WHERE email = ?) AS "exists!"

-- name: iif_over_count
-- args: 1
-- args: 5
SELECT iif(count(*) > 0, 'yes', 'no') AS answer FROM orders WHERE user_id = ?

-- name: is_not_distinct
SELECT id, display_name IS NOT DISTINCT FROM NULL AS unnamed FROM users

-- name: limit_one_lookup
SELECT display_name FROM users ORDER BY id DESC LIMIT 1

-- ------------------------------------------------- joins of other shapes

-- name: natural_left_join
SELECT order_id, product_id, provider, amount_cents FROM order_items NATURAL LEFT JOIN payments

-- name: left_join_cte
WITH paid AS (SELECT order_id, sum(amount_cents) AS paid_cents FROM payments GROUP BY order_id)
SELECT o.id, paid.paid_cents, paid.order_id FROM orders o LEFT JOIN paid ON paid.order_id = o.id

-- name: cte_used_twice
WITH c AS (SELECT id, user_id FROM orders)
SELECT a.id, b.id AS other FROM c a LEFT JOIN c b ON b.user_id = a.user_id AND b.id > a.id

-- name: join_then_right_join
SELECT u.email, o.id AS order_id, c.code
FROM users u JOIN orders o ON o.user_id = u.id
RIGHT JOIN coupons c ON c.code = o.coupon_code

-- name: left_then_right_join
SELECT u.email, a.city, o.id AS order_id
FROM users u LEFT JOIN addresses a ON a.user_id = u.id
RIGHT JOIN orders o ON o.address_id = a.id

-- name: comma_then_left_join
SELECT t.label, p.name, r.stars
FROM tags t, products p LEFT JOIN reviews r ON r.product_id = p.id
WHERE t.id = 1

-- name: parenthesised_join
SELECT u.email, o.id AS order_id, oi.quantity
FROM users u LEFT JOIN (orders o JOIN order_items oi ON oi.order_id = o.id) ON o.user_id = u.id

-- name: left_join_subquery_aggregate
SELECT u.email, s.n, s.latest
FROM users u LEFT JOIN (SELECT user_id, count(*) AS n, max(placed_at) AS latest FROM orders GROUP BY user_id) s ON s.user_id = u.id

-- name: left_join_table_function
SELECT u.id, j.key, j.value FROM users u LEFT JOIN json_each(CASE WHEN json_valid(u.settings) THEN u.settings END) j

-- name: union_in_from
SELECT x.id, x.kind FROM (SELECT id, 'user' AS kind FROM users UNION ALL SELECT id, 'order' FROM orders) AS x

-- name: values_in_from
SELECT v.column1 AS n, v.column2 AS word FROM (VALUES (1, 'one'), (2, 'two')) AS v

-- name: rank_over_aggregate
SELECT user_id, count(*) AS orders, rank() OVER (ORDER BY count(*) DESC) AS place FROM orders GROUP BY user_id

-- name: view_over_view
SELECT order_id, user_id, total_cents FROM big_orders

-- name: view_one_row
SELECT products, top_price, units, avg_kg FROM shop_stats

-- name: view_one_row_star
SELECT * FROM shop_stats

-- name: view_outer_side_star
SELECT * FROM users u LEFT JOIN big_orders b ON b.user_id = u.id

-- name: quoted_names_with_spaces
SELECT "card code", "order", balance_cents, balance_text FROM "gift cards"

-- name: quoted_names_joined
SELECT g."card code" AS code, o.status, g.balance_text
FROM "gift cards" AS g LEFT JOIN orders o ON o.id = g."order"

-- name: gift_card_spend
-- args: 500, 'GC-1'
UPDATE "gift cards" SET balance_cents = balance_cents - ?1 WHERE "card code" = ?2
RETURNING "card code", balance_cents, balance_text, balance_cents / 100.0 AS euros

-- name: view_of_compound
SELECT ref, happened_at, what FROM activity ORDER BY happened_at DESC

-- name: subquery_of_compound
SELECT x.ref FROM (SELECT id AS ref FROM users UNION ALL SELECT sku FROM products) AS x

-- name: cte_of_compound
WITH refs(ref) AS (SELECT id FROM orders UNION ALL SELECT code FROM coupons)
SELECT ref FROM refs

-- name: star_right_join_using
SELECT * FROM payments RIGHT JOIN order_items USING (order_id)

-- name: star_full_join_using
SELECT * FROM payments FULL JOIN order_items USING (order_id)

-- name: average_line
SELECT order_id, total_cents / item_count AS avg_line, total_cents * 1.0 / 100 AS euros FROM order_totals

-- name: epoch_as_integer
SELECT id, CAST(strftime('%s', placed_at) AS INTEGER) AS ts FROM orders
