"""The tables supervision offices circulate: 任务分工表 per plan, and what each body owes.

Offices track plans in spreadsheets, not graphs: one row per task with its 牵头单位 and
责任单位, and, per bureau, the list of what it owes across plans. Both are written as
CSV (UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens them without
mojibake) and XLSX (one sheet per plan, header frozen, filters on), from the same
views as the page (``kg.graph.network``), so the numbers agree everywhere.

Units in the 分工表 are printed as the plan writes them (``市工业和信息化局``): it is the
plan's own table. The per-agency tables use canonical names (``青岛市工业和信息化局``),
since they cross plans.

Output is byte-stable: rows in document order, XLSX timestamps fixed to the corpus's
newest plan date and every zip entry dated 1980-01-01.

>>> from kg.pipeline import extract_text
>>> from kg.graph.network import corpus_view
>>> doc = extract_text("青岛市数据行动计划\\n一、重点任务\\n1.建设平台。(牵头单位:市大数据局;"
...                    "责任单位:市工业和信息化局)", "p.txt")
>>> row = assignment_rows(corpus_view([doc])[0])[0]
>>> dict(zip(ASSIGNMENT_HEADER, row))  # doctest: +ELLIPSIS
{'序号': 1, '编号': '一/1', '重点任务': '建设平台', '任务内容': '建设平台。(牵头单位:市大数据局;...',
 '牵头单位': '市大数据局', '责任单位': '市工业和信息化局', '配合单位': '', '目标/指标': '',
 '责任说明': '(牵头单位:市大数据局;责任单位:市工业和信息化局)', '备注': '', '来源': 'p.txt 第3行'}
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from kg.graph.network import ROLE_ZH, Analytics, PlanView, TaskView, Workload, corpus_date

ASSIGNMENT_HEADER = ["序号", "编号", "重点任务", "任务内容", "牵头单位", "责任单位", "配合单位",
                     "目标/指标", "责任说明", "备注", "来源"]
PLAN_COLUMNS = ["计划", "文号", "文件"]
AGENCY_TASK_HEADER = ["单位", "类型", "辖区", "角色", "计划", "编号", "重点任务", "原文写法",
                      "共同承担单位", "来源"]
WORKLOAD_HEADER = ["单位", "类型", "辖区", "牵头", "责任", "配合", "任务数", "计划数", "独立承担",
                   "共同承担", "协同单位数", "协同强度", "度中心性", "中介中心性"]
CO_HEADER = ["单位甲", "单位乙", "共同任务数"]
KIND_ZH = {"department": "部门", "party": "党委机构", "government": "政府", "committee": "管委会",
           "institution": "机构", "collective": "单位集合", "unknown": "未分类"}

# Widths (in characters) that keep long Chinese cells readable without a wide sheet.
_WIDTHS = {"序号": 6, "编号": 12, "重点任务": 28, "任务内容": 60, "牵头单位": 22, "责任单位": 30,
           "配合单位": 22, "目标/指标": 24, "责任说明": 36, "备注": 16, "来源": 30, "计划": 36,
           "文号": 18, "文件": 26, "单位": 26, "原文写法": 18, "共同承担单位": 40, "单位甲": 26,
           "单位乙": 26}
_WRAP = {"重点任务", "任务内容", "责任单位", "共同承担单位", "责任说明", "目标/指标", "牵头单位"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_EPOCH = (1980, 1, 1, 0, 0, 0)


def _units(names: list[str], etc: bool) -> str:
    text = "、".join(names)
    return text + "等" if etc and text else text


def _source(t: TaskView) -> str:
    meta = t.doc.metadata
    head = f"{meta.doc_number} " if meta.doc_number else ""
    return f"{head}{t.doc.name} 第{t.line}行"


def _targets(t: TaskView) -> str:
    return "；".join(q.text for q in t.targets)


def _remarks(t: TaskView) -> str:
    seen: list[str] = []
    for i in t.task.notes:
        for text, _span in t.doc.notes[i].remarks:
            if text not in seen:
                seen.append(text)
    return "；".join(seen)


def assignment_rows(plan: PlanView) -> list[list[Any]]:
    """The plan's 分工表: one row per task, in document order (see ASSIGNMENT_HEADER)."""
    rows: list[list[Any]] = []
    for t in plan.tasks:
        last_role = next((r for r in ("cooperate", "responsible", "lead") if t.mentions(r)), None)
        rows.append([
            t.number, t.path, t.title, t.text,
            _units(t.mentions("lead"), t.etc and last_role == "lead"),
            _units(t.mentions("responsible"), t.etc and last_role == "responsible"),
            _units(t.mentions("cooperate"), t.etc and last_role == "cooperate"),
            _targets(t), "\n".join(t.notes), _remarks(t), _source(t),
        ])
    return rows


