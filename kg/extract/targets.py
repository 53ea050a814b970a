"""Targets, incentives and reported figures: every quantity a plan states, as data.

How Chinese officialdom writes a quantity, and how it is read here:

* **numerals**: Arabic (``12``, ``592.5``, ``1,400``) or Chinese (``一百``, ``两千``,
  ``十``), with magnitude words resolved (``592.5亿元`` → 59250000000 元, ``4.6万个`` →
  46000 个, ``万亿元`` → 10^12 元, ``千亿级`` → 10^11); see :mod:`kg.extract.numbers`;
* **units** from a table (``kg/data/units.tsv``): ``EFLOPS``/``EFlops`` (= 1000
  PFLOPS), a bare ``P`` when the sentence speaks of 算力 or 智算, ``千万亿次浮点指令/秒``,
  ``%``, ``元``, ``个``, ``家``, ``平方公里``, ``毫秒``, ``架``, ``GW``, ``TEU``, ``度`` …;
  a unitless ``千亿级`` next to 产业/规模 is money (元), but ``万吨级泊位`` is a class;
* **bounds** (``kg/data/comparators.tsv``): ``以上``/``超``/``不少于``/``至少``/``≥`` →
  ``>=``, ``最高``/``不超过``/``≤`` → ``<=``, ``左右``/``约``/``近``/``余``/``多`` → ``~``
  (``500多万元``, ``近万家``, ``上千家``), ``2—3个``/``3至5家`` → a range;
  ``分别给予最高100万元、50万元`` bounds every item of the list;
* **the year**: ``到2026年,`` (or ``力争到2027年``, ``2025年底前``) governs what follows
  it in its numbered item (the goals chapter states the year once for its bullets);
  a base year (``比2020年下降16%``) is none; ``今年``/``全年`` is the document's year;
  ``2024年、2025年分别达到300家、400家`` pairs the lists; indicator tables give each
  column's year (:mod:`kg.extract.target_tables`);
* **how often** (``每年``, ``年度``), **per what** (``单个企业``, ``每P算力``), and
  **what is counted** (the metric: ``算力总规模``, ``典型应用场景``);
* **kind**: a goal (``target``), money or a reward offered (``incentive``, with its
  condition), or a figure reported as achieved (``actual``: news reports, 截至目前).

What is *not* a quantity, however numeric it looks: dates (``2024年5月31日``), years
alone, document numbers (``〔2024〕21号``), period titles (``2024—2026年``), outline
markers and ordinals (``第一``, ``一是``, ``(三)``), rankings (``前10名``), names in
quotes (``“10+1”``, ``“三个突破”``), model and standard names (``5G``, ``FP16``,
``AP1000``), a count that only sums up the list before it (``产品、软硬件、业态三个方向``),
and a number without a unit. Precision is the product: a figure the rules cannot
read as a quantity is left out rather than guessed.

>>> [(q.value, q.unit, q.comparator) for q in quantities("打造2—3个平台、5个以上基地")]
[((Decimal('2'), Decimal('3')), '个', 'range'), (Decimal('5'), '个', '>=')]
>>> [(q.value, q.unit, q.comparator) for q in quantities("营业收入超592.5亿元")]
[(Decimal('59250000000'), '元', '>=')]
"""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_right
from collections.abc import Set
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from kg.extract.numbers import (
    ARABIC,
    CN_BIG,
    CN_CHARS,
    CN_DIGIT,
    MAGNITUDE,
    exact,
    magnitude_of,
    parse_numeral,
)
from kg.model import Document, Quantity, Section, Span, Target
from kg.text import CLOSE, OPEN, match_bracket, to_half

# ----------------------------------------------------------------- the data tables


def _rows(name: str) -> list[list[str]]:
    text = resources.files("kg.data").joinpath(name).read_text(encoding="utf-8")
    return [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _key(s: str) -> str:
    """How surfaces are compared: half-width brackets, Latin letters case-folded."""
    return to_half(s).casefold()


@dataclass(frozen=True)
class UnitRow:
    """One row of kg/data/units.tsv."""

    surface: str
    unit: str
    dimension: str
    factor: Decimal
    base: str
    qudt: str
    needs: str

    @property
    def latin(self) -> bool:
        return self.surface[-1].isascii() and self.surface[-1].isalpha()


@lru_cache(maxsize=1)
def unit_table() -> tuple[UnitRow, ...]:
    """The unit surfaces, longest first (个百分点 before 个, 千瓦时 before 千瓦)."""
    rows = []
    for r in _rows("units.tsv"):
        r = [*r, "", ""][:7]
        rows.append(UnitRow(r[0], r[1], r[2], Decimal(r[3]), r[4], r[5], r[6]))
    return tuple(sorted(rows, key=lambda u: -len(u.surface)))


@lru_cache(maxsize=1)
def units_by_name() -> dict[str, UnitRow]:
    """Canonical unit → its row (the first surface that writes it)."""
    out: dict[str, UnitRow] = {}
    for row in _rows("units.tsv"):
        if row[1] not in out:
            r = [*row, "", ""][:7]
            out[row[1]] = UnitRow(r[0], r[1], r[2], Decimal(r[3]), r[4], r[5], r[6])
    return out


@lru_cache(maxsize=1)
def _blockers() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("unit_blockers.txt"))


@lru_cache(maxsize=1)
def _comparators() -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"before-near": [], "before": [], "after": []}
    for word, comp, where in _rows("comparators.tsv"):
        out[where].append((word, comp))
    for v in out.values():
        v.sort(key=lambda wc: -len(wc[0]))
    return out


@lru_cache(maxsize=1)
def cues() -> dict[str, tuple[str, ...]]:
    """Cue words by category (kg/data/target_cues.tsv), longest first."""
    out: dict[str, list[str]] = {}
    for row in _rows("target_cues.tsv"):
        out.setdefault(row[0], []).append(row[1])
    return {k: tuple(sorted(set(v), key=lambda w: (-len(w), w))) for k, v in out.items()}


@lru_cache(maxsize=1)
def _periods() -> dict[str, str]:
    return {r[1]: r[2] for r in _rows("target_cues.tsv") if r[0] == "period"}


# ----------------------------------------------------------------- reading one quantity

NUM_RE = re.compile(
    rf"百分之(?P<pct>{ARABIC}|[{CN_CHARS}]+)|(?P<ar>{ARABIC})(?P<mag>[十百千万亿萬億]*)|(?P<cn>[{CN_CHARS}]+)"
)
RANGE_SEPS = ("——", "—", "–", "－", "-", "~", "～", "至", "到")
GLOSS_OPEN = "(（"
IDENT_BEFORE = set("+×*/／_.．·")  # 1+N, 7×24, 1/3, v2.0
RANK_BEFORE = set("第前")  # 第一, 第12位, 前10名
APPROX_INFIX = "余多"  # 300余家, 50多个
BARE_ABOUT = "上"  # 上千家, 上万人: a bare magnitude after 上 is an approximate figure
RELATION_SIGNS = "≤≥<>＜＞≦≧"
COUNTED_ONE = ("multiple", "ratio-change")  # 增长一倍, 提高一个百分点: 一 is a value here


@dataclass
class _Read:
    """A numeral read at one place, before the document decides what it means."""

    start: int  # where the numeral starts
    end: int  # past the unit, glosses and bound words
    value: Decimal
    numeral: str
    row: UnitRow | None
    magnitude: int = 1  # the magnitude words written (万 → 10^4), for 1—2万元
    chinese: bool = False
    approx: bool = False
    suffix: str | None = None
    level: bool = False  # 千亿级
    high: _Read | None = None  # the upper end of a range
    implied: bool = False
    prefix: str | None = None  # a bound word right before it (超, 约 …)
    prefix_start: int | None = None


