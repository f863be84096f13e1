"""The decision layer: model probabilities + detector findings → label, reason codes, legal
basis, evidence and the review flag, following the codebook's decision order.

Order (CODEBOOK §Decision order): strong findings that the codebook decides on alone (a 密级 mark,
a 请示) override the model; otherwise the model's calibrated label stands, and its reason codes
are preceded by agreeing findings. Disagreement and low confidence raise ``needs_review``.
What varies between localities is in the policy file (``nlp/resources/policy.json``).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .articles import legal_basis
from .labels import DEFAULT_CODE, LABELS, NOTE_LINES, REASON_CODES
from .rules import Finding

DEFAULT_POLICY = Path(__file__).resolve().parent / "resources" / "policy.json"


def load_policy(path: str | Path | None = None) -> dict:
    policy = json.loads(DEFAULT_POLICY.read_text(encoding="utf-8"))
    if path:
        policy.update(json.loads(Path(path).read_text(encoding="utf-8")))
    return policy


def adjust_to_priors(proba: np.ndarray, train_priors: dict, priors: dict | None) -> np.ndarray:
    """Bayes prior shift: p'(y|x) ∝ p(y|x)·π_new(y)/π_train(y). The model is trained on a
    balanced mix; an office whose real mix is 95% 主动公开 sets ``class_priors`` in the policy."""
    if not priors:
        return proba
    w = np.array([priors[l] / max(train_priors.get(l, 1 / 3), 1e-9) for l in LABELS])
    p = proba * w
    return p / p.sum(-1, keepdims=True)


def min_expected_cost(proba: np.ndarray, costs: dict | None) -> str:
    """The label with the least expected cost under ``costs[true][predicted]`` (argmax without costs)."""
    if not costs:
        return LABELS[int(proba.argmax())]
    c = np.array([[costs[t][p] for p in LABELS] for t in LABELS], dtype=float)
    return LABELS[int((proba @ c).argmin())]


@dataclass
class Decision:
    label: str
    probabilities: dict
    codes: list[str]
    evidence: list[dict]
    needs_review: bool
    review_reasons: list[str] = field(default_factory=list)
    decided_by: str = "model"

    @property
    def basis(self) -> dict:
        return legal_basis(self.codes[0])

    def as_dict(self) -> dict:
        return {"label": self.label, "probabilities": self.probabilities, "codes": self.codes,
                "basis": self.basis, "note_line": NOTE_LINES[self.label], "evidence": self.evidence,
                "needs_review": self.needs_review, "review_reasons": self.review_reasons,
                "decided_by": self.decided_by}


_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")


def model_passages(text: str, drivers: list[tuple[str, float]], code: str, limit: int = 2) -> list[dict]:
    """Sentences of ``text`` holding the most weight of the model's driving n-grams."""
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.group().strip()]
    if not sentences:
        return []
    scores = np.zeros(len(sentences))
    starts = np.array([a for a, _ in sentences])
    for name, weight in drivers:
        kind, _, gram = name.partition(":")
        if kind not in ("char", "word"):
            continue
        gram = gram.replace(" ", "")
        if len(gram) < 2:
            continue
        hits = [m.start() for m in re.finditer(re.escape(gram), text)][:20]
        for h in hits:
            scores[max(0, np.searchsorted(starts, h, side="right") - 1)] += weight / len(hits)
    best = [i for i in np.argsort(-scores)[:limit] if scores[i] > 0]
    return [{"start": sentences[i][0], "end": sentences[i][1], "text": text[sentences[i][0]:sentences[i][1]],
             "code": code, "source": "model"} for i in sorted(best)]


def decide(text: str, proba: np.ndarray, model_codes: list[str], drivers: list[tuple[str, float]],
           findings: list[Finding], policy: dict, train_priors: dict | None = None) -> Decision:
    proba = adjust_to_priors(np.asarray(proba, dtype=float), train_priors or {}, policy.get("class_priors"))
    model_label = min_expected_cost(proba, policy.get("costs"))
    reasons: list[str] = []
    decided_by = "model"
    label, codes = model_label, list(model_codes)
    hard = [f for f in findings if f.strength >= policy["hard_override_min_strength"]
            and (f.detector != "secret_mark" or policy["secret_mark_withholds"])]
    if hard:
        rule_label = REASON_CODES[hard[0].code].label
        if rule_label != model_label:
            reasons.append(f"rule {hard[0].detector} ({hard[0].code}) overrides the model's {model_label}")
        label, decided_by = rule_label, f"rule:{hard[0].detector}"
        codes = []
    agreeing = [f.code for f in findings if REASON_CODES[f.code].label == label and f.strength >= 0.5]
    codes = [c for c in codes if REASON_CODES[c].label == label]
    codes = list(dict.fromkeys(agreeing + codes)) or [DEFAULT_CODE[label]]
    confidence = float(proba[LABELS.index(label)])
    if decided_by == "model" and confidence < policy["review_below_confidence"]:
        reasons.append(f"low confidence {confidence:.2f}")
    if policy["review_when_rules_disagree"]:
        for f in findings:
            if f.strength >= 0.5 and REASON_CODES[f.code].label != label:
                reasons.append(f"{f.detector} suggests {REASON_CODES[f.code].label} ({f.code})")
    if policy.get("review_every_non_public") and label != LABELS[0]:
        reasons.append("non-public decisions are confirmed by a person")
    evidence = [{"start": a, "end": b, "text": text[a:b], "code": f.code, "source": f.detector}
                for f in findings for a, b in f.spans]
    evidence += model_passages(text, drivers, codes[0])
    evidence.sort(key=lambda e: e["start"])
    return Decision(label, {l: round(float(p), 4) for l, p in zip(LABELS, proba)}, codes, evidence,
                    bool(reasons), reasons, decided_by)


def model_only(policy: dict) -> dict:
    """``policy`` for the model alone: argmax, no costs, no prior shift (for side-by-side evaluation)."""
    return {**policy, "costs": None, "class_priors": None}


def decide_by_rules(text: str, findings: list[Finding]) -> Decision:
    """The detectors alone: the label of the strongest finding; with no finding, 主动公开 —
    openness is the default (条例 第五条). For comparison with the model and the combination."""
    if findings:
        top = findings[0]
        label, codes = REASON_CODES[top.code].label, [f.code for f in findings if REASON_CODES[f.code].label == REASON_CODES[top.code].label]
        conf = 0.34 + 0.66 * top.strength
    else:
        label, codes, conf = LABELS[0], ["PUB-A19"], 0.34
    rest = (1 - conf) / 2
    proba = {l: round(conf if l == label else rest, 4) for l in LABELS}
    evidence = [{"start": a, "end": b, "text": text[a:b], "code": f.code, "source": f.detector}
                for f in findings for a, b in f.spans]
    return Decision(label, proba, list(dict.fromkeys(codes)), evidence, not findings,
                    [] if findings else ["no rule fired"], "rules")
