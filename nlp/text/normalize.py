"""Canonical text form: full/half width, whitespace, and line breaks broken by OCR/PDF export.

Conventions: ASCII letters and digits are half-width; Chinese punctuation is full-width
(brackets, and colon/comma/semicolon next to Chinese characters); spaces between Chinese
characters are removed (PDF exports put them there); lines broken in mid-sentence are joined.
"""
from __future__ import annotations

import re
import unicodedata

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)
                    if chr(c - 0xFEE0).isalnum() or chr(c - 0xFEE0) in ".%-+/#@_&*=~<>"}
_TRANSLATE = {**_FULLWIDTH_ALNUM, 0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " ",
              0x200B: None, 0xFEFF: None, 0x200C: None, 0x200D: None, ord("\t"): " ", ord("\r"): None,
              ord("("): "（", ord(")"): "）", ord("["): "〔", ord("]"): "〕", 0xFF3B: "〔", 0xFF3D: "〕",
              0x2474: None}  # note: ( ) → （ ）; [2024] → 〔2024〕 as in 发文字号

CJK = r"\u3400-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！“”‘’（）《》〔〕【】…—"
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{CJK}{_CJK_PUNCT}]) +(?=[{CJK}{_CJK_PUNCT}])")
_HALF_PUNCT_NEAR_CJK = re.compile(rf"(?<=[{CJK}）])([,:;?!])|([,:;?!])(?=[{CJK}（])")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！"}
_SENTENCE_END = "。；：！？…”）》"
_STRUCTURAL_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十\d]+）|\d+[.．、]|第[一二三四五六七八九十百]+[章条节]|"
    r"附件|抄送|主送|签发人|联系人|[〇○零一二三四五六七八九十\d]{4}年)"
)


def _fix_punct(m: re.Match) -> str:
    return _HALF_TO_FULL[m.group(1) or m.group(2)]


_TITLE_END = re.compile(r"(?:通知|请示|报告|批复|函|意见|决定|决议|公告|通告|通报|纪要|方案|办法|规定|细则|要点|规划|命令|公报|议案)$")


def join_broken_lines(text: str, min_line: int = 18) -> str:
    """Join a line to the next when the break falls mid-sentence (long line, no closing punctuation,
    next line not a heading, numbered item or blank) — the usual damage of PDF/OCR exports.
    A title line (ending in a 文种 word) is never joined to what follows."""
    out: list[str] = []
    for line in text.split("\n"):
        prev = out[-1] if out else ""
        if (prev and line and len(prev) >= min_line and prev[-1] not in _SENTENCE_END
                and not _TITLE_END.search(prev) and not _STRUCTURAL_START.match(line)):
            out[-1] = prev + line
        else:
            out.append(line)
    return "\n".join(out)


def normalize(text: str) -> str:
    """Return the canonical form of a document's text (idempotent)."""
    text = unicodedata.normalize("NFC", text).translate(_TRANSLATE)
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _HALF_PUNCT_NEAR_CJK.sub(_fix_punct, text)
    lines = [_SPACE_BETWEEN_CJK.sub("", re.sub(r" {2,}", " ", ln)).strip() for ln in text.split("\n")]
    text = join_broken_lines("\n".join(lines))  # before blank lines go: a blank line is a real break
    return re.sub(r"\n{2,}", "\n", text).strip()