def _unit_at(text: str, pos: int, sentence: str) -> UnitRow | None:
    blockers = _blockers()
    for row in unit_table():
        seg = text[pos : pos + len(row.surface)]
        if len(seg) < len(row.surface) or _key(seg) != _key(row.surface):
            continue
        if row.needs.startswith("+"):
            # +after1|after2;before1|before2: bound words right after the unit, or cue
            # words shortly before the number (最长贷款期限为30年)
            after, _, before = row.needs[1:].partition(";")
            rest = text[pos + len(row.surface) : pos + len(row.surface) + 3]
            lead = re.split(r"[,，。;；]", text[max(0, pos - 14) : pos])[-1]
            if not rest.startswith(tuple(after.split("|"))) and not (
                    before and any(w in lead for w in before.split("|"))):
                continue
        elif row.needs and not any(w in sentence for w in row.needs.split("|")):
            continue
        if any(b.startswith(row.surface) and text.startswith(b, pos) for b in blockers) and \
                not _stands_alone(text, pos, len(row.surface)):
            continue
        nxt = text[pos + len(row.surface) : pos + len(row.surface) + 1]
        if row.latin and nxt.isascii() and (nxt.isalpha() or nxt.isdigit()):
            continue  # 100PB is petabytes, 3PC is not 3 P
        return row
    return None


def _stands_alone(text: str, pos: int, length: int) -> bool:
    """Whether jieba cuts ``text[pos:pos+length]`` as a word of its own.

    A unit followed by letters that could make a longer word (18部门, 5人工智能) is no
    unit, but 5家具有 is 5家 + 具有 and 10项目标 is 10项 + 目标: the segmenter decides.
    """
    from kg.extract.segment import tokenizer

    a = max(0, pos - 4)
    window = text[a : pos + length + 6]
    return any(s == pos - a and e == pos - a + length
               for _w, s, e in tokenizer().tokenize(window, HMM=False))


def _candidates(m: re.Match[str]) -> list[tuple[int, str, int]]:
    """(numeral end, numeral text, magnitude written), longest numeral first.

    The magnitude words may belong to the unit instead (100万千瓦: 万 is the number's,
    千瓦 the unit; 400千万亿次浮点指令/秒: the whole tail is the unit), so each shorter
    reading is offered too.
    """
    out: list[tuple[int, str, int]] = []
    if m.group("pct") is not None:
        return [(m.end(), m.group("pct"), 1)]
    if m.group("ar") is not None:
        digits, mag = m.group("ar"), m.group("mag")
        for j in range(len(mag), -1, -1):
            out.append((m.start() + len(digits) + j, digits + mag[:j], magnitude_of(mag[:j])))
        return out
    run = m.group("cn")
    k = len(run)
    while k > 0:
        numeral = run[:k]
        tail = len(numeral) - len(numeral.rstrip("万亿萬億"))
        out.append((m.start() + k, numeral, magnitude_of(numeral[len(numeral) - tail :]) if tail else 1))
        if run[k - 1] not in MAGNITUDE:
            break
        k -= 1
    return out


def _skip_glosses(text: str, j: int, limit: int, notes: Set[int]) -> int:
    """Past brackets that explain the figure: 14EFlops(每秒百亿亿次浮点运算), 10万元(含).

    A bracket that states figures of its own (25%(超过100人的企业达到15%)) is no gloss:
    its figures are read like the rest.
    """
    while j < limit and text[j] in GLOSS_OPEN and j not in notes:
        close = match_bracket(text, j, limit)
        if close is None or close - j > 200:
            break
        inner = text[j + 1 : close]
        if any(w in inner for w in cues()["measure"] if len(w) > 1) or any(
                w in inner for w, _c, _x in _prefix_words() if len(w) > 1):
            break
        j = close + 1
    return j


_INCLUSION = re.compile(r"\s*[(（]\s*(?:含|不含|包含|不包含|含本数|不含本数)\s*[)）]\s*")


def read_at(text: str, i: int, limit: int, sentence: str, notes: Set[int] = frozenset(),
            in_range: bool = False) -> _Read | None:
    """The quantity whose numeral starts at ``text[i]``, or None when it is not one."""
    m = NUM_RE.match(text, i, limit)
    if not m:
        return None
    prev = text[i - 1] if i > 0 else ""
    if prev and not in_range:
        if (prev.isascii() and prev.isalnum()) or prev in IDENT_BEFORE or prev in RANK_BEFORE:
            return None
        if prev in "-－" and i > 1 and text[i - 2].isascii() and text[i - 2].isalnum():
            return None
    chinese = m.group("cn") is not None or (m.group("pct") is not None
                                             and not re.match(ARABIC, m.group("pct")))
    # (numeral end, numeral, magnitude, unit, approx, gap to the unit, extra magnitude)
    chosen: tuple[int, str, int, UnitRow | None, bool, int, int] | None = None
    best_end = -1
    for end, numeral, mag in _candidates(m):
        if m.group("pct") is not None:
            chosen = (end, numeral, mag, units_by_name()["%"], False, 0, 1)
            break
        pos = end
        approx = False
        if pos < limit and text[pos] in APPROX_INFIX:
            pos += 1
            approx = True
        row = _unit_at(text, pos, sentence)
        if row is None:
            # 8000(不含)平方米: an inclusion gloss between the number and its unit
            g = _INCLUSION.match(text, pos, limit)
            if g:
                row = _unit_at(text, g.end(), sentence)
                if row is not None:
                    pos = g.end()
        extra = 1
        if row is None and approx:
            # 500多万元, 300余万元: the magnitude after the infix is the number's
            run = re.match(r"[十百千万亿萬億]+", text[pos:limit])
            for k in range(len(run.group(0)) if run else 0, 0, -1):
                row = _unit_at(text, pos + k, sentence)
                if row is not None:
                    extra = magnitude_of(run.group(0)[:k]) if run else 1
                    pos += k
                    break
        if row is not None and pos + len(row.surface) > best_end:
            # the reading that explains the most text: 400千万亿次浮点指令/秒 is 400 PFLOPS,
            # not 4×10^13 次
            chosen = (end, numeral, mag, row, approx, pos - end, extra)
            best_end = pos + len(row.surface)
        if chosen is None:
            chosen = (end, numeral, mag, None, approx, pos - end, 1)
    assert chosen is not None
    end, numeral, mag, row, approx, gap, extra = chosen
    value = parse_numeral(numeral)
    if value is None:
        return None
    value, mag = value * extra, mag * extra
    if row is not None and row.unit == "年" and re.fullmatch(r"(19|20)\d\d", numeral):
        return None  # 2024年 is a date, whatever follows it
    after = text[end : end + 1]
    if after in "+×*" and after:
        return None  # 1+N+X, 7×24
    about = approx
    bare_about = False
    if chinese and m.group("pct") is None:
        digits = [ch for ch in numeral if CN_DIGIT.get(ch)]
        if not digits and numeral not in ("十", "拾"):
            # a bare magnitude: 千亿级 / 千亩级 / 万亿元 / 百余家 / 近万家 / 上千家 are
            # quantities; 百家 and 千家万户 are idioms
            level_at = end + gap + (len(row.surface) if row else 0)
            if len(numeral) < 2 and not approx and not text.startswith("级", level_at):
                if prev in BARE_ABOUT:
                    about = bare_about = True  # 上千家: more or less a thousand
                elif not any(text.startswith(w, i - len(w)) for w, _c in _comparators()["before-near"]):
                    return None
        elif value == 1 and not any(ch in MAGNITUDE for ch in numeral) and (
                row is None or row.dimension not in COUNTED_ONE):
            return None  # 一个, 一家: an article, not a count (but 增长一倍 is a doubling)
    r = _Read(start=i, end=end, value=value, numeral=numeral, row=row, magnitude=mag,
              chinese=chinese, approx=about)
    j = end
    if row is not None:
        j = end + gap + len(row.surface)
    elif approx:
        j = end + 1
    j = _skip_glosses(text, j, limit, notes)
    # a range: 2—3个, 3至5家, 10万元(含)至30万元(不含)之间
    if not in_range:
        for sep in RANGE_SEPS:
            if text.startswith(sep, j) and j + len(sep) < limit:
                high = read_at(text, j + len(sep), limit, sentence, notes, in_range=True)
                if high is None or high.high is not None or (high.row is None and not high.level):
                    break  # 50%到2025年: the upper end must be a figure with a unit (or 500亿级)
                if r.row is not None and high.row is not None and r.row.dimension != high.row.dimension:
                    break
                if r.row is None:
                    r.row = high.row
                    r.level = high.level  # 300—500亿级: the range is a size class
                    if r.magnitude == 1 and high.magnitude > 1:
                        r.value, r.magnitude = r.value * high.magnitude, high.magnitude
                r.high = high
                j = high.end
                if text.startswith("之间", j):
                    j += 2
                break
    if r.high is None:
        for word, comp in _comparators()["after"]:
            if text.startswith(word, j):
                r.suffix = comp
                j += len(word)
                break
        if text.startswith("级", j) and (r.row is not None or not any(
                ch in CN_DIGIT and CN_DIGIT[ch] for ch in numeral)):
            r.level = True
            j += 1
            if _size_class(text, j, limit):
                return None
        if r.suffix:
            j = _skip_glosses(text, j, limit, notes)
    r.end = j
    # a bound word right before the numeral: 超592.5亿元, 近10万架, 约2.05平方公里
    if not in_range:
        # the longest bound word ending right here: 不少于 is not 少于, 不超过 not 超过
        for word, comp, where in _prefix_words():
            if i - len(word) >= 0 and text.startswith(word, i - len(word)):
                if where == "before-near":
                    r.prefix, r.prefix_start = comp, i - len(word)
                break
        if bare_about and r.prefix is None:
            r.prefix, r.prefix_start = "~", i - 1
    return r


