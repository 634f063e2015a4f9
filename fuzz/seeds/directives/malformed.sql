-- schemaguard no-transaction
-- schemaguard:
-- schemaguard: replaces
-- schemaguard: replaces a b
-- schemaguard: replaces a,,b
-- schemaguard: rerunnable please
-- schemaguard: no-transactions
/* schemaguard: no-transaction */
