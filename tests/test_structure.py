"""The numbering grammar: styles, levels, paths, what is a task and what is not."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg import extract_text
from kg.structure import normalise_key, numbering_of
from kg.text import int_cn


def paths(text: str) -> list[str]:
    return [t.path for t in extract_text(text).tasks]


@pytest.mark.parametrize("line, style, key", [
    ("一、总体要求", "cn", "一"),
    ("十二、保障措施", "cn", "十二"),
    ("(一)算力设施", "cn-paren", "(一)"),
    ("（三）数据要素", "cn-paren", "(三)"),
    ("1.统筹布局", "ar", "1"),
    ("1．统筹布局", "ar", "1"),
    ("1、统筹布局", "ar", "1"),
    ("1. 强化前沿", "ar", "1"),
    ("(1)智能计算", "ar-paren", "(1)"),
    ("（1）智能计算", "ar-paren", "(1)"),
    ("1)智能计算", "ar-paren", "(1)"),
    ("1）智能计算", "ar-paren", "(1)"),
    ("①开展试点", "circled", "(1)"),
    ("⑫开展试点", "circled", "(12)"),
    ("第三章 重点任务", "part", "第三章"),
])
def test_markers(line, style, key):
    n = numbering_of(line)
    assert n is not None and n.style == style and normalise_key(n) == key


@pytest.mark.parametrize("line", [
    "1.5倍以上", "2024年底前", "12345热线", "5G基站", "一是加强", "一、二、三产业融合发展",
    "3%以上", "10月底前完成", "(2024—2026年)",
])
def test_not_markers(line):
    assert numbering_of(line) is None


@given(st.integers(1, 99))
def test_every_chinese_chapter_number_is_read(n):
    line = f"{int_cn(n)}、重点任务"
    assert numbering_of(line).number == n
    assert numbering_of(f"（{int_cn(n)}）重点任务").number == n


def test_deepest_items_of_task_chapters_are_tasks():
    text = ("一、总体要求\n(一)指导思想。坚持……\n(二)发展目标。到2026年……\n"
            "二、重点任务\n(一)建设平台\n1.建设算力平台。\n2.建设数据平台。\n(二)培育企业。\n"
            "三、保障措施\n(一)加强组织领导。\n")
    assert paths(text) == ["二/(一)/1", "二/(一)/2", "二/(二)", "三/(一)"]


def test_levels_follow_first_appearance_not_a_fixed_order():
    # a plan that starts at (一) and puts 1. under it
    assert paths("(一)重点任务\n1.建设平台。\n2.培育企业。\n") == ["(一)/1", "(一)/2"]
    # and one that puts 1. directly under 一、
    assert paths("一、重点任务\n1.建设平台。\n(1)建设算力。\n(2)建设数据。\n2.培育企业。") == [
        "一/1/(1)", "一/1/(2)", "一/2"]


def test_item_with_own_note_is_a_task_even_with_children():
    text = "一、重点任务\n(一)建设平台。(牵头单位:市发改委)\n1.建设算力。(责任单位:市大数据局)\n"
    assert paths(text) == ["一/(一)", "一/(一)/1"]


def test_descriptive_item_with_a_note_is_a_task():
    text = "一、主要目标\n1.地区生产总值增长6%。(牵头单位:区发改局)\n二、重点任务\n1.建设平台。"
    assert paths(text) == ["一/1", "二/1"]


def test_unnumbered_paragraphs_each_with_a_note():
    text = ("一、重点任务\n(一)强化顶层设计。\n建立指标体系。(生态环境部牵头)\n"
            "优化管理体制。(生态环境部指导)\n(二)推行绿色生产。\n全面推进。(农业农村部负责)")
    assert paths(text) == ["一/(一)/¶1", "一/(一)/¶2", "一/(二)"]


def test_a_single_note_closes_a_multi_paragraph_item():
    text = "一、重点任务\n1.建设平台。\n第一段内容。\n第二段内容。(责任单位:市大数据局)\n"
    doc = extract_text(text)
    assert [t.path for t in doc.tasks] == ["一/1"]
    assert doc.tasks[0].text(doc).count("\n") == 2


def test_dash_paragraphs_before_any_heading():
    text = ("--开展优化审批流程。(市发改局牵头,相关单位负责)\n"
            "--推进并联审批。(市发改局、监察局牵头,各有关部门参加)\n")
    assert paths(text) == ["¶1", "¶2"]


def test_notice_lines_hold_no_tasks_and_second_plan_is_prefixed():
    text = ("某市人民政府办公室关于印发《甲行动方案》《乙实施方案》的通知\n"
            "各区政府:\n现将《甲行动方案》《乙实施方案》印发给你们。\n1.请认真落实。\n"
            "某市人民政府办公室\n2024年1月2日\n"
            "甲行动方案\n一、重点任务\n(一)建设平台。(责任单位:市发改委)\n"
            "乙实施方案\n一、重点任务\n(一)培育企业。(责任单位:市工信局)\n")
    assert paths(text) == ["一/(一)", "#2/一/(一)"]


def test_attachment_list_in_the_notice_is_not_tasks():
    text = ("某县人民政府办公室关于印发某县五大专项行动方案的通知\n各镇人民政府:\n现印发给你们。\n"
            "附件:\n1.某县国土空间规划专项行动方案\n2.某县城市建设专项行动方案\n"
            "某县人民政府办公室\n2022年10月28日\n附件1\n某县国土空间规划专项行动方案\n"
            "(县自然资源局牵头)\n为贯彻落实……特制定本方案。")
    doc = extract_text(text)
    assert doc.tasks == []
    assert [u.mention for i in doc.plan_notes for u in doc.notes[i].units] == ["县自然资源局"]


def test_policy_interpretation_is_not_part_of_the_plan():
    text = ("一、重点任务\n(一)建设平台。(责任单位:市发改委)\n(二)培育企业。\n"
            "本方案自印发之日起施行,由市大数据委牵头组织实施。\n"
            "《某市行动方案》政策解读\n一、出台背景\n二、主要内容\n")
    doc = extract_text(text)
    assert [t.path for t in doc.tasks] == ["一/(一)", "一/(二)"]
    # the closing line's note governs the plan, not item (二)
    assert [u.mention for i in doc.plan_notes for u in doc.notes[i].units] == ["市大数据委"]


def test_news_article_has_no_tasks():
    text = ("某市工业和信息化局:推动产业发展\n记者从市工信局获悉,今年以来……\n"
            "1.全市新增企业100家。\n文/本报记者")
    doc = extract_text(text)
    assert doc.metadata.genre == "news" and doc.tasks == []


def test_run_in_sub_items_each_with_a_note():
    text = ("一、持续减少审批事项\n1.深化商事制度改革。(1)落实多证合一改革。(市工商质监局牵头负责)"
            "(2)完善企业登记全程电子化。(市工商质监局牵头负责)")
    assert paths(text) == ["一/1/(1)", "一/1/(2)"]


def test_run_in_enumeration_sharing_one_note_stays_whole():
    text = "一、重点任务\n1.完善制度。(1)建立台账;(2)定期通报。(责任单位:市发改委)"
    assert paths(text) == ["一/1"]


def test_lost_paragraph_breaks():
    text = ("某省工作要点 制定以下工作要点。 一、持续深化改革 (一)完善清单制度。"
            "修订办法。〔省委编办牵头,省直有关部门按职责分工负责〕")
    assert paths(text) == ["一/(一)"]


def test_decimal_looking_marker_is_read_by_sequence():
    text = "一、项目\n10.羊城学者项目。(牵头单位:市委组织部)\n11.121人才梯队项目。(牵头单位:市人社局)"
    assert paths(text) == ["一/10", "一/11"]


def test_numbering_out_of_sequence_is_reported():
    doc = extract_text("一、重点任务\n1.建设平台。\n3.培育企业。\n")
    assert any(p.kind == "numbering" for p in doc.problems)


def test_attachment_ends_the_outline_and_its_list_is_not_tasks():
    text = ("一、重点任务\n(一)建设平台。\n(二)培育企业。\n"
            "附件：1.某区农村公路责任清单\n2.某区路长制实施方案(试行)\n")
    assert paths(text) == ["一/(一)", "一/(二)"]


def test_tab_separated_task_table_in_an_attachment():
    text = ("一、重点任务\n(一)建设平台。\n附件2 任务分工表\n"
            "序号\t工作事项\t主要内容\t牵头单位\t配合单位\n"
            "1\t扩大来源。\t内容甲。\t各区政府\t市卫生健康委\n"
            "内容乙。\t各区政府\t市卫生健康委、市人社局\n"
            "2\t优化团队。\t内容丙。\t市卫生健康委\t/\n")
    doc = extract_text(text)
    got = {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}
    assert got == {
        "一/(一)": [],
        "附件2/1": [("各区政府", "lead"), ("市卫生健康委", "cooperate"), ("市人社局", "cooperate")],
        "附件2/2": [("市卫生健康委", "lead")],
    }


def test_one_cell_per_line_task_table():
    text = ("一、重点任务\n(一)建设平台。\n附件：重点任务分解表\n序号\n任务类型\n重点内容\n责任单位\n"
            "1\n海绵城市\n建设管理\n区建设管理委负责指导推进。\n区建设管理委、区发展改革委、\n区水务局，\n各街镇\n"
            "2\n系统方案\n编制系统方案。\n区建设管理委\n")
    doc = extract_text(text)
    got = {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}
    assert got["附件/1"] == [("区建设管理委", "responsible"), ("区发展改革委", "responsible"),
                           ("区水务局", "responsible"), ("各街镇", "responsible")]
    assert got["附件/2"] == [("区建设管理委", "responsible")]


def test_note_line_after_the_last_sub_item_closes_the_parent():
    text = ("一、重点任务\n1.开展专项整治。\n(1)整治路域环境。\n(2)整治危桥。\n(3)整治安全隐患。\n"
            "(责任部门:区交通委、各街镇)\n2.加强养护。(责任单位:区交通委)")
    doc = extract_text(text)
    got = {t.path: [u.mention for u in t.units(doc)] for t in doc.tasks}
    assert got == {"一/1": ["区交通委", "各街镇"], "一/1/(1)": [], "一/1/(2)": [], "一/1/(3)": [],
                   "一/2": ["区交通委"]}


def test_goal_headings_are_descriptive():
    text = "一、建设目标\n(一)总体目标。\n(二)空间目标\n1.形成格局。\n二、重点任务\n1.建设。"
    assert paths(text) == ["二/1"]


def test_small_full_stop_marker():
    assert paths("一、重点任务\n1﹒加快智算中心建设。\n2﹒建设数据平台。") == ["一/1", "一/2"]


def test_a_book_title_inside_the_plan_title_is_not_the_plan():
    text = ("区人民政府办公室关于印发2023年区《政府工作报告》确定的主要目标任务责任分解方案的通知\n"
            "各街道办事处:\n现印发给你们,并就有关事项通知如下:\n一、各责任单位要高度重视。\n"
            "二、区绩效考评机构要纳入考核。\n区人民政府办公室\n2023年1月3日\n"
            "2023年区《政府工作报告》确定的主要目标任务责任分解方案\n一、主要预期目标\n"
            "(一)地区生产总值增长7%以上\n责任单位:区发展和改革局\n")
    assert paths(text) == ["一/(一)"]


def test_run_in_items_after_a_note_in_the_items_own_style():
    """(一)…(X负责)(二)…: the line's own item and the run-in ones each end with a note."""
    text = ("一、主要目标\n(一)地区生产总值增长7%左右。(省发改委负责)(二)财政收入增长6%。"
            "(省财政厅主办,省税务局协办)\n二、重点工作\n1.抓好重点项目。(省发改委主办,省工信委协办)"
            "2.推进技术改造。(省工信委主办)\n")
    got = {t.path: [(u.mention, u.role) for u in t.units(extract_text(text))]
           for t in extract_text(text).tasks}
    assert got == {"一/(一)": [("省发改委", "responsible")],
                   "一/(二)": [("省财政厅", "lead"), ("省税务局", "cooperate")],
                   "二/1": [("省发改委", "lead"), ("省工信委", "cooperate")],
                   "二/2": [("省工信委", "lead")]}


