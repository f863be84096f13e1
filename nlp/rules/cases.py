"""Documents about named persons and cases: 人事任免 vs 干部考察/考核/处分, 行政处罚决定 vs 执法案卷,
信访事项处理意见.

Why together: each pair looks alike on the surface (a person's name, a 案件, a 决定) but the codebook
puts the halves on opposite sides. 任免 of leaders is published (PUB-A20-2) while 考察材料、考核结果、
处分决定 and internal 岗位调整 are withheld personnel information (WH-A16-PERSONNEL). A 行政处罚决定书
is published with personal data redacted (PUB-A20-6), while 调查终结报告、询问笔录、案件审理/法制审核意见
and 事先告知书 are the case file (WH-A16-ENFORCEMENT); a decision that merely *lists* 询问笔录 among
its evidence stays a decision. A 信访 reply naming the petitioner is withheld as privacy.
"""
from __future__ import annotations

import re

from .base import Doc, Finding, spans_of, unique
from .names import addressee, persons_in_roles

_APPOINT_TITLE = re.compile(r"职务任免|任免职务|任免[^的]{0,12}(?:负责人|领导班子成员|职务)|(?:同志)?(?:挂职)?任职的通知|"
                            r"任命[^的]{0,20}(?:职务|负责人)|免去[^的]{0,20}职务|聘任[^的]{0,12}(?:参事|馆员)|人事任免|任前公示")
_APPOINT_BODY = re.compile(r"(?<!建议)(?<!拟)(?<!提名)(?<!提请)(?:任命|聘任)[\u4e00-\u9fff×X某]{2,4}(?:同志)?为|免去[\u4e00-\u9fff×X某]{2,4}(?:同志)?(?:的)?[^。；\n]{0,30}职务")
_PERSONNEL_TITLE = re.compile(
    r"考察(?:情况|材料|报告|结果|意见)|考核(?:情况|结果|等次|为)|平时考核|年度考核结果|处分(?![法条规办])|诫勉|问责(?:决定|情况)|竞聘|拟提拔|拟任|拟晋升|"
    r"职级晋升|民主推荐|民主测评|廉政(?:情况)?意见|党风廉政情况|岗位调整|轮岗交流|绩效(?:工资|奖励)[^的]{0,8}分配|"
    r"编制调整|人员岗位|(?:工作人员|教师|职工|干部)[\u4e00-\u9fff×X某]{1,3}[^的]{0,16}问题的通报|脱岗|违反[^的]{0,10}纪律|"
    r"(?:违规|私用|迟到|早退|擅离)[^的]{0,10}问题的通报|差错情况的通报|违纪|纪律[^的]{0,10}情况的通报|"
    r"(?:同志|职工|干部|机关|工作人员)[^的]{0,16}问题的(?:处理)?通报")
_PRE_APPOINTMENT = re.compile(r"任前公示|拟任[^。\n]{0,20}公示")  # announced before appointment: public
_PERSONNEL_BODY = re.compile(
    r"考察对象|考察组|民主测评|给予[^。；\n]{0,20}(?:警告|记过|记大过|降级|撤职|开除|降低岗位等级)[^。；\n]{0,4}处分|"
    r"(?:党内|政务)(?:警告|严重警告|记过|记大过)|留党察看|开除党籍|诫勉谈话|"
    r"考核(?:确定)?为(?:优秀|称职|基本称职|不称职|合格|不合格)")
_PENALTY_TITLE = re.compile(r"(?<!不予)行政处罚决定书?|行政处罚(?:信息|结果)")
_PENALTY_BODY = re.compile(r"(?:作出|决定给予|给予)[^。\n]{0,30}(?:如下)?行政处罚|行政处罚决定如下")
_CASE_FILE_TITLE = re.compile(
    r"调查终结报告|案件调查报告|案件?的?调查报告|询问(?:笔录|情况)|笔录|案件审理|审理意见|审理报告|法制审核意见|案件审核委员会|"
    r"集体讨论记录|听证报告|事先告知书|立案(?:审批|查处)|办案期限|涉嫌[^。\n]{0,40}案|移送[^。\n]{0,40}案件|案件查办")
_CASE_FILE_BODY = re.compile(r"询问笔录|调查笔录|现场检查笔录|勘验笔录|案件审理意见|调查终结|法制审核意见|承办人意见|立案审批")
_PETITION_TITLE = re.compile(r"信访事项[^的]{0,6}(?:处理|答复|复查|复核)(?:意见)?(?:书)?|信访[^的]{0,8}(?:答复|告知)书|"
                             r"(?:处理|答复|复查|复核)意见书")
_PETITION_BODY = re.compile(r"(?:你|您)[^。\n]{0,40}反映的[^。\n]{0,80}(?:信访事项|问题)|现将处理意见答复如下|信访事项")


def _title_hit(doc: Doc, pattern: re.Pattern) -> list[tuple[int, int]]:
    """Matches of ``pattern`` in the title (or the first line standing for it)."""
    if doc.heading is None:
        return []
    return spans_of(pattern, doc.heading_text, 2, doc.heading[0])


