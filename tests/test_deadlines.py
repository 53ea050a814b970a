"""Deadlines: every form officialdom writes them in, on small documents, plus property tests.

Each document is a few lines of the kind plans print; each assertion is what a
supervision office would read from it: the time as written, its normal form, and
the units it binds.
"""

from __future__ import annotations

import calendar
import json
import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kg import extract_text
from kg.contract import records
from kg.coverage import build_report
from kg.extract.deadlines import PlanYear, remark_deadlines
from kg.extract.lexicon import label_regex, role_verbs
from kg.extract.responsibility import parse_note
from kg.extract.timex import normalise, scan


def deadlines(text: str, name: str = "x.txt") -> dict[str, list[tuple]]:
    """path → [(text, normal form, bound unit mentions)]."""
    doc = extract_text(text, name=name)
    out: dict[str, list[tuple]] = {}
    for r in records(doc):
        rows = []
        for d in r["deadlines"]:
            norm = d.get("date") or d.get("recurrence") or (d.get("start"), d.get("end"))
            if "problem" in d and "recurrence" not in d:
                norm = None
            rows.append((d["text"], norm, [r["units"][k]["mention"] for k in d["units"]]))
        out[r["path"]] = rows
    return out


PLAN_2025 = "某市2025年优化营商环境重点任务分工方案\n一、重点任务\n"


# ------------------------------------------------------------------ in notes


def test_labelled_completion_time_in_a_note():
    got = deadlines(PLAN_2025 + "1.建设平台。(责任单位:市商务局,完成时限:2025年6月底前)")
    assert got == {"一/1": [("2025年6月底前", "2025-06-30", ["市商务局"])]}


def test_deadline_before_the_label_in_a_note():
    got = deadlines(PLAN_2025 + "1.推进改革。(2024年12月底前完成,牵头单位:区发展改革局)")
    assert got == {"一/1": [("2024年12月底前完成", "2024-12-31", ["区发展改革局"])]}


@pytest.mark.parametrize("note, text, norm", [
    ("(市商务局牵头,持续推进)", "持续推进", "continuous"),
    ("(市商务局负责,长期坚持)", "长期坚持", "continuous"),
    ("(责任单位:市商务局;完成时限:长期)", "长期", "continuous"),
    ("(责任单位:市商务局,时间节点:每季度)", "每季度", "quarterly"),
    ("(市商务局负责,每年6月底前)", "每年6月底前", "annual"),
    ("(市商务局负责,按年度推进)", "按年度推进", "annual"),
])
def test_standing_commitments_in_a_note(note, text, norm):
    assert deadlines(PLAN_2025 + "1.优化服务。" + note) == {"一/1": [(text, norm, ["市商务局"])]}


@pytest.mark.parametrize("note", [
    "(责任单位:市商务局 2025年6月底前)",
    "(责任单位:市商务局、2025年6月底前完成)",
    "(市商务局2025年6月底前完成)",
    "(责任单位:市商务局(2025年6月底前完成))",
    "(市商务局,2025年6月底前)",
    "(市商务局负责,2025年6月底前完成)",
    "(完成时限:2025年6月底前。责任单位:市商务局)",
    "(责任单位：市商务局　完成时限：2025年6月底前)",
])
def test_notes_that_mix_units_and_a_deadline(note):
    doc = extract_text(PLAN_2025 + "1.建设平台。" + note)
    [task] = doc.tasks
    assert [u.mention for u in task.units(doc)] == ["市商务局"]
    [d] = [doc.deadlines[k] for k in task.deadlines]
    assert d.date == "2025-06-30" and "2025年6月底前" in d.text


def test_never_a_unit_named_after_a_label_or_a_time():
    for note in ["责任单位:市商务局,完成时限:2025年6月底前", "责任单位:市商务局;完成时间:年底前",
                 "牵头单位:市商务局 配合单位:市财政局 完成时限:长期", "责任单位:市商务局、2025年底前完成"]:
        for u in parse_note(note).units:
            assert not re.search(r"\d|时限|时间|长期|底前", u.mention), (note, u.mention)


