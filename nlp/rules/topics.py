"""Subject matter (条例 第二十条、第二十一条) and audience cues: weak-to-medium evidence.

Why weak: a topic says what a document is *about*, not whether the document itself is public: a
请示 about the budget is still a 请示. So topics never exceed 0.45 and are capped further when the
document goes upward or sideways (上行/平行). Audience cues (社会各界, 各乡镇人民政府 vs 机关各科室)
and internal routine (值班、考勤、培训、办公用房、公务用车、后勤) separate public-facing documents from
the agency's own housekeeping (REQ-INTERNAL). :func:`classify_title` is shared with the detector
of 转发/印发 documents, which inherit the attribute of what they forward.
"""
from __future__ import annotations

import re

from .base import Doc, Finding, unique
from .cases import _PERSONNEL_TITLE

# (code, pattern, strength when in the title, short note); specific items first
_TOPICS: list[tuple[str, re.Pattern, float, str]] = [(c, re.compile(p), w, n) for c, p, w, n in [
    ("PUB-A20-7", r"部门预算|部门决算|预决算|预算公开|决算公开|预算执行情况|预算草案|决算草案|“?三公”?经费|"
                  r"一般公共预算|政府性基金预算|收支预算总表", 0.45, "财政预算、决算"),
    ("PUB-A20-8", r"行政事业性收费|收费标准|收费项目|收费目录|收费清单|涉企收费", 0.45, "行政事业性收费"),
    ("PUB-A20-9", r"政府(?:集中)?采购|集中采购目录|采购意向|采购公告|中标(?:结果)?公告|成交(?:结果)?公告|中标候选人",
     0.45, "政府采购"),
    ("PUB-A20-14", r"公务员(?:招考|招录|考试录用|录用)|考试录用(?:公务员)?|招录公告|拟录用(?:公务员)?人员|遴选公务员",
     0.45, "公务员招考"),
    ("PUB-A20-4", r"统计公报|统计数据|统计年鉴|数据公报|人口普查|经济普查|国民经济和社会发展统计", 0.45, "统计信息"),
    ("PUB-A20-12", r"应急预案|预警(?:信息|信号|发布)|突发(?:公共)?事件|防汛|抗旱|地质灾害|气象灾害|重污染天气|"
                   r"森林(?:草原)?防灭火|防灾减灾", 0.45, "突发公共事件应急预案、预警"),
    ("PUB-A20-13", r"监督抽检|抽检(?:结果|情况)|抽查结果|双随机|食品安全|药品安全|产品质量|"
                   r"安全生产(?:检查|大检查|执法|监督|明查暗访)|环境(?:空气)?质量|水环境质量|督查(?:通报|情况)|例行监测",
     0.4, "监督检查情况"),
    ("PUB-A20-6", r"行政处罚|处罚结果|行政强制|裁量(?:权)?基准|违法典型案例", 0.4, "行政处罚、行政强制"),
    ("PUB-A20-5", r"行政许可|许可事项|审批事项|办事指南|政务服务事项|准予(?:行政)?许可", 0.4, "行政许可及对外服务"),
    ("PUB-A20-10", r"重大(?:建设)?项目|重点项目|政府投资项目", 0.4, "重大建设项目"),
    ("PUB-A21", r"(?:房屋|土地|集体土地)征收|征收(?:土地|房屋|集体土地|补偿)|征地|拆迁|补偿安置|临时救助|社会救助|"
                r"医疗救助|最低生活保障|低保|特困(?:人员)?供养|农村土地|土地承包|宅基地|农村集体|农田水利|人居环境",
     0.4, "征收、救助、农村土地等（第二十一条）"),
    ("PUB-A20-11", r"扶贫|乡村振兴|防止返贫|义务教育|学生资助|医疗保障|社会保障|养老保险|养老服务|促进就业|就业补助|"
                   r"创业担保|保障性(?:租赁)?住房|课后服务", 0.4, "扶贫、教育、医疗、社保、就业"),
    ("PUB-A20-2", r"机构职能|职能配置|内设机构|主要职责|办公地址|领导分工|领导成员|领导同志工作分工|咨询电话|"
                  r"(?:办公|服务)(?:地址|场所)[^的，。]{0,4}(?:变更|搬迁)|服务中心搬迁", 0.4, "机构职能、办公地址、联系方式、领导信息"),
]]
# "区人力资源和社会保障局", "自然资源和规划局": the topic word is part of an agency's name
_ORG_AFTER = re.compile(r"[局厅部委处科办所院站]|中心|服务中心")
_PLAN = re.compile(r"规划|实施方案|行动方案|行动计划|工作方案|发展计划|计划草案|项目计划|建设计划")
_REGULATION_TYPES = {"办法", "规定", "细则"}
_REGULATION_BODY = re.compile(r"行政规范性文件|本(?:办法|规定|细则|规则|实施意见|意见)自[^。\n]{0,20}施行")

_PUBLIC_AUDIENCE = re.compile(
    r"社会各界|社会公众|广大(?:市民|群众|人民群众|居民|考生|消费者|经营者|农民|游客|车主|业主)|全体(?:市民|居民|村民)|"
    r"各有关单位和个人|公民、法人(?:和|或者)其他组织|各乡镇人民政府|各街道办事处|各(?:乡|镇|乡镇|街道|区县|县区)(?=[，、：\n])")
_INTERNAL_AUDIENCE = re.compile(
    r"机关各(?:科室|处室|股室|部门)|[局委厅办]机关各(?:科室|处室|股室|单位)|各(?:处室|科室|股室)|"
    r"本单位全体(?:干部|职工|人员|同志)?|机关全体(?:干部|人员|工作人员|同志)|全体干部职工")
