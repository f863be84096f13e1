"""Removal of disclosure markers, which state the label and must never reach a model.

Forms from the codebook: （此件公开发布）（此件主动公开）（此件依申请公开）（此件不予公开）（此件不公开）
（此件不公开发布…） in full- or half-width brackets, and lines such as 公开方式：… 公开属性：…
信息公开选项：… 信息公开：…. Works on normalised text (brackets are full-width there) and also on
raw text. 密级 marks and 内部资料 notices are *not* markers: drafters write them before the
attribute is chosen.
"""
from __future__ import annotations

import re

_OPEN, _CLOSE = r"[（(【\[]", r"[）)】\]]"
_BRACKETED = re.compile(
    rf"{_OPEN}\s*此\s*件\s*(?:公\s*开\s*发\s*布|主\s*动\s*公\s*开|依\s*申\s*请\s*公\s*开|不\s*予\s*公\s*开|"
    rf"免\s*予\s*公\s*开|不\s*公\s*开(?:发布)?)[^）)】\]\n]{{0,200}}{_CLOSE}"
)
_KEYS = r"(?:信息公开选项|信息公开属性|公开属性|公开方式|公开类型|公开选项|信息公开)"
_VALUES = r"(?:主动公开|依申请公开|不予公开|免予公开|不公开|公开发布|删减后公开|部分公开)"
# a whole short line "公开方式：主动公开" (any value), or the key+value pair inline in run-on text
_LINE = re.compile(rf"^[ \t]*{_KEYS}\s*[:：][^\n]{{0,30}}$\n?", re.M)
_INLINE = re.compile(rf"{_KEYS}\s*[:：]\s*{_VALUES}")


def strip_markers(text: str) -> tuple[str, list[str]]:
    """Return (text without disclosure markers, the markers removed, in order)."""
    found: list[str] = []

    def _take(m: re.Match) -> str:
        found.append(m.group(0).strip())
        return ""

    for pattern in (_BRACKETED, _LINE, _INLINE):
        text = pattern.sub(_take, text)
    return text.strip(), found
