-- Schema version 4: how many papers hold each of the commonest indexed terms.

-- BM25 needs each query term's document frequency. FTS5 counts it by reading the term's whole
-- doclist on every query: at 1M papers a three-word AND with "the" (955k papers) matched 38
-- papers in 3 ms and spent about 25 ms on that count. An ingest refreshes this table at its
-- end for the terms in at least 2% of a sample of papers; a ranking that finds a query term
-- here, counted over exactly `papers` papers, skips the scan. Recounting takes about 3 s at
-- 1M papers, so an ingest that changes fewer than 1% of the papers (counted together with
-- the ingests before it) leaves the counts as they are, and rankings count for themselves
-- until the next recount.
CREATE TABLE common_terms (
    term      TEXT    PRIMARY KEY,  -- as FTS5 looks it up: folded and stemmed
    documents INTEGER NOT NULL      -- papers with the term in any column
) WITHOUT ROWID;

-- The index the counts describe: they hold while the number of papers and of indexed tokens
-- are still these.
CREATE TABLE common_terms_basis (
    papers  INTEGER NOT NULL,
    tokens  INTEGER NOT NULL,
    changed INTEGER NOT NULL DEFAULT 0  -- papers added or updated since the count
);
