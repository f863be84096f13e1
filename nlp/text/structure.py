"""Parser of the 公文 structure (GB/T 9704 elements) from normalised text.

Works on well-formed drafts (one element per line) and on exports whose line breaks were lost
(the whole document on one line): every element is searched by its own shape, not by its line.
Each field is a :class:`Span` into the text so evidence can point at it. Missing parts are None.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

#: the 15 statutory 文种 of 《党政机关公文处理工作条例》 art. 8, plus common regulation genres
STATUTORY_TYPES = ("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告", "请示",
                   "批复", "议案", "函", "纪要")
EXTRA_TYPES = ("方案", "办法", "规定", "细则", "要点", "规划")
DOC_TYPES = STATUTORY_TYPES + EXTRA_TYPES
# title endings → 文种, longest first so that 复函/意见函 → 函, 会议纪要 → 纪要, 令 → 命令
_TYPE_SUFFIXES = sorted(
    [(t, t) for t in DOC_TYPES] + [("令", "命令"), ("复函", "函"), ("汇报", "报告"), ("记录", "纪要"), ("计划", "方案"),
                                   ("条例", "规定"), ("规则", "规定"), ("实施细则", "细则"), ("指引", "办法")],
    key=lambda p: -len(p[0]))

_DATE = r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日"
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,14}\s*[〔［【（]\s*(?:19|20)\d{2}\s*[〕］】）]\s*\d{1,5}\s*号")
_SECRET = re.compile(r"(绝密|机密|秘密)\s*★\s*([\d一二三四五六七八九十]+\s*(?:年|个月)|长期)?")
_SECRET_BARE = re.compile(r"^(绝密|机密|秘密)(?:\s|$)", re.M)
_URGENCY = re.compile(r"(特急|加急|特提|平急)")
_SIGNER = re.compile(r"签发人\s*[：:]\s*((?:[X×＊*]{2,4}|[\u4e00-\u9fff]{2,3})(?:[ 、，][\u4e00-\u9fff]{2,3})*)")
_RECIPIENT_FOLLOW = re.compile(r"^[^：。\n]{2,300}：")
_TITLE_FOLLOW = re.compile(r"^(?:[^：。\n]{2,300}：|\n|一、|为|根据|按照|近|经|现|今年|依据|依照|你|贵)")
_ATTACH = re.compile(r"附件\s*[：:]\s*(.{2,300}?)(?=\n(?!\s*\d+[.．、])|$|\s*[\u4e00-\u9fff]{2,30}" + _DATE + ")", re.S)
_CC = re.compile(r"抄送\s*[：:]\s*([^\n。]{2,300}?)(?:[。\n]|(?=[\u4e00-\u9fff（）]{2,40}\s*" + _DATE + r"\s*印发)|$)")
_PRINTED = re.compile(r"(" + _DATE + r")\s*印\s*发")
_ORG_END = r"(?:政府|办公室|办公厅|委员会|领导小组|小组|局|委|厅|部|署|中心|公司|集团|院|所|会|处|科|站|队|办事处|镇|乡|街道|村|办|司|校|馆|社|组)"
_HEADER_END = re.compile(r"^(.{2,40}?)(文件|公报|纪要|命令|简报)$")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass
class GongwenStructure:
    """Elements of one 公文; every field is a :class:`Span` or None (the part was not found)."""
    secret: Span | None = None          # 密级 and 保密期限, e.g. 秘密★1年
    secret_level: str | None = None     # 绝密 / 机密 / 秘密
    urgency: Span | None = None         # 紧急程度
    issuer_header: Span | None = None   # 发文机关标志 / 版头
    doc_number: Span | None = None      # 发文字号
    signer: Span | None = None          # 签发人 (upward documents)
    title: Span | None = None           # 标题
    doc_type: str | None = None         # 文种 from the title
    recipients: Span | None = None      # 主送机关
    body: Span | None = None            # 正文
    attachments: Span | None = None     # 附件说明
    signature: Span | None = None       # 落款 (发文机关署名)
    date: Span | None = None            # 成文日期
    cc: Span | None = None              # 抄送机关
    printer: Span | None = None         # 印发机关
    print_date: Span | None = None      # 印发日期
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        out = {}
        for name, value in self.__dict__.items():
            out[name] = value.text if isinstance(value, Span) else value
        return out


def _span(m: re.Match | None, group: int = 0) -> Span | None:
    if m is None or m.group(group) is None:
        return None
    return Span(m.start(group), m.end(group), m.group(group))


def doc_type_of_title(title: str) -> str | None:
    """文种 named by a title's ending ('关于……的通知' → 通知)."""
    t = re.sub(r"[（(][^）)]*(?:稿|草案|修订|试行|暂行)[^）)]*[）)]$", "", title.strip())  # （征求意见稿）
    for suffix, kind in _TYPE_SUFFIXES:
        if t.endswith(suffix):
            return kind
    return None


