"""RDF files: Turtle, N-Triples, JSON-LD (with its context) and TriG, byte-stable.

rdflib's serializers walk hash-ordered sets, so each format is put in a canonical
order here (sorted lines, sorted nodes, sorted values): the same graph always
writes the same bytes, whatever the input order or PYTHONHASHSEED.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rdflib import Dataset, Graph, URIRef

from kg.graph.rdf import PREFIXES, union_graph

JSONLD_CONTEXT: dict[str, Any] = {
    "@context": {
        **{p: str(ns) for p, ns in sorted(PREFIXES.items())},
        "@language": "zh",
    }
}


def turtle(g: Graph) -> str:
    return _sorted_turtle(g)


def _sorted_turtle(g: Graph) -> str:
    """Turtle with subjects, predicates and objects in sorted order.

    rdflib's Turtle writer sorts subjects and predicates itself but not always the
    objects of one predicate, so a graph is written, re-read and written again from
    a copy whose triples were added in sorted order.
    """
    h = Graph()
    for prefix, ns in PREFIXES.items():
        h.bind(prefix, ns, override=True)
    for t in sorted(g, key=lambda t: (str(t[0]), str(t[1]), _okey(t[2]))):
        h.add(t)
    return h.serialize(format="turtle")


def _okey(o: Any) -> str:
    return f"{type(o).__name__}:{o}:{getattr(o, 'language', '')}:{getattr(o, 'datatype', '')}"


def ntriples(g: Graph) -> str:
    lines = g.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def nquads(ds: Dataset) -> str:
    lines = ds.serialize(format="nquads", encoding="utf-8").decode("utf-8").splitlines()
    return "\n".join(sorted(line for line in lines if line.strip())) + "\n"


def trig(ds: Dataset) -> str:
    """One named graph per document (and one for the shared agencies), in IRI order."""
    out = [f"@prefix {p}: <{ns}> ." for p, ns in sorted(PREFIXES.items())]
    out.append("")
    graphs = sorted((c for c in ds.graphs() if len(c)), key=lambda c: str(c.identifier))
    for ctx in graphs:
        if not isinstance(ctx.identifier, URIRef):
            continue
        body = _sorted_turtle(ctx)
        triples = "\n".join(
            "    " + line if line.strip() else line
            for line in body.splitlines()
            if not line.startswith("@prefix")
        ).strip("\n")
        out.append(f"<{ctx.identifier}> {{")
        out.append(triples)
        out.append("}")
        out.append("")
    return "\n".join(out)


def jsonld(g: Graph) -> str:
    """Compact JSON-LD with the project context, nodes sorted by @id, values sorted."""
    raw = g.serialize(format="json-ld", context=JSONLD_CONTEXT["@context"], auto_compact=True)
    data = json.loads(raw)
    nodes = data.get("@graph", [data] if "@id" in data else [])
    for node in nodes:
        for key, value in node.items():
            if isinstance(value, list):
                node[key] = sorted(value, key=lambda v: json.dumps(v, ensure_ascii=False,
                                                                   sort_keys=True))
    nodes.sort(key=lambda n: n.get("@id", ""))
    out = {"@context": JSONLD_CONTEXT["@context"], "@graph": nodes}
    return json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def write_rdf(ds: Dataset, out_dir: Path, stem: str = "graph") -> list[Path]:
    """Write every RDF format for a dataset; returns the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    g = union_graph(ds)
    files = {
        f"{stem}.ttl": turtle(g),
        f"{stem}.nt": ntriples(g),
        f"{stem}.jsonld": jsonld(g),
        f"{stem}.trig": trig(ds),
        "context.jsonld": json.dumps(JSONLD_CONTEXT, ensure_ascii=False, indent=1,
                                     sort_keys=True) + "\n",
    }
    written = []
    for name, text in files.items():
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
