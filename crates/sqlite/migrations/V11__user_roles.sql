-- Staff roles and password hashes for the office web app (issue #16).
-- Users added before roles existed are office staff, without a password
-- (they act through the CLI's --user until one is set).

ALTER TABLE users ADD COLUMN role TEXT NOT NULL DEFAULT 'office_staff'
    CHECK (role IN ('administrator', 'office_staff', 'viewer'));
-- An argon2id hash in PHC string format; never a password.
ALTER TABLE users ADD COLUMN password_hash TEXT;
