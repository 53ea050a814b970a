"""Times as Chinese officialdom writes them, read into dates and intervals.

Plans name a completion time in a small grammar: a year (``2025年``, ``二〇二五年``,
``今年``, a range ``2024—2026年``), then optionally a part of it (``上半年``,
``三季度``, ``年底``, a month ``6月`` with ``底``/``末``, a day, or ``上旬``), then
optionally a marker that makes it a deadline (``前``, ``以前``, ``之前``, ``内``,
``为止``). This module reads that grammar into :class:`TimeExpr` and normalises it:

* a time written as a point or a limit (``2025年6月底前``, ``年底``, ``6月30日``,
  ``2025年前``) is a *date*: the last day it allows. ``前`` after a named period is
  read as "by the end of it", the way plans use ``2025年前`` for ``到2025年``;
* a time written as a stretch (``2019年上半年``, ``三季度``, ``2024—2026年``,
  ``2025年``) is an *interval* from its first to its last day;
* a time without a year (``6月底前``) takes the plan's year: the single year of an
  annual plan's title, else the year it was signed (the next year when that month
  had already passed at signing), else the first year of its period; which one is
  recorded, and a time that still has no year is left unnormalised, never guessed;
* vague parts (``年初``, ``年中``, ``月初``) and ``前后`` (around) are kept as text with
  the reason they were not normalised.

>>> [e.text for e in scan("2024年12月底前完成,上半年启动,2024—2026年持续推进")]
['2024年12月底前', '上半年', '2024—2026年']
>>> e = scan("2025年6月底前")[0]; normalise(e, PlanYear()).date
'2025-06-30'
>>> n = normalise(scan("三季度")[0], PlanYear(year=2024, source="plan-title")); (n.start, n.end)
('2024-07-01', '2024-09-30')
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from importlib import resources

from kg.text import cn_int

_CN_YEAR_DIGITS = "〇○零一二三四五六七八九"
_DASH = "—–\\-－~～―─"
_MONTH = r"(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(3[01]|[12]\d|0?[1-9]|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_YEAR_NUM = rf"((?:19|20)\d{{2}}|[{_CN_YEAR_DIGITS}]{{4}})"

_YEAR_RANGE = re.compile(
    rf"{_YEAR_NUM}\s*(?:年度?)?\s*(?:[{_DASH}]+|至|到)\s*{_YEAR_NUM}\s*年度?"
)
_YEAR = re.compile(rf"{_YEAR_NUM}\s*年(?:度)?")
_REL_YEAR = re.compile(r"(今年|本年度|本年|当年|明年|次年)")
_HALF = re.compile(r"\s*(上半年|下半年)")
_QUARTER = re.compile(r"\s*(?:第)?([一二三四1-4１-４])\s*季度(底|末|初)?")
_YEAR_END = re.compile(r"\s*(?:年)?(底|末|终)")
_YEAR_VAGUE = re.compile(r"\s*(?:年)?(初|中)(?!旬)")
_YEAR_WITHIN = re.compile(r"\s*(?:年)?(内)")
_MONTH_RANGE = re.compile(rf"\s*{_MONTH}\s*(?:月份?)?\s*(?:[{_DASH}]+|至|到)\s*{_MONTH}\s*月份?")
_MONTH_RE = re.compile(rf"\s*{_MONTH}\s*月份?")
_DAY_RE = re.compile(rf"\s*{_DAY}\s*[日号]")
_MONTH_PART = re.compile(r"\s*(底|末|上旬|中旬|下旬|初|中)")
_MARKER = re.compile(r"\s*(以前|之前|前|以内|之内|内|为止|止)")
# 内 that opens a word (内容, 内部, 内涵, 内地, 内外) is not "within"
_NOT_WITHIN = re.compile(r"内[容部涵地外需资]")
# a bare year-part standing alone, without a year before it
_BARE_YEAR_PART = re.compile(r"(上半年|下半年|年底|年末|年终|年内|年初|年中)")


@dataclass(frozen=True)
class PlanYear:
    """The year a plan is written for, for times that do not state their own."""

    year: int | None = None
    source: str = ""  # "plan-title" | "plan-date" | "plan-period"
    signed: date | None = None  # the plan's date, to roll a passed month into the next year
    date_year: int | None = None  # the year it was signed, for 今年/明年


@dataclass
class TimeExpr:
    """One written time: where it is and what its parts say (nothing resolved yet)."""

    start: int
    end: int
    text: str
    year: int | None = None
    year2: int | None = None  # range end year
    rel: int | None = None  # 今年 = 0, 明年 = 1
    half: int | None = None
    quarter: int | None = None
    month: int | None = None
    month2: int | None = None
    day: int | None = None
    part: str = ""  # 底 末 终 上旬 中旬 下旬 初 中 内
    marker: str = ""  # 前 以前 内 为止 …
    vague: str = ""  # why it cannot be pinned down (年初, 月中, 前后)
    to: TimeExpr | None = None  # the end of a range: 2019年1月1日至12月31日

    @property
    def point(self) -> bool:
        """Written as a limit (by a day, an end, a 前) rather than as a stretch."""
        return bool(self.marker or self.day or self.part in ("底", "末", "终", "内"))

    @property
    def has_year(self) -> bool:
        return self.year is not None or self.rel is not None


@dataclass
class Normalised:
    """A time resolved to dates: ``date`` for a limit, ``start``/``end`` for a stretch."""

    date: str = ""
    start: str = ""
    end: str = ""
    year_from: str = ""  # "" when written; where the year came from otherwise
    problem: str = ""  # why it could not be resolved (kept as text, never guessed)

    @property
    def due(self) -> str:
        """The last day the time allows (the date, or the interval's end)."""
        return self.date or self.end


def _year_value(s: str) -> int:
    if s[0].isdigit():
        return int(s)
    digits = "〇一二三四五六七八九"
    return int("".join(str(digits.index("〇" if c in "○零" else c)) for c in s))


def _small(s: str) -> int | None:
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    s = s.translate(str.maketrans("１２３４", "1234"))
    if s.isdigit():
        return int(s)
    return cn_int(s)


def _parse_at(s: str, i: int) -> TimeExpr | None:
    """The longest time expression starting at ``s[i]``, or None."""
    e = TimeExpr(start=i, end=i, text="")
    pos = i
    m = _YEAR_RANGE.match(s, pos)
    if m:
        e.year, e.year2 = _year_value(m.group(1)), _year_value(m.group(2))
        if not e.year <= e.year2 <= e.year + 30:
            return None
        pos = m.end()
    else:
        m = _YEAR.match(s, pos)
        if m:
            e.year = _year_value(m.group(1))
            pos = m.end()
        else:
            m = _REL_YEAR.match(s, pos)
            if m:
                e.rel = 1 if m.group(1) in ("明年", "次年") else 0
                pos = m.end()
    anchored = pos > i
    if e.year2 is None:
        pos = _parse_year_part(s, pos, e, anchored)
    if pos == i:
        return None
    if not anchored and e.month is None and e.half is None and e.quarter is None and not e.part:
        return None
    m = _MARKER.match(s, pos)
    if m and not (m.group(1) == "前" and s.startswith("后", m.end())) and not (
        m.group(1).endswith("内") and _NOT_WITHIN.match(s, m.end() - 1)
    ):
        e.marker = m.group(1)
        pos = m.end()
    elif s.startswith("前后", pos):
        e.vague = "前后 (around) is not a limit"
        pos += 2
    e.end = pos
    e.text = s[i:pos]
    return e


def _parse_year_part(s: str, pos: int, e: TimeExpr, anchored: bool) -> int:
    """Half, quarter, year end, month (range, day, part) after an optional year."""
    if not anchored:
        m = _BARE_YEAR_PART.match(s, pos)
        if m:
            word = m.group(1)
            if word in ("上半年", "下半年"):
                e.half = 1 if word == "上半年" else 2
            elif word in ("年初", "年中"):
                e.part, e.vague = word[1], f"{word} is not a fixed time"
            else:
                e.part = word[1]
            return m.end()
    m = _HALF.match(s, pos)
    if m:
        e.half = 1 if m.group(1) == "上半年" else 2
        return m.end()
    m = _QUARTER.match(s, pos)
    if m:
        q = _small(m.group(1))
        if q is None or not 1 <= q <= 4:
            return pos
        e.quarter = q
        if m.group(2) in ("底", "末"):
            e.part = m.group(2)
        elif m.group(2) == "初":
            e.part, e.vague = "初", "季度初 is not a fixed time"
        return m.end()
    if anchored:
        m = _YEAR_END.match(s, pos)
        if m:
            e.part = m.group(1)
            return m.end()
        m = _YEAR_WITHIN.match(s, pos)
        if m and not _NOT_WITHIN.match(s, m.end() - 1):
            e.part = "内"
            return m.end()
        m = _YEAR_VAGUE.match(s, pos)
        if m:
            e.part, e.vague = m.group(1), f"年{m.group(1)} is not a fixed time"
            return m.end()
    m = _MONTH_RANGE.match(s, pos)
    if m:
        a, b = _small(m.group(1)), _small(m.group(2))
        if a and b and 1 <= a <= b <= 12:
            e.month, e.month2 = a, b
            return m.end()
    m = _MONTH_RE.match(s, pos)
    if not m:
        return pos
    mo = _small(m.group(1))
    if mo is None or not 1 <= mo <= 12:
        return pos
    if not anchored and not (pos == 0 or not s[pos - 1].isdigit()):
        return pos
    e.month = mo
    pos = m.end()
    m = _DAY_RE.match(s, pos)
    if m:
        d = _small(m.group(1))
        if d is not None and 1 <= d <= 31:
            e.day = d
            return m.end()
    m = _MONTH_PART.match(s, pos)
    if m:
        e.part = m.group(1)
        if e.part in ("初", "中"):
            e.vague = f"月{e.part} is not a fixed time"
        return m.end()
    return pos


def _starts_here(s: str, i: int) -> bool:
    """A time can start here: not in the middle of a number (12025, 第3季度 is fine)."""
    if i > 0 and s[i - 1].isdigit():
        return False
    return not (i > 0 and s[i - 1] in _CN_YEAR_DIGITS and s[i] in _CN_YEAR_DIGITS)


_TRIGGER = re.compile(
    rf"[0-9{_CN_YEAR_DIGITS}十]|今年|本年|当年|明年|次年|上半年|下半年|年底|年末|年终|年内|年初|年中|第?[一二三四1-4]季度"
)


def scan(s: str, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """Every time expression in ``s[start:end]``, left to right, not overlapping.

    Offsets are into ``s``.

    >>> [(e.text, e.point) for e in scan("力争到2027年,6月底前出台,2019年上半年印发")]
    [('2027年', False), ('6月底前', True), ('2019年上半年', False)]
    """
    end = len(s) if end is None else end
    out: list[TimeExpr] = []
    sub = s[:end]
    i = start
    while i < end:
        m = _TRIGGER.search(sub, i)
        if not m:
            break
        j = m.start()
        if not _starts_here(sub, j):
            i = j + 1
            continue
        e = _parse_at(sub, j)
        if e is None or not e.text.strip():
            i = j + 1
            continue
        m2 = _RANGE_JOIN.match(sub, e.end)
        if m2 and e.year2 is None and not e.marker:
            e2 = _parse_at(sub, m2.end())
            if e2 is not None and e2.year2 is None and not e2.vague and e2.text.strip():
                e.to = e2
                e.end = e2.end
                e.text = sub[e.start : e.end]
        out.append(e)
        i = e.end
    return out


_RANGE_JOIN = re.compile(rf"\s*(?:至|到|[{_DASH}]+)\s*")


def _last_day(y: int, m: int) -> int:
    return calendar.monthrange(y, m)[1]


def _iso(y: int, m: int, d: int) -> str:
    return date(y, m, d).isoformat()


def _span_in_year(e: TimeExpr, y: int) -> tuple[str, str] | None:
    """First and last day of what ``e`` names inside year ``y``."""
    if e.half:
        return (_iso(y, 1, 1), _iso(y, 6, 30)) if e.half == 1 else (_iso(y, 7, 1), _iso(y, 12, 31))
    if e.quarter:
        m0 = 3 * e.quarter - 2
        return _iso(y, m0, 1), _iso(y, m0 + 2, _last_day(y, m0 + 2))
    if e.month:
        m2 = e.month2 or e.month
        last = _last_day(y, m2)
        if e.day:
            if e.day > _last_day(y, e.month):
                return None
            d = _iso(y, e.month, e.day)
            return d, d
        if e.part == "上旬":
            return _iso(y, e.month, 1), _iso(y, e.month, 10)
        if e.part == "中旬":
            return _iso(y, e.month, 11), _iso(y, e.month, 20)
        if e.part == "下旬":
            return _iso(y, e.month, 21), _iso(y, e.month, last)
        return _iso(y, e.month, 1), _iso(y, m2, last)
    return _iso(y, 1, 1), _iso(y, 12, 31)


def normalise(e: TimeExpr, plan: PlanYear, limit: bool = False) -> Normalised:
    """Dates for a time expression; a time that cannot be pinned down says why.

    ``limit``: the words around the time make it a limit (``到2027年``, ``于…``), so
    a stretch becomes its last day.

    >>> p = PlanYear(year=2016, source="plan-date", signed=date(2016, 3, 10), date_year=2016)
    >>> normalise(scan("5月底前")[0], p).date, normalise(scan("2月底前")[0], p).date
    ('2016-05-31', '2017-02-28')
    >>> normalise(scan("2024—2026年")[0], p).end, normalise(scan("年初")[0], p).problem
    ('2026-12-31', '年初 is not a fixed time')
    """
    if e.vague:
        return Normalised(problem=e.vague)
    year_from = ""
    if e.year is not None:
        y = e.year
    elif e.rel is not None:
        base = plan.date_year or plan.year
        if base is None:
            return Normalised(problem="今年/明年 in a plan whose year is unknown")
        y, year_from = base + e.rel, "plan-date" if plan.date_year else plan.source
    else:
        if plan.year is None:
            return Normalised(problem="no year written and the plan gives none")
        y, year_from = plan.year, plan.source
    if e.to is not None:
        return _normalise_range(e, e.to, y, year_from)
    if e.year2 is not None:
        first, last = _iso(e.year, 1, 1), _iso(e.year2, 12, 31)
        if e.marker or limit:
            return Normalised(date=last, year_from=year_from)
        return Normalised(start=first, end=last, year_from=year_from)
    span = _span_in_year(e, y)
    if span is None:
        return Normalised(problem="no such day")
    if (year_from == "plan-date" and e.rel is None and plan.signed is not None
            and date.fromisoformat(span[1]) < plan.signed and (e.month or e.quarter or e.half)):
        # a plan signed in November that says 3月底前 means next March
        span = _span_in_year(e, y + 1)
        if span is None:
            return Normalised(problem="no such day")
    if e.point or limit or span[0] == span[1]:
        return Normalised(date=span[1], year_from=year_from)
    return Normalised(start=span[0], end=span[1], year_from=year_from)


# ---------------------------------------------------------------- the word lists


@lru_cache(maxsize=1)
def deadline_words() -> dict[str, dict[str, str]]:
    """kind → {word: value} from kg/data/deadline_words.tsv."""
    data = resources.files("kg.data").joinpath("deadline_words.tsv").read_text(encoding="utf-8")
    out: dict[str, dict[str, str]] = {}
    for line in data.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        row = line.split("\t")
        out.setdefault(row[0], {})[row[1]] = row[2] if len(row) > 2 else ""
    return out


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=2)
def standing_regex(in_text: bool) -> re.Pattern[str]:
    """Standing-commitment words; in running text only those that are not adjectives."""
    words = dict(deadline_words().get("standing", {}))
    if not in_text:
        words.update(deadline_words().get("standing-note", {}))
    return re.compile(f"({_alternation(list(words))})")


def recurrence_of(word: str) -> str:
    words = {**deadline_words().get("standing", {}), **deadline_words().get("standing-note", {})}
    return words[word]


def _normalise_range(e: TimeExpr, e2: TimeExpr, y: int, year_from: str) -> Normalised:
    """From the first day of ``e`` to the last of ``e2``, which may leave its year to ``e``."""
    if e2.vague:
        return Normalised(problem=e2.vague)
    y2 = e2.year if e2.year is not None else (y + e2.rel if e2.rel is not None else y)
    first, last = _span_in_year(e, y), _span_in_year(e2, y2)
    if first is None or last is None:
        return Normalised(problem="no such day")
    if last[1] < first[0]:
        return Normalised(problem="a range that ends before it starts")
    return Normalised(start=first[0], end=last[1], year_from=year_from)
