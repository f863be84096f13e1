"""An ensemble of disclosure models: the weighted mean of their calibrated probabilities.

Reason codes and drivers (evidence) come from the first member, which should be the most
interpretable one (the classical model). Used by the report to compare the classical model,
the transformer and their combination under the same decision layer.
"""
from __future__ import annotations

import numpy as np

from ..labels import LABELS, REASON_CODES
from ..text import prepare


class EnsembleDisclosureModel:
    def __init__(self, models: list, weights: list[float] | None = None):
        self.models = models
        self.weights = np.asarray(weights or [1.0] * len(models), dtype=float) / sum(weights or [1.0] * len(models))
        self.metadata = {**getattr(models[0], "metadata", {}),
                         "version": "+".join(getattr(m, "metadata", {}).get("version", "?") for m in models)}

    def analyse(self, texts: list[str], top_features: int = 25):
        first = self.models[0].analyse(texts, top_features)
        others = [m.analyse(texts, 0) for m in self.models[1:]]  # only their probabilities are used
        for i, a in enumerate(first):
            p = self.weights[0] * np.asarray(a["probabilities"])
            for w, o in zip(self.weights[1:], others):
                p = p + w * np.asarray(o[i]["probabilities"])
            a["probabilities"] = p
            label = LABELS[int(p.argmax())]
            a["codes"] = [c for c in a["codes"] if REASON_CODES[c].label == label] or a["codes"]
        return first

    def predict_proba(self, texts, prepared: bool = False):
        texts = list(texts) if prepared else [prepare(t)[0] for t in texts]
        return np.stack([np.asarray(a["probabilities"]) for a in self.analyse(texts, 0)])
