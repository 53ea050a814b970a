"""The supervision ledger (任务台账): one row per task and unit, with its deadline and status.

A supervision office (督查室) keeps, for every task of a plan, who must deliver it and
by when, and checks it against a date: what is overdue, what falls due soon, what
is a standing commitment. :func:`ledger_rows` builds those rows from extracted
documents; :mod:`kg.export.ledger` writes them as XLSX and CSV; ``kg ledger`` and
``kg due`` are thin commands over both.

Rows are one per (task, unit), and one per deadline when a unit's task sets it
several (``2025年底前出台…,2026年6月底前建成…``), so every row has one date. Units
a blanket rule implies (:class:`kg.model.Blanket`) get rows too, marked implied;
a task with no unit still gets a row, so nothing due is lost.

>>> from kg import extract_text
>>> doc = extract_text("一、任务\\n1.出台政策。(责任单位:市商务局,完成时限:2025年6月底前)")
>>> [(r.unit, r.deadline, r.status) for r in ledger_rows([doc], date(2025, 7, 1))]
[('市商务局', '2025年6月底前', 'overdue')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from kg.model import Deadline, Document, Task, UnitMention

STATUSES = ("overdue", "due", "standing", "unparsed", "no deadline")
ROLE_ZH = {"lead": "牵头", "responsible": "责任", "cooperate": "配合"}
RECURRENCE_ZH = {"continuous": "持续", "annual": "每年", "semiannual": "每半年", "quarterly": "每季度",
                 "monthly": "每月", "weekly": "每周", "periodic": "定期"}
NO_LEAD = "未明确牵头单位"


@dataclass
class Row:
    """One line of the ledger."""

    doc: str
    plan: str
    path: str
    title: str
    unit: str  # as written ("" for a task with no unit)
    agency: str  # canonical name
    role: str  # lead | responsible | cooperate | ""
    implied: bool  # given by a blanket rule, not by the task's own note
    deadline: str  # as written
    normalised: str  # 2025-06-30 | 2024-01-01/2026-12-31 | annual | ""
    due: date | None  # the last day allowed
    start: date | None  # for a stretch of time
    status: str  # one of STATUSES
    line: int
    lead: str  # the task's lead body, for the per-body sheets

    def key(self) -> tuple[str, ...]:
        return (self.doc, self.path, self.unit, self.deadline)


def status_of(d: Deadline | None, as_of: date) -> str:
    """overdue (the last day has passed), due, standing, unparsed, or no deadline.

    >>> from kg.model import Span
    >>> status_of(Deadline("6月底前", Span(0, 5), "text", date="2025-06-30"), date(2025, 6, 30))
    'due'
    """
    if d is None:
        return "no deadline"
    if d.recurrence:
        return "standing"
    if not d.due:
        return "unparsed"
    return "overdue" if date.fromisoformat(d.due) < as_of else "due"


def normal_form(d: Deadline | None) -> str:
    if d is None:
        return ""
    if d.recurrence:
        return (d.recurrence + (f" from {d.start}" if d.start else "")
                + (f" until {d.end}" if d.end else ""))
    if d.date:
        return d.date
    if d.end:
        return f"{d.start}/{d.end}"
    return ""


def _lead_of(doc: Document, task: Task) -> str:
    """The body that answers for the task: its lead, else its first unit, else none."""
    units = task.units(doc)
    for u in units:
        if u.role == "lead":
            return _name(u)
    if units:
        return _name(units[0])
    implied = task.implied_units(doc)
    return _name(implied[0]) if implied else NO_LEAD


def _name(u: UnitMention) -> str:
    return u.agency.name if u.agency else u.mention


def plan_title(doc: Document, task: Task) -> str:
    prefix = task.path.split("/", 1)[0] if task.path.startswith("#") else ""
    part = next((p for p in doc.parts if p.prefix == prefix), None)
    return (part.title if part and part.title else "") or doc.metadata.title or doc.name


def task_rows(doc: Document, task: Task, as_of: date) -> list[Row]:
    deadlines = [doc.deadlines[k] for k in task.deadlines]
    lead = _lead_of(doc, task)
    base = {"doc": doc.name, "plan": plan_title(doc, task), "path": task.path, "title": task.title,
            "line": task.source_line, "lead": lead}
    people: list[tuple[UnitMention | None, bool]] = [(u, False) for u in task.units(doc)]
    people += [(u, True) for u in task.implied_units(doc)]
    if not people:
        people = [(None, False)]
    rows: list[Row] = []
    for u, implied in people:
        if u is None or implied:
            mine = deadlines
        else:
            mine = [d for d in deadlines if d.note_index is None or d.note_index == u.note_index]
        for d in mine or [None]:
            due = date.fromisoformat(d.due) if d is not None and d.due else None
            start = date.fromisoformat(d.start) if d is not None and d.start else None
            rows.append(Row(
                **base,  # type: ignore[arg-type]
                unit=u.mention if u else "", agency=_name(u) if u else "",
                role=u.role if u else "", implied=implied,
                deadline=d.text if d else "", normalised=normal_form(d), due=due, start=start,
                status=status_of(d, as_of)))
    return rows


def ledger_rows(docs: Iterable[Document], as_of: date) -> list[Row]:
    """Every row of the ledger, documents in file-name order, tasks in document order."""
    rows: list[Row] = []
    for doc in sorted(docs, key=lambda d: d.name):
        for task in doc.tasks:
            rows.extend(task_rows(doc, task, as_of))
    return rows


def due_rows(rows: Iterable[Row], before: date, agency: str | None = None) -> list[Row]:
    """Rows due on or before ``before`` (dated ones only), optionally for one body.

    ``agency`` matches the canonical name or the mention, in part: ``大数据局``.
    """
    out = []
    for r in rows:
        if r.due is None or r.due > before or r.status == "standing":
            continue
        if agency and agency not in r.agency and agency not in r.unit:
            continue
        out.append(r)
    return sorted(out, key=lambda r: r.due or date.min)  # stable: ledger order within a day
