#!/usr/bin/env python
"""Throughput and latency of the default classifier on 1,000 documents of real length
(mean ≈ 1,500 characters), with plain ``jieba.lcut`` on the same texts as the baseline.

Prints: model load time, batch docs/s (1 process and N processes), single-document latency
p50/p95 after load, and each throughput as a ratio to the jieba baseline.

  python benchmarks/throughput.py [--model DIR] [--n 1000] [--workers 2]

Texts: the drafting corpus (and the real set when ../shared is present), cut or repeated to a
length drawn around 1,500 characters, seeded.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def texts_of_real_length(n: int, seed: int = 0) -> list[str]:
    from nlp.corpus import load_drafts, load_real
    from nlp.shared import SharedMissing

    pool = [r["text"] for r in (load_drafts() or [])]
    try:
        pool += [r["text"] for r in load_real()]
    except SharedMissing:
        pass
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(n):
        t = pool[rng.integers(len(pool))]
        length = int(np.clip(rng.normal(1500, 500), 300, 4000))
        out.append((t * (length // max(len(t), 1) + 1))[:length])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from nlp.features.tokenize import tokenizer
    from nlp.pipeline import DEFAULT_MODEL, DisclosureClassifier, classify_parallel
    from nlp.readers import Document

    texts = texts_of_real_length(args.n)
    print(f"documents: {len(texts)}, mean length {statistics.mean(map(len, texts)):.0f} chars")
    t0 = time.perf_counter()
    clf = DisclosureClassifier.from_pretrained(args.model)
    tokenizer()  # jieba dictionary load is part of a cold start
    load = time.perf_counter() - t0
    print(f"model load (incl. jieba dictionary): {load:.2f} s")

    t0 = time.perf_counter()
    for t in texts:
        tokenizer().lcut(t, HMM=False)
    base = len(texts) / (time.perf_counter() - t0)
    print(f"baseline jieba.lcut (1 process): {base:.0f} docs/s")

    t0 = time.perf_counter()
    for i in range(0, len(texts), 64):
        clf.classify_texts(texts[i:i + 64])
    one = len(texts) / (time.perf_counter() - t0)
    print(f"batch, 1 process: {one:.0f} docs/s  ({one / base:.2f}× jieba baseline)")

    docs = [Document(str(i), t, "bench") for i, t in enumerate(texts)]
    t0 = time.perf_counter()
    n = sum(1 for _ in classify_parallel(docs, args.model or DEFAULT_MODEL, workers=args.workers))
    par = n / (time.perf_counter() - t0)
    print(f"batch, {args.workers} processes (incl. worker start-up): {par:.0f} docs/s  ({par / base:.2f}× jieba baseline)")

    lat = []
    for t in texts[:300]:
        s = time.perf_counter()
        clf.classify_texts([t])
        lat.append((time.perf_counter() - s) * 1000)
    print(f"single document latency: p50 {np.percentile(lat, 50):.1f} ms, p95 {np.percentile(lat, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
