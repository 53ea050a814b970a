"""SHACL: the seeds' graph conforms; a graph broken on purpose does not, and the build stops."""

from __future__ import annotations

import json

import pytest
from rdflib import Literal, URIRef

from kg.build import build, load
from kg.graph.rdf import KG, build_dataset, union_graph
from kg.validate import ShapeViolation, validate, validate_dataset
from tests.conftest import SEEDS


@pytest.fixture(scope="module")
def graph():
    corpus = load([SEEDS])
    return union_graph(build_dataset(corpus.docs, corpus.agencies))


def test_seeds_graph_conforms(graph):
    report = validate(graph)
    assert report.conforms, report.text


def _broken(graph, mutate):
    g = type(graph)()
    for t in graph:
        g.add(t)
    mutate(g)
    return g


def test_a_task_without_path_violates(graph):
    task = next(graph.subjects(KG.path, Literal("二/(一)/1")))
    report = validate(_broken(graph, lambda g: g.remove((task, KG.path, None))))
    assert not report.conforms and "path" in report.text


def test_an_assignment_with_an_unknown_role_violates(graph):
    a = next(graph.subjects(KG.role, KG.Lead))
    report = validate(_broken(graph, lambda g: g.set((a, KG.role, URIRef(str(KG) + "Boss")))))
    assert not report.conforms


def test_a_group_typed_as_a_body_violates(graph):
    group = next(graph.subjects(KG.kind, Literal("collective")))
    broken = _broken(graph, lambda g: g.add((group, KG.kind, Literal("department"))))
    report = validate(broken)
    assert not report.conforms


def _broken_dataset():
    """The seeds' dataset with faults in a document graph and in the shared agencies graph."""
    from rdflib.namespace import ORG, RDF, SKOS

    from kg.graph.rdf import AGENCIES_GRAPH

    corpus = load([SEEDS])
    ds = build_dataset(corpus.docs, corpus.agencies)
    for g in ds.graphs():
        for s in list(g.subjects(KG.path, Literal("二/(一)/1")))[:1]:
            g.remove((s, KG.path, None))
    agencies = ds.graph(AGENCIES_GRAPH)
    body = next(agencies.subjects(ORG.subOrganizationOf, None))
    parent = next(o for _, _, o in agencies.triples((body, ORG.subOrganizationOf, None)))
    agencies.remove((body, SKOS.prefLabel, None))
    agencies.remove((parent, RDF.type, None))  # the child's sh:class kg:Agency now fails
    return ds


@pytest.mark.parametrize("chunk", [1, 5_000, 10**9])
def test_validating_a_dataset_in_chunks_finds_what_one_graph_finds(chunk):
    """Chunked validation (the build's, for memory) loses nothing across graph borders."""
    ds = _broken_dataset()
    whole = validate(union_graph(ds))
    chunked = validate_dataset(ds, chunk_triples=chunk)
    assert not chunked.conforms and chunked.violations == whole.violations > 4
    assert "prefLabel" in chunked.text and "subOrganizationOf" in chunked.text


def test_the_seeds_dataset_conforms_in_chunks():
    corpus = load([SEEDS])
    report = validate_dataset(build_dataset(corpus.docs, corpus.agencies), chunk_triples=1)
    assert report.conforms and report.violations == 0, report.text


def test_the_build_refuses_a_violating_graph(tmp_path, monkeypatch):
    import kg.build as kb

    real = kb.build_dataset

    def broken_dataset(docs, agencies):
        ds = real(docs, agencies)
        for ctx in ds.graphs():
            for s in list(ctx.subjects(KG.path, None)):
                ctx.remove((s, KG.path, None))
                return ds
        return ds

    monkeypatch.setattr(kb, "build_dataset", broken_dataset)
    with pytest.raises(ShapeViolation):
        build([SEEDS], tmp_path)
    assert (tmp_path / "shacl-report.txt").exists()
    assert not (tmp_path / "graph.ttl").exists()


def test_agencies_match_the_hand_count():
    """One node per real body: the seeds name exactly the bodies counted by hand."""
    from tests.conftest import DATA

    want = json.loads((DATA / "seeds_agencies.json").read_text(encoding="utf-8"))
    corpus = load([SEEDS])
    bodies = sorted((a.name, a.kind) for a in corpus.agencies if a.kind != "collective")
    groups = sorted(a.name for a in corpus.agencies if a.kind == "collective")
    assert bodies == sorted((b["name"], b["kind"]) for b in want["bodies"])
    assert groups == sorted(g["name"] for g in want["groups"])
    assert len(bodies) == 94 and len({a.iri for a in corpus.agencies}) == len(corpus.agencies)
