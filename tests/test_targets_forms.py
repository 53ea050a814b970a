"""Quantities in the forms a second reading of real plans turned up.

Indicator tables, more units, approximate amounts (500多万元, 近万家, 上千家), computing
written P next to 智算, a doubling, size classes (万吨级泊位), and the year and kind of a
figure: a base year (比2020年), cue words as whole words, news restating a plan, 今年
and an annual plan's year, per-year lists and the signs ≤ ≥.
"""

from __future__ import annotations

import pytest

from kg.contract import target_records
from kg.extract.targets import quantities
from kg.pipeline import extract_text
from tests.test_targets import read


def records(text: str, name: str = "p.txt") -> list[dict]:
    return target_records(extract_text(text, name=name))


def brief(recs: list[dict], *keys: str) -> list[tuple]:
    return [tuple(r[k] for k in keys) for r in recs]


# ----------------------------------------------------------------- indicator tables

TABLE_PLAN = """某市数字经济发展规划(2024—2026年)
某市人民政府
2024年3月1日
一、发展目标
到2026年,数字经济成为经济增长的主引擎,主要指标如下。
序号\t指标名称\t单位\t2023年\t2026年\t指标属性
1\t软件业务收入\t亿元\t420\t600\t预期性
2\t智能算力规模\tPFLOPS\t300\t≥1000\t预期性
3\t千兆光网用户\t万户\t45\t80\t预期性
4\t重点企业上云率(%)\t\t52\t75\t约束性
二、重点任务
(一)建设网络设施。新建基站500个。(责任单位:市通信发展办公室)
"""


def test_an_indicator_table_reads_each_figure_with_its_row_unit_and_column_year():
    got = brief(records(TABLE_PLAN), "value", "unit", "comparator", "year", "kind", "metric")
    assert got == [
        (42000000000, "元", "=", 2023, "actual", "软件业务收入"),
        (60000000000, "元", "=", 2026, "target", "软件业务收入"),
        (300, "PFLOPS", "=", 2023, "actual", "智能算力规模"),
        (1000, "PFLOPS", ">=", 2026, "target", "智能算力规模"),
        (450000, "户", "=", 2023, "actual", "千兆光网用户"),
        (800000, "户", "=", 2026, "target", "千兆光网用户"),
        (52, "%", "=", 2023, "actual", "重点企业上云率"),
        (75, "%", "=", 2026, "target", "重点企业上云率"),
        (500, "个", "=", None, "target", "基站"),
    ]


def test_a_table_without_a_unit_column_takes_units_from_names_or_cells_and_aligns_short_rows():
    plan = ("某县乡村振兴规划\n一、主要目标\n"
            "类别\t指标\t基期值\t2025年目标值\n"
            "产业\t农产品加工业产值(亿元)\t80\t120\n"
            "\t家庭农场\t300家\t500家以上\n"
            "生态\t森林覆盖率(%)\t38\t不低于40\n")
    got = brief(records(plan), "value", "unit", "comparator", "year", "kind", "metric")
    assert got == [
        (8000000000, "元", "=", None, "actual", "农产品加工业产值"),
        (12000000000, "元", "=", 2025, "target", "农产品加工业产值"),
        (300, "家", "=", None, "actual", "家庭农场"),
        (500, "家", ">=", 2025, "target", "家庭农场"),
        (38, "%", "=", None, "actual", "森林覆盖率"),
        (40, "%", ">=", 2025, "target", "森林覆盖率"),
    ]


def test_a_task_table_is_not_an_indicator_table():
    plan = ("某市工作方案\n一、重点任务\n序号\t重点任务\t牵头单位\t完成时限\n"
            "1\t建成5个示范园区\t市工业和信息化局\t2025年底\n")
    assert brief(records(plan), "value", "unit") == [(5, "个")]


# ----------------------------------------------------------------- units

