"""文种 and 行文方向 (codebook decision step 3 and edge cases): 请示, 报告 to a superior, 征求意见函/会签函
and their replies, 纪要 kinds, 转发/印发.

Why here: the genre of a document, more than its topic, decides whether it is process information.
A 请示 (any topic) is withheld, the codebook decides on it alone (0.9); a 报告 is process information
only when it goes *up* (主送 a superior, 特此报告), never when it is delivered to the people's
congress (政府工作报告, 预算报告 "在…人民代表大会…会议上") and published. A 请示 quoted inside a 批复
("你局《关于…的请示》收悉") does not make the 批复 a 请示. 转发/印发 documents inherit the attribute of
what they forward, so the forwarded title (《…》) is found and shown in the note.
"""
from __future__ import annotations

import re

from ..text.structure import doc_type_of_title
from .base import Doc, Finding, spans_of, unique
from .topics import classify_title, routine_in

_PROCESS_CLOSING = re.compile(r"妥否，?请(?:批示|审批|指示|批复)|当否，?请(?:批示|审示)|特此请示|请予(?:审批|批准|批复)")
_ANSWERS = re.compile(r"现批复如下|特此批复|此复(?![核查议])|现函复如下|特此函复")
_REPORT_CLOSING = re.compile(r"特此报告|专此报告|以上(?:报告|汇报)，?请(?:审阅|审核|审示|审定|予审核)|当否，?请审示|请予审核(?:备案)?")
_SUPERIOR = re.compile(r"国务院|人民政府(?:办公厅|办公室)?|党委|党组|组织部|委员会|厅|部|局|委|办|署|(?:局|院|委|厅|镇|队)?领导|负责人")
_CONGRESS = re.compile(r"在[^。\n]{0,40}人民代表大会[^。\n]{0,20}会议上|各位代表[：，]|主任、各位副主任|提请[^。\n]{0,20}人民代表大会[^。\n]{0,10}审议")
_OGI_REPORT = re.compile(r"政府信息公开工作年度报告")

_CONSULT_TITLE = re.compile(r"(?<!公开)征求[^，。\n]{0,60}意见的(?:函|通知)|会签函")
_CONSULT_BODY = re.compile(r"请(?:贵|你)?(?:单位|局|委|厅|部|办|院|中心|各单位|各部门)?[^。\n]{0,20}(?:研提|提出|反馈)[^。\n]{0,10}(?:书面|修改)?意见|"
                           r"请于[^。\n]{0,20}前[^。\n]{0,12}(?:书面)?意见(?:反馈|报送|函告)")
_REPLY_TITLE = re.compile(r"(?:反馈|修改|回复|会签|书面|审核|答复)意见$|意见的复函$|对《[^》]+》[^。]*意见的函$|对《[^》]+》的意见$")
_REPLY_BODY = re.compile(
    r"现将(?:我|本)[^。\n]{0,8}(?:修改|反馈|书面)?意见(?:函告|反馈|回复|报送|函复)?如下|"
    r"(?:我|本)(?:局|委|厅|部|办|中心|院|单位|室|所|署)(?:对[^。\n]{0,40})?(?:无|没有)(?:修改|不同)?意见|"
    r"对《[^》]{2,80}》[^。\n]{0,20}(?:提出|反馈)(?:以下|如下)(?:修改)?意见")
_DRAFT = re.compile(r"征求意见稿|送审稿|讨论稿|代拟稿|初稿|修订草案|草案|征求意见的函|征求[^。\n]{0,30}意见")
_PUBLIC_INVITE = re.compile(r"征求[^。\n]{0,60}意见|征求意见稿|草案")
_PUBLIC_INVITE_BODY = re.compile(r"现(?:将|就|予以)[^。\n]{0,80}征求|欢迎[^。\n]{0,30}(?:提出|反馈)[^。\n]{0,10}意见|"
                                 r"(?:社会公众|各界人士|公众|市民)[^。\n]{0,20}(?:可|请)[^。\n]{0,40}(?:提出|反馈|提交)")
_PUBLIC_CONSULT = re.compile(r"公开征求(?:社会各界|公众)?(?:的)?意见|向社会(?:公开)?征求意见|社会各界人士")

_MINUTES_PUBLIC = re.compile(r"常务会议|全体会议")
_MINUTES_PROCESS = re.compile(r"专题会议|专题讨论|协调会|调度会|碰头会|座谈讨论|讨论记录|会议记录|党组会议|党工委会议|"
                              r"办公会|联席会议|集体讨论|审核委员会|审理委员会|研究[^。\n]{0,30}的记录")
