-- Writers on different offices must not abort each other (#15). A
-- foreign key to a household or a person is checked by an index probe of
-- the parent's ID; IDs are time-ordered (UUID v7), so every writer's new
-- households and people go into the same (rightmost) page of that index,
-- and under SERIALIZABLE a probe locks the whole page: each writer's check
-- of its own new household conflicts with the other writers' inserts, and
-- PostgreSQL aborts all but one. Checked at commit instead, the probe
-- comes after the other writers' inserts it would have conflicted with
-- (an insert before a read is no conflict), and the keys are enforced
-- exactly as before: a write that breaks one fails and writes nothing.
ALTER TABLE people
    ALTER CONSTRAINT people_province_id_household_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE businesses
    ALTER CONSTRAINT businesses_province_id_household_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE businesses
    ALTER CONSTRAINT businesses_province_id_owner_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE consents
    ALTER CONSTRAINT consents_province_id_household_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE duplicate_flags
    ALTER CONSTRAINT duplicate_flags_province_id_person_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE duplicate_flags
    ALTER CONSTRAINT duplicate_flags_province_id_resembles_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE duplicate_resolutions
    ALTER CONSTRAINT duplicate_resolutions_province_id_person_id_fkey DEFERRABLE INITIALLY DEFERRED;
ALTER TABLE duplicate_resolutions
    ALTER CONSTRAINT duplicate_resolutions_province_id_resembles_id_fkey
    DEFERRABLE INITIALLY DEFERRED;