def test_a_condition_is_a_remark_not_a_fragment():
    p = parse_note("市商务局负责,根据国家部署推进")
    assert [u.mention for u in p.units] == ["市商务局"] and not p.fragments
    assert [t for t, *_ in p.remarks] == ["根据国家部署推进"]


# ------------------------------------------------------------------ in the task's text


def test_deadlines_in_the_task_text():
    got = deadlines(PLAN_2025 + "1.完善政策。2025年底前出台实施办法,2026年6月底前建成平台。"
                    "(责任单位:市商务局)\n2.培育企业。到2027年,培育企业5家。(责任单位:市科技局)")
    assert got == {
        "一/1": [("2025年底前", "2025-12-31", ["市商务局"]), ("2026年6月底前", "2026-06-30", ["市商务局"])],
        "一/2": [("到2027年", "2027-12-31", ["市科技局"])],
    }


def test_parts_of_a_year_become_dates_or_intervals():
    got = deadlines(PLAN_2025 + "1.开展试点。上半年启动试点,三季度完成评估,年底前全面推开。"
                    "(责任单位:市商务局)\n2.滚动实施。2024—2026年,分批建设。(责任单位:市财政局)")
    assert got["一/1"] == [("上半年", ("2025-01-01", "2025-06-30"), ["市商务局"]),
                           ("三季度", ("2025-07-01", "2025-09-30"), ["市商务局"]),
                           ("年底前", "2025-12-31", ["市商务局"])]
    assert got["一/2"] == [("2024—2026年", ("2024-01-01", "2026-12-31"), ["市财政局"])]


def test_a_year_less_deadline_takes_the_plans_year():
    # from the title of an annual plan
    doc = extract_text(PLAN_2025 + "1.上线系统。6月底前上线。(责任单位:市数据局)")
    [d] = doc.deadlines
    assert (d.date, d.year_from) == ("2025-06-30", "plan-title")
    # from the date it was signed, the next year when that month had passed
    signed = ("关于印发某区营商环境工作方案的通知\n某区人民政府\n2016年9月10日\n"
              "某区营商环境工作方案\n一、任务\n1.上线系统。11月底前上线。(区数据局负责)\n2.完成评估。3月底前完成评估。(区数据局负责)")
    doc = extract_text(signed)
    assert [(d.date, d.year_from) for d in doc.deadlines] == [("2016-11-30", "plan-date"),
                                                            ("2017-03-31", "plan-date")]
    # from the period of a multi-year plan
    doc = extract_text("某市行动计划(2024—2026年)\n一、任务\n1.建设平台。年底前建成。(市数据局负责)")
    assert [(d.date, d.year_from) for d in doc.deadlines] == [("2024-12-31", "plan-period")]


def test_a_deadline_without_any_year_is_kept_as_text_and_reported():
    doc = extract_text("某市行动方案\n一、任务\n1.上线系统。6月底前上线。(市数据局负责)", name="noyear.txt")
    [d] = doc.deadlines
    assert d.kind == "unparsed" and d.text == "6月底前" and not d.date and not d.end
    report = build_report([doc])["documents"][0]
    assert any("6月底前" in p["message"] and p["kind"] == "deadline" for p in report["not_understood"])
    assert report["deadlines"][0]["problem"]
    [rec] = records(doc)
    assert rec["deadlines"][0]["problem"] and "date" not in rec["deadlines"][0]


@pytest.mark.parametrize("label_text", ["完成时限:根据国家部署", "完成时限:视情况", "完成时限:待定"])
def test_an_unreadable_completion_time_is_never_guessed(label_text):
    doc = extract_text(PLAN_2025 + f"1.建设平台。(责任单位:市商务局,{label_text})")
    [d] = doc.deadlines
    assert d.kind == "unparsed" and not (d.date or d.start or d.end or d.recurrence)
    assert d.text == label_text.split(":")[1]
    assert [p.kind for p in doc.problems] == ["deadline"]


