"""Scope of a 批复/复函 (codebook edge cases): public plan, project or regulation vs one unit's routine matter.

Why: 批复 is the genre where the same form carries opposite labels. Approving a 规划, a 方案, a 开发区
or an administrative division change → PUB-A20-3; a project's 可研/初步设计/核准/环评 → PUB-A20-10;
a 批复 or 复函 on one unit's 经费、用房、车辆、编制外人员、设备、更名备案 → REQ-SPECIFIC. The subject is
read from the title (or the quoted 请示 when no title was parsed); when words of both kinds occur,
the one nearest the end ("……项目经费的批复") names the object and the finding is weaker.
"""
from __future__ import annotations

import re

from .base import Doc, Finding

_PLAN = re.compile(r"规划|总体方案|实施方案|规划方案|方案|计划|开发区|园区|度假区|高新区|新区|街区|行政区划|"
                   r"撤销[^的]{0,12}设立|设立[^的]{0,12}(?:镇|乡|街道|市|区|县)|办法|规定|细则|条例|政策")
_PROJECT = re.compile(r"项目|工程|可行性研究报告|可研|初步设计|立项|核准|环境影响报告[书表]?|建设")
_ROUTINE = re.compile(
    r"经费|资金|用房|办公场所|场地|车辆|用车|采血车|编制外|编外|劳务派遣|招用|聘用|借调|设备|仪器|购置|处置|报废|固定资产|"
    r"维修|装修|出租|出国|出境|内设科室|科室更名|更名备案|校名备案|名称变更|备案|许可证|换证|转籍|采伐指标|延长工期|"
    r"变更设计|指导单位|召开[^的]{0,20}会|展览|预算|审核|评审|技改|调整[^的]{0,30}(?:内容|支出|结构)")
_CONSULT = re.compile(r"征求意见稿|送审稿|讨论稿|会签")


def _subject(doc: Doc) -> tuple[str, int] | None:
    """The title (or the quoted request) whose object the reply decides on, and its offset."""
    if doc.title and not doc.title_is_citation:
        return doc.title, doc.title_start
    m = re.search(r"《([^《》]{4,120}?(?:请示|报告|函))》(?:（[^）]{0,30}）)?(?:已)?收悉", doc.text)
    if m:
        return m.group(1), m.start(1)
    return None


def approval_scope(doc: Doc) -> list[Finding]:
    """批复/复函 → PUB-A20-3 / PUB-A20-10 (public plan, project, regulation) or REQ-SPECIFIC (routine matter)."""
    if not doc.is_reply or _CONSULT.search(doc.text[:600]):
        return []
    subj = _subject(doc)
    if subj is None:
        return []
    subject, off = subj
    last: dict[str, re.Match] = {}
    for code, pattern in (("PUB-A20-3", _PLAN), ("PUB-A20-10", _PROJECT), ("REQ-SPECIFIC", _ROUTINE)):
        for m in pattern.finditer(subject):
            last[code] = m
    if not last:
        return []
    code, m = max(last.items(), key=lambda kv: kv[1].end())
    public = {"PUB-A20-3", "PUB-A20-10"} & set(last)
    mixed = bool(public) if code == "REQ-SPECIFIC" else "REQ-SPECIFIC" in last
    strength = 0.5 if mixed else 0.6
    kind = "复函" if doc.title.endswith("复函") else "批复"
    what = {"PUB-A20-3": "规划、方案、区划或规范", "PUB-A20-10": "建设项目",
            "REQ-SPECIFIC": "单一单位的具体事项"}[code]
    return [Finding(code, strength, [(off + m.start(), off + m.end())], "approval_scope",
                    f"{kind}事项“{m.group()}”：{what}")]


_ALLOCATION = re.compile(r"(?:下达|拨付|核拨|追加|安排)[^的。\n]{0,40}(?:资金|经费|补助|补贴)")


def specific_allocation(doc: Doc) -> list[Finding]:
    """A fund allocation addressed to named units (not 各……) → REQ-SPECIFIC."""
    r = doc.recipients
    if (doc.is_reply or not doc.title or r is None or doc.direction == "上行" or "申请" in doc.title
            or "各" in r.text):
        return []
    m = _ALLOCATION.search(doc.title)
    if not m:
        return []
    t0 = doc.title_start
    return [Finding("REQ-SPECIFIC", 0.5, [(t0 + m.start(), t0 + m.end()), (r.start, r.end)], "specific_allocation",
                    f"向特定单位（{r.text[:30]}）下达/拨付资金")]


DETECTORS = (approval_scope, specific_allocation)