CLASS_NOUN_END = re.compile(r"[,，。;；:：、(（)）]|和|及|与|或")


def _size_class(text: str, j: int, limit: int) -> bool:
    """Whether ``X级`` (ending at ``j``) names a size class of a thing, not a quantity.

    ``万吨级泊位``, ``百万千瓦级核电``, ``百亿级企业``: the 级 phrase classifies the noun after
    it (each berth takes ships of that tonnage), and states no amount the plan aims at.
    It is a quantity when it stands as the value (``产业规模达到千亿级``, ``千亿级水平``) or
    sizes a whole the plan builds (``千亿级产业集群``, ``千亩级产业园``): the nouns in the
    ``sized`` cues of kg/data/target_cues.tsv.
    """
    rest = text[j:limit]
    cut = CLASS_NOUN_END.search(rest)
    phrase = rest[: cut.start() if cut else len(rest)][:16].lstrip("的之")
    if not phrase.strip() or phrase.startswith(tuple(w for w, _c, _x in _prefix_words())):
        return False
    return not any(w in phrase for w in cues().get("sized", ()))


@lru_cache(maxsize=1)
def _prefix_words() -> list[tuple[str, str, str]]:
    c = _comparators()
    words = [(w, comp, "before-near") for w, comp in c["before-near"]]
    words += [(w, comp, "before") for w, comp in c["before"]]
    return sorted(words, key=lambda x: -len(x[0]))


def _to_quantity(r: _Read, comparator: str) -> Quantity | None:
    row = r.row
    if row is None:
        return None
    low = exact(r.value)
    value: Decimal | tuple[Decimal, Decimal] = low
    if r.high is not None:
        value = (low, exact(r.high.value))
        comparator = "range"
    base: Decimal | tuple[Decimal, Decimal]
    if isinstance(value, tuple):
        base = (exact(value[0] * row.factor), exact(value[1] * row.factor))
    else:
        base = exact(value * row.factor)
    start = r.prefix_start if r.prefix_start is not None else r.start
    numeral = r.numeral if r.high is None else f"{r.numeral}—{r.high.numeral}"
    return Quantity(span=Span(start, r.end), value=value, unit=row.unit, comparator=comparator,  # type: ignore[arg-type]
                    dimension=row.dimension, base_value=base, base_unit=row.base, qudt=row.qudt,
                    unit_implied=r.implied, numeral=numeral)


# ----------------------------------------------------------------- sentences and clauses

SENTENCE_END = "。；;！!？?\n"
CLAUSE_SEPS = ",，:：;；"


def _sentences(text: str, start: int, end: int) -> list[Span]:
    out = []
    a = start
    for k in range(start, end):
        if text[k] in SENTENCE_END:
            if text[a:k].strip():
                out.append(Span(a, k))
            a = k + 1
    if text[a:end].strip():
        out.append(Span(a, end))
    return out


def _clauses(text: str, sent: Span) -> list[Span]:
    """Comma-separated clauses of a sentence, brackets kept whole.

    Quotes are not kept whole: a quoted name has no comma, and a quoted sentence
    (“…达到2000名左右，…达到40%”) has clauses like any other.
    """
    out = []
    depth = 0
    a = sent.start
    for k in range(sent.start, sent.end):
        ch = text[k]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch in CLAUSE_SEPS and depth == 0:
            out.append(Span(a, k))
            a = k + 1
    out.append(Span(a, sent.end))
    return out


