-- Schema version 5: every paper's length in indexed tokens, packed by rowid.

-- BM25 divides by a paper's length. FTS5 reads it from its docsize table with one B-tree
-- lookup per matching paper, which was about 60% of ranking a word in 6% of 1M papers
-- (53 ms, 20 ms without the lookups). Here the lengths of 4,096 consecutive rowids share one
-- blob of little-endian 16-bit counts, so a ranking reads a few blobs instead. 0 means "ask
-- FTS5" (no paper at that rowid yet, or 65,535 tokens or more). The ingest that indexes a
-- paper writes its length in the same transaction, read back from FTS5's own docsize row.
CREATE TABLE document_lengths (
    chunk   INTEGER PRIMARY KEY,  -- rowid / 4096
    lengths BLOB    NOT NULL      -- 4,096 × UInt16, little-endian; 0 = unknown
);
