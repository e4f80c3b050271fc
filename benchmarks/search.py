"""Search cost: index build time and query latency (p50, p99) over the full bundled content.

Baseline, measured in the same run: a plain scan that lower-cases every text of every entry and
counts the query words it contains — what a first version without an index would do. The figures
are per query, single-threaded, so they hold on one core.

    .venv/bin/python benchmarks/search.py [--rounds 20]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import yaml

from bot.config import BUNDLED_CONTENT_DIR
from bot.content import load_content
from bot.search import SearchIndex, _documents

EVAL = Path(__file__).resolve().parent.parent / "tests" / "data" / "search_eval.yaml"
FALLBACK_QUERIES = ["doctor sid", "lawyer", "azil", "محامي", "وکیل", "داکتر", "pomoć", "apeal", "ID card", "где врач шид"]


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def scan_baseline(content):
    documents = [(doc, " ".join(text for _w, text in fields).lower()) for doc, fields in _documents(content)]

    def search(query: str):
        words = query.lower().split()
        scored = [(sum(w in text for w in words), doc) for doc, text in documents]
        return sorted((s for s in scored if s[0]), key=lambda s: -s[0])[:5]

    return search


def timed(function, queries: list[str], rounds: int) -> list[float]:
    samples = []
    for _ in range(rounds):
        for query in queries:
            start = time.perf_counter()
            function(query)
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    content = load_content(BUNDLED_CONTENT_DIR)
    queries = [q["query"] for q in yaml.safe_load(EVAL.read_text(encoding="utf-8"))["queries"]] if EVAL.exists() else FALLBACK_QUERIES

    builds = []
    for _ in range(5):
        start = time.perf_counter()
        index = SearchIndex.build(content)
        builds.append((time.perf_counter() - start) * 1000)
    baseline = scan_baseline(content)

    ours = timed(index.search, queries, args.rounds)
    theirs = timed(baseline, queries, args.rounds)
    print(f"content: {len(index.documents)} entries, {len(index.postings)} terms, {len(index.deletes)} deletion keys")
    print(f"index build: median {statistics.median(builds):.1f} ms over 5 builds")
    print(f"{'':<14}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}   ({len(queries)} queries x {args.rounds} rounds)")
    for name, samples in (("putokaz", ours), ("scan baseline", theirs)):
        print(f"{name:<14}{percentile(samples, 0.5):>9.3f}{percentile(samples, 0.99):>9.3f}{max(samples):>9.3f}")
    print(f"p99 ratio putokaz/scan: {percentile(ours, 0.99) / percentile(theirs, 0.99):.2f}")


if __name__ == "__main__":
    main()
