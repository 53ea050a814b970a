"""Numerals as Chinese officialdom writes them, read exactly (Decimal, never float).

Plans mix Arabic digits, Chinese numerals and magnitude words in one phrase:
``592.5亿元``, ``4.6万个``, ``一百``, ``千亿级``, ``万亿元``, ``1—2万元``. Reading them
with floats would turn 4.6万 into 45999.999…, so every value here is a
:class:`~decimal.Decimal`, made an ``int`` only when it is whole.

This module knows numerals only; which numerals are quantities (and which are dates,
ordinals, document numbers or model names) is decided in :mod:`kg.extract.targets`.

>>> parse_numeral("592.5亿")
Decimal('59250000000')
>>> parse_numeral("一百零五"), parse_numeral("两千三百万"), parse_numeral("万亿")
(Decimal('105'), Decimal('23000000'), Decimal('1000000000000'))
"""

from __future__ import annotations

import re
from decimal import Decimal

CN_DIGIT: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7,
    "八": 8, "捌": 8, "九": 9, "玖": 9,
}
# Place units inside a section (十 百 千) and section units (万 亿): 一千二百万 is
# (1000 + 200) × 万; 一万亿 is 1 × 万 × 亿.
CN_SMALL: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
CN_BIG: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
MAGNITUDE: dict[str, int] = {**CN_SMALL, **CN_BIG}

CN_CHARS = "".join(CN_DIGIT) + "".join(CN_SMALL) + "".join(CN_BIG)
FULL_DIGITS = str.maketrans("０１２３４５６７８９．，", "0123456789.,")

# An Arabic numeral: digits, optional thousands groups (1,000 / 1，000), optional decimals.
ARABIC = r"[0-9０-９]+(?:[,，][0-9０-９]{3}(?![0-9０-９]))*(?:[.．][0-9０-９]+)?"
ARABIC_RE = re.compile(ARABIC)
# Arabic digits with magnitude words after them (3千万, 592.5亿, 1.5万亿).
MIXED_RE = re.compile(rf"({ARABIC})([十百千万亿萬億]*)")
CN_RE = re.compile(f"[{CN_CHARS}]+")


def exact(d: Decimal) -> Decimal:
    """The same value without spurious decimals: 46000.0 → 46000, 2.050 → 2.05."""
    return Decimal(int(d)) if d == d.to_integral_value() else d.normalize()


def plain(d: Decimal) -> int | float:
    """For JSON: an int when whole (12, not 12.0), else the nearest float (2.05)."""
    d = exact(d)
    return int(d) if d == d.to_integral_value() else float(d)


def parse_arabic(s: str) -> Decimal:
    """``1,000`` / ``１２`` / ``2.05`` → Decimal.

    >>> parse_arabic("1,400"), parse_arabic("２．０５")
    (Decimal('1400'), Decimal('2.05'))
    """
    return Decimal(s.translate(FULL_DIGITS).replace(",", ""))


def magnitude_of(words: str) -> int:
    """The factor a run of magnitude words stands for: 万亿 → 10^12, 千万 → 10^7."""
    factor = 1
    for ch in words:
        factor *= MAGNITUDE[ch]
    return factor


def parse_chinese(s: str) -> Decimal | None:
    """A Chinese numeral (一百零五, 两千三百万, 十二, 千亿, 一亿二千万), or None.

    A bare magnitude (``千亿``, ``万亿``) is one of it. A trailing digit right after a
    place unit is the colloquial short form (一百五 = 150, 两万五 = 25000).

    >>> parse_chinese("十二"), parse_chinese("二十万三千"), parse_chinese("一亿二千万")
    (Decimal('12'), Decimal('203000'), Decimal('120000000'))
    >>> parse_chinese("一百五"), parse_chinese("三万亿"), parse_chinese("第一")
    (Decimal('150'), Decimal('3000000000000'), None)
    """
    if not s or any(ch not in CN_CHARS for ch in s):
        return None
    total = 0  # what the sections closed by 万/亿 add up to
    section = 0  # the current section below 万
    digit: int | None = None  # the digit waiting for its place unit
    last_unit = 0  # the unit just read (for 一百五 = 150)
    zero_seen = False
    for ch in s:
        if ch in CN_DIGIT:
            d = CN_DIGIT[ch]
            if digit is not None:  # 一二, 二〇二四: a digit string, not a numeral
                return None
            if d == 0:
                zero_seen = True
                continue
            digit = d
        elif ch in CN_SMALL:
            section += (1 if digit is None else digit) * CN_SMALL[ch]
            digit, last_unit, zero_seen = None, CN_SMALL[ch], False
        elif CN_BIG[ch] == 10**4:
            total += (section + (digit or 0) or 1) * 10**4
            section, digit, last_unit, zero_seen = 0, None, 10**4, False
        else:  # 亿 multiplies everything before it: 一万亿 = 10^4 × 10^8
            total = (total + section + (digit or 0) or 1) * 10**8
            section, digit, last_unit, zero_seen = 0, None, 10**8, False
    if digit is not None:
        # 一百五 → 150: a bare digit right after a unit counts in the next place down
        section += digit * (last_unit // 10 if last_unit >= 100 and not zero_seen else 1)
    return Decimal(total + section)


def parse_numeral(s: str) -> Decimal | None:
    """Any numeral this project reads: Arabic, Chinese, or Arabic with magnitude words.

    >>> parse_numeral("4.6万"), parse_numeral("3千万"), parse_numeral("1.5万亿")
    (Decimal('46000'), Decimal('30000000'), Decimal('1500000000000'))
    >>> parse_numeral("百分之") is None
    True
    """
    m = MIXED_RE.fullmatch(s)
    if m:
        return exact(parse_arabic(m.group(1)) * magnitude_of(m.group(2)))
    return parse_chinese(s)
