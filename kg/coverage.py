"""The coverage report: every note found and where it went, every thing not understood.

Accuracy is the product, so nothing the extractor meets may vanish: each note is
listed with the task (or the plan) it was given to and the units read from it; each
fragment of a note that is not a body, each bracket that reads like a note but could
not be parsed, each numbering break and each web-debris line removed is listed with
its file and line, for a person to check.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from kg.model import Deadline, Document


def document_report(doc: Document) -> dict[str, Any]:
    notes = []
    for i, note in enumerate(doc.notes):
        notes.append({
            "line": doc.line_of(note.span.start),
            "text": doc.text[note.span.start : note.span.end],
            "form": note.form,
            "owner": note.owner or "unassigned",
            "units": [
                {"mention": u.mention, "role": u.role,
                 "agency": u.agency.name if u.agency else None}
                for u in note.units
            ],
            "etc": note.etc,
            "remarks": [t for t, _ in note.remarks],
            "not_understood": [f.text for f in note.fragments],
            "index": i,
        })
    problems = [
        {"line": p.source_line, "kind": p.kind, "message": p.message}
        for p in sorted(doc.problems, key=lambda p: (p.source_line, p.kind, p.message))
    ]
    deadlines = [
        {"line": doc.line_of(d.span.start), "owner": d.owner or "unassigned", "text": d.text,
         "kind": d.kind, "normalised": _normal_form(d), "source": d.source,
         "year_from": d.year_from or None, "problem": d.problem or None}
        for d in doc.deadlines
    ]
    blankets = [
        {"line": doc.line_of(b.span.start), "text": b.text, "scope": b.scope,
         "units": [u.mention for u in b.units], "tasks": len(b.tasks)}
        for b in doc.blankets
    ]
    meta = doc.metadata
    return {
        "doc": doc.name,
        "title": meta.title,
        "genre": meta.genre,
        "jurisdiction": meta.jurisdiction.qualified() if meta.jurisdiction else None,
        "encoding": doc.encoding,
        "source_kind": doc.source_kind,
        "converted": doc.converted or None,
        "plans": [{"prefix": p.prefix or None, "title": p.title} for p in doc.parts],
        "tasks": len(doc.tasks),
        "tasks_without_units": [t.path for t in doc.tasks if not t.units(doc)],
        "notes_found": len(doc.notes),
        "notes_on_tasks": sum(1 for n in doc.notes if n.owner not in (None, "plan")),
        "notes_on_plan": sum(1 for n in doc.notes if n.owner == "plan"),
        "notes": notes,
        "deadlines": deadlines,
        "tasks_without_deadline": [t.path for t in doc.tasks if not t.deadlines],
        "blankets": blankets,
        "not_understood": problems,
        "removed_lines": [{"line": no, "text": text} for no, text in doc.removed],
    }


def _normal_form(d: Deadline) -> str:
    """A deadline's normal form in one string: a date, start/end, or a recurrence."""
    if d.recurrence:
        return (d.recurrence + (f" from {d.start}" if d.start else "")
                + (f" until {d.end}" if d.end else ""))
    if d.date:
        return d.date
    if d.end:
        return f"{d.start}/{d.end}"
    return ""


def build_report(docs: Iterable[Document], errors: Iterable[tuple[str, str]] = ()) -> dict[str, Any]:
    reports = [document_report(d) for d in sorted(docs, key=lambda d: d.name)]
    errs = [{"file": f, "error": e} for f, e in sorted(errors)]
    return {
        "documents": reports,
        "errors": errs,
        "totals": {
            "documents": len(reports),
            "failed": len(errs),
            "tasks": sum(r["tasks"] for r in reports),
            "notes_found": sum(r["notes_found"] for r in reports),
            "notes_on_tasks": sum(r["notes_on_tasks"] for r in reports),
            "notes_on_plan": sum(r["notes_on_plan"] for r in reports),
            "not_understood": sum(len(r["not_understood"]) for r in reports),
            "deadlines": sum(len(r["deadlines"]) for r in reports),
            "deadlines_not_normalised": sum(1 for r in reports for d in r["deadlines"] if d["problem"]),
            "blankets": sum(len(r["blankets"]) for r in reports),
        },
    }


def to_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def to_markdown(report: dict[str, Any]) -> str:
    t = report["totals"]
    out = [
        "# Coverage report",
        "",
        f"{t['documents']} documents, {t['tasks']} tasks; {t['notes_found']} responsibility notes "
        f"found: {t['notes_on_tasks']} on tasks, {t['notes_on_plan']} on a whole plan; "
        f"{t['not_understood']} things not understood; {t['failed']} files not read. "
        f"{t['deadlines']} deadlines ({t['deadlines_not_normalised']} kept as text only); "
        f"{t['blankets']} blanket rules.",
        "",
    ]
    if report["errors"]:
        out += ["## Files not read", ""]
        out += [f"- `{e['file']}`: {e['error']}" for e in report["errors"]]
        out.append("")
    for r in report["documents"]:
        out += [f"## {r['doc']}", ""]
        out.append(f"*{r['title'] or '(no title)'}* — {r['genre']}, "
                   f"{r['jurisdiction'] or 'jurisdiction unknown'}; {r['tasks']} tasks, "
                   f"{r['notes_found']} notes ({r['notes_on_tasks']} on tasks, "
                   f"{r['notes_on_plan']} on the plan).")
        if r["converted"]:
            out.append(f"Read as {r['converted']}.")
        out.append("")
        if r["not_understood"]:
            out += ["### Not understood", ""]
            out += [f"- line {p['line']} ({p['kind']}): {p['message']}" for p in r["not_understood"]]
            out.append("")
        if r["tasks_without_units"]:
            out += ["### Tasks with no responsibility note", ""]
            out.append(", ".join(f"`{p}`" for p in r["tasks_without_units"]))
            out.append("")
        if r["notes"]:
            out += ["### Notes", "", "| line | goes to | note | units |", "|---|---|---|---|"]
            for n in r["notes"]:
                units = "、".join(f"{u['mention']}({u['role']})" for u in n["units"])
                if n["etc"]:
                    units += " 等"
                text = n["text"].replace("|", "\\|")
                out.append(f"| {n['line']} | `{n['owner']}` | {text} | {units} |")
            out.append("")
        if r["deadlines"]:
            out += ["### Deadlines", "", "| line | task | as written | normalised | from |",
                    "|---|---|---|---|---|"]
            for d in r["deadlines"]:
                norm = d["normalised"] or f"not normalised: {d['problem']}"
                if d["year_from"]:
                    norm += f" (year from {d['year_from']})"
                text = d["text"].replace("|", "\\|")
                out.append(f"| {d['line']} | `{d['owner']}` | {text} | {norm} | {d['source']} |")
            out.append("")
        if r["blankets"]:
            out += ["### Blanket rules", ""]
            out += [f"- line {b['line']} ({b['scope']}, {b['tasks']} tasks): {b['text']} → "
                    + "、".join(b["units"]) for b in r["blankets"]]
            out.append("")
        if r["removed_lines"]:
            out += ["### Web-page lines removed", ""]
            out += [f"- line {x['line']}: {x['text']}" for x in r["removed_lines"]]
            out.append("")
    return "\n".join(out)
