"""Check digits of Chinese identifiers, so that only real-looking numbers count as personal data.

Why: an 18-digit string is not yet a 居民身份证号 (file numbers, amounts and serials look alike);
validating the check digit removes ~90% of accidental matches, and bank card numbers are checked the
same way with Luhn. Pure functions, no regexes over documents here.

- 居民身份证号 GB 11643-1999: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, sum mod 11 → "10X98765432".
- 统一社会信用代码 GB 32100-2015: 31 characters (no I O S V Z), weights 1 3 9 27 19 26 16 17 20 29 25 13
  8 24 10 30 28, check = (31 - sum mod 31) mod 31.
- bank cards: Luhn (ISO/IEC 7812), 16 to 19 digits.
"""
from __future__ import annotations

import datetime as _dt

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits."""
    return _ID_CHECK[sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS)) % 11]


def is_valid_id_number(s: str) -> bool:
    """An 18-character 居民身份证号 with a plausible birth date and the right check character."""
    s = s.upper()
    if len(s) != 18 or not s[:17].isdigit() or s[0] == "0" or not (s[17].isdigit() or s[17] == "X"):
        return False
    try:
        born = _dt.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not (1900 <= born.year <= _dt.date.today().year):
        return False
    return id_check_digit(s[:17]) == s[17]


def luhn_ok(digits: str) -> bool:
    """Luhn checksum over a digit string."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def is_bank_card(digits: str) -> bool:
    return 16 <= len(digits) <= 19 and digits[0] != "0" and luhn_ok(digits)


def uscc_check_char(first17: str) -> str:
    """The GB 32100 check character for the first 17 characters."""
    total = sum(USCC_CHARSET.index(c) * w for c, w in zip(first17, _USCC_WEIGHTS))
    return USCC_CHARSET[(31 - total % 31) % 31]


def is_valid_credit_code(s: str) -> bool:
    """An 18-character 统一社会信用代码 whose characters and check character are valid."""
    s = s.upper()
    if len(s) != 18 or any(c not in USCC_CHARSET for c in s) or not s[2:8].isdigit():
        return False
    return uscc_check_char(s[:17]) == s[17]
