-- The ledger is append-only: the database itself refuses to change or remove an entry.
CREATE FUNCTION creditpool_ledger_is_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the Creditpool ledger is append-only: % on creditpool_ledger is refused', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER creditpool_ledger_no_change BEFORE UPDATE OR DELETE ON creditpool_ledger
    FOR EACH ROW EXECUTE FUNCTION creditpool_ledger_is_append_only();

CREATE TRIGGER creditpool_ledger_no_truncate BEFORE TRUNCATE ON creditpool_ledger
    FOR EACH STATEMENT EXECUTE FUNCTION creditpool_ledger_is_append_only();
