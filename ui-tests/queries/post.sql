-- Posts with their author's email.
SELECT p.id, p.title, u.email
FROM posts p
JOIN users u ON u.id = p.user_id
WHERE p.id = ?1
