"""Codebook detectors: for every detector, documents that must fire (code, strength range, exact span
texts) and look-alikes that must not."""
import dataclasses
import json
from pathlib import Path

import pytest

from nlp.labels import REASON_CODES
from nlp.rules import Finding, detect
from nlp.rules.identifiers import (id_check_digit, is_bank_card, is_valid_credit_code, is_valid_id_number,
                                   luhn_ok, uscc_check_char)
from nlp.text import parse_structure, prepare
from nlp.text.structure import GongwenStructure, Span

ROOT = Path(__file__).resolve().parent.parent


def run(raw: str):
    text = prepare(raw)[0]
    return text, detect(text, parse_structure(text))


def only(findings, detector):
    hits = [f for f in findings if f.detector == detector]
    assert len(hits) <= 1, hits
    return hits[0] if hits else None


def spans(text, f):
    return [text[a:b] for a, b in f.spans]


def check(text, findings, detector, code, lo, hi, first_spans=None):
    f = only(findings, detector)
    assert f is not None, f"{detector} did not fire: {[(x.detector, x.code, x.strength) for x in findings]}"
    assert f.code == code and lo <= f.strength <= hi, (f.code, f.strength)
    assert f.note, "every finding explains itself in a short note"
    if first_spans is not None:
        assert spans(text, f)[:len(first_spans)] == first_spans, spans(text, f)
    return f


# ---------------------------------------------------------------------------------------- contract

def test_finding_fields_and_detect_contract():
    assert [f.name for f in dataclasses.fields(Finding)] == ["code", "strength", "spans", "detector", "note"]
    text, found = run("秘密★1年\n关于做好重点时段维稳工作的通知\n各乡镇：\n请做好重点人员稳控和敏感舆情处置工作。")
    assert [f.strength for f in found] == sorted((f.strength for f in found), reverse=True)
    assert found[0].detector == "secret_mark"


def _corpus():
    rows = [json.loads(line) for line in (ROOT / "corpora" / "drafts" / "authored.jsonl").open(encoding="utf-8")]
    return [r["text"] for r in rows] + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "samples").glob("*.txt"))]


def test_every_finding_is_well_formed_on_the_project_corpus():
    """Valid codes, strengths in [0, 1], spans inside the text; >= 0.9 only for 密级 and 文种 请示."""
    for raw in _corpus():
        text, found = run(raw)
        for f in found:
            assert f.code in REASON_CODES and 0 <= f.strength <= 1 and f.note and f.detector
            assert all(0 <= a < b <= len(text) for a, b in f.spans), (f, len(text))
            if f.strength >= 0.9:
                assert f.detector in ("secret_mark", "doc_type"), f


# ------------------------------------------------------------------------------------ check digits

@pytest.mark.parametrize("number", ["11010519491231002X", "510823198001011233", "440304199003072312",
                                    "32010619851120043x"])
def test_valid_id_numbers(number):
    assert is_valid_id_number(number)


@pytest.mark.parametrize("number", ["510823198001011234",  # wrong check digit
                                    "440304199003072313",  # wrong check digit
                                    "510823198013011233",  # month 13
                                    "51082319800101123",   # 17 digits
                                    "010823198001011233"])  # no region code starts with 0
def test_invalid_id_numbers(number):
    assert not is_valid_id_number(number)


def test_check_digit_tables():
    assert id_check_digit("11010519491231002") == "X"
    assert uscc_check_char("91350100M000100Y4") == "3"  # the standard's example code 91350100M000100Y43
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert is_bank_card("6222021234567890128") and not is_bank_card("6222021234567890127")
    assert not is_bank_card("411111111111111")  # 15 digits
    assert is_valid_credit_code("91350100M000100Y43")
    assert not is_valid_credit_code("91350100M000100Y44")  # wrong check character
    assert not is_valid_credit_code("91350100M000100I43")  # I is not in the charset


# ------------------------------------------------------------------------------------- secrecy

def test_secret_mark_decides_alone():
    text, found = run("秘密★1年\n关于召开全县道路建设公告发布会的通知\n各乡镇：\n请广大市民周知。")
    check(text, found, "secret_mark", "WH-A14-SECRET", 1.0, 1.0, ["秘密★1年"])