@pytest.mark.parametrize("sentence", [
    "截至2023年底,已建成基站500个。",
    "比2020年增长10%。",
    "2024年起逐步推开。",
    "2020年以来成效明显。",
    "落实《某市发展规划(2021—2025年)》要求。",
    "公布2016年版权力清单。",
    "按不高于2017年标准征收。",
])
def test_times_that_are_not_deadlines(sentence):
    assert deadlines(PLAN_2025 + f"1.推进工作。{sentence}(责任单位:市商务局)") == {"一/1": []}


def test_a_time_before_the_plan_was_signed_reports_the_past():
    text = ("关于印发某区工作方案的通知\n某区人民政府\n2024年3月1日\n某区工作方案\n一、任务\n"
            "1.巩固成果。2023年9月,已印发实施意见。2024年底前全面完成。(区发改局负责)")
    assert deadlines(text) == {"一/1": [("2024年底前", "2024-12-31", ["区发改局"])]}


def test_standing_commitments_in_the_text_open_a_clause():
    got = deadlines(PLAN_2025 + "1.优化服务。持续推进“一网通办”,每年2月底前报送总结,定期发布清单。"
                    "(区政府办负责)\n2.提升质量。持续提升服务质量,年度计划另行制定。(区政府办负责)\n"
                    "3.受理申报。补贴每年受理两次。(区财政局负责)")
    assert got["一/1"] == [("持续推进", "continuous", ["区政府办"]), ("每年2月底前", "annual", ["区政府办"]),
                           ("定期", "periodic", ["区政府办"])]
    assert got["一/2"] == []  # 持续提升, 年度计划: adjectives, not commitments
    assert got["一/3"] == []  # 每年 mid-clause


def test_several_deadlines_stay_with_their_own_sentences_and_units():
    got = deadlines(PLAN_2025 + "1.建设平台。2025年底前完成一期。(责任单位:市商务局)2026年底前完成二期。"
                    "(责任单位:市财政局)")
    assert got == {"一/1": [("2025年底前", "2025-12-31", ["市商务局"]),
                            ("2026年底前", "2026-12-31", ["市财政局"])]}


def test_a_deadline_in_a_table_column():
    text = ("某市2025年重点任务分工方案\n一、重点任务\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
            "1\t建设平台\t市发展改革委\t市财政局\t2025年6月底前\n"
            "2\t推进改革\t市政务服务局\t各区政府\t持续推进\n"
            "3\t出台政策\t市工业和信息化局\t\t年底前\n4\t清理事项\t市司法局\t\t/\n")
    doc = extract_text(text)
    assert [(d.text, d.source, d.date or d.recurrence) for d in doc.deadlines] == [
        ("2025年6月底前", "table", "2025-06-30"), ("持续推进", "table", "continuous"),
        ("年底前", "table", "2025-12-31")]


def test_a_table_row_with_merged_leading_cells_counts_from_the_right():
    text = ("某市2025年工作方案\n一、任务\n序号\t工作事项\t牵头单位\t完成时间\n"
            "1\t扩大来源\t市卫生健康委\t2025年6月底前\n培育团队\t市人社局\t2025年9月底前\n")
    doc = extract_text(text)
    assert [d.date for d in doc.deadlines] == ["2025-06-30", "2025-09-30"]


# ------------------------------------------------------------------ blanket rules


def test_a_blanket_line_implies_units_for_the_tasks_it_governs():
    text = (PLAN_2025.replace("一、重点任务\n", "") + "以下各项任务各区均须落实,不再逐项列出。\n"
            "一、重点任务\n1.建设平台。(责任单位:市商务局)\n2.推进改革。(责任单位:市发改委)")
    doc = extract_text(text)
    recs = records(doc)
    assert [[u["mention"] for u in r["units"]] for r in recs] == [["市商务局"], ["市发改委"]]
    assert [[u["mention"] for u in r["implied_units"]] for r in recs] == [["各区"], ["各区"]]
    assert recs[0]["implied_units"][0]["implied_by"] == "以下各项任务各区均须落实,不再逐项列出"
    [rule] = doc.blankets
    assert rule.scope == "following" and rule.tasks == ["一/1", "一/2"]