def test_run_in_items_without_notes_each_stay_one_paragraph():
    # a cross-reference after a full stop is not an item: (二) has no note of its own
    text = "一、重点任务\n(一)落实上述要求。(省发改委负责)(二)项所列事项另行通知。\n"
    assert paths(text) == ["一/(一)"]


def test_lost_breaks_before_arabic_items():
    """A page whose line breaks were collapsed into spaces: 一、… (一)… 1.… 2.…"""
    text = ("某省人民政府关于明确重点工作责任单位的通知 现将任务分解如下。 一、提振市场信心 "
            "(一)促进消费。 1.扩大消费。(省商务厅、财政厅按职责分工负责) "
            "2.落实提振措施。(省发展改革委牵头,省商务厅按职责分工负责) "
            "(二)稳定投资。 1.推进项目。(省发展改革委负责)")
    assert paths(text) == ["一/(一)/1", "一/(一)/2", "一/(二)/1"]


def test_a_decimal_after_a_space_is_not_an_item():
    text = "一、重点任务\n(一)提高效率。增长 1.5倍以上。(责任单位:市发改委)\n"
    assert paths(text) == ["一/(一)"]


def test_task_table_that_is_the_plan_with_chapter_rows():
    """A 任务分解表 in the body, one cell per line: rows under their chapter rows, the
    序号 starting again under each; a missing cell does not shift the unit columns."""
    text = ("某区人民政府关于印发主要工作任务分解表的通知\n各镇人民政府:\n现将分解表印发给你们。\n"
            "主要工作任务分解表\n序号\n主要工作举措\n牵头单位\n配合单位\n责任领导\n"
            "一、做强主导产业\n1\n推进全产业链布局。\n区农业农村局\n区发展改革局、区工业和信息化局\n"
            "2\n加快在建项目建设。\n经济区管委会\n自然资源分局\n张三\n"
            "二、优化营商环境\n1\n深化审批改革。\n区行政审批局\n各镇政府(街道办事处)\n李四\n")
    doc = extract_text(text)
    got = {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}
    assert got == {
        "一/1": [("区农业农村局", "lead"), ("区发展改革局", "cooperate"), ("区工业和信息化局", "cooperate")],
        "一/2": [("经济区管委会", "lead"), ("自然资源分局", "cooperate")],
        "二/1": [("区行政审批局", "lead"), ("各镇政府(街道办事处)", "cooperate")],
    }