_FORWARDED = re.compile(r"《([^《》]{2,120})》")
_FORWARDED_PLAIN = re.compile(r"(?:转发|印发)(.{2,120})(?:的通知|的函)$")
_WITHHELD_IN_FORWARDED = [
    ("WH-A16-PROCESS", re.compile(r"(?<!公开)征求[^。]{0,40}意见|讨论稿|征求意见稿|会签"), "征求意见（过程性信息）"),
    ("WH-A16-PERSONNEL", re.compile(r"处分|考察|考核结果|绩效工资总量|测算口径"), "人事管理"),
    ("WH-A14-SECURITY", re.compile(r"维稳|社会稳定|风险处置|稳控|群体性|安保|运行保障专题会议"), "维稳/安全保障"),
]


def request(doc: Doc) -> list[Finding]:
    """文种 请示 (0.9, the codebook decides); a 请示-style closing without a parsed 文种 (0.6)."""
    s, text = doc.s, doc.text
    if s.doc_type == "请示" and not doc.title_is_citation and not _ANSWERS.search(text):
        return [Finding("WH-A16-PROCESS", 0.9, doc.title_span + spans_of(_PROCESS_CLOSING, text, 1), "doc_type",
                        "文种为请示（过程性信息）")]
    if doc.is_reply:
        return []
    tail, off = doc.tail(400)
    if _PROCESS_CLOSING.search(tail) and (s.doc_type in (None, "报告", "函") or doc.title_is_citation):
        return [Finding("WH-A16-PROCESS", 0.6, spans_of(_PROCESS_CLOSING, tail, 3, off), "process_closing",
                        "请求上级批示的结语")]
    return []


def _congress_cues(doc: Doc) -> list[tuple[int, int]]:
    text = doc.text
    spans = spans_of(_CONGRESS, text[:600], 2)
    m = re.search(r"政府工作报告", doc.title)
    if m:
        spans = [(doc.title_start + m.start(), doc.title_start + m.end())] + spans
    return unique(spans, 3)


def report(doc: Doc) -> list[Finding]:
    """报告: to a superior → WH-A16-PROCESS; to the people's congress / 政府工作报告 → PUB-A19."""
    s = doc.s
    tail, off = doc.tail(400)
    is_report = s.doc_type == "报告" or doc.title.endswith("汇报")
    closing = spans_of(_REPORT_CLOSING, tail, 1, off)
    if not is_report and not (s.doc_type is None and closing):
        return []
    if doc.title_is_citation:
        return []
    congress = _congress_cues(doc)
    if congress:
        return [Finding("PUB-A19", 0.7, congress, "congress_report", "向人民代表大会（常委会）所作报告，依法公开")]
    m = _OGI_REPORT.search(doc.title)
    if m:
        return [Finding("PUB-A19", 0.6, doc.title_span, "ogi_annual_report", "政府信息公开工作年度报告（依法公开）")]
    if doc.direction != "上行" and not closing:
        return []
    r = doc.recipients
    superior = r is not None and "各" not in r.text and bool(_SUPERIOR.search(r.text))
    cues = [superior, bool(closing), s.signer is not None]
    n = sum(cues)
    strength = 0.7 if n >= 2 else 0.6 if n == 1 else 0.4
    spans = doc.title_span + ([(r.start, r.end)] if superior else []) + closing
    kind = "报告" if is_report else "特此报告结语"
    return [Finding("WH-A16-PROCESS", strength, unique(spans, 3), "upward_report",
                    f"向上级的工作报告（{kind}" + (f"，主送{r.text}" if superior else "") + "）")]


