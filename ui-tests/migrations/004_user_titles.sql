-- A view over a LEFT JOIN: title is NULL for users without posts.
CREATE VIEW user_titles AS SELECT u.id, u.email, p.title FROM users u LEFT JOIN posts p ON p.user_id = u.id;