def test_a_blanket_in_a_note_governs_the_tasks_after_it():
    text = (PLAN_2025 + "1.建设体系。(生态环境部指导,试点城市政府负责落实。"
            "以下均需试点城市政府落实,不再列出)\n2.推进减量。(工业和信息化部负责)\n3.强化监管。(生态环境部负责)")
    recs = records(extract_text(text))
    assert [[u["mention"] for u in r["units"]] for r in recs] == [
        ["生态环境部", "试点城市政府"], ["工业和信息化部"], ["生态环境部"]]
    implied = [[u["mention"] for u in r["implied_units"]] for r in recs]
    assert implied == [[], ["试点城市政府"], ["试点城市政府"]]


def test_a_blanket_with_xiatong_governs_its_own_task_and_those_after():
    text = (PLAN_2025 + "1.加强体系。(责任单位:省发展改革委。具体任务均涉及相关市(州)人民政府,"
            "不再做分工,下同。)\n2.优化准入。(责任单位:省市场监管局)")
    doc = extract_text(text)
    recs = records(doc)
    assert [[u["mention"] for u in r["implied_units"]] for r in recs] == [["相关市(州)人民政府"]] * 2
    assert not [p for p in doc.problems if p.kind == "note-fragment"]


def test_the_first_listed_leads_rule_is_not_a_blanket():
    text = PLAN_2025 + ("1.稳岗。(人力资源社会保障部、财政部负责。列第一位者为牵头单位,下同)\n"
                        "2.扩岗。(财政部负责)")
    doc = extract_text(text)
    assert doc.blankets == []
    assert all(r["implied_units"] == [] for r in records(doc))


def test_implied_units_are_resolved_like_written_ones():
    text = ("青岛市2025年重点任务分工方案\n以下各项任务各区、市政府均须落实,不再逐项列出。\n一、重点任务\n"
            "1.建设平台。(责任单位:市商务局)")
    [rec] = records(extract_text(text))
    [u] = rec["implied_units"]
    assert u["mention"] == "各区、市政府" and u["kind"] == "collective" and u["iri"]


# ------------------------------------------------------------------ the contract


def test_the_task_record_only_gains_fields():
    [rec] = records(extract_text(PLAN_2025 + "1.建设平台。(责任单位:市商务局,完成时限:2025年6月底前)"))
    assert list(rec)[:10] == ["type", "doc", "path", "title", "text", "units", "etc", "line", "span",
                              "deadlines"]
    assert "implied_units" in list(rec)[10:]
    [d] = rec["deadlines"]
    assert d == {"text": "2025年6月底前", "date": "2025-06-30", "span": d["span"], "source": "note",
                 "units": [0]}
    doc_text = extract_text(PLAN_2025 + "1.建设平台。(责任单位:市商务局,完成时限:2025年6月底前)").text
    assert doc_text[d["span"][0] : d["span"][1]] == "2025年6月底前"


def test_interval_and_recurrence_records():
    recs = records(extract_text(PLAN_2025 + "1.试点。上半年启动试点。(区发改局负责,持续推进)"))
    assert [{k: v for k, v in d.items() if k not in ("span", "units")} for d in recs[0]["deadlines"]] == [
        {"text": "上半年", "start": "2025-01-01", "end": "2025-06-30", "source": "text",
         "year_from": "plan-title"},
        {"text": "持续推进", "recurrence": "continuous", "source": "note"}]


def test_plan_lines_carry_blankets_and_plan_deadlines():
    from kg.contract import plan_records

    text = "某市2025年工作方案\n以下各项任务各区均须落实,不再逐项列出。\n一、任务\n1.建设平台。(市商务局负责)"
    [plan] = plan_records(extract_text(text))
    assert plan["blankets"][0]["units"][0]["mention"] == "各区" and plan["blankets"][0]["tasks"] == ["一/1"]
    assert plan["deadlines"] == []
    json.dumps(plan, ensure_ascii=False)


def test_seeds_deadlines(seed_docs):
    sd = seed_docs["003_ff2894e512514074.txt"]
    dated = [(sd.deadlines[k].text, sd.deadlines[k].date) for t in sd.tasks for k in t.deadlines
             if sd.deadlines[k].date]
    assert dated == [("到2027年", "2027-12-31")] * 4
    for doc in seed_docs.values():
        assert not [p for p in doc.problems if p.kind == "deadline"]
        for d in doc.deadlines:
            assert doc.text[d.span.start : d.span.end] == d.text
            assert d.owner and d.owner != "plan"


