#!/usr/bin/env python
"""Field-level accuracy of the 公文 structure parser on 30 real documents checked by hand.

The expected values (``corpora/annotations/real_structure_30.jsonl``) were written by reading each
document of ``../shared/corpora/real`` (30 drawn with ``random.Random(30)``); a field left out of a
record was not checkable. A field is correct when the parsed value equals the expected one (line
breaks ignored), including both being absent.

  python benchmarks/structure_accuracy.py
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ANNOTATIONS = ROOT / "corpora" / "annotations" / "real_structure_30.jsonl"


def field_accuracy() -> dict[str, tuple[int, int]]:
    from nlp.corpus import load_real
    from nlp.text import parse_structure

    texts = {r["id"]: r["text"] for r in load_real()}
    hits, totals = Counter(), Counter()
    for line in ANNOTATIONS.read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        parsed = parse_structure(texts[rec["id"]]).as_dict()
        for name, expected in rec["fields"].items():
            got = parsed.get(name)
            got = got.replace("\n", "") if isinstance(got, str) else got
            totals[name] += 1
            hits[name] += got == expected
    return {k: (hits[k], totals[k]) for k in totals}


def main() -> int:
    acc = field_accuracy()
    for name, (h, t) in acc.items():
        print(f"{name:14s} {h:2d}/{t:2d}  {h / t:.2f}")
    h, t = sum(v[0] for v in acc.values()), sum(v[1] for v in acc.values())
    print(f"{'all fields':14s} {h}/{t}  {h / t:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
