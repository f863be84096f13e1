"""The label set, reason codes and their 条例 articles: the one source of truth.

Strings match ``../shared/labeling/CODEBOOK.md`` exactly; every corpus, model output and report
uses these constants.
"""
from __future__ import annotations

from dataclasses import dataclass

PROACTIVE = "主动公开"
ON_REQUEST = "依申请公开"
WITHHELD = "不予公开"
LABELS: tuple[str, ...] = (PROACTIVE, ON_REQUEST, WITHHELD)
LABEL_IDS = {PROACTIVE: "PROACTIVE", ON_REQUEST: "ON_REQUEST", WITHHELD: "WITHHELD"}

#: the 附注 line printed on the document for each attribute
NOTE_LINES = {PROACTIVE: "（此件主动公开）", ON_REQUEST: "（此件依申请公开）", WITHHELD: "（此件不予公开）"}


@dataclass(frozen=True)
class ReasonCode:
    code: str
    label: str
    article: str  # e.g. "第二十条第（一）项"
    article_no: int  # number of the 条 in 《政府信息公开条例》(2019)
    when: str  # short summary from the codebook


def _r(code: str, label: str, article: str, no: int, when: str) -> ReasonCode:
    return ReasonCode(code, label, article, no, when)


REASON_CODES: dict[str, ReasonCode] = {r.code: r for r in [
    _r("PUB-A19", PROACTIVE, "第十九条", 19, "涉及公众利益调整、需要社会公众广泛知晓或者需要公众参与决策"),
    _r("PUB-A20-1", PROACTIVE, "第二十条第（一）项", 20, "行政法规、规章和行政规范性文件"),
    _r("PUB-A20-2", PROACTIVE, "第二十条第（二）项", 20, "机构职能、办公地址、联系方式、领导姓名；领导人事任免"),
    _r("PUB-A20-3", PROACTIVE, "第二十条第（三）项", 20, "国民经济和社会发展规划、专项规划、区域规划及相关政策"),
    _r("PUB-A20-4", PROACTIVE, "第二十条第（四）项", 20, "国民经济和社会发展统计信息"),
    _r("PUB-A20-5", PROACTIVE, "第二十条第（五）项", 20, "行政许可及其他对外管理服务事项的依据、条件、程序和结果"),
    _r("PUB-A20-6", PROACTIVE, "第二十条第（六）项", 20, "行政处罚、行政强制的依据、条件、程序及有社会影响的处罚决定"),
    _r("PUB-A20-7", PROACTIVE, "第二十条第（七）项", 20, "财政预算、决算信息"),
    _r("PUB-A20-8", PROACTIVE, "第二十条第（八）项", 20, "行政事业性收费项目及其依据、标准"),
    _r("PUB-A20-9", PROACTIVE, "第二十条第（九）项", 20, "政府集中采购项目的目录、标准及实施情况"),
    _r("PUB-A20-10", PROACTIVE, "第二十条第（十）项", 20, "重大建设项目的批准和实施情况"),
    _r("PUB-A20-11", PROACTIVE, "第二十条第（十一）项", 20, "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况"),
    _r("PUB-A20-12", PROACTIVE, "第二十条第（十二）项", 20, "突发公共事件的应急预案、预警信息及应对情况"),
    _r("PUB-A20-13", PROACTIVE, "第二十条第（十三）项", 20, "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况"),
    _r("PUB-A20-14", PROACTIVE, "第二十条第（十四）项", 20, "公务员招考的职位、名额、报考条件等事项以及录用结果"),
    _r("PUB-A21", PROACTIVE, "第二十一条", 21, "市、县、乡级人民政府重点公开事项（征收、救助、农村土地等）"),
    _r("REQ-SPECIFIC", ON_REQUEST, "第二十七条", 27, "仅涉及特定单位、项目或个人，法律未要求主动公开"),
    _r("REQ-INTERNAL", ON_REQUEST, "第十六条第一款、第二十七条", 16, "机关日常内部管理事务，无敏感内容"),
    _r("WH-A14-SECRET", WITHHELD, "第十四条", 14, "国家秘密或工作秘密；标有密级的公文"),
    _r("WH-A14-SECURITY", WITHHELD, "第十四条", 14, "公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    _r("WH-A15-PRIVACY", WITHHELD, "第十五条", 15, "第三方个人隐私（信访人、举报人、当事人信息，健康信息，身份证号等）"),
    _r("WH-A15-COMMERCIAL", WITHHELD, "第十五条", 15, "第三方商业秘密（技术资料、报价、经营数据）"),
    _r("WH-A16-PERSONNEL", WITHHELD, "第十六条第一款", 16, "不公开的人事管理信息：干部考察考核材料、处分决定、内部岗位调整"),
    _r("WH-A16-PROCESS", WITHHELD, "第十六条第二款", 16, "过程性信息：请示、向上级报告、征求意见函及答复、讨论记录、过程稿"),
    _r("WH-A16-ENFORCEMENT", WITHHELD, "第十六条第二款", 16, "行政执法案卷信息：调查报告、询问笔录、案件审理意见"),
]}

#: the reason code used when a label must be given a code and nothing more specific is known
DEFAULT_CODE = {PROACTIVE: "PUB-A19", ON_REQUEST: "REQ-SPECIFIC", WITHHELD: "WH-A16-PROCESS"}


def codes_for(label: str) -> list[str]:
    """All reason codes that justify ``label``, in codebook order."""
    return [c for c, r in REASON_CODES.items() if r.label == label]


def check_label(label: str) -> str:
    if label not in LABELS:
        raise ValueError(f"unknown label {label!r}; expected one of {', '.join(LABELS)}")
    return label
