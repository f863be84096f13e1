"""Person names and the role words that make a name third-party personal information.

Why a module: the privacy detectors and the 信访 detector both need to tell a person's name
("信访人张三，男") from ordinary words after a role ("申请人应当", "患者安全"), and a masked name
(张某某, 李×) from an unmasked one. Names are a common 姓 followed by one or two characters.
"""
from __future__ import annotations

import re

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
            "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴"
            "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑"
            "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝")
_COMPOUND = "欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|长孙|宇文|司徒|夏侯|令狐"
MASK = "某×X＊*○〇"
NAME = rf"(?:{_COMPOUND}|[{SURNAMES}])[\u4e00-\u9fff{MASK}]{{1,2}}"
_NAME_END = r"(?=[，,、。；;：:（(\s”]|$|同志|先生|女士|男|女|等|反映|称|于|系|因|在|的|身份证|电话|手机|住)"
ROLES = ("信访人|举报人|投诉人|控告人|被申请人|申请人|被举报人|被投诉人|当事人|考察对象|受害人|被害人|患者|病人|死者|伤者|"
         "被处罚人|被调查人|被询问人|监护人|户主")
ROLE = re.compile(ROLES)
PERSON_IN_ROLE = re.compile(rf"({ROLES})([：:，,\s]*(?:为|是)?)({NAME}){_NAME_END}")
# after a role word without a colon, an unmasked "name" must look like one: 张三，男 / 张三（身份证…） / 张三同志
_PERSON_TAIL = re.compile(r"(?:同志|先生|女士)|[，,（(、\s]\s*(?:男|女|身份证|公民身份号码|电话|手机|联系电话|住|现住|户籍|\d{4}年[^，。；]{0,6}出生)")


def is_masked_name(name: str) -> bool:
    """张某某, 王某, 李×: the given name is (partly) replaced by a mask character."""
    return any(c in MASK for c in name[1:])


def persons_in_roles(text: str) -> list[tuple[int, int, str, bool]]:
    """(start, end, role, masked) of every name that follows a role word (信访人：张三; 举报人李四，男)."""
    out = []
    for m in PERSON_IN_ROLE.finditer(text):
        masked = is_masked_name(m.group(3))
        if masked or re.search(r"[：:]", m.group(2)) or _PERSON_TAIL.match(text, m.end(3)):
            out.append((m.start(3), m.end(3), m.group(1), masked))
    return out


_ADDRESSEE = re.compile(rf"(?:^|\n)\s*({NAME})(?:同志|先生|女士)?\s*[：:]")


def addressee(text: str, within: int = 400) -> tuple[int, int] | None:
    """A person addressed by name at the top of a letter ("王某某：\n你于……反映的……")."""
    m = _ADDRESSEE.search(text[:within])
    return m.span(1) if m else None
