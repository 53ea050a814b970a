"""Deadlines in the graph: OWL-Time terms, SHACL shapes, the canned queries, stable bytes."""

from __future__ import annotations

from importlib import resources

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kg.build import build
from kg.graph.deadlines import KG, TIME

PLAN = ("某市2025年营商环境重点任务分工方案\n以下各项任务各区均须落实,不再逐项列出。\n一、重点任务\n"
        "1.建设平台。2025年底前完成一期。(牵头单位:市商务局,责任单位:市财政局)2026年6月底前完成二期。"
        "(责任单位:市数据局)\n"
        "2.推进改革。上半年启动。(市发展改革委牵头,持续推进)\n"
        "3.优化服务。(责任单位:市政务服务局,完成时限:根据国家部署)\n")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("plans")
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    build([folder], out)
    return out


@pytest.fixture(scope="module")
def graph(built):
    return Graph().parse(data=(built / "graph.ttl").read_text(encoding="utf-8"), format="turtle")


def _shapes() -> Graph:
    return Graph().parse(data=resources.files("kg.ontology").joinpath("shapes-deadlines.ttl")
                         .read_text(encoding="utf-8"), format="turtle")


def test_a_dated_deadline_is_an_owl_time_interval_with_an_end(graph):
    q = """
    PREFIX kg: <https://w3id.org/policy-kg/ontology#>
    PREFIX time: <http://www.w3.org/2006/time#>
    SELECT ?text ?due WHERE {
      ?t kg:path "一/1" ; kg:hasDeadline ?d .
      ?d a time:Interval ; kg:text ?text ; time:hasEnd ?end .
      ?end a time:Instant ; time:inXSDDate ?due .
    } ORDER BY ?due"""
    rows = [(str(r.text), r.due) for r in graph.query(q)]
    assert rows == [("2025年底前", Literal("2025-12-31", datatype=XSD.date)),
                    ("2026年6月底前", Literal("2026-06-30", datatype=XSD.date))]


def test_a_stretch_is_a_proper_interval_and_standing_work_has_a_recurrence(graph):
    kinds = {}
    for d in graph.subjects(RDF.type, KG.Deadline):
        kinds[str(graph.value(d, KG.text))] = set(graph.objects(d, RDF.type))
    assert TIME.ProperInterval in kinds["上半年"]
    assert KG.StandingCommitment in kinds["持续推进"]
    standing = next(d for d in graph.subjects(RDF.type, KG.StandingCommitment))
    assert graph.value(standing, KG.recurrence) == KG.Continuous
    unparsed = next(d for d in graph.subjects(RDF.type, KG.Deadline)
                    if str(graph.value(d, KG.text)) == "根据国家部署")
    assert graph.value(unparsed, KG.problem) is not None
    assert graph.value(unparsed, TIME.hasEnd) is None


def test_each_deadline_binds_its_own_notes_bodies(graph):
    q = """
    PREFIX kg: <https://w3id.org/policy-kg/ontology#>
    PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
    SELECT ?text ?name WHERE {
      ?t kg:path "一/1" ; kg:hasDeadline ?d . ?d kg:text ?text ; kg:binds ?a . ?a skos:prefLabel ?name .
    } ORDER BY ?text ?name"""
    got = {(str(r.text), str(r.name)) for r in graph.query(q)}
    assert ("2025年底前", "市商务局") in got and ("2025年底前", "市财政局") in got
    assert ("2026年6月底前", "市数据局") in got and ("2025年底前", "市数据局") not in got


def test_blanket_rules_and_implied_assignments(graph):
    rules = list(graph.subjects(RDF.type, KG.BlanketRule))
    assert len(rules) == 1
    assert str(graph.value(rules[0], KG.scope)) == "following"
    assert len(list(graph.objects(rules[0], KG.appliesTo))) == 3
    implied = list(graph.subjects(RDF.type, KG.ImpliedAssignment))
    assert len(implied) == 3 and all(graph.value(a, KG.impliedBy) == rules[0] for a in implied)
    # implied owners are not written owners
    for task in graph.subjects(KG.impliedAssignee, None):
        assert set(graph.objects(task, KG.impliedAssignee)).isdisjoint(graph.objects(task, KG.assignedTo))


