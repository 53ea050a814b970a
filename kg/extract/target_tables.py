"""Indicator tables (主要指标表): a figure per year column, its unit from the 单位 column.

Plans state their headline goals as a table as often as in prose. Copied into text, it
arrives as tab-separated rows under a header that names the columns::

    序号  指标名称                  单位     2023年  2026年  属性
    1     数字经济核心产业增加值    亿元     1000    1500    预期性
    4     数字化转型覆盖率(%)               60      90      约束性

A figure in such a table has no unit next to it: the unit is the row's cell under
单位 (``亿元`` is 10^8 元, ``万个`` 10^4 个, ``个/万人`` 个 per 万人), or failing that a
bracket closing the indicator's name (``覆盖率(%)``), or the cell itself (``1500亿元``).
Its year is the one its column header names (``2023年``, ``2026年目标``, ``基期值
(2023年)``; a unit there, ``2026年(亿元)``, is the column's), and its metric the
indicator's name. A column of the years before the plan
(or headed 基期, 现状) reports what was (``actual``); the others are goals.

Only tables whose header has a year column and either a 单位 column or an indicator
column (指标, 名称) are read; a task table (序号 | 重点任务 | 牵头单位) has neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from kg.model import Quantity, Span

HEADER_YEAR = re.compile(r"((?:19|20)\d\d)\s*年")
UNIT_HEADERS = ("单位", "计量单位", "单 位")
BASE_HEADERS = ("基期", "现状", "基准", "基数", "现值", "完成值", "实际")
TARGET_HEADERS = ("目标", "预期", "规划")
NAME_HEADERS = ("指标", "名称", "项目")
NUMBER_CELL = re.compile(r"^\s*\d{1,3}\s*[.、]?\s*$")
UNIT_BRACKET = re.compile(r"[(（]([^()（）]{1,12})[)）]\s*$")


@dataclass
class TableFigure:
    """One figure of an indicator table, with what its row and column say of it."""

    quantity: Quantity
    year: int | None
    kind: str  # "target" or "actual"
    metric: str
    per: str | None
    row: Span  # the row's line


@dataclass
class _Column:
    index: int
    year: int | None
    base: bool
    unit: str = ""  # a unit the header states for the whole column: 2025年(亿元)


def _cells(text: str, line: Span) -> list[Span]:
    out: list[Span] = []
    a = line.start
    for k in range(line.start, line.end):
        if text[k] == "\t":
            out.append(Span(a, k))
            a = k + 1
    out.append(Span(a, line.end))
    return out


def _lines(text: str, region: Span) -> list[Span]:
    out: list[Span] = []
    a = region.start
    while a < region.end:
        b = text.find("\n", a, region.end)
        b = region.end if b < 0 else b
        out.append(Span(a, b))
        a = b + 1
    return out


def _header(text: str, cells: list[Span]) -> tuple[list[_Column], int | None, int | None] | None:
    """The year columns, the 单位 column and the indicator column of a header row."""
    names = [text[c.start : c.end].strip() for c in cells]
    if len(names) < 3:
        return None
    columns: list[_Column] = []
    unit_col = name_col = None
    for k, h in enumerate(names):
        if h.replace(" ", "") in ("单位", "计量单位"):
            unit_col = k
        elif name_col is None and any(w in h for w in NAME_HEADERS) and not HEADER_YEAR.search(h):
            name_col = k
        elif len(h) <= 20 and (HEADER_YEAR.search(h) or any(w in h for w in BASE_HEADERS + TARGET_HEADERS)):
            m = HEADER_YEAR.search(h)
            bracket = UNIT_BRACKET.search(h)
            unit = bracket.group(1) if bracket and _unit_of(bracket.group(1)) else ""
            base = any(w in h for w in BASE_HEADERS)
            columns.append(_Column(k, int(m.group(1)) if m else None, base, unit))
    if not columns or (unit_col is None and name_col is None):
        return None
    if not any(c.year is not None for c in columns) and unit_col is None:
        return None
    return columns, unit_col, name_col


def _unit_of(text: str) -> tuple[int, object, str | None] | None:
    """亿元 → (10^8, 元), 万个 → (10^4, 个), 个/万人 → (1, 个, 每万人), % → (1, %)."""
    from kg.extract.numbers import magnitude_of
    from kg.extract.targets import _key, unit_table

    s = text.strip()
    per = None
    if "/" in s or "／" in s:
        s, _slash, denominator = s.replace("／", "/").partition("/")
        if not denominator.strip():
            return None
        per = "每" + denominator.strip()
    m = re.match(r"[十百千万亿]*", s)
    for k in range(len(m.group(0)) if m else 0, -1, -1):
        rest = s[k:]
        for row in unit_table():
            if _key(rest) == _key(row.surface):
                return magnitude_of(s[:k]) if k else 1, row, per
    return None


def indicator_figures(text: str, region: Span, issued: int | None, plan_end: int | None) -> list[TableFigure]:
    """Every figure of the indicator tables in ``text[region]``."""
    from kg.extract.targets import UnitRow, _far_prefix, _to_quantity, cues, read_at

    out: list[TableFigure] = []
    lines = _lines(text, region)
    k = 0
    while k < len(lines):
        line = lines[k]
        if "\t" not in text[line.start : line.end]:
            k += 1
            continue
        head = _header(text, _cells(text, line))
        if head is None:
            k += 1
            continue
        columns, unit_col, name_col = head
        width = len(_cells(text, line))
        k += 1
        while k < len(lines) and "\t" in text[lines[k].start : lines[k].end]:
            row_line = lines[k]
            k += 1
            cells = _cells(text, row_line)
            if len(cells) < width:
                # merged cells (a category, a 序号) leave the row short on the left: its
                # cells line up with the header from the right
                cells = [Span(row_line.start, row_line.start)] * (width - len(cells)) + cells
            cell_text = [text[c.start : c.end].strip() for c in cells]
            if name_col is not None and name_col < len(cells):
                name = cell_text[name_col]
            else:
                name = next((t for t in cell_text if t and not NUMBER_CELL.match(t)), "")
            bracket = UNIT_BRACKET.search(name)
            unit_text = cell_text[unit_col] if unit_col is not None and unit_col < len(cells) else ""
            unit = _unit_of(unit_text) if unit_text else None
            if unit is None and bracket:
                unit = _unit_of(bracket.group(1))
            metric = name[: bracket.start()].strip() if bracket and unit is not None else name
            for col in columns:
                if col.index >= len(cells) or not cell_text[col.index]:
                    continue
                cell = cells[col.index]
                m = re.search(r"[0-9０-９]", text[cell.start : cell.end])
                if m is None:
                    continue
                # a bound sign or word before the digits (≥60, 不低于60) is the figure's
                i = cell.start + m.start()
                r = read_at(text, i, cell.end, metric + unit_text)
                if r is None:
                    continue
                cell_unit = unit if unit is not None or not col.unit else _unit_of(col.unit)
                if r.row is None:
                    if cell_unit is not None:
                        factor, row, _per = cell_unit
                        r.row = row  # type: ignore[assignment]
                        r.value = r.value * factor
                        if r.high is not None:
                            r.high.value = r.high.value * factor
                    elif any(w in metric for w in cues()["dimensionless"]):
                        r.row = UnitRow("", "", "dimensionless", Decimal(1), "", "UNITLESS", "")
                    else:
                        continue  # a number without a unit is no quantity
                bound = r.prefix or _far_prefix(text, cell.start, i)  # ≥60, 不低于60
                comparator = r.suffix or bound or ("~" if r.approx else "=")
                q = _to_quantity(r, comparator)
                if q is None:
                    continue
                year = col.year if col.year is not None else (None if col.base else plan_end)
                past = year is not None and issued is not None and year < issued
                kind = "actual" if col.base or past else "target"
                out.append(TableFigure(q, year, kind, metric, cell_unit[2] if cell_unit else None, row_line))
    return out
