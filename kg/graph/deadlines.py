"""Deadlines, standing commitments and blanket rules as RDF (W3C OWL-Time, SKOS).

A dated deadline is a ``time:Interval`` whose ``time:hasEnd`` is a ``time:Instant``
with ``time:inXSDDate`` — the last day allowed; a stretch (``2024—2026年``,
``上半年``) is a ``time:ProperInterval`` that also has a ``time:hasBeginning``. So
"what falls due before a date" is one path for every dated deadline:
``?task kg:hasDeadline/time:hasEnd/time:inXSDDate ?due``. A standing commitment
(``持续推进``, ``每年``) is a ``kg:StandingCommitment`` with a ``kg:recurrence`` from
a SKOS scheme matched to the Dublin Core frequency vocabulary; a time kept only as
text is a bare ``kg:Deadline`` with its ``kg:problem``.

Every node is named from its task (or plan) and its position there, never a blank
node, so builds stay byte-stable.
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import RDF, XSD, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from kg.graph.store import TripleSet
from kg.model import Deadline, Document, Task

TIME = Namespace("http://www.w3.org/2006/time#")
KG = Namespace("https://w3id.org/policy-kg/ontology#")

RECURRENCE = {
    "continuous": KG.Continuous,
    "annual": KG.Annual,
    "semiannual": KG.Semiannual,
    "quarterly": KG.Quarterly,
    "monthly": KG.Monthly,
    "weekly": KG.Weekly,
    "periodic": KG.Periodic,
}


def _instant(g: TripleSet, node: URIRef, day: str) -> URIRef:
    g.add((node, RDF.type, TIME.Instant))
    g.add((node, TIME.inXSDDate, Literal(day, datatype=XSD.date)))
    return node


def deadline_node(g: TripleSet, doc: Document, owner: URIRef, k: int, d: Deadline) -> URIRef:
    """The triples of one deadline, named ``{owner}/deadline/{k}``."""
    node = URIRef(f"{owner}/deadline/{k}")
    g.add((node, RDF.type, KG.Deadline))
    g.add((node, KG.text, Literal(d.text, lang="zh")))
    g.add((node, KG.deadlineSource, Literal(d.source)))
    g.add((node, KG.startOffset, Literal(d.span.start)))
    g.add((node, KG.endOffset, Literal(d.span.end)))
    g.add((node, KG.sourceLine, Literal(doc.line_of(d.span.start))))
    if d.year_from:
        g.add((node, KG.yearFrom, Literal(d.year_from)))
    if d.recurrence:
        g.add((node, RDF.type, KG.StandingCommitment))
        g.add((node, KG.recurrence, RECURRENCE[d.recurrence]))
        if d.start or d.end:
            g.add((node, RDF.type, TIME.Interval))
        if d.start:
            g.add((node, TIME.hasBeginning, _instant(g, URIRef(f"{node}/start"), d.start)))
        if d.end:
            # 年内持续推进: standing, but within a time that ends
            g.add((node, TIME.hasEnd, _instant(g, URIRef(f"{node}/end"), d.end)))
    elif d.date or d.end:
        g.add((node, RDF.type, TIME.Interval))
        g.add((node, TIME.hasEnd, _instant(g, URIRef(f"{node}/end"), d.due)))
        if d.start:
            g.add((node, RDF.type, TIME.ProperInterval))
            g.add((node, TIME.hasBeginning, _instant(g, URIRef(f"{node}/start"), d.start)))
    if d.problem:
        g.add((node, KG.problem, Literal(d.problem)))
    return node


def task_deadlines(g: TripleSet, doc: Document, task: Task, task_node: URIRef, plan: URIRef) -> None:
    """A task's deadlines, the bodies each binds, and its implied (blanket) assignees."""
    units = task.units(doc)
    implied = task.implied_units(doc)
    for k, idx in enumerate(task.deadlines, 1):
        d = doc.deadlines[idx]
        node = deadline_node(g, doc, task_node, k, d)
        g.add((task_node, KG.hasDeadline, node))
        if d.note_index is not None:
            g.add((node, PROV.wasDerivedFrom, URIRef(f"{plan}/note/{d.note_index + 1}")))
        for n, u in enumerate(units, 1):
            if u.agency is None or (d.note_index is not None and u.note_index != d.note_index):
                continue
            g.add((node, KG.binds, URIRef(u.agency.iri)))
            g.add((node, KG.appliesTo, URIRef(f"{task_node}/assignment/{n}")))
        for u in implied:
            if u.agency is not None:
                g.add((node, KG.binds, URIRef(u.agency.iri)))
    for n, u in enumerate(implied, 1):
        if u.agency is None:
            continue
        agent = URIRef(u.agency.iri)
        a = URIRef(f"{task_node}/implied/{n}")
        g.add((task_node, KG.impliedAssignee, agent))
        g.add((task_node, KG.hasImpliedAssignment, a))
        g.add((a, RDF.type, KG.ImpliedAssignment))
        g.add((a, KG.agent, agent))
        g.add((a, KG.role, {"lead": KG.Lead, "responsible": KG.Responsible,
                            "cooperate": KG.Cooperate}[u.role]))
        g.add((a, KG.mention, Literal(u.mention, lang="zh")))
        g.add((a, KG.order, Literal(n)))
        rule = next((b for b in task.blankets if u in doc.blankets[b].units), None)
        if rule is not None:
            g.add((a, KG.impliedBy, URIRef(f"{plan}/blanket/{rule + 1}")))


def plan_rules(g: TripleSet, doc: Document, plan_at: Callable[[int], URIRef | None],
               task_nodes: dict[str, URIRef]) -> None:
    """The plan's blanket rules and its plan-level deadlines (``plan_at``: the plan at an offset)."""
    for k, b in enumerate(doc.blankets, 1):
        plan = plan_at(b.span.start)
        if plan is None:
            continue
        node = URIRef(f"{plan}/blanket/{k}")
        g.add((node, RDF.type, KG.BlanketRule))
        g.add((node, KG.text, Literal(b.text, lang="zh")))
        g.add((node, KG.scope, Literal(b.scope)))
        g.add((node, KG.startOffset, Literal(b.span.start)))
        g.add((node, KG.endOffset, Literal(b.span.end)))
        g.add((node, KG.sourceLine, Literal(doc.line_of(b.span.start))))
        g.add((node, PROV.wasDerivedFrom, plan))
        for u in b.units:
            if u.agency is not None:
                g.add((node, KG.names, URIRef(u.agency.iri)))
        for path in b.tasks:
            if path in task_nodes:
                g.add((node, KG.appliesTo, task_nodes[path]))
    plan_level = [d for d in doc.deadlines if d.owner == "plan"]
    for k, d in enumerate(plan_level, 1):
        plan = plan_at(d.span.start)
        if plan is None:
            continue
        node = deadline_node(g, doc, plan, k, d)
        g.add((plan, KG.hasDeadline, node))
        if d.note_index is not None:
            g.add((node, PROV.wasDerivedFrom, URIRef(f"{plan}/note/{d.note_index + 1}")))

