"""The numbering grammar of Chinese official documents, into a tree with offsets.

Official documents number their outline as 一、 > (一) > 1. > (1) > ①, but plans skip
levels, start at (一), or use 1) for (1). So the level of a numbering *style* is not
fixed: a style takes the level at which it first appears under the current parent,
and a line of a style already open closes everything below it. Full-width and
half-width forms of a style are one style.

A file may hold a covering notice (通知) and one or more plans; each plan is its own
region and the notice's lines hold no tasks. Appended policy interpretations
(政策解读) end the last region.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Attachment, Document, Line, Problem, Section, Span, SubDocument
from kg.text import CIRCLED, cn_int, to_half

_CN = "一二三四五六七八九十百零〇"

# (style, regex). The regex matches at the start of a stripped line; group 1 is the
# number, group 0 the whole marker (with the spaces after it).
_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("part", re.compile(rf"第([{_CN}]+)(?:部分|章|篇)\s*")),
    ("article", re.compile(rf"第([{_CN}]+)条\s*")),
    ("cn", re.compile(rf"([{_CN}]+)\s*[、.．](?![{_CN}]+[、.．])\s*")),
    ("cn-paren", re.compile(rf"[(（]\s*([{_CN}]+)\s*[)）]\s*[、.．]?\s*")),
    ("ar", re.compile(r"(\d{1,3})\s*(?:[.．﹒](?![\d.．﹒])|、)\s*")),
    # 三十六)优化… : the opening bracket lost (a scan) or a half-bracket style, read as (三十六)
    ("cn-paren", re.compile(rf"([{_CN}]+)\s*[)）]\s*")),
    ("ar-paren", re.compile(r"[(（]\s*(\d{1,3})\s*[)）]\s*[、.．]?\s*")),
    ("ar-paren", re.compile(r"(\d{1,3})\s*[)）]\s*")),
    ("circled", re.compile(rf"([{CIRCLED}])\s*")),
]


@dataclass(frozen=True)
class Numbering:
    style: str
    number: int
    marker: str  # as written, without trailing spaces
    length: int  # characters the marker (with its trailing spaces) takes


_DECIMAL_START = re.compile(r"(\d{1,3})\s*[.．](?=\d+[\u4e00-\u9fff])")


def numbering_of(line: str, expect_ar: int | None = None) -> Numbering | None:
    """The outline marker a line starts with, if any.

    >>> numbering_of("(一)算力设施“强基”行动").style
    'cn-paren'
    >>> numbering_of("1.5倍以上") is None, numbering_of("2024年底前") is None
    (True, True)
    >>> n = numbering_of("3)智能装备。"); (n.style, n.number)
    ('ar-paren', 3)
    """
    for style, rx in _STYLES:
        m = rx.match(line)
        if not m:
            continue
        raw = m.group(1)
        if style == "circled":
            number = CIRCLED.index(raw) + 1
        elif raw.isdigit():
            number = int(raw)
        else:
            value = cn_int(raw)
            if value is None:
                continue
            number = value
        if number == 0:
            continue
        rest = line[m.end() :]
        if style in ("ar", "cn") and rest[:1] in ("%", "％", "年", "月", "日", "个", "万", "亿"):
            continue
        return Numbering(style, number, m.group(0).rstrip(), m.end())
    if expect_ar is not None:
        # "11.121人才梯队项目" after item 10: the list's sequence settles the ambiguity
        m = _DECIMAL_START.match(line)
        if m and int(m.group(1)) == expect_ar:
            return Numbering("ar", expect_ar, m.group(0), m.end())
    return None


def normalise_key(n: Numbering) -> str:
    """The contract's path component for a marker: 二, (一), 1, (1)."""
    if n.style == "cn":
        return n.marker.rstrip("、.．").strip()
    if n.style == "cn-paren":
        return "(" + to_half(n.marker).strip("()、.． ").strip() + ")"
    if n.style == "ar":
        return str(n.number)
    if n.style in ("ar-paren", "circled"):
        return f"({n.number})"
    return re.sub(r"\s+", "", n.marker)


@lru_cache(maxsize=1)
def _word_list(name: str) -> tuple[str, ...]:
    data = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(w.strip() for w in data.splitlines() if w.strip() and not w.startswith("#"))


