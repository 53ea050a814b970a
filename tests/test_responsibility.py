"""Responsibility notes: every written form, the list rules, and a property test.

Each test is a small note or sentence of the kind plans print, with what a
supervision office would read from it.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import extract_text
from kg.extract.responsibility import agency_like, parse_note, split_units


def units(note: str) -> list[tuple[str, str]]:
    return [(u.mention, u.role) for u in parse_note(note).units]


def task_units(text: str) -> dict[str, list[tuple[str, str]]]:
    doc = extract_text(text)
    return {t.path: [(u.mention, u.role) for u in t.units(doc)] for t in doc.tasks}


# ------------------------------------------------------------------ labels


def test_responsible_label():
    assert units("责任单位:市工业和信息化局、市大数据局") == [
        ("市工业和信息化局", "responsible"), ("市大数据局", "responsible")]


@pytest.mark.parametrize("colon", [":", "："])
@pytest.mark.parametrize("sep", [",", "，", ";", "；", " "])
def test_lead_and_responsible_labels_any_width(colon, sep):
    assert units(f"牵头单位{colon}省科技厅{sep}责任单位{colon}省教育厅") == [
        ("省科技厅", "lead"), ("省教育厅", "responsible")]


def test_cooperate_labels():
    assert units("牵头单位:市发改委;配合单位:市财政局、市统计局") == [
        ("市发改委", "lead"), ("市财政局", "cooperate"), ("市统计局", "cooperate")]
    assert units("牵头部门：区科技局，参与单位：区教育局") == [
        ("区科技局", "lead"), ("区教育局", "cooperate")]
    assert units("责任部门:县农业农村局;协办单位:县财政局") == [
        ("县农业农村局", "responsible"), ("县财政局", "cooperate")]


def test_deadline_label_is_a_remark_not_a_unit():
    p = parse_note("责任单位:市商务局,完成时限:2025年6月底前")
    assert [(u.mention, u.role) for u in p.units] == [("市商务局", "responsible")]
    assert [t for t, *_ in p.remarks] == ["完成时限:2025年6月底前"]


def test_person_label_is_not_a_unit():
    p = parse_note("责任领导:张副市长;牵头单位:市应急局")
    assert [(u.mention, u.role) for u in p.units] == [("市应急局", "lead")]


# ------------------------------------------------------------------ role phrases


def test_by_duty_division():
    assert units("省发展改革委、省科技厅、省工业和信息化厅、省商务厅按职责分工负责") == [
        ("省发展改革委", "responsible"), ("省科技厅", "responsible"),
        ("省工业和信息化厅", "responsible"), ("省商务厅", "responsible")]


def test_lead_then_cooperate_phrases():
    assert units("市委组织部牵头,市人社局、市教育局配合") == [
        ("市委组织部", "lead"), ("市人社局", "cooperate"), ("市教育局", "cooperate")]
    assert units("区国土分局牵头,区规划分局、区级相关部门配合") == [
        ("区国土分局", "lead"), ("区规划分局", "cooperate"), ("区级相关部门", "cooperate")]


def test_lead_then_responsible_with_etc():
    p = parse_note("市政府办公室牵头,市级各有关部门及各县市区政府按职责分工负责")
    assert [(u.mention, u.role) for u in p.units] == [
        ("市政府办公室", "lead"), ("市级各有关部门", "responsible"), ("各县市区政府", "responsible")]


def test_a_clause_without_role_takes_the_next_clauses_role():
    assert units("省发展改革委、省科技厅,省工业和信息化厅按职责分工负责") == [
        ("省发展改革委", "responsible"), ("省科技厅", "responsible"),
        ("省工业和信息化厅", "responsible")]


def test_role_phrase_followed_by_dunhao_ends_its_clause():
    assert units("市行政服务中心负责、市编办、市政府法制办配合") == [
        ("市行政服务中心", "responsible"), ("市编办", "cooperate"), ("市政府法制办", "cooperate")]


def test_huitong_makes_a_lead_and_a_cooperator():
    assert units("国家发展改革委、财政部会同有关部门负责") == [
        ("国家发展改革委", "lead"), ("财政部", "lead"), ("有关部门", "cooperate")]


def test_role_followed_by_a_work_verb():
    assert units("市法制局牵头,具体职能部门负责起草") == [
        ("市法制局", "lead"), ("具体职能部门", "responsible")]


def test_standing_rule_inside_a_note_is_a_remark():
    p = parse_note("税务总局、财政部、海关总署负责,排在第一位的部门为牵头部门,下同")
    assert [u.mention for u in p.units] == ["税务总局", "财政部", "海关总署"]
    assert p.remarks
    p = parse_note("生态环境部指导,试点城市政府负责落实。以下均需试点城市政府落实,不再列出")
    assert [(u.mention, u.role) for u in p.units] == [
        ("生态环境部", "responsible"), ("试点城市政府", "responsible")]


# ------------------------------------------------------------------ list rules


def test_conjunctions_split_only_between_bodies():
    assert [m for m, *_ in split_units("市工业和信息化局及专班成员单位", 0)] == [
        "市工业和信息化局", "专班成员单位"]
    assert [m for m, *_ in split_units("市科技局及相关行业主管部门", 0)] == [
        "市科技局", "相关行业主管部门"]
    for whole in ["市人力资源和社会保障局", "市文化和旅游局", "中央和国家机关工委",
                  "市自然资源和规划局", "国家粮食和物资储备局"]:
        assert [m for m, *_ in split_units(whole, 0)] == [whole]


@pytest.mark.parametrize("collective", [
    "各区、市政府", "有关区、市政府", "各区、县级市", "各有关区、县级市", "各县、市、区人民政府",
    "相关县(市)区人民政府", "各县(市、区)人民政府", "各镇(街道)", "市相关行业主管部门",
    "专班成员单位", "各市(州)人民政府",
])
def test_collectives_stay_one_mention(collective):
    assert [m for m, *_ in split_units(collective, 0)] == [collective]


def test_collective_in_a_list():
    assert units("责任单位:市工业和信息化局,各区、市政府") == [
        ("市工业和信息化局", "responsible"), ("各区、市政府", "responsible")]
    assert units("责任单位:市编办、各有关单位，各区、县级市") == [
        ("市编办", "responsible"), ("各有关单位", "responsible"), ("各区、县级市", "responsible")]


def test_brackets_inside_a_name_are_kept():
    assert units("责任单位:市财政局、中国(山东)自由贸易试验区济南片区管委会(筹)") == [
        ("市财政局", "responsible"), ("中国(山东)自由贸易试验区济南片区管委会(筹)", "responsible")]


def test_trailing_deng_is_recorded_not_kept():
    p = parse_note("牵头单位:省科技厅,责任单位:省委组织部、省发展改革委、省工业和信息化厅等")
    assert [u.mention for u in p.units][-1] == "省工业和信息化厅"
    assert any(u.etc for u in p.units)
    p = parse_note("人力资源社会保障部等有关部门和单位负责")
    assert [u.mention for u in p.units] == ["人力资源社会保障部"]
    assert p.units[0].etc


def test_deng_then_he_joins_a_collective():
    assert units("全国妇联、共青团中央等和各省级人民政府负责") == [
        ("全国妇联", "responsible"), ("共青团中央", "responsible"),
        ("各省级人民政府", "responsible")]


def test_prefix_less_abbreviations_are_mentions_as_written():
    assert [m for m, _ in units("责任单位:市大数据委、工信局、科技局、财政局、发改委,"
                                  "相关县(市)区人民政府")] == [
        "市大数据委", "工信局", "科技局", "财政局", "发改委", "相关县(市)区人民政府"]


# ------------------------------------------------------------------ what is not a note


@pytest.mark.parametrize("text", [
    "(以下简称“两区”)", "(CPU)", "(2024—2026年)", "(筹)", "(含软件园)", "(公司)",
    "(每秒百亿亿次浮点运算)", "(涉及滇池流域项目)", "(试行)",
])
def test_brackets_that_are_not_notes(text):
    doc = extract_text(f"一、重点任务\n1.开展工作{text}。")
    assert doc.notes == []


def test_an_alias_in_brackets_after_a_word_is_not_a_note():
    doc = extract_text("一、重点任务\n1.建立“接触广州”人才联络站(海外人才工作站),逐步形成网络。"
                       "(牵头单位:市留交办)")
    assert [u.mention for n in doc.notes for u in n.units] == ["市留交办"]


def test_bare_list_at_sentence_end_is_a_note():
    assert task_units("一、重点任务\n1.推进数据开放。(市大数据局、市财政局)") == {
        "一/1": [("市大数据局", "responsible"), ("市财政局", "responsible")]}


def test_agency_like():
    assert agency_like("市工业和信息化局") and agency_like("青岛海洋科技中心")
    assert agency_like("各区、市政府") and agency_like("济南市")
    assert not agency_like("企业") and not agency_like("单位")
    assert not agency_like("具体任务均涉及相关市(州)人民政府")


# ------------------------------------------------------------------ running text and lines


def test_running_text_lead_and_cooperate():
    got = task_units("一、保障措施\n(一)加强组织保障。成立工作专班,由市大数据委、市工信局、市科技局牵头,"
                     "各有关市直单位参与配合,建立工作机制。")
    assert got == {"一/(一)": [("市大数据委", "lead"), ("市工信局", "lead"), ("市科技局", "lead"),
                              ("各有关市直单位", "cooperate")]}


def test_running_text_needs_bodies():
    doc = extract_text("一、重点任务\n1.支持行业龙头企业牵头建设平台,由市县两级按现行财政体制分级承担。")
    assert doc.notes == []


def test_mechanism_led_by_is_not_an_assignment():
    doc = extract_text("一、重点任务\n1.建立由农业农村部、工业和信息化部牵头的协调机制。"
                       "(农业农村部负责)")
    assert [(u.mention, u.role) for u in doc.tasks[0].units(doc)] == [("农业农村部", "responsible")]


def test_labelled_lines_outside_brackets():
    got = task_units("一、主要目标\n1.努力实现地区生产总值增长6.2%左右。\n牵头单位:区发改局\n"
                     "责任单位:立山经济开发区,全区经济运行各专班\n"
                     "2.一般公共预算收入增长5%。\n牵头单位:区财政局\n责任单位:各街道(园区)。")
    assert got == {
        "一/1": [("区发改局", "lead"), ("立山经济开发区", "responsible"),
                 ("全区经济运行各专班", "responsible")],
        "一/2": [("区财政局", "lead"), ("各街道(园区)", "responsible")],
    }


def test_several_notes_in_one_item_keep_their_order_and_sentences():
    text = ("一、重点任务\n1. 实施计划。加强攻关。(牵头单位:省发展改革委,责任单位:省工业和信息化厅)"
            "支持参与标准制订。(牵头单位:省市场监管局,责任单位:省科技厅)")
    doc = extract_text(text)
    task = doc.tasks[0]
    assert [(u.mention, u.role) for u in task.units(doc)] == [
        ("省发展改革委", "lead"), ("省工业和信息化厅", "responsible"),
        ("省市场监管局", "lead"), ("省科技厅", "responsible")]
    scopes = [doc.text[doc.notes[i].scope.start : doc.notes[i].scope.end] for i in task.notes]
    assert scopes[1].startswith("支持参与标准制订")


def test_first_listed_is_lead_when_the_plan_says_so():
    text = ("一、重点任务\n(一)加大稳岗支持。(人力资源社会保障部、财政部等负责。列第一位者为牵头单位,下同)\n"
            "(二)支持创业。(财政部、人民银行负责)")
    assert task_units(text) == {
        "一/(一)": [("人力资源社会保障部", "lead"), ("财政部", "responsible")],
        "一/(二)": [("财政部", "lead"), ("人民银行", "responsible")],
    }


def test_unparseable_note_is_reported_not_dropped():
    doc = extract_text("一、重点任务\n1.开展工作。(责任单位:按照有关规定执行)")
    assert doc.problems, "a labelled note with nothing readable must reach the coverage report"


# ------------------------------------------------------------------ property


AGENCIES = ["市发展改革委", "省科技厅", "市工业和信息化局", "区教育局", "县财政局", "市委网信办",
            "青岛海洋科技中心", "各区、市政府", "相关县(市)区人民政府",
            "中国(山东)自由贸易试验区济南片区管委会(筹)", "市人力资源和社会保障局", "专班成员单位",
            "国家金融监督管理总局山东监管局", "各镇(街道)"]
LABELS = ["牵头单位", "责任单位", "配合单位", "牵头部门", "责任部门", "参与单位"]


@st.composite
def notes(draw):
    parts = []
    names_written = []
    for _ in range(draw(st.integers(1, 3))):
        label = draw(st.sampled_from(LABELS))
        names = draw(st.lists(st.sampled_from(AGENCIES), min_size=1, max_size=4))
        seps = [draw(st.sampled_from(["、", ",", "，"])) for _ in names[1:]]
        body = names[0] + "".join(s + n for s, n in zip(seps, names[1:], strict=True))
        if draw(st.booleans()):
            body += "等"
        parts.append(label + draw(st.sampled_from([":", "："])) + body)
        names_written += names
    return draw(st.sampled_from([";", "；", ",", "，"])).join(parts), names_written


@settings(max_examples=300, deadline=None)
@given(notes())
def test_splitter_never_loses_or_invents_characters(case):
    note, names = case
    p = parse_note(note)
    # every unit is text of the note at its own offsets: nothing invented
    for u in p.units:
        assert note[u.start : u.end] == u.mention
    # no unit overlaps another
    spans = sorted((u.start, u.end) for u in p.units)
    assert all(a[1] <= b[0] for a, b in itertools.pairwise(spans))
    # every body written is read, in order: nothing lost
    assert [u.mention for u in p.units] == names
    # what no unit covers is only labels, separators and 等
    covered = set()
    for u in p.units:
        covered.update(range(u.start, u.end))
    rest = "".join(ch for i, ch in enumerate(note) if i not in covered)
    for label in LABELS:
        rest = rest.replace(label, "")
    assert set(rest) <= set(":：、,，;；等"), rest


def test_boxed_labels():
    assert units("【牵头单位】区发改局【配合单位】区财政局、区统计局") == [
        ("区发改局", "lead"), ("区财政局", "cooperate"), ("区统计局", "cooperate")]
    got = task_units("一、重点任务\n1.推进项目建设。\n【责任单位】区住建局、区交通局")
    assert got == {"一/1": [("区住建局", "responsible"), ("区交通局", "responsible")]}


def test_bodies_separated_by_spaces():
    assert units("责任单位:市发改委 市财政局　市统计局") == [
        ("市发改委", "responsible"), ("市财政局", "responsible"), ("市统计局", "responsible")]
    # a space inside one name is not a separator
    assert units("责任单位:中国人民银行 某某支行") == [("中国人民银行 某某支行", "responsible")]


@pytest.mark.parametrize("note, want", [
    ("市住房城乡建设管理委按职责分工负责落实", [("市住房城乡建设管理委", "responsible")]),
    ("市民政局按职责组织配合", [("市民政局", "cooperate")]),
    ("市房屋管理局按职责牵头负责", [("市房屋管理局", "lead")]),
    ("各部门按职责分工牵头负责", [("各部门", "lead")]),
    ("市交通委牵头负责、各区政府组织落实", [("市交通委", "lead"), ("各区政府", "responsible")]),
])
def test_duty_modifiers_before_a_role_verb(note, want):
    assert units(note) == want


def test_a_bracket_after_a_noun_is_a_qualifier_not_a_note():
    doc = extract_text("一、重点任务\n1.建设驿站。\n北部科技驿站（朱桥片区）\n家庭医生（团队）提供服务。")
    assert doc.notes == []


def test_marked_lead_convention():
    got = task_units("一、重点任务\n(一)推进人工智能+制造。"
                     "(责任单位:☆经信局、科技局。标☆的为牵头单位,下同。)")
    assert got == {"一/(一)": [("经信局", "lead"), ("科技局", "responsible")]}


def test_first_responsible_unit_convention_in_brackets():
    text = ("一、重点任务\n(一)推进PPP建设。\n责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n"
            "时限要求:持续推进\n(二)落实招投标政策。\n责任单位:市建设局\n")
    assert task_units(text) == {"一/(一)": [("市发改委", "lead"), ("市财政局", "responsible")],
                                "一/(二)": [("市建设局", "lead")]}


def test_generic_noun_completes_a_collective():
    assert units("牵头单位:市大数据局;责任单位:市直有关部门、单位") == [
        ("市大数据局", "lead"), ("市直有关部门、单位", "responsible")]


def test_a_sentence_that_only_assigns_is_a_note():
    got = task_units("一、重点任务\n1.推进公共数据开放。市大数据局牵头,市财政局、市发改委配合。")
    assert got == {"一/1": [("市大数据局", "lead"), ("市财政局", "cooperate"), ("市发改委", "cooperate")]}


def test_a_sentence_with_a_modal_subject_is_not_a_note():
    doc = extract_text("一、重点任务\n1.推进公共数据开放。各部门要按职责分工负责。企业负责实施。")
    assert doc.notes == []


@pytest.mark.parametrize("note, want", [
    ("市级责任单位：市水利局、市财政局；县级责任单位：各县（市、区）人民政府",
     [("市水利局", "responsible"), ("市财政局", "responsible"), ("各县（市、区）人民政府", "responsible")]),
    ("牵头部门（单位）：市农业农村局；配合部门（单位）：市发展改革委",
     [("市农业农村局", "lead"), ("市发展改革委", "cooperate")]),
    ("牵头单位：市发改委，市财政局、市商务局配合",
     [("市发改委", "lead"), ("市财政局", "cooperate"), ("市商务局", "cooperate")]),
    ("责任单位：市经信局（牵头）、市通信发展管理办公室、市科技局(配合)",
     [("市经信局", "lead"), ("市通信发展管理办公室", "responsible"), ("市科技局", "cooperate")]),
    ("省教育厅、省委老干部局等省直有关单位按职责分工负责",
     [("省教育厅", "responsible"), ("省委老干部局", "responsible")]),
    ("各县（市、区）党委、政府负责", [("各县（市、区）党委、政府", "responsible")]),
])
def test_more_label_and_list_forms(note, want):
    assert units(note) == want


def test_label_at_the_end_of_a_line_takes_the_next_line():
    got = task_units("一、重点任务\n(八)推进工业互联网。\n责任单位：\n"
                     "市工信局、市发改委、市科技局\n(九)培育企业。")
    assert got["一/(八)"] == [("市工信局", "responsible"), ("市发改委", "responsible"),
                             ("市科技局", "responsible")]


@pytest.mark.parametrize("sentence, want", [
    ("由区教育局牵头，各镇（街道）配合。", [("区教育局", "lead"), ("各镇（街道）", "cooperate")]),
    ("此项工作由区公安分局按职责分工负责。", [("区公安分局", "responsible")]),
    ("此项工作由区教育局和区财政局共同负责。", [("区教育局", "responsible"), ("区财政局", "responsible")]),
])
def test_running_text_forms(sentence, want):
    assert task_units(f"一、重点任务\n1.推进教育数字化。{sentence}") == {"一/1": want}


def test_zhuban_xieban_give_lead_and_cooperate():
    assert units("省财政厅主办,省国税局、地税局协办") == [
        ("省财政厅", "lead"), ("省国税局", "cooperate"), ("地税局", "cooperate")]


def test_a_division_label_takes_its_roles_from_the_verbs():
    """部门分工: says only that bodies follow; 牵头/配合 inside decide their roles."""
    assert units("部门分工:省发展改革委牵头,各地、各部门配合") == [
        ("省发展改革委", "lead"), ("各地", "cooperate"), ("各部门", "cooperate")]
    assert units("责任分工:市商务局") == [("市商务局", "responsible")]


def test_labelled_lines_after_an_item_name_a_person_and_the_bodies():
    text = ("一、主要预期目标\n1.地区生产总值增长6%以上。\n分管省领导:某某\n"
            "部门分工:省发展改革委牵头,各地、各部门配合。\n"
            "2.地方一般公共预算收入增长5%左右。\n分管市领导:某某\n部门分工:省财政厅牵头。\n")
    assert task_units(text) == {
        "一/1": [("省发展改革委", "lead"), ("各地", "cooperate"), ("各部门", "cooperate")],
        "一/2": [("省财政厅", "lead")]}


def test_angle_brackets_nest_like_parentheses_and_a_xiatong_gloss_is_a_remark():
    p = parse_note("责任单位:市商务局,各区人民政府〈含开发区、长江新区管委会,下同〉")
    assert [(u.mention, u.role) for u in p.units] == [
        ("市商务局", "responsible"), ("各区人民政府", "responsible")]
    assert [t for t, *_ in p.remarks] == ["〈含开发区、长江新区管委会,下同〉"]


def test_places_sharing_one_body_word_are_one_group_mention():
    assert [m for m, *_ in split_units("市住建局、钦南区、钦北区人民政府", 0)] == [
        "市住建局", "钦南区、钦北区人民政府"]
    doc = extract_text("钦州市人民政府办公室关于印发某方案的通知\n某方案\n一、重点任务\n"
                       "(一)甲。(牵头单位:市住建局;配合单位:钦南区、钦北区人民政府)\n")
    unit = doc.tasks[0].units(doc)[1]
    assert (unit.mention, unit.agency.kind) == ("钦南区、钦北区人民政府", "collective")


def test_responsibility_kinds_as_labels():
    assert units("属地责任:各地(市)行署(人民政府)") == [("各地(市)行署(人民政府)", "responsible")]
    assert units("牵头责任:市住建局;配合责任:市财政局") == [("市住建局", "lead"), ("市财政局", "cooperate")]


def test_a_longer_description_after_deng_is_the_etc_tail():
    got = split_units("市住房和城乡建设局、市自然资源和规划局等涉及项目联合验收相关单位", 0)
    assert [(m, etc) for m, _, _, etc in got] == [("市住房和城乡建设局", False), ("市自然资源和规划局", True)]


def test_a_note_broken_by_a_line_end_is_read_whole():
    text = ("一、重点任务\n(一)减免收费。一律免收各种收费。(责任单位:市教育局、市城\n市管理综合行政执法局)\n"
            "(二)提高额度。提高贷款额度。(责\n任单位:市住房公积金管理中心)\n")
    got = task_units(text)
    assert got == {"一/(一)": [("市教育局", "responsible"), ("市城市管理综合行政执法局", "responsible")],
                   "一/(二)": [("市住房公积金管理中心", "responsible")]}


def test_a_note_that_lost_its_closing_bracket_is_read_and_reported():
    text = ("一、重点任务\n(一)提高额度。提高贷款额度(责任单位:市住房公积金管理中心\n"
            "(二)延长房龄。(责任单位:市住建局)\n")
    doc = extract_text(text)
    got = {t.path: [u.mention for u in t.units(doc)] for t in doc.tasks}
    assert got == {"一/(一)": ["市住房公积金管理中心"], "一/(二)": ["市住建局"]}
    assert [p.kind for p in doc.problems] == ["unclosed-note"]


def test_compound_labels_and_a_person_line():
    text = ("一、主要预期目标\n1﹒全省生产总值增长7%以上。\n牵头负责领导:某某。\n"
            "牵头责任单位:省发展改革委。\n协同责任单位:省财政厅、省税务局等。\n")
    assert task_units(text) == {"一/1": [("省发展改革委", "lead"), ("省财政厅", "cooperate"),
                                        ("省税务局", "cooperate")]}
    assert units("省发展改革委牵头,各有关部门分头落实") == [
        ("省发展改革委", "lead"), ("各有关部门", "responsible")]


def test_a_first_is_lead_rule_stated_with_xiatong_holds_from_its_note_on():
    text = ("一、目标\n1.甲。\n责任单位:市发改委、市财政局\n"
            "2.乙。\n责任单位:市经信局、市科技局(列第一位为牵头单位,下同)\n"
            "3.丙。\n责任单位:市商务局、市财政局\n")
    assert task_units(text) == {
        "一/1": [("市发改委", "responsible"), ("市财政局", "responsible")],
        "一/2": [("市经信局", "lead"), ("市科技局", "responsible")],
        "一/3": [("市商务局", "lead"), ("市财政局", "responsible")]}
