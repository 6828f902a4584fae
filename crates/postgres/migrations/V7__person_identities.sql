-- Registering a person looks for likely duplicates: the people of the
-- same office with the same name key and birth date (the registry's rule
-- is per office). Under SERIALIZABLE that read locks the pages of the
-- index it scans (people_by_identity, by name and birth date, shared by
-- every office), and every writer's new people go into those pages: two
-- writers registering people on different offices each read a page the
-- other inserts into, and PostgreSQL aborts one of them (#15). An index
-- led by the office would not help while the table is small (one page
-- holds every office) and predicate locks on B-tree indexes are per page.
--
-- So every (province, name key, birth date) that a person has ever held
-- is kept here, by a trigger on people, and a registration first claims
-- its identity with INSERT … ON CONFLICT DO NOTHING. That insert reads
-- nothing under a predicate lock (a unique check is no SERIALIZABLE
-- read; only a conflicting row found is locked, and these rows are never
-- updated): when it inserts a row, no person of the province has held the
-- identity, so there is no duplicate to find and the people table is not
-- read at all. Only when the identity was held before (the same name and
-- birth date in the same province: rare) are the people read as before,
-- and that read alone may conflict with other writers. A concurrent
-- registration of the same identity in the same province waits for the
-- first to commit and is then aborted and replayed, seeing the first's
-- person: the check stays exact.
--
-- Rows are never deleted: an identity a person no longer holds (a name
-- corrected) only costs a read of the people, which finds none.
CREATE TABLE person_identities (
    province_id uuid NOT NULL,
    name_key    text NOT NULL,
    birth_date  text NOT NULL,
    PRIMARY KEY (province_id, name_key, birth_date)
);

INSERT INTO person_identities (province_id, name_key, birth_date)
    SELECT DISTINCT province_id, name_key, birth_date FROM people
    ON CONFLICT DO NOTHING;

CREATE FUNCTION homebiz_claim_identity() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
BEGIN
    INSERT INTO person_identities (province_id, name_key, birth_date)
        VALUES (NEW.province_id, NEW.name_key, NEW.birth_date)
        ON CONFLICT DO NOTHING;
    RETURN NULL;
END
$$;

CREATE TRIGGER people_claim_identity
    AFTER INSERT OR UPDATE OF province_id, name_key, birth_date ON people
    FOR EACH ROW EXECUTE FUNCTION homebiz_claim_identity();
