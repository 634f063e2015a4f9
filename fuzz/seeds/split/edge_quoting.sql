SELECT 'it''s', "a ""b""", [c d], `e``f`, x'0A', 1.5e-3, .5, 0xFF, 1_000, a->>'$.b', ?1, :n, @m, $v;
CREATE TABLE temp."T"("Name" TEXT COLLATE nocase CHECK (length("Name") > 0), total AS (1 * 2) STORED, CONSTRAINT c CHECK (1), UNIQUE ("Name")) WITHOUT ROWID, STRICT;