@pytest.mark.parametrize(("text", "unit", "base"), [
    ("年开行班列达到1200列", "列", (1200, "列")),
    ("集装箱吞吐量达到500万TEU", "TEU", (5000000, "标准箱")),
    ("举办培训班20期", "期", (20, "期")),
    ("开展对接活动60次", "次", (60, "次")),
    ("认定2批示范园区", "批", (2, "批")),
    ("肉牛存栏达到30万头", "头", (300000, "头")),
    ("种植苗木5万株", "株", (50000, "株")),
    ("光伏装机达到3GW", "GW", (3000000, "千瓦")),
    ("储能规模达到200MW", "MW", (200000, "千瓦")),
    ("全社会用电量达到450亿度", "度", (45000000000, "千瓦时")),
    ("在用机架达到6万标准机架", "标准机架", (60000, "标准机架")),
    ("新增机架1.5万机架", "机架", (15000, "机架")),
    ("办理时间压缩至3个小时", "小时", (10800, "秒")),
    ("新建厂房20万平米", "平方米", (200000, "平方米")),
])
def test_more_units_with_their_base(text, unit, base):
    [q] = quantities(text)
    assert q.unit == unit and (float(q.base_value), q.base_unit) == base


def test_du_is_a_kilowatt_hour_only_in_a_sentence_about_electricity():
    assert read("室内温度保持在26度") == []
    assert read("年发电量达到12亿度") == [(1.2e9, "度", "=")]


def test_hours_after_ge_are_hours_not_a_count_of_ge():
    assert read("审批时限压缩至4个小时") == [(4, "小时", "=")]


# ----------------------------------------------------------------- approximate amounts

@pytest.mark.parametrize(("text", "want"), [
    ("兑现奖补资金800多万元", [(8e6, "元", "~")]),
    ("争取上级资金600余万元", [(6e6, "元", "~")]),
    ("带动就业二十多万人", [(2e5, "人", "~")]),
    ("服务近万家企业", [(1e4, "家", "~")]),
    ("吸引上千家企业入驻", [(1e3, "家", "~")]),
    ("参会人数逾万人", [(1e4, "人", ">=")]),
    ("落户企业超千家", [(1e3, "家", ">=")]),
])
def test_approximate_amounts(text, want):
    """多/余 before a magnitude, and a bare magnitude after 近/上/逾/超.

    多 and 余 read as ~ (about), like 300余家: the text says the amount exceeds the figure
    by less than one unit of its last place, so the figure is an approximation, not a bound
    the plan commits to; 超/逾 state a bound and read as >=.
    """
    assert read(text) == want


def test_a_bare_magnitude_without_a_bound_word_is_still_an_idiom():
    assert read("温暖万家,惠及千家万户") == []


# ----------------------------------------------------------------- computing, doubling, classes

def test_a_bare_p_is_pflops_next_to_zhisuan_or_a_data_centre():
    assert read("建成总规模1500P的智算中心") == [(1500, "PFLOPS", "=")]
    assert read("新建单体规模300P以上的数据中心") == [(300, "PFLOPS", ">=")]
    assert read("建设100P工程") == []


def test_a_doubling_written_in_chinese_is_one_times():
    assert read("出口额比上年增长一倍") == [(1, "倍", "=")]
    assert read("提高一个百分点") == [(1, "百分点", "=")]
    assert read("建设一个平台") == []  # 一个: an article


def test_a_size_class_before_a_noun_is_no_quantity():
    """万吨级泊位 classes the berth; the figure the plan sets is the count of berths."""
    assert read("发展百万千瓦级核电机组,建设8个十万吨级泊位") == [(8, "个", "=")]
    assert read("引进5家百亿级企业") == [(5, "家", "=")]


def test_a_size_class_stated_as_the_value_or_sizing_an_industry_is_a_quantity():
    assert read("产业规模达到千亿级") == [(1e11, "元", ">=")]
    assert read("打造千亿级新能源产业集群") == [(1e11, "元", ">=")]
    assert read("建设千亩级现代农业产业园") == [(1000, "亩", ">=")]


# ----------------------------------------------------------------- comparators written as signs

@pytest.mark.parametrize(("text", "want"), [
    ("新建数据中心PUE≤1.2", [(1.2, "", "<=")]),
    ("机架上架率≥70%", [(70, "%", ">=")]),
    ("端到端时延<2毫秒", [(2, "毫秒", "<=")]),
    ("可再生能源占比＞50%", [(50, "%", ">=")]),
])
def test_comparator_signs(text, want):
    assert read(text) == want


# ----------------------------------------------------------------- year and kind

