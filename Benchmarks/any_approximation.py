"""How much of a pasted abstract's first page an approximation would keep.

For each `--any` query of `papers-bench` (bench-out/any-queries.json, the words as FTS5 reads
them), search with only the rarest words (fewest papers), those whose papers add up to a
share of all the words' papers, and compare with the exact first 10 of all the words: the
subset's first C papers rescored with their exact scores (the full query's first 1,000 give
them; a paper below those cannot be in the first 10), then the best 10 of those. It answers
whether reading part of the lists could rank the page: the share of the work against the
overlap with exact BM25F.

    python3 Benchmarks/any_approximation.py bench-out/papers-1000000.db bench-out/any-queries.json

Uses the release `papers` binary (.build/release/papers) on an existing index; standard
library only.
"""
import json
import re
import statistics
import subprocess
import sys

PAPERS = ".build/release/papers"
SHARES = [0.1, 0.2, 0.3, 0.5, 0.7]
CANDIDATES = [10, 50, 200]


def search(db, args):
    return subprocess.run([PAPERS, "search", "--db", db] + args, capture_output=True, text=True, check=True).stdout


def page(db, words, limit):
    results = json.loads(search(db, ["--any", "--json", "--limit", str(limit)] + words))["results"]
    return [(hit["id"], hit["score"]) for hit in results]


def main(db, queries):
    overlap = {share: {c: [] for c in CANDIDATES} for share in SHARES}
    for query in json.load(open(queries)):
        words = re.findall(r'"([^"]+)"', query["match"])
        papers = {word: int(search(db, ["--count", word]).strip()) for word in words}
        total = sum(papers.values())
        exact = dict(page(db, words, 1000))
        first = [paper for paper, _ in page(db, words, 10)]
        rarest = sorted(words, key=lambda word: papers[word])
        for share in SHARES:
            chosen, held = [], 0
            for word in rarest:
                if chosen and held + papers[word] > share * total:
                    break
                chosen.append(word)
                held += papers[word]
            subset = [paper for paper, _ in page(db, chosen, max(CANDIDATES))]
            for c in CANDIDATES:
                rescored = sorted((p for p in subset[:c] if p in exact), key=lambda p: -exact[p])[:10]
                overlap[share][c].append(len(set(rescored) & set(first)) / 10)
        print(f"{len(words)} words, {total} papers in their lists: "
              + ", ".join(f"{share:.0%} {[overlap[share][c][-1] for c in CANDIDATES]}" for share in SHARES), flush=True)
    for share in SHARES:
        print(f"rarest words holding {share:.0%} of the papers: " + ", ".join(
            f"first {c} rescored: mean {statistics.mean(overlap[share][c]):.2f}, least {min(overlap[share][c]):.1f}"
            for c in CANDIDATES))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
