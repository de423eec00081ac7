-- Schema version 12: every paper's length in indexed tokens in each column (title, abstract,
-- authors), packed by rowid as `document_lengths` packs the whole paper's.

-- The fielded ranking (`papers_rank`, BM25F, what `--any` uses) divides each column's count
-- by that column's length. FTS5 reads them from its docsize table with one B-tree lookup per
-- matching paper: with the 40 words of a pasted abstract matching 715,633 of 1M papers, that
-- was 40% of the search (880 ms; 515 ms with the lengths at hand). Here the three lengths of
-- 4,096 consecutive rowids share one blob: for each rowid, three little-endian 16-bit values,
-- each the column's length plus one. 0 means "ask FTS5" (no paper at that rowid yet, or a
-- column of 65,534 tokens or more). The ingest that indexes a paper writes them in the same
-- transaction, read back from FTS5's own docsize row; an ingest fills the blobs an index made
-- before this schema lacks.
CREATE TABLE field_lengths (
    chunk   INTEGER PRIMARY KEY,  -- rowid / 4096
    lengths BLOB    NOT NULL      -- 4,096 × 3 × UInt16, little-endian; 0 = unknown
);
