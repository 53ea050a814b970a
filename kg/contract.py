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


def records(doc: Document) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [task_record(doc, t) for t in doc.tasks]
    return out


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
