"""The document model as RDF: one named graph per source file, one for shared agencies.

Every IRI is minted from content (the plan's title, a numbering path, an agency's
canonical name, a place's code), never from counters over a run, so two builds in
any file order give the same triples. No blank nodes: every node can be named in a
query and compared across builds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, SKOS

from kg.graph.deadlines import TIME, plan_rules, task_deadlines
from kg.graph.store import QuadDataset, TripleSet
from kg.model import Agency, Document, Place, SubDocument, Target, Task
from kg.resolve import BASE, agency_iri, iri_safe
from kg.structure import walk

KG = Namespace("https://w3id.org/policy-kg/ontology#")
QUDT = Namespace("http://qudt.org/schema/qudt/")
UNIT = Namespace("http://qudt.org/vocab/unit/")
SECTOR = Namespace(f"{BASE}sector/")
ACTION = Namespace(f"{BASE}action/")
TARGET_CLASS = {"target": KG.Goal, "incentive": KG.Incentive, "actual": KG.ReportedFigure}
AGENCIES_GRAPH = URIRef(f"{BASE}graph/agencies")
ROLE_PROPERTY = {"lead": KG.ledBy, "responsible": KG.responsibility, "cooperate": KG.cooperatedBy}
ROLE_CONCEPT = {"lead": KG.Lead, "responsible": KG.Responsible, "cooperate": KG.Cooperate}
KIND_CLASS = {
    "department": KG.GovernmentDepartment,
    "party": KG.PartyOrgan,
    "government": KG.Government,
    "committee": KG.ManagementCommittee,
    "institution": KG.Institution,
    "unknown": KG.Agency,
    "collective": KG.AgencyGroup,
}
PREFIXES = {
    "kg": KG, "org": ORG, "prov": PROV, "skos": SKOS, "dcterms": DCTERMS,
    "xsd": XSD, "rdfs": RDFS, "time": TIME, "qudt": QUDT, "unit": UNIT, "sector": SECTOR,
    "action": ACTION,
}


def zh(s: str) -> Literal:
    return Literal(s, lang="zh")


def _norm_title(title: str) -> str:
    t = re.sub(r"\s+", "", title)
    return t.replace("(", "（").replace(")", "）")


def plan_iri(doc: Document, part: SubDocument) -> URIRef:
    """A plan's IRI: the one :func:`assign_plan_iris` chose, else :func:`base_plan_iri`."""
    return URIRef(part.iri) if part.iri else base_plan_iri(doc, part)


def assign_plan_iris(docs: Iterable[Document]) -> None:
    """Name every plan of a corpus so that two different texts never share a name.

    A plan is named by its title (see :func:`base_plan_iri`): the same plan saved twice
    is one node. Two different texts under one title (a draft and the final version,
    two cities' plans with the same generic title) would merge into one node with two
    dates, so the later file (in name order) gets its file name after ``~``.
    """
    seen: dict[str, str] = {}  # base IRI -> digest of the text that holds it
    for doc in sorted(docs, key=lambda d: d.name):
        for part in doc.parts:
            base = str(base_plan_iri(doc, part))
            owner = seen.setdefault(base, doc.digest)
            part.iri = base if owner == doc.digest else f"{base}~{iri_safe(doc.name)}"


def base_plan_iri(doc: Document, part: SubDocument) -> URIRef:
    """A plan is named by its title, qualified by its place when the title lacks it."""
    title = _norm_title(part.title or doc.metadata.title)
    place = doc.metadata.jurisdiction
    if not title:
        title = doc.name
    if place is not None and not title.startswith(place.name[:2]):
        title = place.qualified() + "·" + title
    kind = "article" if doc.metadata.genre == "news" else "plan"
    return URIRef(f"{BASE}{kind}/{iri_safe(title)}")


def graph_iri(doc: Document) -> URIRef:
    """The named graph holding one source file's triples (stable across its edits)."""
    return URIRef(f"{BASE}graph/{iri_safe(doc.name)}")


