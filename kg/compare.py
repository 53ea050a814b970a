"""Targets across plans, side by side in one unit per dimension (``kg targets``).

Plans state the same goal in different units: Qingdao 12 EFLOPS, Shandong 14 EFlops,
Fuzhou 400 千万亿次浮点指令/秒 (PFLOPS). Each target carries its value in the base
unit of its dimension (kg/data/units.tsv), so they can be listed together:

>>> from kg.build import load
>>> from kg.cli import SEEDS
>>> rows = target_rows(load([SEEDS]).docs, metric="算力", unit="PFLOPS")
>>> [(r["place"], r["year"], r["base_value"]) for r in rows]
[('山东省', 2027, 14000), ('青岛市', 2026, 12000), ('福州市', 2026, 400)]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

from kg.contract import target_record
from kg.model import Document

KINDS = ("target", "incentive", "actual")


def target_rows(docs: Iterable[Document], metric: str | None = None, year: int | None = None,
                kinds: Iterable[str] = ("target",), unit: str | None = None) -> list[dict[str, Any]]:
    """Target records of the documents, filtered, each with the plan it belongs to.

    ``metric`` keeps targets whose metric contains it (算力 finds 算力总规模 and
    可开放智能算力规模); ``year`` those due that year as stated; ``unit`` those whose
    base unit (or stated unit) it is. Rows come grouped by base unit, largest first.
    """
    wanted = set(kinds)
    rows = []
    for doc in docs:
        place = doc.metadata.jurisdiction.qualified() if doc.metadata.jurisdiction else ""
        titles = {p.prefix: p.title or doc.metadata.title for p in doc.parts}
        for t in doc.targets:
            if t.kind not in wanted:
                continue
            if metric and metric not in t.metric:
                continue
            if year is not None and t.year != year:
                continue
            rec = target_record(doc, t)
            if unit and unit.casefold() not in (rec["base_unit"].casefold(), rec["unit"].casefold()):
                continue
            rec["place"] = place
            rec["plan_title"] = titles.get(t.prefix, doc.metadata.title)
            rows.append(rec)

    def size(r: dict[str, Any]) -> float:
        v = r["base_value"]
        return float(v[1] if isinstance(v, list) else v or 0)

    rows.sort(key=lambda r: (r["base_unit"], -size(r), r["doc"], r["span"][0]))
    return rows


SYMBOL = {">=": "≥", "<=": "≤", "~": "≈", "=": "", "range": ""}


def _num(v: Any) -> str:
    if isinstance(v, list):
        return f"{_num(v[0])}–{_num(v[1])}"
    if isinstance(v, int):
        return f"{v:,}"
    return f"{v:,.6g}" if isinstance(v, float) else str(v)


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, n: int) -> str:
    return s + " " * max(0, n - _width(s))


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a plain-text table, one block per base unit (CJK-width aware)."""
    if not rows:
        return "no targets matched\n"
    out: list[str] = []
    head = ("plan", "year", "kind", "metric", "as stated", "value")
    for base in sorted({r["base_unit"] for r in rows}):
        block = [r for r in rows if r["base_unit"] == base]
        cells = [(*head[:-1], f"in {base}" if base else "value")]
        for r in block:
            title = r["plan_title"]
            plan = title if title.startswith(r["place"][:2]) else f"{r['place']} {title}".strip()
            cells.append((
                plan,
                str(r["year"] or ""),
                r["kind"],
                r["metric"],
                f"{SYMBOL[r['comparator']]}{_num(r['value'])} {r['unit']}".strip(),
                f"{SYMBOL[r['comparator']]}{_num(r['base_value'])}",
            ))
        widths = [max(_width(c[i]) for c in cells) for i in range(len(head))]
        for k, c in enumerate(cells):
            out.append("  ".join(_pad(x, w) for x, w in zip(c, widths, strict=True)).rstrip())
            if k == 0:
                out.append("  ".join("-" * w for w in widths))
        out.append("")
    return "\n".join(out)
