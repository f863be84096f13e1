"""Structure features of a 公文: 文种, 行文方向, 密级 and the presence of GB/T 9704 elements.

They carry what word statistics miss: a 请示 is process information whatever its topic,
a 下行 通知 to 各乡镇 addresses the public administration, a 密级 mark means withheld.
"""
from __future__ import annotations

import re

from ..labels import REASON_CODES
from ..text.structure import DOC_TYPES, GongwenStructure

DIRECTIONS = ("上行", "平行", "下行", "未知")
_UPWARD_TYPES = {"请示", "报告"}
_DOWNWARD = re.compile(r"^各|各(?:乡镇|区县|县区|市|区|县|镇|街道|有关|部门|单位|直属|委|办|局|学校|医院)")
_SUPERIOR = re.compile(r"(?:省|市|县|区|州|盟)?(?:人民政府|委员会|厅|部|局|委)$")
_PUBLIC_AUDIENCE = re.compile(r"社会各界|广大(?:市民|群众|人民群众|居民|考生|消费者|经营者)|全体(?:市民|居民|村民)|各有关单位和个人|公民、法人")


def direction(s: GongwenStructure, text: str) -> str:
    """行文方向 from 文种, 签发人 and the 主送机关."""
    recipients = s.recipients.text if s.recipients else ""
    if s.doc_type in _UPWARD_TYPES or s.signer is not None:
        return "上行"
    if s.doc_type == "批复" or (recipients and _DOWNWARD.search(recipients)):
        return "下行"
    if s.doc_type == "函":
        return "平行"
    if recipients and _SUPERIOR.search(recipients) and "各" not in recipients:
        return "上行" if re.search(r"妥否|请批示|请审批|特此报告|请予审批", text[-300:]) else "平行"
    return "未知"


def feature_names(rule_features: bool = False) -> list[str]:
    names = ([f"文种={t}" for t in DOC_TYPES] + ["文种=未知"] + [f"方向={d}" for d in DIRECTIONS]
             + ["密级", "发文字号", "签发人", "主送", "抄送", "附件", "转发", "印发", "面向社会公众", "短文"])
    return names + ([f"规则={c}" for c in REASON_CODES] if rule_features else [])


def rule_vector(text: str) -> list[float]:
    """Per reason code, the strongest detector finding (0 when none): lets the model learn how far
    to trust each codebook detector instead of a hand-set weight."""
    from ..rules import findings_of

    best = dict.fromkeys(REASON_CODES, 0.0)
    for f in findings_of(text):
        best[f.code] = max(best[f.code], f.strength)
    return list(best.values())


def structure_vector(s: GongwenStructure, text: str) -> list[float]:
    """Binary features in the order of :func:`feature_names`."""
    types = [float(s.doc_type == t) for t in DOC_TYPES] + [float(s.doc_type is None)]
    d = direction(s, text)
    dirs = [float(d == x) for x in DIRECTIONS]
    flags = [s.secret is not None, s.doc_number is not None, s.signer is not None, s.recipients is not None,
             s.cc is not None, s.attachments is not None, "转发" in s.notes, "印发" in s.notes,
             bool(_PUBLIC_AUDIENCE.search(text)), len(text) < 400]
    return types + dirs + [float(f) for f in flags]