def test_a_base_year_is_neither_the_deadline_nor_a_report():
    plan = ("某市工业领域节能方案\n某市人民政府办公室\n2023年2月1日\n一、重点任务\n"
            "(一)推进节能改造。单位工业增加值能耗比2020年下降15%,与2020年相比用水量下降10%。"
            "(责任单位:市工业和信息化局)\n"
            "(二)发展目标。到2025年,碳排放强度较2020年下降18%。(责任单位:市生态环境局)\n")
    got = brief(records(plan), "value", "kind", "year", "metric")
    assert got == [(15, "target", None, "单位工业增加值能耗"), (10, "target", None, "用水量"),
                   (18, "target", 2025, "碳排放强度")]


def test_cue_words_are_matched_as_words():
    """证券化率 holds 券 and 财政科技投入 holds 财政, but neither offers money."""
    plan = ("某市金融发展方案\n一、主要目标\n1.上市公司资产证券化率达到60%,财政科技投入年均增长8%。\n"
            "2.市财政每年安排3000万元,支持企业技术改造。\n3.发放科技创新券200万元。\n")
    assert brief(records(plan), "value", "kind") == [(60, "target"), (8, "target"),
                                                    (30000000, "incentive"), (2000000, "incentive")]


NEWS = """{title}
2024-05-20 09:30  来源：某市日报  记者 李华
{body}
"""


def news(title: str, body: str) -> list[dict]:
    doc = extract_text(NEWS.format(title=title, body=body), name="news.txt")
    assert doc.metadata.genre == "news" and doc.metadata.date == "2024-05-20"
    return target_records(doc)


def test_a_news_report_restating_a_plan_reports_its_goals():
    recs = news("我市出台数字经济新政",
                "近日,市政府印发《某市数字经济发展方案》。《方案》明确,到2027年,全市数字经济核心产业"
                "增加值达到800亿元,培育30家左右骨干企业。")
    assert brief(recs, "value", "kind", "year") == [(80000000000, "target", 2027), (30, "target", 2027)]


def test_money_a_report_says_was_paid_out_is_reported_not_offered():
    recs = news("惠企资金直达快享",
                "今年以来,全区累计兑现惠企资金1.8亿元,其中为企业兑现稳岗返还资金400多万元,"
                "争取省级专项资金200余万元。")
    assert brief(recs, "value", "comparator", "kind", "year") == [
        (180000000, "=", "actual", 2024), (4000000, "~", "actual", 2024), (2000000, "~", "actual", 2024)]


def test_a_report_year_carries_through_its_paragraph_but_not_into_a_goal():
    recs = news("某区经济运行情况",
                "2023年,全区工业产值突破300亿元;实际使用外资1.5亿美元,增长9%。全区共有科技型企业500家,"
                "比2020年翻了一番。下一步,将力争引进项目20个。")
    assert brief(recs, "value", "kind", "year") == [
        (30000000000, "actual", 2023), (150000000, "actual", 2023), (9, "actual", 2023),
        (500, "actual", 2023), (20, "target", None)]


def test_jinnian_in_a_report_is_the_year_it_is_dated():
    recs = news("某市前四个月外贸增长",
                "据市商务局统计,今年1—4月,全市外贸保持平稳增长势头,进出口总额达到520亿元,同比增长6.5%。"
                "外贸企业订单充足,新兴市场开拓成效明显。")
    assert brief(recs, "value", "kind", "year") == [(52000000000, "actual", 2024), (6.5, "actual", 2024)]


def test_an_annual_plan_states_its_figures_for_its_own_year():
    plan = ("某市2025年优化营商环境工作要点\n某市人民政府办公室\n2025年2月10日\n一、工作目标\n"
            "全年新增市场主体3万户,政务服务事项网办率达到95%以上。\n")
    assert brief(records(plan), "value", "year", "kind") == [(30000, 2025, "target"), (95, 2025, "target")]


def test_jinnian_in_a_plan_is_the_plan_year():
    plan = ("某市稳增长若干措施\n某市人民政府\n2024年3月5日\n一、目标\n今年,全市固定资产投资增长5%左右。\n")
    assert brief(records(plan), "value", "year") == [(5, 2024)]


