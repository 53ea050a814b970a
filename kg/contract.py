"""The JSON Lines extraction contract (README, "The extraction contract").

Tools and tests rely on these records; fields are only ever added, never renamed.
"""

from __future__ import annotations

import json
from typing import Any

from kg.model import Deadline, Document, Task, UnitMention


def _unit(u: UnitMention) -> dict[str, Any]:
    a = u.agency
    return {
        "mention": u.mention,
        "role": u.role,
        "agency": a.name if a else u.mention,
        "iri": a.iri if a else None,
        "kind": a.kind if a else None,
    }


def deadline_record(d: Deadline, bound: list[int] | None = None) -> dict[str, Any]:
    """``{"text", "date" | "start"/"end" | "recurrence", "span", …}`` (README, deadlines).

    ``bound``: the indexes (into the task's ``units``) of the units the deadline binds.
    """
    rec: dict[str, Any] = {"text": d.text}
    if d.recurrence:
        rec["recurrence"] = d.recurrence
        if d.start:
            rec["start"] = d.start
        if d.end:
            rec["end"] = d.end  # 年内持续推进: standing, within a time
    elif d.date:
        rec["date"] = d.date
    elif d.end:
        rec["start"], rec["end"] = d.start, d.end
    rec["span"] = [d.span.start, d.span.end]
    rec["source"] = d.source
    if bound is not None:
        rec["units"] = bound
    if d.year_from:
        rec["year_from"] = d.year_from
    if d.problem:
        rec["problem"] = d.problem
    return rec


def bound_units(doc: Document, task: Task, d: Deadline) -> list[int]:
    """Indexes of the task's units a deadline binds: its note's, or all when it has none."""
    units = task.units(doc)
    if d.note_index is None:
        return list(range(len(units)))
    return [k for k, u in enumerate(units) if u.note_index == d.note_index]


def task_record(doc: Document, task: Task) -> dict[str, Any]:
    units = [_unit(u) for u in task.units(doc)]
    implied = []
    for u in task.implied_units(doc):
        rec = _unit(u)
        rule = next((b for b in task.blankets if u in doc.blankets[b].units), None)
        rec["implied_by"] = doc.blankets[rule].text if rule is not None else ""
        implied.append(rec)
    return {
        "type": "task",
        "doc": doc.name,
        "path": task.path,
        "title": task.title,
        "text": task.text(doc),
        "units": units,
        "etc": task.etc(doc),
        "line": task.source_line,
        "span": [task.span.start, task.span.end],
        "deadlines": [deadline_record(doc.deadlines[k], bound_units(doc, task, doc.deadlines[k]))
                      for k in task.deadlines],
        "implied_units": implied,
    }


def plan_records(doc: Document) -> list[dict[str, Any]]:
    """One ``"type": "plan"`` record per plan in the file (``kg extract --plan-lines``)."""
    meta = doc.metadata
    out = []
    for part in doc.parts:
        plan_units = [
            {"mention": u.mention, "role": u.role,
             "agency": u.agency.name if u.agency else u.mention,
             "iri": u.agency.iri if u.agency else None}
            for i in doc.plan_notes for u in doc.notes[i].units
        ] if not part.prefix else []
        out.append({
            "type": "plan",
            "doc": doc.name,
            "prefix": part.prefix,
            "title": part.title or meta.title,
            "notice_title": meta.notice_title,
            "doc_number": meta.doc_number,
            "issuers": meta.issuers,
            "date": meta.date,
            "period": list(meta.period) if meta.period else None,
            "jurisdiction": meta.jurisdiction.qualified() if meta.jurisdiction else None,
            "genre": meta.genre,
            "units": plan_units,
            "deadlines": [deadline_record(d) for d in doc.deadlines if d.owner == "plan"]
            if not part.prefix else [],
            "blankets": [
                {"text": b.text, "scope": b.scope, "span": [b.span.start, b.span.end],
                 "units": [_unit(u) for u in b.units], "tasks": b.tasks}
                for b in doc.blankets
                if (part.region is None or part.region.start <= b.span.start < part.region.end)
            ],
        })
    return out


def records(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [task_record(doc, t) for t in doc.tasks]
    return out


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
