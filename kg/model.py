"""The one document model every pipeline stage reads and enriches.

Offsets are character offsets into ``Document.text`` (the ingested, line-normalised
text), never copies, so every fact can point back at the sentence it came from.
Stages fill in fields; they never rewrite what an earlier stage produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

Role = Literal["lead", "responsible", "cooperate"]
ROLES: tuple[Role, ...] = ("lead", "responsible", "cooperate")
Comparator = Literal[">=", "<=", "~", "=", "range"]
TargetKind = Literal["target", "incentive", "actual"]


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` into ``Document.text``."""

    start: int
    end: int

    def text(self, doc_text: str) -> str:
        return doc_text[self.start : self.end]


@dataclass
class Line:
    """One non-blank line of the ingested text and where it stood in the file."""

    start: int  # offset of the first character in Document.text
    end: int  # offset just past the last character (the newline is not included)
    source_line: int  # 1-based line number in the decoded source file


@dataclass
class Place:
    """An administrative division (GB/T 2260) a plan or an agency belongs to."""

    code: str  # six-digit adcode
    name: str  # full name, e.g. 青岛市
    level: Literal["province", "city", "county"]
    parent: Place | None = None

    def chain(self) -> list[Place]:
        """This place and its ancestors, nearest first."""
        out: list[Place] = []
        p: Place | None = self
        while p is not None:
            out.append(p)
            p = p.parent
        return out

    def qualified(self) -> str:
        """Name with its city in front for county-level places (朝阳区 exists twice)."""
        parent = self.parent
        # a district is named with its city (青岛市崂山区, 上海市嘉定区: district names repeat
        # across cities); a county or county-level city by itself (沂水县, 平度市), as its
        # bodies' official names are; a province's own county-level units too (神农架林区)
        if (self.level == "county" and parent is not None and self.name.endswith("区")
                and (parent.level == "city" or parent.name.endswith("市"))
                and not self.name.startswith(parent.name)):
            return parent.name + self.name
        return self.name


@dataclass
class Metadata:
    title: str = ""
    notice_title: str = ""  # the covering 通知's title, when the file is a notice issuing a plan
    doc_number: str = ""  # 文号, e.g. 青政办字〔2024〕21号
    issuers: list[str] = field(default_factory=list)
    date: str = ""  # ISO date of signature (or publication when no signature date)
    published: str = ""  # ISO date the web page gives, when it gives one
    period: tuple[int, int] | None = None  # (2024, 2026)
    jurisdiction: Place | None = None
    genre: Literal["plan", "news", "other"] = "plan"


@dataclass
class Agency:
    """A resolved body (or a collective of bodies) with its deterministic identity."""

    name: str  # canonical full name, e.g. 青岛市工业和信息化局
    iri: str
    kind: Literal[
        "department", "party", "government", "committee", "institution", "collective", "unknown"
    ] = "department"
    place: Place | None = None  # the jurisdiction it belongs to, when known
    aliases: set[str] = field(default_factory=set)
    # a national body's local office (税务局, 金融监管局): not under the local government
    vertical: bool = False


@dataclass
class UnitMention:
    """A body named in a responsibility note, as written, with its role."""

    mention: str
    role: Role
    span: Span
    note_index: int  # index into Document.notes
    agency: Agency | None = None
    marked: bool = False  # written with a mark (☆) the plan may define as "leads"


@dataclass
class Fragment:
    """Part of a note the parser did not understand; kept so nothing is dropped silently."""

    text: str
    span: Span
    reason: str


@dataclass
class Note:
    """A responsibility note: ``(牵头单位:…,责任单位:…)`` or running text ``由X牵头``."""

    span: Span  # the whole note including its brackets
    body: Span  # inside the brackets
    form: Literal["bracketed", "labelled-line", "running-text", "table-cell"]
    units: list[UnitMention] = field(default_factory=list)
    etc: bool = False  # a unit list ended with 等 (an open list)
    remarks: list[tuple[str, Span]] = field(default_factory=list)  # 完成时限 … kept as text
    fragments: list[Fragment] = field(default_factory=list)
    scope: Span | None = None  # the sentences the note applies to
    owner: str | None = None  # task path, or "plan" for plan-level notes


DeadlineKind = Literal["date", "interval", "recurrence", "unparsed"]


