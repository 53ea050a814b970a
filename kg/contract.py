"""The JSON Lines extraction contract (README, "The extraction contract").

Tools and tests rely on these records; fields are only ever added, never renamed.
"""

from __future__ import annotations

import json
from typing import Any

from kg.extract.numbers import plain
from kg.model import Deadline, Document, Target, Task, UnitMention


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
        "sectors": [{"id": s, "label": _sector_label(s)} for s in task.sectors],
        "actions": [{"action": a.action, "verb": a.verb, "object": a.object} for a in task.actions],
    }


def _sector_label(sector_id: str) -> str:
    from kg.extract.sectors import by_id

    s = by_id().get(sector_id)
    return s.zh if s else sector_id


def _number(v):  # Decimal | tuple[Decimal, Decimal] | None -> JSON number(s)
    if v is None:
        return None
    if isinstance(v, tuple):
        return [plain(v[0]), plain(v[1])]
    return plain(v)


def target_record(doc: Document, t: Target) -> dict[str, Any]:
    """One ``"type": "target"`` record: the contract's fields first, then the added ones.

    ``value`` is in ``unit`` with magnitude words resolved (592.5亿元 → 59250000000 元);
    ``base_value``/``base_unit`` put it in its dimension's base unit (12 EFLOPS → 12000
    PFLOPS) so plans compare.
    """
    q = t.quantity
    rec: dict[str, Any] = {
        "type": "target",
        "doc": doc.name,
        "text": doc.text[q.span.start : q.span.end],
        "value": _number(q.value),
        "unit": q.unit,
        "comparator": q.comparator,
        "year": t.year,
        "kind": t.kind,
        "task": t.task,
        "metric": t.metric,
        "base_value": _number(q.base_value),
        "base_unit": q.base_unit,
        "dimension": q.dimension,
        "period": t.period,
        "per": t.per,
        "role": t.role,
        "condition": t.condition,
        "section": t.section,
        "plan": t.prefix,
        "unit_implied": q.unit_implied,
        "line": doc.line_of(q.span.start),
        "span": [q.span.start, q.span.end],
        "sentence": doc.text[t.sentence.start : t.sentence.end].strip() if t.sentence else None,
    }
    return rec


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
    """A document's task records, in document order."""
    out: list[dict[str, Any]] = [task_record(doc, t) for t in doc.tasks]
    return out


def target_records(doc: Document) -> list[dict[str, Any]]:
    """A document's target records (targets, incentives, reported figures), in document order."""
    return [target_record(doc, t) for t in doc.targets]


def extract_records(doc: Document) -> list[dict[str, Any]]:
    """What ``kg extract`` prints for a document: its tasks, then its targets."""
    return records(doc) + target_records(doc)


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
