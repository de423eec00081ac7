"""How much of a pasted abstract's search a dynamic-pruning method (MaxScore, WAND) could skip.

    python3 Benchmarks/any_bounds.py bench-out/papers-1000000.db bench-out/any-queries.json [.build/release/papers]

For each of the benchmark's pasted abstracts (`papers-bench run` writes their words to
`any-queries.json`): the exact 10th best score (`papers search --any --json`), each word's
number of papers (FTS5, through Python's `sqlite3` on the same index) and its idf, which bounds
what the word adds to any paper's BM25F score. A paper scoring at least the 10th score needs
that many of the words with the largest idfs at the least. MaxScore leaves out of the matching
the commonest words whose idfs sum below the 10th score, and still reads every paper of the
others: printed as the share of the words' papers it must still read. Prints one JSON line
per query and a summary line.
"""
import json
import math
import re
import sqlite3
import subprocess
import sys

database, queries = sys.argv[1], sys.argv[2]
binary = sys.argv[3] if len(sys.argv) > 3 else ".build/release/papers"

connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
papers = connection.execute("SELECT count(*) FROM papers").fetchone()[0]
documents = {}


def count(word):
    if word not in documents:
        documents[word] = connection.execute("SELECT count(*) FROM papers_fts WHERE papers_fts MATCH ?",
                                             ('"%s"' % word,)).fetchone()[0]
    return documents[word]


def idf(held):
    # The ranking's idf (FieldedBM25.idf), Lucene's.
    return math.log(1 + (papers - held + 0.5) / (held + 0.5))


summary = {"queries": 0, "read_share": [], "least_words": [], "tenth_score": [], "largest_idf": []}
for query in json.load(open(queries)):
    words = re.findall(r'"([^"]+)"', query["match"])
    output = subprocess.run([binary, "search", "--db", database, "--any", "--json", "--limit", "10", " ".join(words)],
                            capture_output=True, text=True, check=True).stdout
    results = json.loads(output)["results"]
    tenth = abs(results[-1]["score"])
    held = [count(word) for word in words]
    idfs = [idf(n) for n in held]
    # Commonest first: the words MaxScore can leave out while their idfs sum below the 10th score.
    left_out, bound = 0, 0.0
    for n, value in sorted(zip(held, idfs), reverse=True):
        if bound + value >= tenth:
            break
        bound += value
        left_out += n
    least, reached = 0, 0.0
    for value in sorted(idfs, reverse=True):
        if reached >= tenth:
            break
        reached += value
        least += 1
    share = 1 - left_out / sum(held)
    line = {"words": len(words), "postings": sum(held), "least_held_share": round(min(held) / papers, 4),
            "largest_held_share": round(max(held) / papers, 4), "largest_idf": round(max(idfs), 2),
            "tenth_score": round(tenth, 2), "least_words_to_reach_it": least, "maxscore_reads_share": round(share, 2)}
    print(json.dumps(line), flush=True)
    summary["queries"] += 1
    summary["read_share"].append(share)
    summary["least_words"].append(least)
    summary["tenth_score"].append(tenth)
    summary["largest_idf"].append(max(idfs))
print(json.dumps({"queries": summary["queries"],
                  "maxscore_reads_share": [round(min(summary["read_share"]), 2), round(max(summary["read_share"]), 2)],
                  "least_words_to_reach_tenth": [min(summary["least_words"]), max(summary["least_words"])],
                  "tenth_score": [round(min(summary["tenth_score"]), 2), round(max(summary["tenth_score"]), 2)],
                  "largest_idf": [round(min(summary["largest_idf"]), 2), round(max(summary["largest_idf"]), 2)]}))
