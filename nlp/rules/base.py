"""Shared pieces of the detectors: the :class:`Finding` record and a per-document view.

Why a view: every detector asks the same questions of a document (its title, 文种, 行文方向,
which sentence a position falls into, whether the document replies to someone else's 请示).
Answering them once here keeps each detector module short and makes them agree with each other.
Spans are always (start, end) offsets into the text given to :func:`nlp.rules.detect`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property

from ..features.structure_features import direction
from ..text.structure import GongwenStructure, Span, doc_type_of_title


@dataclass
class Finding:
    code: str
    strength: float
    spans: list[tuple[int, int]] = field(default_factory=list)
    detector: str = ""
    note: str = ""


def spans_of(pattern: re.Pattern, text: str, limit: int = 3, offset: int = 0,
             group: int = 0) -> list[tuple[int, int]]:
    """(start, end) of the first ``limit`` matches of ``pattern`` in ``text`` (shifted by ``offset``)."""
    return [(m.start(group) + offset, m.end(group) + offset) for m in pattern.finditer(text)][:limit]


def unique(spans: list[tuple[int, int]], limit: int = 4) -> list[tuple[int, int]]:
    """Spans in order of first appearance, duplicates and empty spans dropped."""
    out: list[tuple[int, int]] = []
    for sp in spans:
        if sp[1] > sp[0] and sp not in out:
            out.append(sp)
    return out[:limit]


_ISSUER_LINE = re.compile(r"(?:政府|办公室|办公厅|委员会|局|委|厅|部|中心|院|所|处|党组|镇|乡|街道|办事处|公司|集团)\s*$")
_GENRE_END = re.compile(r"纪要|记录|报告|通知|请示|批复|复函|函|决定书?|意见书?|告知书|公告|通告|通报|方案|办法|规定|细则|材料|"
                        r"安排|预案|要点|计划|公示|说明")
_SENTENCE_END = re.compile(r"[。；！？\n]")
# a 批复/复函 answers someone else's request: "你局《关于……的请示》收悉", "现批复如下", "此复"
_REPLY_CUE = re.compile(r"现批复如下|特此批复|此复(?![核查议])|现函复如下|特此函复|特此复函|(?:请示|报告|函)》?(?:（[^）]{0,30}）)?(?:已)?收悉")


class Doc:
    """The text, its parsed structure and the answers detectors share."""

    def __init__(self, text: str, structure: GongwenStructure):
        self.text = text
        self.s = structure

    @cached_property
    def title_start(self) -> int:
        """Where the title starts, without an issuer line the parser may have joined to it
        ("平昌县人民政府\n关于……的报告")."""
        t = self.s.title
        if t is None:
            return 0
        cut = t.text.rfind("\n")
        first, rest = t.text[:cut], t.text[cut + 1:].lstrip()
        if (cut > 0 and _ISSUER_LINE.search(first) and not first.lstrip().startswith(("关于", "转发", "印发"))
                and len(rest) >= 4 and (rest.startswith(("关于", "转发", "印发")) or doc_type_of_title(rest))):
            return t.start + len(t.text) - len(rest)
        return t.start

    @cached_property
    def title(self) -> str:
        return self.text[self.title_start:self.s.title.end] if self.s.title else ""

    @cached_property
    def title_span(self) -> list[tuple[int, int]]:
        return [(self.title_start, self.s.title.end)] if self.s.title else []

    @cached_property
    def direction(self) -> str:
        """行文方向 as the feature layer computes it (上行/平行/下行/未知)."""
        return direction(self.s, self.text)

    @cached_property
    def recipients(self) -> Span | None:
        return self.s.recipients

    def tail(self, n: int = 400) -> tuple[str, int]:
        """The last ``n`` characters and their offset."""
        off = max(0, len(self.text) - n)
        return self.text[off:], off

    def sentence(self, pos: int) -> tuple[int, int]:
        """(start, end) of the sentence that holds ``pos`` (split at 。；！？ and line breaks)."""
        start = 0
        for m in _SENTENCE_END.finditer(self.text, 0, pos):
            start = m.end()
        m = _SENTENCE_END.search(self.text, pos)
        return start, (m.end() if m else len(self.text))

    def in_title(self, start: int, end: int) -> bool:
        return bool(self.s.title) and self.title_start <= start and end <= self.s.title.end

    @cached_property
    def heading(self) -> tuple[int, int] | None:
        """The title, or else a short first line that names the document ("关于李某某同志的考察材料")."""
        if self.s.title and not self.title_is_citation and not re.search(r"[。；]", self.title):
            return self.title_start, self.s.title.end
        # no usable title: the first line that is not a 版头, 发文字号 or 密级 mark, cut after its 文种 word
        for m in list(re.finditer(r"[^\n]+", self.text[:400]))[:5]:
            line = m.group().strip()
            if len(line) < 4 or _ISSUER_LINE.search(line) or re.search(r"文件$|〕\s*\d+\s*号$|^(?:绝密|机密|秘密)", line):
                continue
            lead = m.start() + m.group().index(line[0])
            seg = re.split(r"[。：，；]", line)[0]
            if len(seg) <= 60 and seg == line:
                return lead, lead + len(seg)
            ends = [k.end() for k in _GENRE_END.finditer(seg[:120]) if k.end() >= 6]
            return (lead, lead + ends[-1]) if ends else None
        return None

    @cached_property
    def heading_text(self) -> str:
        return self.text[self.heading[0]:self.heading[1]] if self.heading else ""

    def in_heading(self, start: int, end: int) -> bool:
        return self.heading is not None and self.heading[0] <= start and end <= self.heading[1]

    @cached_property
    def title_is_citation(self) -> bool:
        """The parsed "title" is really a document quoted in the body (《关于……的请示》收悉)."""
        t = self.s.title
        if t is None:
            return False
        before = self.text[max(0, t.start - 1):t.start]
        after = self.text[t.end:t.end + 30]
        return before == "《" or after.startswith("》") or bool(re.match(r"》?(?:（[^）]{0,30}）)?(?:已)?收悉", after))

    @cached_property
    def reply_cues(self) -> list[tuple[int, int]]:
        """Spans of the phrases by which a 批复/复函 answers a request."""
        return spans_of(_REPLY_CUE, self.text)

    @cached_property
    def is_reply(self) -> bool:
        """A 批复 or 复函 (by title), or a text that answers a request (现批复如下, 此复, ……收悉)."""
        if self.s.doc_type == "批复" or self.title.endswith("复函"):
            return True
        return bool(self.reply_cues) and (self.s.title is None or self.title_is_citation)
