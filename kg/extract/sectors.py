"""Which sectors a task is about, from the SKOS scheme in ontology/sectors.ttl.

Each sector concept carries its keywords as ``skos:hiddenLabel`` (data, not code).
The tagger segments the task's own words with jieba (keywords kept whole, so 港口
is not found in 香港口岸) and scores each sector:

* a keyword in the task's title counts 3, in its text 1;
* a keyword in a clause that lists three or more things (支撑工业制造、交通运输、
  智能电网、金融服务、医疗健康等低时延业务) counts half: a list of beneficiaries is
  not what the task is about, though a sector named twice still is;
* the responsibility note is not read: 市农业农村局 owning a task does not make the
  task about farming.

A sector is kept when it scores 2 or more; a task where none does keeps its best
one(s), preferring a keyword said outright to one in a list; a task with no keyword
at all takes the sectors of its headings (the chapter 算力设施“强基”行动 speaks for its
items), so every task has a sector.

>>> tag("人工智能+智慧教育", "推动人工智能技术和产品在教育治理、课堂教学的场景化应用。")
['education']
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Document, Task

SCHEME = "https://w3id.org/policy-kg/sector"
TITLE_WEIGHT = 3.0
LIST_WEIGHT = 0.5
KEEP = 2.0
Scores = dict[str, tuple[float, float]]  # sector id → (all evidence, evidence outside long lists)


@dataclass(frozen=True)
class Sector:
    id: str
    iri: str
    zh: str
    en: str
    notation: str
    keywords: tuple[str, ...]


@lru_cache(maxsize=1)
def sectors() -> tuple[Sector, ...]:
    """The scheme's concepts in scheme order (skos:notation)."""
    from rdflib import Graph, Namespace
    from rdflib.namespace import RDF, SKOS

    g = Graph()
    g.parse(data=resources.files("kg.ontology").joinpath("sectors.ttl").read_text(encoding="utf-8"),
            format="turtle")
    ns = Namespace(SCHEME + "/")
    out = []
    for c in g.subjects(RDF.type, SKOS.Concept):
        labels = {lit.language: str(lit) for lit in g.objects(c, SKOS.prefLabel)}
        out.append(Sector(
            id=str(c)[len(str(ns)):], iri=str(c), zh=labels.get("zh", ""), en=labels.get("en", ""),
            notation=str(g.value(c, SKOS.notation)),
            keywords=tuple(sorted(str(k) for k in g.objects(c, SKOS.hiddenLabel))),
        ))
    return tuple(sorted(out, key=lambda s: s.notation))


@lru_cache(maxsize=1)
def by_id() -> dict[str, Sector]:
    return {s.id: s for s in sectors()}


@lru_cache(maxsize=1)
def _keyword_map() -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for s in sectors():
        for k in s.keywords:
            out.setdefault(k, []).append(s.id)
    return {k: tuple(v) for k, v in out.items()}


def keyword_words() -> list[str]:
    """Every keyword, for jieba's user dictionary."""
    return sorted(_keyword_map())


def _list_ranges(text: str) -> list[tuple[int, int]]:
    """Clauses that list three or more things (A、B、C等): their keywords count half."""
    from kg.text import depth_zero_splits

    out = []
    for a, b in depth_zero_splits(text, "。；;，,：:\n"):
        if len(depth_zero_splits(text[a:b], "、")) >= 3:
            out.append((a, b))
    return out


def score(text: str, weight: float = 1.0) -> Scores:
    """Sector scores of a piece of text: (all evidence, evidence outside long lists)."""
    from kg.extract.segment import tokenizer

    kmap = _keyword_map()
    lists = _list_ranges(text)
    matches: list[tuple[int, int, str]] = []
    for word, a, b in tokenizer().tokenize(text, mode="search", HMM=False):
        for sid in kmap.get(word, ()):
            matches.append((a, b, sid))
    # one match per sector per place: 智慧港口 and its sub-word 港口 count once
    kept: list[tuple[int, int, str]] = []
    for a, b, sid in sorted(matches, key=lambda m: (m[0], -(m[1] - m[0]))):
        if any(sid == s and ka <= a and b <= kb for ka, kb, s in kept):
            continue
        kept.append((a, b, sid))
    scores: Scores = {}
    for a, _b, sid in kept:
        listed = any(la <= a < lb for la, lb in lists)
        total, own = scores.get(sid, (0.0, 0.0))
        scores[sid] = (total + weight * (LIST_WEIGHT if listed else 1.0), own + (0.0 if listed else weight))
    return scores


def _add(a: Scores, b: Scores) -> Scores:
    out = dict(a)
    for sid, (t, o) in b.items():
        t0, o0 = out.get(sid, (0.0, 0.0))
        out[sid] = (t0 + t, o0 + o)
    return out


def _choose(scores: Scores) -> list[str]:
    """Sectors scoring 2 or more; else the best, preferring evidence outside long lists."""
    order = {s.id: i for i, s in enumerate(sectors())}
    ranked = sorted(scores, key=lambda s: (-scores[s][0], order[s]))
    kept = [s for s in ranked if scores[s][0] >= KEEP]
    if kept:
        return kept
    pool = [s for s in ranked if scores[s][1] > 0] or ranked
    if not pool:
        return []
    top = max(scores[s][0] for s in pool)
    return [s for s in pool if scores[s][0] == top]


def tag(title: str, body: str, context: str = "") -> list[str]:
    """Sector ids for a task: its title, its text, and (when those name none) its headings."""
    scores = _add(score(body), score(title, TITLE_WEIGHT - 1.0))  # the title is in the body too
    chosen = _choose(scores)
    if not chosen and context:
        chosen = _choose(score(context))
    return chosen


def task_body(doc: Document, task: Task) -> str:
    """The task's own words without its responsibility notes."""
    chars = []
    for span in task.text_spans:
        seg = list(doc.text[span.start : span.end])
        for n in doc.notes:
            if span.start <= n.span.start < span.end:
                for k in range(n.span.start, min(n.span.end, span.end)):
                    seg[k - span.start] = " "
        chars.append("".join(seg))
    return "\n".join(chars)


def _headings(doc: Document, task: Task) -> str:
    """The titles of the headings above a task, nearest first."""
    from kg.structure import walk

    out = []
    for part in doc.parts:
        for sec in walk(part.sections):
            if sec.span.start <= task.span.start < sec.span.end and sec is not task.section:
                out.append((sec.span.start, sec.title))
    return "。".join(t for _, t in sorted(out, reverse=True))


def tag_sectors(doc: Document) -> Document:
    """The pipeline stage: ``task.sectors`` for every task."""
    for task in doc.tasks:
        task.sectors = tag(task.title, task_body(doc, task), _headings(doc, task))
    return doc
