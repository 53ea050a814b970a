"""Analytics on the seeds, against counts checked by hand in the seed texts.

Hand checks (counting the notes in the files, not the extractor's output):
- 000 (Qingdao) has 30 notes ``(责任单位:…)``; 26 of them name 市工业和信息化局, 11 name
  both it and 市大数据局; no other seed names a Qingdao body.
- 003 (Shandong) names 省科技厅 as 牵头单位 in 15 notes and as responsible in 7
  (5 ``责任单位:`` lists, 2 ``…按职责分工负责``); task 二/(三)/1 carries two notes, leading
  in one and responsible in the other, so it is 21 tasks: 15 lead, 6 responsible.
- 001 (Jinan) has 23 notes naming both 市工业和信息化局 and 市科技局 (22 plain ones and
  四/(七), whose note nests brackets: 中国(山东)自由贸易试验区济南片区管委会(筹)).
"""

from __future__ import annotations

import networkx as nx
import pytest

from kg.build import load
from kg.graph.network import analyse, corpus_view, gexf_bytes, graphml_bytes, knowledge_graph
from tests.conftest import SEEDS

A = "https://w3id.org/policy-kg/agency/"


@pytest.fixture(scope="module")
def plans():
    return corpus_view(load([SEEDS]).docs)


@pytest.fixture(scope="module")
def analytics(plans):
    return analyse(plans)


def test_plans_and_tasks(plans):
    # the news article (002) has no tasks and is not a plan of the page or the tables
    assert [p.doc.name[:3] for p in plans] == ["000", "001", "003", "004"]
    assert [len(p.tasks) for p in plans] == [30, 35, 24, 34]
    assert [t.number for t in plans[0].tasks] == list(range(1, 31))


def test_workload_by_role(analytics):
    w = analytics.by_iri()
    qd = w[A + "青岛市工业和信息化局"]
    assert (qd.lead, qd.responsible, qd.cooperate, qd.tasks, qd.plans) == (0, 26, 0, 26, 1)
    sd = w[A + "山东省科学技术厅"]
    assert (sd.lead, sd.responsible, sd.cooperate, sd.tasks) == (15, 6, 0, 21)
    for load_ in analytics.workload:
        assert load_.lead + load_.responsible + load_.cooperate == load_.tasks
        assert load_.solo + load_.shared == load_.tasks


def test_busiest_first(analytics):
    top = [(w.agency.name, w.tasks) for w in analytics.workload[:3]]
    assert top == [("济南市工业和信息化局", 29), ("青岛市工业和信息化局", 26), ("济南市科学技术局", 25)]


def test_co_responsibility_weights(analytics):
    co = analytics.co
    assert co[A + "济南市工业和信息化局"][A + "济南市科学技术局"]["weight"] == 23
    assert co[A + "青岛市工业和信息化局"][A + "青岛市大数据局"]["weight"] == 11
    # bodies of different cities never share a task in the seeds
    assert not co.has_edge(A + "青岛市工业和信息化局", A + "济南市工业和信息化局")
    w = analytics.by_iri()[A + "青岛市工业和信息化局"]
    assert w.partners == co.degree(A + "青岛市工业和信息化局")
    assert w.strength == sum(d["weight"] for _, _, d in co.edges(A + "青岛市工业和信息化局", data=True))


def test_centrality_is_networkx_on_the_co_network(analytics):
    between = nx.betweenness_centrality(analytics.co)
    for w in analytics.workload:
        assert w.betweenness == round(between[w.agency.iri], 6)
    assert min(w.degree_centrality for w in analytics.workload) >= 0
    assert max(w.degree_centrality for w in analytics.workload) <= 1


def test_knowledge_graph_types_and_edges(plans, analytics):
    g = knowledge_graph(plans, analytics)
    types = nx.get_node_attributes(g, "type")
    assert sum(1 for t in types.values() if t == "task") == 123
    assert sum(1 for t in types.values() if t == "plan") == 4
    assert sum(1 for t in types.values() if t == "group") == 7
    task = next(n for n, d in g.nodes(data=True) if d["type"] == "task" and d["path"] == "二/(一)/1"
                and d["doc"].startswith("003"))
    roles = {g.nodes[v]["label"]: d["relation"] for _, v, d in g.out_edges(task, data=True)
             if d["relation"] in ("lead", "responsible", "cooperate")}
    assert roles == {"山东省科学技术厅": "lead", "山东省教育厅": "responsible"}
    sectors = {g.nodes[v]["label"] for _, v, d in g.out_edges(task, data=True) if d["relation"] == "sector"}
    assert "科技创新与研发" in sectors


def test_gephi_files_parse_back_and_are_stable(plans, analytics, tmp_path):
    g = knowledge_graph(plans, analytics)
    gml = graphml_bytes(g)
    gexf = gexf_bytes(g, "2024-12-06")
    assert gml == graphml_bytes(knowledge_graph(plans, analyse(plans)))
    assert b'lastmodifieddate="2024-12-06"' in gexf
    (tmp_path / "g.graphml").write_bytes(gml)
    (tmp_path / "g.gexf").write_bytes(gexf)
    back = nx.read_graphml(tmp_path / "g.graphml")
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    back2 = nx.read_gexf(tmp_path / "g.gexf")
    assert back2.number_of_nodes() == g.number_of_nodes()
    node = back2.nodes[A + "青岛市工业和信息化局"]
    assert node["label"] == "青岛市工业和信息化局" and node["responsible"] == 26


def test_sectors_and_targets_reach_the_views():
    """A task's sectors and targets, and a goals-chapter target on its plan, in every view."""
    from kg.export.html import page_data
    from kg.export.tables import ASSIGNMENT_HEADER, assignment_rows
    from kg.pipeline import extract_text

    doc = extract_text("青岛市算力行动计划\n一、发展目标\n到2026年,全市人工智能产业规模达到100亿元。\n"
                       "二、重点任务\n1.建设智算中心。到2026年算力总规模达到12EFLOPS。(责任单位:市大数据局)\n"
                       "2.培育企业。(责任单位:市工业和信息化局)\n", "s.txt")
    plans = corpus_view([doc])
    t = plans[0].tasks[0]
    assert "算力与数据基础设施" in [s.label for s in t.sectors]
    assert [(q.text, q.value, q.unit, q.year) for q in t.targets] == [("12EFLOPS", "12", "EFLOPS", "2026")]
    assert t.targets[0].iri == t.iri + "/target/1"
    assert [q.value for q in plans[0].targets] == ["10000000000"]
    g = knowledge_graph(plans)
    types = sorted(d["type"] for _, d in g.nodes(data=True))
    assert types.count("target") == 2 and types.count("sector") >= 1
    rows = assignment_rows(plans[0])
    assert "12EFLOPS" in rows[0][ASSIGNMENT_HEADER.index("目标/指标")]
    data = page_data(plans, analyse(plans))
    assert "算力与数据基础设施" in [s["label"] for s in data["sectors"]]
    assert next(q["text"] for q in data["targets"]) == "12EFLOPS"
