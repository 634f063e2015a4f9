CREATE TABLE café(naïve, "é" INT);
/* open ; comment
SELECT 'never closed;
