-- Schema version 14: the stored lists of `term_postings` and `term_impacts` in tables keyed by
-- rowid, with their (term, field) in an index of their own.

-- Both tables were WITHOUT ROWID: each row, its list included, lived in the B-tree that a
-- lookup by (term, field) searches. A list too long for its page spills onto overflow pages,
-- and SQLite compares a search key with such a row by first copying the whole row: a lookup
-- passing a few long lists on its way copied each of them. At 1M papers, in the searches of
-- the benchmark's pasted abstracts, 1,568 lookups made 25,286 such copies (callgrind: 200M
-- of the searches' 3.2G instructions). In a rowid
-- table the index holds only the key and the rowid, and a lookup reads the one list it
-- finds, once (Python sqlite3, 200 lookups of lists of over 5,000 papers at 1M papers:
-- median 51-67 µs before, 28-43 µs after).
CREATE TABLE term_postings_by_rowid (
    term     TEXT NOT NULL,     -- as in schema version 10
    field    TEXT NOT NULL,
    papers   INTEGER NOT NULL,
    postings BLOB NOT NULL,
    UNIQUE (term, field)
);
INSERT INTO term_postings_by_rowid (term, field, papers, postings)
    SELECT term, field, papers, postings FROM term_postings;
DROP TABLE term_postings;
ALTER TABLE term_postings_by_rowid RENAME TO term_postings;

CREATE TABLE term_impacts_by_rowid (
    term      TEXT    NOT NULL,  -- as in schema version 7
    field     TEXT    NOT NULL,
    documents INTEGER NOT NULL,
    ranked    BLOB    NOT NULL,
    UNIQUE (term, field)
);
INSERT INTO term_impacts_by_rowid (term, field, documents, ranked)
    SELECT term, field, documents, ranked FROM term_impacts;
DROP TABLE term_impacts;
ALTER TABLE term_impacts_by_rowid RENAME TO term_impacts;
