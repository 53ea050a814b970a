"""The 任务分工表 and per-agency tables, read back as a user's tools would read them."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest

from kg.build import load
from kg.export.tables import (
    AGENCY_TASK_HEADER,
    ASSIGNMENT_HEADER,
    PLAN_COLUMNS,
    WORKLOAD_HEADER,
    csv_bytes,
    write_tables,
    xlsx_bytes,
)
from kg.graph.network import analyse, corpus_view
from tests.conftest import SEEDS

QD = "青岛市人工智能产业创新发展行动计划(2024—2026年)"
SD = "山东省人工智能产业科技创新行动计划(2025—2027年)"


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    out = tmp_path_factory.mktemp("tables")
    plans = corpus_view(load([SEEDS]).docs)
    written = write_tables(plans, analyse(plans), out)
    return out, written


def read_csv(path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8 Chinese"
    assert b"\r\n" in raw
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_files(tables):
    written = tables[1]
    assert sorted(p.name for p in written) == sorted([
        "task_assignments.csv", "task_assignments.xlsx", "agency_tasks.csv", "agency_workload.csv",
        "co_responsibility.csv", "agencies.xlsx"])


def test_assignment_csv_one_row_per_task(tables):
    rows = read_csv(tables[0] / "task_assignments.csv")
    assert list(rows[0]) == PLAN_COLUMNS + ASSIGNMENT_HEADER
    assert len(rows) == 123
    first = rows[0]
    assert first["计划"] == QD and first["文号"] == "青政办字〔2024〕21号"
    assert (first["序号"], first["编号"], first["重点任务"]) == ("1", "二/(一)/1", "统筹布局智算中心")
    assert first["牵头单位"] == ""
    assert first["责任单位"] == "市工业和信息化局、市大数据局、市发展改革委、市通信管理局、青岛海洋科技中心"
    assert first["责任说明"] == ("(责任单位:市工业和信息化局、市大数据局、市发展改革委、市通信管理局,"
                                 "青岛海洋科技中心)")
    assert first["目标/指标"] == ""  # until targets are extracted (issue 4)
    assert first["来源"].startswith("青政办字〔2024〕21号 000_447c546ad0059f4a.txt 第")
    sd = [r for r in rows if r["计划"] == SD]
    assert len(sd) == 24 and [r["序号"] for r in sd] == [str(i) for i in range(1, 25)]
    assert (sd[0]["牵头单位"], sd[0]["责任单位"]) == ("省科技厅", "省教育厅")
    # an open list keeps its 等
    assert sd[-1]["编号"] == "三/(四)"
    assert any(r["责任单位"].endswith("等") for r in sd)


def test_assignment_xlsx_sheet_per_plan(tables):
    wb = openpyxl.load_workbook(tables[0] / "task_assignments.xlsx")
    assert wb.sheetnames[0] == "计划一览" and len(wb.sheetnames) == 5
    assert QD in wb.sheetnames
    ws = wb[QD]
    assert [c.value for c in ws[1]] == ASSIGNMENT_HEADER
    assert ws.max_row == 31
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:K31"
    row = [c.value for c in ws[2]]
    assert row[:3] == [1, "二/(一)/1", "统筹布局智算中心"]
    assert row[ASSIGNMENT_HEADER.index("责任单位")].startswith("市工业和信息化局、市大数据局")
    index = wb["计划一览"]
    assert [c.value for c in index[2]][:2] == [QD, QD]


def test_agency_tables_say_what_each_body_owes(tables):
    rows = read_csv(tables[0] / "agency_tasks.csv")
    assert list(rows[0]) == AGENCY_TASK_HEADER
    mine = [r for r in rows if r["单位"] == "青岛市大数据局"]
    assert len(mine) == 12 and {r["计划"] for r in mine} == {QD}
    assert {r["角色"] for r in mine} == {"责任"} and {r["原文写法"] for r in mine} == {"市大数据局"}
    sd = [r for r in rows if r["单位"] == "山东省科学技术厅"]
    assert len(sd) == 21
    both = next(r for r in sd if r["编号"] == "二/(三)/1")
    assert both["角色"] == "牵头、责任"  # leads one half of the task, responsible for the other
    load_rows = read_csv(tables[0] / "agency_workload.csv")
    assert list(load_rows[0]) == WORKLOAD_HEADER
    qd = next(r for r in load_rows if r["单位"] == "青岛市工业和信息化局")
    assert (qd["牵头"], qd["责任"], qd["配合"], qd["任务数"]) == ("0", "26", "0", "26")
    pairs = read_csv(tables[0] / "co_responsibility.csv")
    jn = next(r for r in pairs if {r["单位甲"], r["单位乙"]} == {"济南市工业和信息化局", "济南市科学技术局"})
    assert jn["共同任务数"] == "23"
    wb = openpyxl.load_workbook(tables[0] / "agencies.xlsx")
    assert wb.sheetnames == ["工作量", "任务明细", "协同"]
    assert wb["工作量"]["A2"].value == "济南市工业和信息化局"


def test_xlsx_bytes_are_stable(tables):
    for name in ("task_assignments.xlsx", "agencies.xlsx"):
        with zipfile.ZipFile(tables[0] / name) as z:
            assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
            core = z.read("docProps/core.xml").decode()
            # the newest plan's date, not the time of the build
            assert "2024-12-06T00:00:00Z" in core
    sheets = [("表", ["a"], [["甲"]])]
    assert xlsx_bytes(sheets, "2024-01-01") == xlsx_bytes(sheets, "2024-01-01")


def test_document_text_is_never_a_formula():
    data = xlsx_bytes([("表", ["重点任务"], [["=HYPERLINK(\"http://x\",\"点击\")"]])], "2024-01-01")
    ws = openpyxl.load_workbook(io.BytesIO(data))["表"]
    assert ws["A2"].data_type == "s" and ws["A2"].value.startswith("=HYPERLINK")
    text = csv_bytes(["重点任务"], [["=1+1"], ["-2"], ["正常"]]).decode("utf-8-sig")
    assert text.splitlines() == ["重点任务", "'=1+1", "'-2", "正常"]
