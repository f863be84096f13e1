"""Personal information of third parties (条例 第十五条, WH-A15-PRIVACY): identifiers, contacts, persons in
roles, health data.

Why so careful: numbers and names are everywhere in 公文 (the agency's own 联系电话, a 签发人, file
numbers), so an item only counts when it is (1) real: 身份证号 pass the GB 11643 check digit, bank
cards pass Luhn, 统一社会信用代码 pass GB 32100; (2) unredacted: 张某某, 138****1234 and
5108**********1234 are already masked, which is how published documents look, so they are at most
a weak cue; and (3) about a third party: next to a role word (信访人、举报人、当事人、申请人、考察对象……)
an unmasked item is strong evidence (~0.7), next to 联系人/联系电话 it is the agency's contact and
ignored. In a 行政处罚决定 (published by law, redacted) privacy findings are capped below 0.5.
"""
from __future__ import annotations

import re

from .base import Doc, Finding, unique
from .cases import is_penalty_decision
from .identifiers import is_bank_card, is_valid_credit_code, is_valid_id_number
from .names import NAME, ROLE, is_masked_name, persons_in_roles

_NAME_SEX = re.compile(rf"({NAME})[，,、（(]\s*(?:男|女)[，,、）)]")

_ID = re.compile(r"(?<![0-9A-Za-z*＊×])[1-9]\d{16}[\dXx](?![0-9A-Za-z*＊×])")
_ID_LAYOUT = re.compile(r"[1-8]\d{5}(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]")
_ID_MASKED = re.compile(r"(?<![0-9A-Za-z*＊×])[1-9][\d*＊×]{16}[\dXx*＊×](?![0-9A-Za-z*＊×])")
_MOBILE = re.compile(r"(?<![\d*＊×])1[3-9]\d{9}(?![\d*＊×])")
_MOBILE_MASKED = re.compile(r"(?<![\d*＊×])1[3-9]\d[*＊×]{4}\d{4}(?![\d*＊×])")
_LANDLINE = re.compile(r"(?<![\d\-*＊×])0\d{2,3}-\d{7,8}(?![\d\-*＊×])")
_LANDLINE_MASKED = re.compile(r"(?<![\d\-])0\d{2,3}-(?=[\d*＊×]{0,7}[*＊×])[\d*＊×]{7,8}(?![\d\-*＊×])")
_CARD = re.compile(r"(?<![0-9A-Za-z])(?:\d{16,19}|\d{4}(?: \d{4}){3}(?: \d{1,3})?)(?![0-9A-Za-z])")
_USCC = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Z])")
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·•・]?[A-HJ-NP-Z0-9]{{5,6}}(?![A-Za-z0-9*＊×])")
_PLATE_MASKED = re.compile(rf"(?<![A-Za-z0-9])[{_PROVINCES}][A-HJ-NP-Z][·•・]?(?=[A-HJ-NP-Z0-9]{{0,5}}[*＊×])[A-HJ-NP-Z0-9*＊×]{{5,6}}(?![A-Za-z0-9*＊×])")
_HEALTH = re.compile(r"病历|病史|既往史|诊断(?:为|结果|证明)|确诊|残疾等级|伤残等级|残疾证号?|精神(?:疾病|障碍|分裂)|传染病史|"
                     r"艾滋病|HIV|住院治疗|病情|体检结果|抑郁症|恶性肿瘤")
_CONTACT = re.compile(r"联系人|联系电话|联系方式|咨询电话|监督电话|举报电话|投诉电话|服务热线|热线|传真|办公电话|电子邮箱|邮箱|电话|"
                      r"电子邮件|发送至|发至")
_ACCOUNT_HOLDER_ORG = re.compile(r"(?:户名|收款单位|收款人|开户单位)[：:\s]*[^，。；\n]{0,30}(?:局|政府|中心|委员会|财政|办公室|公司|院|所|站)")
_CARD_CONTEXT = re.compile(r"银行|卡号|账号|帐号|账户|开户")


