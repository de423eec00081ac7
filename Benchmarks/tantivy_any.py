"""A peer figure for the pasted abstracts: tantivy (Rust; block-max WAND top-k) on the same
generated corpus and the same words, each query an OR of them over title, abstract and authors,
its first 10 papers by BM25.

    python3 -m venv V && V/bin/pip install tantivy
    V/bin/python Benchmarks/tantivy_any.py bench-out/corpus-1000000.jsonl WORKDIR bench-out/any-queries.json

`papers-bench run` writes `any-queries.json` (the words as FTS5 reads them: stop words
dropped, ORed). The index is built once in WORKDIR and reused. Prints one JSON line.

Each round is timed twice, alternated: counting every match as well (as `papers search` gives
its total), and the first 10 alone, where tantivy's block-max WAND may skip the papers that
cannot reach them.
"""
import json
import os
import re
import statistics
import sys
import time

import tantivy

corpus, workdir, queries = sys.argv[1], sys.argv[2], sys.argv[3]
rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 3

builder = tantivy.SchemaBuilder()
for field in ("title", "abstract", "authors"):
    builder.add_text_field(field, stored=False, tokenizer_name="en_stem")
builder.add_text_field("id", stored=True, tokenizer_name="raw")
schema = builder.build()

indexed = None
if not os.path.exists(os.path.join(workdir, "meta.json")):
    os.makedirs(workdir, exist_ok=True)
    index = tantivy.Index(schema, path=workdir)
    writer = index.writer(heap_size=400_000_000, num_threads=2)
    started = time.perf_counter()
    count = 0
    with open(corpus) as lines:
        for line in lines:
            record = json.loads(line)
            writer.add_document(tantivy.Document(title=record.get("title", ""), abstract=record.get("abstract", ""),
                                                 authors=record.get("authors", ""), id=record["id"]))
            count += 1
    writer.commit()
    writer.wait_merging_threads()
    indexed = {"papers": count, "seconds": round(time.perf_counter() - started, 1)}

index = tantivy.Index(schema, path=workdir)
index.reload()
searcher = index.searcher()
texts = [" ".join(re.findall(r'"([^"]+)"', query["match"])) for query in json.load(open(queries))]
parsed = [index.parse_query(text, ["title", "abstract", "authors"]) for text in texts]
for query in parsed:  # warm-up round
    searcher.search(query, 10)
times = {True: [], False: []}
for _ in range(rounds):
    for count in (True, False):
        for query in parsed:
            started = time.perf_counter()
            searcher.search(query, 10, count=count)
            times[count].append((time.perf_counter() - started) * 1000)


def figures(values):
    values = sorted(values)
    return round(statistics.median(values), 2), round(values[max(0, int(len(values) * 0.99) - 1)], 2)


(p50, p99), (top_p50, top_p99) = figures(times[True]), figures(times[False])
print(json.dumps({"peer": "tantivy", "version": getattr(tantivy, "__version__", ""), "queries": len(texts), "rounds": rounds,
                  "p50_ms": p50, "p99_ms": p99, "top10_only_p50_ms": top_p50, "top10_only_p99_ms": top_p99,
                  "indexed": indexed}))
