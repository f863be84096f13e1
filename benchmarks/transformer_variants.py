#!/usr/bin/env python
"""Transformer recipe variants, trained under one budget and compared on the drafting dev split
(which drives every choice) and, for information, on the real set's test part:

  base    the pruned multilingual-e5-small, head+tail truncation (256 tokens)
  adapted the same after domain adaptation (``python -m nlp.encoders.adapt``), head+tail
  chunks  the chosen encoder, chunk pooling (``--max-chunks`` windows of 256 tokens)

The adapted encoder is chosen only if it beats the base one on the dev macro-F1 by more than
``MARGIN`` (one dev document moves macro-F1 by about 0.002-0.004); otherwise the simpler recipe stays.

  python benchmarks/transformer_variants.py --epochs 1          # about an hour on 2 CPU cores
  python benchmarks/transformer_variants.py --only-table         # re-print from saved runs

Each variant is saved under ``models/transformer-variant-<name>`` (git-ignored) and the table is
also written to ``benchmarks/results/transformer_variants.json``.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MARGIN = 0.005
ENCODERS = {"base": "models/encoders/e5-small-zh", "adapted": "models/encoders/e5-small-zh-gov"}


def run_dir(name: str) -> Path:
    return ROOT / "models" / f"transformer-variant-{name}"


def figures(name: str) -> dict | None:
    cfg = run_dir(name) / "config.json"
    if not cfg.is_file():
        return None
    c = json.loads(cfg.read_text(encoding="utf-8"))
    m = c["metadata"]["metrics"]
    dev, real = m.get("drafts_dev_model_argmax", {}), m.get("real_test", {})
    return {"variant": name, "encoder": c["encoder_source"], "long_text": c["params"]["long_text"],
            "train_fingerprint": c["metadata"]["training_data_fingerprint"][:12],
            "fit_seconds": c["metadata"].get("fit_seconds"),
            "dev_macro_f1": round(dev.get("macro_f1", float("nan")), 4),  # model argmax: what early stopping used
            "dev_leak": round(dev.get("leak_rate", float("nan")), 4),
            "dev_ece": round(dev.get("calibration", {}).get("ece", float("nan")), 4),
            "real_test_combined_macro_f1": round(real.get("three_class", {}).get("macro_f1", float("nan")), 4),
            "real_test_combined_binary_ba": round(real.get("binary", {}).get("balanced_accuracy", float("nan")), 4)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--max-chunks", type=int, default=2)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--only-table", action="store_true")
    ap.add_argument("--retrain", action="store_true", help="train again variants that are already saved")
    args = ap.parse_args(argv)
    from nlp.models.transformer import main as fine_tune

    common = ["--layers", "6", "--epochs", str(args.epochs), "--evals-per-epoch", "1", "--threads", str(args.threads)]
    if not args.only_table:
        for name, encoder in ENCODERS.items():
            if figures(name) and not args.retrain:
                continue
            if not (ROOT / encoder).is_dir():
                print(f"skip {name}: {encoder} missing (build it first)")
                continue
            fine_tune(["--out", str(run_dir(name)), "--encoder", encoder, *common])
    done = {n: f for n in ENCODERS if (f := figures(n))}
    if not args.only_table and done:
        best = "adapted" if "adapted" in done and done["adapted"]["dev_macro_f1"] > done.get(
            "base", {"dev_macro_f1": -1})["dev_macro_f1"] + MARGIN else "base"
        if not (figures("chunks") and not args.retrain):
            fine_tune(["--out", str(run_dir("chunks")), "--encoder", ENCODERS[best], "--long-text", "chunks",
                       "--max-chunks", str(args.max_chunks), *common])
    rows = [f for n in (*ENCODERS, "chunks") if (f := figures(n))]
    keys = list(rows[0]) if rows else []
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for r in rows:
        print("| " + " | ".join(str(r[k]) for k in keys) + " |")
    out = ROOT / "benchmarks" / "results" / "transformer_variants.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