def is_descriptive_heading(title: str) -> bool:
    """A heading that describes the plan (总体要求, 发展目标 …) rather than assigns work.

    >>> is_descriptive_heading("建设目标"), is_descriptive_heading("主要目标和重点任务")
    (True, False)
    """
    head = re.split(r"[。:：]", title, maxsplit=1)[0].strip()
    described = any(w in head for w in _word_list("descriptive_headings.txt")) or head.endswith(
        _word_list("descriptive_endings.txt"))
    if not described:
        return False
    return not any(w in head for w in _word_list("task_heading_words.txt"))


_TITLE_END = re.compile(r"[。；;：:！!？?]")
_INTERPRETATION = re.compile(
    r"(政策解读|图解|一图读懂|答记者问|解读材料|政策问答|(起草|编制)说明|解读[:：]?$|^解读)")
_CLOSING = re.compile(
    r"^本(?:[\u4e00-\u9fff]{0,8}?)(方案|计划|意见|办法|细则|规定|措施|通知|规划|要点|清单|政策|文件|决定|指引)"
    r".{0,60}?(施行|实施|有效期|解释|印发之日|执行|废止)"
)
_PERIOD_LINE = re.compile(r"^[(（]?\s*\d{4}\s*[—–\-－~～至到]*\s*\d{4}\s*年?\s*[)）]?$")


def item_title(rest: str) -> str:
    """The item's title: its first sentence when short, else its first clause."""
    rest = rest.strip()
    cut = _TITLE_END.search(rest)
    if cut and cut.start() <= 60:
        title = rest[: cut.start()]
    elif cut is None and len(rest) <= 80:
        title = rest
    else:
        comma = re.search(r"[,，]", rest)
        title = rest[: comma.start()] if comma and comma.start() <= 40 else rest[:40]
    # a note may sit inside the first sentence; the title stops before it
    paren = re.search(r"[(（](?:牵头|责任|配合)", title)
    if paren:
        title = title[: paren.start()]
    return title.strip()


def _norm_title(s: str) -> str:
    s = to_half(s)
    s = re.sub(r"\([^()]*\)?", "", s)
    s = re.sub(r"[\s《》〈〉“”\"]", "", s)
    return s


_ISSUE_TITLES = re.compile(r"(?:印发|转发)(.+?)的通知")
_BOOK = re.compile(r"《([^《》]+)》")


def plan_titles(doc: Document) -> list[str]:
    """Titles of the plans a covering notice issues, in the order it names them.

    They come from the notice title (关于印发《A》和《B》的通知), from book titles the
    notice's own lines name as issued (现将《A》印发给你们, 制定了《A》《B》), and from
    its attachment list (附件:1.A 2.B).
    """
    titles: list[str] = []
    head = [doc.text[ln.start : ln.end] for ln in doc.lines[:30]]
    for text in head[:15]:
        m = _ISSUE_TITLES.search(text)
        if m and len(text) < 200:
            inner = m.group(1).strip()
            books = _BOOK.findall(inner)
            # 《甲》和《乙》 names two plans; 2023年区《政府工作报告》确定的…方案 is one title
            only_books = books and not re.sub(r"《[^《》]*》|[和及与、,，\s]", "", inner)
            titles += books if only_books else [inner]
            break
    issuing = any(re.search(r"印发给你们|现印发|现将.*印发|关于印发", t) for t in head[:25])
    for text in head[:25] if issuing else []:
        # only a covering notice names what it issues; news names plans it reports on
        if re.search(r"印发|制定", text):
            titles += _BOOK.findall(text)
    in_list = False
    # a notice's attachment list names what it issues; a plan's own closing 附件 line
    # (after its numbered text) names its appendix, not another plan
    notice_head = head if issuing else []
    for text in notice_head:
        if numbering_of(text) is not None and not in_list:
            break
        m = re.match(r"^附件\s*[:：]?\s*(.*)$", text)
        if m:
            in_list = True
            rest = m.group(1).strip()
            if rest:
                num = numbering_of(rest)
                titles.append(rest[num.length :] if num else rest)
            continue
        if in_list:
            num = numbering_of(text)
            if num is None:
                in_list = False
                continue
            titles.append(text[num.length :])
    out: list[str] = []
    seen: set[str] = set()
    for t in titles:
        key = _norm_title(t)
        if len(key) >= 4 and key not in seen:
            seen.add(key)
            out.append(t.strip())
    return out


