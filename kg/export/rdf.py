"""RDF files: Turtle, N-Triples, JSON-LD (with its context) and TriG, byte-stable.

The triples are put in one canonical order (by subject, predicate, object; graphs by
name) and written by Oxigraph's serializers, which are fast on millions of triples
where rdflib's take minutes: the same graph always writes the same bytes, whatever the
input order or PYTHONHASHSEED.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from kg.graph.rdf import PREFIXES
from kg.graph.store import QuadDataset

JSONLD_CONTEXT: dict[str, Any] = {
    "@context": {
        **{p: str(ns) for p, ns in sorted(PREFIXES.items())},
        "@language": "zh",
    }
}
_PREFIXES = {p: str(ns) for p, ns in sorted(PREFIXES.items())}
_XSD_STRING = str(XSD.string)


def _key(t: tuple[Node, Node, Node]) -> tuple[str, str, str, str, str]:
    o = t[2]
    if isinstance(o, Literal):
        return (str(t[0]), str(t[1]), "L" + str(o), o.language or "", str(o.datatype or ""))
    return (str(t[0]), str(t[1]), "I" + str(o), "", "")


def _ox(term: Node) -> ox.NamedNode | ox.Literal | ox.BlankNode:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def sorted_triples(ds: QuadDataset) -> list[tuple[Node, Node, Node]]:
    """Every distinct triple of every graph, in canonical order."""
    seen = {t for g in ds.graphs() for t in g}
    return sorted(seen, key=_key)


def _ox_triples(triples: Iterable[tuple[Node, Node, Node]]) -> list[ox.Triple]:
    memo: dict[Node, Any] = {}

    def term(t: Node) -> Any:
        x = memo.get(t)
        if x is None:
            x = memo[t] = _ox(t)
        return x

    return [ox.Triple(term(s), term(p), term(o)) for s, p, o in triples]


def _trig_quads(ds: QuadDataset) -> Iterator[ox.Quad]:
    """One named graph per document (and one for the shared agencies), in IRI order."""
    for g in sorted(ds.graphs(), key=lambda g: str(g.identifier)):
        name = ox.NamedNode(str(g.identifier))
        for t in _ox_triples(sorted(g, key=_key)):
            yield ox.Quad(t.subject, t.predicate, t.object, name)


def _compact(iri: str) -> str:
    for prefix, ns in _PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _jsonld_value(o: Node) -> Any:
    if isinstance(o, URIRef):
        return {"@id": _compact(str(o))}
    assert isinstance(o, Literal)
    if o.language == "zh":
        return str(o)  # the context's default language
    if o.language:
        return {"@value": str(o), "@language": o.language}
    if o.datatype is not None and str(o.datatype) != _XSD_STRING:
        return {"@value": str(o), "@type": _compact(str(o.datatype))}
    return {"@value": str(o)}


def _jsonld_nodes(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[dict[str, Any]]:
    """One node object per subject of the (sorted) triples."""
    current: dict[str, Any] | None = None
    for s, p, o in triples:
        sid = _compact(str(s))
        if current is None or current["@id"] != sid:
            if current is not None:
                yield current
            current = {"@id": sid}
        if str(p) == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" and isinstance(o, URIRef):
            current.setdefault("@type", []).append(_compact(str(o)))
        else:
            current.setdefault(_compact(str(p)), []).append(_jsonld_value(o))
    if current is not None:
        yield current


def _write_jsonld(triples: Iterable[tuple[Node, Node, Node]], out: IO[str]) -> None:
    """Compact JSON-LD with the project context, one node a line (readable, diffable,
    written by json's fast C encoder), streamed rather than held whole."""
    context = json.dumps(JSONLD_CONTEXT["@context"], ensure_ascii=False, sort_keys=True)
    out.write(f'{{"@context": {context},\n"@graph": [\n')
    sep = ""
    for node in _jsonld_nodes(triples):
        out.write(sep + json.dumps(node, ensure_ascii=False, sort_keys=True))
        sep = ",\n"
    out.write("\n]}\n")


def write_rdf(ds: QuadDataset, out_dir: Path, stem: str = "graph") -> list[Path]:
    """Write every RDF format for a dataset; returns the paths written.

    Each file is serialized straight to disk, one after the other, so at most the
    sorted triples and one serializer's buffers are in memory, not four files' bytes.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    triples = sorted_triples(ds)
    ox_triples = _ox_triples(triples)
    written = []
    path = out_dir / f"{stem}.ttl"
    ox.serialize(ox_triples, path, format=ox.RdfFormat.TURTLE, prefixes=_PREFIXES)
    written.append(path)
    path = out_dir / f"{stem}.nt"
    ox.serialize(ox_triples, path, format=ox.RdfFormat.N_TRIPLES)
    written.append(path)
    del ox_triples
    path = out_dir / f"{stem}.jsonld"
    with path.open("w", encoding="utf-8", newline="\n") as f:
        _write_jsonld(triples, f)
    written.append(path)
    del triples
    path = out_dir / f"{stem}.trig"
    ox.serialize(_trig_quads(ds), path, format=ox.RdfFormat.TRIG, prefixes=_PREFIXES)
    written.append(path)
    path = out_dir / "context.jsonld"
    path.write_bytes((json.dumps(JSONLD_CONTEXT, ensure_ascii=False, indent=1, sort_keys=True)
                      + "\n").encode("utf-8"))
    written.append(path)
    return written