def agency_task_rows(plans: Sequence[PlanView], analytics: Analytics) -> list[list[Any]]:
    """What each body owes: one row per (body, task), busiest body first."""
    rank = {w.agency.iri: i for i, w in enumerate(analytics.workload)}
    rows: list[tuple[int, int, int, list[Any]]] = []
    for p_index, plan in enumerate(plans):
        for t in plan.tasks:
            for a in t.assignments:
                others = [b.agency.name for b in t.assignments if b.agency.iri != a.agency.iri]
                place = a.agency.place.qualified() if a.agency.place is not None else ""
                rows.append((rank[a.agency.iri], p_index, t.number, [
                    a.agency.name, KIND_ZH.get(a.agency.kind, a.agency.kind), place,
                    "、".join(ROLE_ZH[r] for r in a.roles), plan.title, t.path, t.title,
                    "、".join(a.mentions), "、".join(others), _source(t),
                ]))
    rows.sort(key=lambda r: r[:3])
    return [r[3] for r in rows]


def workload_rows(workload: Sequence[Workload]) -> list[list[Any]]:
    return [[w.agency.name, KIND_ZH.get(w.agency.kind, w.agency.kind), w.jurisdiction, w.lead,
             w.responsible, w.cooperate, w.tasks, w.plans, w.solo, w.shared, w.partners, w.strength,
             w.degree_centrality, w.betweenness] for w in workload]


def co_rows(analytics: Analytics) -> list[list[Any]]:
    """Pairs of bodies that share tasks, most shared first."""
    g = analytics.co
    rows = [(-d["weight"], g.nodes[u]["label"], g.nodes[v]["label"]) for u, v, d in g.edges(data=True)]
    rows = [(w, *sorted((a, b))) for w, a, b in rows]
    return [[a, b, -w] for w, a, b in sorted(rows)]


# ---------------------------------------------------------------------------
# writers


def _csv_cell(v: Any) -> Any:
    """Text that Excel would run as a formula (=, +, -, @) gets a leading apostrophe."""
    if isinstance(v, str) and v.startswith(_FORMULA_START):
        return "'" + v
    return v


