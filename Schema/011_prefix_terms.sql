-- Schema version 11: how many papers hold a token starting with each common prefix. With no
-- change to its table, `term_postings` (schema 10) also holds two-word phrases from here on.

-- FTS5's `bm25()` counts the papers of a prefix query (`pri*`) on every query, by reading
-- the doclists of every token with the prefix: at 1M papers, 16 ms of a 16.5 ms search for
-- `pri* fynt`, whose 1,113 matches took 3.2 ms to find. `papers optimize` counts, over the
-- whole index, each prefix of 3 to 6 characters that at least 2% of the sampled papers hold
-- tokens of, and keeps those in 2% of the papers or more, under `common_terms_basis` as the
-- word counts are; a recount of the words empties this table.
CREATE TABLE prefix_terms (
    prefix    TEXT    PRIMARY KEY,  -- as FTS5 looks it up (folded), without the `*`
    documents INTEGER NOT NULL      -- papers with a token starting with it, in any column
) WITHOUT ROWID;

-- `term_postings` rows whose term is two tokens with a space between are the papers of that
-- two-word phrase, with its instances weighted as a word's occurrences are: phrases of a
-- term with a list of its own and a term in more than 10% of the papers, either order, held
-- by 16 papers or more (WordPairs.swift). FTS5 matches a phrase by reading both words'
-- positions, 22-35 ms at 1M papers when one of them is `the`.
