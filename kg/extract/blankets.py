"""Blanket rules: one line that gives a body to many tasks at once.

Plans that would repeat the same owner on every item say it once instead:
``以下各项任务各区均须落实,不再逐项列出``, or inside the first note
``(生态环境部指导,试点城市政府负责落实。以下均需试点城市政府落实,不再列出)``, or
``具体任务均涉及相关市(州)人民政府,不再做分工,下同``. Such a rule is recorded on
the plan (:class:`kg.model.Blanket`) and applied to the tasks it governs — those
after it (``以下``, ``下列``), those from its own task on (``下同``), those before it
(``上述``, ``以上``), or all — as *implied* units, kept apart from the units each
task's own note names so that what was written stays exact.
"""

from __future__ import annotations

import re

from kg.extract.lexicon import role_verb_at_end, role_verbs
from kg.extract.responsibility import agency_like, is_collective, split_units
from kg.model import Blanket, Document, Span, UnitMention
from kg.text import depth_zero_splits

# the sentence must say the rule stands for many items
_MANY = re.compile(
    r"不再(?:单独|逐项|一一|分别|重复)?(?:列出|列明|列举|分工|做分工|重复)|下同|以下均|均(?:需|须|要|应|由|涉及|为)"
)
# outside a note the sentence must say so outright (a task's own sentence may read
# 各区政府均要负责…, which assigns that task only)
_STRONG = re.compile(
    r"不再(?:单独|逐项|一一|分别|重复)?(?:列出|列明|列举|分工|做分工|重复)|下同|^(?:注[:：])?(?:以下|下列|上述|以上)"
)
_FOLLOWING = re.compile(r"以下|下列|下述|后同|下同")
_PRECEDING = re.compile(r"上述|以上|前述")
_HEAD = re.compile(
    r"^(?:注[:：])?(?:以下|下列|下述|上述|以上|前述|本方案|本计划|本实施方案)?(?:所列|所有|涉及的|的)?"
    r"(?:各项|所有|全部|具体|各)?(?:重点)?(?:政策措施|任务|工作|措施|事项|政策|条款)*"
    r"(?:均|都|一律|全部)?(?:需要|需|须|要|应|由|涉及|为|有)?"
)
_TAIL = re.compile(r"(?:均|都|一律)?(?:需要|需|须|要|应)?(?:负责|为责任单位|为责任主体)?$")
# the clause itself must speak for many items
_BLANKET_WORD = re.compile(r"以下|下列|下述|上述|以上|前述|均|都|一律|全部")
_ROLE_RULE = re.compile(r"第一|首位|为牵头|牵头单位|牵头部门")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")


def parse_rule(clause: str) -> tuple[list[tuple[str, int, int]], str] | None:
    """The bodies a blanket clause names, with offsets into it, and their role.

    >>> parse_rule("以下均需试点城市政府落实")
    ([('试点城市政府', 4, 10)], 'responsible')
    >>> [m for m, *_ in parse_rule("以下各项任务各区均须落实")[0]]
    ['各区']
    """
    if not _BLANKET_WORD.search(clause) or _ROLE_RULE.search(clause):
        return None  # a task's own units (X负责,下同), or the rule 列第一位者为牵头单位
    head = _HEAD.match(clause)
    a = head.end() if head else 0
    b = len(clause)
    role = "responsible"
    m = role_verb_at_end().search(clause, a)
    if m and m.start() > a:
        role = role_verbs()[m.group(1)]
        b = m.start()
    t = _TAIL.search(clause, a, b)
    if t and t.start() > a:
        b = t.start()
    body = clause[a:b]
    parts = split_units(body, a)
    if not parts:
        return None
    out = []
    for mention, s, e, _etc in parts:
        if not (agency_like(mention) or is_collective(mention)):
            return None
        out.append((mention, s, e))
    return out, role


def _scope(sentence: str) -> str:
    if "下同" in sentence or "后同" in sentence:
        return "this-and-following"
    if _FOLLOWING.search(sentence):
        return "following"
    if _PRECEDING.search(sentence):
        return "preceding"
    return "all"


def _rules_in(doc: Document, text_start: int, text_end: int, note_index: int | None) -> list[Blanket]:
    """Blanket rules in one stretch of text (a note's body, or a line outside notes)."""
    text = doc.text[text_start:text_end]
    out: list[Blanket] = []
    for sm in _SENTENCE.finditer(text):
        sentence = sm.group(0)
        if not (_MANY if note_index is not None else _STRONG).search(sentence.strip()):
            continue
        for a, b in depth_zero_splits(sentence, ",，"):
            clause = sentence[a:b]
            lead = len(clause) - len(clause.lstrip(" \u3000"))
            clause = clause.strip(" \u3000")
            parsed = parse_rule(clause)
            if not parsed:
                continue
            names, role = parsed
            base = text_start + sm.start() + a + lead
            idx = -1 if note_index is None else note_index
            units = [UnitMention(m, role, Span(base + s, base + e), idx)  # type: ignore[arg-type]
                     for m, s, e in names]
            span = Span(text_start + sm.start(), text_start + sm.end())
            out.append(Blanket(text=sentence.strip(), span=span, units=units,
                               scope=_scope(sentence), note_index=note_index))  # type: ignore[arg-type]
    return out


def find_blankets(doc: Document) -> Document:
    """Every blanket rule, and the tasks each governs (``Task.blankets``)."""
    rules: list[Blanket] = []
    in_notes = [False] * len(doc.text)
    for i, note in enumerate(doc.notes):
        for j in range(note.span.start, note.span.end):
            in_notes[j] = True
        rules.extend(_rules_in(doc, note.body.start, note.body.end, i))
    for ln in doc.lines:
        if any(in_notes[ln.start : ln.end]):
            # the parts of the line outside its notes
            j = ln.start
            while j < ln.end:
                if in_notes[j]:
                    j += 1
                    continue
                k = j
                while k < ln.end and not in_notes[k]:
                    k += 1
                rules.extend(_rules_in(doc, j, k, None))
                j = k
        else:
            rules.extend(_rules_in(doc, ln.start, ln.end, None))
    rules.sort(key=lambda r: r.span.start)
    doc.blankets = rules
    for task in doc.tasks:
        task.blankets = []
    for k, rule in enumerate(rules):
        part = next((p for p in doc.parts if p.region and p.region.start <= rule.span.start < p.region.end),
                    None)
        region = part.region if part is not None else None
        for task in doc.tasks:
            if region is not None and not region.start <= task.span.start < region.end:
                continue
            if _governs(rule, task.span):
                task.blankets.append(k)
                rule.tasks.append(task.path)
    return doc


def _governs(rule: Blanket, span: Span) -> bool:
    if rule.scope == "following":
        return span.start >= rule.span.end
    if rule.scope == "this-and-following":
        return span.end > rule.span.start
    if rule.scope == "preceding":
        return span.start < rule.span.start
    return True
