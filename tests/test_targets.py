"""Quantities: each rule of how plans write numbers, on small sentences, then the seeds."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.contract import target_records
from kg.extract.targets import quantities
from kg.pipeline import extract_text
from tests.conftest import DATA, SEEDS
from tests.test_numbers import chinese


def read(text: str) -> list[tuple]:
    """(value, unit, comparator) of every quantity, values as plain numbers."""
    out = []
    for q in quantities(text):
        v = q.value
        v = (float(v[0]), float(v[1])) if isinstance(v, tuple) else float(v)
        out.append((v, q.unit, q.comparator))
    return out


# ----------------------------------------------------------------- numerals and magnitudes

@pytest.mark.parametrize(("text", "want"), [
    ("培育一百家企业", [(100, "家", "=")]),
    ("产业规模达到千亿级", [(1e11, "元", ">=")]),
    ("带动相关产业规模超万亿元", [(1e12, "元", ">=")]),
    ("营业收入超592.5亿元", [(59250000000, "元", ">=")]),
    ("开通5G基站4.6万个", [(46000, "个", "=")]),
    ("引进两千名人才", [(2000, "名", "=")]),
    ("建成１２个平台", [(12, "个", "=")]),
    ("累计发布清单1,400项", [(1400, "项", "=")]),
    ("培育十五家领军企业", [(15, "家", "=")]),
    ("投资3千万元", [(3e7, "元", "=")]),
])
def test_numerals_and_magnitudes(text, want):
    assert read(text) == want


def test_values_are_exact_decimals_not_floats():
    [q] = quantities("开通5G基站4.6万个")
    assert q.value == Decimal("46000") and isinstance(q.value, Decimal)


# ----------------------------------------------------------------- ranges

@pytest.mark.parametrize(("text", "want"), [
    ("打造2—3个国家级平台", [((2, 3), "个", "range")]),
    ("培育3至5家领军企业", [((3, 5), "家", "range")]),
    ("布局1-2个省实验室", [((1, 2), "个", "range")]),
    ("建设1~2个基地", [((1, 2), "个", "range")]),
    ("培育三至五家企业", [((3, 5), "家", "range")]),
    # the unit and magnitude of the upper end are the lower end's too: 1—2万元 is 1万 to 2万
    ("给予1—2万元补助", [((1e4, 2e4), "元", "range")]),
    ("年度购买总额在10万元(含)至30万元(不含)之间的", [((1e5, 3e5), "元", "range")]),
])
def test_ranges(text, want):
    assert read(text) == want


# ----------------------------------------------------------------- comparators

@pytest.mark.parametrize(("text", "comparator"), [
    ("建设5个以上平台", ">="),
    ("揭榜任务15项以上", ">="),
    ("相关企业超50家", ">="),
    ("收入超过100亿元", ">="),
    ("产值规模突破1000亿元", ">="),
    ("评选不少于40个项目", ">="),
    ("至少建成3个中心", ">="),
    ("占比不低于80%的项目", ">="),
    ("给予最高100万元奖励", "<="),
    ("最高给予一次性奖励50万元", "<="),
    ("补贴总额最高不超过1000万元", "<="),
    ("补贴不超过30万元", "<="),
    ("审批在3个工作日内完成", "<="),
    ("控制在5%以内", "<="),
    ("打造10个左右园区", "~"),
    ("面积约2.05平方公里", "~"),
    ("机架总数近10万架", "~"),
    ("汇聚300余家企业", "~"),
    ("培育产品70多个", "~"),
    ("算力规模达到12EFLOPS", "="),
])
def test_comparators(text, comparator):
    [(_v, _u, got)] = read(text)
    assert got == comparator


def test_a_bound_before_a_list_bounds_every_item():
    got = read("分别给予最高100万元、50万元、30万元奖励")
    assert got == [(1e6, "元", "<="), (5e5, "元", "<="), (3e5, "元", "<=")]


def test_a_longer_bound_word_is_not_read_as_its_tail():
    """不少于 is >=, though its tail 少于 alone would be <=; 不超过 is not 超过."""
    assert read("评选不少于40个项目") == [(40, "个", ">=")]
    assert read("最高不超过200万元") == [(2e6, "元", "<=")]


# ----------------------------------------------------------------- units

@pytest.mark.parametrize(("text", "unit", "base"), [
    ("算力总规模达到12EFLOPS", "EFLOPS", (12000, "PFLOPS")),
    ("全省算力规模达到14EFlops(每秒百亿亿次浮点运算)", "EFLOPS", (14000, "PFLOPS")),
    ("智能算力达到400千万亿次浮点指令/秒(PFLOPS)以上", "PFLOPS", (400, "PFLOPS")),
    ("算力标称值达100P以上", "PFLOPS", (100, "PFLOPS")),
    ("存储总量达到10EB", "EB", (10000, "PB")),
    ("单向时延降低9.3毫秒", "毫秒", (0.0093, "秒")),
    ("总规划面积约2.05平方公里", "平方公里", (2050000, "平方米")),
    ("标准机架总数近10万架", "架", (100000, "架")),
    ("覆盖率达到95.9%", "%", (95.9, "%")),
    ("占比提高5个百分点", "百分点", (5, "百分点")),
    ("引进90名国家级人才", "名", (90, "名")),
    ("实施15项改革", "项", (15, "项")),
    # plans of other domains
    ("粮食产量保持在140亿斤左右", "斤", (7000000, "吨")),
    ("港口集装箱吞吐量达到3000万标准箱", "标准箱", (30000000, "标准箱")),
    ("PM2.5平均浓度控制在35微克/立方米以下", "微克/立方米", (35, "微克/立方米")),
    ("接待游客1.2亿人次", "人次", (120000000, "人次")),
    ("新能源汽车保有量达到50万辆", "辆", (500000, "辆")),
    ("新增高速公路通车里程200公里", "公里", (200000, "米")),
    ("环评报告书14个工作日内完成审批", "工作日", (14, "工作日")),
    ("签订1年以上劳动合同", "年", (1, "年")),
])
def test_units_and_their_base(text, unit, base):
    [q] = quantities(text)
    assert q.unit == unit
    assert (float(q.base_value), q.base_unit) == base


def test_a_ratio_without_unit_is_read_only_for_a_unitless_metric():
    assert read("新建数据中心PUE值降至1.3以下") == [(1.3, "", "<=")]
    assert read("规划1.3以下") == []


def test_a_bare_p_is_pflops_only_when_the_sentence_speaks_of_computing():
    assert read("算力标称值达100P以上") == [(100, "PFLOPS", ">=")]
    assert read("建设100P工程") == []


def test_a_gloss_after_the_unit_is_part_of_the_figure_not_a_figure():
    """(每秒百亿亿次浮点运算) explains 14EFlops; it holds no second quantity."""
    assert len(quantities("算力规模达到14EFlops(每秒百亿亿次浮点运算),智能算力占比达到40%")) == 2


# ----------------------------------------------------------------- what is not a quantity

@pytest.mark.parametrize("text", [
    "青岛市人民政府办公厅 2024年5月31日",  # a date
    "青政办字〔2024〕21号",  # a document number
    "青岛市人工智能产业创新发展行动计划(2024—2026年)",  # a period title
    "到2026年,我市人工智能产业总体水平处于全国前列",  # a year alone
    "一、总体要求",  # outline markers
    "(一)算力设施“强基”行动",
    "1.统筹布局智算中心",
    "一是加强领导,二是强化保障",  # run-in ordinals
    "居全省第一位,位列全国第12位",  # ordinals and rankings
    "进入全国前10名",
    "市委将人工智能列为“10+1”创新型产业体系的先导产业",  # a name in quotes
    "加快构建“1+8+N”大模型发展体系",
    "开通5G基站,推广IPv6,按FP16计算,提升AP1000核电装备水平",  # model and standard names
    "在12345热线等领域挖掘应用场景",
    "连续7年举办对接会",  # a duration in years
    "重点突破创新产品、核心软硬件、融合性新兴业态三个方向",  # a count summing up a list
    "统筹国内国际两个市场、两种资源",  # a set phrase in Chinese numerals
    "着力打造“三聚多园”(三个集聚区、多个产业园)发展新格局",  # a slogan spelt out
    "推出一批先进应用案例,建设一个开放创新平台矩阵",  # 一批, 一个
    "走进千家万户,百家争鸣",  # idioms with magnitude words
    "山东省科学技术厅等18部门关于印发",  # 18部门: 部 starts a word
    "召开第3次会议,每年受理两次",  # an ordinal, and a small count in Chinese numerals
])
def test_not_quantities(text):
    assert read(text) == []


def test_a_unit_that_starts_a_word_is_still_a_unit_when_the_segmenter_cuts_it_alone():
    assert read("新引进或培育3至5家具有带动效应的领军企业") == [((3, 5), "家", "range")]
    assert read("完成10项目标任务") == [(10, "项", "=")]


# ----------------------------------------------------------------- in a document: year, task, kind

PLAN = """某市人工智能产业发展行动计划(2024—2026年)
一、发展目标
到2026年,全市算力规模达到5EFLOPS,培育10家以上领军企业。
——应用场景。打造50个左右典型应用场景。
二、重点任务
(一)建设算力设施
1.建设智算中心。到2025年,新建智算中心2个。(责任单位:市大数据局)
2.培育企业。每年培育专精特新企业20家。(责任单位:市工业和信息化局)
三、保障措施
(一)强化资金支持。对新认定的国家级创新平台,给予最高500万元奖励;对年营业收入首次超过1亿元的企业,给予50万元奖励。(责任单位:市财政局)
"""


@pytest.fixture(scope="module")
def plan_targets():
    return target_records(extract_text(PLAN, name="plan.txt"))


def by_text(recs, text):
    [r] = [r for r in recs if r["text"] == text]
    return r


def test_the_goals_chapter_states_the_year_once_for_its_bullets(plan_targets):
    assert [(r["text"], r["year"], r["task"]) for r in plan_targets[:3]] == [
        ("5EFLOPS", 2026, None), ("10家以上", 2026, None), ("50个左右", 2026, None)]


def test_a_year_in_a_task_governs_that_task_only(plan_targets):
    assert by_text(plan_targets, "2个")["year"] == 2025
    assert by_text(plan_targets, "2个")["task"] == "二/(一)/1"
    assert by_text(plan_targets, "20家")["year"] is None  # the next task states none


def test_periodicity(plan_targets):
    assert by_text(plan_targets, "20家")["period"] == "year"
    assert by_text(plan_targets, "2个")["period"] is None


def test_incentives_with_their_bound_and_condition(plan_targets):
    award = by_text(plan_targets, "500万元")
    assert (award["kind"], award["role"], award["comparator"]) == ("incentive", "amount", "<=")
    assert award["condition"] == "对新认定的国家级创新平台"
    threshold = by_text(plan_targets, "超过1亿元")
    assert (threshold["kind"], threshold["role"]) == ("incentive", "condition")


def test_metrics(plan_targets):
    assert by_text(plan_targets, "5EFLOPS")["metric"] == "算力规模"
    assert by_text(plan_targets, "10家以上")["metric"] == "领军企业"
    assert by_text(plan_targets, "50个左右")["metric"] == "典型应用场景"


def test_record_fields_follow_the_contract(plan_targets):
    for r in plan_targets:
        assert list(r)[:9] == ["type", "doc", "text", "value", "unit", "comparator", "year", "kind", "task"]
        assert r["type"] == "target" and r["comparator"] in (">=", "<=", "~", "=", "range")
        assert r["kind"] in ("target", "incentive", "actual")


def test_a_news_report_reports_figures_achieved():
    doc = extract_text("青岛市工业和信息化局:推动人工智能产业高质量发展\n"
                       "近年来,青岛市积极探索人工智能产业发展之路。\n"
                       "目前,产业园汇聚了300余家重点企业,2024年营收达220亿元。建成后时延将降低9.3毫秒。\n"
                       "[来源:信网 编辑:某某]\n", name="news.html.txt")
    recs = target_records(doc)
    if doc.metadata.genre != "news":
        pytest.skip("the snippet is not recognised as news by the metadata stage")
    assert [(r["text"], r["kind"], r["year"]) for r in recs] == [
        ("300余家", "actual", None), ("220亿元", "actual", 2024), ("9.3毫秒", "target", None)]


def test_a_figure_of_a_past_year_in_a_plan_is_actual():
    doc = extract_text("某市数字经济行动计划(2024—2026年)\n一、发展基础\n"
                       "2022年,全市数字经济核心产业增加值达到300亿元。\n"
                       "二、发展目标\n到2026年,数字经济核心产业增加值达到500亿元。\n", name="p.txt")
    doc.metadata.date = "2023-06-01"
    from kg.extract.targets import extract_targets

    recs = target_records(extract_targets(doc))
    assert [(r["value"], r["kind"], r["year"]) for r in recs] == [
        (30000000000, "actual", 2022), (50000000000, "target", 2026)]


# ----------------------------------------------------------------- the seeds, checked by hand

CHECKED = json.loads((DATA / "seeds_targets.json").read_text(encoding="utf-8"))
SEED_NAMES = sorted(k for k in CHECKED if k.endswith(".txt"))


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_targets_match_the_hand_check(name, seed_docs):
    """Every quantity found is one I found by hand, and none I found is missed."""
    got = target_records(seed_docs[name])
    want = CHECKED[name]
    assert [r["text"] for r in got] == [w["text"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert {k: g[k] for k in w} == w, w["text"]


def test_the_three_computing_goals_stand_side_by_side(cli):
    """Qingdao 12 EFLOPS (2026), Shandong 14 EFlops (2027), Fuzhou ≥400 PFLOPS (2026)."""
    result = cli("targets", str(SEEDS), "--metric", "算力", "--unit", "PFLOPS", "--json")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["place"], r["year"], r["base_value"], r["base_unit"], r["comparator"]) for r in rows] == [
        ("山东省", 2027, 14000, "PFLOPS", "="), ("青岛市", 2026, 12000, "PFLOPS", "="),
        ("福州市", 2026, 400, "PFLOPS", ">=")]
    table = cli("targets", "--metric", "算力", "--year", "2026").stdout
    assert "12,000" in table and "≥400" in table and "14,000" not in table


def test_kg_targets_lists_incentives_on_request(cli):
    rows = [json.loads(line) for line in
            cli("targets", str(SEEDS), "--kind", "incentive", "--json").stdout.splitlines()]
    assert rows and all(r["kind"] == "incentive" for r in rows)
    assert max(r["base_value"] for r in rows if r["role"] == "amount") == 10000000000  # the 100亿元 fund


def test_extract_prints_target_lines_after_each_documents_tasks(cli):
    out = cli("extract", str(SEEDS / "003_ff2894e512514074.txt")).stdout
    types = [json.loads(line)["type"] for line in out.splitlines()]
    assert types == sorted(types, key=lambda t: t != "task")  # tasks first, then targets
    assert types.count("target") == len(CHECKED["003_ff2894e512514074.txt"])


# ----------------------------------------------------------------- documents from other jurisdictions

CORPUS_CHECKED = json.loads((DATA / "corpus_targets.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("name", sorted(CORPUS_CHECKED))
def test_corpus_documents_quantities_match_the_hand_check(name):
    """Plans from other provinces and domains: every quantity found, nothing else, in order."""
    from kg import extract_file
    from tests.conftest import CORPUS

    got = [[r["value"], r["unit"], r["comparator"]] for r in target_records(extract_file(CORPUS / name))]
    assert got == CORPUS_CHECKED[name]


# ----------------------------------------------------------------- properties of the reader

COUNT_UNITS = ["个", "家", "项", "名", "款", "套", "架"]


@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(COUNT_UNITS))
def test_any_arabic_count_is_read_back(n, unit):
    assert read(f"力争培育{n}{unit}以上,") == [(float(n), unit, ">=")]


@given(st.integers(min_value=11, max_value=10**8 - 1), st.sampled_from(COUNT_UNITS))
def test_any_chinese_count_above_ten_is_read_back(n, unit):
    assert read(f"新建{chinese(n)}{unit}示范") == [(float(n), unit, "=")]


@given(st.integers(min_value=1900, max_value=2100), st.integers(min_value=1, max_value=12),
       st.integers(min_value=1, max_value=28))
def test_dates_and_years_are_never_quantities(y, m, d):
    assert read(f"{y}年{m}月{d}日印发,到{y}年底前完成,({y}—{y + 2}年)") == []


def test_a_five_year_plan_end_is_a_deadline():
    doc = extract_text("某市数字经济发展规划\n一、发展目标\n"
                       "到“十四五”末,全市数字经济核心产业增加值达到800亿元。\n", name="p.txt")
    assert [(r["value"], r["year"]) for r in target_records(doc)] == [(80000000000, 2025)]


def test_a_figure_since_a_past_year_is_actual():
    doc = extract_text("某市人工智能行动计划(2024—2026年)\n一、发展基础\n"
                       "“十三五”以来,全市累计建成5G基站1.2万个。\n"
                       "二、发展目标\n到2026年,全市5G基站达到3万个。\n", name="p.txt")
    assert [(r["value"], r["kind"]) for r in target_records(doc)] == [(12000, "actual"), (30000, "target")]


def test_an_existing_thing_in_another_clause_does_not_make_a_goal_a_report():
    doc = extract_text("某市行动计划(2024—2026年)\n一、重点任务\n"
                       "1.建设平台。依托已建成的公共算力平台,新建智算中心3个。(责任单位:市大数据局)\n",
                       name="p.txt")
    assert [(r["value"], r["kind"]) for r in target_records(doc)] == [(3, "target")]


def test_growth_over_last_year_in_an_annual_plan_is_a_goal():
    doc = extract_text("某区2024年重点工作任务分工方案\n一、主要目标\n1.地区生产总值比上年增长6%左右。\n",
                       name="p.txt")
    assert [(r["value"], r["kind"], r["comparator"]) for r in target_records(doc)] == [(6, "target", "~")]


BLIND = json.loads((DATA / "targets_blind" / "expected.json").read_text(encoding="utf-8"))["docs"]


@pytest.mark.parametrize("name", sorted(BLIND))
def test_blind_passages_give_every_expected_value_and_unit(name):
    """A reviewer's blind reading of real passages: each expected (value, unit, comparator)
    is found with its comparator, and nothing outside it and its 'either' list."""
    from kg import extract_file

    def key(v, u):
        return (tuple(float(x) for x in v) if isinstance(v, list) else float(v), u)

    exp = BLIND[name]
    got = [r for r in target_records(extract_file(DATA / "targets_blind" / name))]
    want = {}
    for v, u, cmp, kind, year in exp["expected"]:
        want.setdefault(key(v, u), []).append((cmp, kind, year))
    either = {key(v, u) for v, u in exp.get("either", [])}
    found = {}
    for r in got:
        found.setdefault(key(r["value"], r["unit"]), []).append((r["comparator"], r["kind"], r["year"]))
    assert {k: len(v) for k, v in found.items() if k not in either or k in want} == {
        k: len(v) for k, v in want.items()}
    if exp.get("check_comparators", True):
        comparators = {k: sorted(c for c, _, _ in v) for k, v in want.items()}
        assert {k: sorted(c for c, _, _ in found[k]) for k in want} == comparators
