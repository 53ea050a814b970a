"""SHACL validation of the built graph (ontology/shapes.ttl) with pyshacl.

A graph that violates a shape is a bug in the extractor or the graph builder; the
build refuses to write it and shows the report, rather than letting a malformed
graph reach a user's triple store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph, Literal
from rdflib.term import Node

from kg.graph.store import QuadDataset, TripleSet


class ShapeViolation(Exception):
    """The graph does not conform to the project's SHACL shapes."""


@dataclass
class Report:
    conforms: bool
    text: str
    violations: int


@lru_cache(maxsize=4)
def _turtle(prefix: str) -> Graph:
    """Every ontology/<prefix>*.ttl file as one graph (kg.ttl + kg-deadlines.ttl …)."""
    g = Graph()
    folder = resources.files("kg.ontology")
    for f in sorted(folder.iterdir(), key=lambda f: f.name):
        if f.name.startswith(prefix) and f.name.endswith(".ttl"):
            g.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    return g


def shapes() -> Graph:
    return _turtle("shapes")


def ontology() -> Graph:
    return _turtle("kg")


def validate(g: Graph) -> Report:
    """Validate one data graph against the shapes, with the ontology's class hierarchy.

    ``sh:class prov:Agent`` holds for a kg:Agency only through the ontology's subclass
    axioms, so they go beside the data (pyshacl's ``ont_graph``, on a copy). The build
    validates a whole corpus with :func:`validate_dataset` instead.
    """
    from pyshacl import validate as shacl
    from rdflib.namespace import SH

    conforms, report_graph, text = shacl(
        g, shacl_graph=shapes(), ont_graph=ontology(), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True,
    )
    violations = len(set(report_graph.subjects(predicate=SH.resultSeverity, object=SH.Violation)))
    return Report(bool(conforms), str(text), violations)


def validate_dataset(ds: QuadDataset, chunk_triples: int = 200_000) -> Report:
    """Validate a dataset a few documents at a time, as if it were one graph.

    One rdflib graph of a thousand plans takes gigabytes and pyshacl's time grows with
    it; the shapes here only look one step from a node (its own properties, and the
    types of their values), so each node can be judged from its complete description
    plus the types of what it points to. Each chunk of named graphs is therefore
    validated with the descriptions its subjects have in other graphs and the types of
    every node it mentions, and only results about the chunk's own subjects count: a
    node pulled in for its type is judged in its own chunk. Memory then follows the
    chunk size, not the corpus.
    """
    from pyshacl import validate as shacl
    from rdflib.namespace import RDF, SH

    graphs = list(ds.graphs())
    holders: dict[Node, list[TripleSet]] = {}
    for ts in graphs:
        for s in ts.subject_set():
            holders.setdefault(s, []).append(ts)
    axioms = list(ontology())

    chunks: list[list[TripleSet]] = [[]]
    size = 0
    for ts in graphs:
        if chunks[-1] and size + len(ts) > chunk_triples:
            chunks.append([])
            size = 0
        chunks[-1].append(ts)
        size += len(ts)

    results: dict[tuple[str, ...], tuple[str, bool]] = {}
    for chunk in chunks:
        own = set(chunk)
        data = Graph()
        subjects: set[Node] = set()
        for ts in chunk:
            subjects.update(ts.subject_set())
            for t in ts:
                data.add(t)
        for s in subjects:
            for other in holders.get(s, ()):
                if other not in own:
                    for t in other.triples((s, None, None)):
                        data.add(t)
        for o in set(data.objects()):
            if isinstance(o, Literal) or o in subjects:
                continue
            for holder in holders.get(o, ()):
                for t in holder.triples((o, RDF.type, None)):
                    data.add(t)
        for t in axioms:
            data.add(t)
        _, report_graph, _ = shacl(
            data, shacl_graph=shapes(), inference="none", inplace=True,
            abort_on_first=False, allow_warnings=True, advanced=True,
        )
        for r in report_graph.subjects(RDF.type, SH.ValidationResult):
            focus = report_graph.value(r, SH.focusNode)
            if focus not in subjects:
                continue
            fields = {name: report_graph.value(r, getattr(SH, name)) for name in _RESULT_FIELDS}
            key = tuple(str(fields[name]) for name in _RESULT_FIELDS)
            results[key] = (_result_text(fields), fields["resultSeverity"] == SH.Violation)
    ordered = [results[k] for k in sorted(results)]
    violations = sum(1 for _, is_violation in ordered if is_violation)
    text = (f"Validation Report\nConforms: {violations == 0}\nResults ({len(ordered)}):\n"
            + "".join(t for t, _ in ordered))
    return Report(violations == 0, text, violations)


_RESULT_FIELDS = ("focusNode", "resultPath", "sourceConstraintComponent", "value",
                  "resultSeverity", "sourceShape", "resultMessage")


def _result_text(f: dict[str, Node | None]) -> str:
    """One result in the shape of pyshacl's own text report."""
    severity = str(f["resultSeverity"]).rsplit("#", 1)[-1]
    component = str(f["sourceConstraintComponent"]).rsplit("#", 1)[-1]
    lines = [f"Constraint Violation in {component} ({f['sourceConstraintComponent']}):",
             f"\tSeverity: sh:{severity}",
             f"\tSource Shape: {f['sourceShape']}",
             f"\tFocus Node: {f['focusNode']}"]
    if f["value"] is not None:
        lines.append(f"\tValue Node: {f['value']}")
    if f["resultPath"] is not None:
        lines.append(f"\tResult Path: {f['resultPath']}")
    if f["resultMessage"] is not None:
        lines.append(f"\tMessage: {f['resultMessage']}")
    return "\n".join(lines) + "\n"
