"""Trade secrets of third parties (条例 第十五条, WH-A15-COMMERCIAL): 报价、成本、技术参数、工艺、配方、
经营数据、投标文件 tied to a named enterprise.

Why tied to an enterprise: the same words are ordinary policy vocabulary (降低物流成本, 传统工艺,
测土配方施肥, 婴幼儿配方乳粉); they only point to a trade secret when they describe a specific
company's data (××有限公司的报价、成本构成). Published results (中标公告、成交公告) disclose prices by
law, so there the cue stays weak.
"""
from __future__ import annotations

import re

from .base import Doc, Finding, unique

_COMPANY_END = re.compile(r"股份有限公司|有限责任公司|有限公司|集团(?:公司)?|公司|合作社|事务所|商行|(?<=[\u4e00-\u9fff×X])厂(?![房区址界内矿长])")
_NAME_CHAR = re.compile(r"[\u4e00-\u9fff×X某（）]")
_NAME_STOP = set("的与和及对由向为将经在是据称从给、，。；：“”《》\n 其该")
_STRONG = (r"投标报价|报价(?:单|表|文件|金额|明细)?|投标文件|标底|底价|成本(?:构成|数据|测算|核算|明细|价格|结构)|技术参数|"
           r"工艺(?:流程|参数|路线|配方|技术)|配方|经营数据|财务数据|财务报表|营业收入|销售收入|销售数据|客户名单|"
           r"客户信息|技术方案|技术资料|核心技术|源代码|设计图纸|商业秘密")
_WEAK = r"成本|工艺|利润|毛利|经营状况"
_CUE = re.compile(rf"(?P<strong>{_STRONG})|(?P<weak>{_WEAK})")
_LOOKALIKE = re.compile(r"配方(?:乳粉|奶粉|食品|肥)|测土配方|配方施肥|工艺美术|传统工艺|手工艺|工艺品|"
                        r"(?:降低|减轻|节约)[^。，；]{0,8}成本|成本(?:费用)?(?:降低|下降)|制度性交易成本")
# "企业集团", "国有公司": a kind of enterprise, not a named one
_GENERIC = re.compile(r"^(?:企业|国有|大型|中小|小微|民营|各类|有关|相关|这些|骨干|龙头|外资|合资|私营|上市|控股|子|分|母|总|该)+$")
_PUBLISHED_RESULT = re.compile(r"中标(?:结果)?公告|成交(?:结果)?公告|中标候选人公示|结果公示")


def _company_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of enterprise names: a run of name characters ending in 有限公司/集团/厂……"""
    out = []
    for m in _COMPANY_END.finditer(text):
        a = m.start()
        while a > 0 and m.start() - a < 24 and _NAME_CHAR.match(text[a - 1]) and text[a - 1] not in _NAME_STOP:
            a -= 1
        if m.start() - a >= 2 and not _GENERIC.match(text[a:m.start()]):
            out.append((a, m.end()))
    return out


def trade_secret(doc: Doc) -> list[Finding]:
    """Trade-secret vocabulary within 60 characters of a named enterprise."""
    text = doc.text
    companies = _company_spans(text)
    if not companies:
        return []
    lookalikes = [m.span() for m in _LOOKALIKE.finditer(text)]
    strong, weak, near_companies = set(), set(), []
    spans = []
    for m in _CUE.finditer(text):
        if any(a <= m.start() < b for a, b in lookalikes):
            continue
        close = [c for c in companies if abs(c[0] - m.start()) <= 60 or abs(c[1] - m.start()) <= 60]
        if not close:
            continue
        (strong if m.group("strong") else weak).add(m.group())
        spans.append(m.span())
        near_companies.append(min(close, key=lambda c: abs(c[1] - m.start())))
    if not strong and not weak:
        return []
    if len(strong) >= 2 or (strong and weak):
        w = 0.6
    elif strong:
        w = 0.5
    else:
        w = 0.35
    if "商业秘密" in strong:
        w = min(0.65, w + 0.05)
    if _PUBLISHED_RESULT.search(doc.title or text[:200]):
        w = min(w, 0.3)
    cues = sorted(strong) + sorted(weak)
    company = text[near_companies[0][0]:near_companies[0][1]]
    return [Finding("WH-A15-COMMERCIAL", w, unique(spans[:2] + near_companies[:1], 3), "trade_secret",
                    f"{company}的{'、'.join(cues[:4])}（第三方商业秘密）")]


DETECTORS = (trade_secret,)