def test_secret_level_field_of_a_draft_form():
    text, found = run("发文稿纸\n密级：机密\n关于某事项的通知\n各单位：\n请遵照执行。")
    check(text, found, "secret_mark", "WH-A14-SECRET", 1.0, 1.0, ["密级：机密"])


def test_secret_term_without_level_is_strong_not_decisive():
    text, found = run("保密期限：5年\n关于某事项的通知\n各单位：\n请遵照执行。")
    check(text, found, "secret_term", "WH-A14-SECRET", 0.7, 0.85, ["保密期限：5年"])


@pytest.mark.parametrize("raw", [
    "关于加强保密工作的通知\n各单位：\n各单位要严格保守秘密，不得泄露国家秘密和工作秘密。",
    "关于规范公文处理的通知\n各科室：\n涉密公文应标注密级和保密期限，复制机密级、秘密级公文须经批准。",
    "密级：非密\n关于某事项的通知\n各单位：\n请遵照执行。",
])
def test_secret_words_in_prose_are_not_marks(raw):
    text, found = run(raw)
    assert not [f for f in found if f.code == "WH-A14-SECRET"], [(f.detector, spans(text, f)) for f in found]


def test_internal_notice_at_the_top():
    text, found = run("内部资料 注意保存\n关于市直部分单位行政编制调整的初步方案\n一、调整原则。")
    check(text, found, "internal_notice", "WH-A14-SECRET", 0.55, 0.65, ["内部资料注意保存"])  # spaces normalised


@pytest.mark.parametrize("raw", [
    "关于加强内部资料管理的通知\n各科室：\n请做好登记。",             # the words are the title's subject
    "关于档案工作的通知\n各单位：\n严禁将内部资料外传，请注意保存好原始凭证。",  # prose
])
def test_internal_notice_lookalikes(raw):
    text, found = run(raw)
    assert only(found, "internal_notice") is None


def test_work_secret_mark_and_statement():
    text, found = run("工作秘密\n关于某项目选址论证情况的通报\n各成员单位：\n现将情况通报如下。")
    check(text, found, "work_secret", "WH-A14-SECRET", 0.65, 0.75, ["工作秘密"])
    text, found = run("关于某项目选址论证情况的通报\n各成员单位：\n本通报属工作秘密，请妥善保管。")
    check(text, found, "work_secret", "WH-A14-SECRET", 0.6, 0.7, ["本通报属工作秘密"])


def test_work_secret_in_prose_does_not_fire():
    text, found = run("关于值班工作的通知\n机关各科室：\n值班人员要严格保守工作秘密，不得在非涉密设备上处理涉密信息。")
    assert only(found, "work_secret") is None


def test_exam_papers_custody_is_secret_and_not_housekeeping():
    text, found = run("关于做好2023年普通高考试卷保密室值守及试卷押运工作的安排\n各考区：\n试卷押运须全程监控。")
    check(text, found, "exam_papers", "WH-A14-SECRET", 0.55, 0.65, ["试卷保密室"])
    assert only(found, "internal_routine").strength <= 0.3
    text, found = run("关于做好2023年普通高考考生服务工作的通知\n各考区：\n为考生提供便利。")
    assert only(found, "exam_papers") is None


def test_security_topic_in_title_is_strong_in_body_weak():
    text, found = run("关于做好国庆节期间重点人员稳控工作的紧急通知\n各乡镇：\n请落实维稳责任。")
    check(text, found, "security_topic", "WH-A14-SECURITY", 0.55, 0.65, ["重点人员稳控"])
    text, found = run("关于做好节日市场供应的通知\n各乡镇：\n对可能引发群体性事件的苗头要及时报告。")
    check(text, found, "security_topic", "WH-A14-SECURITY", 0.3, 0.45, ["群体性事件"])


@pytest.mark.parametrize("raw", [
    "关于做好安全生产工作的通知\n各单位：\n确保安全，佳保安全，加强公安保障和治安保卫。",
    "某县突发地质灾害应急预案\n一、总则\n为保障人民生命财产安全，维护社会稳定，制定本预案。",
])
def test_security_lookalikes(raw):
    text, found = run(raw)
    assert only(found, "security_topic") is None


# ---------------------------------------------------------------------------------- 文种 and 方向

