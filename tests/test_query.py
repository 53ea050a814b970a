"""SPARQL through the embedded store: every canned query with its answer on the seeds."""

from __future__ import annotations

import json

import pytest

from kg.query import QueryError, bind, canned, open_store, run


@pytest.fixture(scope="module")
def exports(seed_exports):
    return seed_exports


@pytest.fixture(scope="module")
def store(exports):
    return open_store(exports)


def test_the_canned_queries_are_the_documented_five():
    assert set(canned()) >= {"owns", "keyword", "workload", "shared", "unowned"}


def test_owns(store):
    rows = run(store, canned()["owns"], {"agencyName": "青岛市大数据局"}).rows
    # 市大数据局 is named in 12 Qingdao notes (counted in seeds/000): 二/(一)/1-3, 二/(二)/1-3,
    # 二/(三)/1-3, 二/(七)/8, 三/(二), 三/(四)
    assert [r["path"] for r in rows] == [
        "二/(一)/1", "二/(一)/2", "二/(一)/3", "二/(二)/1", "二/(二)/2", "二/(二)/3",
        "二/(三)/1", "二/(三)/2", "二/(三)/3", "二/(七)/8", "三/(二)", "三/(四)"]
    assert {r["role"] for r in rows} == {"responsible"}
    assert {r["planTitle"] for r in rows} == {"青岛市人工智能产业创新发展行动计划(2024—2026年)"}


def test_owns_matches_a_written_form(store):
    rows = run(store, canned()["owns"], {"agencyName": "省科技厅"}).rows
    assert {r["agencyLabel"] for r in rows} == {"山东省科学技术厅"}
    leads = [r["path"] for r in rows if r["role"] == "lead"]
    assert "二/(一)/1" in leads and "三/(四)" not in leads


def test_keyword(store):
    rows = run(store, canned()["keyword"], {"keyword": "算力"}).rows
    by = {(r["agencyLabel"], r["role"]): int(r["tasks"]) for r in rows}
    # tasks mentioning 算力: Qingdao 二/(一)/1-3, 二/(二)/3, 二/(五)/2, 二/(六)/1, 二/(六)/3, 二/(七)/2 …
    assert by[("青岛市工业和信息化局", "responsible")] == 8
    assert by[("山东省大数据局", "lead")] == 1
    assert rows[0]["agencyLabel"] == "青岛市工业和信息化局"


def test_workload(store):
    rows = {r["agencyLabel"]: r for r in run(store, canned()["workload"]).rows}
    kj = rows["山东省科学技术厅"]
    # 省科技厅 leads 15 of Shandong's tasks and is named responsible in 7 (counted in seeds/003)
    assert (int(kj["lead"]), int(kj["responsible"])) == (15, 7)
    assert int(rows["济南市工业和信息化局"]["tasks"]) == 29
    fz = rows["福州市各有关市直单位"]
    assert (int(fz["lead"]), int(fz["cooperate"])) == (0, 1)


def test_shared(store):
    rows = run(store, canned()["shared"]).rows
    top = rows[0]
    assert (top["firstLabel"], top["secondLabel"], top["shared"]) == (
        "济南市工业和信息化局", "济南市科学技术局", "23")


def test_unowned(store):
    rows = run(store, canned()["unowned"]).rows
    # 004's 24 主要任务 items and 四/(二), 四/(三) carry no note
    assert len(rows) == 26
    assert {r["planTitle"] for r in rows} == {"福州市促进人工智能产业创新发展行动方案(2024—2026年)"}


def test_parameters_are_bound_safely():
    q = bind("SELECT ?x WHERE { ?x ?p ?name }", {"name": '大数据局" } ; DROP ALL #'})
    assert 'VALUES (?name) { ("大数据局\\" } ; DROP ALL #") }' in q


def test_errors(store, tmp_path):
    with pytest.raises(QueryError, match="needs --param agencyName"):
        run(store, canned()["owns"])
    with pytest.raises(QueryError, match="syntax"):
        run(store, "SELEKT ?x WHERE { ?x ?p ?o }")
    with pytest.raises(QueryError, match="kg build"):
        open_store(tmp_path)


def test_cli_query_owns_who(cli, exports):
    r = cli("query", "workload", "--graph", str(exports), "--format", "csv")
    assert r.exit_code == 0 and r.stdout.splitlines()[0] == "agencyLabel,lead,responsible,cooperate,tasks"
    r = cli("query", "unowned", "--graph", str(exports), "--format", "json")
    assert len(json.loads(r.stdout)["results"]["bindings"]) == 26
    r = cli("owns", "工信局", "--graph", str(exports), "--format", "csv")
    agencies = {line.split(",")[0] for line in r.stdout.splitlines()[1:]}
    assert agencies == {"青岛市工业和信息化局", "济南市工业和信息化局", "福州市工业和信息化局"}
    assert "matches 3 bodies" in r.stderr
    r = cli("owns", "青岛市大数据局", "--graph", str(exports), "--format", "csv")
    assert len(r.stdout.splitlines()) == 13
    r = cli("owns", "发改委", "--plan", "福州", "--graph", str(exports), "--format", "csv")
    assert {line.split(",")[0] for line in r.stdout.splitlines()[1:]} == {"福州市发展和改革委员会"}
    r = cli("who", "算力", "--graph", str(exports), "--format", "csv")
    assert r.exit_code == 0 and "青岛市工业和信息化局,responsible,8" in r.stdout
    r = cli("owns", "不存在的局", "--graph", str(exports))
    assert r.exit_code == 1 and "no agency matches" in r.stderr
    r = cli("query", "owns", "--graph", str(exports))
    assert r.exit_code == 2 and "agencyName" in r.stderr
