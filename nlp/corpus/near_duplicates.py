"""Near-duplicate detection by MinHash over character shingles with LSH banding.

Used to keep near-copies of test documents out of training (across splits and across corpora)
and to measure the diversity of the drafting corpus.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict

import numpy as np

_PRIME = (1 << 61) - 1


class MinHasher:
    def __init__(self, num_perm: int = 64, shingle: int = 5, seed: int = 1):
        rng = np.random.default_rng(seed)
        self.a = rng.integers(1, _PRIME, num_perm, dtype=np.uint64)
        self.b = rng.integers(0, _PRIME, num_perm, dtype=np.uint64)
        self.shingle = shingle
        self.num_perm = num_perm

    def shingles(self, text: str) -> np.ndarray:
        text = "".join(text.split())
        grams = {text[i:i + self.shingle] for i in range(max(1, len(text) - self.shingle + 1))}
        return np.array([int.from_bytes(hashlib.blake2b(g.encode(), digest_size=8).digest(), "little") >> 3
                         for g in grams], dtype=np.uint64)

    def signature(self, text: str) -> np.ndarray:
        h = self.shingles(text)
        # (a*h + b) mod p with uint64 wrap-around is a fine universal-ish hash for this purpose
        return ((np.outer(h, self.a) + self.b) % _PRIME).min(0)


def jaccard_estimate(s1: np.ndarray, s2: np.ndarray) -> float:
    return float((s1 == s2).mean())


def near_duplicate_pairs(texts: list[str], threshold: float = 0.8, num_perm: int = 64, bands: int = 16,
                         hasher: MinHasher | None = None) -> list[tuple[int, int, float]]:
    """Index pairs (i, j, estimated Jaccard) with estimated Jaccard ≥ threshold."""
    hasher = hasher or MinHasher(num_perm)
    sigs = np.array([hasher.signature(t) for t in texts]) if texts else np.zeros((0, num_perm))
    rows = hasher.num_perm // bands
    buckets: dict = defaultdict(list)
    for i, s in enumerate(sigs):
        for b in range(bands):
            buckets[(b, s[b * rows:(b + 1) * rows].tobytes())].append(i)
    pairs = set()
    for members in buckets.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pairs.add((members[x], members[y]))
    out = [(i, j, jaccard_estimate(sigs[i], sigs[j])) for i, j in sorted(pairs)]
    return [p for p in out if p[2] >= threshold]


def near_duplicates_of(candidates: list[str], references: list[str], threshold: float = 0.8) -> list[int]:
    """Indices of ``candidates`` that near-duplicate any of ``references``."""
    pairs = near_duplicate_pairs(list(candidates) + list(references), threshold)
    n = len(candidates)
    return sorted({i for i, j, _ in pairs if i < n <= j})
