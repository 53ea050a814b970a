"""The JSON Lines extraction contract (README, "The extraction contract").

Tools and tests rely on these records; fields are only ever added, never renamed.
"""

from __future__ import annotations

import json
from typing import Any

from kg.model import Document, Task


def task_record(doc: Document, task: Task) -> dict[str, Any]:
    units = []
    for u in task.units(doc):
        a = u.agency
        units.append({
            "mention": u.mention,
            "role": u.role,
            "agency": a.name if a else u.mention,
            "iri": a.iri if a else None,
            "kind": a.kind if a else None,
        })
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
        })
    return out


def records(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [task_record(doc, t) for t in doc.tasks]
    return out


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
