-- The ledger is append-only: the database itself refuses to change or remove an entry.
CREATE TRIGGER creditpool_ledger_no_change BEFORE UPDATE, DELETE ON creditpool_ledger
    FOR EACH ROW CALL 'io.creditpool.adapters.jdbc.LedgerIsAppendOnly';