@dataclass
class Deadline:
    """A completion time the plan states for a task (or for the whole plan).

    ``text`` is the time as written and ``span`` where it stands; the normalised
    form is one of ``date`` (the last day allowed, ISO), ``start``/``end`` (a stretch
    of time) or ``recurrence`` (a standing commitment: continuous, annual, …). A
    time that could not be normalised keeps only its text and says why in
    ``problem``: it is listed in the coverage report, never guessed.
    """

    text: str
    span: Span
    source: Literal["note", "text", "table"]
    date: str = ""
    start: str = ""
    end: str = ""
    recurrence: str = ""
    year_from: str = ""  # "" when the year is written; "plan-title" / "plan-date" / "plan-period"
    problem: str = ""
    note_index: int | None = None  # the note whose units it binds; None: every unit of its task
    owner: str | None = None  # task path, or "plan"

    @property
    def kind(self) -> DeadlineKind:
        if self.recurrence:
            return "recurrence"
        if self.date:
            return "date"
        if self.end:
            return "interval"
        return "unparsed"

    @property
    def due(self) -> str:
        """The last day the deadline allows ("" for unparsed ones and open-ended standing ones)."""
        return self.date or self.end


@dataclass
class Blanket:
    """A rule that assigns a body to many tasks at once, written once for all of them.

    ``以下各项任务各区均须落实,不再逐项列出`` or a note's ``以下均需试点城市政府落实,不再列出``:
    the bodies named are *implied* for the tasks it governs (``tasks``), kept apart
    from the units each task's own note names.
    """

    text: str
    span: Span
    units: list[UnitMention] = field(default_factory=list)
    scope: Literal["following", "this-and-following", "preceding", "all"] = "following"
    note_index: int | None = None  # the note it was written in, if any
    tasks: list[str] = field(default_factory=list)  # paths of the tasks it governs


@dataclass
class Section:
    """A numbered item of the document tree (一、 (一) 1. (1) ① …)."""

    marker: str  # as written, e.g. "(一)"
    key: str  # normalised, e.g. "(一)"
    style: str  # numbering style, e.g. "cn-paren"
    number: int
    head: Span  # the item's first line, marker included
    span: Span  # the item with all its lines and children
    title: str
    paragraphs: list[Span] = field(default_factory=list)  # own lines, head line first
    children: list[Section] = field(default_factory=list)
    path: str = ""
    descriptive: bool = False  # in a chapter that only describes (总体要求, 发展目标 …)
    source_line: int = 0
    marker_len: int = 0  # characters the marker (and the spaces after it) take in the head


@dataclass
class Action:
    """A policy action a task leads with (建设, 培育, 支持 …), normalised to the action scheme."""

    action: str  # concept id in the action scheme, e.g. "build-infrastructure"
    verb: str  # as written, e.g. 建设
    object: str  # the phrase the verb governs, e.g. 国内领先的海洋高性能混合算力平台
    span: Span  # the verb and its object


@dataclass
class Task:
    """A unit of assigned work: the contract's ``"type": "task"`` record."""

    path: str
    title: str
    text_spans: list[Span]
    span: Span
    source_line: int
    notes: list[int] = field(default_factory=list)  # indexes into Document.notes
    section: Section | None = None
    deadlines: list[int] = field(default_factory=list)  # indexes into Document.deadlines
    blankets: list[int] = field(default_factory=list)  # indexes into Document.blankets
    sectors: list[str] = field(default_factory=list)  # sector concept ids, best first
    actions: list[Action] = field(default_factory=list)

    def units(self, doc: Document) -> list[UnitMention]:
        return [u for i in self.notes for u in doc.notes[i].units]

    def implied_units(self, doc: Document) -> list[UnitMention]:
        """Bodies a blanket rule gives this task, less those its own notes already name."""
        own = self.units(doc)
        seen = {u.agency.iri if u.agency else u.mention for u in own} | {u.mention for u in own}
        out: list[UnitMention] = []
        for b in self.blankets:
            for u in doc.blankets[b].units:
                key = u.agency.iri if u.agency else u.mention
                if key in seen or u.mention in seen:
                    continue
                seen.add(key)
                out.append(u)
        return out

    def etc(self, doc: Document) -> bool:
        return any(doc.notes[i].etc for i in self.notes)

    def text(self, doc: Document) -> str:
        return "\n".join(s.text(doc.text) for s in self.text_spans)


