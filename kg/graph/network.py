"""The corpus as networkx graphs: who carries which tasks, who shares them, who bridges.

The RDF graph answers "what does the plan say"; analysts also ask "who is overloaded,
who always works together, which bureau connects the others", which are graph
measures. This module flattens the document model once into plan/task/assignment
views (shared by the HTML page and the tables, so both show the same numbers), and
computes from them:

- agency workload: tasks by role (lead, responsible, cooperate), plans, shared tasks;
- the co-responsibility network: two bodies are linked when they own a task
  together, weighted by the number of such tasks;
- centrality on that network (partners, degree centrality, betweenness);
- a typed graph of the whole corpus for Gephi (GraphML and GEXF, byte-stable).

Node ids are the RDF IRIs (``kg.graph.rdf``), so a node seen in Gephi or in the page
can be looked up with SPARQL. Tasks carry their sectors and targets (``task.sectors``,
``doc.targets``) with the same IRIs as the RDF.

>>> from kg.pipeline import extract_text
>>> from kg.resolve import Resolver
>>> r = Resolver()
>>> doc = extract_text("青岛市数据行动计划\\n一、重点任务\\n1.建设平台。(牵头单位:市大数据局;"
...                    "责任单位:市工业和信息化局)\\n2.开放数据。(责任单位:市大数据局)", "p.txt", r)
>>> plans = corpus_view([doc])
>>> for t in plans[0].tasks:
...     print(t.number, t.path, [(a.agency.name, a.role) for a in t.assignments])
1 一/1 [('青岛市大数据局', 'lead'), ('青岛市工业和信息化局', 'responsible')]
2 一/2 [('青岛市大数据局', 'responsible')]
>>> a = analyse(plans)
>>> [(w.agency.name, w.lead, w.responsible, w.tasks, w.shared) for w in a.workload]
[('青岛市大数据局', 1, 1, 2, 1), ('青岛市工业和信息化局', 0, 1, 1, 1)]
>>> sorted((u.rsplit('/', 1)[1], v.rsplit('/', 1)[1], d['weight']) for u, v, d in a.co.edges(data=True))
[('青岛市大数据局', '青岛市工业和信息化局', 1)]
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from kg.extract.numbers import plain
from kg.graph.rdf import SECTOR, assign_plan_iris, item_iri, plan_iri
from kg.model import ROLES, Agency, Document, Place, Role, SubDocument, Target, Task
from kg.structure import walk

ROLE_RANK: dict[Role, int] = {r: i for i, r in enumerate(ROLES)}
ROLE_ZH: dict[str, str] = {"lead": "牵头", "responsible": "责任", "cooperate": "配合"}

# Betweenness is exact up to this many bodies, then estimated from a fixed sample of
# sources (seeded, so still deterministic): exact betweenness is O(V·E) and a
# thousand-plan corpus has thousands of bodies.
EXACT_BETWEENNESS_LIMIT = 1500
BETWEENNESS_SAMPLE = 500


# ---------------------------------------------------------------------------
# views of the model


@dataclass(frozen=True)
class Sector:
    """A sector concept a task is tagged with (ontology/sectors.ttl)."""

    iri: str
    label: str


@dataclass(frozen=True)
class TargetRef:
    """A quantity (target, incentive or reported figure) as the page and tables show it."""

    iri: str
    text: str
    kind: str = "target"
    value: str = ""
    unit: str = ""
    comparator: str = ""
    year: str = ""


@dataclass
class Assignment:
    """One body on one task: its strongest role and every role and mention as written.

    A body named twice in one task (``省科技厅`` leading one half and responsible for
    the other) is one assignment, so role counts add up to task counts.
    """

    agency: Agency
    role: Role
    roles: tuple[Role, ...]
    mentions: tuple[str, ...]


@dataclass
class SectionView:
    iri: str
    path: str
    title: str
    parent: str  # IRI of the section, task or plan it sits in
    line: int


@dataclass
class TaskView:
    iri: str
    plan: str  # the plan's IRI
    doc: Document
    task: Task
    number: int  # 序号: 1-based position in its plan
    parent: str  # IRI of the section or task it sits in, or the plan
    assignments: list[Assignment]
    notes: list[str]  # the responsibility notes as written
    etc: bool
    sectors: list[Sector] = field(default_factory=list)
    targets: list[TargetRef] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.task.path

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def text(self) -> str:
        return self.task.text(self.doc)

    @property
    def line(self) -> int:
        return self.task.source_line

    def by_role(self, role: Role) -> list[Assignment]:
        return [a for a in self.assignments if a.role == role]

    def mentions(self, role: Role) -> list[str]:
        """Mentions as written for one role, in written order (what a 分工表 prints)."""
        out: list[str] = []
        for a in self.assignments:
            if a.role == role:
                out.extend(m for m in a.mentions if m not in out)
        return out


@dataclass
class PlanView:
    iri: str
    doc: Document
    part: SubDocument
    title: str
    tasks: list[TaskView] = field(default_factory=list)
    sections: list[SectionView] = field(default_factory=list)
    targets: list[TargetRef] = field(default_factory=list)  # quantities not inside a task
    units: list[Assignment] = field(default_factory=list)  # plan-level notes (本方案由…牵头)

    @property
    def jurisdiction(self) -> Place | None:
        return self.doc.metadata.jurisdiction

    @property
    def jurisdiction_name(self) -> str:
        place = self.jurisdiction
        return place.qualified() if place is not None else ""


def task_sectors(task: Task) -> list[Sector]:
    """A task's sectors (ids in the SKOS scheme) with their Chinese labels and RDF IRIs."""
    from kg.extract.sectors import by_id

    out: list[Sector] = []
    for sid in task.sectors:
        concept = by_id().get(sid)
        out.append(Sector(str(SECTOR[sid]), concept.zh if concept else sid))
    return out


