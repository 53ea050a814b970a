"""Task tables (任务分工表): one task per 序号 row, units from unit columns.

Offices attach the division of work as a table: 序号 | 重点任务 | 牵头单位 | 配合单位 | 完成时限.
Copied into text such a table arrives in one of two shapes, both read here:

* tab-separated rows (saved web pages, .docx) or Markdown pipe rows: a header row, then rows whose first cell
  is the 序号; a row split over several sub-rows (merged 序号 cells) has fewer cells,
  which line up with the header from the right;
* one cell per line (pages converted to text): the header cells on consecutive lines,
  then each row starting at a line holding just its number (1, 2, 3 …); a unit cell may
  wrap over several lines.

Web pages also flatten a table's cells into lines with a line of ``|`` after each cell;
those separator lines are dropped. A table in an attachment gives tasks ``附件/N``
(``附件2/N`` …); a table that *is* the plan (a 任务分解表 issued by a notice) gives tasks
under the chapter row it stands in (``一/N``), or ``N`` when it has none, its 序号
starting again at 1 under each chapter row. A row that holds several numbered items
(1. 2. …), each with its own unit cells, gives one task per item (``一/1/2``). Unit
cells become notes with the role their column header names (牵头单位 → lead, 配合单位 →
cooperate, 责任单位 and 推进单位 → responsible). A unit repeated by merged cells is
listed once per role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kg.extract.lexicon import note_labels
from kg.extract.responsibility import _LEAD_MARKS, _MARK_RULE, agency_like, is_collective, split_units
from kg.model import Attachment, Document, Note, Span, Task, UnitMention
from kg.structure import item_title, normalise_key, numbering_of, walk

_SEQ = re.compile(r"^\s*(\d{1,3})\s*$")
_PIPES = re.compile(r"^[|｜\s]+$")
_DATE_LINE = re.compile(r"^\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*$")
_UNIT_COLUMN = re.compile(r"(单位|部门|处室|科室|主体|机构|领导)$")
_BODY_END = re.compile(
    r"(局|委|办|厅|部|署|处|科|室|所|站|队|中心|政府|管委会|街道|镇|乡|集团|公司|专班|银行|分行|支行"
    r"|海关|法院|检察院|联合会|协会|工会|妇联|科协|工商联|残联|供销社)$")


def column_role(header: str) -> str | None:
    """The role a column header gives the bodies under it, or None for other columns.

    >>> column_role("牵头单位"), column_role("市卫健委内配合处室"), column_role("推进单位")
    ('lead', 'cooperate', 'responsible')
    >>> column_role("完成时限") is None, column_role("责任领导") is None
    (True, True)
    """
    h = header.strip()
    if not _UNIT_COLUMN.search(h) or "领导" in h:
        return None
    role = note_labels().get(h)
    if role in ("lead", "responsible", "cooperate"):
        return role
    if "牵头" in h or "主责" in h:
        return "lead"
    if any(w in h for w in ("配合", "协办", "参与", "协同", "协助", "支持")):
        return "cooperate"
    if any(w in h for w in ("责任", "负责", "推进", "实施", "承办", "落实", "主办", "完成")):
        return "responsible"
    return None


def unit_line(text: str) -> bool:
    """Does a line hold only bodies (a unit cell, or part of one)?"""
    t = text.strip().rstrip("、,，;；")
    if not t or "。" in t or len(t) > 160 or t in ("/", "—", "-", "无"):
        return False
    parts = [m for m, *_ in split_units(t, 0)]
    if not parts:
        return False
    return all(
        agency_like(p) and (agency_like(p, strict=True) or is_collective(p) or _BODY_END.search(p))
        for p in parts
    )


@dataclass
class Row:
    number: int
    start: int = 0  # where the row's first line starts
    cells: list[tuple[str | None, Span]] = field(default_factory=list)  # (role or None, span)
    text: list[Span] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # the table's unit columns, in order
    chapter: str | None = None  # the chapter row it stands under (一), when the table has them


_MD_RULE = re.compile(r"^\s*:?-{2,}:?\s*$")


def _split_cells(line: str) -> tuple[list[str], list[int]] | None:
    """A table row's cells and their offsets: tab-separated (a saved page, .docx) or a
    Markdown/pipe row ``| 1 | 内容 | 市发改委 |``; None for any other line."""
    if "\t" in line:
        sep, body, base = "\t", line, 0
    else:
        t = line.strip()
        if not (t.startswith(("|", "｜")) and t.endswith(("|", "｜")) and len(t) > 2):
            return None
        base = line.index(t[0]) + 1
        body, sep = t[1:-1].replace("｜", "|"), "|"
    cells, offsets, pos = [], [], 0
    for cell in body.split(sep):
        offsets.append(base + pos)
        cells.append(cell)
        pos += len(cell) + 1
    if all(_MD_RULE.match(c) for c in cells):
        return None  # the |---|---| line under a Markdown header
    return cells, offsets


def _tab_rows(doc: Document, lines: list[Span]) -> list[Row]:
    rows: list[Row] = []
    header: list[str] | None = None
    for span in lines:
        line = doc.text[span.start : span.end]
        split = _split_cells(line)
        if split is None or len(split[0]) < 2:
            continue
        cells, offsets = split[0], [span.start + o for o in split[1]]
        if header is None:
            if any(column_role(c) for c in cells) and any(c.strip() in ("序号", "编号") for c in cells):
                header = [c.strip() for c in cells]
            continue
        if [c.strip() for c in cells] == header:
            continue  # the header repeated at a page break
        seq_col = next(k for k, h in enumerate(header) if h in ("序号", "编号"))
        at = next((k for k in range(min(len(cells), seq_col + 1)) if _SEQ.match(cells[k])), None)
        if at is not None and at < seq_col:
            # 任务类型 | 序号 | …: a row whose empty first cells were trimmed off the line
            cells = [""] * (seq_col - at) + cells
            offsets = [offsets[0]] * (seq_col - at) + offsets
        first = _SEQ.match(cells[seq_col]) if at is not None else None
        if first and rows and int(first.group(1)) == rows[-1].number and len(cells) <= len(header):
            # the 序号 merged over several rows and written in each: one task's sub-rows
            columns = header[: len(cells)]
        elif first and 2 <= len(cells) <= len(header) and (len(cells) == len(header) or not rows or
                                                            int(first.group(1)) == rows[-1].number + 1):
            # a numbered row; one shorter than the header lost its empty cells at the end
            rows.append(Row(int(first.group(1)), span.start))
            columns = header[: len(cells)]
        elif rows and len(cells) < len(header):
            columns = header[len(header) - len(cells) :]  # merged cells on the left
        else:
            continue
        row = rows[-1]
        for col, cell, off in zip(columns, cells, offsets, strict=True):
            stripped = cell.strip()
            if not stripped or stripped in ("/", "—", "-", "无") or col in ("序号", "编号"):
                continue
            lead = len(cell) - len(cell.lstrip())
            cspan = Span(off + lead, off + lead + len(stripped))
            role = column_role(col)
            if role:
                row.cells.append((role, cspan))
            else:
                row.text.append(cspan)
    return rows


def _line_rows(doc: Document, lines: list[Span]) -> list[Row]:
    lines = [s for s in lines if not _PIPES.match(doc.text[s.start : s.end])]
    texts = [doc.text[s.start : s.end].strip() for s in lines]
    try:
        at = next(i for i, t in enumerate(texts) if t in ("序号", "编号"))
    except StopIteration:
        return []
    # the header: the short cells around 序号, up to the first row number
    start = at
    while start > 0 and _header_cell(texts[start - 1]):
        start -= 1
    end = at + 1
    while (end < len(texts) and _header_cell(texts[end]) and not _SEQ.match(texts[end])
           and numbering_of(texts[end]) is None):
        end += 1  # up to the first row number, or a chapter row (一、数字政府)
    header = texts[start:end]
    roles = [r for r in (column_role(h) for h in header) if r]
    if not roles:
        return []
    rows: list[Row] = []
    expect = 1
    restart = False  # a chapter row (一、…) inside the table: its 序号 may start again at 1
    chapter: str | None = None
    i = end
    while i < len(texts):
        t = texts[i]
        m = _SEQ.match(t)
        if m and (int(m.group(1)) == expect or (restart and int(m.group(1)) == 1)):
            rows.append(Row(int(m.group(1)), lines[i].start, chapter=chapter))
            expect = int(m.group(1)) + 1
            restart = False
            i += 1
            continue
        if _DATE_LINE.match(t) or (i + 1 < len(texts) and _DATE_LINE.match(texts[i + 1])
                                    and unit_line(t)):
            break  # a signature and its date: the table is over
        n = numbering_of(t)
        nxt = _SEQ.match(texts[i + 1]) if i + 1 < len(texts) else None
        if n is not None and n.style in ("cn", "part") and nxt and int(nxt.group(1)) in (1, expect):
            restart = True  # a chapter row, right before the row it opens, closes the row before it
            chapter = normalise_key(n)
            rows.append(Row(0, lines[i].start))
            i += 1
            continue
        if not rows or rows[-1].number == 0 or t in header:
            i += 1
            continue
        row = rows[-1]
        if unit_line(t):
            # a unit cell, perhaps wrapped over lines that end with 、 or ，
            first = i
            while i + 1 < len(texts) and texts[i].endswith(("、", ",", "，")) and unit_line(texts[i + 1]):
                i += 1
            row.cells.append((None, Span(lines[first].start, lines[i].end)))
        else:
            row.text.append(lines[i])
        i += 1
    rows = [r for r in rows if r.number]
    # unit cells fill the unit columns in header order; a missing one was a merged cell
    for row in rows:
        row.cells = [(roles[k] if k < len(roles) else roles[-1], span)
                     for k, (_, span) in enumerate(row.cells)]
        row.roles = roles
    return rows


def sub_items(doc: Document, row: Row) -> list[tuple[int, Row]]:
    """The numbered items of a row that each carry their own unit cells, or [] if not so.

    ``1 | 主要预期目标 | 1.地区生产总值… | ★区发改委 | 2.一般公共预算… | ★区财政局``: the row is
    a group and each numbered item is the task. Every item must be numbered 1, 2, 3 … in
    one style and followed by at least one unit cell before the next item.
    """
    parts = sorted([(sp.start, "text", sp, None) for sp in row.text]
                   + [(sp.start, "cell", sp, r) for r, sp in row.cells], key=lambda x: x[0])
    items: list[tuple[int, Row]] = []
    style = None
    for _, kind, sp, role in parts:
        if kind == "text":
            n = numbering_of(doc.text[sp.start : sp.end].strip())
            if (n is not None and n.style in ("ar", "ar-paren", "circled")
                    and (style is None or n.style == style) and n.number == len(items) + 1):
                style = n.style
                items.append((n.number, Row(n.number, sp.start, text=[sp])))
                continue
            if items:
                items[-1][1].text.append(sp)
        elif items:
            items[-1][1].cells.append((role, sp))
    if len(items) < 2 or not all(it.cells for _, it in items):
        return []
    for _, it in items:
        if row.roles:
            it.cells = [(row.roles[k] if k < len(row.roles) else row.roles[-1], sp)
                        for k, (_, sp) in enumerate(it.cells)]
    return items


def _header_cell(t: str) -> bool:
    return bool(t) and len(t) <= 16 and not re.search(r"[。，,；;：:]", t) and not _SEQ.match(t)


def table_rows(doc: Document, att: Attachment) -> list[Row]:
    return _tab_rows(doc, att.lines) or _line_rows(doc, att.lines)


def _add_row_task(doc: Document, path: str, row: Row) -> None:
    notes: list[int] = []
    seen: set[tuple[str, str]] = set()
    for role, span in row.cells:
        note = _cell_note(doc, role or "responsible", span, seen)
        if note is not None:
            notes.append(note)
    spans = sorted(row.text + [span for _, span in row.cells], key=lambda s: s.start)
    text_spans = sorted(row.text, key=lambda s: s.start) or spans
    if not spans:
        return
    title = item_title(doc.text[text_spans[0].start : text_spans[0].end])
    doc.tasks.append(Task(path=path, title=title, text_spans=text_spans,
                          span=Span(spans[0].start, spans[-1].end),
                          source_line=doc.line_of(spans[0].start), notes=notes))
    for i in notes:
        doc.notes[i].owner = path
        doc.notes[i].scope = Span(spans[0].start, doc.notes[i].span.end)


def _add_rows(doc: Document, prefix_of, rows: list[Row]) -> None:
    taken = {t.path for t in doc.tasks}
    for row in rows:
        path = f"{prefix_of(row)}{row.number}"
        if path in taken:
            continue
        items = sub_items(doc, row)
        if items:
            for k, item in items:
                _add_row_task(doc, f"{path}/{k}", item)
        else:
            _add_row_task(doc, path, row)


def _body_table(doc: Document, part) -> None:
    """A table that is the plan itself: rows under the chapter rows they stand in."""
    stop = min((att.head.start for att in part.attachments), default=part.region.end)
    lines = [Span(ln.start, ln.end) for ln in doc.lines if part.region.start <= ln.start < stop]
    def header_like(line: str) -> bool:
        split = _split_cells(line)
        cells = split[0] if split else [line]
        return any(c.strip() in ("序号", "编号") for c in cells)

    if not lines or not any(header_like(doc.text[ln.start : ln.end]) for ln in lines):
        return
    rows = _tab_rows(doc, lines) or _line_rows(doc, lines)
    if not rows:
        return
    first, last = rows[0].start, max(sp.end for r in rows for sp in [*r.text, *(c for _, c in r.cells)]
                                      or [Span(r.start, r.start)])
    if any(first <= n.span.start < last for n in doc.notes):
        return  # the outline's own notes cover this stretch; it is not a task table
    sections = list(walk(part.sections))

    def prefix_of(row: Row) -> str:
        if row.chapter is not None:
            return f"{part.prefix}/{row.chapter}/" if part.prefix else f"{row.chapter}/"
        holders = [s for s in sections if s.span.start <= row.start < s.span.end]
        return f"{holders[-1].path}/" if holders else (f"{part.prefix}/" if part.prefix else "")

    # the outline's tasks that the table's rows stand in are replaced by the rows
    doc.tasks = [t for t in doc.tasks
                 if t.notes or not any(t.span.start <= r.start < t.span.end for r in rows)]
    _add_rows(doc, prefix_of, rows)


def table_tasks(doc: Document) -> Document:
    """Add a task for every row of every task table, in the plan's text or its attachments."""
    if doc.metadata.genre == "news":
        return doc
    for part in doc.parts:
        _body_table(doc, part)
        for att in part.attachments:
            prefix = f"{part.prefix}/{att.label}" if part.prefix else att.label
            _add_rows(doc, lambda row, prefix=prefix: f"{prefix}/", table_rows(doc, att))
    doc.tasks.sort(key=lambda t: t.span.start)
    return doc


def _cell_note(doc: Document, role: str, span: Span, seen: set[tuple[str, str]]) -> int | None:
    idx = len(doc.notes)
    note = Note(span=span, body=span, form="table-cell")
    text = doc.text[span.start : span.end]
    for mention, s, e, etc in split_units(text, span.start):
        if mention.strip() in ("/", "—", "-", "无") or not mention.strip():
            continue
        unit_role, marked = role, mention[:1] in _LEAD_MARKS
        if marked:
            # ★区发改委: a mark the plan may define as 牵头 (标★的为牵头单位)
            s += len(mention) - len(mention[1:].lstrip())
            mention = mention[1:].lstrip()
            if _MARK_RULE.search(doc.text):
                unit_role = "lead"
        key = (mention, unit_role)
        if key in seen:
            continue
        seen.add(key)
        note.units.append(UnitMention(mention, unit_role, Span(s, e), idx,  # type: ignore[arg-type]
                                      marked=marked))
        note.etc = note.etc or etc
    if not note.units:
        return None
    doc.notes.append(note)
    return idx
