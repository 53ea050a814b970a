"""Targets, sectors and actions in the graph: what a SPARQL user finds."""

from __future__ import annotations

import pytest
from rdflib import XSD, Graph, Literal, URIRef

from kg.build import build
from tests.conftest import SEEDS

PREFIXES = """
PREFIX kg: <https://w3id.org/policy-kg/ontology#>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX unit: <http://qudt.org/vocab/unit/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    build([SEEDS], out)
    g = Graph()
    g.parse(data=(out / "graph.ttl").read_text(encoding="utf-8"), format="turtle")
    return g


def test_computing_goals_in_one_qudt_unit(graph):
    q = PREFIXES + """
    SELECT ?file ?v ?year ?cmp WHERE {
      ?t a kg:Goal ; qudt:hasUnit unit:PetaFLOPS ; qudt:numericValue ?v ; kg:year ?year ;
         kg:comparator ?cmp ; kg:targetOf ?plan .
      ?plan kg:sourceFile ?file .
    } ORDER BY DESC(?v)"""
    rows = [(str(r.file)[:3], r.v, r.year, str(r.cmp)) for r in graph.query(q)]
    assert rows == [
        ("003", Literal("14000.0", datatype=XSD.decimal), Literal("2027", datatype=XSD.gYear), "="),
        ("000", Literal("12000.0", datatype=XSD.decimal), Literal("2026", datatype=XSD.gYear), "="),
        ("004", Literal("400.0", datatype=XSD.decimal), Literal("2026", datatype=XSD.gYear), ">="),
    ]


def test_stated_value_and_unit_are_kept_beside_the_base(graph):
    q = PREFIXES + """
    SELECT ?v ?u ?base WHERE {
      ?t kg:metric "算力总规模"@zh ; kg:value ?v ; kg:unit ?u ; kg:baseUnit ?base .
    }"""
    [(v, u, base)] = list(graph.query(q))
    assert (v.toPython(), str(u), str(base)) == (12, "EFLOPS", "PFLOPS")


def test_a_task_level_target_hangs_from_its_task(graph):
    q = PREFIXES + """
    SELECT ?path ?low ?high WHERE {
      ?task kg:path ?path ; kg:hasTarget ?t . ?t kg:minValue ?low ; kg:maxValue ?high ; kg:unit "家" .
      ?task dcterms:isPartOf+ ?plan . ?plan kg:sourceFile "003_ff2894e512514074.txt" .
    }"""
    rows = [(str(r.path), r.low.toPython(), r.high.toPython()) for r in graph.query(q)]
    assert rows == [("二/(五)/1", 1, 2)]


def test_incentives_carry_their_bound_and_role(graph):
    q = PREFIXES + """
    SELECT ?max ?role WHERE {
      ?t a kg:Incentive ; kg:incentiveRole ?role ; qudt:upperBound ?max ; qudt:hasUnit unit:CCY_CNY ;
         kg:targetOf ?task . ?task kg:path "三/(二)" ; dcterms:isPartOf+ ?plan .
      ?plan kg:sourceFile "004_f07e0568717fa65d.txt" .
    }"""
    assert [(r.max.toPython(), str(r.role)) for r in graph.query(q)] == [(5000000, "amount")]


def test_reported_figures_of_the_news_report(graph):
    q = PREFIXES + "SELECT (COUNT(?t) AS ?n) WHERE { ?t a kg:ReportedFigure . }"
    assert next(iter(graph.query(q))).n.toPython() == 16


def test_target_iris_are_minted_from_their_owner(graph):
    nodes = {str(s) for s in graph.subjects(URIRef("https://w3id.org/policy-kg/ontology#kind"), None)
             if "/target/" in str(s)}
    assert nodes and all(n.rsplit("/target/", 1)[1].isdigit() for n in nodes)


def test_tasks_link_to_sector_concepts_with_labels(graph):
    q = PREFIXES + """
    SELECT ?label WHERE {
      ?task kg:path "二/(一)/1" ; kg:sector ?s ; dcterms:isPartOf+ ?plan .
      ?plan kg:sourceFile "000_447c546ad0059f4a.txt" .
      ?s a skos:Concept ; skos:prefLabel ?label ; skos:inScheme <https://w3id.org/policy-kg/sector> .
      FILTER(lang(?label) = "zh")
    }"""
    assert [str(r.label) for r in graph.query(q)] == ["算力与数据基础设施"]


def test_tasks_carry_their_actions_with_verb_and_object(graph):
    q = PREFIXES + """
    SELECT ?verb ?object WHERE {
      ?task kg:path "二/(一)/1" ; kg:hasAction ?a ; dcterms:isPartOf+ ?plan .
      ?plan kg:sourceFile "000_447c546ad0059f4a.txt" .
      ?a kg:order 1 ; kg:verb ?verb ; kg:object ?object ;
         kg:actionType <https://w3id.org/policy-kg/action/build-infrastructure> .
    }"""
    assert [(str(r.verb), str(r.object)) for r in graph.query(q)] == [("布局", "智算中心")]
