#!/usr/bin/env python
"""CPU speed of the transformer disclosure model, fp32 vs dynamic int8
(``torch.ao.quantization.quantize_dynamic`` on every ``nn.Linear``).

Prints, for each precision: batch throughput (docs/s, documents cut to ``max_length`` tokens by the
model's head+tail rule, batches of ``--batch-size``), single-document latency p50/p95 after load,
and for int8 its agreement with fp32 (largest probability difference, share of equal argmax).

  python benchmarks/transformer_speed.py [--model models/transformer-e5-small] [--n 64] [--single 30]
  python benchmarks/transformer_speed.py --encoder models/encoders/e5-small-zh --layers 6   # untrained heads

Texts: the drafting corpus (prepared; most are longer than 256 tokens), first ``--n`` in file order.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def load_model(args):
    from nlp.models.transformer import TransformerDisclosureModel, _net_class

    t0 = time.perf_counter()
    if args.model and Path(args.model).is_dir():
        model = TransformerDisclosureModel.from_pretrained(args.model, int8=False)
        model.set_params(batch_size=args.batch_size)
        if args.max_length:
            model.set_params(max_length=args.max_length, head_tokens=args.max_length // 2)
        source = args.model
    else:  # speed only: the encoder with untrained heads
        model = TransformerDisclosureModel(encoder=args.encoder, num_layers=args.layers,
                                           max_length=args.max_length or 256, head_tokens=(args.max_length or 256) // 2,
                                           batch_size=args.batch_size)
        encoder = model._load_encoder()
        model.classes_ = np.array(["a", "b", "c"])
        model.code_classes_ = np.array([], dtype=str)
        model.temperature_ = 1.0
        model.net_ = _net_class()(encoder, 3, 0, 0.0).eval()
        source = f"{args.encoder} (first {args.layers} layers, untrained heads)"
    return model, source, time.perf_counter() - t0


def measure(model, texts, single_texts, repeats: int = 1) -> dict:
    model.predict_proba(texts[:model.batch_size], prepared=True)  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        proba = model.predict_proba(texts, prepared=True)
        best = min(best, time.perf_counter() - t0)
    lat = []
    model.predict_proba(single_texts[:1], prepared=True)
    for t in single_texts:
        t0 = time.perf_counter()
        model.predict_proba([t], prepared=True)
        lat.append(time.perf_counter() - t0)
    q = statistics.quantiles(lat, n=20, method="inclusive")
    return {"batch_docs_per_s": round(len(texts) / best, 2), "single_p50_ms": round(statistics.median(lat) * 1000, 1),
            "single_p95_ms": round(q[18] * 1000, 1), "_proba": proba}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default="models/transformer-e5-small", help="saved TransformerDisclosureModel")
    ap.add_argument("--encoder", default="models/encoders/e5-small-zh", help="used when --model is absent")
    ap.add_argument("--layers", type=int, default=6, help="with --encoder")
    ap.add_argument("--max-length", type=int, default=256)
    ap.add_argument("--batch-size", type=int, default=16)
    ap.add_argument("--n", type=int, default=64, help="documents for the batch throughput")
    ap.add_argument("--single", type=int, default=30, help="documents for single-document latency")
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--json", type=Path, default=None, help="also write the results here")
    args = ap.parse_args(argv)

    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from nlp.corpus import load_drafts

    model, source, load_s = load_model(args)
    texts = model.prepare_batch([r["text"] for r in load_drafts().select(range(max(args.n, args.single)))])
    windows, _ = model._windows(texts[:args.n])
    lengths = [len(w) for w in windows]
    result = {"model": source, "load_seconds": round(load_s, 2), "threads": torch.get_num_threads(),
              "torch": torch.__version__, "max_length": model.max_length, "batch_size": model.batch_size,
              "docs": args.n, "mean_tokens_per_doc": round(float(np.mean(lengths)), 1),
              "layers": model.net_.encoder.config.num_hidden_layers}
    fp32 = measure(model, texts[:args.n], texts[:args.single])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao.quantization deprecation notices
        model.quantize_dynamic()
        int8 = measure(model, texts[:args.n], texts[:args.single])
    p32, p8 = fp32.pop("_proba"), int8.pop("_proba")
    int8["max_abs_probability_difference_vs_fp32"] = round(float(np.abs(p32 - p8).max()), 4)
    int8["argmax_agreement_vs_fp32"] = round(float(np.mean(p32.argmax(1) == p8.argmax(1))), 4)
    int8["speedup_batch"] = round(int8["batch_docs_per_s"] / fp32["batch_docs_per_s"], 2)
    result.update({"fp32": fp32, "int8_dynamic": int8})
    print(json.dumps(result, ensure_ascii=False, indent=1))
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
