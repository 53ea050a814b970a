"""The supervision ledger: rows, statuses, the XLSX and CSV files, and the kg ledger / kg due commands."""

from __future__ import annotations

import csv
import hashlib
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from kg import extract_text
from kg.export.ledger import sheet_names, to_csv, to_xlsx
from kg.ledger import due_rows, ledger_rows

PLAN = ("某市2025年营商环境重点任务分工方案\n以下各项任务各区均须落实,不再逐项列出。\n一、重点任务\n"
        "1.建设平台。2025年底前完成一期。(牵头单位:市商务局,责任单位:市财政局)2026年6月底前完成二期。"
        "(责任单位:市数据局)\n"
        "2.推进改革。(市发展改革委牵头,持续推进)\n"
        "3.优化服务。(责任单位:市政务服务局,完成时限:根据国家部署)\n"
        "4.加强宣传。(责任单位:市委宣传部)\n")


@pytest.fixture()
def doc():
    return extract_text(PLAN, name="plan.txt")


def test_rows_per_task_unit_and_deadline(doc):
    rows = ledger_rows([doc], date(2025, 6, 30))
    got = [(r.path, r.unit, r.role, r.implied, r.deadline, r.status) for r in rows]
    assert got == [
        ("一/1", "市商务局", "lead", False, "2025年底前", "due"),
        ("一/1", "市财政局", "responsible", False, "2025年底前", "due"),
        ("一/1", "市数据局", "responsible", False, "2026年6月底前", "due"),
        ("一/1", "各区", "responsible", True, "2025年底前", "due"),
        ("一/1", "各区", "responsible", True, "2026年6月底前", "due"),
        ("一/2", "市发展改革委", "lead", False, "持续推进", "standing"),
        ("一/2", "各区", "responsible", True, "持续推进", "standing"),
        ("一/3", "市政务服务局", "responsible", False, "根据国家部署", "unparsed"),
        ("一/3", "各区", "responsible", True, "根据国家部署", "unparsed"),
        ("一/4", "市委宣传部", "responsible", False, "", "no deadline"),
        ("一/4", "各区", "responsible", True, "", "no deadline"),
    ]
    assert rows[0].due == date(2025, 12, 31) and rows[0].lead == "市商务局"


def test_status_relative_to_the_date(doc):
    late = ledger_rows([doc], date(2026, 1, 1))
    assert [r.status for r in late if r.path == "一/1"] == ["overdue", "overdue", "due", "overdue", "due"]
    on_the_day = ledger_rows([doc], date(2025, 12, 31))
    assert on_the_day[0].status == "due"


def test_due_before_a_date_and_for_one_body(doc):
    rows = ledger_rows([doc], date(2025, 6, 30))
    assert [(r.unit, r.due) for r in due_rows(rows, date(2025, 12, 31))] == [
        ("市商务局", date(2025, 12, 31)), ("市财政局", date(2025, 12, 31)), ("各区", date(2025, 12, 31))]
    assert [r.unit for r in due_rows(rows, date(2026, 12, 31), agency="数据局")] == ["市数据局"]


def test_xlsx_read_back_has_dates_as_dates_a_frozen_header_and_filters(doc):
    rows = ledger_rows([doc], date(2025, 6, 30))
    wb = load_workbook(io.BytesIO(to_xlsx(rows, date(2025, 6, 30))))
    assert wb.sheetnames[0] == "全部任务"
    # one sheet per lead body, by its canonical name
    assert set(wb.sheetnames[1:]) == {"市商务局", "市发展和改革委员会", "市政务服务管理局", "中共市委宣传部"}
    ws = wb["全部任务"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:N{len(rows) + 1}"
    header = [c.value for c in ws[1]]
    due_col = header.index("截止日期 due") + 1
    cell = ws.cell(row=2, column=due_col)
    assert isinstance(cell.value, datetime) and cell.value.date() == date(2025, 12, 31)
    assert cell.is_date and cell.number_format == "yyyy-mm-dd"
    assert ws.cell(row=2, column=header.index("状态 status") + 1).value == "未到期 due"
    lead = wb["市商务局"]
    assert lead.freeze_panes == "A2" and lead.max_row == 6  # header + the task's five rows
    assert wb.properties.created == datetime(2025, 6, 30)


def test_xlsx_bytes_are_stable(doc):
    rows = ledger_rows([doc], date(2025, 6, 30))
    a = to_xlsx(rows, date(2025, 6, 30))
    b = to_xlsx(ledger_rows([extract_text(PLAN, name="plan.txt")], date(2025, 6, 30)), date(2025, 6, 30))
    assert hashlib.sha256(a).digest() == hashlib.sha256(b).digest()


def test_csv_is_utf8_with_bom_and_the_same_rows(doc, tmp_path):
    from kg.export.ledger import write_csv

    rows = ledger_rows([doc], date(2025, 6, 30))
    path = write_csv(rows, tmp_path / "ledger.csv")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(table) == len(rows) + 1 and table[1][10] == "2025-12-31"
    assert to_csv(rows).count("\r\n") == len(rows) + 1


def test_sheet_names_are_valid_and_unique():
    long_name = "中共某某市委网络安全和信息化委员会办公室驻某某区联络工作组[试点]"
    names = sheet_names([long_name, "市[商务]局", "市_商务_局"])
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names.values())
    assert len(set(names.values())) == 3


def test_kg_ledger_writes_both_files_byte_stable(cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    r1 = cli("ledger", str(plan), "--as-of", "2025-06-30", "--out", str(tmp_path / "a"))
    r2 = cli("ledger", str(plan), "--as-of", "2025-06-30", "--out", str(tmp_path / "b"))
    assert r1.exit_code == 0 and r2.exit_code == 0
    for name in ("ledger.xlsx", "ledger.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert "11 rows as of 2025-06-30" in r1.stderr


def test_kg_due_prints_a_table(cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    result = cli("due", "--before", "2025-12-31", "--as-of", "2026-01-01", str(plan))
    assert result.exit_code == 0
    assert "2025-12-31" in result.stdout and "市商务局" in result.stdout and "overdue" in result.stdout
    assert "市数据局" not in result.stdout
    one = cli("due", "--before", "2026-12-31", "--agency", "数据局", str(plan))
    assert "市数据局" in one.stdout and "市商务局" not in one.stdout


def test_kg_due_rejects_a_bad_date(cli, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_text(PLAN, encoding="utf-8")
    result = cli("due", "--before", "2025-13-01", str(plan))
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output