def _number(v: Decimal | tuple[Decimal, Decimal] | None) -> str:
    if v is None:
        return ""
    if isinstance(v, tuple):
        return "–".join(_number(x) for x in v)
    return str(plain(v))


def _target_ref(doc: Document, iri: str, t: Target) -> TargetRef:
    q = t.quantity
    return TargetRef(
        iri=iri, text=doc.text[q.span.start : q.span.end], kind=t.kind, value=_number(q.value),
        unit=q.unit, comparator=q.comparator, year=str(t.year) if t.year is not None else "")


def _assignments(units: Iterable[Any]) -> list[Assignment]:
    order: list[str] = []
    by_iri: dict[str, tuple[Agency, list[Role], list[str]]] = {}
    for u in units:
        if u.agency is None:
            continue
        if u.agency.iri not in by_iri:
            order.append(u.agency.iri)
            by_iri[u.agency.iri] = (u.agency, [], [])
        _, roles, mentions = by_iri[u.agency.iri]
        if u.role not in roles:
            roles.append(u.role)
        if u.mention not in mentions:
            mentions.append(u.mention)
    out = []
    for iri in order:
        agency, roles, mentions = by_iri[iri]
        best = min(roles, key=ROLE_RANK.__getitem__)
        out.append(Assignment(agency, best, tuple(roles), tuple(mentions)))
    return out


def _prefix(path: str) -> str:
    return path.split("/", 1)[0] if path.startswith("#") else ""


def _parent_path(path: str) -> str | None:
    """The numbering path one level up, or None at the top of a plan."""
    if "/" not in path:
        return None
    parent = path.rsplit("/", 1)[0]
    if parent.startswith("#") and "/" not in parent:
        return None
    return parent


