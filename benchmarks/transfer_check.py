#!/usr/bin/env python
"""Transfer check of the drafting corpus: train the classical recipe on the drafts alone (no real
documents) and evaluate on the real set's test part — binary balanced accuracy and the share of
non-public documents predicted public, by label_origin and by issuer group.

  python benchmarks/transfer_check.py      # one training (~2 minutes on 2 cores); needs ../shared

The table is also written to ``benchmarks/results/transfer_check.md`` with the corpus fingerprint,
and the datasheet quotes it while the fingerprint still matches the corpus.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from nlp.corpus import corpus_fingerprint, load_drafts, load_real
    from nlp.pipeline import DisclosureClassifier
    from nlp.report.evaluate import evaluate_rows
    from nlp.training import assemble, train, with_format_variants

    clf = DisclosureClassifier(train(with_format_variants(assemble(None, load_drafts()))))
    result, _ = evaluate_rows(clf, [r for r in load_real() if r["split"] == "test"])
    f = lambda x: "—" if x is None else f"{x:.3f}"  # noqa: E731
    lines = ["| group | n | binary balanced accuracy | non-public predicted public | leak rate (3-class) |",
             "|---|---|---|---|---|"]
    for key in ("by_label_origin", "marker_and_marker_soe_by_issuer_group"):
        for group, m in result[key].items():
            b, tc = m.get("binary", {}), m.get("three_class", {})
            lines.append(f"| {key}: {group} | {m['n']} | {f(b.get('balanced_accuracy'))} | "
                         f"{f(b.get('non_public_predicted_public'))} | {f(tc.get('leak_rate'))} |")
    b = result["marker_and_marker_soe"]["binary"]
    lines.append(f"| marker + marker-soe | {b['n']} | {f(b['balanced_accuracy'])} | {f(b['non_public_predicted_public'])} | — |")
    print("\n".join(lines))
    out = Path(__file__).resolve().parent / "results" / "transfer_check.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(f"corpus fingerprint: {corpus_fingerprint()}\n\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