def test_pipe_separated_cells_and_numbered_items_inside_a_row():
    """Cells flattened with a '|' line after each; a row grouping numbered items, each with
    its own unit cell, gives one task per item; a lead mark is not part of the name."""
    text = ("重点工作目标任务分解落实方案\n序号\n|\n项目\n|\n重点工作目标任务\n|\n牵头领导\n|\n责任单位\n|\n"
            "一、主要预期目标\n|\n||||\n1\n|\n主要预期目标\n|\n1.地区生产总值增长5%以上。\n|\n王五\n|\n"
            "★区发改委、统计局\n|\n2.一般公共预算收入增长6%以上。\n|\n★区财政局、税务局\n|\n|||\n"
            "3.进出口稳中提质。\n|\n|\n★区商务局、吴江海关\n|\n||\n")
    doc = extract_text(text)
    got = {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}
    assert got == {"一/1/1": [("区发改委", "responsible"), ("统计局", "responsible")],
                   "一/1/2": [("区财政局", "responsible"), ("税务局", "responsible")],
                   "一/1/3": [("区商务局", "responsible"), ("吴江海关", "responsible")]}
    assert all(u.marked for t in doc.tasks for u in t.units(doc)[:1])


def test_a_lead_mark_the_plan_defines_makes_a_table_cell_lead():
    text = ("工作任务分解表(标★的为牵头单位)\n序号\n工作任务\n责任单位\n"
            "一、稳增长\n1\n扩大有效投资。\n★区发改委、区财政局\n")
    doc = extract_text(text)
    assert [(u.mention, u.role) for t in doc.tasks for u in t.units(doc)] == [
        ("区发改委", "lead"), ("区财政局", "responsible")]