def _find_title(text: str, start: int) -> tuple[Span | None, int]:
    """Title after ``start``: on its own line(s) when lines exist, else the run up to the 文种 word that
    precedes the 主送 (the first '：' that follows)."""
    head = text[start:start + 400]
    # line-structured: first line(s) ending in a 文种 word, or starting with 关于
    lines = [(m.start(), m.group()) for m in re.finditer(r"[^\n]+", head)]
    for i, (pos, line) in enumerate(lines[:8]):
        s = line.strip()
        if not s or _DOC_NUMBER.fullmatch(s) or len(s) > 120:
            continue
        candidate, end = s, pos + len(line)
        if doc_type_of_title(candidate) is None and i + 1 < len(lines) and len(s) < 40:
            nxt = lines[i + 1][1].strip()
            if doc_type_of_title(s + nxt) and len(s + nxt) < 120:
                candidate, end = s + nxt, lines[i + 1][0] + len(lines[i + 1][1])
        if doc_type_of_title(candidate) and ("：" not in candidate):
            return Span(start + pos, start + end, text[start + pos:start + end]), start + end
        if "\n" in head and s.endswith("："):  # reached the 主送 without a title
            break
    # run-on text: "关于……的通知各有关单位：" → cut before the recipients
    segment = head[:160]
    ends = sorted({m.end() for suffix, _ in _TYPE_SUFFIXES for m in re.finditer(re.escape(suffix), segment)
                   if m.end() >= 6})
    # the title ends at the last 文种 word followed by a 主送 run ending in '：', or else at the first
    # one followed by the start of a body (一、/为/根据…)
    recipient_follow = [e for e in ends if _RECIPIENT_FOLLOW.match(text[start + e:start + e + 320])]
    best = recipient_follow[-1] if recipient_follow else next(
        (e for e in ends if _TITLE_FOLLOW.match(text[start + e:start + e + 320])), None)
    if best is None:
        return None, start
    title_start = start
    m = re.search(r"关于|印发|转发", segment[:best])
    if m and m.start() < 60:
        title_start = start + m.start()
    return Span(title_start, start + best, text[title_start:start + best]), start + best


