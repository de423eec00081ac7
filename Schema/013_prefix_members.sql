-- Schema version 13: which papers hold a token starting with each prefix held by a quarter
-- of the papers or more, in an index where that is at least 100,000 papers.

-- A prefix search with a rarer word (`fla* reatous`) is an AND that FTS5 answers by seeking
-- in the prefix's list at each paper of the rarer word. A prefix in 30-50% of the papers has
-- a list of hundreds of leaf pages, and 750 papers of the rarer word land on nearly every
-- one of them: at 1M papers ranking took 1.97 ms of a 2.27 ms search, most of it reading the
-- whole list. `papers optimize` stores, for each prefix of `prefix_terms` in at least a
-- quarter of the papers and 100,000, the set of its papers as a bitmap, as `term_members`
-- does for words. A search then has FTS5 match the other words only and filters their papers
-- by the set. Like `term_members`, these are used only while `term_impacts_basis` matches FTS5's
-- index. A quarter keeps them small enough for the index's size target: 224 prefixes of 3
-- to 6 characters at 1.1M papers, 31 MB. In shorter lists FTS5's seeks skip enough.
CREATE TABLE prefix_members (
    prefix  TEXT PRIMARY KEY,  -- as FTS5 looks it up (folded), without the `*`
    members BLOB NOT NULL      -- bit r (UInt64 words, little-endian) set when rowid r holds it
);
