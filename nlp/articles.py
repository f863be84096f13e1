"""Article texts of 《政府信息公开条例》(2019) for the legal basis of a decision.

Read from ``../shared/rules`` when present (the full official text); otherwise short bundled
summaries keep the explanation useful on a user's machine.
"""
from __future__ import annotations

import re
from functools import lru_cache

from .labels import REASON_CODES
from .shared import shared_dir

RULES_FILE = "rules/ogi_regulation_2019_政府信息公开条例.md"
REGULATION = "《中华人民共和国政府信息公开条例》"

BUNDLED = {
    14: "依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开。",
    15: "涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关不得公开。但是，第三方同意公开或者行政机关认为不公开会对公共利益造成重大影响的，予以公开。",
    16: "行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，可以不予公开。行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息以及行政执法案卷信息，可以不予公开。",
    19: "对涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策的政府信息，行政机关应当主动公开。",
    20: "行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：行政法规、规章和行政规范性文件；机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名；规划、计划、方案；统计信息；行政许可和其他对外管理服务事项；行政处罚、行政强制；财政预算、决算；行政事业性收费；政府集中采购；公务员招考；突发公共事件应急预案、预警信息及应对情况；环境保护、公共卫生、安全生产、食品药品、产品质量监督检查情况等。",
    21: "设区的市级、县级人民政府及其部门还应当主动公开市政建设、公共服务、公益事业、土地征收、房屋征收、治安管理、社会救助等方面的政府信息；乡（镇）人民政府还应当主动公开农业农村政策、农田水利工程建设运营、农村土地承包经营权流转、宅基地使用情况审核、土地征收、房屋征收、筹资筹劳、社会救助等方面的政府信息。",
    27: "除行政机关主动公开的政府信息外，公民、法人或者其他组织可以向地方各级人民政府、对外以自己名义履行行政管理职能的县级以上人民政府部门申请获取相关政府信息。",
}

_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_number(text: str) -> int:
    """'二十七' → 27 (enough for article numbers below 100)."""
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.get(tens, 1) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0)
    return _DIGITS.get(text, 0)


@lru_cache(maxsize=1)
def _official_articles() -> dict[int, str]:
    base = shared_dir()
    path = base / RULES_FILE if base else None
    if path is None or not path.is_file():
        return {}
    articles: dict[int, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^第([一二三四五六七八九十]+)条\s*(.*)", line.strip())
        if m:
            current = chinese_number(m.group(1))
            articles[current] = m.group(2).strip()
        elif current and line.strip() and not line.startswith("#"):
            articles[current] += line.strip()
        elif line.startswith("#"):
            current = None
    return articles


def article_text(number: int) -> tuple[str, str]:
    """(text, source) of article ``number``; source is 'official' or 'summary'."""
    official = _official_articles()
    if number in official:
        return official[number], "official"
    return BUNDLED.get(number, ""), "summary"


def legal_basis(code: str) -> dict:
    """The legal basis of a reason code, ready for output: citation, article text and its source."""
    reason = REASON_CODES[code]
    text, source = article_text(reason.article_no)
    return {"code": code, "citation": f"{REGULATION}{reason.article}", "text": text, "source": source}
