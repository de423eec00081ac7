-- Schema version 9: which papers hold each term in more than a tenth of them.

-- A query made only of such words (`the model`, `of is`) matches most of the index: at 1M
-- papers FTS5 took 75-100 ms just to count the papers holding two of them, and ranking them
-- took 224 ms. `papers optimize` stores, for each of these terms, its set of papers as a
-- bitmap, and gives it a longer list in `term_impacts` (1/128 of the papers, 1,024 to 8,192).
-- A search of such words counts its matches by intersecting the bitmaps; with two, it ranks
-- from the lists, scoring exactly only the papers the lists cannot place. Mixed with rarer
-- words, they filter the rarer words' matches instead of being intersected by FTS5. Like
-- the lists, the bitmaps are used only while `term_impacts_basis` matches FTS5's index.
CREATE TABLE term_members (
    term    TEXT PRIMARY KEY,  -- as FTS5 looks it up: folded and stemmed
    members BLOB NOT NULL      -- bit r (UInt64 words, little-endian) set when rowid r holds it
);
