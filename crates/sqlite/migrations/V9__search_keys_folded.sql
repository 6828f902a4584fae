-- The search key folds more spellings (homebiz_core::text::search_key):
-- hamza seats (ئ → ی, ؤ → و), every alef (آ أ إ ٱ → ا), teh marbuta and
-- heh with yeh above (ة ۀ → ه), marks, joiners and direction marks, and
-- punctuation (، , - . / parentheses …). The likely-duplicate check uses
-- the same key (people.name_key is now the full name's search key).
--
-- Stored keys were computed by the older function, so they are computed
-- again here, by homebiz_search_key(), the Rust function SqliteStore::open
-- registers before it migrates (see V8): all or nothing, once.
UPDATE people SET
    search_key = homebiz_search_key(given_name || ' ' || family_name),
    name_key = homebiz_search_key(given_name || ' ' || family_name);
UPDATE households SET address_key = homebiz_search_key(address);
