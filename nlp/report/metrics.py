"""Metrics that matter for disclosure decisions (codebook §Metrics): per-class P/R/F1, macro-F1,
balanced accuracy, **leak rate** (不予公开 predicted 主动公开), over-withholding rate (主动公开
predicted 不予公开), confusion matrix and calibration (ECE, reliability bins)."""
from __future__ import annotations

import numpy as np

from ..labels import LABELS, PROACTIVE, WITHHELD


def _safe(a: float, b: float) -> float | None:
    return float(a / b) if b else None


def three_class(y_true: list[str], y_pred: list[str], proba: np.ndarray | None = None) -> dict:
    labels = list(LABELS)
    idx = {l: i for i, l in enumerate(labels)}
    cm = np.zeros((3, 3), dtype=int)
    for t, p in zip(y_true, y_pred):
        cm[idx[t], idx[p]] += 1
    per_class = {}
    for i, l in enumerate(labels):
        tp, support, predicted = cm[i, i], cm[i].sum(), cm[:, i].sum()
        p, r = _safe(tp, predicted), _safe(tp, support)
        f1 = (2 * p * r / (p + r) if p and r else 0.0) if support else None
        per_class[l] = {"precision": p, "recall": r, "f1": f1, "support": int(support)}
    present = [l for l in labels if per_class[l]["support"]]
    out = {
        "n": int(cm.sum()),
        "accuracy": _safe(np.trace(cm), cm.sum()),
        "macro_f1": float(np.mean([per_class[l]["f1"] for l in present])) if present else None,
        "balanced_accuracy": float(np.mean([per_class[l]["recall"] for l in present])) if present else None,
        "leak_rate": _safe(cm[idx[WITHHELD], idx[PROACTIVE]], cm[idx[WITHHELD]].sum()),
        "over_withholding_rate": _safe(cm[idx[PROACTIVE], idx[WITHHELD]], cm[idx[PROACTIVE]].sum()),
        "per_class": per_class,
        "confusion": {"labels": labels, "matrix": cm.tolist()},
    }
    if proba is not None and len(y_true):
        out["calibration"] = calibration([idx[t] for t in y_true], np.asarray(proba))
    return out


def binary(public_true: list[bool], public_pred: list[bool]) -> dict:
    """主动公开 vs not: recall of each side, balanced accuracy, and the share of non-public
    documents predicted public (the binary leak)."""
    t, p = np.array(public_true, bool), np.array(public_pred, bool)
    rec_pub = _safe((t & p).sum(), t.sum())
    rec_non = _safe((~t & ~p).sum(), (~t).sum())
    present = [r for r in (rec_pub, rec_non) if r is not None]
    return {"n": int(len(t)), "n_public": int(t.sum()), "n_non_public": int((~t).sum()),
            "recall_public": rec_pub, "recall_non_public": rec_non,
            "balanced_accuracy": float(np.mean(present)) if present else None,
            "accuracy": _safe((t == p).sum(), len(t)),
            "non_public_predicted_public": _safe((~t & p).sum(), (~t).sum())}


def calibration(y_idx: list[int], proba: np.ndarray, bins: int = 10) -> dict:
    """Expected calibration error of the top-label confidence, with the reliability bins."""
    conf = proba.max(1)
    correct = (proba.argmax(1) == np.asarray(y_idx)).astype(float)
    edges = np.linspace(0, 1, bins + 1)
    table, ece = [], 0.0
    for lo, hi in zip(edges[:-1], edges[1:]):
        m = (conf > lo) & (conf <= hi) if lo > 0 else (conf >= lo) & (conf <= hi)
        if m.any():
            ece += m.mean() * abs(correct[m].mean() - conf[m].mean())
            table.append({"lo": float(lo), "hi": float(hi), "n": int(m.sum()),
                          "confidence": float(conf[m].mean()), "accuracy": float(correct[m].mean())})
    return {"ece": float(ece), "bins": table}
