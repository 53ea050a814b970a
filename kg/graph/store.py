"""A light in-memory dataset the graph builder writes into: named graphs of triples.

rdflib's Dataset keeps three indexes per graph and costs seconds per hundred thousand
triples; the builder only ever adds triples, replaces one value, and asks whether a
node already has a property. This keeps exactly that, with rdflib terms, so the graph
code reads the same; exporters and the SHACL check take the triples from here.

>>> from rdflib import URIRef, Literal
>>> ds = QuadDataset(); g = ds.graph(URIRef("http://g")); s, p = URIRef("http://s"), URIRef("http://p")
>>> g.add((s, p, Literal(1))); g.set((s, p, Literal(2))); (s, p, None) in g, len(g)
(True, 1)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rdflib import Graph, URIRef
from rdflib.term import Node

Triple = tuple[Node, Node, Node]


class TripleSet:
    """One named graph: a set of triples indexed subject -> predicate -> objects."""

    def __init__(self, identifier: URIRef) -> None:
        self.identifier = identifier
        self._spo: dict[Node, dict[Node, set[Node]]] = {}
        self._n = 0

    def add(self, t: Triple) -> None:
        objs = self._spo.setdefault(t[0], {}).setdefault(t[1], set())
        if t[2] not in objs:
            objs.add(t[2])
            self._n += 1

    def set(self, t: Triple) -> None:
        """Replace every value of (subject, predicate) with this one."""
        objs = self._spo.get(t[0], {}).get(t[1])
        if objs:
            self._n -= len(objs)
            objs.clear()
        self.add(t)

    def remove(self, pattern: tuple[Any, Any, Any]) -> None:
        s, p, o = pattern
        for ks in [s] if s is not None else list(self._spo):
            po = self._spo.get(ks, {})
            for kp in [p] if p is not None else list(po):
                objs = po.get(kp, set())
                gone = objs if o is None else objs & {o}
                self._n -= len(gone)
                po[kp] = objs - gone

    def __contains__(self, pattern: tuple[Any, Any, Any]) -> bool:
        s, p, o = pattern
        if s is not None and p is not None:
            objs = self._spo.get(s, {}).get(p, ())
            return bool(objs) if o is None else o in objs
        return any(True for _ in self.triples(pattern))

    def triples(self, pattern: tuple[Any, Any, Any] = (None, None, None)) -> Iterator[Triple]:
        s, p, o = pattern
        subjects = ((s, self._spo[s]),) if s is not None and s in self._spo else (
            () if s is not None else self._spo.items())
        for ks, po in subjects:
            for kp, objs in ((p, po.get(p, ())),) if p is not None else po.items():
                for ko in objs:
                    if o is None or ko == o:
                        yield ks, kp, ko

    def subjects(self, predicate: Any = None, obj: Any = None) -> Iterator[Node]:
        seen = set()
        for s, _, _ in self.triples((None, predicate, obj)):
            if s not in seen:
                seen.add(s)
                yield s

    def subject_set(self) -> set[Node]:
        """Every node that has at least one triple here as its subject."""
        return {s for s, po in self._spo.items() if any(po.values())}

    def __iter__(self) -> Iterator[Triple]:
        return self.triples()

    def __len__(self) -> int:
        return self._n


class QuadDataset:
    """Named graphs of triples, in the order they were first asked for."""

    def __init__(self) -> None:
        self._graphs: dict[URIRef, TripleSet] = {}

    def graph(self, identifier: URIRef) -> TripleSet:
        g = self._graphs.get(identifier)
        if g is None:
            g = self._graphs[identifier] = TripleSet(identifier)
        return g

    def graphs(self) -> Iterator[TripleSet]:
        return iter(list(self._graphs.values()))

    def quads(self) -> Iterator[tuple[Node, Node, Node, URIRef]]:
        for g in self._graphs.values():
            for s, p, o in g:
                yield s, p, o, g.identifier

    def __len__(self) -> int:
        return sum(len(g) for g in self._graphs.values())

    def union(self) -> Graph:
        """Every graph's triples as one rdflib Graph (for SHACL and rdflib SPARQL)."""
        from kg.graph.rdf import PREFIXES

        g = Graph()
        for prefix, ns in PREFIXES.items():
            g.bind(prefix, ns)
        add = g.add
        for ts in self._graphs.values():
            for t in ts:
                add(t)
        return g