# ------------------------------------------------------------------ the time grammar


@given(st.integers(2000, 2040), st.integers(1, 12), st.booleans())
def test_month_ends_are_the_last_day_of_the_month(y, m, cn):
    month = "一二三四五六七八九十"[m - 1] if m <= 10 else ("十一" if m == 11 else "十二")
    text = f"{y}年{month if cn else m}月底前"
    [e] = scan(text)
    assert e.text == text
    assert normalise(e, PlanYear()).date == date(y, m, calendar.monthrange(y, m)[1]).isoformat()


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))
def test_full_dates_read_back(d):
    text = f"{d.year}年{d.month}月{d.day}日前"
    [e] = scan(text)
    assert normalise(e, PlanYear()).date == d.isoformat()


@given(st.integers(2000, 2040), st.sampled_from(["上半年", "下半年", "一季度", "二季度", "三季度", "四季度"]))
def test_parts_of_a_year_are_inside_it(y, part):
    [e] = scan(f"{y}年{part}")
    n = normalise(e, PlanYear())
    assert n.start.startswith(str(y)) and n.end.startswith(str(y)) and n.start < n.end


# ------------------------------------------------------------------ property: every character


UNITS = ["市商务局", "市发展改革委", "区财政局", "各区政府", "市大数据局", "省科技厅", "县农业农村局",
         "市工业和信息化局"]
YEAR = st.sampled_from(["", "2024年", "2025年", "2026年"])


@st.composite
def a_deadline(draw) -> str:
    kind = draw(st.sampled_from(["month", "year-end", "part", "range", "day", "standing"]))
    y = draw(YEAR)
    if kind == "month":
        body = f"{y}{draw(st.integers(1, 12))}月底前"
    elif kind == "year-end":
        body = f"{y or '2025年'}底前" if draw(st.booleans()) else "年底前"
    elif kind == "part":
        body = y + draw(st.sampled_from(["上半年", "下半年", "三季度", "第一季度"]))
    elif kind == "range":
        a = draw(st.integers(2023, 2026))
        body = f"{a}—{a + draw(st.integers(1, 3))}年"
    elif kind == "day":
        body = f"{y or '2025年'}{draw(st.integers(1, 12))}月{draw(st.integers(1, 28))}日前"
    else:
        return draw(st.sampled_from(["持续推进", "长期坚持", "每年", "按年度", "每季度"]))
    return body + draw(st.sampled_from(["", "完成"]))


@st.composite
def a_note(draw) -> tuple[str, list[str], str]:
    units = draw(st.lists(st.sampled_from(UNITS), min_size=1, max_size=3, unique=True))
    deadline = draw(a_deadline())
    sep = draw(st.sampled_from([",", "，", ";", "；"]))
    names = "、".join(units)
    form = draw(st.sampled_from(["label-then-time", "time-then-label", "role-then-time", "labelled-time",
                                 "glued"]))
    if form == "label-then-time":
        note = f"责任单位:{names}{sep}完成时限:{deadline}"
    elif form == "time-then-label":
        note = f"{deadline}{sep}牵头单位:{names}"
    elif form == "role-then-time":
        note = f"{names}{draw(st.sampled_from(['牵头', '负责', '按职责分工负责']))}{sep}{deadline}"
    elif form == "labelled-time":
        note = f"牵头单位:{names}{sep}{deadline}"
    else:
        note = f"责任单位:{names}{draw(st.sampled_from(['、', ' ', '']))}{deadline}"
    return note, units, deadline


SEPARATORS = set(",，;；、:：。 　()（）")


