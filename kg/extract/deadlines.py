"""Deadlines: by when each task is due, wherever the plan says it.

Plans state a completion time in four places, all read here by general rules:

* inside a responsibility note, labelled or not:
  ``(责任单位:市商务局,完成时限:2025年6月底前)``, ``(2024年12月底前完成,牵头单位:…)``,
  ``(市发展改革委牵头,持续推进)`` — the responsibility parser keeps such parts as
  remarks; each remark that holds a time or a standing commitment is a deadline
  bound to that note's units. A remark labelled as a completion time that holds
  no readable time is kept as text and reported, never guessed;
* in the task's own text: a time marked as a limit (``2025年底前出台``, ``6月底前``,
  ``年内``), introduced by ``到``/``至``/``于``/``在`` (``到2027年``), or opening a clause
  (``2019年上半年,试点城市政府印发…``); a time that only reports a status or a
  baseline (``截至2023年底``, ``比2020年``, ``2024年起``, ``2020年以来``) or that lies
  before the plan was signed is not a deadline;
* as a standing commitment opening a clause: ``持续推进``, ``长期坚持``, ``每年``
  (``每年2月底前`` is an annual deadline), ``按年度``, ``定期``;
* in a table column (完成时限), read by :mod:`kg.extract.tables` into notes.

Each deadline keeps its text as written, its span, and its normal form (see
:mod:`kg.extract.timex`). A deadline written in the text binds the units of the
note whose sentences (``Note.scope``) hold it, so two sentences with two notes
keep two deadlines apart; one outside every note's sentences binds all the task's
units.
"""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

from kg.extract.lexicon import label_regex, note_labels
from kg.extract.timex import (
    Normalised,
    PlanYear,
    TimeExpr,
    deadline_words,
    normalise,
    recurrence_of,
    scan,
    standing_regex,
)
from kg.model import Deadline, Document, Problem, Span, Task
from kg.text import cn_int, depth_zero_splits

_CLAUSE_PUNCT = "。；;，,：:、（(\n\t 　【[“"
_SEP = " \t\u3000。.;；,，、:："
# words before a time that make it a limit or a point in time; the 到 family is
# part of the deadline as written (到2027年) and makes a stretch its last day
_LIMIT_LEAD = re.compile(r"(?:(?:力争|争取|确保|计划|预计)(?:在|于)?(?:到|至)?|到|至)$")
_LEAD = re.compile(r"(?:力争|争取|确保|计划|预计)?(?:于|在)$")
_ONE_CHAR_LEAD = "于并要须应将均即"
_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_BOOK = re.compile(r"《[^《》\n]*》")


@lru_cache(maxsize=1)
def _deadline_labels() -> tuple[str, ...]:
    return tuple(deadline_words().get("label", {}))


