"""Cases a code review of the extractor found (each once misread), kept as rules' tests."""

from __future__ import annotations

from kg import extract_text
from kg.pipeline import extract_bytes

H = "关于印发某某方案的通知\n一、重点任务\n"


def units(doc) -> dict[str, list[tuple[str, str]]]:
    return {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}


def test_one_bracketed_numeral_in_running_text_is_no_item():
    doc = extract_text(H + "1.推进数据中心建设。重点支持以下方向：(1)人工智能等领域的算力设施。"
                       "(责任单位:市大数据局)\n2.完善政策。按照《若干措施》(一)的规定,兑现奖补资金。(责任单位:市财政局)\n")
    assert [t.path for t in doc.tasks] == ["一/1", "一/2"]


def test_a_collective_with_a_quantifier_stays_a_group():
    doc = extract_text("青岛市人民政府办公厅关于印发某方案的通知\n某方案\n一、重点任务\n"
                       "(一)甲。(责任单位:市委宣传部、各级党组织、各相关市场主体)\n")
    kinds = [u.agency.kind for t in doc.tasks for u in t.units(doc)]
    assert kinds[1:] == ["collective", "collective"]


def test_common_words_that_are_place_names_give_no_jurisdiction():
    doc = extract_text("为推动省、市和县三级平台建设,各市和县(市、区)要加快矿区治理,推进矿区复绿。\n"
                       "一、重点任务\n(一)甲。(责任单位:市大数据局)\n")
    assert doc.metadata.jurisdiction is None


def test_a_county_party_department_is_no_central_issuer(tmp_path):
    from kg.build import load

    text = "某方案\n一、重点任务\n(一)甲。(牵头单位:县委组织部;配合单位:县人社局、发展改革委)\n县委组织部\n"
    (tmp_path / "a.txt").write_text(text + "2024年1月5日\n", encoding="utf-8")
    doc = load([tmp_path]).docs[0]
    names = [u.agency.name for t in doc.tasks for u in t.units(doc)]
    assert "国家发展和改革委员会" not in names


def test_notes_that_lost_their_closing_bracket_keep_whole_names_and_lose_nothing():
    doc = extract_text(H + "(一)加快建设平台。(责任单位:市发改委、各区(市)\n"
                       "(二)加快建设平台。(责任单位:市发改委 (三)推进数据中心建设。(责任单位:市大数据局)\n")
    assert units(doc) == {"一/(一)": [("市发改委", "responsible"), ("各区(市)", "responsible")],
                          "一/(二)": [("市发改委", "responsible")],
                          "一/(三)": [("市大数据局", "responsible")]}
    assert [p.kind for p in doc.problems].count("unclosed-note") == 2


def test_a_table_cell_that_starts_like_a_chapter_and_a_signature_after_the_table():
    text = ("某区人民政府办公室关于印发重点任务分解表的通知\n重点任务分解表\n序号\n工作任务\n"
            "牵头单位\n配合单位\n一、数字政府\n1\n推进数字政府建设。\n区大数据局\n区财政局\n2\n二、三级医院全部接入区域平台。\n区卫健委\n"
            "3\n深化审批改革。\n区行政审批局\n某区人民政府办公室\n2024年3月1日\n")
    assert units(extract_text(text)) == {
        "一/1": [("区大数据局", "lead"), ("区财政局", "cooperate")],
        "一/2": [("区卫健委", "lead")], "一/3": [("区行政审批局", "lead")]}


def test_a_page_that_is_one_table_spreads_its_merged_cells():
    html = ("<html><body><table><tr><th>序号</th><th>工作任务</th><th>牵头单位</th><th>配合单位</th></tr>"
            "<tr><td>1</td><td>推进数字政府建设。</td><td rowspan='2'>区大数据局</td><td>区财政局</td></tr>"
            "<tr><td>2</td><td>深化数据共享。</td><td>区市场监管局</td></tr></table></body></html>")
    doc = extract_bytes(html.encode(), "p.html")
    assert units(doc) == {"1": [("区大数据局", "lead"), ("区财政局", "cooperate")],
                          "2": [("区大数据局", "lead"), ("区市场监管局", "cooperate")]}


def test_a_limit_counted_from_another_start_is_reported_not_dated():
    text = ("某市人民政府办公室关于印发某方案的通知\n某市人民政府办公室\n2024年3月1日\n某方案\n一、重点任务\n"
            "(一)改造小区。自项目实施之日起3年内完成改造。(责任单位:市住建局)\n")
    doc = extract_text(text)
    d = doc.deadlines[doc.tasks[0].deadlines[0]]
    assert (d.date, bool(d.problem)) == ("", True)


def test_a_pipe_table_in_the_plans_body():
    text = ("某区人民政府关于印发重点工作任务清单的通知\n重点工作任务清单\n"
            "| 序号 | 工作任务 | 牵头单位 | 配合单位 |\n"
            "| 1 | 推进数字政府建设。 | 区大数据局 | 区财政局 |\n"
            "| 2 | 深化数据共享。 | 区大数据局 | 区市场监管局 |\n")
    assert units(extract_text(text)) == {"1": [("区大数据局", "lead"), ("区财政局", "cooperate")],
                                         "2": [("区大数据局", "lead"), ("区市场监管局", "cooperate")]}