def test_request_decides_alone():
    text, found = run("关于申请拨付乡村道路建设资金的请示\n县人民政府：\n我局拟实施道路工程，资金缺口300万元。\n妥否，请批示。")
    check(text, found, "doc_type", "WH-A16-PROCESS", 0.9, 0.9, ["关于申请拨付乡村道路建设资金的请示", "妥否，请批示"])


def test_request_quoted_in_a_reply_is_not_a_request():
    raw = "关于同意县档案馆调剂办公用房的批复\n县档案馆：\n你馆《关于调剂办公用房的请示》收悉。经研究，同意调剂。\n此复。"
    text, found = run(raw)
    assert not [f for f in found if f.code == "WH-A16-PROCESS"]
    # even when a parser takes the quoted title for the document's own title
    text = "你馆《关于调剂办公用房的请示》收悉。经研究，同意调剂。此复。"
    a = text.index("关于")
    s = GongwenStructure(title=Span(a, a + 10, text[a:a + 10]), doc_type="请示")
    assert text[a:a + 10] == "关于调剂办公用房的请示"[:10]
    found = detect(text, s)
    assert not [f for f in found if f.code == "WH-A16-PROCESS"], found
    check(text, found, "approval_scope", "REQ-SPECIFIC", 0.5, 0.65, ["用房"])


def test_closing_without_title_is_strong_evidence():
    text, found = run("我局拟实施道路工程，资金缺口300万元，恳请县政府给予支持。妥否，请批示。")
    check(text, found, "process_closing", "WH-A16-PROCESS", 0.55, 0.65, ["妥否，请批示"])


def test_report_to_a_superior():
    raw = ("平昌县人民政府\n关于上半年安全生产工作情况的报告\n巴中市安全生产委员会：\n上半年全县安全生产形势总体平稳。\n"
           "特此报告。\n平昌县人民政府\n2023年7月6日")
    text, found = run(raw)
    check(text, found, "upward_report", "WH-A16-PROCESS", 0.65, 0.75,
          ["关于上半年安全生产工作情况的报告", "巴中市安全生产委员会", "特此报告"])
    assert only(found, "congress_report") is None


@pytest.mark.parametrize("raw, cue", [
    ("政府工作报告\n——2024年1月9日在苍溪县第十八届人民代表大会第四次会议上\n各位代表：\n现在，我代表县人民政府向大会报告工作。",
     "政府工作报告"),
    ("关于塔勒克市2021年预算执行情况和2022年预算草案的报告\n——2022年1月11日在塔勒克市第五届人民代表大会第二次会议上\n"
     "各位代表：\n受市人民政府委托，现将预算报告提请大会审议。", "在塔勒克市第五届人民代表大会第二次会议上"),
])
def test_reports_to_the_people_s_congress_are_public(raw, cue):
    text, found = run(raw)
    f = check(text, found, "congress_report", "PUB-A19", 0.65, 0.75)
    assert spans(text, f)[0] == cue
    assert only(found, "upward_report") is None
    assert not [x for x in found if x.code == "WH-A16-PROCESS"]


def test_consultation_letter_to_departments():
    raw = "关于征求《某县停车管理办法（征求意见稿）》意见的函\n县公安局、县财政局：\n请研提书面意见并于5日内反馈。"
    text, found = run(raw)
    check(text, found, "consultation_letter", "WH-A16-PROCESS", 0.55, 0.65,
          ["征求《某县停车管理办法（征求意见稿）》意见的函"])
    assert only(found, "public_consultation") is None


def test_consultation_reply():
    raw = ("关于对《某县停车管理办法（征求意见稿）》的反馈意见\n县司法局：\n贵局《关于征求〈某县停车管理办法（征求意见稿）〉"
           "意见的函》收悉。经研究，我局无修改意见。")
    text, found = run(raw)
    check(text, found, "consultation_reply", "WH-A16-PROCESS", 0.55, 0.65, ["反馈意见", "我局无修改意见"])
    assert only(found, "approval_scope") is None


def test_countersign_reply():
    text, found = run("关于《某县森林草原防灭火管理规定（送审稿）》的会签意见\n县司法局：\n现将我局意见反馈如下：一、建议……")
    check(text, found, "consultation_reply", "WH-A16-PROCESS", 0.55, 0.65, ["会签意见", "现将我局意见反馈如下"])