@lru_cache(maxsize=1)
def _done_regex() -> re.Pattern[str]:
    words = sorted(deadline_words().get("done", {}), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


@lru_cache(maxsize=1)
def _not_after() -> re.Pattern[str]:
    words = sorted(deadline_words().get("not-after", {}), key=len, reverse=True)
    return re.compile(r"\s*(?:" + "|".join(re.escape(w) for w in words) + ")")


@lru_cache(maxsize=1)
def _not_before() -> re.Pattern[str]:
    words = sorted(deadline_words().get("not-before", {}), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")\s*$")


def plan_year(doc: Document) -> PlanYear:
    """The year a plan's year-less times fall in, and where it was read.

    The single year of an annual plan's title (``2024年重点工作任务``) first, then the
    year it was signed, then the first year of its period.
    """
    meta = doc.metadata
    signed: date | None = None
    if meta.date:
        try:
            signed = date.fromisoformat(meta.date)
        except ValueError:
            signed = None
    date_year = signed.year if signed else None
    for title in (meta.title, meta.notice_title):
        years = {int(y) for y in _TITLE_YEAR.findall(title)}
        if len(years) == 1 and meta.period is None:
            return PlanYear(year=years.pop(), source="plan-title", signed=None, date_year=date_year)
    if signed is not None:
        return PlanYear(year=signed.year, source="plan-date", signed=signed, date_year=date_year)
    if meta.period:
        return PlanYear(year=meta.period[0], source="plan-period", signed=None, date_year=None)
    return PlanYear()


_TIMES_A_YEAR = re.compile(r"^[^。；;，,]{0,8}?(两|二|2|四|4|十二|12)次")
_PER_YEAR = {"两": "semiannual", "二": "semiannual", "2": "semiannual", "四": "quarterly",
             "4": "quarterly", "十二": "monthly", "12": "monthly"}


def _frequency(rec: str, after: str) -> str:
    """每年受理两次 is twice a year: the count after 每年 refines the recurrence."""
    if rec != "annual":
        return rec
    m = _TIMES_A_YEAR.match(after)
    return _PER_YEAR[m.group(1)] if m else rec


def _deadline(text: str, start: int, end: int, source: str, n: Normalised | None = None,
              recurrence: str = "", note_index: int | None = None, problem: str = "") -> Deadline:
    d = Deadline(text=text, span=Span(start, end), source=source,  # type: ignore[arg-type]
                 recurrence=recurrence, note_index=note_index, problem=problem)
    if n is not None:
        d.date, d.start, d.end, d.year_from = n.date, n.start, n.end, n.year_from
        d.problem = d.problem or n.problem
    if recurrence and d.date:
        # 每年2月底前: the day recurs; keep it as a month-day, not as one date
        d.date = ""
    return d


# ---------------------------------------------------------------- in notes


def _label_of(text: str) -> tuple[str, int]:
    """The note label a remark opens with (完成时限:) and where its text starts."""
    m = label_regex().match(text)
    if m and note_labels().get(m.group(1)) in ("remark", "person"):
        return m.group(1), m.end()
    m = re.match(r"(" + "|".join(map(re.escape, sorted(_deadline_labels(), key=len, reverse=True)))
                 + r")\s*[:：]\s*", text)
    if m:
        return m.group(1), m.end()
    return "", 0


def deadlines_in_clause(text: str, base: int, plan: PlanYear, source: str, note_index: int | None,
                        labelled: bool) -> list[Deadline]:
    """The deadlines of one part of a note (a remark, a table cell), with absolute spans.

    When the part holds nothing but times, standing words and completion words
    (``2024年12月底前完成``, ``持续推进``) the deadline is the whole part as written.

    >>> [(d.text, d.date) for d in deadlines_in_clause("2024年12月底前完成", 0, PlanYear(), "note", 0, False)]
    [('2024年12月底前完成', '2024-12-31')]
    >>> [(d.text, d.recurrence) for d in deadlines_in_clause("每年6月底前", 0, PlanYear(), "note", 0, False)]
    [('每年6月底前', 'annual')]
    """
    out: list[Deadline] = []
    for a, b in depth_zero_splits(text, ",，;；。"):
        seg = text[a:b]
        lead = len(seg) - len(seg.lstrip(_SEP))
        a += lead
        b = a + len(seg.strip(_SEP))
        if a >= b:
            continue
        out.extend(_deadlines_in_part(text, a, b, base, plan, source, note_index))
    if not out and labelled and text.strip(_SEP):
        s = text.strip(_SEP)
        a = text.index(s)
        out.append(_deadline(s, base + a, base + a + len(s), source, note_index=note_index,
                             problem="a completion time the grammar does not read"))
    return out


def _deadlines_in_part(text: str, a: int, b: int, base: int, plan: PlanYear, source: str,
                       note_index: int | None) -> list[Deadline]:
    part = text[a:b]
    found: list[Deadline] = []
    covered = [False] * len(part)
    start_year: TimeExpr | None = None
    for m in standing_regex(False).finditer(part):
        if any(covered[m.start() : m.end()]):
            continue
        end = m.end()
        rec = _frequency(recurrence_of(m.group(1)), part[end:])
        after = scan(part, end)
        if after and after[0].start == end and not after[0].has_year and rec != "continuous":
            end = after[0].end  # 每年6月底前
        found.append(_deadline(part[m.start() : end], base + a + m.start(), base + a + end, source,
                               recurrence=rec, note_index=note_index))
        for j in range(m.start(), end):
            covered[j] = True
    for e in scan(part):
        if any(covered[e.start : e.end]):
            continue
        rest = part[e.end :]
        word = re.match(r"\s*(?:起|开始)", rest) if not e.marker else None
        if word:
            start_year = e  # 2024年起持续推进: the start of a standing commitment
            for j in range(e.start, e.end + word.end()):
                covered[j] = True
            continue
        if not e.marker and _not_after().match(rest):
            continue
        if _not_before().search(part[: e.start]):
            continue
        limit = bool(_LIMIT_LEAD.search(part[: e.start]))
        n = normalise(e, plan, limit=limit)
        found.append(_deadline(e.text, base + a + e.start, base + a + e.end, source, n,
                               note_index=note_index))
        for j in range(e.start, e.end):
            covered[j] = True
    if start_year is not None:
        n = normalise(start_year, plan)
        for d in found:
            if d.recurrence and not d.start:
                d.start = n.start or n.date
    standing = [d for d in found if d.recurrence]
    if len(standing) == 1 and len(found) == 2:
        # 年内持续推进: a standing commitment within a time, one deadline written whole
        other = next(d for d in found if not d.recurrence)
        rec = standing[0]
        rec.end = other.due
        rec.problem = rec.problem or other.problem
        found = [rec]
    if len(found) == 1:
        rest = "".join("\x00" if c else ch for ch, c in zip(part, covered, strict=True))
        rest = _done_regex().sub("", rest.replace("\x00", "")).strip(_SEP)
        rest = re.sub(r"^(?:到|至|于|在|力争|争取|确保)+", "", rest)
        if not rest:
            d = found[0]
            d.text, d.span = part, Span(base + a, base + b)
    return found


def remark_deadlines(text: str, start: int, plan: PlanYear, note_index: int | None = None
                     ) -> list[Deadline]:
    """The deadlines of one remark of a note (``完成时限:2025年6月底前``, ``持续推进``).

    >>> [(d.text, d.date) for d in remark_deadlines("完成时限:2025年6月底前", 0, PlanYear())]
    [('2025年6月底前', '2025-06-30')]
    """
    label, off = _label_of(text)
    return deadlines_in_clause(text[off:], start + off, plan, "note", note_index,
                               label in _deadline_labels())


def note_deadlines(doc: Document, plan: PlanYear) -> list[Deadline]:
    out: list[Deadline] = []
    for i, note in enumerate(doc.notes):
        for text, span in note.remarks:
            found = remark_deadlines(text, span.start, plan, i)
            for d in found:
                d.owner = note.owner
            out.extend(found)
    return out


# ---------------------------------------------------------------- in task text


def masked_text(doc: Document, taken: list[Span]) -> str:
    """The document text with every note, every 《title》 and the spans already read blanked out.

    Offsets are kept, so a time found in it stands where it stands in the document.
    """
    chars = list(doc.text)
    spans = [n.span for n in doc.notes] + list(taken)
    spans += [Span(m.start(), m.end()) for m in _BOOK.finditer(doc.text)]
    for s in spans:
        chars[s.start : s.end] = "\x00" * (s.end - s.start)
    return "".join(chars)


def _clause_start(s: str, pos: int, floor: int) -> bool:
    """Nothing but punctuation (or the span's start) before ``pos`` in its clause."""
    j = pos - 1
    while j >= floor and s[j] in " \u3000":
        j -= 1
    return j < floor or s[j] in _CLAUSE_PUNCT or s[j] == "\x00"


def text_deadlines(doc: Document, task: Task, plan: PlanYear, masked: str | None = None
                   ) -> list[Deadline]:
    """The deadlines written in a task's own text (``masked``: :func:`masked_text`, made once)."""
    if masked is None:
        masked = masked_text(doc, [])
    out: list[Deadline] = []
    for span in task.text_spans:
        a, b = span.start, span.end
        covered: set[int] = set()
        for m in standing_regex(True).finditer(masked, a, b):
            before = masked[m.start() - 1] if m.start() > a else ""
            if not (_clause_start(masked, m.start(), a) or (before and before in _ONE_CHAR_LEAD)):
                continue
            end = m.end()
            rec = _frequency(recurrence_of(m.group(1)), masked[end:b])
            after = scan(masked, end, b)
            if after and after[0].start == end and not after[0].has_year and rec != "continuous":
                end = after[0].end
            out.append(_deadline(doc.text[m.start() : end], m.start(), end, "text", recurrence=rec))
            covered.update(range(m.start(), end))
        for e in scan(masked, a, b):
            if covered & set(range(e.start, e.end)):
                continue
            d = _text_deadline(doc, masked, e, a, plan)
            if d is not None:
                out.append(d)
                covered.update(range(e.start, e.end))
        for m in _RELATIVE.finditer(masked, a, b):
            if covered & set(range(m.start(), m.end())):
                continue
            d = _relative_deadline(doc, masked, m, a, plan)
            if d is not None:
                out.append(d)
    return out


# 自本方案印发之日起30日内 / 力争用3年时间 / 5年内: a limit counted from a start
_RELATIVE = re.compile(
    r"(?:(?P<anchor>(?:自|从)?(?:本(?:方案|通知|意见|办法|文件|措施|计划|细则|决定)(?:印发|发布|下发|出台|实施|施行)"
    r"|(?<![\u4e00-\u9fff])(?:自|从)?(?:印发|下发))之日起\s*)"
    r"|(?P<other>(?:自|从)[^,，。;；]{1,20}?之日起\s*))?"
    r"(?P<lead>力争|争取|确保|计划)?(?:用|在)?\s*"
    r"(?P<n>\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(?P<unit>个工作日|个月|日|天|周|年)\s*(?:左右)?\s*"
    r"(?:的?时间|以内|之内|内)")
_REL_UNIT = {"个工作日": "working days", "日": "days", "天": "days", "周": "weeks", "个月": "months",
             "年": "years"}


def _relative_deadline(doc: Document, masked: str, m: re.Match[str], floor: int,
                       plan: PlanYear) -> Deadline | None:
    """A limit counted from a start: resolved only when the plan names the start.

    ``自本方案印发之日起30日内`` with the plan's signing date is that date plus 30 days;
    ``力争5年内``, ``用3年时间`` count from a start the plan does not state, and a
    processing time (``在10个工作日内办结``) is no completion time of the task.
    Unresolved ones are kept as text and reported, never guessed.
    """
    anchor, unit = m.group("anchor"), m.group("unit")
    if m.group("other"):
        # 自项目实施之日起3年内, 自《条例》施行之日起6个月内: counted from a start not dated here
        return _deadline(doc.text[m.start() : m.end()], m.start(), m.end(), "text",
                         problem="a time limit counted from a start the plan does not date")
    if not anchor and not m.group("lead") and not _clause_start(masked, m.start(), floor):
        return None
    if not anchor and unit in ("个工作日", "日", "天", "周"):
        return None  # 在10个工作日内办结: how long a step takes, not when the task is due
    raw = m.group("n")
    n = int(raw) if raw.isdigit() else cn_int(raw)
    if not n:
        return None
    text = doc.text[m.start() : m.end()]
    span = (m.start(), m.end())
    try:
        signed: date | None = date.fromisoformat(doc.metadata.date)
    except ValueError:
        signed = None
    if anchor and signed is not None and unit != "个工作日":
        if unit in ("日", "天", "周"):
            due = signed + timedelta(days=n * (7 if unit == "周" else 1))
        else:
            months = n * (12 if unit == "年" else 1)
            y, mo = divmod(signed.month - 1 + months, 12)
            year, month = signed.year + y, mo + 1
            due = date(year, month, min(signed.day, calendar.monthrange(year, month)[1]))
        d = _deadline(text, *span, "text")
        d.date, d.year_from = due.isoformat(), "plan-date"
        return d
    why = ("a time limit counted from the plan's issue, and the plan's date is unknown" if anchor
           else f"a time limit of {n} {_REL_UNIT[unit]} counted from a start the plan does not state")
    if unit == "个工作日":
        why = "a limit in working days: the calendar date depends on holidays"
    return _deadline(text, *span, "text", problem=why)


_TITLE_LINE = re.compile(
    r"^[^。，,；;：:！!？?]{4,80}(?:方案|计划|要点|意见|办法|通知|规划|细则|清单|分工|分解|措施|报告)[)）]?$"
)


def _alone_on_its_line(doc: Document, e: TimeExpr) -> bool:
    """A day that is a whole line is a signature's date; a title line names a document.

    Neither sets a deadline (``2023年1月3日`` under a signature, ``2023年区《政府工作报告》
    确定的主要目标任务责任分解方案`` as a heading). A limit alone on its line
    (``2025年6月底前``) is a table cell written one cell per line, and is one.
    """
    a = doc.text.rfind("\n", 0, e.start) + 1
    b = doc.text.find("\n", e.end)
    line = doc.text[a : b if b >= 0 else len(doc.text)]
    signature = e.day is not None and not e.marker and line.strip(_SEP + "()（）") == e.text.strip()
    return signature or bool(_TITLE_LINE.match(line.strip()))


def _text_deadline(doc: Document, s: str, e: TimeExpr, floor: int, plan: PlanYear) -> Deadline | None:
    if _alone_on_its_line(doc, e):
        return None
    before = s[max(floor, e.start - 8) : e.start]
    rest = s[e.end : e.end + 6]
    if _not_before().search(before):
        return None
    if not e.marker and (_not_after().match(rest) or rest.startswith("的")):
        return None
    limit_m = _LIMIT_LEAD.search(before)
    lead_m = _LEAD.search(before)
    lead_start = e.start - len(limit_m.group(0)) if limit_m else (
        e.start - len(lead_m.group(0)) if lead_m else e.start)
    if limit_m and _not_before().search(s[max(floor, lead_start - 4) : lead_start]):
        return None
    at_start = _clause_start(s, lead_start, floor)
    if not (e.marker or limit_m or lead_m or at_start or e.part in ("内",)):
        return None
    n = normalise(e, plan, limit=bool(limit_m))
    if plan.signed is not None and n.due and date.fromisoformat(n.due) < plan.signed:
        return None  # a time before the plan was signed reports the past
    start = e.start
    if limit_m:
        # 到2027年 is written with its 到; 力争 stays with the verb it hedges
        to = re.search(r"(?:到|至)$", limit_m.group(0))
        start = e.start - (len(to.group(0)) if to else 0)
    return _deadline(doc.text[start : e.end], start, e.end, "text", n)


# ---------------------------------------------------------------- in table columns

_EMPTY_CELL = re.compile(r"^[\s/／\-—–―无暂无-]*$")


def _header_column(cells: list[str]) -> int | None:
    """The index of a 完成时限-like column in a header row, if it has one."""
    labels = _deadline_labels()
    for k, cell in enumerate(cells):
        c = re.sub(r"[\s:：（）()]", "", cell)
        if c and (c in labels or c.endswith(("时限", "完成时间", "时间节点", "完成期限", "进度安排"))):
            return k
    return None


def table_deadlines(doc: Document, plan: PlanYear) -> list[Deadline]:
    """Deadlines in the 完成时限 column of tab-separated table rows.

    Rows whose leading cells are merged with the row above (HTML rowspan) have
    fewer cells; their cells are counted from the right, where the columns of a
    task table keep their places.
    """
    out: list[Deadline] = []
    header: tuple[int, int] | None = None  # (cells in the header, index of the deadline column)
    for ln in doc.lines:
        line = doc.text[ln.start : ln.end]
        if "\t" not in line:
            header = None
            continue
        cells = line.split("\t")
        col = _header_column(cells)
        if col is not None and len(cells) >= 2:
            header = (len(cells), col)
            continue
        if header is None:
            continue
        n, col = header
        k = len(cells) - (n - col) if len(cells) < n else col
        if not 0 <= k < len(cells):
            continue
        start = ln.start + sum(len(c) + 1 for c in cells[:k])
        cell = cells[k]
        if _EMPTY_CELL.match(cell):
            continue
        in_row = [i for i, note in enumerate(doc.notes) if ln.start <= note.span.start < ln.end]
        note_index = in_row[0] if len(in_row) == 1 else None
        out.extend(deadlines_in_clause(cell, start, plan, "table", note_index, True))
    return out


# ---------------------------------------------------------------- the stage


def _bind(doc: Document, task: Task, d: Deadline) -> None:
    """A text deadline binds the note whose sentences hold it (None: all the task's units)."""
    if d.note_index is not None:
        return
    for i in task.notes:
        scope = doc.notes[i].scope
        if scope is not None and scope.start <= d.span.start < scope.end:
            d.note_index = i
            return


def find_deadlines(doc: Document) -> Document:
    """Every deadline of the document, bound to its task (or the plan) and its units."""
    plan = plan_year(doc)
    found = note_deadlines(doc, plan)
    by_path = {t.path: t for t in doc.tasks}
    tables = table_deadlines(doc, plan)
    masked = masked_text(doc, [d.span for d in tables])
    for d in tables:
        owner = next((t for t in doc.tasks if any(s.start <= d.span.start < s.end for s in t.text_spans)),
                     None)
        if owner is not None:
            d.owner = owner.path
            found.append(d)
    for task in doc.tasks:
        for d in text_deadlines(doc, task, plan, masked):
            d.owner = task.path
            _bind(doc, task, d)
            found.append(d)
    found.sort(key=lambda d: (d.span.start, d.span.end))
    doc.deadlines = found
    for task in doc.tasks:
        task.deadlines = []
    for k, d in enumerate(found):
        task = by_path.get(d.owner or "")
        if task is not None:
            task.deadlines.append(k)
        if d.problem:
            doc.problems.append(Problem(
                "deadline", f"a deadline kept as text, not normalised ({d.problem}): {d.text}",
                d.span, doc.line_of(d.span.start)))
    return doc
