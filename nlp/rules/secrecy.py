"""Secrets and security (条例 第十四条, codebook decision step 1): 密级 marks, 保密期限, 内部资料/注意保存
notices, 工作秘密 statements, 维稳/舆情 deployments.

Why separate: these are the only findings that may decide a document alone (a 密级 mark, 1.0), so
they must not fire on look-alikes. A mark is a *notice on the document* (top of the 版头, a 发文稿纸
field, a 本件属工作秘密 statement), never the word in ordinary prose: 保守秘密, 涉及工作秘密的事项,
a 公文处理细则 that explains 密级, 确保安全 (which contains 保安) or 公安保障 (which contains 安保).
"""
from __future__ import annotations

import re

from .base import Doc, Finding, spans_of, unique

_SECRET_FIELD = re.compile(r"密\s*级\s*[：:]\s*(绝密|机密|秘密)(?:\s*★?\s*(?:[\d一二三四五六七八九十]+\s*(?:年|个月)|长期))?")
_SECRET_TERM = re.compile(r"保密期限\s*[：:]\s*(?:[\d一二三四五六七八九十]+\s*(?:年|个月)|长期)")
# a notice stands alone: at the start of the text or a line, or after a space/bracket
_NOTICE_BEFORE = re.compile(r"(?:^|[\n \u3000（【])$")
_INTERNAL = re.compile(r"内部资料(?:[，,\s\u3000]*注意保存)?|注意保存")
_WORK_SECRET_MARK = re.compile(r"(?:^|\n)\s*(工作秘密)(?=\s|★|$|[，,]?\s*(?:注意保存|内部资料))")
_WORK_SECRET_STATEMENT = re.compile(
    r"本(?:文件|文|件|通知|通报|材料|报告|纪要|方案|意见|函|请示|批复|会议)[^。；\n]{0,12}(?:属于|属|系|列为|确定为)工作秘密|"
    r"(?:按照?|作为)工作秘密(?:有关规定)?(?:管理|处理|保管)")
_SECURITY = re.compile(
    r"维稳|维护(?:社会)?稳定|社会稳定(?:保障|工作|形势)|敏感舆情|舆情(?:管控|处置|应对|监测)|群体性事件|"
    r"群体(?:诉求|稳定|冲突|稳控)|重点人员稳控|稳控|聚集(?:风险|事件|维权)|集体上访|(?<![公治])安保(?:工作|方案|警力|部署|任务)|"
    r"涉密会议|反恐防范|安全保卫")

# 维护社会稳定 is also boilerplate of 应急预案 and 政府工作报告: a cue only in the title
_TITLE_ONLY = re.compile(r"维护(?:社会)?稳定")


def secret_mark(doc: Doc) -> list[Finding]:
    """密级 and 保密期限 (秘密★1年, a bare 机密 line, or a 发文稿纸 field 密级：秘密): the codebook decides alone."""
    s, text = doc.s, doc.text
    if s.secret is not None:
        return [Finding("WH-A14-SECRET", 1.0, [(s.secret.start, s.secret.end)], "secret_mark",
                        f"密级标志“{s.secret.text}”")]
    m = _SECRET_FIELD.search(text[:400])
    if m:
        return [Finding("WH-A14-SECRET", 1.0, [(m.start(), m.end())], "secret_mark", f"密级栏“{m.group()}”")]
    m = _SECRET_TERM.search(text[:400])
    if m:
        return [Finding("WH-A14-SECRET", 0.8, [(m.start(), m.end())], "secret_term",
                        f"保密期限“{m.group()}”（未见密级标志）")]
    return []


def _standalone(text: str, start: int) -> bool:
    return bool(_NOTICE_BEFORE.search(text[max(0, start - 1):start]))


def internal_notice(doc: Doc) -> list[Finding]:
    """内部资料/注意保存 printed at the top (or foot) of the document, not inside its title or prose."""
    text = doc.text
    tail_off = max(300, len(text) - 200)
    hits = [m for m in _INTERNAL.finditer(text)
            if (m.start() < 300 or m.start() >= tail_off) and _standalone(text, m.start())
            and not (doc.in_title(m.start(), m.end()) and m.start() > doc.title_start)]
    if not hits:
        return []
    strength = 0.6 if any(m.start() < 300 for m in hits) else 0.5
    return [Finding("WH-A14-SECRET", strength, [(m.start(), m.end()) for m in hits][:2], "internal_notice",
                    f"内部资料提示“{hits[0].group()}”")]


def work_secret(doc: Doc) -> list[Finding]:
    """工作秘密 as a mark on the document or a statement that this document is one (not prose mentions)."""
    text = doc.text
    marks = [(m.start(1), m.end(1)) for m in _WORK_SECRET_MARK.finditer(text[:300])]
    if marks:
        return [Finding("WH-A14-SECRET", 0.7, marks[:1], "work_secret", "工作秘密标注")]
    stated = spans_of(_WORK_SECRET_STATEMENT, text, 2)
    if stated:
        return [Finding("WH-A14-SECRET", 0.65, stated, "work_secret", "文中声明本件属工作秘密")]
    return []


_EXAM_PAPERS = re.compile(r"试卷保密室|(?:试卷|试题)[^。\n]{0,12}?(?:保密|押运|保管|交接)")


def exam_papers(doc: Doc) -> list[Finding]:
    """国家教育考试试卷/试题 before use are state secrets: their custody and transport plans."""
    m = _EXAM_PAPERS.search(doc.heading_text)
    if not m:
        return []
    h0 = doc.heading[0]
    return [Finding("WH-A14-SECRET", 0.6, [(h0 + m.start(), h0 + m.end())], "exam_papers",
                    "考试试卷/试题的保密、押运（启用前属国家秘密）")]


def security_topic(doc: Doc) -> list[Finding]:
    """维稳、敏感舆情、群体性事件、安保 deployments: strong in the title, weak in the body."""
    text = doc.text
    found = [m for m in _SECURITY.finditer(text)
             if doc.in_title(m.start(), m.end()) or not _TITLE_ONLY.fullmatch(m.group())]
    if not found:
        return []
    in_title = [m for m in found if doc.in_title(m.start(), m.end())]
    kinds = {m.group() for m in found}
    if in_title:
        strength, first = 0.6, in_title
    else:
        strength, first = (0.45 if len(kinds) >= 2 else 0.35), found
    spans = unique([(m.start(), m.end()) for m in first] + [(m.start(), m.end()) for m in found], 3)
    return [Finding("WH-A14-SECURITY", strength, spans, "security_topic",
                    "维稳/敏感事件处置内容：" + "、".join(sorted(kinds)[:4]))]


DETECTORS = (secret_mark, internal_notice, work_secret, exam_papers, security_topic)