def find_parts(doc: Document) -> list[SubDocument]:
    """Split a file into its plans: (title, region) in file order.

    When a covering notice names the plans it issues and their title lines appear
    later in the file (a title may be broken over two lines), each plan starts at its
    title line and the notice before the first one holds no tasks. Otherwise the
    whole file is one plan.
    """
    end = len(doc.text)
    for ln in doc.lines:
        text = doc.text[ln.start : ln.end]
        if _INTERPRETATION.search(text) and len(text) < 120 and ln.start > len(doc.text) * 0.3:
            end = ln.start
            break
    wanted = {_norm_title(t): t for t in plan_titles(doc)}
    starts: list[tuple[int, str]] = []
    lines = doc.lines
    for i in range(1, len(lines)):
        ln = lines[i]
        if ln.start >= end or not wanted:
            break
        text = doc.text[ln.start : ln.end]
        if "印发" in text or "通知" in text or numbering_of(text) is not None:
            continue
        key = _norm_title(text)
        hit = wanted.pop(key, None)
        if hit is None and i + 1 < len(lines):
            nxt = doc.text[lines[i + 1].start : lines[i + 1].end]
            hit = wanted.pop(_norm_title(text + nxt), None)
        if hit is not None:
            starts.append((ln.start, hit))
    if not starts:
        return [SubDocument("", doc.metadata.title, Span(0, end))]
    parts: list[SubDocument] = []
    for k, (start, title) in enumerate(starts):
        stop = starts[k + 1][0] if k + 1 < len(starts) else end
        parts.append(SubDocument("" if k == 0 else f"#{k + 1}", title, Span(start, stop)))
    return parts


_RUN_IN_MARKER = rf"[(（]\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[)）]|\d{{1,2}}[.．、](?![\d.．])|[{CIRCLED}]"
_INLINE = re.compile(rf"(?<=[。；;)）])\s*({_RUN_IN_MARKER})")
# a bracketed marker right after any text: 积极消化存量住房(一)推行…, only ever cut when every
# item it starts ends with its own note
_INLINE_ANY = re.compile(rf"(?<=[^\s(（])([(（]\s*(?:\d{{1,2}}|[{_CN}]{{1,3}})\s*[)）])")
_NOTE_END = re.compile(
    r"[(（][^()（）]*(牵头|负责|配合|单位|部门|参与|主办|协办)[^()（）]*[)）]\s*[。；;]?\s*$")


_BREAK_MARKER = rf"[{_CN}]+、|[(（][{_CN}]+[)）]|\d{{1,2}}[.．、](?![\d.．])|[(（]\d{{1,2}}[)）]"
_LOST_BREAK = re.compile(
    rf"(?<=\S)[ \t\u3000]+(?=({_BREAK_MARKER}))"
    # …按职责分工负责)二、稳步调结构: a chapter right after the note that closed the last item
    rf"|(?<=[)）])(?=([{_CN}]+、))")


