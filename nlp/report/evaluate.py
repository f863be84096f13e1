"""Run the classifier over corpus rows and compute the metrics, overall and by group.

Three-class metrics use rows whose ``label`` is stated; binary metrics (主动公开 vs not) use rows
whose ``public`` is known. The real set is also broken down by ``label_origin`` and by issuer group,
because most of its non-public documents come from one enterprise (issuer confound).
"""
from __future__ import annotations

from collections import defaultdict

import numpy as np

from ..labels import LABELS, PROACTIVE
from .metrics import binary, three_class


def issuer_group(r: dict) -> str:
    if r.get("corpus") != "real":
        return r.get("issuer") or "unknown"
    return "enterprise (SGCC)" if r.get("issuer") == "SGCC" else "government and other"


def summarize(rows: list[dict], preds: list[dict]) -> dict:
    lab = [(r, p) for r, p in zip(rows, preds) if r.get("label") in LABELS and p.get("label")]
    pub = [(r, p) for r, p in zip(rows, preds) if r.get("public") is not None and p.get("label")]
    out = {"n": len(rows)}
    if lab:
        proba = np.array([[p["probabilities"][l] for l in LABELS] for _, p in lab])
        out["three_class"] = three_class([r["label"] for r, _ in lab], [p["label"] for _, p in lab], proba)
        out["needs_review_share"] = float(np.mean([p["needs_review"] for _, p in lab]))
        unflagged = [(r, p) for r, p in lab if not p["needs_review"]]
        out["unflagged_accuracy"] = (float(np.mean([r["label"] == p["label"] for r, p in unflagged]))
                                     if unflagged else None)
    if pub:
        out["binary"] = binary([r["public"] for r, _ in pub], [p["label"] == PROACTIVE for _, p in pub])
    return out


def evaluate_rows(classifier, rows: list[dict], batch_size: int = 64) -> tuple[dict, list[dict]]:
    preds: list[dict] = []
    for i in range(0, len(rows), batch_size):
        chunk = rows[i:i + batch_size]
        preds += classifier.classify_texts([r["text"] for r in chunk], [r["id"] for r in chunk])
    result = summarize(rows, preds)
    if rows and rows[0].get("corpus") == "real":
        for key, fn in (("by_label_origin", lambda r: str(r.get("label_origin"))), ("by_issuer_group", issuer_group)):
            groups = defaultdict(list)
            for r, p in zip(rows, preds):
                groups[fn(r)].append((r, p))
            result[key] = {g: summarize([r for r, _ in v], [p for _, p in v]) for g, v in sorted(groups.items())}
        marked = [(r, p) for r, p in zip(rows, preds) if r.get("label_origin") in ("marker", "marker-soe")]
        result["marker_and_marker_soe"] = summarize([r for r, _ in marked], [p for _, p in marked])
        by_issuer = defaultdict(list)
        for r, p in marked:
            by_issuer[issuer_group(r)].append((r, p))
        result["marker_and_marker_soe_by_issuer_group"] = {
            g: summarize([r for r, _ in v], [p for _, p in v]) for g, v in sorted(by_issuer.items())}
    return result, preds
