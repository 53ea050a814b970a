"""The policy actions a task leads with, normalised to the scheme in ontology/actions.ttl.

A task's sentences open with what the government will do: 建设…, 培育…, 支持企业…,
引进…, 开展…, 设立…. Each clause is read on its own:

* a clause opening with a frame (依托…, 围绕…, 聚焦…, 面向…) sets the scene and
  has no action of its own;
* adverbs (积极, 大力, 进一步) are skipped; a leading verb (推动, 加快, 统筹) gives way
  to the verb after it (推动建设 → 建设) and speaks for itself only alone;
* the verb must open the clause (within its first words): a verb deep inside a
  clause is part of an object, not the task's action;
* the verb's action comes from kg/data/actions.tsv, where an object word can redirect
  it (引进人才 → attract-talent, 设立基金 → fund-subsidise).

Each action keeps the verb as written and the object phrase it governs.

>>> [(a.action, a.verb, a.object) for a in actions_in("加快建设国际通信业务出入口局,培育一批领军企业。")]
[('build-infrastructure', '建设', '国际通信业务出入口局'), ('cultivate-enterprises', '培育', '一批领军企业')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Action, Document, Span

LEAD_WINDOW = 3  # the verb must be among a clause's first words (adverbs not counted)


@dataclass(frozen=True)
class Verb:
    verb: str
    action: str
    mode: str  # fixed / object / lead / adverb / frame
    cues: tuple[tuple[str, str], ...]


@lru_cache(maxsize=1)
def verbs() -> dict[str, Verb]:
    text = resources.files("kg.data").joinpath("actions.tsv").read_text(encoding="utf-8")
    out = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cols = [*line.split("\t"), ""][:4]
        cues = tuple(tuple(c.split(":", 1)) for c in cols[3].split() if ":" in c)
        out[cols[0]] = Verb(cols[0], cols[1], cols[2], cues)  # type: ignore[arg-type]
    return out


def verb_words() -> list[str]:
    """Every verb, adverb and frame word, for jieba's user dictionary."""
    return sorted(verbs())


@lru_cache(maxsize=1)
def scheme() -> dict[str, tuple[str, str]]:
    """Action id → (zh label, en label), from ontology/actions.ttl, in scheme order."""
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(data=resources.files("kg.ontology").joinpath("actions.ttl").read_text(encoding="utf-8"),
            format="turtle")
    rows = []
    for c in g.subjects(RDF.type, SKOS.Concept):
        labels = {lit.language: str(lit) for lit in g.objects(c, SKOS.prefLabel)}
        rows.append((str(g.value(c, SKOS.notation)), str(c).rsplit("/", 1)[1],
                     labels.get("zh", ""), labels.get("en", "")))
    return {aid: (zh, en) for _n, aid, zh, en in sorted(rows)}


def _resolve(v: Verb, obj: str) -> str:
    for cue, action in v.cues:
        if cue in obj:
            return action
    return v.action


def _clauses(text: str, offset: int) -> list[tuple[int, str]]:
    from kg.text import depth_zero_splits

    return [(offset + a, text[a:b]) for a, b in depth_zero_splits(text, "。；;，,：:\n") if text[a:b].strip()]


def _clause_action(clause: str, start: int) -> Action | None:
    from kg.extract.segment import tokenizer

    table = verbs()
    words = [(w, a, b) for w, a, b in tokenizer().tokenize(clause, HMM=False) if w.strip()]
    k = 0
    seen = 0
    while k < len(words) and seen < LEAD_WINDOW:
        w = words[k][0]
        v = table.get(w)
        if v is None:
            seen += 1
            k += 1
            continue
        if v.mode == "frame":
            return None
        if v.mode == "adverb":
            k += 1
            continue
        if v.mode == "lead":
            # 推动建设 → 建设; 加快推进…建设 → the next verb that is not itself a lead
            j = k + 1
            while j < len(words) and table.get(words[j][0]) is not None and \
                    table[words[j][0]].mode in ("adverb", "lead"):
                j += 1
            if j < len(words) and words[j][0] in table and table[words[j][0]].mode in ("fixed", "object"):
                k = j
                v = table[words[j][0]]
            # else alone, or before a non-verb: the lead verb is the action itself
        a, b = words[k][1], words[k][2]
        obj = clause[b:].strip(" 。；;，,")
        return Action(action=_resolve(v, obj), verb=v.verb, object=obj,
                      span=Span(start + a, start + len(clause.rstrip())))
    return None


def actions_in(text: str, offset: int = 0) -> list[Action]:
    """The leading action of each clause of a text, in order, each (action, object) once."""
    out: list[Action] = []
    seen: set[tuple[str, str]] = set()
    for start, clause in _clauses(text, offset):
        a = _clause_action(clause, start)
        if a is None or not a.object:
            continue
        key = (a.action, a.object)
        if key not in seen:
            seen.add(key)
            out.append(a)
    return out


def tag_actions(doc: Document) -> Document:
    """The pipeline stage: ``task.actions`` for every task (its notes are not read)."""
    from kg.extract.sectors import task_body

    for task in doc.tasks:
        body = task_body(doc, task)
        # offsets: task_body joins the task's spans with newlines, one char each
        found: list[Action] = []
        pos = 0
        for span in task.text_spans:
            seg = body[pos : pos + (span.end - span.start)]
            found.extend(actions_in(seg, span.start))
            pos += span.end - span.start + 1
        seen: set[tuple[str, str]] = set()
        task.actions = []
        for a in found:
            if (a.action, a.object) not in seen:
                seen.add((a.action, a.object))
                task.actions.append(a)
    return doc