def place_iri(place: Place) -> URIRef:
    return URIRef(f"{BASE}place/{place.code}")


def item_iri(plan: URIRef, path: str) -> URIRef:
    bare = path.split("/", 1)[1] if path.startswith("#") else path
    return URIRef(f"{plan}/{iri_safe(bare)}")


def _add_place(g: TripleSet, place: Place) -> URIRef:
    node = place_iri(place)
    for p in place.chain():
        n = place_iri(p)
        g.add((n, RDF.type, KG.Jurisdiction))
        g.add((n, SKOS.prefLabel, zh(p.name)))
        g.add((n, KG.adcode, Literal(p.code)))
        g.add((n, KG.level, Literal(p.level)))
        if p.parent is not None:
            g.add((n, KG.withinJurisdiction, place_iri(p.parent)))
    return node


def government_of(place: Place) -> tuple[str, str]:
    name = place.qualified() + "人民政府"
    return name, agency_iri(name)


def party_committee_of(place: Place) -> tuple[str, str]:
    name = f"中共{place.qualified()}委员会"
    return name, agency_iri(name)


def add_agency(g: TripleSet, agency: Agency) -> None:
    node = URIRef(agency.iri)
    cls = KIND_CLASS.get(agency.kind, KG.Agency)
    g.add((node, RDF.type, cls))
    if cls != KG.AgencyGroup:
        g.add((node, RDF.type, KG.Agency))
        g.add((node, RDF.type, ORG.Organization))
    g.add((node, RDF.type, PROV.Agent))
    g.add((node, SKOS.prefLabel, zh(agency.name)))
    g.add((node, RDFS.label, zh(agency.name)))
    for alias in sorted(agency.aliases):
        if alias != agency.name:
            g.add((node, SKOS.altLabel, zh(alias)))
    g.add((node, KG.kind, Literal(agency.kind)))
    place = agency.place
    if place is None:
        return
    g.add((node, KG.jurisdiction, _add_place(g, place)))
    if cls == KG.AgencyGroup or agency.vertical:
        return  # a group has no parent body; a vertical office answers to its national body
    # hierarchy: a department under its government, a party organ under its committee,
    # a government under the government of the place above
    if agency.kind == "government" and agency.name == government_of(place)[0]:
        parent_place = place.parent
        if parent_place is not None:
            pname, piri = government_of(parent_place)
            _ensure_body(g, piri, pname, "government", parent_place)
            g.add((node, ORG.subOrganizationOf, URIRef(piri)))
        return
    if agency.kind == "party":
        pname, piri = party_committee_of(place)
        if piri != agency.iri:
            _ensure_body(g, piri, pname, "party", place)
            g.add((node, ORG.subOrganizationOf, URIRef(piri)))
        return
    gname, giri = government_of(place)
    if giri != agency.iri:
        _ensure_body(g, giri, gname, "government", place)
        g.add((node, ORG.subOrganizationOf, URIRef(giri)))


def _ensure_body(g: TripleSet, iri: str, name: str, kind: str, place: Place) -> None:
    node = URIRef(iri)
    if (node, RDF.type, KG.Agency) in g:
        return
    add_agency(g, Agency(name=name, iri=iri, kind=kind, place=place))  # type: ignore[arg-type]


