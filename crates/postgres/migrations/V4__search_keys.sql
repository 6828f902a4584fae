-- Search keys for `find` (homebiz_core::text::search_key), as SQLite's V8
-- and V9 keep them: a person's full name's and a household's address's,
-- written by every put of the record, and an index for a member's mobile.
--
-- The keys are Unicode work (Persian normalisation and folding,
-- lower-casing) done in Rust, not in SQL. NULL means "not computed": the
-- rows already there when this migration runs, or after a later migration
-- that changes the key function sets them to NULL again. PgStore::open
-- computes them (and people.name_key, the same key, which the
-- likely-duplicate check reads) under the migration lock, right after
-- migrating, so that no search sees a NULL key.
ALTER TABLE people ADD COLUMN search_key text;
ALTER TABLE households ADD COLUMN address_key text;
CREATE INDEX people_by_mobile ON people (mobile) WHERE mobile IS NOT NULL;
-- The rows whose keys are to compute: empty once open has computed them,
-- so that every open finds that out at once, without a scan.
CREATE INDEX people_without_keys ON people (id) WHERE search_key IS NULL;
CREATE INDEX households_without_keys ON households (id) WHERE address_key IS NULL;

-- A search looks for keys that contain a fragment (LIKE '%…%'): pg_trgm's
-- GIN index answers that from trigrams. The extension is installed when
-- it is available and this role may install it (it is a trusted
-- extension: a role that may create in the database may); it goes in
-- "public" when there is one, so that a schema dropped with its store (a
-- test's scratch schema) does not take it along. Without it, the keys get
-- plain B-tree indexes: every search still answers the same, by a scan
-- of the index rather than of the table.
DO $$
DECLARE
    ops text;
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
        BEGIN
            IF to_regnamespace('public') IS NOT NULL THEN
                CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
            ELSE
                CREATE EXTENSION IF NOT EXISTS pg_trgm;
            END IF;
        EXCEPTION WHEN OTHERS THEN
            RAISE NOTICE 'pg_trgm is not available (%): search keys get B-tree indexes', SQLERRM;
        END;
    END IF;
    SELECT format('%I.gin_trgm_ops', n.nspname) INTO ops
        FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
        WHERE e.extname = 'pg_trgm';
    IF ops IS NOT NULL THEN
        EXECUTE format('CREATE INDEX people_by_search_key ON people USING gin (search_key %s)', ops);
        EXECUTE format('CREATE INDEX households_by_address_key ON households USING gin (address_key %s)', ops);
    ELSE
        CREATE INDEX people_by_search_key ON people (search_key);
        CREATE INDEX households_by_address_key ON households (address_key);
    END IF;
END
$$;
