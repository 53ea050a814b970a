"""Which numbered items are tasks, and which notes belong to which task.

The rules of the extraction contract:

* a task is the deepest numbered item of a chapter that assigns work; items under a
  heading that only describes the plan (总体要求, 发展目标 …) are not tasks;
* an item with its own note is a task even when it has children or describes;
* unnumbered paragraphs under one heading that each carry their own note are tasks
  ``HEADING/¶N``; a single note closing a multi-paragraph item is that item's;
* a news article has no tasks; notes outside every task (a closing paragraph such as
  ``本方案…由市大数据委牵头组织实施``) govern the plan.
"""

from __future__ import annotations

from kg.model import Document, Problem, Section, Span, Task
from kg.structure import walk


def _notes_in(doc: Document, spans: list[Span]) -> list[int]:
    out = []
    for i, note in enumerate(doc.notes):
        if any(s.start <= note.span.start < s.end for s in spans):
            out.append(i)
    return out


def _strip_marker(sec: Section) -> Span:
    """The head line without its numbering marker, for the task's text."""
    head = sec.paragraphs[0]
    return Span(head.start + sec.marker_len, head.end)


def assign_tasks(doc: Document) -> Document:
    owned: set[int] = set()
    if doc.metadata.genre == "news":
        doc.plan_notes = list(range(len(doc.notes)))
        _set_owner(doc, doc.plan_notes, "plan")
        return doc
    for part in doc.parts:
        _lift_closing_notes(doc, part.sections)
        forests = [part.sections] + [a.sections for a in part.attachments]
        # unnumbered paragraphs before the first heading, each with its own note
        pre = _paragraph_groups(doc, part.preamble)
        noted = [(k, g) for k, g in pre if _notes_in(doc, g)]
        if len(noted) >= 2:
            prefix = f"{part.prefix}/" if part.prefix else ""
            for k, group in noted:
                ids = _notes_in(doc, group)
                doc.tasks.append(
                    Task(path=f"{prefix}¶{k + 1}", title=_para_title(doc, group[0]),
                         text_spans=group, span=Span(group[0].start, group[-1].end),
                         source_line=doc.line_of(group[0].start), notes=ids)
                )
                owned.update(ids)
        for sec in (s for forest in forests for s in walk(forest)):
            own_spans = sec.paragraphs
            own_notes = _notes_in(doc, own_spans)
            groups = _paragraph_groups(doc, sec.paragraphs)
            head_group = groups[0][1]
            noted_body = [(k, g) for k, g in groups[1:] if _notes_in(doc, g)]
            head_notes = _notes_in(doc, head_group)
            leaf = not sec.children
            if len(noted_body) >= 2:
                # each paragraph with its own note is its own task
                if head_notes:
                    doc.tasks.append(_task(doc, sec, sec.path, head_group, head_notes))
                for k, group in noted_body:
                    ids = _notes_in(doc, group)
                    doc.tasks.append(
                        Task(path=f"{sec.path}/¶{k}", title=_para_title(doc, group[0]),
                             text_spans=group, span=Span(group[0].start, group[-1].end),
                             source_line=doc.line_of(group[0].start), notes=ids, section=sec)
                    )
                owned.update(own_notes)
                continue
            if own_notes or (leaf and not sec.descriptive):
                spans = [_strip_marker(sec), *sec.paragraphs[1:]]
                doc.tasks.append(_task(doc, sec, sec.path, spans, own_notes))
                owned.update(own_notes)
    doc.tasks.sort(key=lambda t: t.span.start)
    for task in doc.tasks:
        _set_owner(doc, task.notes, task.path)
    doc.plan_notes = [i for i in range(len(doc.notes)) if i not in owned]
    _set_owner(doc, doc.plan_notes, "plan")
    _set_scopes(doc)
    return doc


