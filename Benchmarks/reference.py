#!/usr/bin/env python3
"""The reference `papers-bench` measures itself against: Python's sqlite3 on the same SQLite
library, the same schema (Schema/*.sql applied in order: content table + external-content
FTS5, tokenizer `porter unicode61 remove_diacritics 2`, a 3-character prefix index) and the same
corpus.

  reference.py load JSONL DB triggers|direct [--append]
      (a) triggers: the FTS index kept in sync by an AFTER INSERT trigger, row by row
          (what sqlite-utils --create-triggers users get);
      (b) direct: batched direct inserts into the content table and the FTS table.
      5,000-row transactions. Prints {"docs", "seconds", "docs_per_s"}.
  reference.py query DB QUERIES.json ROUNDS
      Runs each {"kind", "match"} with the same ranking expression and a snippet, top 10;
      prints {kind: {"p50", "p95", "p99"}} in milliseconds.
"""
import glob, json, os, sqlite3, sys, time

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = sorted(glob.glob(os.path.join(HERE, "..", "Schema", "[0-9][0-9][0-9]_*.sql")))
BM25 = "bm25(papers_fts, 10.0, 1.0, 3.0)"


def load(src, dbp, mode, append):
    db = sqlite3.connect(dbp, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    if not append:
        for migration in SCHEMA:
            db.executescript(open(migration, encoding="utf-8").read())
        # Schema 3 sets a 16 MiB pending-terms buffer for its own rebuild; the references load
        # with FTS5's default (1 MiB), as a sqlite-utils user's table would.
        db.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('hashsize', 1048576)")
        if mode == "triggers":
            db.executescript("""CREATE TRIGGER ref_ai AFTER INSERT ON papers BEGIN
              INSERT INTO papers_fts(rowid, title, abstract, authors)
              VALUES (new.rowid, new.title, new.abstract, new.authors); END;""")
    ins = ("INSERT INTO papers(id, title, abstract, authors, categories, published, source, content_hash) "
           "VALUES (?, ?, ?, ?, ?, ?, 'ref', 0)")
    fts = "INSERT INTO papers_fts(rowid, title, abstract, authors) VALUES (?, ?, ?, ?)"
    t0 = time.time()
    n = 0
    db.execute("BEGIN")
    for line in open(src, encoding="utf-8"):
        r = json.loads(line)
        authors = "\n".join(" ".join(p[1:2] + p[:1]) for p in r.get("authors_parsed") or [])
        title, abstract = " ".join(r["title"].split()), " ".join(r["abstract"].split())
        cur = db.execute(ins, (r["id"], title, abstract, authors, r["categories"], r["update_date"]))
        if mode == "direct":
            db.execute(fts, (cur.lastrowid, title, abstract, authors))
        n += 1
        if n % 5000 == 0:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    seconds = time.time() - t0
    print(json.dumps({"docs": n, "seconds": round(seconds, 3), "docs_per_s": round(n / seconds)}))


def percentile(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))]


def query(dbp, queries_path, rounds):
    db = sqlite3.connect(dbp)
    queries = json.load(open(queries_path, encoding="utf-8"))
    sql = (f"SELECT p.id, p.title, f.score, snippet(papers_fts, 1, '[', ']', '…', 40) FROM "
           f"(SELECT rowid, {BM25} AS score FROM papers_fts WHERE papers_fts MATCH ? ORDER BY score LIMIT 10) f "
           f"JOIN papers p ON p.rowid = f.rowid JOIN papers_fts ON papers_fts.rowid = f.rowid "
           f"WHERE papers_fts MATCH ? ORDER BY f.score")
    times = {}
    for _ in range(int(rounds)):
        for q in queries:
            t0 = time.perf_counter()
            db.execute(sql, (q["match"], q["match"])).fetchall()
            db.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?", (q["match"],)).fetchone()
            times.setdefault(q["kind"], []).append((time.perf_counter() - t0) * 1000)
    print(json.dumps({k: {"p50": round(percentile(v, 0.5), 3), "p95": round(percentile(v, 0.95), 3),
                          "p99": round(percentile(v, 0.99), 3)} for k, v in times.items()}))


if __name__ == "__main__":
    if sys.argv[1] == "load":
        load(sys.argv[2], sys.argv[3], sys.argv[4], "--append" in sys.argv)
    elif sys.argv[1] == "query":
        query(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        sys.exit(__doc__)