def test_each_year_of_a_list_goes_to_the_figure_in_its_place():
    plan = ("某市高新技术企业培育方案(2024—2026年)\n一、工作目标\n"
            "全市高新技术企业数量2024年、2025年和2026年分别达到1200家、1400家、1600家,"
            "研发投入累计达到50亿元。\n")
    got = brief(records(plan), "value", "year")
    assert got == [(1200, 2024), (1400, 2025), (1600, 2026), (5000000000, 2026)]


def test_a_news_byline_gives_the_report_date():
    doc = extract_text("某区招商引资成效明显\n来源:某区融媒体中心  2024-08-09 10:00\n"
                       "今年以来,某区聚焦主导产业开展精准招商,围绕产业链上下游引进配套企业,签约项目45个。\n",
                       name="n.txt")
    assert doc.metadata.genre == "news" and doc.metadata.date == "2024-08-09"
    assert brief(target_records(doc), "value", "year", "kind") == [(45, 2024, "actual")]


def test_a_phase_name_does_not_swallow_the_figure_in_its_bracket():
    assert read("推进滨河公园二期(8.5平方公里)海绵城市建设") == [(8.5, "平方公里", "=")]


def test_a_paying_verb_may_end_a_longer_word():
    plan = "某县经济政策\n一、加大财政支持。县财政统筹安排资金20亿元,重点支持重大项目建设。\n"
    assert brief(records(plan), "value", "kind", "role") == [(2000000000, "incentive", "amount")]


def test_a_share_keeps_its_bi():
    """占比 is a word: only 比 before a base year or 上年 is the base of a change."""
    plan = "某市行动方案\n一、目标\n到2025年,智能算力占比达到35%,研发投入比上年增长10%。\n"
    assert brief(records(plan), "value", "metric") == [(35, "智能算力占比"), (10, "研发投入")]


def test_a_report_of_a_new_policy_still_reports_its_offer():
    recs = news("我市出台支持人工智能发展新政",
                "近日,市政府出台支持人工智能产业发展若干措施,对新认定的国家级创新平台,将给予最高500万元奖励。"
                "措施自发布之日起施行,有效期三年。")
    assert brief(recs, "value", "kind", "comparator") == [(5000000, "incentive", "<=")]


def test_a_unit_in_a_year_column_header_is_the_columns():
    plan = ("某市经济发展规划\n某市人民政府\n2024年1月5日\n一、主要指标\n"
            "指标\t2023年(亿元)\t2025年(亿元)\n地区生产总值\t5000\t6000\n")
    got = brief(records(plan), "value", "unit", "year", "kind")
    assert got == [(500000000000, "元", 2023, "actual"), (600000000000, "元", 2025, "target")]


# ----------------------------------------------------------------- a third reading (round 4)


def test_energy_and_boiler_units():
    text = ("某省节能降碳行动方案\n一、主要目标\n到2025年,形成节能量约5000万吨标准煤、减排二氧化碳约1.3亿吨,"
            "基本淘汰35蒸吨/小时及以下燃煤锅炉。\n")
    assert brief(records(text), "value", "unit", "comparator", "year") == [
        (50000000, "吨标准煤", "~", 2025), (130000000, "吨", "~", 2025), (35, "蒸吨/小时", "<=", 2025)]


def test_size_classes_in_a_list_take_the_money_word_before_them():
    """百亿级集群35个,其中:500亿级集群3个、300—500亿级集群10个左右: money, the range a class."""
    text = ("某省产业集群培育方案\n一、主要目标\n到2025年,力争培育营业收入百亿级集群35个,"
            "其中:500亿级集群3个、300—500亿级集群10个左右。\n")
    assert brief(records(text), "value", "unit", "comparator") == [
        (10000000000, "元", ">="), (35, "个", "="), (50000000000, "元", ">="), (3, "个", "="),
        ([30000000000, 50000000000], "元", "range"), (10, "个", "~")]


def test_figures_under_a_review_heading_are_actual_for_the_year_reviewed():
    text = ("政府工作报告\n各位代表:\n一、2024年工作回顾\n一年来,经济运行稳中有进。"
            "预计全市地区生产总值增长4%左右,工业投资增长30%。\n二、2025年工作安排\n全市地区生产总值增长5%左右。到2027年,培育企业100家。\n")
    assert brief(records(text), "value", "kind", "year") == [
        (4, "actual", 2024), (30, "actual", 2024), (5, "target", 2025), (100, "target", 2027)]


