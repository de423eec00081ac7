#!/usr/bin/env python3
"""Experiment (issue 6): does a latent semantic (LSI) similarity, fused with our ranking, help?

  swift run -c release papers-eval --runs runs/     # the default's run files: runs/cranfield.run, ...
  python3 Benchmarks/lsi_fusion.py ../shared/eval/cranfield runs/cranfield.run [K,K,...] [W,W,...]

Builds tf-idf vectors of the collection's titles (counted twice) and abstracts (lower case,
stop words dropped, a crude suffix stripper), takes a rank-K truncated SVD, and re-ranks the
run's top 100 per query by min-max(run score) + W × min-max(cosine in the K-dimensional
space). Prints nDCG@10 of the run, of LSI alone, and of each fusion. Needs numpy and scipy.
Not part of the product: see README, "Ranking quality".
"""
import collections, json, math, re, sys

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as sla

STOP = set("""a about above after again against all also am an and any are as at be because been
before being below between both but by can could did do does doing down during each few for from
further had has have having he her here hers him his how however i if in into is it its itself
just may me might more most must my no nor not now of off on once only or other our ours out over
own same she should so some such than that the their theirs them then there these they this those
through thus to too under until up upon very via was we were what when where which while who whom
why will with within without would you your""".split())
SUFFIXES = ("ations", "ation", "ments", "ment", "ness", "ings", "ing", "ies", "ed", "es", "s", "ly")


def stem(word):
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokens(text):
    return [stem(w) for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP]


def judged(folder):
    relevant = collections.defaultdict(dict)
    with open(f"{folder}/qrels/train.tsv") as lines:
        next(lines)
        for line in lines:
            query, doc, grade = line.split("\t")
            if int(grade) > 0:
                relevant[query][doc] = int(grade)
    return relevant


def read_run(path):
    ranked = collections.defaultdict(list)
    for line in open(path):
        query, _, doc, _, score, _ = line.split()
        ranked[query].append((doc, float(score)))
    for query in ranked:
        ranked[query].sort(key=lambda pair: -pair[1])
    return ranked


def ndcg10(ranked, relevant):
    total = 0.0
    for query, grades in relevant.items():
        docs = [doc for doc, _ in ranked.get(query, [])][:10]
        dcg = sum(grades.get(doc, 0) / math.log2(i + 2) for i, doc in enumerate(docs))
        ideal = sorted(grades.values(), reverse=True)[:10]
        idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
        total += dcg / idcg if idcg > 0 else 0
    return total / len(relevant)


def scale(values):
    low, high = min(values), max(values)
    return [(v - low) / (high - low) if high > low else 1.0 for v in values]


def main(folder, run_path, dimensions=(100, 200, 400), weights=(0.1, 0.2, 0.3, 0.5)):
    docs = [json.loads(line) for line in open(f"{folder}/corpus.jsonl")]
    ids = [d["_id"] for d in docs]
    position = {doc: i for i, doc in enumerate(ids)}
    texts = [tokens(f"{d.get('title') or ''} {d.get('title') or ''} {d.get('text') or ''}") for d in docs]
    df = collections.Counter(t for words in texts for t in set(words))
    vocabulary = {t: i for i, t in enumerate(t for t, n in df.items() if n >= 2)}
    n = len(docs)

    def weigh(words):
        counts = collections.Counter(t for t in words if t in vocabulary)
        return {vocabulary[t]: (1 + math.log(c)) * math.log(n / df[t]) for t, c in counts.items()}

    rows, cols, vals = [], [], []
    for row, words in enumerate(texts):
        for col, value in weigh(words).items():
            rows.append(row); cols.append(col); vals.append(value)
    matrix = sp.csr_matrix((vals, (rows, cols)), shape=(n, len(vocabulary)))
    norms = np.sqrt(matrix.multiply(matrix).sum(1)).A1
    matrix = sp.diags(1 / np.where(norms == 0, 1, norms)) @ matrix

    queries = {q["_id"]: q["text"] for q in map(json.loads, open(f"{folder}/queries.jsonl"))}
    relevant = judged(folder)
    run = read_run(run_path)
    print(f"run {ndcg10(run, relevant):.4f}", flush=True)
    for k in dimensions:
        u, s, vt = sla.svds(matrix, k=k)
        doc_vectors = u * s
        doc_vectors /= np.linalg.norm(doc_vectors, axis=1, keepdims=True) + 1e-12
        similarity = {}
        for query in relevant:
            vector = np.zeros(len(vocabulary))
            for col, value in weigh(tokens(queries[query])).items():
                vector[col] = value
            projected = vt @ vector
            similarity[query] = doc_vectors @ (projected / (np.linalg.norm(projected) + 1e-12))
        alone = {q: sorted(zip(ids, map(float, sims)), key=lambda p: -p[1])[:100] for q, sims in similarity.items()}
        line = [f"k {k}: LSI alone {ndcg10(alone, relevant):.4f}"]
        for weight in weights:
            fused = {}
            for query in relevant:
                top = run.get(query, [])[:100]
                if not top:
                    continue
                scores = scale([score for _, score in top])
                sims = scale([similarity[query][position[doc]] for doc, _ in top])
                fused[query] = sorted(((doc, a + weight * b) for (doc, _), a, b in zip(top, scores, sims)),
                                      key=lambda p: -p[1])
            line.append(f"w {weight}: {ndcg10(fused, relevant):.4f}")
        print(", ".join(line), flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    if len(args) < 2:
        sys.exit(__doc__)
    dims = tuple(int(k) for k in args[2].split(",")) if len(args) > 2 else (100, 200, 400)
    ws = tuple(float(w) for w in args[3].split(",")) if len(args) > 3 else (0.1, 0.2, 0.3, 0.5)
    main(args[0], args[1], dims, ws)
