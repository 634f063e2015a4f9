pub fn migration() -> String {
    "UPDATE posts SET title = trim(title);".to_string()
}