def document_graph(ds: QuadDataset, doc: Document) -> None:
    """Add one document's plans, sections, tasks, notes and assignments to its graph."""
    g = ds.graph(graph_iri(doc))
    meta = doc.metadata
    for part in doc.parts or [SubDocument("", meta.title, None)]:  # type: ignore[arg-type]
        plan = plan_iri(doc, part)
        g.add((plan, RDF.type, KG.NewsArticle if meta.genre == "news" else KG.Plan))
        g.add((plan, RDF.type, PROV.Entity))
        g.add((plan, DCTERMS.title, zh(part.title or meta.title or doc.name)))
        g.add((plan, RDFS.label, zh(part.title or meta.title or doc.name)))
        g.add((plan, KG.sourceFile, Literal(doc.name)))
        if meta.notice_title:
            g.add((plan, KG.noticeTitle, zh(meta.notice_title)))
        if meta.doc_number:
            g.add((plan, DCTERMS.identifier, Literal(meta.doc_number)))
        if meta.date:
            g.add((plan, DCTERMS.issued, Literal(meta.date, datatype=XSD.date)))
        if meta.period:
            g.add((plan, KG.periodStart, Literal(str(meta.period[0]), datatype=XSD.gYear)))
            g.add((plan, KG.periodEnd, Literal(str(meta.period[1]), datatype=XSD.gYear)))
        if meta.jurisdiction is not None:
            g.add((plan, KG.jurisdiction, _add_place(g, meta.jurisdiction)))
        for issuer in doc.issuer_agencies:
            g.add((plan, DCTERMS.creator, URIRef(issuer.iri)))
        if part.sections:
            for sec in walk(part.sections):
                node = item_iri(plan, sec.path)
                g.add((node, RDF.type, KG.Section))
                g.add((node, KG.path, Literal(sec.path)))
                g.add((node, DCTERMS.title, zh(sec.title)))
                g.add((node, RDFS.label, zh(f"{sec.path} {sec.title}")))
                g.add((node, KG.sourceLine, Literal(sec.source_line)))
                g.add((node, KG.startOffset, Literal(sec.head.start)))
                g.add((node, DCTERMS.isPartOf, _parent(plan, sec.path)))
    plans = {p.prefix: plan_iri(doc, p) for p in doc.parts}
    first_plan = next(iter(plans.values()), None)
    task_nodes: dict[str, URIRef] = {}
    for task in doc.tasks:
        prefix = task.path.split("/", 1)[0] if task.path.startswith("#") else ""
        plan = plans.get(prefix, first_plan)
        if plan is None:
            continue
        _task_triples(g, doc, task, plan)
        task_nodes[task.path] = item_iri(plan, task.path)
    for i in doc.plan_notes:
        note_node = _note_triples(g, doc, i, first_plan)
        if first_plan is not None:
            g.add((note_node, KG.governs, first_plan))
    _targets(g, doc, plans, first_plan)

    def plan_at(offset: int) -> URIRef | None:
        for p in doc.parts:
            if p.region is not None and p.region.start <= offset < p.region.end:
                return plans[p.prefix]
        return first_plan

    plan_rules(g, doc, plan_at, task_nodes)


def decimal(d: Decimal) -> Literal:
    """An xsd:decimal in canonical form (12000.0, 2.05) so Turtle's shorthand reads back the same."""
    text = format(d, "f")
    if "." not in text:
        text += ".0"
    return Literal(text, datatype=XSD.decimal)


def _targets(g: TripleSet, doc: Document, plans: dict[str, URIRef], first_plan: URIRef | None) -> None:
    """Each quantity as a node under its task (or its plan), numbered in document order."""
    counts: dict[URIRef, int] = {}
    for t in doc.targets:
        plan = plans.get(t.prefix, first_plan)
        if plan is None:
            continue
        owner = item_iri(plan, t.task) if t.task else plan
        counts[owner] = counts.get(owner, 0) + 1
        node = URIRef(f"{owner}/target/{counts[owner]}")
        _target_triples(g, doc, t, node, owner, plan)