def _title_before(text: str, end: int) -> Span | None:
    """A title on the lines just before ``end`` (the 发文字号), possibly wrapped over several lines
    and preceded by the issuer's name: from 关于/转发/印发 (or the first of those lines) to the line
    ending in a 文种 word."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text[:end])][-4:]
    for k in range(len(lines) - 1, -1, -1):
        a, b = lines[k]
        if doc_type_of_title(text[a:b].strip()):
            first = k
            while first > 0 and k - first < 2 and not re.search(r"关于|转发|印发", text[lines[first][0]:b]):
                first -= 1
            st = lines[first][0]
            m = re.search(r"关于|转发|印发", text[st:b])
            if m and m.start() < 40:
                st += m.start()
            return Span(st, b, text[st:b])
        if len(text[a:b]) > 30:
            return None
    return None


def _org_before(text: str, end: int, start: int) -> Span | None:
    """The organisation name that ends right before ``end`` (a 落款 before its date, a 印发机关 before
    the 印发日期): the last run of Chinese characters ending in an organisation suffix."""
    window = text[start:end].rstrip()
    last = re.split(r"[。；！？：\n]|" + _DATE, window)[-1]
    m = re.search(r"([\u4e00-\u9fff（）、]{2,40}?" + _ORG_END + r")$", last)
    if not m:
        return None
    name = m.group(1)
    # in run-on text an attachment title may precede the name: keep the part after a 表/单/书/稿 ending
    cut = re.search(r"^.*?(?:表|单|书|稿|名单|清单|目录|说明)(?=[\u4e00-\u9fff]{3,})", name)
    if cut and len(name) - cut.end() >= 3:
        name = name[cut.end():]
    lead = re.match(r"^[）)、，]*(?:（[^）]{0,8}稿）)?", name)
    name = name[lead.end():] if lead else name
    st = start + len(window) - len(name)
    return Span(st, st + len(name), name) if len(name) >= 2 else None


@lru_cache(maxsize=512)
def parse_structure(text: str) -> GongwenStructure:
    """Parse a normalised 公文 text into its elements (missing parts stay None). Cached: the
    features and the detectors both ask for the structure of the same text. Treat it as read-only."""
    s = GongwenStructure()
    top = text[:600]
    m = _SECRET.search(top[:200]) or _SECRET_BARE.search(top[:60])
    if m:
        s.secret, s.secret_level = _span(m), m.group(1)
    m = _URGENCY.search(top[:200])
    s.urgency = _span(m)
    m = _SIGNER.search(top)
    s.signer = _span(m, 1)
    num = next((m for m in _DOC_NUMBER.finditer(top[:250])
                if m.start() == 0 or text[m.start() - 1] not in "（《“"), None)  # not a citation in the body
    if num:  # in run-on text the prefix may swallow the 版头 ("……文件鲁医保中心发〔2020〕11号")
        cut = max((num.group().rfind(w) + len(w) for w in ("文件", "特急", "加急", "平急", "特提", "明电")
                   if num.group().rfind(w) >= 0 and num.group().rfind(w) + len(w) < num.group().find("〔") - 1),
                  default=0)
        s.doc_number = Span(num.start() + cut, num.end(), num.group()[cut:])
    # 版头: a line ending in 文件, or the text before the 发文字号
    for lm in re.finditer(r"[^\n]+", top[: num.start() if num else 300]):
        hm = _HEADER_END.match(lm.group().strip())
        if hm:
            s.issuer_header = Span(lm.start(), lm.start() + len(hm.group(0)), hm.group(0))
            break
    if s.issuer_header is None and s.doc_number and s.doc_number.start > 2:
        before = text[:s.doc_number.start].split("\n")[-1]
        hm = re.search(r"([\u4e00-\u9fff（）]{2,40}?文件)$", before) or re.search(r"([\u4e00-\u9fff（）]{2,40})$", before)
        if hm:
            head = re.sub(r"^.*?(特急|加急|平急|特提|明电|[绝机]?密★\S*?年)", "", hm.group(1))
            st = s.doc_number.start - len(head)
            s.issuer_header = Span(st, s.doc_number.start, head) if len(head) >= 2 else None
    after_header = max((x.end for x in (s.doc_number, s.signer, s.issuer_header, s.secret, s.urgency) if x),
                       default=0)
    s.title, cursor = None, after_header
    if s.doc_number and s.doc_number.start >= 6:  # gov.cn style: the title precedes the 发文字号
        s.title = _title_before(text, s.doc_number.start)
    if s.title is None:
        s.title, cursor = _find_title(text, after_header)
    if s.title:
        s.doc_type = doc_type_of_title(s.title.text)
        if s.title.text.startswith(("关于转发", "转发")) or "转发" in s.title.text[:12]:
            s.notes.append("转发")
        elif "印发" in s.title.text[:14]:
            s.notes.append("印发")
    # 主送: the short line (or run) right after the title that ends with '：'
    rm = re.match(r"\s*([^：\n。]{2,200}?)[：]", text[cursor:cursor + 220])
    if rm and not re.search(r"根据|为了|为进一步|经研究|近日|现将|如下|收悉|。", rm.group(1)):
        s.recipients = Span(cursor + rm.start(1), cursor + rm.end(1), rm.group(1))
        cursor += rm.end()
    # tail elements: 印发, 抄送, 成文日期 and 落款
    tail_from = max(cursor, len(text) - 1500)
    pm = None
    for pm in _PRINTED.finditer(text, tail_from):
        pass
    if pm:
        s.print_date = _span(pm, 1)
        s.printer = _org_before(text, pm.start(), max(tail_from, pm.start() - 60))
    cm = None
    for cm in _CC.finditer(text, tail_from):
        pass
    s.cc = _span(cm, 1)
    end_of_body = min([x.start for x in (s.printer, s.cc) if x] + [len(text)])
    dates = [d for d in re.finditer(_DATE, text[:end_of_body]) if d.start() >= tail_from]
    if dates:
        d = dates[-1]
        s.date = Span(d.start(), d.end(), d.group())
        s.signature = _org_before(text, d.start(), max(cursor, d.start() - 60))
        end_of_body = s.signature.start if s.signature else d.start()
    am = _ATTACH.search(text, cursor)
    if am and am.start() < end_of_body + 400:
        s.attachments = _span(am, 1)
        if am.start() < end_of_body:
            end_of_body = am.start()
    body = text[cursor:end_of_body]
    lead = len(body) - len(body.lstrip())
    if body.strip():
        s.body = Span(cursor + lead, cursor + len(body.rstrip()), body.strip())
    return s
