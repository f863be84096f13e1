"""Detectors that turn codebook rules into evidence.

Each detector looks at the prepared text and its parsed structure and returns :class:`Finding`
objects: a reason code, a strength in [0, 1] (1 = the codebook decides on this alone, e.g. a 密级
mark), and spans into the prepared text. The decision layer (:mod:`nlp.decision`) weighs them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..text.structure import GongwenStructure


@dataclass
class Finding:
    code: str
    strength: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    detector: str = ""
    note: str = ""


def _spans(pattern: re.Pattern, text: str, limit: int = 3) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in pattern.finditer(text)][:limit]


_INTERNAL_NOTICE = re.compile(r"内部资料[，,\s]*注意保存|内部资料|工作秘密")
_PROCESS_CLOSING = re.compile(r"妥否，?请(?:批示|审批|指示|批复)|当否，?请批示|特此请示|请予(?:审批|批准|批复)|以上报告，?请审阅")
_CONSULT = re.compile(r"征求[^，。\n]{0,30}意见的函|请[^。\n]{0,20}(?:研提|提出|反馈)[^。\n]{0,10}(?:书面)?意见|会签意见")
_PUBLIC_CONSULT = re.compile(r"公开征求(?:社会各界|公众)?意见|向社会(?:公开)?征求意见|社会各界人士")
_SECURITY = re.compile(r"维稳|维护稳定|敏感舆情|舆情(?:管控|处置)|群体性事件|重点人员稳控|安保方案|涉密会议")


def detect(text: str, s: GongwenStructure) -> list[Finding]:
    """All findings for one document, strongest first."""
    found: list[Finding] = []
    if s.secret is not None:
        found.append(Finding("WH-A14-SECRET", 1.0, [(s.secret.start, s.secret.end)], "secret_mark",
                             f"密级标志“{s.secret.text}”"))
    elif _INTERNAL_NOTICE.search(text[:300]):
        found.append(Finding("WH-A14-SECRET", 0.6, _spans(_INTERNAL_NOTICE, text[:300]), "internal_notice",
                             "内部资料/工作秘密提示"))
    if _SECURITY.search(text):
        found.append(Finding("WH-A14-SECURITY", 0.4, _spans(_SECURITY, text), "security_topic", "维稳/敏感事件处置内容"))
    if s.doc_type == "请示":
        spans = [(s.title.start, s.title.end)] if s.title else []
        found.append(Finding("WH-A16-PROCESS", 0.9, spans + _spans(_PROCESS_CLOSING, text, 1), "doc_type",
                             "文种为请示（过程性信息）"))
    elif _PROCESS_CLOSING.search(text[-400:]) and s.doc_type in (None, "报告", "函"):
        found.append(Finding("WH-A16-PROCESS", 0.6, _spans(_PROCESS_CLOSING, text), "process_closing",
                             "请求上级批示的结语"))
    if _CONSULT.search(text) and not _PUBLIC_CONSULT.search(text):
        found.append(Finding("WH-A16-PROCESS", 0.6, _spans(_CONSULT, text), "consultation_letter",
                             "向部门征求意见的函件"))
    if _PUBLIC_CONSULT.search(text):
        found.append(Finding("PUB-A19", 0.6, _spans(_PUBLIC_CONSULT, text), "public_consultation",
                             "向社会公开征求意见"))
    return sorted(found, key=lambda f: -f.strength)