class _Ctx:
    """Where roles, contacts and persons sit in one document."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.persons = persons_in_roles(doc.text)

    def role_near(self, start: int, end: int) -> bool:
        a, b = self.doc.sentence(start)
        return bool(ROLE.search(self.doc.text, a, max(b, end)))

    def contact_before(self, start: int) -> bool:
        return bool(_CONTACT.search(self.doc.text[max(0, start - 20):start]))


def _finding(detector: str, items: list[tuple[int, int, float]], note: str) -> list[Finding]:
    if not items:
        return []
    items.sort(key=lambda t: t[0])
    return [Finding("WH-A15-PRIVACY", max(w for _, _, w in items), unique([(a, b) for a, b, _ in items], 3),
                    detector, note)]


def personal_info(doc: Doc) -> list[Finding]:
    text, ctx, out = doc.text, _Ctx(doc), []
    taken: list[tuple[int, int]] = []  # spans already explained (an ID is not also a bank card)

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    ids = []
    for m in _ID.finditer(text):
        if is_valid_id_number(m.group()):
            taken.append(m.span())
            near = ctx.role_near(m.start(), m.end()) or "身份证" in text[max(0, m.start() - 12):m.start()]
            ids.append((m.start(), m.end(), 0.7 if near else 0.6))
    out += _finding("id_number", ids, "完整且校验位正确的居民身份证号")

    def numbers(matches, near_role: float, elsewhere: float) -> list[tuple[int, int, float]]:
        """Strong next to a third party in a role, weak elsewhere, nothing after 联系人/联系电话."""
        graded = []
        for m in matches:
            taken.append(m.span())
            if ctx.role_near(m.start(), m.end()):
                graded.append((m.start(), m.end(), near_role))
            elif not ctx.contact_before(m.start()):
                graded.append((m.start(), m.end(), elsewhere))
        return graded

    out += _finding("mobile", numbers([m for m in _MOBILE.finditer(text) if free(*m.span())], 0.7, 0.35),
                    "未脱敏的手机号码")
    out += _finding("landline", numbers(_LANDLINE.finditer(text), 0.5, 0.15), "固定电话号码")

    codes = []
    for m in _USCC.finditer(text):
        if free(*m.span()) and is_valid_credit_code(m.group()):
            taken.append(m.span())
            sole = m.group().startswith("92")  # 个体工商户: the code identifies a person's business
            codes.append((m.start(), m.end(), 0.3 if sole else 0.15))
    out += _finding("credit_code", codes, "统一社会信用代码（个体工商户关联个人；企业代码本为公示信息）")

    cards = []
    for m in _CARD.finditer(text):
        digits = m.group().replace(" ", "")
        if not free(*m.span()) or not is_bank_card(digits) or _ID_LAYOUT.fullmatch(digits):
            continue  # an 18-digit number laid out like an ID (with a wrong check digit) is no card either
        a, b = doc.sentence(m.start())
        if _ACCOUNT_HOLDER_ORG.search(text, a, m.start()):
            continue  # the agency's or a company's account for payments
        if ctx.role_near(m.start(), m.end()):
            w = 0.7
        elif _CARD_CONTEXT.search(text[max(0, m.start() - 15):m.start()]):
            w = 0.55
        else:
            w = 0.35
        cards.append((m.start(), m.end(), w))
    out += _finding("bank_card", cards, "通过Luhn校验的银行卡号")

    mails = []
    for m in _EMAIL.finditer(text):
        if re.search(r"\.gov(?:\.cn)?$|\.org\.cn$", m.group(), re.I):
            continue  # an agency's mailbox
        near = ctx.role_near(m.start(), m.end())
        if near or not ctx.contact_before(m.start()):
            mails.append((m.start(), m.end(), 0.6 if near else 0.25))
    out += _finding("email", mails, "个人电子邮箱")

    plates = [(m.start(), m.end(), 0.6 if ctx.role_near(m.start(), m.end()) else 0.3)
              for m in _PLATE.finditer(text) if sum(c.isdigit() for c in m.group()) >= 3]
    out += _finding("vehicle_plate", plates, "机动车号牌")

    persons = [(a, b, 0.5) for a, b, _, masked in ctx.persons if not masked]
    out += _finding("person_role", persons, "信访人/举报人/当事人等第三方姓名（未脱敏）")

    out += _health(doc, ctx)
    out += _masked(doc, ctx)
    if is_penalty_decision(doc):
        for f in out:
            if f.strength >= 0.45:
                f.strength, f.note = 0.45, f.note + "（处罚决定依法公开，须脱敏）"
    return out


def _health(doc: Doc, ctx: _Ctx) -> list[Finding]:
    """健康信息 (病历、诊断、残疾等级、病史) about an identifiable person nearby."""
    text, items = doc.text, []
    unmasked = [(a, b) for a, b, _, masked in ctx.persons if not masked]
    unmasked += [m.span(1) for m in _NAME_SEX.finditer(text) if not is_masked_name(m.group(1))]
    unmasked += [m.span() for m in _ID.finditer(text) if is_valid_id_number(m.group())]
    masked = [(a, b) for a, b, _, is_m in ctx.persons if is_m]
    masked += [m.span(1) for m in _NAME_SEX.finditer(text) if is_masked_name(m.group(1))]
    for m in _HEALTH.finditer(text):
        def near(spans):
            return any(abs(a - m.start()) <= 80 for a, _ in spans)
        if near(unmasked):
            items.append((m.start(), m.end(), 0.65))
        elif near(masked):
            items.append((m.start(), m.end(), 0.35))
        elif ctx.role_near(m.start(), m.end()):
            items.append((m.start(), m.end(), 0.25))
    return _finding("health_data", items, "可识别个人的健康信息（病历、诊断、残疾等级、病史）")


def _masked(doc: Doc, ctx: _Ctx) -> list[Finding]:
    """Redacted identifiers and names in roles: what a published document looks like (weak)."""
    text, items = doc.text, []
    for m in _ID_MASKED.finditer(text):
        n = sum(c in "*＊×" for c in m.group())
        if 4 <= n <= 14:
            items.append((m.start(), m.end(), 0.1))
    for pattern in (_MOBILE_MASKED, _LANDLINE_MASKED, _PLATE_MASKED):
        items += [(m.start(), m.end(), 0.1) for m in pattern.finditer(text) if not ctx.contact_before(m.start())]
    items += [(a, b, 0.15) for a, b, _, masked in ctx.persons if masked]
    return _finding("masked_personal_info", items, "已脱敏的个人信息（张某某、138****1234）")


DETECTORS = (personal_info,)