def _target_triples(g: TripleSet, doc: Document, t: Target, node: URIRef, owner: URIRef,
                    plan: URIRef) -> None:
    q = t.quantity
    g.add((node, RDF.type, KG.Target))
    g.add((node, RDF.type, TARGET_CLASS[t.kind]))
    g.add((node, RDF.type, QUDT.QuantityValue))
    g.add((owner, KG.hasTarget, node))
    g.add((node, KG.targetOf, owner))
    g.add((node, KG.kind, Literal(t.kind)))
    g.add((node, KG.comparator, Literal(q.comparator)))
    g.add((node, KG.unit, Literal(q.unit)))
    if isinstance(q.value, tuple):
        g.add((node, KG.minValue, decimal(q.value[0])))
        g.add((node, KG.maxValue, decimal(q.value[1])))
    else:
        g.add((node, KG.value, decimal(q.value)))
    # the same amount in the base unit, in QUDT's terms (qudt:hasUnit unit:PetaFLOPS …)
    base = q.base_value
    if q.qudt:
        g.add((node, QUDT.hasUnit, UNIT[q.qudt]))
    if q.base_unit:
        g.add((node, KG.baseUnit, Literal(q.base_unit)))
    if isinstance(base, tuple):
        g.add((node, QUDT.lowerBound, decimal(base[0])))
        g.add((node, QUDT.upperBound, decimal(base[1])))
    elif base is not None:
        g.add((node, QUDT.numericValue, decimal(base)))
        if q.comparator == ">=":
            g.add((node, QUDT.lowerBound, decimal(base)))
        elif q.comparator == "<=":
            g.add((node, QUDT.upperBound, decimal(base)))
    if t.year is not None:
        g.add((node, KG.year, Literal(str(t.year), datatype=XSD.gYear)))
    if t.metric:
        g.add((node, KG.metric, zh(t.metric)))
    if t.period:
        g.add((node, KG.period, Literal(t.period)))
    if t.per:
        g.add((node, KG.per, zh(t.per)))
    if t.role:
        g.add((node, KG.incentiveRole, Literal(t.role)))
    if t.condition:
        g.add((node, KG.condition, zh(t.condition)))
    text = doc.text[q.span.start : q.span.end]
    g.add((node, KG.text, zh(text)))
    g.add((node, RDFS.label, zh(f"{t.metric} {text}".strip())))
    g.add((node, KG.startOffset, Literal(q.span.start)))
    g.add((node, KG.endOffset, Literal(q.span.end)))
    g.add((node, KG.sourceLine, Literal(doc.line_of(q.span.start))))
    g.add((node, PROV.wasDerivedFrom, plan))


def _parent(plan: URIRef, path: str) -> URIRef:
    """The section a path sits in, or the plan for a top-level item."""
    if "/" not in path:
        return plan
    parent = path.rsplit("/", 1)[0]
    if parent.startswith("#") and "/" not in parent:
        return plan
    return item_iri(plan, parent)


def _note_triples(g: TripleSet, doc: Document, i: int, plan: URIRef | None) -> URIRef:
    note = doc.notes[i]
    node = URIRef(f"{plan or graph_iri(doc)}/note/{i + 1}")
    g.add((node, RDF.type, KG.ResponsibilityNote))
    g.add((node, KG.text, zh(doc.text[note.span.start : note.span.end])))
    g.add((node, KG.form, Literal(note.form)))
    g.add((node, KG.startOffset, Literal(note.span.start)))
    g.add((node, KG.endOffset, Literal(note.span.end)))
    g.add((node, KG.sourceLine, Literal(doc.line_of(note.span.start))))
    g.add((node, PROV.wasDerivedFrom, graph_iri(doc)))
    for text, _span in note.remarks:
        g.add((node, KG.remark, zh(text)))
    if note.scope is not None:
        g.add((node, PROV.value, zh(doc.text[note.scope.start : note.scope.end])))
    return node