def test_public_consultation_is_public():
    raw = ("关于公开征求《某县城市绿化条例（征求意见稿）》意见的公告\n为广泛听取社会各界意见，现向社会公开征求意见。"
           "社会公众可通过电子邮件提出意见。")
    text, found = run(raw)
    check(text, found, "public_consultation", "PUB-A19", 0.55, 0.65, ["向社会公开征求意见"])
    assert not [f for f in found if f.code == "WH-A16-PROCESS"]


def test_public_consultation_mentioned_in_rules_is_weak():
    raw = "某局机关公文处理实施细则\n第十条 涉及群众切身利益的规范性文件，起草时应当向社会公开征求意见。"
    text, found = run(raw)
    f = only(found, "public_consultation")
    assert f is None or f.strength < 0.5


@pytest.mark.parametrize("raw, code, cue", [
    ("修川县人民政府第18次常务会议纪要\n会议研究了城区道路改造事项。", "PUB-A19", "常务会议"),
    ("邕江市人民政府第五届第三次全体会议纪要\n会议审议了年度重点工作。", "PUB-A19", "全体会议"),
    ("关于研究东岸片区征收补偿标准有关问题的专题会议纪要\n会议听取了汇报。", "WH-A16-PROCESS", "专题会议"),
    ("关于工业园区污水处理厂运营移交问题的协调会纪要\n会议议定如下。", "WH-A16-PROCESS", "协调会"),
    ("街道网格化管理调整方案讨论记录\n与会人员发表了意见。", "WH-A16-PROCESS", "讨论记录"),
])
def test_meeting_minutes_kinds(raw, code, cue):
    text, found = run(raw)
    check(text, found, "meeting_minutes", code, 0.55, 0.65, [cue])


def test_minutes_cited_in_a_notice_are_not_minutes():
    raw = "关于下达消防装备购置补助资金的通知\n市消防救援支队：\n根据市政府常务会议纪要精神，现下达补助资金。"
    text, found = run(raw)
    assert only(found, "meeting_minutes") is None


# ------------------------------------------------------------------------------------ 批复 scope

@pytest.mark.parametrize("title, code, cue", [
    ("江苏省人民政府关于淮川市国土空间总体规划（2021—2035年）的批复", "PUB-A20-3", "规划"),
    ("安徽省人民政府关于同意设立青弋经济开发区的批复", "PUB-A20-3", "设立青弋经济开发区"),
    ("云溪县人民政府关于云溪经济开发区扩区及四至范围调整的批复", "PUB-A20-3", "开发区"),
    ("江西省发展和改革委员会关于瑞阳至修川高速公路改扩建工程可行性研究报告的批复", "PUB-A20-10", "可行性研究报告"),
    ("关于同意县档案馆调剂办公用房的批复", "REQ-SPECIFIC", "用房"),
    ("关于同意县医疗保障服务中心招用编外工作人员的批复", "REQ-SPECIFIC", "编外"),
    ("关于同意县第一高级中学处置报废教学设备的批复", "REQ-SPECIFIC", "设备"),
    ("关于同意某街道更换公务用车的复函", "REQ-SPECIFIC", "用车"),
])
def test_approval_scope(title, code, cue):
    text, found = run(f"{title}\n某单位：\n你单位《关于有关事项的请示》收悉。经研究，同意。\n此复。")
    check(text, found, "approval_scope", code, 0.55, 0.65, [cue])
    assert not [f for f in found if f.detector == "doc_type"]


def test_approval_with_both_kinds_is_weaker_and_the_last_word_wins():
    text, found = run("关于同意市博物馆调整年度展览项目经费的批复\n市博物馆：\n你馆请示收悉。同意调整。此复。")
    check(text, found, "approval_scope", "REQ-SPECIFIC", 0.45, 0.55, ["经费"])


def test_fund_allocation_to_named_units():
    raw = "关于下达某中学校舍维修专项资金的通知\n某县第一中学：\n经研究，下达你校校舍维修资金35万元，专款专用。"
    text, found = run(raw)
    check(text, found, "specific_allocation", "REQ-SPECIFIC", 0.45, 0.55, ["下达某中学校舍维修专项资金", "某县第一中学"])
    text, found = run("关于下达农村公路养护补助资金的通知\n各乡镇人民政府：\n现下达补助资金。")
    assert only(found, "specific_allocation") is None


# ------------------------------------------------------------------------------------- 转发/印发

