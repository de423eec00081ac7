#!/usr/bin/env bash
# The benchmark at 100k and 1M generated papers: builds release binaries, then for each size
# generates the corpus (once; cached in bench-out/), ingests it with papers and with the Python
# references, and times every query kind. Tables go to stdout, JSON to bench-out/result-N.json.
# Needs python3 (standard library only) and ~10 GB of disk for the 1M run.
set -euo pipefail
cd "$(dirname "$0")/.."
# --static-swift-stdlib, as the README builds: a search process then starts without binding
# the Swift runtime's and Foundation's symbols at each launch.
swift build -c release --static-swift-stdlib --product papers
swift build -c release --static-swift-stdlib --product papers-bench
for n in "${@:-100000 1000000}"; do
    for size in $n; do
        .build/release/papers-bench run --papers "$size" --dir bench-out
    done
done
