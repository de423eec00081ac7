-- Schema version 1: papers, their categories, and the FTS5 index over them.

-- One row per paper. `id` is the stable key (a version-less arXiv id, or a title-derived id for
-- records that have none); the integer rowid links the FTS index and the category table.
CREATE TABLE papers (
    rowid        INTEGER PRIMARY KEY,
    id           TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,           -- as indexed: LaTeX turned into plain text
    abstract     TEXT    NOT NULL,           -- as indexed
    authors      TEXT    NOT NULL,           -- display names in order, one per line
    title_original    TEXT,                  -- the title as given, when it differs (LaTeX)
    abstract_original TEXT,                  -- the abstract as given, when it differs
    categories   TEXT    NOT NULL,           -- in order, space separated; the first is primary
    published    TEXT,                       -- YYYY-MM-DD
    updated      TEXT,                       -- YYYY-MM-DD
    doi          TEXT,
    journal_ref  TEXT,
    comments     TEXT,
    version      INTEGER NOT NULL DEFAULT 0, -- newest arXiv version seen (0: not versioned)
    versions     TEXT,                       -- JSON array of {"version","created"}
    source       TEXT    NOT NULL,           -- format:file it was last read from
    content_hash INTEGER NOT NULL            -- detects an unchanged record without comparing fields
);

-- Year and date filters are range scans on this index.
CREATE INDEX papers_by_published ON papers(published);

-- Category filters (`cat:cs.LG`, primary or cross-list) are lookups here, not text matches.
CREATE TABLE paper_categories (
    category TEXT    NOT NULL COLLATE NOCASE, -- `cat:cs.lg` finds cs.LG, still by index
    paper    INTEGER NOT NULL REFERENCES papers(rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,               -- 0 = primary
    PRIMARY KEY (category, paper)
) WITHOUT ROWID;
CREATE INDEX paper_categories_by_paper ON paper_categories(paper);

-- External-content FTS5 index: the text lives once, in `papers`.
CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors,
    content = 'papers',
    content_rowid = 'rowid',
    tokenize = 'porter unicode61 remove_diacritics 2',
    prefix = '2 3'
);

-- The index writer keeps the FTS index in step on insert and update, in the same transaction
-- as the row (it knows the old text, and a statement per row is about twice as fast as a
-- trigger per row). Deletes go through this trigger, so a `DELETE FROM papers` by hand cannot
-- orphan index entries. The old row's text is removed with FTS5's 'delete' command, which
-- needs the values that were indexed.
CREATE TRIGGER papers_after_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts(papers_fts, rowid, title, abstract, authors)
    VALUES ('delete', old.rowid, old.title, old.abstract, old.authors);
END;

-- One row per `papers ingest` run, for `papers stats`.
CREATE TABLE ingests (
    rowid     INTEGER PRIMARY KEY,
    finished  TEXT    NOT NULL,
    files     TEXT    NOT NULL,
    added     INTEGER NOT NULL,
    updated   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    rejected  INTEGER NOT NULL
);