def test_forwarding_exposes_the_forwarded_title():
    text, found = run("关于印发《某市行政事业性收费管理办法》的通知\n各区县人民政府：\n现将办法印发给你们，请认真贯彻执行。")
    f = check(text, found, "forwarding", "PUB-A20-8", 0.4, 0.5, ["某市行政事业性收费管理办法"])
    assert "《某市行政事业性收费管理办法》" in f.note


@pytest.mark.parametrize("title, code, forwarded", [
    ("关于转发《北岭县城镇户外广告和招牌设置管理规定》的通知", "PUB-A20-1", "北岭县城镇户外广告和招牌设置管理规定"),
    ("关于转发市政府办公室2024年国庆节期间值班安排通知的通知", "REQ-INTERNAL", "市政府办公室2024年国庆节期间值班安排通知"),
    ("关于转发省司法厅征求《吉林省公共数据管理条例（征求意见稿）》意见的通知", "WH-A16-PROCESS",
     "吉林省公共数据管理条例（征求意见稿）"),
    ("关于转发《辽宁省生态环境厅关于给予赵某某政务记过处分的决定》的通知", "WH-A16-PERSONNEL",
     "辽宁省生态环境厅关于给予赵某某政务记过处分的决定"),
])
def test_forwarded_document_decides_the_code(title, code, forwarded):
    text, found = run(f"{title}\n各单位：\n现将该文件转发给你们，请遵照执行。")
    f = check(text, found, "forwarding", code, 0.4, 0.55, [forwarded])
    assert f"《{forwarded}》" in f.note


def test_not_forwarding():
    text, found = run("关于做好春耕生产工作的通知\n各乡镇：\n请做好春耕准备。")
    assert only(found, "forwarding") is None


# -------------------------------------------------------------------------------- persons, cases

def test_appointment_is_public():
    raw = ("关于张某某等同志职务任免的通知\n各乡镇人民政府：\n经研究决定，任命张某某为县交通运输局局长；"
           "免去李某某的县交通运输局局长职务。")
    text, found = run(raw)
    check(text, found, "appointment", "PUB-A20-2", 0.6, 0.7,
          ["职务任免", "任命张某某为", "免去李某某的县交通运输局局长职务"])
    assert only(found, "personnel_management") is None


@pytest.mark.parametrize("raw, cue", [
    ("关于拟提拔张某某同志考察情况的报告\n市委组织部：\n考察组对考察对象进行了考察，建议任命张某某为科长。\n当否，请审示。",
     "拟提拔"),
    ("关于给予王某某同志警告处分的决定\n王某某，男，1980年出生。经调查，给予王某某同志警告处分。", "处分"),
    ("关于2019年度机关工作人员考核结果的通知\n机关各科室：\n李某某同志考核为不称职。", "考核结果"),
    ("关于李某某同志的考察材料\n李某某，男，1980年出生。考察组对其德能勤绩廉进行了考察，考察对象表现良好。", "考察材料"),
])
def test_personnel_management_is_withheld(raw, cue):
    text, found = run(raw)
    check(text, found, "personnel_management", "WH-A16-PERSONNEL", 0.7, 0.8, [cue])
    assert only(found, "appointment") is None  # 建议任命 in a 考察 report is not a 任免


@pytest.mark.parametrize("raw", [
    "关于印发《某县机关绩效考核办法》的通知\n各单位：\n现将办法印发给你们，考核结果与绩效挂钩。",
    "关于做好2023年度机关工作人员考核工作的通知\n各单位：\n年度考核按规定程序进行。",
])
def test_personnel_lookalikes(raw):
    text, found = run(raw)
    f = only(found, "personnel_management")
    assert f is None or f.strength < 0.5


def test_penalty_decision_is_public_and_evidence_list_stays_weak():
    raw = ("某市市场监督管理局行政处罚决定书（某市监处罚〔2024〕12号）\n当事人：某某食品有限公司\n"
           "以上事实有现场检查笔录、询问笔录等证据证实。依据《中华人民共和国食品安全法》，决定给予如下行政处罚：罚款5万元。")
    text, found = run(raw)
    check(text, found, "penalty_decision", "PUB-A20-6", 0.6, 0.7, ["行政处罚决定书"])
    f = only(found, "enforcement_file")
    assert f is not None and f.strength < 0.3 and spans(text, f)[:2] == ["现场检查笔录", "询问笔录"]