def document_plans(doc: Document) -> list[PlanView]:
    """The plans of one document with their tasks, the sections above them, quantities."""
    parts = doc.parts or [SubDocument("", doc.metadata.title, None)]  # type: ignore[arg-type]
    plans: dict[str, PlanView] = {}
    for part in parts:
        iri = str(plan_iri(doc, part))
        plans[part.prefix] = PlanView(iri, doc, part, part.title or doc.metadata.title or doc.name)
    first = next(iter(plans.values()))
    task_paths = {t.path for t in doc.tasks}
    section_of = {s.path: s for p in parts for s in walk(p.sections)}
    for task in doc.tasks:
        plan = plans.get(_prefix(task.path), first)
        wanted: list[str] = []
        p = _parent_path(task.path)
        while p is not None and p not in task_paths:
            wanted.append(p)
            p = _parent_path(p)
        known = {s.path for s in plan.sections}
        for path in reversed(wanted):
            if path in known or path not in section_of:
                continue
            sec = section_of[path]
            up = _parent_path(path)
            parent = _item(plan.iri, up) if up else plan.iri
            plan.sections.append(SectionView(_item(plan.iri, path), path,
                                             sec.title, parent, sec.source_line))
            known.add(path)
        up = _parent_path(task.path)
        parent = _item(plan.iri, up) if up else plan.iri
        plan.tasks.append(TaskView(
            iri=_item(plan.iri, task.path), plan=plan.iri, doc=doc, task=task,
            number=len(plan.tasks) + 1, parent=parent,
            assignments=_assignments(task.units(doc)),
            notes=[doc.text[doc.notes[i].span.start : doc.notes[i].span.end] for i in task.notes],
            etc=task.etc(doc), sectors=task_sectors(task)))
    first.units = _assignments(u for i in doc.plan_notes for u in doc.notes[i].units)
    tasks_by_path = {t.path: t for pl in plans.values() for t in pl.tasks}
    # targets are numbered per owner, as the RDF names them ({task or plan}/target/N)
    for t in doc.targets:
        tv = tasks_by_path.get(t.task) if t.task else None
        if tv is not None:
            tv.targets.append(_target_ref(doc, f"{tv.iri}/target/{len(tv.targets) + 1}", t))
        else:
            plan = plans.get(t.prefix, first)
            plan.targets.append(_target_ref(doc, f"{plan.iri}/target/{len(plan.targets) + 1}", t))
    return list(plans.values())


def _item(plan: str, path: str) -> str:
    """The RDF IRI of a numbered item (the page and Gephi use the RDF's names)."""
    return str(item_iri(URIRef(plan), path))


def corpus_view(docs: Iterable[Document]) -> list[PlanView]:
    """Every plan of the corpus, in file-name order, with its tasks in document order.

    A document that assigns nothing is left out: a news article (its reported figures
    are in the RDF) or a text with neither tasks nor targets would be a lone node in the
    page and an empty sheet in the 任务分工表.
    """
    docs = sorted(docs, key=lambda d: d.name)
    assign_plan_iris(docs)
    out: list[PlanView] = []
    for doc in docs:
        for plan in document_plans(doc):
            if plan.tasks or (plan.targets and doc.metadata.genre != "news"):
                out.append(plan)
    return out


# ---------------------------------------------------------------------------
# analytics


@dataclass
class Workload:
    """What one body carries across the corpus. lead + responsible + cooperate == tasks."""

    agency: Agency
    lead: int = 0
    responsible: int = 0
    cooperate: int = 0
    tasks: int = 0
    plans: int = 0
    shared: int = 0  # tasks it shares with at least one other body
    solo: int = 0  # tasks it carries alone
    partners: int = 0  # bodies it shares at least one task with
    strength: int = 0  # tasks shared, summed over partners (weighted degree)
    degree_centrality: float = 0.0
    betweenness: float = 0.0

    @property
    def jurisdiction(self) -> str:
        return self.agency.place.qualified() if self.agency.place is not None else ""


@dataclass
class Analytics:
    workload: list[Workload]  # busiest first, then by name
    co: nx.Graph  # the co-responsibility network: agency IRIs, edge weight = shared tasks

    def by_iri(self) -> dict[str, Workload]:
        return {w.agency.iri: w for w in self.workload}


