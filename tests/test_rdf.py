"""The graph: what a SPARQL user finds, and that the files are stable and parse back."""

from __future__ import annotations

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.graph.rdf import KG

BASE = "https://w3id.org/policy-kg/"


@pytest.fixture(scope="module")
def built(seed_exports):
    return seed_exports


@pytest.fixture(scope="module")
def graph(built):
    g = Graph()
    g.parse(data=(built / "graph.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def test_every_format_parses_to_the_same_triples(built, graph):
    nt = Graph().parse(data=(built / "graph.nt").read_text(encoding="utf-8"), format="nt")
    js = Graph().parse(data=(built / "graph.jsonld").read_text(encoding="utf-8"), format="json-ld")
    ds = Dataset()
    ds.parse(data=(built / "graph.trig").read_text(encoding="utf-8"), format="trig")
    assert len(nt) == len(graph) == len(js)
    assert {t for t in nt} == {t for t in graph}
    trig_triples = {t for c in ds.graphs() for t in c}
    assert trig_triples == {t for t in graph}


def test_one_named_graph_per_document(built):
    ds = Dataset()
    ds.parse(data=(built / "graph.trig").read_text(encoding="utf-8"), format="trig")
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert {f"{BASE}graph/{n}" for n in (
        "000_447c546ad0059f4a.txt", "001_189a3258d8634c8e.txt", "002_d592eefb1c7a7cc1.txt",
        "003_ff2894e512514074.txt", "004_f07e0568717fa65d.txt")} | {f"{BASE}graph/agencies"} == names


def test_who_owns_a_task(graph):
    q = """
    PREFIX kg: <https://w3id.org/policy-kg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?name WHERE {
      ?t a kg:Task ; kg:path "二/(一)/1" ; kg:ledBy ?a ; kg:sourceFile? ?f .
      ?a skos:prefLabel ?name .
      ?t <http://purl.org/dc/terms/isPartOf>+ ?plan . ?plan kg:sourceFile "003_ff2894e512514074.txt" .
    }"""
    assert {str(r.name) for r in graph.query(q)} == {"山东省科学技术厅"}


def test_same_agency_one_node_across_plans(graph):
    gx = URIRef(f"{BASE}agency/青岛市工业和信息化局")
    jn = URIRef(f"{BASE}agency/济南市工业和信息化局")
    tasks_qd = set(graph.subjects(KG.responsibility, gx))
    tasks_jn = set(graph.subjects(KG.responsibility, jn))
    # counted in the source text: notes naming 市工业和信息化局 in 000 and in 001
    assert len(tasks_qd) == 26 and len(tasks_jn) == 29
    assert not tasks_qd & tasks_jn


def test_literals_are_tagged_chinese(graph):
    titles = list(graph.objects(None, URIRef("http://purl.org/dc/terms/title")))
    assert titles and all(isinstance(t, Literal) and t.language == "zh" for t in titles)


def test_assignments_keep_the_mention_and_the_note(graph):
    q = """
    PREFIX kg: <https://w3id.org/policy-kg/ontology#>
    SELECT ?mention ?text WHERE {
      ?t kg:path "三/(一)" ; kg:hasAssignment ?a .
      ?a kg:mention ?mention ; kg:note ?n ; kg:role kg:Lead .
      ?n kg:text ?text .
      ?t <http://purl.org/dc/terms/isPartOf>+ ?plan . ?plan kg:sourceFile "003_ff2894e512514074.txt" .
    }"""
    rows = list(graph.query(q))
    assert [(str(r.mention), str(r.text)) for r in rows] == [
        ("省科技厅", "(牵头单位:省科技厅,责任单位:省委组织部、省发展改革委、省工业和信息化厅等)")]


def test_hierarchy_departments_under_their_government(graph):
    org = "http://www.w3.org/ns/org#subOrganizationOf"
    dept = URIRef(f"{BASE}agency/青岛市工业和信息化局")
    gov = URIRef(f"{BASE}agency/青岛市人民政府")
    prov_gov = URIRef(f"{BASE}agency/山东省人民政府")
    assert (dept, URIRef(org), gov) in graph
    assert (gov, URIRef(org), prov_gov) in graph


def test_no_blank_nodes(graph):
    from rdflib import BNode

    assert not any(isinstance(x, BNode) for t in graph for x in t)


def test_two_texts_with_one_title_stay_two_plans(tmp_path):
    """A draft and a final version share a title; the build keeps them apart (no SHACL clash)."""
    from kg.build import build

    head = ("某市数字经济行动方案\n某市人民政府办公室\n{date}\n一、重点任务\n"
            "(一)建设平台。(责任单位:市大数据局)\n")
    (tmp_path / "a.txt").write_text(head.format(date="2024年1月2日"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(head.format(date="2024年6月2日"), encoding="utf-8")
    (tmp_path / "c.txt").write_text(head.format(date="2024年1月2日"), encoding="utf-8")  # a's copy
    result = build([tmp_path], tmp_path / "out")
    plans = sorted({str(p.iri) for d in result.corpus.docs for p in d.parts})
    assert len(plans) == 2 and plans[1] == plans[0] + "~b.txt"
