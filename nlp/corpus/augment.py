"""Format augmentation for training: the same document as a real export would damage it.

Real archives (and most of ``../shared/corpora/real``) arrive with line breaks lost, OCR
confusions and the 版头 run into the title; drafts arrive without 版头/版记. Training on such
variants of the same labelled text teaches the model that format is not evidence. The variants
are made at training time only — they are not corpus documents and never enter dev or test.
"""
from __future__ import annotations

import random
import re

_OCR = [("已", "己"), ("日", "曰"), ("0", "O"), ("一", "—"), ("人", "入"), ("未", "末"), ("土", "士")]
_HEADER = re.compile(r"^(?:\d{6}|.{2,30}文件|.{0,20}〔\d{4}〕\d+号|签发人.*|[绝机]?密★.*|特急|加急)$")
_FOOTER = re.compile(r"^(?:抄送[：:].*|.{2,40}\d{4}年\d{1,2}月\d{1,2}日印发)$")


def run_on(text: str) -> str:
    """All line breaks lost, as in PDF/OCR exports."""
    return "".join(text.split("\n"))


def ocr_noise(text: str, rng: random.Random, rate: float = 0.004) -> str:
    chars = list(text)
    for i, c in enumerate(chars):
        if rng.random() < rate * 10:
            for a, b in _OCR:
                if c == a and rng.random() < 0.1:
                    chars[i] = b
    return "".join(chars)


def as_draft(text: str) -> str:
    """Without 版头 and 版记 lines, as a clerk pastes a draft."""
    return "\n".join(l for l in text.split("\n") if not (_HEADER.match(l.strip()) or _FOOTER.match(l.strip())))


def variant(text: str, rng: random.Random) -> str:
    """One damaged variant of ``text``: a draft form or a run-on export, sometimes with OCR noise."""
    out = as_draft(text) if rng.random() < 0.3 else text
    if rng.random() < 0.7:
        out = run_on(out)
    if rng.random() < 0.3:
        out = ocr_noise(out, rng)
    return out