def _top_line_hit(doc: Doc, pattern: re.Pattern, within: int = 200) -> list[tuple[int, int]]:
    """A match on a short line near the top (a 文书 name the parser did not take for a title)."""
    for m in re.finditer(r"[^\n]+", doc.text[:within]):
        if len(m.group()) <= 60:
            hit = pattern.search(m.group())
            if hit:
                return [(m.start() + hit.start(), m.start() + hit.end())]
    return []


def personnel(doc: Doc) -> list[Finding]:
    """任免 → PUB-A20-2; 考察、考核结果、处分、岗位调整 → WH-A16-PERSONNEL."""
    text, out = doc.text, []
    mgmt_title = [] if _PRE_APPOINTMENT.search(doc.heading_text) else _title_hit(doc, _PERSONNEL_TITLE)
    mgmt_body = spans_of(_PERSONNEL_BODY, text)
    if mgmt_title:
        out.append(Finding("WH-A16-PERSONNEL", 0.75, unique(mgmt_title + mgmt_body, 3), "personnel_management",
                           "干部考察/考核/处分/岗位调整等人事管理信息"))
    elif mgmt_body:
        kinds = {text[a:b][:4] for a, b in mgmt_body}
        out.append(Finding("WH-A16-PERSONNEL", 0.45 if len(kinds) >= 2 else 0.4, mgmt_body, "personnel_management",
                           "正文含考察/考核/处分内容"))
    if mgmt_title:
        return out  # a 考察 report that proposes 任命 is still a 考察 report
    title = _title_hit(doc, _APPOINT_TITLE)
    body = spans_of(_APPOINT_BODY, text)
    if title or body:
        strength = 0.65 if title and body else 0.55 if body else 0.5
        out.append(Finding("PUB-A20-2", strength, unique(title + body, 3), "appointment", "领导人事任免（依法公开）"))
    return out


def enforcement(doc: Doc) -> list[Finding]:
    """行政处罚决定书 → PUB-A20-6; 调查终结报告、询问笔录、审理意见、事先告知书 → WH-A16-ENFORCEMENT."""
    text, out = doc.text, []
    decision = _title_hit(doc, _PENALTY_TITLE) or _top_line_hit(doc, _PENALTY_TITLE)
    file_title = _case_file_title(doc)
    file_body = spans_of(_CASE_FILE_BODY, text)
    if decision and not file_title:
        body = spans_of(_PENALTY_BODY, text, 1)
        out.append(Finding("PUB-A20-6", 0.65 if body else 0.6, unique(decision + body, 3), "penalty_decision",
                           "行政处罚决定（依法公开，个人信息须脱敏）"))
        if file_body:  # the decision lists the evidence it rests on
            out.append(Finding("WH-A16-ENFORCEMENT", 0.2, file_body, "enforcement_file", "处罚决定中列举的证据材料"))
        return out
    if file_title:
        out.append(Finding("WH-A16-ENFORCEMENT", 0.75, unique(file_title + file_body, 3), "enforcement_file",
                           "行政执法案卷材料（调查、笔录、审理意见）"))
    elif file_body:
        kinds = {text[a:b] for a, b in file_body}
        out.append(Finding("WH-A16-ENFORCEMENT", 0.55 if len(kinds) >= 2 else 0.45, file_body, "enforcement_file",
                           "正文含执法案卷材料"))
    return out


def petition(doc: Doc) -> list[Finding]:
    """信访事项处理/答复意见 that names the petitioner → WH-A15-PRIVACY."""
    text = doc.text
    kind = _title_hit(doc, _PETITION_TITLE) or _top_line_hit(doc, _PETITION_TITLE)
    if kind and "信访" not in text:
        kind = []
    body = spans_of(_PETITION_BODY, text, 1)
    names = [(a, b) for a, b, role, _ in persons_in_roles(text) if role in ("信访人", "投诉人", "控告人")][:2]
    to = addressee(text)
    if to is not None and (kind or body):
        names = [to] + names
    if kind and names:
        strength, note = 0.7, "信访事项处理/答复意见，载明信访人"
    elif kind or (body and names):
        strength, note = 0.6, "信访事项处理/答复意见"
    elif names:
        strength, note = 0.5, "载明信访人姓名"
    else:
        return []
    return [Finding("WH-A15-PRIVACY", strength, unique(kind + names + body, 3), "petition", note)]


def is_penalty_decision(doc: Doc) -> bool:
    """A 行政处罚决定书 (or a published list of penalty results), not a case-file document."""
    decision = _title_hit(doc, _PENALTY_TITLE) or _top_line_hit(doc, _PENALTY_TITLE)
    return bool(decision) and not _case_file_title(doc)


def _case_file_title(doc: Doc) -> list[tuple[int, int]]:
    if _title_hit(doc, _PENALTY_TITLE):
        return _title_hit(doc, _CASE_FILE_TITLE)
    return _title_hit(doc, _CASE_FILE_TITLE) or _top_line_hit(doc, _CASE_FILE_TITLE, 80)


DETECTORS = (personnel, enforcement, petition)
