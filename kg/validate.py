"""SHACL validation of the built graph (ontology/shapes.ttl) with pyshacl.

A graph that violates a shape is a bug in the extractor or the graph builder; the
build refuses to write it and shows the report, rather than letting a malformed
graph reach a user's triple store.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from rdflib import Graph


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


def validate(g: Graph, *, in_place: bool = False) -> Report:
    """Validate a data graph against the shapes, with the ontology's class hierarchy.

    ``sh:class prov:Agent`` holds for a kg:Agency only through the ontology's subclass
    axioms, so they must sit beside the data. pyshacl's ``ont_graph`` does that on a
    copy of the whole data graph, which costs as much as the validation itself on a
    large corpus; a caller that owns a throwaway graph (the build's union of every
    document) passes ``in_place=True`` and the axioms are added to it instead.
    """
    from pyshacl import validate as shacl
    from rdflib.namespace import SH

    if in_place:
        for t in ontology():
            g.add(t)
        options: dict = {"inplace": True}
    else:
        options = {"ont_graph": ontology()}
    conforms, report_graph, text = shacl(
        g, shacl_graph=shapes(), inference="none",
        abort_on_first=False, allow_warnings=True, advanced=True, **options,
    )
    violations = len(set(report_graph.subjects(predicate=SH.resultSeverity, object=SH.Violation)))
    return Report(bool(conforms), str(text), violations)


def check(g: Graph) -> None:
    """Raise ShapeViolation with pyshacl's report when the graph does not conform."""
    report = validate(g)
    if not report.conforms:
        raise ShapeViolation(report.text)
