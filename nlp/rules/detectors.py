"""Detectors that turn codebook rules into evidence: the entry point :func:`detect`.

Each detector looks at the prepared text and its parsed structure and returns :class:`Finding`
objects: a reason code, a strength in [0, 1] and spans into the prepared text. Strength semantics:
>= 0.9 the codebook decides on this alone (only a 密级 mark and 文种 请示), 0.5–0.9 strong evidence,
< 0.5 a weak cue. The decision layer (:mod:`nlp.decision`) weighs them. The detectors live in small
modules by subject, in the codebook's decision order:

- :mod:`.secrecy` — 密级/保密期限, 内部资料, 工作秘密, 维稳 (第十四条)
- :mod:`.personal_info`, :mod:`.commercial` — privacy and trade secrets (第十五条)
- :mod:`.doc_kinds`, :mod:`.approvals`, :mod:`.cases` — 文种, 行文方向, 批复 scope, persons and cases
- :mod:`.topics` — 第二十条/二十一条 subjects, audience, internal routine
"""
from __future__ import annotations

from functools import lru_cache

from ..text.structure import GongwenStructure, parse_structure
from . import approvals, cases, commercial, doc_kinds, personal_info, secrecy, topics
from .base import Doc, Finding

DETECTORS = (secrecy.DETECTORS + personal_info.DETECTORS + commercial.DETECTORS + doc_kinds.DETECTORS
             + approvals.DETECTORS + cases.DETECTORS + topics.DETECTORS)

__all__ = ["DETECTORS", "Finding", "detect", "findings_of"]


def detect(text: str, s: GongwenStructure) -> list[Finding]:
    """All findings for one document, strongest first (ties keep the codebook order above)."""
    doc = Doc(text, s)
    found: list[Finding] = []
    for detector in DETECTORS:
        found.extend(detector(doc))
    return sorted(found, key=lambda f: -f.strength)


@lru_cache(maxsize=512)
def _findings_of(text: str) -> tuple[Finding, ...]:
    return tuple(detect(text, parse_structure(text)))


def findings_of(text: str) -> list[Finding]:
    """:func:`detect` on a prepared text with its parsed structure, cached: the model's rule features
    and the decision layer both ask for the findings of the same text."""
    return list(_findings_of(text))