def test_markdown_pipe_task_table():
    """A page converted to Markdown: one row a line between pipes, a |---| rule under the header."""
    text = ("一、重点任务\n(一)完善制度。\n附件\n重点任务分工表\n"
            "| 序号 | 重点任务 | 牵头单位 | 配合单位 |\n|---|---|---|---|\n"
            "| 1 | 建立数据资源目录。 | 市数据局 | 市财政局、市发展改革委 |\n"
            "｜2｜开展授权运营。｜市数据局｜各区人民政府｜\n")
    doc = extract_text(text)
    got = {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}
    assert got == {"一/(一)": [],
                   "附件/1": [("市数据局", "lead"), ("市财政局", "cooperate"), ("市发展改革委", "cooperate")],
                   "附件/2": [("市数据局", "lead"), ("各区人民政府", "cooperate")]}
    assert [t.title for t in doc.tasks][1] == "建立数据资源目录"


def test_numbering_that_runs_on_across_chapters_is_not_a_problem():
    doc = extract_text("一、稳需求\n(一)甲。(责任单位:市住建局)\n(二)乙。(责任单位:市财政局)\n"
                       "二、优供给\n(三)丙。(责任单位:市自然资源局)\n")
    assert [t.path for t in doc.tasks] == ["一/(一)", "一/(二)", "二/(三)"]
    assert not [p for p in doc.problems if p.kind == "numbering"]
    assert [p.kind for p in extract_text("一、重点任务\n(三)丙。\n").problems] == ["numbering"]


