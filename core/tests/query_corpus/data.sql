-- Rows that reach every NULL: each nullable column NULL somewhere, users
-- without orders or addresses, products without reviews, tags or a
-- category, an order without items, a category without products, an
-- empty-result lookup for every aggregate. Values keep to each column's
-- declared type (what an application's typed code writes); columns of
-- NUMERIC affinity, without a type or STRICT's ANY hold mixed values.

INSERT INTO users (id, email, display_name, password_hash, is_admin, email_verified, created_at, last_login_at, rating, referrer_id, settings) VALUES
    (1, 'ada@example.com', 'Ada', X'01020304', TRUE, TRUE, '2024-01-05 09:00:00', '2024-06-01 12:30:00', 4.5, NULL, '{"theme": "dark", "newsletter": true, "langs": ["en", "fr"]}'),
    (2, 'bob@example.com', NULL, NULL, FALSE, NULL, '2024-02-11 14:20:00', NULL, NULL, 1, NULL),
    (3, 'cy@example.com', 'Cy', X'', FALSE, FALSE, '2024-03-01 08:00:00', '2024-03-02 08:00:00', 3.0, 1, '{"theme": "light"}'),
    (4, 'dee@example.com', '', NULL, FALSE, TRUE, '2024-04-20 18:45:10', NULL, 5.0, 2, '{}'),
    (5, 'eve@example.com', 'Eve', NULL, FALSE, NULL, '2024-05-05 05:05:05', NULL, NULL, NULL, 'not json');

INSERT INTO addresses (user_id, line1, line2, city, postcode, country) VALUES
    (1, '1 Analytical Row', NULL, 'London', 'N1 9GU', 'GB'),
    (1, '2 Engine Yard', 'Flat 3', 'Paris', NULL, 'FR'),
    (3, '3 Loop Lane', NULL, 'Leeds', 'LS1 4AP', 'GB');

INSERT INTO categories (slug, name, parent_slug) VALUES
    ('books', 'Books', NULL),
    ('sci-fi', 'Science fiction', 'books'),
    ('garden', 'Garden', NULL),
    ('empty', 'Nothing here yet', NULL);

INSERT INTO products (id, sku, name, description, category_slug, price_cents, weight_kg, discount, tax_rate, stock, is_active, image, attributes, created_at) VALUES
    (1, 'BK-001', 'Dune', 'A desert planet.', 'sci-fi', 1299, 0.45, 10, 20, 12, 1, X'89504E47', '{"pages": 412, "author": "Herbert"}', '2024-01-01 00:00:00'),
    (2, 'BK-002', 'Foundation', NULL, 'sci-fi', 999, NULL, 12.5, 20, 0, 1, NULL, NULL, '2024-01-02 00:00:00'),
    (3, 'GD-001', 'Trowel', 'Small hand trowel', 'garden', 750, 0.3, NULL, 17.5, 40, 1, NULL, 42, '2024-02-01 10:00:00'),
    (4, 'GD-002', 'Hose (discontinued)', NULL, 'garden', 2500, 2.0, '5%', 20, 0, 0, NULL, X'00FF', '2024-02-02 10:00:00'),
    (5, 'MX-001', 'Mystery box', NULL, NULL, 0, NULL, NULL, 0, 3, 1, NULL, 'surprise', '2024-03-03 03:03:03');

INSERT INTO coupons (code, percent_off, amount_off_cents, expires_at, max_uses) VALUES
    ('WELCOME10', 10, NULL, '2030-01-01', 100),
    ('FIVER', NULL, 500, NULL, NULL),
    ('OLD', NULL, NULL, '2020-01-01', 1);

INSERT INTO orders (id, user_id, address_id, status, placed_at, shipped_at, note, coupon_code) VALUES
    (1, 1, 1, 'shipped', '2024-06-01 10:00:00', '2024-06-03 09:00:00', 'Leave at the door', 'WELCOME10'),
    (2, 1, NULL, 'paid', '2024-06-10 11:00:00', NULL, NULL, NULL),
    (3, 3, 3, 'pending', '2024-06-11 12:00:00', NULL, '', 'FIVER'),
    (4, 2, NULL, 'cancelled', '2024-06-12 13:00:00', NULL, NULL, NULL);

-- Order 4 has no items.
INSERT INTO order_items (order_id, product_id, quantity, unit_price_cents) VALUES
    (1, 1, 2, 1299),
    (1, 3, 1, 750),
    (2, 2, 1, 999),
    (3, 1, 1, 1199),
    (3, 5, 3, 0);

INSERT INTO tags (id, label) VALUES (1, 'bestseller'), (2, 'Classic'), (3, 'unused');

INSERT INTO product_tags (product_id, tag_id) VALUES (1, 1), (1, 2), (2, 2), (3, 1);

-- Products 4 and 5 have no reviews; review 3's author deleted their account.
INSERT INTO reviews (id, product_id, user_id, stars, title, body, created_at) VALUES
    (1, 1, 1, 5, 'Classic', 'Still great.', '2024-06-05 10:00:00'),
    (2, 1, 3, 3, NULL, NULL, '2024-06-06 10:00:00'),
    (3, 2, NULL, 4, 'Good', 'Dense but good.', '2024-06-07 10:00:00'),
    (4, 3, 2, 1, NULL, 'Bent on day one.', '2024-06-08 10:00:00');

INSERT INTO payments (id, order_id, amount_cents, fee, provider, raw, captured, paid_at) VALUES
    ('pay_1', 1, 3348, 0.35, 'stripe', X'7B7D', 1, '2024-06-01 10:01:00'),
    ('pay_2', 2, 999, NULL, 'paypal', NULL, NULL, NULL),
    ('pay_3', 2, -999, 0.0, 'paypal', NULL, 0, '2024-06-11 09:00:00');

INSERT INTO audit_log (id, "When", actor_id, Action, payload) VALUES
    (1, '2024-06-01 10:00:00', 1, 'order.placed', '{"order": 1}'),
    (2, '2024-06-02 10:00:00', NULL, 'cron.cleanup', NULL),
    (3, '2024-06-03 10:00:00', 2, 'user.login', 7),
    (4, '2024-06-04 10:00:00', 1, 'export', X'CAFE'),
    (5, '2024-06-05 10:00:00', 1, 'price.change', 12.75);

INSERT INTO "AppSettings" ("Key", "Value", "UpdatedAt") VALUES
    ('site_name', 'The Shop', '2024-01-01'),
    ('max_cart', 20, NULL),
    ('vat', 0.2, '2024-02-01'),
    ('logo', NULL, NULL);

INSERT INTO "gift cards" ("card code", "order", balance_cents) VALUES ('GC-1', 1, 2500), ('GC-2', NULL, 0);
