-- vec_length comes from the sqlite-vec extension the application loads.
CREATE INDEX idx_embeddings_length ON embeddings(vec_length(vector));
