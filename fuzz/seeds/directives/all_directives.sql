-- schemaguard: no-transaction
--schemaguard:foreign-keys-off
-- SchemaGuard: rerunnable
-- schemaguard: replaces idx_a, "Idx_B", main.t, temp.[x y]
-- an ordinary comment
SELECT 1;
