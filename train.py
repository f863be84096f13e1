#!/usr/bin/env python
"""Train the classical disclosure model, evaluate it, and save it as a model directory.

Training data: the drafting corpus (``corpora/drafts``, train split) and the real set's non-test
part from ``../shared`` when present (see ``nlp/training.py`` for how each row is used). Metrics:
the drafting corpus dev split and the real set's test part, stored in the model's metadata.

Examples:
  python train.py                          # → models/default
  python train.py --output /tmp/m --no-real
"""
from __future__ import annotations

import argparse
import json
import random
import shlex
import sys
import time
from pathlib import Path

import numpy as np


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--output", type=Path, default=Path("models/default"), help="model directory to write")
    ap.add_argument("--drafts", type=Path, default=None, help="drafting corpus folder (default corpora/drafts)")
    ap.add_argument("--no-real", action="store_true", help="do not use ../shared/corpora/real")
    ap.add_argument("--no-drafts", action="store_true", help="do not use the drafting corpus")
    ap.add_argument("--C", type=float, default=4.0, help="inverse regularisation strength")
    ap.add_argument("--augment", type=float, default=0.5,
                    help="share of training rows that also enter as a damaged-format variant (0 = off)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    from nlp.corpus import load_drafts
    from nlp.pipeline import DisclosureClassifier
    from nlp.report.evaluate import evaluate_rows
    from nlp.training import assemble, metadata, real_set_if_present, train, with_format_variants

    random.seed(args.seed)
    np.random.seed(args.seed)
    real = real_set_if_present(not args.no_real)
    drafts = None if args.no_drafts else load_drafts(args.drafts)
    data = assemble(real, drafts)
    if len(set(data.labels)) < 2:
        print("error: not enough labelled training data (need documents of at least two labels)", file=sys.stderr)
        return 2
    if args.augment > 0:
        data = with_format_variants(data, args.augment, args.seed)
    print(json.dumps(data.stats, ensure_ascii=False))
    t0 = time.perf_counter()
    model = train(data, C=args.C, random_state=args.seed)
    print(f"trained in {time.perf_counter() - t0:.1f}s (temperature {model.temperature_:.3f})")
    classifier = DisclosureClassifier(model)
    metrics = {}
    if data.dev:
        metrics["drafts_dev"], _ = evaluate_rows(classifier, data.dev)
    if real is not None:
        metrics["real_test"], _ = evaluate_rows(classifier, [r for r in real if r["split"] == "test"])
    if drafts is not None:
        metrics["drafts_test"], _ = evaluate_rows(classifier, [r for r in drafts if r["split"] == "test"])
    command = "python train.py " + " ".join(shlex.quote(a) for a in (argv if argv is not None else sys.argv[1:]))
    model.save_pretrained(args.output, metadata(data, metrics, command.strip()))
    for name, m in metrics.items():
        tc, b = m.get("three_class", {}), m.get("binary", {})
        print(f"{name}: n={m['n']} macro-F1={tc.get('macro_f1')} leak={tc.get('leak_rate')} "
              f"binary-BA={b.get('balanced_accuracy')}")
    if "real_test" in metrics:
        mm = metrics["real_test"].get("marker_and_marker_soe", {}).get("binary", {})
        print(f"real test, marker+marker-soe: binary balanced accuracy {mm.get('balanced_accuracy')}")
    print(f"saved {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