@pytest.mark.parametrize("raw, cue", [
    ("某食品公司案件调查终结报告\n经调查，当事人询问笔录显示其生产不合格产品，案件审理意见如下。", "调查终结报告"),
    ("关于郭某某涉嫌非法行医案询问情况的报告\n局领导：\n卫生监督执法大队对当事人进行了询问。", "涉嫌非法行医案"),
    ("南昌市城市管理和综合执法局行政处罚事先告知书\n当事人：某某公司\n本局拟对你单位作出行政处罚。", "事先告知书"),
])
def test_enforcement_file_is_withheld(raw, cue):
    text, found = run(raw)
    f = check(text, found, "enforcement_file", "WH-A16-ENFORCEMENT", 0.7, 0.8)
    assert cue in spans(text, f)
    assert only(found, "penalty_decision") is None


def test_petition_reply_naming_the_petitioner():
    raw = ("信访事项处理意见书\n云住建信复〔2025〕17号\n王某某：\n你于2025年3月12日反映的电梯故障信访事项，我局已依法受理。"
           "现将处理意见答复如下。")
    text, found = run(raw)
    check(text, found, "petition", "WH-A15-PRIVACY", 0.65, 0.75, ["信访事项处理意见书", "王某某"])


def test_petitioner_named_in_body():
    text, found = run("关于某村道路纠纷的处理情况\n信访人：张建国，反映其承包地被占用问题，经核查情况属实。")
    check(text, found, "petition", "WH-A15-PRIVACY", 0.45, 0.55, ["张建国"])


def test_petition_policy_is_not_a_petition():
    raw = "关于进一步加强信访工作的意见\n各乡镇人民政府：\n要依法及时就地解决群众合理诉求，规范信访事项受理办理程序。"
    text, found = run(raw)
    assert only(found, "petition") is None


# ------------------------------------------------------------------------------ personal information

def test_valid_id_number_next_to_a_role_is_strong():
    text, found = run("信访人张建国，男，身份证号510823198001011233，反映其房屋补偿问题。")
    check(text, found, "id_number", "WH-A15-PRIVACY", 0.65, 0.75, ["510823198001011233"])
    check(text, found, "person_role", "WH-A15-PRIVACY", 0.45, 0.55, ["张建国"])


def test_invalid_id_check_digit_does_not_fire():
    text, found = run("信访人王某某，身份证号510823198001011234，反映其房屋补偿问题。")
    assert only(found, "id_number") is None
    assert only(found, "bank_card") is None  # nor does it count as some other number
    f = only(found, "masked_personal_info")
    assert f is not None and f.strength < 0.2 and spans(text, f) == ["王某某"]


def test_masked_id_and_mobile_are_weak():
    text, found = run("当事人王某，身份证号5108**********1234，手机138****1234，于2024年5月违规经营。")
    assert only(found, "id_number") is None and only(found, "mobile") is None
    f = check(text, found, "masked_personal_info", "WH-A15-PRIVACY", 0.05, 0.2)
    assert spans(text, f) == ["王某", "5108**********1234", "138****1234"]


def test_mobile_next_to_a_role_vs_the_agency_contact():
    text, found = run("举报人李明，男，联系电话13812345678，反映某企业夜间施工扰民。")
    check(text, found, "mobile", "WH-A15-PRIVACY", 0.65, 0.75, ["13812345678"])
    text, found = run("关于开展消防安全检查的通知\n各单位：\n请按时报送。联系人：许某某，联系电话：13912346035。")
    assert only(found, "mobile") is None


def test_landline_near_a_role_and_masked_landline():
    text, found = run("投诉人赵刚，男，住某小区，电话0839-1234567，投诉物业收费问题。")
    check(text, found, "landline", "WH-A15-PRIVACY", 0.45, 0.55, ["0839-1234567"])
    text, found = run("关于某事项的通知\n各单位：\n联系人：王某某，电话：0839-72×××68。")
    assert only(found, "landline") is None and only(found, "masked_personal_info") is None


def test_bank_card_passes_luhn():
    text, found = run("申请人孙丽，女，开户银行卡号6222021234567890128，申请发放救助金。")
    check(text, found, "bank_card", "WH-A15-PRIVACY", 0.65, 0.75, ["6222021234567890128"])
    text, found = run("申请人孙丽，女，开户银行卡号6222021234567890127，申请发放救助金。")
    assert only(found, "bank_card") is None