_ROUTINE = re.compile(
    r"值班|值守|考勤|签到|请销假|请休假|(?<!职业技能)(?<!就业)(?<!创业)(?<!技能)培训(?!补贴|机构)|办公用房|公务用车(?!制度改革)|"
    r"后勤(?!部|学院|保障部)|食堂|印章|公文处理|收发文|作息时间|学习计划|办公设备")
_ROUTINE_LOOKALIKE = re.compile(r"校外培训|培训补贴|培训机构|职业技能培训|公务用车制度改革")


def classify_title(title: str) -> tuple[str, float, tuple[int, int], str] | None:
    """The 第二十条/二十一条 item a title belongs to: (code, strength, span in title, note), or None."""
    for code, pattern, strength, note in _TOPICS:
        m = pattern.search(title)
        if m:
            return code, strength, (m.start(), m.end()), note
    m = _PLAN.search(title)
    if m:
        return "PUB-A20-3", 0.4, (m.start(), m.end()), "规划、计划、方案"
    return None


def routine_in(title: str) -> re.Match | None:
    """An internal-routine word in ``title`` (值班、考勤、培训……), look-alikes excluded."""
    if _ROUTINE_LOOKALIKE.search(title):
        return None
    return _ROUTINE.search(title)


def _cap(doc: Doc, strength: float) -> float:
    # a topic of an upward or sideways document (请示、报告、函) is not a reason to publish it
    return min(strength, 0.3) if doc.direction in ("上行", "平行") else strength


def topics(doc: Doc) -> list[Finding]:
    """第二十条/二十一条 items named in the title (0.4–0.45) or repeatedly in the body (0.2–0.3)."""
    text, out = doc.text, []
    internal_title = routine_in(doc.heading_text) is not None
    for code, pattern, strength, note in _TOPICS:
        hits = [m for m in pattern.finditer(text) if not _ORG_AFTER.match(text, m.end())]
        if not hits:
            continue
        titled = [m for m in hits if doc.in_heading(m.start(), m.end())]
        if titled:
            w = strength
        elif len(hits) >= 2:
            w = 0.3
        else:
            w = 0.2
        if internal_title:
            w = min(w, 0.25)
        spans = unique([(m.start(), m.end()) for m in titled + hits], 3)
        out.append(Finding(code, _cap(doc, w), spans, "topic", f"第二十条/二十一条事项：{note}"))
    t0 = doc.heading[0] if doc.heading else 0
    if doc.title and not internal_title and doc.s.doc_type in _REGULATION_TYPES:
        out.append(Finding("PUB-A20-1", _cap(doc, 0.45), doc.title_span, "topic", f"文种为{doc.s.doc_type}（规范性文件）"))
    else:
        m = _REGULATION_BODY.search(text)
        if m and not internal_title:
            out.append(Finding("PUB-A20-1", _cap(doc, 0.4), [(m.start(), m.end())], "topic", "规范性文件（施行条款）"))
    m = next((m for m in _PLAN.finditer(doc.heading_text) if not _ORG_AFTER.match(doc.heading_text, m.end())), None)
    m = None if internal_title else m
    if m:
        out.append(Finding("PUB-A20-3", _cap(doc, 0.4), [(t0 + m.start(), t0 + m.end())], "topic", "规划、计划、方案"))
    return out


def audience(doc: Doc) -> list[Finding]:
    """Who the document addresses: the public (PUB-A19, weak) or the agency's own staff (REQ-INTERNAL, weak)."""
    text, out = doc.text, []
    pub = [m for m in _PUBLIC_AUDIENCE.finditer(text)]
    if pub:
        out.append(Finding("PUB-A19", 0.3, unique([(m.start(), m.end()) for m in pub], 2), "audience",
                           f"面向社会或下级政府：“{pub[0].group()}”"))
    internal = [m for m in _INTERNAL_AUDIENCE.finditer(text)]
    if internal:
        out.append(Finding("REQ-INTERNAL", 0.3, unique([(m.start(), m.end()) for m in internal], 2), "audience",
                           f"面向机关内部：“{internal[0].group()}”"))
    return out


def internal_routine(doc: Doc) -> list[Finding]:
    """值班、考勤、培训、办公用房、公务用车、后勤: the agency's housekeeping (REQ-INTERNAL)."""
    text = doc.text
    title_hit = routine_in(doc.heading_text) if doc.heading else None
    lookalikes = [(m.start(), m.end()) for m in _ROUTINE_LOOKALIKE.finditer(text)]
    hits = [m for m in _ROUTINE.finditer(text)
            if not any(a <= m.start() < b for a, b in lookalikes)]
    if not title_hit and not hits:
        return []
    internal_audience = bool(_INTERNAL_AUDIENCE.search(text))
    kinds = {m.group() for m in hits}
    if title_hit:
        strength = 0.55 if internal_audience else 0.5
        topic = classify_title(doc.heading_text)
        if (doc.direction == "上行" or _PERSONNEL_TITLE.search(doc.heading_text) or "保密" in doc.heading_text
                or (topic and topic[0] != "PUB-A20-3")):
            strength = 0.3  # a 请示 about office space, a 通报 on absence, a "三公"经费 budget: not housekeeping
        t0 = doc.heading[0]
        spans = [(t0 + title_hit.start(), t0 + title_hit.end())]
    else:
        strength = (0.3 if len(kinds) >= 2 else 0.2) + (0.1 if internal_audience else 0.0)
        spans = []
    spans = unique(spans + [(m.start(), m.end()) for m in hits], 3)
    return [Finding("REQ-INTERNAL", strength, spans, "internal_routine",
                    "机关内部事务：" + "、".join(sorted(kinds | ({title_hit.group()} if title_hit else set()))[:4]))]


DETECTORS = (topics, audience, internal_routine)