def _task_triples(g: TripleSet, doc: Document, task: Task, plan: URIRef) -> None:
    node = item_iri(plan, task.path)
    g.add((node, RDF.type, KG.Task))
    g.add((node, KG.path, Literal(task.path)))
    g.add((node, DCTERMS.title, zh(task.title)))
    if (node, RDFS.label, None) not in g:
        g.add((node, RDFS.label, zh(f"{task.path} {task.title}")))
    g.add((node, KG.text, zh(task.text(doc))))
    g.add((node, KG.sourceLine, Literal(task.source_line)))
    g.set((node, KG.startOffset, Literal(task.span.start)))
    g.add((node, KG.endOffset, Literal(task.span.end)))
    g.add((node, PROV.wasDerivedFrom, plan))
    g.add((node, DCTERMS.isPartOf, _parent(plan, task.path)))
    if task.etc(doc):
        g.add((node, KG.openList, Literal(True)))
    _sector_and_action_triples(g, task, node)
    for k, u in enumerate(task.units(doc)):
        if u.agency is None:
            continue
        agent = URIRef(u.agency.iri)
        g.add((node, ROLE_PROPERTY[u.role], agent))
        g.add((node, KG.assignedTo, agent))
        a = URIRef(f"{node}/assignment/{k + 1}")
        g.add((node, KG.hasAssignment, a))
        g.add((a, RDF.type, KG.Assignment))
        g.add((a, KG.agent, agent))
        g.add((a, KG.role, ROLE_CONCEPT[u.role]))
        g.add((a, KG.mention, zh(u.mention)))
        g.add((a, KG.order, Literal(k + 1)))
        g.add((a, KG.startOffset, Literal(u.span.start)))
        g.add((a, KG.endOffset, Literal(u.span.end)))
        note_node = _note_triples(g, doc, u.note_index, plan)
        g.add((a, KG.note, note_node))
        g.add((a, PROV.wasDerivedFrom, note_node))
    task_deadlines(g, doc, task, node, plan)


def _concept(g: TripleSet, node: URIRef, scheme: str, zh_label: str, en_label: str) -> None:
    g.add((node, RDF.type, SKOS.Concept))
    g.add((node, SKOS.inScheme, URIRef(scheme)))
    g.add((node, SKOS.prefLabel, zh(zh_label)))
    g.add((node, SKOS.prefLabel, Literal(en_label, lang="en")))


def _sector_and_action_triples(g: TripleSet, task: Task, node: URIRef) -> None:
    """The task's sectors (SKOS concepts) and its leading actions (each a node with its object)."""
    from kg.extract.actions import scheme as action_scheme
    from kg.extract.sectors import SCHEME, by_id

    for sid in task.sectors:
        s = by_id()[sid]
        concept = SECTOR[sid]
        g.add((node, KG.sector, concept))
        _concept(g, concept, SCHEME, s.zh, s.en)
    labels = action_scheme()
    for k, a in enumerate(task.actions, 1):
        concept = ACTION[a.action]
        zh_label, en_label = labels.get(a.action, (a.action, a.action))
        _concept(g, concept, f"{BASE}action", zh_label, en_label)
        g.add((node, KG.action, concept))
        an = URIRef(f"{node}/action/{k}")
        g.add((node, KG.hasAction, an))
        g.add((an, RDF.type, KG.ActionStatement))
        g.add((an, KG.actionType, concept))
        g.add((an, KG.verb, zh(a.verb)))
        g.add((an, KG.object, zh(a.object)))
        g.add((an, KG.order, Literal(k)))
        g.add((an, KG.startOffset, Literal(a.span.start)))
        g.add((an, KG.endOffset, Literal(a.span.end)))


def build_dataset(docs: Iterable[Document], agencies: Iterable[Agency]) -> QuadDataset:
    """The corpus as named graphs: one per source file, one for the shared agencies."""
    docs = list(docs)
    assign_plan_iris(docs)
    ds = QuadDataset()
    for doc in docs:
        document_graph(ds, doc)
    g = ds.graph(AGENCIES_GRAPH)
    for agency in sorted(agencies, key=lambda a: a.iri):
        add_agency(g, agency)
    return ds


def union_graph(ds: QuadDataset) -> Graph:
    """All named graphs as one rdflib Graph (what SHACL and rdflib's SPARQL see)."""
    return ds.union()