def _lift_closing_notes(doc: Document, sections: list[Section]) -> None:
    """A note on its own line after an item's last sub-item closes the whole item.

    ``2.建设… (1)… (2)… (3)… (责任单位:…)``: when no sub-item has a note of its own, the
    note line after the last one belongs to their parent, not to (3). An item with one
    sub-item follows suit only where the plan has shown the habit on items of the same
    level (every chapter closed by its note line, the last chapter holding one item).
    """
    lifted_styles: set[str] = set()
    for single in (False, True):
        for sec in walk(sections):
            if (len(sec.children) == 1) != single or not sec.children:
                continue
            if single and sec.style not in lifted_styles:
                continue  # one sub-item under a heading is still the item the note closes
            last = sec.children[-1]
            if last.children or len(last.paragraphs) < 2:
                continue
            # the note line, then at most closing lines with no note (各部门要…确保如期完成)
            k = next((j for j in range(len(last.paragraphs) - 1, 0, -1)
                      if _only_notes(doc, last.paragraphs[j])), None)
            if k is None or _notes_in(doc, last.paragraphs[k + 1 :]):
                continue
            others = [c for c in sec.children[:-1] if _notes_in(doc, c.paragraphs)]
            if others or _notes_in(doc, last.paragraphs[:k]):
                continue
            sec.paragraphs.extend(last.paragraphs[k:])
            del last.paragraphs[k:]
            lifted_styles.add(sec.style)


def _paragraph_groups(doc: Document, paragraphs: list[Span]) -> list[tuple[int, list[Span]]]:
    """Paragraphs with the note-only lines that follow them (牵头单位:… on its own line).

    Returns (position under the heading, spans); the head line is position 0.
    """
    groups: list[tuple[int, list[Span]]] = []
    for k, para in enumerate(paragraphs):
        if groups and _only_notes(doc, para):
            groups[-1][1].append(para)
        else:
            groups.append((k, [para]))
    return groups


def _only_notes(doc: Document, para: Span) -> bool:
    rest = list(doc.text[para.start : para.end])
    for note in doc.notes:
        if para.start <= note.span.start < para.end:
            for i in range(note.span.start, min(note.span.end, para.end)):
                rest[i - para.start] = " "
    left = "".join(rest).strip(" \t\u3000。.;；,，")
    return len(left) < len(rest) and not left


def _task(doc: Document, sec: Section, path: str, spans: list[Span], notes: list[int]) -> Task:
    return Task(path=path, title=sec.title, text_spans=spans,
                span=Span(spans[0].start, spans[-1].end), source_line=sec.source_line,
                notes=notes, section=sec)


def _para_title(doc: Document, para: Span) -> str:
    from kg.structure import item_title

    return item_title(doc.text[para.start : para.end])


def _set_owner(doc: Document, ids: list[int], owner: str) -> None:
    for i in ids:
        doc.notes[i].owner = owner


def _set_scopes(doc: Document) -> None:
    """Each note applies to the sentences since the previous note of its task."""
    for task in doc.tasks:
        start = task.text_spans[0].start
        for i in task.notes:
            note = doc.notes[i]
            note.scope = Span(start, note.span.end)
            start = note.span.end
    for i in doc.plan_notes:
        note = doc.notes[i]
        if note.scope is None:
            line_start = doc.text.rfind("\n", 0, note.span.start) + 1
            note.scope = Span(line_start, note.span.end)


def unique_paths(doc: Document) -> Document:
    """Two tasks never share a path: a repeated one gets ``~2``, ``~3`` and is reported.

    Paths name tasks in the graph; a document that numbers two items the same way
    (an appendix restarting 一、 without a heading we recognise) must not merge them.
    """
    seen: dict[str, int] = {}
    for task in doc.tasks:
        n = seen.get(task.path, 0) + 1
        seen[task.path] = n
        if n > 1:
            doc.problems.append(Problem(
                "numbering", f"a second task numbered {task.path}; it is named {task.path}~{n}",
                task.span, task.source_line))
            task.path = f"{task.path}~{n}"
            for i in task.notes:
                doc.notes[i].owner = task.path
    return doc
