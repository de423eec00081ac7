-- Schema version 8: how many papers hold each of the commonest terms within one field.

-- A query word limited to a field (`au:wang`, `title:quantum state`) is counted by FTS5 on
-- every query, as a plain word was before schema 4: at 1M papers an author name in 13% of
-- the papers took 5 ms of a 15 ms `au:name word` search. The recount that fills
-- `common_terms` also counts, over the whole index, the terms in at least 2% of the sampled
-- papers' titles or author lists, and `common_terms_basis` describes both tables.
CREATE TABLE field_terms (
    term      TEXT    NOT NULL,  -- as FTS5 looks it up: folded and stemmed
    field     TEXT    NOT NULL,  -- the one column: 'title' or 'authors'
    documents INTEGER NOT NULL,  -- papers with the term in that column
    PRIMARY KEY (term, field)
) WITHOUT ROWID;
