-- Schema version 3: the FTS index keeps its 3-character prefix index and drops the 2-character one.

-- Measured on 100k generated papers (FTS5 'rebuild' of the same content): with prefix indexes
-- 2 and 3 the FTS index took 238 MB and 14.1 s to build; with 3 alone, 174 MB and 11.0 s. The
-- whole index falls from 2.62x to about 2.25x the raw text. A 3-character-or-longer prefix
-- (`qua*`, `quant*`) is as fast as before. A 2-character prefix (`qu*`) still works: FTS5 then
-- merges the doclists of every term it starts, 7x slower (3.4 -> 26 ms p50 for `xy* rareword`
-- at 100k), but such a prefix matches most papers anyway.
--
-- FTS5 cannot change its options in place, so the table is made again and rebuilt from
-- `papers`, once. The delete trigger names the table, not its options, and needs no change.
-- The rebuild gets the 16 MiB pending-terms buffer an ingest uses (fewer, larger segments to
-- merge): at 1M papers it took 157 s with FTS5's default 1 MiB and 107 s with 16 MiB.
DROP TABLE papers_fts;

CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors,
    content = 'papers',
    content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '3'
);

INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 16777216);
INSERT INTO papers_fts(papers_fts) VALUES ('rebuild');