@dataclass
class Quantity:
    """A number as a plan states it: value (or range), unit and bound, read exactly.

    ``value`` is in ``unit`` with magnitude words resolved (592.5亿元 → 59250000000 元);
    ``base_value`` is the same amount in the base unit of its dimension (12 EFLOPS →
    12000 PFLOPS), so plans that write different units can be compared.
    """

    span: Span  # the number with its unit and bound words (最高…, …以上)
    value: Decimal | tuple[Decimal, Decimal]  # a pair for a range (2—3个)
    unit: str  # canonical unit: EFLOPS, 元, %, 个 …
    comparator: Comparator
    dimension: str = ""  # compute, money, count, ratio …
    base_value: Decimal | tuple[Decimal, Decimal] | None = None
    base_unit: str = ""
    qudt: str = ""  # QUDT unit of base_unit (local name), "" when QUDT has none
    unit_implied: bool = False  # 千亿级产业链: 元 read from the words around it
    numeral: str = ""  # the numeral as written (一百, 12, 2—3)


@dataclass
class Target:
    """A quantity with what it means: the contract's ``"type": "target"`` record.

    ``kind`` is ``target`` (a goal), ``incentive`` (money or a reward offered, with the
    condition it is offered on) or ``actual`` (a figure reported as achieved).
    """

    quantity: Quantity
    kind: TargetKind
    year: int | None = None  # the deadline (or, for an actual figure, the year) as stated
    task: str | None = None  # path of the task whose text holds it
    section: str | None = None  # path of the deepest numbered item holding it
    prefix: str = ""  # which plan of the file ("" or "#2" …)
    metric: str = ""  # what is counted: 算力总规模, 典型应用场景 …
    period: str | None = None  # "year" for 每年 …, "quarter", "month"
    per: str | None = None  # the unit it is counted per: 单个企业, 每P算力 …
    role: str | None = None  # for incentives: amount, rate or condition
    condition: str | None = None  # for incentives: what the money is offered for
    sentence: Span | None = None  # the sentence it stands in


@dataclass
class Problem:
    """Something the extractor met but could not understand, for the coverage report."""

    kind: str  # e.g. "note-fragment", "numbering", "unbalanced-bracket"
    message: str
    span: Span
    source_line: int


@dataclass
class Attachment:
    """An attachment (附件) after a plan's text: a task table, a list, another text.

    Its numbered items and table rows have paths under its label: ``附件/3``, ``附件2/1``.
    """

    label: str  # 附件, 附件1, 附件2 …
    title: str
    head: Span  # the 附件 line
    lines: list[Span] = field(default_factory=list)  # every line after the head
    sections: list[Section] = field(default_factory=list)


@dataclass
class SubDocument:
    """One plan inside a file (a notice can issue several); ``prefix`` is "" or "#2" …"""

    prefix: str
    title: str
    region: Span
    sections: list[Section] = field(default_factory=list)
    preamble: list[Span] = field(default_factory=list)  # lines before the first numbered item
    iri: str = ""  # set per corpus by kg.graph.rdf.assign_plan_iris
    attachments: list[Attachment] = field(default_factory=list)


@dataclass
class Document:
    name: str  # the input file's name
    text: str
    lines: list[Line]
    metadata: Metadata = field(default_factory=Metadata)
    digest: str = ""  # sha256 of the source bytes
    encoding: str = ""  # how the bytes were decoded
    source_kind: str = "text"  # "text" | "html" | "docx"
    converted: str = ""  # "traditional→simplified" when the file was in traditional characters
    removed: list[tuple[int, str]] = field(default_factory=list)  # web debris lines taken out
    parts: list[SubDocument] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    closing: list[Span] = field(default_factory=list)  # 本方案自印发之日起施行 … (no item's)
    plan_notes: list[int] = field(default_factory=list)  # notes that govern the plan, not a task
    issuer_agencies: list[Agency] = field(default_factory=list)  # the issuing bodies, resolved
    deadlines: list[Deadline] = field(default_factory=list)  # in text order
    blankets: list[Blanket] = field(default_factory=list)  # rules that assign many tasks at once
    targets: list[Target] = field(default_factory=list)  # quantities, in document order
    first_is_lead: bool = False  # the plan says the first unit listed leads (列第一位的为牵头单位)

    def line_of(self, offset: int) -> int:
        """1-based source line number of a character offset."""
        lo, hi = 0, len(self.lines) - 1
        if hi < 0:
            return 0
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.lines[mid].start <= offset:
                lo = mid
            else:
                hi = mid - 1
        return self.lines[lo].source_line