def test_the_graph_conforms_to_the_deadline_shapes(graph):
    from pyshacl import validate

    ok, _, text = validate(graph, shacl_graph=_shapes(), inference="none")
    assert ok, text


def test_the_shapes_catch_a_malformed_deadline(graph):
    from pyshacl import validate

    bad = Graph()
    for t in graph:
        bad.add(t)
    d = next(bad.subjects(RDF.type, TIME.ProperInterval))
    bad.remove((d, TIME.hasBeginning, None))
    end = bad.value(d, TIME.hasEnd)
    bad.add((end, TIME.inXSDDate, Literal("2030-01-01", datatype=XSD.date)))
    ok, _, _ = validate(bad, shacl_graph=_shapes(), inference="none")
    assert not ok


def test_no_blank_nodes_and_iris_from_content(graph):
    assert not any(isinstance(x, BNode) for t in graph for x in t)
    for d in graph.subjects(RDF.type, KG.Deadline):
        assert "/deadline/" in str(d) and isinstance(d, URIRef)


def _query(name: str) -> str:
    return resources.files("kg.queries").joinpath(f"{name}.rq").read_text(encoding="utf-8")


def test_canned_query_due_before_a_date_by_body(graph):
    rows = list(graph.query(_query("due_before"), initBindings={"before": Literal("2025-12-31")}))
    got = sorted({(str(r.agencyLabel), str(r.deadline)) for r in rows})
    assert ("市商务局", "2025年底前") in got and ("市财政局", "2025年底前") in got
    assert ("市发展和改革委员会", "上半年") in got
    assert not any(text == "2026年6月底前" for _, text in got)


def test_canned_query_overdue_as_of_a_date(graph):
    rows = list(graph.query(_query("overdue"), initBindings={"asOf": Literal("2026-01-01")}))
    assert {str(r.deadline) for r in rows} == {"2025年底前", "上半年"}
    on_the_day = list(graph.query(_query("overdue"), initBindings={"asOf": Literal("2025-12-31")}))
    assert {str(r.deadline) for r in on_the_day} == {"上半年"}


def test_canned_queries_run_in_oxigraph_with_values_bound(built):
    import pyoxigraph as ox

    store = ox.Store()
    store.load(path=str(built / "graph.trig"), format=ox.RdfFormat.TRIG)
    q = _query("overdue").replace("WHERE {", 'WHERE { VALUES (?asOf) { ("2026-01-01") }', 1)
    rows = list(store.query(q, use_default_graph_as_union=True))
    assert {r["deadline"].value for r in rows} == {"2025年底前", "上半年"}
    for name in ("due_before", "overdue"):
        text = _query(name)
        assert text.startswith("# ") and "# Parameter ?" in text


def test_the_ontology_declares_every_deadline_term(graph):
    onto = Graph().parse(data=resources.files("kg.ontology").joinpath("kg-deadlines.ttl")
                         .read_text(encoding="utf-8"), format="turtle")
    used = {p for _, p, _ in graph if str(p).startswith(str(KG))}
    used |= {o for _, p, o in graph if p == RDF.type and str(o).startswith(str(KG))}
    base = Graph().parse(data=resources.files("kg.ontology").joinpath("kg.ttl").read_text(encoding="utf-8"),
                         format="turtle")
    declared = set(onto.subjects()) | set(base.subjects())
    assert used - declared == set()


def test_build_bytes_stable_with_deadlines(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    (folder / "plan.txt").write_text(PLAN, encoding="utf-8")
    build([folder], tmp_path / "a")
    build([folder], tmp_path / "b")
    for name in ("graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "coverage.json", "coverage.md"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