def _lost_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A line whose paragraph breaks were lost in copying: ``…。 一、… (一)… 1.…``.

    Outline markers that follow white space inside a line start new paragraphs,
    provided each style's numbers run 1, 2, 3 … in the line (a style may start again
    at 1 under the next higher item).
    """
    line = text[start:end]
    cands = list(_LOST_BREAK.finditer(line))
    if not cands:
        return [(start, end)]
    seen: dict[str, int] = {}
    cuts = []
    for m in cands:
        n = numbering_of(m.group(1) or m.group(2))
        if n is None:
            continue
        if m.group(2) and not _NOTE_END.search(line[: m.start()]):
            continue  # after a bracket that is no note: (见附件)三、… stays one line
        expected = seen.get(n.style, n.number - 1 if n.number > 1 and not seen else 0) + 1
        if n.number != expected and n.number != 1:
            continue
        seen[n.style] = n.number
        cuts.append(m.end())
    if not cuts:
        return [(start, end)]
    bounds = [0, *cuts, len(line)]
    out = []
    for a, b in itertools.pairwise(bounds):
        seg = line[a:b].rstrip(" \t\u3000")
        if seg:
            out.append((start + a, start + a + len(seg)))
    return out


def _segments(text: str, start: int, end: int, ran_to: dict[str, int] | None = None
              ) -> list[tuple[int, int]]:
    """A line cut at run-in items: ``…。(1)…(X牵头)(2)…(Y负责)``, ``(一)…(X负责)(二)…(Y负责)``.

    Items written inside one paragraph are cut apart only when they are numbered in
    sequence in one style (continuing the number the line itself starts with, or the
    last run-in number of that style on an earlier line, else from 1) and every one
    of them ends with its own note; an enumeration that shares one note stays one
    paragraph. A bracketed marker may follow any text (a page that lost its line
    breaks writes ``…存量住房(一)推行…``); the other styles need a full stop or a
    closing bracket before them.
    """
    line = text[start:end]
    ran_to = {} if ran_to is None else ran_to
    cut = _cut_run_in(line, list(_INLINE.finditer(line)), ran_to)
    if cut is None:
        # a bracketed marker after any text: only a run of two or more, never a reference
        # (按照《若干措施》(一)的规定, 第(一)项)
        cands = [m for m in _INLINE_ANY.finditer(line)
                 if not re.search(r"(》|第|按照|依照|根据|见|详见)\s*$", line[: m.start()])]
        head = numbering_of(line.lstrip())
        before = line[: cands[0].start()] if cands else ""
        heading_only = head is not None and len(before) <= 40 and not re.search(r"[。：:；;]", before)
        if len(cands) >= 2 or heading_only:
            # one run-in item needs a bare heading before it (二、稳步调结构(三)…)
            cut = _cut_run_in(line, cands, ran_to)
    if cut is not None:
        return [(start + a, start + b) for a, b in cut]
    return [(start, end)]


def _cut_run_in(line: str, cands: list[re.Match[str]], ran_to: dict[str, int]
                ) -> list[tuple[int, int]] | None:
    if not cands:
        return None
    style = None
    numbers = []
    for m in cands:
        n = numbering_of(m.group(1))
        if n is None or (style is not None and n.style != style):
            return None
        style = n.style
        numbers.append(n.number)
    assert style is not None
    head = numbering_of(line.lstrip())
    own = head is not None and head.style == style
    firsts = {head.number + 1} if own else {1, ran_to.get(style, 0) + 1}
    if numbers[0] not in firsts or numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    cuts = [m.start(1) for m in cands] + [len(line)]
    if own:
        cuts.insert(0, 0)  # the line's own item must end with its note too
    for a, b in itertools.pairwise(cuts):
        if not _NOTE_END.search(line[a:b]):
            return None
    ran_to[style] = numbers[-1]
    bounds = cuts if own else [0, *cuts]
    return [(a, b) for a, b in itertools.pairwise(bounds) if b > a]


_ATTACHMENT = re.compile(r"^附件\s*(?P<n>\d{1,2})?\s*(?:(?:[:：]|(?<=[\d\s]))\s*(?P<rest>.*))?$")


def attachment_marker(text: str) -> tuple[str, str] | None:
    """``附件``, ``附件2``, ``附件：重点任务分解表``: (label, what follows), else None.

    >>> attachment_marker("附件：1.某县专项行动方案"), attachment_marker("附件中所列事项")
    (('附件', '1.某县专项行动方案'), None)
    """
    m = _ATTACHMENT.match(text)
    if not m or len(text) > 80:
        return None
    rest = (m.group("rest") or "").strip()
    if rest.endswith("。"):
        return None
    return "附件" + (m.group("n") or ""), rest


class _Forest:
    """Numbered items of one region, placed by the style-level rule."""

    def __init__(self, doc: Document, prefix: str) -> None:
        self.doc = doc
        self.prefix = prefix
        self.roots: list[Section] = []
        self.stack: list[Section] = []
        self.last: dict[str, int] = {}  # the last number each style reached

    def open_ar(self) -> int | None:
        return next((s.number + 1 for s in reversed(self.stack) if s.style == "ar"), None)

    def add(self, sec: Section, end: int) -> None:
        stack = self.stack
        # close every open item below the first open item of this style
        level = next((i for i, s in enumerate(stack) if s.style == sec.style), None)
        if level is not None:
            prev = stack[level]
            del stack[level:]
            if sec.number != prev.number + 1:
                _numbering_problem(self.doc, sec, f"{prev.marker} is followed by {sec.marker}")
        elif sec.number != 1 and sec.number != self.last.get(sec.style, 0) + 1:
            # 一、…(一)(二) 二、…(三)(四): numbering that runs on across chapters is normal
            _numbering_problem(self.doc, sec, f"a list starts at {sec.marker}")
        self.last[sec.style] = sec.number
        siblings = stack[-1].children if stack else self.roots
        siblings.append(sec)
        stack.append(sec)
        _extend(stack, end)

    def paragraph(self, span: Span) -> bool:
        if not self.stack:
            return False
        self.stack[-1].paragraphs.append(span)
        _extend(self.stack, span.end)
        return True


def build_tree(doc: Document, part: SubDocument) -> None:
    """Parse one region's numbered lines into ``part.sections`` (a forest).

    A line ``附件…`` ends the plan's own outline: what follows is an attachment with
    its own items (paths ``附件/…``, ``附件2/…``), or the list of attachment titles.
    """
    main = _Forest(doc, part.prefix)
    forest = main
    attachment: Attachment | None = None
    listing = False  # inside 附件：1.A 2.B, a list of titles
    closing = False
    ran_to: dict[str, int] = {}  # the last run-in number of each style, for numbering that runs on
    lines = [
        Line(a, b, ln.source_line)
        for ln in doc.lines
        if part.region.start <= ln.start < part.region.end
        for la, lb in _lost_breaks(doc.text, ln.start, ln.end)
        for a, b in _segments(doc.text, la, lb, ran_to)
    ]
    for idx, ln in enumerate(lines):
        text = doc.text[ln.start : ln.end]
        span = Span(ln.start, ln.end)
        marker = attachment_marker(text)
        if marker is not None:
            label, rest = marker
            same = attachment is not None and attachment.label == label and not forest.roots
            if not same:
                prefix = f"{part.prefix}/{label}" if part.prefix else label
                attachment = Attachment(label=label, title="", head=span)
                part.attachments.append(attachment)
                forest = _Forest(doc, prefix)
            listing = bool(rest) and numbering_of(rest) is not None
            if rest and not listing and not attachment.title:
                attachment.title = rest
            attachment.lines.append(span)
            closing = False
            continue
        num = numbering_of(text, forest.open_ar())
        if num is not None and forest is main and main.stack and _CLOSING.search(text[num.length :]):
            closing = True
            doc.closing.append(span)
            continue
        if attachment is not None:
            attachment.lines.append(span)
            if listing and num is not None and len(text) <= 80 and "。" not in text:
                continue  # 2.某县城市建设专项行动方案: another title in the list
            listing = False
            if not attachment.title and num is None and not forest.roots:
                attachment.title = text
        if closing:
            doc.closing.append(span)
            continue
        if num is None:
            if forest is main and main.stack and _CLOSING.search(text):
                # 本方案自印发之日起施行… closes the plan; it belongs to no item
                closing = True
                doc.closing.append(span)
                continue
            if not forest.paragraph(span) and forest is main:
                part.preamble.append(span)
            continue
        rest = text[num.length :]
        title_source = rest
        if not rest.strip() and idx + 1 < len(lines):
            nxt = doc.text[lines[idx + 1].start : lines[idx + 1].end]
            if numbering_of(nxt) is None:
                title_source = nxt
        sec = Section(
            marker=num.marker,
            key=normalise_key(num),
            style=num.style,
            number=num.number,
            head=span,
            span=span,
            title=item_title(title_source),
            paragraphs=[span],
            source_line=ln.source_line,
            marker_len=num.length,
        )
        forest.add(sec, ln.end)
        if attachment is not None:
            attachment.sections = forest.roots
    part.sections = main.roots
    _assign_paths(main.roots, part.prefix, False)
    for att in part.attachments:
        prefix = f"{part.prefix}/{att.label}" if part.prefix else att.label
        # an attachment's items are tasks only when they carry their own notes
        _assign_paths(att.sections, prefix, True)


def _numbering_problem(doc: Document, sec: Section, why: str) -> None:
    doc.problems.append(
        Problem("numbering", f"numbering out of sequence: {why}", sec.head, sec.source_line)
    )


def _extend(stack: list[Section], end: int) -> None:
    for s in stack:
        if s.span.end < end:
            s.span = Span(s.span.start, end)


def _assign_paths(sections: list[Section], prefix: str, descriptive: bool) -> None:
    for s in sections:
        s.path = f"{prefix}/{s.key}" if prefix else s.key
        s.descriptive = descriptive or is_descriptive_heading(s.title)
        _assign_paths(s.children, s.path, s.descriptive)


def structure(doc: Document) -> Document:
    """Find the plans in the file and the numbered outline of each."""
    doc.parts = find_parts(doc)
    for part in doc.parts:
        build_tree(doc, part)
    return doc


def walk(sections: list[Section]):
    """Every section of a forest, depth first, in document order."""
    for s in sections:
        yield s
        yield from walk(s.children)