def test_credit_code_check_character():
    text, found = run("当事人：某某食品有限公司，统一社会信用代码91350100M000100Y43。")
    check(text, found, "credit_code", "WH-A15-PRIVACY", 0.1, 0.2, ["91350100M000100Y43"])
    text, found = run("当事人：某某食品有限公司，统一社会信用代码91350100M000100Y44。")
    assert only(found, "credit_code") is None


def test_email_personal_vs_agency():
    text, found = run("投诉人钱伟，男，邮箱qianwei88@163.com，反映噪声扰民。")
    check(text, found, "email", "WH-A15-PRIVACY", 0.55, 0.65, ["qianwei88@163.com"])
    text, found = run("意见请发送电子邮件至zqyj@example.cn或hbj@example.gov.cn。")
    assert only(found, "email") is None


def test_vehicle_plates():
    text, found = run("当事人驾驶川A12345号小型轿车超速行驶。")
    check(text, found, "vehicle_plate", "WH-A15-PRIVACY", 0.55, 0.65, ["川A12345"])
    text, found = run("车牌号为粤B·D12345的新能源汽车违规停放。")
    check(text, found, "vehicle_plate", "WH-A15-PRIVACY", 0.25, 0.35, ["粤B·D12345"])
    text, found = run("车牌号川A1234有误，川A***45为脱敏号牌。")
    assert only(found, "vehicle_plate") is None
    assert spans(text, only(found, "masked_personal_info")) == ["川A***45"]


@pytest.mark.parametrize("raw", [
    "申请人应当提交申请材料，当事人的合法权益受法律保护。",
    "各医疗机构要保障医疗质量和患者安全，2024年5月起开展专项督查。",
])
def test_role_words_without_a_name(raw):
    text, found = run(raw)
    assert only(found, "person_role") is None


def test_health_data_about_a_person():
    text, found = run("患者刘洋，男，45岁，诊断为肺部恶性肿瘤，既往有高血压病史。")
    check(text, found, "health_data", "WH-A15-PRIVACY", 0.6, 0.7, ["诊断为", "恶性肿瘤", "病史"])
    text, found = run("关于推进智慧医院建设的通知\n各医疗机构：\n推进电子病历系统建设，提升诊断结果互认水平。")
    assert only(found, "health_data") is None


def test_privacy_in_a_penalty_decision_is_capped():
    raw = ("某县市场监督管理局行政处罚决定书\n当事人：张建国，男，身份证号510823198001011233。\n"
           "经查，当事人销售过期食品，决定给予如下行政处罚：罚款2000元。")
    text, found = run(raw)
    f = check(text, found, "id_number", "WH-A15-PRIVACY", 0.4, 0.45, ["510823198001011233"])
    assert "脱敏" in f.note


# ------------------------------------------------------------------------------------- commercial

def test_trade_secret_near_a_named_company():
    raw = "经审查，四川××建材有限公司提交的投标文件中，报价明细和成本构成与其他投标人存在雷同。"
    text, found = run(raw)
    f = check(text, found, "trade_secret", "WH-A15-COMMERCIAL", 0.55, 0.65, ["投标文件", "报价明细"])
    assert "四川××建材有限公司" in spans(text, f)


def test_one_weak_cue_is_weak():
    text, found = run("某某化工有限公司的生产工艺较为落后。")
    check(text, found, "trade_secret", "WH-A15-COMMERCIAL", 0.3, 0.4, ["工艺"])


@pytest.mark.parametrize("raw", [
    "某某农业发展有限公司推广测土配方施肥技术，带动农户增收。",
    "关于降低企业物流成本的实施意见\n各区县：\n进一步降低企业物流成本，减轻市场主体负担。",
    "某某乳业有限公司生产的婴幼儿配方乳粉抽检合格。",
    "报价和成本是市场经济的基本要素。",  # no enterprise named
])
def test_trade_secret_lookalikes(raw):
    text, found = run(raw)
    assert only(found, "trade_secret") is None


def test_published_award_result_keeps_prices_weak():
    raw = "某县政府采购中标结果公告\n中标供应商：某某科技有限公司，中标报价明细：128万元。"
    text, found = run(raw)
    f = only(found, "trade_secret")
    assert f is not None and f.strength <= 0.3