def test_a_closing_zuoyou_speaks_for_every_item_of_a_fenbie_list():
    text = ("某市计划\n一、主要目标\n到2025年,城乡居民人均可支配收入分别增长5%和7.5%左右,"
            "新建学校3所和医院2家。\n")
    assert brief(records(text), "value", "comparator") == [(5, "~"), (7.5, "~"), (3, "="), (2, "=")]


# ----------------------------------------------------------------- policy terms (round 6)

HOUSING = ("某市促进房地产市场平稳健康发展若干措施\n一、支持购房\n"
           "首套住房商业性个人住房贷款最低首付款比例为不低于20%,二套住房最低首付款比例为不低于30%。"
           "双缴存职工家庭最高贷款额度为80万元,公积金贷款年限与房龄之和不得超过40年。"
           "面积为90平方米及以下的,减按1%的税率征收契税。"
           "项目土地规模高于50亩低于100亩(含100亩)的给予20万元奖励,累计达到5000(含)至8000(不含)平方米的奖励10万元。"
           "两个人或以上共同申请的,贷款最长期限为30年。\n")


def test_the_terms_of_a_support_policy_are_incentives_not_goals():
    got = brief(records(HOUSING), "text", "value", "unit", "comparator", "kind", "role")
    assert got == [
        ("20%", 20, "%", ">=", "incentive", "rate"),
        ("30%", 30, "%", ">=", "incentive", "rate"),
        ("80万元", 800000, "元", "<=", "incentive", "amount"),
        ("40年", 40, "年", "<=", "incentive", "term"),
        ("90平方米及以下", 90, "平方米", "<=", "incentive", "condition"),
        ("1%", 1, "%", "=", "incentive", "rate"),
        ("高于50亩低于100亩(含100亩)", [50, 100], "亩", "range", "incentive", "condition"),
        ("20万元", 200000, "元", "=", "incentive", "amount"),
        ("5000(含)至8000(不含)平方米", [5000, 8000], "平方米", "range", "incentive", "condition"),
        ("10万元", 100000, "元", "=", "incentive", "amount"),
        ("两个人或以上", 2, "人", ">=", "incentive", "term"),
        ("30年", 30, "年", "<=", "incentive", "term"),
    ]


def test_a_second_home_is_a_category_and_a_gwh_is_energy():
    text = ("某省行动方案\n一、重点任务\n购买2套住房的家庭按规定纳税,二套住房首付比例不变。"
            "到2025年建成15吉瓦时(GWh)储能电池产能。\n")
    assert brief(records(text), "value", "unit") == [(2, "套"), (15, "GWh")]


def test_a_status_word_speaks_for_the_clauses_after_it():
    text = ("某市关于促进算力产业发展的若干意见\n目前全市总算力规模突破5.4万P,绿色算力指数全国第一;"
            "省际互联网总出口带宽达5.898Gbps;到2027年,算力规模达到10万P以上。单向时延小于1毫秒,"
            "算力券每年不超1000万元。\n")
    assert brief(records(text), "value", "unit", "comparator", "kind") == [
        (54000, "PFLOPS", ">=", "actual"), (5.898, "Gbps", "=", "actual"),
        (100000, "PFLOPS", ">=", "target"), (1, "毫秒", "<=", "target"), (10000000, "元", "<=", "incentive")]


def test_goals_in_a_plan_stay_goals_near_policy_and_review_words():
    """Review findings: a subsidy word after a goal, a 通报进展情况 heading, a 目前 clause
    before new goals leave goals as goals."""
    text = ("关于印发某某方案的通知\n一、重点任务\n(一)推广新能源汽车。全市推广新能源汽车5000辆,"
            "落实购置补贴政策。(责任单位:市工信局)\n(二)做好住房保障。筹集保障性租赁住房3000套,发放租赁补贴2000户。(责任单位:市住建局)\n"
            "二、保障措施\n(一)定期通报进展情况。新建5G基站3000个。(责任单位:市工信局)\n"
            "(二)建设算力设施。目前全市已建成数据中心10个;新建数据中心5个,培育算力企业20家。(责任单位:市大数据局)\n")
    assert brief(records(text), "value", "kind") == [
        (5000, "target"), (3000, "target"), (2000, "target"), (3000, "target"),
        (10, "actual"), (5, "target"), (20, "target")]
