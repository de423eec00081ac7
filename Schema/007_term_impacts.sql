-- Schema version 7: the best-ranked papers of each frequent term, for one-word searches.

-- BM25 must score every match before it knows the best ten: 63,000 scores, about 9 ms, for a
-- word in 6% of 1M papers. At the end of an ingest that recounts the common terms, each term
-- in between 2,048 papers and a tenth of the index gets its first 128 papers as the search
-- ranks them, with their scores, and so does each term in as many titles for `title:` searches.
-- A one-word search reads that list instead, but only while
-- FTS5's index is byte for byte the one that was ranked (its structure and averages records,
-- kept in the basis); any later write leaves the lists unused until the next recount.

CREATE TABLE term_impacts (
    term      TEXT    NOT NULL,  -- the token as FTS5 looks it up (folded and stemmed)
    field     TEXT    NOT NULL,  -- '' for the whole paper, or the one column searched ('title')
    documents INTEGER NOT NULL,  -- papers that hold it there
    ranked    BLOB    NOT NULL,  -- (rowid Int64 LE, score Float64 LE), best first
    PRIMARY KEY (term, field)
) WITHOUT ROWID;

CREATE TABLE term_impacts_basis (
    structure BLOB NOT NULL,  -- papers_fts_data id 10 when the lists were ranked
    averages  BLOB NOT NULL   -- papers_fts_data id 1
);
