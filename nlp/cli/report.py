"""Accuracy report of a model: per-class P/R/F1, macro-F1, balanced accuracy, leak rate,
over-withholding, confusion matrix, reliability diagram and ECE — on the drafting corpus dev and
test splits and on the real set's test part (binary and three-class, by label_origin and issuer).

Writes REPORT.md, REPORT.html and plots into --output (default: <model>/report), and the model
card README.md into the model directory.

  python -m nlp.cli.report --model models/default
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def timed_evaluation(classifier, rows: list[dict]):
    """(metrics, predictions, docs/s) with the per-text caches emptied first, so every variant is timed
    cold and none profits from parses or findings cached by the one before."""
    import time

    from nlp.report.evaluate import evaluate_rows
    from nlp.rules.detectors import _findings_of
    from nlp.text.structure import parse_structure

    classifier.classify_texts(["关于预热的通知"])  # one-off start-up costs (jieba dictionary) are not throughput
    parse_structure.cache_clear()
    _findings_of.cache_clear()
    t0 = time.perf_counter()
    metrics, preds = evaluate_rows(classifier, rows)
    return metrics, preds, len(rows) / (time.perf_counter() - t0)


def compare_modes(clf, sets: dict, done: dict, others: list | None = None) -> str:
    """Side-by-side table of the three decision modes on each evaluation set, and of other models
    (alone and averaged with this one) in the combined mode. ``done`` holds (metrics, docs/s) of the
    main evaluation — this model in the combined mode — so it is not run twice."""

    from nlp.labels import LABELS
    from nlp.pipeline import DisclosureClassifier
    from nlp.report.render import _table

    from nlp.models import load_model
    from nlp.models.ensemble import EnsembleDisclosureModel

    variants = [(mode, DisclosureClassifier(clf.model, clf.policy, mode)) for mode in ("rules", "model")]
    variants.append(("combined", None))
    for path in others or []:
        other = load_model(path)
        variants += [(f"combined: {path.name}", DisclosureClassifier(other, clf.policy)),
                     (f"combined: this + {path.name}",
                      DisclosureClassifier(EnsembleDisclosureModel([clf.model, other]), clf.policy))]
    rows = []
    for name, data in sets.items():
        for mode, variant in variants:
            m, speed = done[name] if variant is None else timed_evaluation(variant, data)[::2]
            tc = m.get("three_class", {})
            rec = [tc.get("per_class", {}).get(l, {}).get("recall") for l in LABELS]
            rows.append([name, mode, m.get("n"), tc.get("macro_f1"), *rec, tc.get("leak_rate"),
                         tc.get("over_withholding_rate"), tc.get("calibration", {}).get("ece"),
                         m.get("needs_review_share"), m.get("unflagged_accuracy"),
                         m.get("binary", {}).get("balanced_accuracy"), round(speed)])
    header = ["set", "mode", "n", "macro-F1"] + [f"recall {l}" for l in LABELS] + [
        "leak rate", "over-withholding", "ECE", "review share", "unflagged acc.", "binary bal. acc.", "docs/s"]
    return _table(header, rows)


def code_examples(sets: dict, predictions: dict, per_code: int = 1) -> str:
    """A table with, per primary reason code, a correctly decided document and its evidence."""
    from nlp.labels import REASON_CODES
    from nlp.report.render import _table

    seen: dict[str, int] = {}
    rows = []
    for name in sets:
        for r, p in zip(sets[name], predictions[name]):
            code = (p.get("codes") or [None])[0]
            if not code or p.get("label") != r.get("label") or seen.get(code, 0) >= per_code:
                continue
            seen[code] = seen.get(code, 0) + 1
            ev = "；".join(f"[{e['source']}] {e['text'][:40]}" for e in p.get("evidence", [])[:3])
            title = (p.get("title") or r.get("title") or "").replace("\n", "")[:40]
            rows.append([code, REASON_CODES[code].article, title, ev.replace("|", "｜").replace("\n", " ")])
    rows.sort(key=lambda x: list(REASON_CODES).index(x[0]))
    return _table(["code", "条例", "document", "evidence (first three)"], rows)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=Path, default=None, help="model directory (default models/default)")
    ap.add_argument("--output", type=Path, default=None, help="report folder (default <model>/report)")
    ap.add_argument("--policy", default=None, help="policy JSON for the decision layer")
    ap.add_argument("--drafts", type=Path, default=None, help="drafting corpus folder (default corpora/drafts)")
    ap.add_argument("--no-real", action="store_true", help="leave out the real set")
    ap.add_argument("--compare", type=Path, nargs="*", default=[],
                    help="other model directories (e.g. a fine-tuned transformer) to compare side by side, "
                         "alone and averaged with this model")
    args = ap.parse_args(argv)

    from nlp.corpus import load_drafts, load_real
    from nlp.pipeline import DEFAULT_MODEL, DisclosureClassifier
    from nlp.report.model_card import write_model_card
    from nlp.report.render import SUMMARY_HEADER, _table, markdown_to_html, plot, section, summary_row
    from nlp.shared import SharedMissing

    model_dir = args.model or DEFAULT_MODEL
    out = args.output or model_dir / "report"
    out.mkdir(parents=True, exist_ok=True)
    clf = DisclosureClassifier.from_pretrained(model_dir, args.policy)
    sets = {}
    drafts = load_drafts(args.drafts)
    if drafts is not None:
        for split in ("dev", "test"):
            rows = [r for r in drafts if r["split"] == split]
            if rows:
                sets[f"drafting corpus, {split} split"] = rows
    try:
        if not args.no_real:
            sets["real set, test part"] = [r for r in load_real() if r["split"] == "test"]
    except SharedMissing as e:
        print(f"note: {e} The real-set sections are left out.", file=sys.stderr)
    results, predictions, speeds = {}, {}, {}
    for name, rows in sets.items():
        results[name], predictions[name], speeds[name] = timed_evaluation(clf, rows)
    compared = {n: r for n, r in sets.items() if not n.endswith("test split")}
    comparison = compare_modes(clf, compared, {n: (results[n], speeds[n]) for n in compared}, args.compare)
    real = results.get("real set, test part")
    if real:
        results["real set, test part: marker + marker-soe"] = real["marker_and_marker_soe"]
    plots = {}
    for i, (name, m) in enumerate(results.items()):
        if plot(m, out / f"plot_{i}.png"):
            plots[name] = f"plot_{i}.png"
    meta = clf.model.metadata
    md = [f"# Accuracy report — {model_dir.name} ({meta.get('version')})", "",
          f"Generated by `python -m nlp.cli.report --model {model_dir}`. Model trained by `{meta.get('command')}`; "
          f"training data fingerprint `{meta.get('training_data_fingerprint', '')[:16]}…`. Disclosure markers are "
          "stripped from every text before prediction. Leak rate = share of 不予公开 predicted 主动公开.", "",
          "## Summary", "", _table(SUMMARY_HEADER, [summary_row(n, m) for n, m in results.items()]), "",
          "## Decision layer: rules only, model only, combined", "",
          "`combined` is what `predict.py` does (model + codebook detectors + leak-averse costs, "
          "`nlp/resources/policy.json`); `model` is the model's argmax; `rules` the detectors alone "
          "(no finding → 主动公开). Unflagged accuracy = accuracy on items not flagged `needs_review`.", "",
          comparison, "",
          "## Explanations: an example of each reason code", "",
          "The first correctly decided document of the first evaluation set for each primary reason code, with "
          "the evidence the decision layer reports (detector spans and the model's driving passages).", "",
          code_examples(sets, predictions), "",
          "## Details", ""]
    md += [section(n, m, plots) for n, m in results.items()]
    (out / "REPORT.md").write_text("\n".join(md) + "\n", encoding="utf-8")
    (out / "REPORT.html").write_text(markdown_to_html("\n".join(md), out), encoding="utf-8")
    (out / "metrics.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    write_model_card(model_dir, clf.model, results)
    print(f"wrote {out / 'REPORT.md'}, {out / 'REPORT.html'} and {model_dir / 'README.md'}")
    if model_dir.resolve() == DEFAULT_MODEL.resolve() and out.resolve() == (model_dir / "report").resolve():
        from nlp.docs import main as regenerate_readme

        regenerate_readme([])  # the README's figures come from this report
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