def _masked(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Names and titles whose numbers are not quantities: “10+1”, 《…(2025-2027)》, 〔2024〕.

    A quotation that is a sentence of its own (it has a comma: “引进人才达到2000名左右，
    …人才贡献率达到40%”) quotes goals, and its figures are read.
    """
    out: list[tuple[int, int]] = []
    pairs = {"“": "”", "《": "》", "〔": "〕", "【": "】", "「": "」", "『": "』", "‘": "’", "〈": "〉"}
    k = start
    while k < end:
        ch = text[k]
        if ch in pairs:
            close = text.find(pairs[ch], k + 1, min(end, k + 120))
            inner = text[k + 1 : close] if close >= 0 else ""
            sentence = ch in "“「『‘" and any(p in inner for p in ",，;；。")
            if close >= 0 and "\n" not in inner and not sentence:
                out.append((k, close + 1))
                k = close + 1
                continue
        k += 1
    return out


# ----------------------------------------------------------------- the public API


def quantities(text: str) -> list[Quantity]:
    """Every quantity of a piece of text, read without a document's context.

    >>> [(q.value, q.unit, q.comparator) for q in quantities("分别给予最高100万元、50万元奖励")]
    [(Decimal('1000000'), '元', '<='), (Decimal('500000'), '元', '<=')]
    """
    return [q for q, _r in _scan(text, 0, len(text), _masked(text, 0, len(text)), set(), [])]


def _scan(text: str, start: int, end: int, masks: list[tuple[int, int]], notes: set[int],
          markers: list[tuple[int, int]]) -> list[tuple[Quantity, _Read]]:
    """Quantities of ``text[start:end]`` with the reading each came from."""
    blocked: list[tuple[int, int]] = []
    for a, b in sorted(masks + markers):  # merged, so a short span inside a long one hides nothing
        if blocked and a <= blocked[-1][1]:
            blocked[-1] = (blocked[-1][0], max(blocked[-1][1], b))
        else:
            blocked.append((a, b))
    blocked_starts = [a for a, _ in blocked]

    def is_blocked(k: int) -> bool:
        n = bisect_right(blocked_starts, k) - 1
        return n >= 0 and blocked[n][0] <= k < blocked[n][1]

    out: list[tuple[Quantity, _Read]] = []
    plains: list[bool] = []  # whether each figure of out took "=" for want of any bound word
    for sent in _sentences(text, start, end):
        stext = text[sent.start : sent.end]
        clauses = _clauses(text, sent)
        k = sent.start
        prev: tuple[Quantity, _Read, str | None] | None = None
        while k < sent.end:
            m = NUM_RE.search(text, k, sent.end)
            if not m:
                break
            if is_blocked(m.start()):
                k = m.end()
                continue
            r = read_at(text, m.start(), sent.end, stext, notes)
            if r is None:
                k = m.end()
                continue
            clause = next(c for c in clauses if c.start <= m.start() <= c.end)
            if r.row is None:
                _imply_unit(text, r, clause, sent)
            since = clause.start if prev is None or prev[0].span.end < clause.start else prev[0].span.end
            far = _far_prefix(text, since, r.prefix_start if r.prefix_start is not None else r.start)
            prefix = r.prefix or far
            if prefix is None and prev is not None and prev[2] and _listed(text, prev[0].span.end, r.start):
                prefix = prev[2]  # 分别给予最高100万元、50万元、30万元: 最高 bounds every item
            comparator = r.suffix or prefix or ("~" if r.approx or (r.high and r.high.approx) else None)
            if comparator is None:
                comparator = ">=" if r.level else "="
            q = _to_quantity(r, comparator)
            k = max(r.end, m.end())
            if q is None:
                continue
            if _name_count(q, r) or _home_category(text, q, r):
                k = m.end()  # 嘉北公园二期(10.46平方公里): the name's bracket is still read
                continue
            plain = r.suffix is None and prefix is None and comparator == "="
            if (r.suffix == "~" and prev is not None and "分别" in text[sent.start : r.start]
                    and _listed(text, prev[0].span.end, r.start)):
                # 分别增长5%和7.5%左右: the closing 左右 speaks for every item of the list
                j = len(out) - 1
                while j >= 0 and plains[j] and out[j][0].unit == q.unit:
                    out[j] = (dataclasses.replace(out[j][0], comparator="~"), out[j][1])
                    plains[j] = False
                    if j == 0 or not _listed(text, out[j - 1][0].span.end, out[j][0].span.start):
                        break
                    j -= 1
            out.append((q, r))
            plains.append(plain)
            prev = (q, r, prefix)
    return _bounded_ranges(text, out)


def _bounded_ranges(text: str, found: list[tuple[Quantity, _Read]]) -> list[tuple[Quantity, _Read]]:
    """高于50亩低于100亩, 20年以上、30年以内: a lower and an upper bound side by side, in
    one unit, are one range (as 50—100亩 is)."""
    out: list[tuple[Quantity, _Read]] = []
    for q, r in found:
        if out:
            lo, lr = out[-1]
            between = text[lo.span.end : q.span.start].strip()
            if (lo.comparator == ">=" and q.comparator == "<=" and lo.unit == q.unit
                    and not isinstance(lo.value, tuple) and not isinstance(q.value, tuple)
                    and lo.value < q.value and between in ("", "、", ",", "，")):
                base = None
                if lo.base_value is not None and q.base_value is not None:
                    base = (lo.base_value, q.base_value)
                merged = dataclasses.replace(
                    lo, span=Span(lo.span.start, q.span.end), value=(lo.value, q.value),
                    comparator="range", base_value=base, numeral=f"{lo.numeral}—{q.numeral}")
                out[-1] = (merged, lr)
                continue
        out.append((q, r))
    return out


def _far_prefix(text: str, a: int, b: int) -> str | None:
    """A bound word earlier in the clause: 最高给予一次性奖励50万元 → <=."""
    seg = text[a:b]
    best: tuple[int, int, str] | None = None
    for word, comp in _comparators()["before"]:
        pos = seg.rfind(word)
        if pos >= 0 and (best is None or (pos + len(word), len(word)) > (best[0], best[1])):
            best = (pos + len(word), len(word), comp)
    return best[2] if best else None


def _listed(text: str, a: int, b: int) -> bool:
    """Two figures side by side in one list: 100万元、50万元 / 65%和55%."""
    return text[a:b].strip() in ("、", "，", ",", "和", "及", "与", "或")


def _imply_unit(text: str, r: _Read, clause: Span, sent: Span) -> None:
    """A unitless figure that still has one: 千亿级产业链 (元), PUE 1.3 (no unit).

    A size class (百亿级, 500亿级) takes its money word from the sentence before it when
    its own clause has none: 营业收入百亿级集群35个,其中:500亿级集群3个.
    """
    ctext = text[clause.start : clause.end]
    if r.level:
        ctext = text[sent.start : clause.end]
    big = r.value >= Decimal(10) ** 8 and (r.magnitude >= 10**8 or any(ch in CN_BIG for ch in r.numeral))
    if big and any(w in ctext for w in cues()["money"]):
        r.row, r.implied = units_by_name()["元"], True
        return
    before = text[clause.start : r.start]
    if any(w in before for w in cues()["dimensionless"]) and not r.chinese:
        r.row = UnitRow("", "", "dimensionless", Decimal(1), "", "UNITLESS", "")
        r.implied = True


# ----------------------------------------------------------------- the pipeline stage

YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)\s*年(?!\s*[0-9一二三四五六七八九十]+\s*月)")
DEADLINE_BEFORE = re.compile(r"(?:到|至|截至|截止到|截止|于|在|力争|争取|确保|预计)\s*$")
DEADLINE_AFTER = re.compile(r"^(?:底|末|年底|年末)?(?:前|以前|之前)?(?:[,，]|底|末|前)")
# “十四五”末, and “十四五”时期/期间 (what is done over the period is due at its end)
FIVE_YEAR_RE = re.compile(r"[“\"]?([一二三四五六七八九十]+)五[”\"]?(?:(?:时期|期间)(?:末|期末)?|末|期末)")
# a year a change is measured from (比2020年下降16%, 与2020年相比, 在2020年基础上): a base,
# neither the year a goal is due nor the year a figure reports
BASE_BEFORE = re.compile(r"(?:比|较|较之|相比|相较|对比|比照)\s*$")
BASE_AFTER = re.compile(r"^\s*(?:底|末|年底|年末)?\s*的?\s*(?:相比|相较|比较|同期|基础上|水平上|为基|持平)")
# any year, dates included (截至2024年9月底): what a news report reports on
ANY_YEAR_RE = re.compile(r"(?<![0-9])((?:19|20)\d\d)\s*年")
# the year of the document itself: 今年 (and 本年, 全年 in an annual plan), or the one before
THIS_YEAR_RE = re.compile(r"今年|本年|去年|上年")
# 2024年、2025年、2026年分别达到300家、400家、500家: each figure its own year
YEAR_LIST_RE = re.compile(
    r"(?:(?:19|20)\d\d\s*年?(?:底|末)?\s*[、,，和及与]\s*)+(?:19|20)\d\d\s*年(?:底|末)?[^。；;]{0,30}?分别")


_HEADING_MARKER = re.compile(
    r"\s*(?:[一二三四五六七八九十]+\s*[、.．]|[(（]\s*[一二三四五六七八九十]+\s*[)）])\s*")


def _is_base(text: str, start: int, end: int) -> bool:
    """Whether the year written at text[start:end] is a base of comparison (比2020年)."""
    return bool(BASE_BEFORE.search(text[max(0, start - 4) : start])
                or BASE_AFTER.match(text[end : end + 8]))


def _deadlines(text: str, region: Span) -> list[tuple[int, int]]:
    """(offset, year) of every deadline: 到2026年, 2025年底前, “十四五”末, 2024年,(opening a clause).

    The end of a period (2024—2026年) is not a deadline: it names the plan's span.
    """
    from kg.text import cn_int

    out: list[tuple[int, int]] = []
    for m in YEAR_RE.finditer(text, region.start, region.end):
        if m.start() > 0 and text[m.start() - 1] in "—–-~～至":
            continue
        before = text[max(region.start, m.start() - 6) : m.start()]
        after = text[m.end() : m.end() + 6]
        if _is_base(text, m.start(), m.end()):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        opens_clause = m.start() == line_start or text[m.start() - 1] in ",，。;；"
        # 二、2025年工作安排 / (一)2024年重点任务: a heading naming its year governs what it holds
        opens_clause = opens_clause or bool(_HEADING_MARKER.fullmatch(text[line_start : m.start()]))
        if DEADLINE_BEFORE.search(before) or DEADLINE_AFTER.match(after) or opens_clause:
            out.append((m.start(), int(m.group(1))))
    for m in FIVE_YEAR_RE.finditer(text, region.start, region.end):
        n = cn_int(m.group(1))
        if n and n >= 3:  # the 3rd five-year plan began in 1966: the nth ends in 1970 + 5(n − 3)
            out.append((m.start(), 1970 + 5 * (n - 3)))
    return sorted(out)


def _deepest(sections: list[Section], offset: int) -> Section | None:
    from kg.structure import walk

    best = None
    for s in walk(sections):
        if s.span.start <= offset < s.span.end and (best is None or s.span.start >= best.span.start):
            best = s
    return best


def extract_targets(doc: Document) -> Document:
    """The pipeline stage: ``doc.targets`` for every quantity in the plan(s) of the file."""
    from kg.structure import walk

    text = doc.text
    notes = {n.span.start for n in doc.notes}
    note_masks = [(n.span.start, n.span.end) for n in doc.notes]
    parts = doc.parts or []
    regions = [(p.prefix, p.region, p.sections) for p in parts if p.region is not None]
    if not regions:
        regions = [("", Span(0, len(text)), [])]
    news = doc.metadata.genre == "news"
    # the year the plan was issued (or, lacking a date, the first year of its period):
    # a figure for an earlier year reports what was, not what is aimed at
    issued = int(doc.metadata.date[:4]) if doc.metadata.date[:4].isdigit() else None
    if issued is None and doc.metadata.period:
        issued = doc.metadata.period[0]
    from kg.extract.deadlines import plan_year

    # the document's own year, for 今年 and 全年: a news report's date; a plan's year (the
    # single year of an annual plan's title, else the year it was signed)
    own = plan_year(doc)
    this_year = issued if news else own.year
    annual = None if news or own.source != "plan-title" else own.year
    targets: list[Target] = []
    # what precedes the first plan (a covering notice, a summary such as 2023年力争完成能源项目
    # 投资70亿元) is read with it; what follows the last (an appended 政策解读) restates it
    first = regions[0]
    regions[0] = (first[0], Span(0, first[1].end), first[2])
    from kg.extract.target_tables import indicator_figures

    plan_end = doc.metadata.period[1] if doc.metadata.period else None
    for prefix, region, sections in regions:
        markers = [(s.head.start, s.head.start + s.marker_len) for s in walk(sections)]
        # an indicator table's figures take their unit, year and metric from its row and columns
        table = indicator_figures(text, region, issued, plan_end)
        table_masks = [(f.quantity.span.start, f.quantity.span.end) for f in table]
        masks = _masked(text, region.start, region.end) + note_masks + table_masks
        found = _scan(text, region.start, region.end, masks, notes, markers)
        deadlines = _deadlines(text, region)
        metrics: list[str] = []
        mine: list[Target] = []

        for f in table:
            sec = _deepest(sections, f.quantity.span.start)
            mine.append(Target(quantity=f.quantity, kind=f.kind, year=f.year,  # type: ignore[arg-type]
                               task=_task_of(doc, prefix, f.quantity.span.start),
                               section=sec.path if sec else None, prefix=prefix, metric=f.metric,
                               per=f.per, sentence=f.row))
        for q, _r in found:
            sent = _sentence_of(text, region, q.span.start)
            sec = _deepest(sections, q.span.start)
            t = Target(quantity=q, kind="target", task=_task_of(doc, prefix, q.span.start),
                       section=sec.path if sec else None, prefix=prefix, sentence=sent)
            t.year = _year_for(text, q, sent, sec, deadlines, news, region, this_year, annual)
            listed = _listed_year(text, q, sent, found)
            if listed is not None:
                t.year = listed
            t.period = _period(text, q, sent)
            t.per = _per(text, q, sent)
            _classify(text, t, sent, news, issued, found)
            review = _review_heading(sections, q.span.start)
            if review is not None and t.kind == "target" and not _looks_ahead(text, sent, q, review[1]):
                # 一、2024年工作回顾: a government work report's review states what was done
                t.kind = "actual"
                t.year = review[1] if review[1] is not None else t.year
            if news and t.kind == "target":
                # a goal a report mentions takes a year from its own sentence only
                t.year = _news_year(text, q, sent, region, this_year, carry=False)
            elif news and t.year is None and t.kind == "actual":
                t.year = this_year  # a report without a year reports the year it is dated
            t.metric = _metric(text, q, sent, found, metrics[-1] if metrics else "")
            metrics.append(t.metric)
            mine.append(t)
        targets.extend(sorted(mine, key=lambda t: t.quantity.span.start))
    doc.targets = targets
    return doc


_REVIEW = re.compile(
    r"(?:工作回顾|回顾|工作总结|过去(?:一|五|的一)年(?:的)?(?:工作)?|主要成(?:效|绩)|取得的成(?:效|绩)|(?:工作)?完成情况)$")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})\s*年")


def _review_heading(sections: list[Section], offset: int) -> tuple[str, int | None] | None:
    """The heading of a review (``一、2024年工作回顾``, ``过去五年工作总结``) the offset
    stands under, with the year it names (the last, for 2019—2023年), if any."""
    for s in sections:  # chapters only: 二、保障措施 (一)定期通报进展情况 reviews nothing
        title = s.title.rstrip("。.;；")
        if s.span.start <= offset < s.span.end and _REVIEW.search(title) and not _TASK_VERB.match(title):
            years = _YEAR_IN.findall(title)
            return title, int(years[-1]) if years else None
    return None


_TASK_VERB = re.compile(r"^(加强|建立|健全|定期|做好|抓好|强化|完善|开展|推进|落实)")


def _looks_ahead(text: str, sent: Span, q: Quantity, review_year: int | None) -> bool:
    """Whether a figure under a review heading is still a goal: 到2027年 after the year
    reviewed, or a future word (力争, 计划 …) in its clause; 预计 is a review's estimate."""
    before = text[sent.start : q.span.start]
    due = _deadline_year(before)
    if due is not None and (review_year is None or due > review_year):
        return True
    words = tuple(w for w in cues()["future"] if w != "预计")
    return _has_cue(before, words) or _future_verb(before)


def _task_of(doc: Document, prefix: str, offset: int) -> str | None:
    """The path of the task (of the plan ``prefix``) whose text holds an offset."""
    task = next((t for t in doc.tasks if any(s.start <= offset < s.end for s in t.text_spans)
                 and (t.path.startswith(prefix + "/") if prefix else not t.path.startswith("#"))), None)
    return task.path if task else None


def _sentence_of(text: str, region: Span, offset: int) -> Span:
    a = max((text.rfind(ch, region.start, offset) for ch in SENTENCE_END), default=-1)
    a = max(a + 1, region.start)
    b = min((i for i in (text.find(ch, offset, region.end) for ch in SENTENCE_END) if i >= 0),
            default=region.end)
    return Span(a, b)


_HOME_AFTER = re.compile(r"\s*(?:及以上|以上)?\s*(?:的)?\s*(?:住房|房|商品住房|商品房|普通住房|改善性住房)")


def _home_category(text: str, q: Quantity, r: _Read) -> bool:
    """二套住房, 三套及以上住房: which home a family buys (a class of loan), not a count;
    购买2套住房 in Arabic numerals is a count."""
    return bool(r.chinese and q.unit == "套" and r.value <= 4 and _HOME_AFTER.match(text, r.end))


def _name_count(q: Quantity, r: _Read) -> bool:
    """A small count in Chinese numerals stated flat: a set phrase, not a goal.

    Plans write the figures they mean to count in Arabic numerals (GB/T 15835, the
    national rule on numerals in publications), and keep Chinese numerals for set
    phrases: 统筹两个市场、两种资源, 产品、软硬件、业态三个方向, “三聚多园”(三个集聚区).
    A Chinese count of ten or less with no bound and no magnitude is such a phrase;
    with a bound (十家以上, 三至五家) it is still a figure.
    """
    if not r.chinese or r.high is not None or r.approx or q.comparator != "=":
        return False
    if q.dimension != "count" or r.value > 10:
        return False
    return not any(ch in MAGNITUDE and ch not in "十拾" for ch in r.numeral)


def _year_for(text: str, q: Quantity, sent: Span, sec: Section | None,
              deadlines: list[tuple[int, int]], news: bool, region: Span,
              this_year: int | None = None, annual: int | None = None) -> int | None:
    """The year a figure is for: the last deadline before it in the same numbered item.

    Failing that, a year stated in the sentence (not a base: 比2020年下降16%), then
    今年/本年/全年 (the document's year), then an annual plan's own year. In a news
    report, the last year stated before the figure in its paragraph
    (``2023年,…;实际使用外资2.1亿美元``), ``今年`` being the report's year.
    """
    if news:
        return _news_year(text, q, sent, region, this_year)
    scope_start = sec.span.start if sec is not None else _line_start(text, q.span.start, region)
    scope_end = sec.span.end if sec is not None else q.span.start + 1
    best = None
    for off, year in deadlines:
        if scope_start <= off < q.span.start and off < scope_end:
            best = year
    if best is None:
        # a plain year stated in the sentence itself (2023年全市…达到300亿元)
        years = [int(m.group(1)) for m in YEAR_RE.finditer(text, sent.start, q.span.start)
                 if not _is_base(text, m.start(), m.end())]
        if years:
            return years[-1]
        before = text[sent.start : q.span.start]
        if this_year is not None and re.search(r"今年|本年|全年", before):
            return this_year
        return annual
    return best


def _news_year(text: str, q: Quantity, sent: Span, region: Span, this_year: int | None,
               carry: bool = True) -> int | None:
    para = _line_start(text, sent.start, region) if carry else sent.start
    best: tuple[int, int] | None = None
    for m in ANY_YEAR_RE.finditer(text, para, q.span.start):
        if _is_base(text, m.start(), m.end()):
            continue
        if m.start() < sent.start and DEADLINE_BEFORE.search(text[max(para, m.start() - 4) : m.start()]):
            continue  # 力争到2026年… governs its own sentence, not the next one's report
        best = (m.start(), int(m.group(1)))
    if this_year is not None:
        for m in THIS_YEAR_RE.finditer(text, para, q.span.start):
            if _is_base(text, m.start(), m.end()) or (best is not None and best[0] > m.start()):
                continue
            best = (m.start(), this_year if m.group(0) in ("今年", "本年") else this_year - 1)
    return best[1] if best else None


def _listed_year(text: str, q: Quantity, sent: Span, found: list[tuple[Quantity, _Read]]) -> int | None:
    """2024年、2025年、2026年分别达到300家、400家、500家: the year in the same place of its list."""
    for m in YEAR_LIST_RE.finditer(text, sent.start, q.span.start):
        years = [int(y) for y in re.findall(r"(?:19|20)\d\d", m.group(0))]
        after = [f for f, _r in found if m.end() <= f.span.start < sent.end]
        chain = after[:1]
        for f in after[1:]:
            if not _listed(text, chain[-1].span.end, f.span.start):
                break
            chain.append(f)
        if len(chain) == len(years) and any(f is q for f in chain):
            return years[next(k for k, f in enumerate(chain) if f is q)]
    return None


def _line_start(text: str, offset: int, region: Span) -> int:
    return max(text.rfind("\n", 0, offset) + 1, region.start)


def _period(text: str, q: Quantity, sent: Span) -> str | None:
    """How often: 每年 / 年度 / 年均 in the figure's own clause, or opening its sentence.

    每年面向…征集应用需求,组织供需对接,评选不少于40个 → each year; but in
    每年推动1000余家企业…,带动…覆盖率达95.9% the second clause has its own subject
    and measuring verb (达), so 每年 does not reach it.
    """
    periods = _periods()
    words = sorted(periods, key=len, reverse=True)
    clauses = _clauses(text, sent)
    mine = next(c for c in clauses if c.start <= q.span.start <= c.end)
    own = text[mine.start : q.span.start]
    for w in words:
        if w in own:
            return periods[w]
    first = text[clauses[0].start : clauses[0].end].lstrip()
    if mine is clauses[0] or own.lstrip().startswith(("对", "对于")):
        return None
    if any(m in own for m in cues()["measure"] if len(m) > 1 or m == "达"):
        return None  # a clause with its own measuring verb has its own subject
    for w in words:
        if first.startswith(w):
            return periods[w]
    return None


PER_RE = re.compile(r"(?:单个|单家|每个|每家|每位|每)([^\s,，;；。、每的]{1,8})")


def _per(text: str, q: Quantity, sent: Span) -> str | None:
    """What a figure is counted per: 单个企业, 每P算力, 每个县(市)区."""
    clause = next(c for c in _clauses(text, sent) if c.start <= q.span.start <= c.end)
    seg = text[clause.start : q.span.start]
    stop = cues().get("stop", ()) + cues().get("measure", ()) + cues().get("reward", ()) + ("累计", "形成")
    for m in PER_RE.finditer(seg):
        word = m.group(1)
        for s in stop:
            cut = word.find(s)
            if cut > 0:
                word = word[:cut]
        if word and word[0] not in "年季月天日" and not word.startswith(("年度", "季度")):
            return m.group(0)[: m.group(0).find(m.group(1))] + word
    return None


def _classify(text: str, t: Target, sent: Span, news: bool, issued: int | None,
              found: list[tuple[Quantity, _Read]]) -> None:
    """target / incentive / actual, and for incentives their role and condition.

    In a sentence that offers money (给予, 补助, 奖励, 基金 …):
    * a figure the offer depends on is a *condition*: one said of the thing rewarded
      (占比不低于80%的项目, 总额在10万元至30万元之间的), one listed with such a figure
      (100P以上、…80%的), or money in a clause ending 的 before the paying clause;
    * money is the *amount* offered (its comparator gives the bound: 最高 → <=);
    * a percentage is the *rate* (按实际投资额的20%予以补助);
    * anything else (评选不少于40个项目) stays a target.
    """
    q = t.quantity
    stext = text[sent.start : sent.end]
    c = cues()
    clauses = _clauses(text, sent)
    mine = next(cl for cl in clauses if cl.start <= q.span.start <= cl.end)
    before_in_clause = text[mine.start : q.span.start]
    after_q = text[q.span.end : mine.end].lstrip()
    offer_text = stext
    for w in c.get("incentive_not", ()):
        offer_text = offer_text.replace(w, "")
    future_here = news and (_has_cue(before_in_clause, c["future"]) or _future_verb(before_in_clause))
    if news and not future_here and (_has_cue(text[sent.start : q.span.start], c["actual"])
                                     or _has_cue(before_in_clause, c["actual_here"])):
        t.kind = "actual"  # 今年以来…累计兑现资金2.6亿元: paid out, not offered
        return
    offered = _has_cue(offer_text, c["incentive"]) or (
        _has_cue(offer_text, c.get("incentive_weak", ())) and _has_cue(offer_text, c["reward"], tail=True))
    if offered:
        rewarded_before = _has_cue(before_in_clause, c["reward"], tail=True)
        said_of = after_q.startswith(("的", "之间的")) or _listed_condition(text, q, mine, found)
        if said_of and _has_cue(after_q, c["incentive"]) and not after_q.lstrip("的之间").startswith(
                c["reward"]):
            # 最高不超过15万元的创业担保贷款: the money itself, not a threshold (but
            # 高于50亩的给予20万元奖励 states who is rewarded)
            said_of = False
        money_or_rate = q.dimension.startswith("money") or q.unit in ("%", "‰")
        threshold = money_or_rate and _before_reward_clause(text, mine, clauses)
        if not rewarded_before and (said_of or threshold):
            t.kind, t.role = "incentive", "condition"
            return
        if money_or_rate:
            t.kind = "incentive"
            t.role = "rate" if q.unit in ("%", "‰") else "amount"
            t.condition = _condition_text(text, q, clauses, mine)
            return
    if news:
        # a report restating a plan's goals (《行动计划》提出,到2026年,…达到12EFLOPS)
        before = text[sent.start : q.span.start]
        due = _deadline_year(before)
        ahead = due is not None and (issued is None or due >= issued)
        restated = _has_cue(before, c.get("future_sentence", ())) or _future_verb(before)
        t.kind = "target" if future_here or ahead or restated else "actual"
        return
    reported = _has_cue(text[sent.start : q.span.start], c["actual"]) or _has_cue(
        before_in_clause, c["actual_here"])
    if not reported and text[sent.start - 1 : sent.start] in ";；":
        # 目前全市总算力规模突破5.4万P…;省际互联网总出口带宽达5.898Gbps: a status word
        # speaks for the clauses after it up to the full stop, unless one looks ahead
        full = max(text.rfind(ch, 0, sent.start) for ch in "。！？!?\n") + 1
        here = text[sent.start : q.span.start]
        done = bool(re.search(r"已|累计|建成投用|建成投运|投入使用", here))
        reported = (_has_cue(text[full : sent.start], c["actual"]) and _deadline_year(here) is None
                    and not _has_cue(here, c["future"]) and not _future_verb(here)
                    and (done or not _has_cue(here, c.get("goal", ()), tail=True)))
    past = t.year is not None and issued is not None and t.year < issued
    if reported or (past and not _has_deadline_word(text, sent, q)):
        t.kind = "actual"
    elif _policy_term(text, sent, q, mine, t, c):
        # 首套住房最低首付款比例为20%, 最高贷款额度60万元, 减按1%的税率: the terms of a
        # support policy, what it offers, not a goal
        t.kind = "incentive"
        t.role = ("rate" if q.unit in ("%", "‰") else "amount" if q.dimension.startswith("money")
                  else "condition" if after_q.startswith(("的", "之间的")) else "term")


def _policy_term(text: str, sent: Span, q: Quantity, clause: Span, t: Target,
                 c: dict[str, tuple[str, ...]]) -> bool:
    """A figure in a sentence about a support policy's terms (面积为90平方米及以下的,减按1%的
    税率征收契税), with no goal word before it and no due year."""
    if t.year is not None:
        return False
    terms = c.get("term", ())
    ctext = text[clause.start : clause.end]
    here = any(w in ctext for w in terms)
    if not here and ctext.rstrip(" ,，;；").endswith("的"):
        # 面积为90平方米及以下的,减按1%的税率征收契税: the condition of the next clause's term
        nxt = text[clause.end : sent.end]
        here = any(w in re.split(r"[,，;；]", nxt.lstrip(",，;；"))[0] for w in terms)
    if not here:
        return False
    before = text[sent.start : q.span.start]
    return not _has_cue(before, c.get("goal", ()), tail=True) and not _future_verb(before)


@lru_cache(maxsize=4096)
def _word_bounds(s: str) -> tuple[frozenset[int], frozenset[int]]:
    """Where jieba's words start and end in a string."""
    from kg.extract.segment import tokenizer

    spans = [(a, b) for _w, a, b in tokenizer().tokenize(s, HMM=False)]
    return frozenset(a for a, _b in spans), frozenset(b for _a, b in spans)


def _has_cue(s: str, words: tuple[str, ...], tail: bool = False) -> bool:
    """Whether a cue word stands in ``s`` as a word (or words) of its own.

    Cues are matched on jieba's words, not substrings: 券 is no voucher in 证券化率, nor
    将 a future in 将近. With ``tail``, a verb may also end a longer word (统筹安排 安排s).
    """
    present = [w for w in words if w in s]
    if not present:
        return False
    starts, ends = _word_bounds(s)
    for w in present:
        k = s.find(w)
        while k >= 0:
            if (tail or k in starts) and k + len(w) in ends:
                return True
            k = s.find(w, k + 1)
    return False


def _future_verb(s: str) -> bool:
    """争取培育20家 / 争取到2026年 look ahead; 争取省级专项资金 reports money won."""
    words = cues().get("future_verb", ())
    if not _has_cue(s, words):
        return False
    from kg.extract.segment import pos_cut

    cut = pos_cut(s)
    for k, (w, _flag) in enumerate(cut[:-1]):
        nxt, flag = cut[k + 1]
        if w in words and (flag[:1] in ("v", "d", "p", "t") or nxt[:1].isdigit()):
            return True
    return False


def _deadline_year(s: str) -> int | None:
    """The last year a goal is set for in ``s`` (到2026年, 力争2025年), or None."""
    years = re.findall(r"(?:到|至|力争|争取|确保)\s*((?:19|20)\d\d)", s)
    return int(years[-1]) if years else None


def _listed_condition(text: str, q: Quantity, clause: Span, found: list[tuple[Quantity, _Read]]) -> bool:
    """100P以上(…)、…占比不低于80%的项目: listed with a figure said of the thing (…的)."""
    if not text[q.span.end : clause.end].startswith("、"):
        return False
    for f, _r in found:
        if q.span.end <= f.span.start < clause.end:
            return text[f.span.end : clause.end].lstrip().startswith(("的", "之间的"))
    return False


def _has_deadline_word(text: str, sent: Span, q: Quantity) -> bool:
    return bool(re.search(r"(到|至|力争|争取|确保)\s*(19|20)\d\d", text[sent.start : q.span.start]))


def _before_reward_clause(text: str, clause: Span, clauses: list[Span]) -> bool:
    """A threshold clause (…达30万元以上的,) right before the clause that pays."""
    c = cues()
    if any(w in text[clause.start : clause.end] for w in c["reward"]):
        return False
    later = [cl for cl in clauses if cl.start > clause.start][:2]
    pays = any(any(w in text[cl.start : cl.end] for w in c["reward"]) for cl in later)
    return pays and text[clause.start : clause.end].rstrip().endswith("的")


def _condition_text(text: str, q: Quantity, clauses: list[Span], mine: Span) -> str | None:
    """What the money is offered for: the 对…的 frame, or the conditional clause before."""
    own = text[mine.start : q.span.start]
    m = re.search(r"(对于?[^,，;；]*?)(?:最高|分别)?(?:给予|予以)", own)
    if m:
        return m.group(1).strip()
    earlier = [cl for cl in clauses if cl.end <= mine.start]
    for cl in reversed(earlier[-2:]):
        ctext = text[cl.start : cl.end].strip()
        if ctext.startswith(("对", "对于")) or ctext.endswith("的"):
            return ctext
    return None


def _clause_of(text: str, sent: Span, offset: int) -> Span:
    """The clause holding an offset, narrowed to the bracket it sits in (…“四个一”(实施100个…))."""
    clause = next(cl for cl in _clauses(text, sent) if cl.start <= offset <= cl.end)
    depth = 0
    opened = -1
    for k in range(offset - 1, clause.start - 1, -1):
        ch = text[k]
        if ch in ")）":
            depth += 1
        elif ch in "(（":
            if depth == 0:
                opened = k
                break
            depth -= 1
    if opened >= 0:
        close = match_bracket(text, opened, clause.end)
        if close is not None:
            inner = Span(opened + 1, close)
            parts = [Span(inner.start + x, inner.start + y) for x, y in
                     _split_depth0(text[inner.start : inner.end], CLAUSE_SEPS)]
            return next((p for p in parts if p.start <= offset <= p.end), inner)
    return clause


def _split_depth0(s: str, seps: str) -> list[tuple[int, int]]:
    from kg.text import depth_zero_splits

    return depth_zero_splits(s, seps)


_TRAILING_VERBS = ("给予", "予以", "安排", "设立", "提供")


def _strip_trailing(before: str) -> tuple[str, bool]:
    """算力总规模达到 → (算力总规模, True): the words between a metric and its number."""
    c = cues()
    words = sorted({*c["measure"], *_TRAILING_VERBS, *c.get("aux", ()),
                    *(w for w, _c, _x in _prefix_words())}, key=len, reverse=True)
    measured = False
    changed = True
    while changed:
        changed = False
        for w in words:
            if before.endswith(w):
                before = before[: -len(w)]
                measured = changed = True
                break
    return before, measured


def _after_np(text: str, a: int, b: int, has_next: bool) -> tuple[str, bool]:
    """The noun phrase a figure counts (培育20家 → 人工智能领军企业), and whether it opened with 的."""
    seg = text[a:b]
    if has_next:
        cut = max(seg.rfind(ch) for ch in "、和及与")
        seg = seg[:cut] if cut >= 0 else seg
    seg = seg.strip().lstrip("”’")
    while seg[:1] in GLOSS_OPEN and seg:
        close = match_bracket(seg, 0)
        if close is None:
            break
        seg = seg[close + 1 :].strip()  # (或达到…同等算力水平): a remark, not the noun
    de = seg.startswith(("的", "之"))
    if de:
        seg = seg[1:]
    stops = [seg.find(w) for w in cues().get("stop", ()) if seg.find(w) > 0]
    if stops:
        seg = seg[: min(stops)]  # 3个案例入选工信部… → 案例
    seg = _tail_after_de(seg)  # 能够突破关键技术、…的领军人才 → 领军人才
    items = [seg[x:y] for x, y in _split_depth0(seg, "、")]
    kept = items[:1]
    for item in items[1:]:
        if not item or _starts_with_verb(item, ("v", "vn", "p", "c", "d")):
            break  # 领军企业、建设一个…平台: the list goes on with a new clause
        kept.append(item)
    return "、".join(kept).strip(" ,，、"), de


def _metric(text: str, q: Quantity, sent: Span, found: list[tuple[Quantity, _Read]],
            previous: str, depth: int = 0) -> str:
    """What the figure counts: the noun phrase after it, or the subject before it.

    * 培育20家人工智能领军企业 → the phrase after (人工智能领军企业);
    * 算力总规模达到12EFLOPS → the subject before the measuring verb (算力总规模);
    * 揭榜国家人工智能创新任务15项以上 → the object before it (国家人工智能创新任务);
    * 同比增长15.8% → a change of the figure before (营业收入同比增长);
    * 分别给予最高100万元、50万元、30万元奖励 → each item shares the list's noun.
    """
    clause = _clause_of(text, sent, q.span.start)
    same = [f for f, _ in found if clause.start <= f.span.start < clause.end]
    idx = next((k for k, f in enumerate(same) if f is q), -1)
    nxt = same[idx + 1] if 0 <= idx < len(same) - 1 else None
    prv = same[idx - 1] if idx > 0 else None
    listed_next = nxt is not None and text[q.span.end : nxt.span.start].strip() in ("、", ",", "，")
    after, de = _after_np(text, q.span.end, nxt.span.start if nxt else clause.end, nxt is not None)
    start = prv.span.end if prv is not None else clause.start
    before_raw = text[start : q.span.start]
    before, measured = _strip_trailing(before_raw.rstrip("的"))
    measured = measured or text[q.span.start] in RELATION_SIGNS  # 上架率≥65%: the sign relates them
    change_words = "".join(cues()["change"])
    if measured and before.strip() and all(ch in change_words for ch in before.strip()):
        return previous + before_raw.strip().rstrip("达到为") if previous else before_raw.strip()
    if after and re.search(r"级$", after) and len(after) <= 4 and nxt is not None and depth == 0:
        # 90名国家级、150名省级科技人才: the level words share the list's noun
        nxt_after, _ = _after_np(text, nxt.span.end, clause.end, False)
        m = re.match(r"[^、]{1,4}级", nxt_after)
        if m:
            return after + nxt_after[m.end():]
    if _noun_phrase(after, de, measured):
        return after
    if not after and listed_next and nxt is not None:
        # 分别给予最高100万元、50万元、30万元奖励: the list's last item names the noun
        chain = nxt
        for _ in range(8):
            k = same.index(chain)
            if k + 1 < len(same) and _listed(text, chain.span.end, same[k + 1].span.start):
                chain = same[k + 1]
            else:
                break
        k = same.index(chain)
        tail, tde = _after_np(text, chain.span.end, same[k + 1].span.start if k + 1 < len(same)
                              else clause.end, k + 1 < len(same))
        if _noun_phrase(tail, tde, False):
            return tail
    between = text[prv.span.end : q.span.start] if prv is not None else "x"
    if between.strip(" 、,，和及与或第一二三四五六七八九十年") == "":
        return previous  # 第一年50%、第二年40% / 分别达到65%和55%: the list's first item named it
    metric = _clean_subject(before, measured)
    if metric:
        return metric
    # 最高不超过200万元 after …予以补助: the reward named earlier in the sentence
    nouns = [(text.rfind(w, sent.start, q.span.start), w) for w in ("补助", "补贴", "奖励", "奖补", "资助")]
    nouns = [(pos, w) for pos, w in nouns if pos >= 0]
    return max(nouns)[1] if nouns else ""


def _noun_phrase(after: str, de: bool, measured: bool) -> bool:
    """Whether the words after a figure name what it counts (not a new clause: 予以补助, 用于…)."""
    if not after or after.startswith(("用于", "用来", *_TRAILING_VERBS, *cues().get("aux", ()))):
        return False
    if any(w in after for w in cues()["incentive"]):
        return True  # 给予最高100万元的一次性奖励 / 2.43亿元推动…专项引导资金: what the money is
    if after.startswith((*cues().get("stop", ()), *cues().get("lead", ()))):
        return False
    return not (de and measured)  # 占比不低于80%的项目: the figure is said of the subject


def _tail_after_de(phrase: str) -> str:
    """具有行业影响力的人工智能细分领域企业 → 人工智能细分领域企业."""
    depth = 0
    cut = -1
    for k, ch in enumerate(phrase):
        if ch in "(（“":
            depth += 1
        elif ch in ")）”" and depth:
            depth -= 1
        elif ch == "的" and depth == 0 and k >= 1:
            cut = k
    if cut >= 0 and len(phrase) - cut - 1 >= 2:
        return phrase[cut + 1 :]
    return phrase


def _starts_with_verb(phrase: str, flags: tuple[str, ...] = ("v", "p", "c", "d")) -> bool:
    from kg.extract.segment import pos_cut

    words = pos_cut(phrase[:12])
    return bool(words) and words[0][1] in flags and words[0][0] not in ("高", "新")


def _clean_subject(before: str, measured: bool) -> str:
    """The subject before a figure, without scope words (全市), time words and framing."""
    from kg.extract.segment import pos_cut

    c = cues()
    s = re.sub(r"在[^,，;；]{0,24}?下", "", before)  # 在使用半精度输出输入(FP16)下
    # the base of a change is not the metric: 能耗比2020年(下降16%), 与2020年相比
    s = re.sub(r"与[^,，、]{0,8}?相比", "", s)
    s = re.sub(r"(?:比|较|较之)\s*(?:(?:19|20)\d\d年(?:底|末)?|上年|去年|同期)\s*$", "", s)
    s = re.sub(r"(19|20)\d\d年(度)?|今年|去年|当年|全年|本年|前[一二三四]季度|上半年|下半年", "", s)
    s = re.sub(r"第[一二三四五六七八九十\d]+年|[\d一二三四五六七八九十两]+年(?:内|来|间)", "", s)
    s = re.sub(r"^\s*(?:\d+[.．、)）]|[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+、)", "", s)
    s = s.strip(" ,，、")
    items = _split_depth0(s, "、")
    if len(items) > 1 and items[-1][1] - items[-1][0] >= 4:
        # …辖区内建设、算力标称值达100P: the item before is a clause of its own (it ends in a
        # verb), the subject is the last item; 核心数据、重要数据灾备覆盖率 stays whole
        head = pos_cut(s[items[-2][0] : items[-2][1]])
        if head and head[-1][1] in ("v", "vn"):
            s = s[items[-1][0] :]
    # after the verb that hands over or brings about: 最高给予一次性奖励 → 一次性奖励
    cuts = [s.rfind(w) + len(w) for w in (*c.get("lead", ()), *_TRAILING_VERBS,
                                         *(w for w, _c, where in _prefix_words() if where == "before"))
            if w in s and s.rfind(w) + len(w) < len(s)]
    if cuts:
        s = s[max(cuts):]
    for w in sorted(_periods(), key=len, reverse=True):
        s = s.replace(w, "")
    changed = True
    while changed:
        changed = False
        for w in c["scope"]:
            if s.startswith(w):
                s = s[len(w):]
                changed = True
    s = re.sub(r"^(?:从|对于|对|按照|按|由|经|向|为)", "", s)
    if not measured:
        from kg.extract.actions import verbs

        table = verbs()
        words = pos_cut(s)
        k = 0
        def verbal(w: str, flag: str) -> bool:
            in_table = w in table and table[w].mode != "frame"
            return (flag in ("v", "p", "c", "d", "ad", "vd") or in_table) and w not in ("高", "新")

        while k < len(words) - 1 and verbal(*words[k]):
            k += 1
        s = "".join(w for w, _ in words[k:])
        s = _tail_after_de(s)
    return s.strip(" ,，、的“”‘’")
