-- A small shop, as an application would declare it: the final schema the
-- corpus's queries are described against.

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT,
    password_hash BLOB,
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    email_verified BOOLEAN,
    created_at TEXT NOT NULL DEFAULT (datetime('now')),
    last_login_at TEXT,
    rating REAL,
    referrer_id INTEGER REFERENCES users (id),
    settings TEXT -- JSON, may be absent
);

CREATE TABLE addresses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    line1 TEXT NOT NULL,
    line2 TEXT,
    city TEXT NOT NULL,
    postcode VARCHAR(16),
    country CHAR(2) NOT NULL DEFAULT 'GB'
);

-- A TEXT primary key of a rowid table: SQLite lets it hold NULL.
CREATE TABLE categories (
    slug TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    parent_slug TEXT REFERENCES categories (slug)
);

CREATE TABLE products (
    id INTEGER PRIMARY KEY,
    sku TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    description TEXT,
    category_slug TEXT REFERENCES categories (slug),
    price_cents INTEGER NOT NULL CHECK (price_cents >= 0),
    weight_kg REAL,
    discount NUMERIC,
    tax_rate DECIMAL(5, 2) NOT NULL DEFAULT 20,
    stock INT NOT NULL DEFAULT 0,
    is_active BOOLEAN NOT NULL DEFAULT 1,
    image BLOB,
    attributes,
    created_at DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TABLE coupons (
    code TEXT PRIMARY KEY,
    percent_off INTEGER,
    amount_off_cents INTEGER,
    expires_at TEXT,
    max_uses INTEGER
) WITHOUT ROWID;

CREATE TABLE orders (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    address_id INTEGER REFERENCES addresses (id),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'paid', 'shipped', 'cancelled')),
    placed_at TEXT NOT NULL,
    shipped_at TEXT,
    note TEXT,
    coupon_code TEXT REFERENCES coupons (code)
);

CREATE TABLE order_items (
    order_id INTEGER NOT NULL REFERENCES orders (id) ON DELETE CASCADE,
    product_id INTEGER NOT NULL REFERENCES products (id),
    quantity INTEGER NOT NULL DEFAULT 1,
    unit_price_cents INTEGER NOT NULL,
    line_total_cents INTEGER GENERATED ALWAYS AS (quantity * unit_price_cents) VIRTUAL,
    PRIMARY KEY (order_id, product_id)
) WITHOUT ROWID;

CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    label TEXT NOT NULL COLLATE NOCASE UNIQUE
);

CREATE TABLE product_tags (
    product_id INTEGER NOT NULL REFERENCES products (id),
    tag_id INTEGER NOT NULL REFERENCES tags (id),
    PRIMARY KEY (product_id, tag_id)
);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    product_id INTEGER NOT NULL REFERENCES products (id),
    user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
    stars INTEGER NOT NULL CHECK (stars BETWEEN 1 AND 5),
    title TEXT,
    body TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE payments (
    id TEXT PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders (id),
    amount_cents INTEGER NOT NULL,
    fee REAL,
    provider TEXT NOT NULL,
    raw BLOB,
    captured INTEGER,
    paid_at TEXT
) STRICT;

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    "When" TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP,
    actor_id INTEGER,
    Action TEXT NOT NULL,
    payload ANY
) STRICT;

CREATE TABLE "AppSettings" (
    "Key" TEXT NOT NULL PRIMARY KEY,
    "Value",
    "UpdatedAt" TEXT
);

CREATE INDEX orders_by_user ON orders (user_id, placed_at);
CREATE INDEX reviews_by_product ON reviews (product_id);

-- Every order with its total; orders without items count 0.
CREATE VIEW order_totals AS
SELECT o.id AS order_id,
       o.user_id,
       o.status,
       count(oi.product_id) AS item_count,
       coalesce(sum(oi.quantity * oi.unit_price_cents), 0) AS total_cents
FROM orders o
LEFT JOIN order_items oi ON oi.order_id = o.id
GROUP BY o.id;

-- Every user with their latest order, if any.
CREATE VIEW customer_latest_order AS
SELECT u.id AS user_id, u.email, u.display_name, o.id AS order_id, o.placed_at, o.status
FROM users u
LEFT JOIN orders o
  ON o.user_id = u.id
 AND o.placed_at = (SELECT max(o2.placed_at) FROM orders o2 WHERE o2.user_id = u.id);

CREATE VIEW active_products AS
SELECT id, sku, name, price_cents, category_slug, discount
FROM products
WHERE is_active;

CREATE VIEW product_ratings (product_id, reviews, average_stars) AS
SELECT p.id, count(r.id), avg(r.stars)
FROM products p LEFT JOIN reviews r ON r.product_id = p.id
GROUP BY p.id;

-- Names that need quoting, a keyword as a column, a stored generated column.
CREATE TABLE "gift cards" (
    "card code" TEXT NOT NULL PRIMARY KEY,
    "order" INTEGER REFERENCES orders (id),
    balance_cents INTEGER NOT NULL DEFAULT 0,
    balance_text TEXT NOT NULL GENERATED ALWAYS AS (printf('%d.%02d', balance_cents / 100, balance_cents % 100)) STORED
);

-- A view over a view, and a view that is one aggregate row.
CREATE VIEW big_orders AS SELECT order_id, user_id, total_cents FROM order_totals WHERE total_cents >= 1000;

CREATE VIEW shop_stats AS
SELECT count(*) AS products, max(price_cents) AS top_price, total(stock) AS units, avg(weight_kg) AS avg_kg
FROM products;

-- A feed of what happened: a compound whose arms declare other types.
CREATE VIEW activity (ref, happened_at, what) AS
SELECT id, placed_at, 'order' FROM orders
UNION ALL
SELECT sku, created_at, 'product' FROM products
UNION ALL
SELECT id, created_at, 'review' FROM reviews;