def consultation(doc: Doc) -> list[Finding]:
    """征求意见函/会签函 between agencies and the replies → process; public consultation → PUB-A19."""
    s, text = doc.s, doc.text
    public = spans_of(_PUBLIC_CONSULT, text)
    letter, reply = [], []
    heading, h0 = doc.heading_text, (doc.heading[0] if doc.heading else 0)
    letter = spans_of(_CONSULT_TITLE, heading, 1, h0)
    if _DRAFT.search(text) and not _congress_cues(doc):
        letter += spans_of(_CONSULT_BODY, text, 2)
        t = None if letter else _REPLY_TITLE.search(heading)
        reply = ([(h0 + t.start(), h0 + t.end())] if t else []) + spans_of(_REPLY_BODY, text)
    to_agencies = s.doc_type == "函" or doc.direction == "平行" or (bool(reply) and s.doc_type not in ("公告", "通告"))
    out: list[Finding] = []
    if public and not (to_agencies and (letter or reply)):
        invites = _PUBLIC_INVITE.search(heading) or _PUBLIC_INVITE_BODY.search(text)
        if s.doc_type in ("请示", "报告", "纪要") or doc.direction == "上行" or not invites:
            return [Finding("PUB-A19", 0.2, public, "public_consultation", "仅提及公开征求意见（本件并非向社会征求意见）")]
        out.append(Finding("PUB-A19", 0.6, public, "public_consultation", "向社会公开征求意见"))
        return out
    if reply:
        out.append(Finding("WH-A16-PROCESS", 0.6, unique(reply, 3), "consultation_reply",
                           "对征求意见稿的答复/会签意见（过程性信息）"))
    elif letter:
        out.append(Finding("WH-A16-PROCESS", 0.6, unique(letter, 3), "consultation_letter", "向部门征求意见的函件"))
    if public and out:
        out.append(Finding("PUB-A19", 0.3, public, "public_consultation", "提及向社会公开征求意见（本件为部门间征求意见）"))
    return out


def meeting_minutes(doc: Doc) -> list[Finding]:
    """纪要: 常务会议/全体会议纪要 → PUB-A19; 专题会议/协调会纪要、讨论记录 → WH-A16-PROCESS."""
    s = doc.s
    places: list[tuple[str, int]] = []
    if doc.heading:
        places.append((doc.heading_text, doc.heading[0]))
    if s.issuer_header:
        places.append((s.issuer_header.text, s.issuer_header.start))
    if not any(re.search(r"纪要|记录", p) for p, _ in places):
        return []
    for part, off in places:
        if not re.search(r"纪要|记录", part):
            continue
        m = _MINUTES_PROCESS.search(part)
        if m:
            return [Finding("WH-A16-PROCESS", 0.6, [(off + m.start(), off + m.end())], "meeting_minutes",
                            f"{m.group()}纪要/记录（内部研究讨论）")]
        m = _MINUTES_PUBLIC.search(part)
        if m:
            return [Finding("PUB-A19", 0.6, [(off + m.start(), off + m.end())], "meeting_minutes",
                            f"政府{m.group()}纪要（公共事务决定）")]
    if s.doc_type == "纪要":
        return [Finding("WH-A16-PROCESS", 0.3, doc.title_span, "meeting_minutes", "会议纪要（类型未识别）")]
    return []


def forwarded_title(doc: Doc) -> tuple[int, int] | None:
    """Span of the title a 转发/印发 document forwards (inside 《》 when present)."""
    if not doc.title or not re.search(r"转发|印发", doc.title):
        return None
    t0 = doc.title_start
    m = _FORWARDED.search(doc.title)
    if m:
        return t0 + m.start(1), t0 + m.end(1)
    m = _FORWARDED_PLAIN.search(doc.title)
    if m:
        return t0 + m.start(1), t0 + m.end(1)
    return None


def forwarding(doc: Doc) -> list[Finding]:
    """转发/印发: the attribute follows the forwarded document; its title is classified and shown."""
    span = forwarded_title(doc)
    if span is None:
        return []
    inner = doc.text[span[0]:span[1]]
    verb = "转发" if "转发" in doc.title else "印发"
    base = f"{verb}《{inner}》：属性随被{verb}文件"
    for code, pattern, why in _WITHHELD_IN_FORWARDED:
        if pattern.search(inner):
            return [Finding(code, 0.5, [span], "forwarding", f"{base}（{why}）")]
    if routine_in(inner):
        return [Finding("REQ-INTERNAL", 0.5, [span], "forwarding", f"{base}（机关内部事务）")]
    topic = classify_title(inner)
    if topic and topic[0] != "PUB-A20-3":
        return [Finding(topic[0], 0.45, [span], "forwarding", f"{base}（{topic[3]}）")]
    kind = doc_type_of_title(re.sub(r"[（(][^）)]*[）)]$", "", inner))
    if kind in ("办法", "规定", "细则") or re.search(r"(?:实施)?意见$|规程$|条例$|规则$", inner):
        return [Finding("PUB-A20-1", 0.45, [span], "forwarding", f"{base}（规范性文件）")]
    if topic:
        return [Finding(topic[0], 0.45, [span], "forwarding", f"{base}（{topic[3]}）")]
    return [Finding("PUB-A19", 0.25, [span], "forwarding", f"{base}（未识别其属性）")]


DETECTORS = (request, report, consultation, meeting_minutes, forwarding)
