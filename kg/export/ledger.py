"""The ledger as files: XLSX for the supervision office, CSV for everything else.

The workbook opens in Excel and LibreOffice with a frozen, filterable header, dates
as real dates (so they sort and filter as dates), one sheet for all rows and one
sheet per lead body. Its bytes depend only on its content: the workbook's created
and modified times are the ledger's as-of date, and every zip entry carries the
same fixed timestamp, so two runs give identical files. The CSV is UTF-8 with a
byte-order mark, which Excel needs to read Chinese text from a CSV.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path

from kg.ledger import NO_LEAD, ROLE_ZH, Row

HEADERS = [
    ("计划 plan", 34), ("文件 file", 22), ("编号 path", 14), ("任务 task", 36),
    ("单位(原文) unit", 22), ("单位 agency", 26), ("角色 role", 10), ("统一要求 implied", 10),
    ("时限(原文) deadline", 22), ("时限(规范) normalised", 24), ("截止日期 due", 12),
    ("起始日期 start", 12), ("状态 status", 12), ("行 line", 7),
]
STATUS_ZH = {"overdue": "逾期 overdue", "due": "未到期 due", "standing": "长期 standing",
             "unparsed": "待核 unparsed", "no deadline": "无时限 no deadline"}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def row_values(r: Row) -> list[object]:
    role = f"{ROLE_ZH.get(r.role, '')} {r.role}".strip()
    return [r.plan, r.doc, r.path, r.title, r.unit, r.agency, role, "是" if r.implied else "",
            r.deadline, r.normalised, r.due, r.start, STATUS_ZH[r.status], r.line]


def to_csv(rows: Iterable[Row]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([h for h, _ in HEADERS])
    for r in rows:
        w.writerow(["" if v is None else (v.isoformat() if isinstance(v, date) else v)
                    for v in row_values(r)])
    return buf.getvalue()


def write_csv(rows: Iterable[Row], path: Path) -> Path:
    path.write_bytes(to_csv(rows).encode("utf-8-sig"))
    return path


def sheet_names(leads: Iterable[str]) -> dict[str, str]:
    """A valid, unique sheet name (≤31 characters, no []:*?/\\) for each lead body."""
    out: dict[str, str] = {}
    used = {"全部任务"}
    for lead in sorted(set(leads)):
        base = _BAD_SHEET.sub("_", lead)[:31] or "_"
        name, n = base, 2
        while name in used:
            suffix = f"~{n}"
            name = base[: 31 - len(suffix)] + suffix
            n += 1
        used.add(name)
        out[lead] = name
    return out


def _fill(ws, rows: list[Row]) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws.append([h for h, _ in HEADERS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for r in rows:
        ws.append(row_values(r))
    for col in (11, 12):  # due, start: dates, shown as dates
        for row in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            for cell in row:
                if cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
    for i, (_, width) in enumerate(HEADERS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(1, len(rows) + 1)}"


def to_xlsx(rows: list[Row], as_of: date) -> bytes:
    """The workbook's bytes: a sheet of all rows, then one per lead body (name order)."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    wb = Workbook()
    ws = wb.active
    ws.title = "全部任务"
    _fill(ws, rows)
    by_lead: dict[str, list[Row]] = {}
    for r in rows:
        by_lead.setdefault(r.lead or NO_LEAD, []).append(r)
    for lead, name in sheet_names(by_lead).items():
        _fill(wb.create_sheet(name), by_lead[lead])
    stamp = datetime(as_of.year, as_of.month, as_of.day)
    wb.properties.creator = "policy-kg"
    wb.properties.title = f"任务台账 {as_of.isoformat()}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()  # not save_workbook: it stamps the current time
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry's timestamp and attributes fixed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_xlsx(rows: list[Row], path: Path, as_of: date) -> Path:
    path.write_bytes(to_xlsx(rows, as_of))
    return path


def write_ledger(rows: list[Row], out_dir: Path, as_of: date, stem: str = "ledger") -> list[Path]:
    """``ledger.xlsx`` and ``ledger.csv`` in ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    return [write_xlsx(rows, out_dir / f"{stem}.xlsx", as_of), write_csv(rows, out_dir / f"{stem}.csv")]