# ---------------------------------------------------------------------------- topics and audience

def test_topic_in_title():
    text, found = run("关于做好2025年防汛应急预案工作的通知\n各乡镇人民政府：\n为做好防汛工作，发布预警信息。")
    f = [x for x in found if x.detector == "topic" and x.code == "PUB-A20-12"][0]
    assert 0.4 <= f.strength <= 0.45 and spans(text, f)[0] == "防汛"
    check(text, found, "audience", "PUB-A19", 0.25, 0.35, ["各乡镇人民政府"])


@pytest.mark.parametrize("title, code", [
    ("某县2025年部门预算公开说明", "PUB-A20-7"),
    ("关于调整机动车驾驶人考试收费标准的通知", "PUB-A20-8"),
    ("安徽省2025年政府集中采购目录及标准", "PUB-A20-9"),
    ("某市2023年国民经济和社会发展统计公报", "PUB-A20-4"),
    ("某省2024年考试录用公务员公告", "PUB-A20-14"),
    ("关于进一步做好临时救助工作的通知", "PUB-A21"),
    ("关于某片区国有土地上房屋征收决定的公告", "PUB-A21"),
    ("关于2024年第二季度食品安全监督抽检情况的通告", "PUB-A20-13"),
])
def test_article_20_21_topics(title, code):
    text, found = run(f"{title}\n一、基本情况\n现将有关情况公布如下。")
    hits = [f for f in found if f.detector == "topic" and f.code == code]
    assert hits and 0.35 <= hits[0].strength <= 0.5, [(f.code, f.strength) for f in found]


def test_regulation_genre_is_a20_1():
    text, found = run("某市城市公共停车场管理办法\n第一条 为规范停车管理，制定本办法。\n第二十条 本办法自2025年6月1日起施行。")
    hits = [f for f in found if f.detector == "topic" and f.code == "PUB-A20-1"]
    assert hits and 0.35 <= hits[0].strength <= 0.45


def test_topics_of_an_upward_document_stay_weak():
    text, found = run("关于申请追加部门预算资金的请示\n县财政局：\n拟申请追加部门预算资金20万元。\n妥否，请批示。")
    assert all(f.strength <= 0.3 for f in found if f.detector == "topic")


@pytest.mark.parametrize("raw, absent", [
    ("关于某事项的通知\n区人力资源和社会保障局、区自然资源和规划局：\n请配合。", {"PUB-A20-11", "PUB-A20-3"}),
    ("关于加强税收征收管理的通知\n各单位：\n依法做好税收征收管理。", {"PUB-A21"}),
])
def test_topic_lookalikes(raw, absent):
    text, found = run(raw)
    assert not {f.code for f in found if f.detector == "topic"} & absent


def test_internal_routine_and_internal_audience():
    text, found = run("关于机关国庆节期间值班安排的通知\n机关各科室：\n现将国庆节期间值班安排通知如下，请值班人员按时到岗。")
    check(text, found, "internal_routine", "REQ-INTERNAL", 0.5, 0.6, ["值班"])
    check(text, found, "audience", "REQ-INTERNAL", 0.25, 0.35, ["机关各科室"])


@pytest.mark.parametrize("raw", [
    "关于做好职业技能培训补贴申领工作的通知\n各乡镇人民政府：\n符合条件的劳动者可申领培训补贴。",
    "关于同意武警某部后勤部机关迁址新建的批复\n某部：\n同意迁址。此复。",
])
def test_internal_routine_lookalikes(raw):
    text, found = run(raw)
    f = only(found, "internal_routine")
    assert f is None or f.strength < 0.3


def test_routine_words_in_a_request_or_a_criticism_are_not_housekeeping():
    text, found = run("关于调剂解决办公用房的请示\n县机关事务管理局：\n我局办公用房紧张。\n妥否，请批示。")
    assert only(found, "internal_routine").strength <= 0.3
    text, found = run("关于节日值班期间脱岗问题的通报\n机关各科室：\n值班人员李某某擅自脱岗，予以通报批评。")
    assert only(found, "internal_routine").strength <= 0.3
    check(text, found, "personnel_management", "WH-A16-PERSONNEL", 0.7, 0.8, ["脱岗"])