def test_an_effective_date_item_is_no_task_and_its_interpreter_no_unit():
    text = ("一、重点任务\n(一)甲。(责任单位:市住建局)\n二、其他\n"
            "(二)本文件自印发之日起施行,由相关责任单位负责解释。\n")
    doc = extract_text(text)
    assert [t.path for t in doc.tasks] == ["一/(一)"]
    assert [u.mention for n in doc.notes for u in n.units] == ["市住建局"]


def test_a_plan_on_one_line_with_items_run_into_headings_and_notes():
    """A crawled copy that lost every line break: (一) right after a heading's text, 二、
    right after the note that closed the last item, numbering running on across chapters."""
    text = ("为推动发展,制定如下措施: 一、有序去库存,消化存量住房(一)推行补贴。给予补贴。"
            "(责任单位:县住保中心、县财政局按职责分工负责)(二)鼓励团购。开展团购活动。"
            "(责任单位:县住建局)二、稳步调结构,优化供给(三)优化供地。合理安排供地。"
            "(责任单位:县自然资源局)")
    assert paths(text) == ["一/(一)", "一/(二)", "二/(三)"]


def test_a_bracket_after_text_is_no_item_unless_every_item_ends_with_a_note():
    text = "一、重点任务\n(一)落实(一)号文件要求,推进改革。(责任单位:县住建局)\n"
    assert paths(text) == ["一/(一)"]
