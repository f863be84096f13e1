"""Shared fixtures: a tiny hand-written corpus and a tiny model trained on it (seeded, seconds)."""
from __future__ import annotations

import pytest

from nlp.labels import ON_REQUEST, PROACTIVE, WITHHELD

TINY = [
    ("关于2025年春节期间道路施工交通管制的通告\n广大市民：\n因城市道路改造，现将有关事项通告如下。特此通告。", PROACTIVE, "PUB-A19"),
    ("关于印发《某市行政事业性收费管理办法》的通知\n各区县人民政府，市政府各部门：\n现将办法印发给你们，请认真贯彻执行。", PROACTIVE, "PUB-A20-8"),
    ("关于张某某等同志职务任免的通知\n各乡镇人民政府：\n经研究决定，任命张某某为县交通运输局局长。", PROACTIVE, "PUB-A20-2"),
    ("关于公开征求《某县城市绿化条例（征求意见稿）》意见的公告\n为广泛听取社会各界意见，现向社会公开征求意见。", PROACTIVE, "PUB-A19"),
    ("某县2025年部门预算公开说明\n一、部门基本情况\n二、收支预算总体情况，财政拨款收入1200万元。", PROACTIVE, "PUB-A20-7"),
    ("关于做好2025年防汛应急预案工作的通知\n各乡镇人民政府：\n为做好防汛工作，发布预警信息，请社会公众注意防范。", PROACTIVE, "PUB-A20-12"),
    ("关于同意某中心调剂办公用房的复函\n某县档案馆：\n你馆关于调剂办公用房的函收悉。经研究，同意调剂。此复。", ON_REQUEST, "REQ-SPECIFIC"),
    ("关于机关国庆节期间值班安排的通知\n机关各科室：\n现将国庆节期间值班安排通知如下，请值班人员按时到岗。", ON_REQUEST, "REQ-INTERNAL"),
    ("关于下达某中学校舍维修专项资金的通知\n某县第一中学：\n经研究，下达你校校舍维修资金35万元，专款专用。", ON_REQUEST, "REQ-SPECIFIC"),
    ("关于机关干部职工考勤管理的通知\n机关各科室：\n为加强考勤管理，请各科室严格执行签到制度。", ON_REQUEST, "REQ-INTERNAL"),
    ("关于同意某街道更换公务用车的复函\n某街道办事处：\n你单位关于更换公务用车的请示收悉，同意购置一辆。此复。", ON_REQUEST, "REQ-SPECIFIC"),
    ("关于召开机关内部业务培训会的通知\n机关各科室：\n定于下周三在三楼会议室召开内部业务培训会，请准时参加。", ON_REQUEST, "REQ-INTERNAL"),
    ("关于申请拨付乡村道路建设资金的请示\n县人民政府：\n我局拟实施道路工程，资金缺口300万元。妥否，请批示。", WITHHELD, "WH-A16-PROCESS"),
    ("关于征求《某县停车管理办法（征求意见稿）》意见的函\n县公安局、县财政局：\n请研提书面意见并于5日内反馈。", WITHHELD, "WH-A16-PROCESS"),
    ("信访事项处理意见书\n信访人王某某，身份证号510823198001011234，反映其房屋补偿问题。经调查，答复如下。", WITHHELD, "WH-A15-PRIVACY"),
    ("秘密★1年\n关于做好重点时段维稳工作的通知\n各乡镇：\n请做好重点人员稳控和敏感舆情处置工作。", WITHHELD, "WH-A14-SECRET"),
    ("关于李某某同志的考察材料\n李某某，男，1980年出生。考察组对其德能勤绩廉进行了考察，考察对象表现良好。", WITHHELD, "WH-A16-PERSONNEL"),
    ("某食品公司案件调查终结报告\n经调查，当事人询问笔录显示其生产不合格产品，案件审理意见如下。", WITHHELD, "WH-A16-ENFORCEMENT"),
]


@pytest.fixture(scope="session")
def tiny_corpus():
    return TINY


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory):
    from nlp.models import ClassicalDisclosureModel

    texts, labels, codes = zip(*TINY)
    model = ClassicalDisclosureModel(min_df=1, max_char_features=5000, max_word_features=2000,
                                     calibration_folds=2).fit(list(texts), list(labels), codes=list(codes))
    path = tmp_path_factory.mktemp("model") / "tiny"
    model.save_pretrained(path, {"version": "test", "train_priors": {PROACTIVE: 1 / 3, ON_REQUEST: 1 / 3, WITHHELD: 1 / 3}})
    return path
