"""Assembling training data and training the classical model reproducibly.

Training set = project corpora (train split) + the real set's non-test part:
- rows with a three-class label are used as they are;
- real ``marker-soe`` rows say "not public" without saying which non-public class: they enter as a
  *partial label* — one row for 依申请公开 and one for 不予公开, each with weight 0.5 — so no
  three-class label is invented for them (and they are left out of calibration);
- any training row that near-duplicates (MinHash Jaccard ≥ 0.8) a dev or test document of any
  corpus is dropped.
"""
from __future__ import annotations

import datetime as dt
import platform
import sys
from collections import Counter
from dataclasses import dataclass, field

from . import __version__
from .corpus.near_duplicates import near_duplicates_of
from .labels import LABELS, ON_REQUEST, WITHHELD
from .models import ClassicalDisclosureModel
from .models.persistence import fingerprint


@dataclass
class TrainingData:
    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    codes: list[str | None] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    dev: list[dict] = field(default_factory=list)
    held_out: list[dict] = field(default_factory=list)  # all test documents (real + project)
    stats: dict = field(default_factory=dict)

    def add(self, r: dict, label: str, weight: float = 1.0):
        self.texts.append(r["text"])
        self.labels.append(label)
        self.codes.append(r["codes"][0] if r.get("codes") else None)
        self.weights.append(weight)
        self.ids.append(r["id"])


def real_set_if_present(use: bool = True):
    """The real set for training (its non-test part is used), or None — with a note, not a failure —
    on a machine without ``../shared``."""
    if not use:
        return None
    from .corpus import load_real
    from .shared import SharedMissing

    try:
        return load_real()
    except SharedMissing as e:
        print(f"note: {e} Training without the real set.", file=sys.stderr)
        return None


def assemble(real=None, drafts=None, dedup_threshold: float = 0.8) -> TrainingData:
    """Training rows, dev rows and held-out rows from the loaded corpora (either may be None)."""
    data = TrainingData()
    candidates: list[tuple[dict, str, float]] = []
    for ds in (drafts, real):
        if ds is None:
            continue
        for r in ds:
            if r["split"] == "test":
                data.held_out.append(r)
            elif r["split"] == "dev":
                data.dev.append(r)
            elif r["label"] in LABELS:
                candidates.append((r, r["label"], 1.0))
            elif r["public"] is False and r["label_origin"] == "marker-soe":
                candidates += [(r, ON_REQUEST, 0.5), (r, WITHHELD, 0.5)]
    protected = [r["text"] for r in data.held_out + data.dev]
    unique_texts = list(dict.fromkeys(c[0]["text"] for c in candidates))
    bad = {unique_texts[i] for i in near_duplicates_of(unique_texts, protected, dedup_threshold)}
    for r, label, w in candidates:
        if r["text"] not in bad:
            data.add(r, label, w)
    data.stats = {
        "train_rows": len(data.texts),
        "train_documents": len(set(data.ids)),
        "dropped_near_duplicates_of_dev_or_test": len(bad),
        "train_label_weight": {l: round(sum(w for x, w in zip(data.labels, data.weights) if x == l), 1) for l in LABELS},
        "train_by_corpus": dict(Counter(i.split("-")[0] for i in set(data.ids))),
        "dev_documents": len(data.dev),
        "held_out_documents": len(data.held_out),
    }
    return data


def with_format_variants(data: TrainingData, share: float = 0.5, seed: int = 0) -> TrainingData:
    """A copy of ``data`` with damaged-format variants (:mod:`nlp.corpus.augment`) of a ``share`` of
    the training rows added, each at the weight of its original; dev and held-out rows untouched."""
    import random

    from .corpus.augment import variant

    rng = random.Random(seed)
    out = TrainingData(list(data.texts), list(data.labels), list(data.codes), list(data.weights), list(data.ids),
                       data.dev, data.held_out, dict(data.stats))
    for i in range(len(data.texts)):
        if rng.random() < share:
            out.texts.append(variant(data.texts[i], rng))
            out.labels.append(data.labels[i])
            out.codes.append(data.codes[i])
            out.weights.append(data.weights[i])
            out.ids.append(data.ids[i] + "~variant")
    out.stats["format_variants_added"] = len(out.texts) - len(data.texts)
    return out


def train(data: TrainingData, **params) -> ClassicalDisclosureModel:
    model = ClassicalDisclosureModel(**params)
    return model.fit(data.texts, data.labels, codes=data.codes, sample_weight=data.weights)


def metadata(data: TrainingData, metrics: dict, command: str | None = None) -> dict:
    total = sum(data.stats["train_label_weight"].values()) or 1
    return {
        "version": f"{__version__}+{dt.date.today():%Y%m%d}",
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": command or " ".join(["python"] + sys.argv),
        "python": platform.python_version(),
        "training_data_fingerprint": fingerprint(zip(data.ids, data.labels, data.texts)),
        "training_data": data.stats,
        "train_priors": {l: w / total for l, w in data.stats["train_label_weight"].items()},
        "metrics": metrics,
    }