def co_responsibility(plans: Sequence[PlanView]) -> nx.Graph:
    """Bodies linked by the tasks they own together; ``weight`` counts those tasks.

    Nodes and edges are inserted in sorted order so every export of it is stable.
    """
    weights: dict[tuple[str, str], int] = {}
    agencies: dict[str, Agency] = {}
    for plan in plans:
        for t in plan.tasks:
            iris = sorted({a.agency.iri for a in t.assignments})
            for a in t.assignments:
                agencies[a.agency.iri] = a.agency
            for i, u in enumerate(iris):
                for v in iris[i + 1 :]:
                    weights[(u, v)] = weights.get((u, v), 0) + 1
    g = nx.Graph()
    for iri in sorted(agencies):
        g.add_node(iri, label=agencies[iri].name, kind=agencies[iri].kind)
    for (u, v), w in sorted(weights.items()):
        g.add_edge(u, v, weight=w)
    return g


def analyse(plans: Sequence[PlanView]) -> Analytics:
    """Workload per body, the co-responsibility network and its centralities."""
    loads: dict[str, Workload] = {}
    plans_of: dict[str, set[str]] = {}
    for plan in plans:
        for t in plan.tasks:
            shared = len(t.assignments) > 1
            for a in t.assignments:
                w = loads.setdefault(a.agency.iri, Workload(a.agency))
                setattr(w, a.role, getattr(w, a.role) + 1)
                w.tasks += 1
                w.shared += shared
                w.solo += not shared
                plans_of.setdefault(a.agency.iri, set()).add(plan.iri)
    co = co_responsibility(plans)
    degree = nx.degree_centrality(co) if len(co) > 1 else {}
    if len(co) > EXACT_BETWEENNESS_LIMIT:
        between = nx.betweenness_centrality(co, k=BETWEENNESS_SAMPLE, seed=0)
    else:
        between = nx.betweenness_centrality(co) if len(co) > 2 else {}
    for iri, w in loads.items():
        w.plans = len(plans_of[iri])
        w.partners = co.degree(iri)
        w.strength = int(co.degree(iri, weight="weight"))
        w.degree_centrality = round(degree.get(iri, 0.0), 6)
        w.betweenness = round(between.get(iri, 0.0), 6)
    ranked = sorted(loads.values(), key=lambda w: (-w.tasks, -w.lead, w.agency.name, w.agency.iri))
    return Analytics(ranked, co)


# ---------------------------------------------------------------------------
# Gephi: GraphML and GEXF

NODE_COLOURS: dict[str, str] = {
    # one palette for the page, the legend and Gephi
    "plan": "#1f4e79",
    "section": "#8fa3b8",
    "task": "#3a9d5d",
    "agency": "#e07b1f",
    "group": "#8e5ba6",
    "sector": "#1a9e9e",
    "target": "#c2185b",
}


def agency_type(agency: Agency) -> str:
    return "group" if agency.kind == "collective" else "agency"


