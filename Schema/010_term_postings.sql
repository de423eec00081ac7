-- Schema version 10: each frequent term's papers with its weighted frequency in each, and the
-- papers of each category and year, so a search of such terms can be matched, filtered and
-- ranked without FTS5 reading doclists.

-- FTS5 reads a term's whole doclist, positions and all, to match it: at 1M papers, counting
-- the papers holding two words in about 6% of them took 3.4 ms, over the 2 ms a search of
-- them should take in all. `papers optimize` stores here, for each term in 1% to 10% of the
-- papers (and each author name counted in `field_terms`), its papers in rowid order with the
-- sum of its occurrences weighted as the standard ranking weighs its columns, the number
-- `papers_bm25` computes for each match. A search of such words (with category and date
-- filters) intersects these lists and computes the same BM25 from them. Like the lists of
-- `term_impacts`, they are used only while `term_impacts_basis` matches FTS5's index.
CREATE TABLE term_postings (
    term     TEXT NOT NULL,  -- as FTS5 looks it up: folded and stemmed
    field    TEXT NOT NULL,  -- '' for the whole paper, or the one column searched ('authors')
    papers   INTEGER NOT NULL,  -- papers in the list
    postings BLOB NOT NULL,  -- first byte 0: per paper the rowid gap and the weighted frequency as varints;
                             -- first byte 1 (lists of over an eighth of the papers): a bitmap over rowids,
                             -- then the frequencies in rowid order (TermPostings.swift)
    PRIMARY KEY (term, field)
) WITHOUT ROWID;

-- The papers of each category as a bitmap over rowids, for category filters on such
-- searches: checking each match's categories in `facet_columns` read 8 bytes per paper at
-- random and cost about 1 ms of a search at 1M papers; a bitmap of one category is 125 KB.
-- Built by `papers optimize` with the lists above, under the same basis.
CREATE TABLE category_members (
    category INTEGER PRIMARY KEY,  -- category_names.id
    members  BLOB NOT NULL         -- bit r (UInt64 words, little-endian) set when rowid r has it
);

-- The papers of each publication year, for year filters on such searches (`year:2015..2018`
-- and other ranges of whole years; other date ranges read `facet_columns`). Left empty when
-- a stored date has no month, since such a paper is before its year's first day.
CREATE TABLE year_members (
    year    INTEGER PRIMARY KEY,  -- YYYY of `published`
    members BLOB NOT NULL         -- as category_members
);
