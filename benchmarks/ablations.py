#!/usr/bin/env python
"""Ablations of the classical recipe, measured on the drafting corpus dev split only (never on
test data): format augmentation on/off × detector features on/off, each in the ``model`` and
``combined`` decision modes.

  python benchmarks/ablations.py        # about 4 trainings; several minutes on 2 cores
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from nlp.corpus import load_drafts, load_real
    from nlp.labels import LABELS
    from nlp.pipeline import DisclosureClassifier
    from nlp.report.evaluate import evaluate_rows
    from nlp.shared import SharedMissing
    from nlp.training import assemble, train, with_format_variants

    try:
        real = load_real()
    except SharedMissing:
        real = None
    base = assemble(real, load_drafts())
    print(f"dev documents: {len(base.dev)}")
    print("augment | rule features | mode | macro-F1 | leak | recall " + " / ".join(LABELS))
    for augment in (False, True):
        data = with_format_variants(base) if augment else base
        for rf in (False, True):
            model = train(data, rule_features=rf)
            for mode in ("model", "combined"):
                r, _ = evaluate_rows(DisclosureClassifier(model, mode=mode), base.dev)
                tc = r["three_class"]
                rec = " / ".join(f"{tc['per_class'][l]['recall']:.3f}" for l in LABELS)
                print(f"{augment!s:7} | {rf!s:13} | {mode:8} | {tc['macro_f1']:.3f} | {tc['leak_rate']:.3f} | {rec}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