def knowledge_graph(plans: Sequence[PlanView], analytics: Analytics | None = None) -> nx.DiGraph:
    """The corpus as one typed, directed graph (what Gephi opens).

    Nodes carry ``label`` and ``type`` (plan, section, task, agency, group, sector,
    target) and their facts; edges point from the part to the whole (task → section →
    plan) and from a task to its bodies, sectors and targets, with ``relation``
    (part_of, lead, responsible, cooperate, sector, target) and ``weight``.
    """
    analytics = analytics or analyse(plans)
    loads = analytics.by_iri()
    g = nx.DiGraph()
    agencies: dict[str, Agency] = {}
    sectors: dict[str, Sector] = {}
    edges: list[tuple[str, str, dict[str, Any]]] = []

    def part_of(u: str, v: str) -> None:
        edges.append((u, v, {"relation": "part_of", "weight": 1}))

    for plan in plans:
        meta = plan.doc.metadata
        g.add_node(plan.iri, label=plan.title, type="plan", doc=plan.doc.name,
                   jurisdiction=plan.jurisdiction_name, doc_number=meta.doc_number,
                   date=meta.date, tasks=len(plan.tasks))
        for s in plan.sections:
            g.add_node(s.iri, label=f"{s.path} {s.title}", type="section", doc=plan.doc.name,
                       path=s.path)
            part_of(s.iri, s.parent)
        for t in plan.tasks:
            g.add_node(t.iri, label=t.title, type="task", doc=plan.doc.name, path=t.path,
                       text=t.text, line=t.line, bodies=len(t.assignments))
            part_of(t.iri, t.parent)
            for a in t.assignments:
                agencies[a.agency.iri] = a.agency
                edges.append((t.iri, a.agency.iri, {"relation": a.role, "weight": 1,
                                                    "mention": "、".join(a.mentions)}))
            for s in t.sectors:
                sectors[s.iri] = s
                edges.append((t.iri, s.iri, {"relation": "sector", "weight": 1}))
            for q in t.targets:
                g.add_node(q.iri, label=q.text, type="target", kind=q.kind, doc=plan.doc.name)
                edges.append((q.iri, t.iri, {"relation": "target", "weight": 1}))
        for q in plan.targets:
            g.add_node(q.iri, label=q.text, type="target", kind=q.kind, doc=plan.doc.name)
            edges.append((q.iri, plan.iri, {"relation": "target", "weight": 1}))
    for iri in sorted(agencies):
        a = agencies[iri]
        w = loads.get(iri) or Workload(a)
        g.add_node(iri, label=a.name, type=agency_type(a), kind=a.kind, jurisdiction=w.jurisdiction,
                   lead=w.lead, responsible=w.responsible, cooperate=w.cooperate, tasks=w.tasks,
                   plans=w.plans, partners=w.partners, betweenness=w.betweenness)
    for iri in sorted(sectors):
        g.add_node(iri, label=sectors[iri].label, type="sector")
    for u, v, d in edges:
        g.add_edge(u, v, **d)
    return g


def _fixed_gexf_date(text: str, date: str) -> str:
    """networkx stamps GEXF with today's date; put the corpus's own date instead."""
    return re.sub(r'lastmodifieddate="[^"]*"', f'lastmodifieddate="{date}"', text, count=1)


def gexf_bytes(g: nx.Graph, date: str) -> bytes:
    """GEXF 1.2 with node colours and sizes for Gephi, byte-stable for a given graph."""
    h = g.copy()
    for _, d in h.nodes(data=True):
        colour = NODE_COLOURS.get(d.get("type", "agency"), NODE_COLOURS["agency"]).lstrip("#")
        r, gg, b = (int(colour[i : i + 2], 16) for i in (0, 2, 4))
        size = 4.0 + float(d.get("tasks", 0) if d.get("type") in ("agency", "group") else 0)
        d["viz"] = {"color": {"r": r, "g": gg, "b": b, "a": 1.0}, "size": size}
    text = "\n".join(nx.generate_gexf(h, version="1.2draft")) + "\n"
    return _fixed_gexf_date(text, date).encode("utf-8")


def graphml_bytes(g: nx.Graph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml_xml(g, buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def corpus_date(plans: Sequence[PlanView]) -> str:
    """The newest plan date: the one date the exports may carry and stay reproducible."""
    dates = sorted(p.doc.metadata.date for p in plans if p.doc.metadata.date)
    return dates[-1] if dates else "2000-01-01"


def write_gephi(plans: Sequence[PlanView], analytics: Analytics, out: Path) -> list[Path]:
    """graph.graphml and graph.gexf (the typed corpus graph), agencies.gexf (co-responsibility)."""
    g = knowledge_graph(plans, analytics)
    date = corpus_date(plans)
    co = analytics.co.copy()
    loads = analytics.by_iri()
    for iri, d in co.nodes(data=True):
        w = loads[iri]
        d.update(type=agency_type(w.agency), jurisdiction=w.jurisdiction, tasks=w.tasks, lead=w.lead,
                 responsible=w.responsible, cooperate=w.cooperate, betweenness=w.betweenness)
    files = {
        "graph.graphml": graphml_bytes(g),
        "graph.gexf": gexf_bytes(g, date),
        "agencies.gexf": gexf_bytes(co, date),
    }
    written = []
    for name, data in files.items():
        (out / name).write_bytes(data)
        written.append(out / name)
    return written