def csv_bytes(header: list[str], rows: list[list[Any]]) -> bytes:
    """CSV as Excel wants it for Chinese text: UTF-8 with BOM, CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(header)
    for row in rows:
        w.writerow([_csv_cell(v) for v in row])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


_SHEET_BAD = re.compile(r"[\\/?*\[\]:]")


def sheet_title(title: str, taken: set[str]) -> str:
    """An Excel sheet name (31 characters, none of \\/?*[]:) unique in the workbook.

    >>> sheet_title("青岛市人工智能产业创新发展行动计划(2024—2026年)", set())
    '青岛市人工智能产业创新发展行动计划(2024—2026年)'
    >>> sheet_title("a/b", {"a_b"})
    'a_b (2)'
    """
    base = _SHEET_BAD.sub("_", title).strip("'") or "计划"
    base = base[:31]
    name, k = base, 1
    while name.lower() in {t.lower() for t in taken}:
        k += 1
        suffix = f" ({k})"
        name = base[: 31 - len(suffix)] + suffix
    taken.add(name)
    return name


def _fill_sheet(ws: Any, header: list[str], rows: list[list[Any]]) -> None:
    ws.append(header)
    for row in rows:
        ws.append(row)
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="1F4E79")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, name in enumerate(header, 1):
        ws.column_dimensions[get_column_letter(col)].width = _WIDTHS.get(name, 12)
        for (cell,) in ws.iter_rows(min_row=2, min_col=col, max_col=col):
            if isinstance(cell.value, str):
                # openpyxl reads a leading "=" as a formula; document text never is one
                cell.data_type = "s"
                if name in _WRAP:
                    cell.alignment = wrap
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{max(1, len(rows) + 1)}"


def xlsx_bytes(sheets: list[tuple[str, list[str], list[list[Any]]]], date: str) -> bytes:
    """A workbook with the given sheets, byte-stable: fixed document and zip timestamps.

    ``openpyxl.save_workbook`` stamps the current time into docProps/core.xml and every
    zip entry; here the document dates are the corpus date and the entries 1980-01-01.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for title, header, rows in sheets:
        _fill_sheet(wb.create_sheet(title), header, rows)
    when = dt.datetime.fromisoformat(date)
    wb.properties.created = when
    wb.properties.modified = when
    wb.properties.creator = "policy-kg"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write_tables(plans: Sequence[PlanView], analytics: Analytics, out: Path) -> list[Path]:
    """Write the 分工表 and the per-agency tables as CSV and XLSX; returns the paths.

    - ``task_assignments.csv``: every plan's 分工表, one row per task (plan columns first);
    - ``task_assignments.xlsx``: a 计划一览 sheet, then one sheet per plan;
    - ``agency_tasks.csv``: one row per body per task (what each body owes, in which plan);
    - ``agency_workload.csv``: per body, tasks by role, plans, partners, centrality;
    - ``co_responsibility.csv``: pairs of bodies and how many tasks they share;
    - ``agencies.xlsx``: the last three as sheets 工作量, 任务明细, 协同.
    """
    date = corpus_date(plans)
    all_rows: list[list[Any]] = []
    sheets: list[tuple[str, list[str], list[list[Any]]]] = []
    index_rows: list[list[Any]] = []
    taken: set[str] = {"计划一览"}
    for plan in plans:
        rows = assignment_rows(plan)
        meta = plan.doc.metadata
        all_rows.extend([plan.title, meta.doc_number, plan.doc.name, *r] for r in rows)
        name = sheet_title(plan.title, taken)
        sheets.append((name, ASSIGNMENT_HEADER, rows))
        index_rows.append([name, plan.title, meta.doc_number, plan.jurisdiction_name, meta.date,
                           len(plan.tasks), plan.doc.name])
    index = ("计划一览", ["工作表", "计划", "文号", "辖区", "日期", "任务数", "文件"], index_rows)
    agency_rows = agency_task_rows(plans, analytics)
    load_rows = workload_rows(analytics.workload)
    pair_rows = co_rows(analytics)
    files = {
        "task_assignments.csv": csv_bytes(PLAN_COLUMNS + ASSIGNMENT_HEADER, all_rows),
        "task_assignments.xlsx": xlsx_bytes([index, *sheets], date),
        "agency_tasks.csv": csv_bytes(AGENCY_TASK_HEADER, agency_rows),
        "agency_workload.csv": csv_bytes(WORKLOAD_HEADER, load_rows),
        "co_responsibility.csv": csv_bytes(CO_HEADER, pair_rows),
        "agencies.xlsx": xlsx_bytes([("工作量", WORKLOAD_HEADER, load_rows),
                                     ("任务明细", AGENCY_TASK_HEADER, agency_rows),
                                     ("协同", CO_HEADER, pair_rows)], date),
    }
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