@settings(max_examples=300, deadline=None)
@given(a_note())
def test_units_and_deadline_account_for_every_character_of_a_note(case):
    note, units, deadline = case
    p = parse_note(note)
    assert [u.mention for u in p.units] == units, note
    plan = PlanYear(year=2025, source="plan-title")
    found = [d for text, a, _b in p.remarks for d in remark_deadlines(text, a, plan)]
    assert len(found) == 1, (note, p.remarks)
    [d] = found
    assert deadline.startswith(d.text.removesuffix("完成")) or d.text == deadline, (note, d.text)
    assert d.date or d.end or d.recurrence, (note, d)
    covered = [False] * len(note)
    spans = [(u.start, u.end) for u in p.units] + [(d.span.start, d.span.end)]
    spans += [(m.start(), m.end()) for m in label_regex().finditer(note)]
    for verb in sorted(role_verbs(), key=len, reverse=True):
        for m in re.finditer(re.escape(verb), note):
            if not any(covered[m.start() : m.end()]):
                spans.append((m.start(), m.end()))
    for a, b in spans:
        for j in range(a, b):
            covered[j] = True
    left = "".join(ch for ch, c in zip(note, covered, strict=True) if not c)
    assert set(left) <= SEPARATORS, (note, left)


def test_hedged_limits_are_limits():
    got = deadlines("某市2010年工作方案\n一、任务\n1.推进审批。力争2010年全市基本实现网上审批。"
                    "争取在2011年底前完成。确保到2012年全面建成。(市政务局负责)")
    assert got == {"一/1": [("2010年", "2010-12-31", ["市政务局"]),
                            ("2011年底前", "2011-12-31", ["市政务局"]),
                            ("到2012年", "2012-12-31", ["市政务局"])]}


def test_a_deadline_cell_on_its_own_line_is_a_deadline_but_a_signature_date_is_not():
    text = ("关于印发某市2025年工作方案的通知\n某市人民政府\n2025年3月1日\n某市2025年工作方案\n一、任务\n"
            "1.建设平台\n市商务局\n2025年6月底前\n2.出台政策。(市财政局负责)\n某市人民政府办公室\n2025年3月2日")
    got = deadlines(text)
    assert got["一/1"] == [("2025年6月底前", "2025-06-30", [])]
    assert got["一/2"] == []


# ------------------------------------------------------------------ relative limits

RELATIVE_PLAN = ("某市人民政府办公室关于印发某某实施方案的通知\n某政办发〔2024〕3号\n各区人民政府:\n"
                 "现将《某某实施方案》印发给你们。\n某市人民政府办公室\n2024年3月15日\n某某实施方案\n一、重点任务\n")


def test_a_limit_counted_from_the_plans_issue_is_dated_from_its_signature():
    got = deadlines(RELATIVE_PLAN
                    + "(一)制定细则。各区要在本方案印发之日起30日内制定细则。(责任单位:各区人民政府)\n"
                    + "(二)出台政策。自本方案印发之日起3个月内出台配套政策。(责任单位:市发展改革委)\n")
    assert got == {"一/(一)": [("本方案印发之日起30日内", "2024-04-14", ["各区人民政府"])],
                   "一/(二)": [("自本方案印发之日起3个月内", "2024-06-15", ["市发展改革委"])]}


def test_a_limit_from_an_unstated_start_is_kept_as_text_and_reported():
    doc = extract_text(RELATIVE_PLAN + "(一)建设平台。力争用3年时间建成统一平台。(责任单位:市数据局)\n"
                       + "(二)办理补贴。在10个工作日内办结。(责任单位:市财政局)\n")
    got = {t.path: [(doc.deadlines[i].text, doc.deadlines[i].date) for i in t.deadlines] for t in doc.tasks}
    assert got == {"一/(一)": [("力争用3年时间", "")], "一/(二)": []}
    report = build_report([doc], [])
    assert "力争用3年时间" in json.dumps(report, ensure_ascii=False)


def test_a_limit_from_the_issue_without_a_date_is_reported_not_guessed():
    doc = extract_text("某某实施方案\n一、重点任务\n(一)制定细则。在本方案印发之日起30日内制定细则。"
                       "(责任单位:各区人民政府)\n")
    d = doc.deadlines[doc.tasks[0].deadlines[0]]
    assert (d.text, d.date, bool(d.problem)) == ("本方案印发之日起30日内", "", True)
