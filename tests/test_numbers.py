"""The numeral reader: Arabic, Chinese and mixed numerals, exactly (Decimal, never float)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.extract.numbers import parse_arabic, parse_chinese, parse_numeral, plain

DIGITS = "零一二三四五六七八九"


def chinese(n: int, two: bool = False) -> str:
    """A Chinese numeral written the way the language (not our code) writes it.

    Groups of four digits under 亿 and 万; one 零 for each run of missing places
    between written ones; 十二 rather than 一十二 at the very start. ``two`` writes a
    leading 2 before 千, 万 or 亿 as 两 (两千, 两万), as officials often do.
    """
    assert 0 < n < 10**12
    out = ""
    skipped = False
    for g, big in ((n // 10**8, "亿"), (n // 10**4 % 10**4, "万"), (n % 10**4, "")):
        if g == 0:
            skipped = bool(out)
            continue
        if out and (skipped or g < 1000):
            out += "零"
        skipped = False
        part, zero = "", False
        places = (g // 1000, g // 100 % 10, g // 10 % 10, g % 10)
        for d, u in zip(places, ("千", "百", "十", ""), strict=True):
            if d == 0:
                zero = bool(part)
                continue
            if zero:
                part, zero = part + "零", False
            part += DIGITS[d] + u
        out += part + big
    if out.startswith("一十"):
        out = out[1:]
    if two and out.startswith("二") and len(out) > 1 and out[1] in "千万亿":
        out = "两" + out[1:]
    return out


def test_the_generator_itself():
    """The test's own writer agrees with textbook examples before it judges anything."""
    assert chinese(12) == "十二"
    assert chinese(105) == "一百零五"
    assert chinese(1010) == "一千零一十"
    assert chinese(10001) == "一万零一"
    assert chinese(23000000) == "二千三百万"
    assert chinese(2300, two=True) == "两千三百"
    assert chinese(100000000) == "一亿"
    assert chinese(120000000) == "一亿二千万"
    assert chinese(100000001) == "一亿零一"


@given(st.integers(min_value=1, max_value=10**12 - 1), st.booleans())
def test_chinese_numerals_round_trip(n, two):
    assert parse_chinese(chinese(n, two)) == n


@given(st.integers(min_value=1, max_value=10**9))
def test_arabic_with_thousands_separators_round_trips(n):
    assert parse_arabic(f"{n:,}") == n
    assert parse_numeral(f"{n:,}") == n


MAGNITUDES = {"": 1, "万": 10**4, "亿": 10**8, "千万": 10**7, "百万": 10**6, "万亿": 10**12, "十万": 10**5}


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
       st.sampled_from(sorted(MAGNITUDES)))
def test_arabic_with_magnitude_words_is_exact(d, mag):
    text = format(d, "f") + mag
    assert parse_numeral(text) == d * MAGNITUDES[mag]


@pytest.mark.parametrize(("text", "value"), [
    ("592.5亿", 59250000000),
    ("4.6万", 46000),
    ("一百", 100),
    ("千亿", 10**11),
    ("万亿", 10**12),
    ("百余", None),  # 余 is a bound, not a numeral
    ("两千", 2000),
    ("十", 10),
    ("一百五", 150),  # the colloquial short form
    ("二〇二四", None),  # a year spelt digit by digit is not a numeral
    ("１２", 12),  # full-width digits
    ("2.05", Decimal("2.05")),
])
def test_numerals(text, value):
    got = parse_numeral(text)
    assert got == value if value is not None else got is None


def test_plain_prints_whole_numbers_as_ints_and_keeps_decimals():
    assert plain(Decimal("59250000000.0")) == 59250000000
    assert isinstance(plain(Decimal("12")), int)
    assert plain(Decimal("2.050")) == 2.05
