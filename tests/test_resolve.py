"""Agency identity: jurisdiction scoping, abbreviations, inheritance, one IRI per body."""

from __future__ import annotations

import pytest

from kg import extract_text
from kg.places import gazetteer
from kg.resolve import Resolver

G = gazetteer()
AGENCY = "https://w3id.org/policy-kg/agency/"


def names(mentions: list[str], home: str | None) -> list[str]:
    r = Resolver()
    place = G.match_chain(home)[0] if home else None
    out, last = [], None
    for m in mentions:
        agency, scope = r.resolve(m, place, last)
        if scope is not None:
            last = scope
        out.append(agency.name)
    return out


def test_city_prefix_takes_the_plans_city():
    assert names(["市工业和信息化局"], "青岛市") == ["青岛市工业和信息化局"]
    assert names(["市工业和信息化局"], "济南市") == ["济南市工业和信息化局"]


def test_same_body_same_iri_across_documents_different_bodies_different_iris():
    r = Resolver()
    qd, jn = G.find("青岛市"), G.find("济南市")
    a = r.resolve("市工业和信息化局", qd)[0]
    b = r.resolve("青岛市工业和信息化局", jn)[0]  # written in full, in another city's plan
    c = r.resolve("市工业和信息化局", jn)[0]
    assert a.iri == b.iri
    assert a.iri != c.iri


def test_province_prefix_in_a_city_plan_is_the_parent_province():
    assert names(["省科技厅"], "青岛市") == ["山东省科学技术厅"]


def test_district_names_carry_their_city():
    assert names(["崂山区政府"], "青岛市") == ["青岛市崂山区人民政府"]
    assert names(["区发改局"], "崂山区") == ["青岛市崂山区发展和改革局"]
    # 鼓楼区 exists in several cities: the plan's city decides
    assert names(["鼓楼区政府"], "福州市") == ["福州市鼓楼区人民政府"]


def test_prefix_less_abbreviations_inherit_the_list_scope():
    assert names(["市大数据委", "工信局", "科技局", "财政局", "发改委"], "福州市") == [
        "福州市大数据委", "福州市工业和信息化局", "福州市科学技术局", "福州市财政局",
        "福州市发展和改革委员会"]
    assert names(["市发改局", "监察局", "法制局"], None) == ["市发展和改革局", "市监察局", "市法制局"]


@pytest.mark.parametrize("mention, full", [
    ("市发展改革委", "青岛市发展和改革委员会"),
    ("市委网信办", "中共青岛市委网络安全和信息化委员会办公室"),
    ("市委组织部", "中共青岛市委组织部"),
    ("市委金融办", "中共青岛市委金融委员会办公室"),
    ("市国资委", "青岛市人民政府国有资产监督管理委员会"),
    ("市人力资源社会保障局", "青岛市人力资源和社会保障局"),
    ("市住房城乡建设局", "青岛市住房和城乡建设局"),
    ("市卫生健康委", "青岛市卫生健康委员会"),
    ("市应急局", "青岛市应急管理局"),
    ("市政府", "青岛市人民政府"),
    ("市场监管局", "青岛市市场监督管理局"),
])
def test_abbreviations_expand(mention, full):
    assert names([mention], "青岛市") == [full]


def test_named_institutions_stay_as_written():
    assert names(["青岛海洋科技中心"], "青岛市") == ["青岛海洋科技中心"]
    assert names(["中国人民银行山东省分行"], "山东省") == ["中国人民银行山东省分行"]
    assert names(["浪潮集团"], "济南市") == ["浪潮集团"]
    assert names(["“智慧福州”管理服务中心"], "福州市") == ["“智慧福州”管理服务中心"]
    assert names(["中国(山东)自由贸易试验区济南片区管委会(筹)"], "济南市") == [
        "中国（山东）自由贸易试验区济南片区管委会（筹）"]


def test_national_regulator_written_with_a_province_short_name():
    assert names(["山东金融监管局"], "山东省") == ["国家金融监督管理总局山东监管局"]


def test_issuer_list_is_an_alias_source():
    doc = extract_text(
        "某省科学技术厅等部门关于印发《行动计划》的通知\n山东省科学技术厅\n山东省工业和信息化厅\n"
        "2024年1月1日\n行动计划\n一、重点任务\n(一)建设平台。(牵头单位:省科技厅,责任单位:省工信厅)")
    assert [u.agency.name for u in doc.tasks[0].units(doc)] == ["山东省科学技术厅", "山东省工业和信息化厅"]


def test_collectives_are_groups_scoped_to_the_plan():
    r = Resolver()
    qd, jn = G.find("青岛市"), G.find("济南市")
    a = r.resolve("各区、市政府", qd)[0]
    b = r.resolve("各区、市政府", jn)[0]
    assert a.kind == "collective" and a.name == "青岛市各区、市政府"
    assert a.iri != b.iri and "/group/" in a.iri


def test_unknown_jurisdiction_keeps_the_level_word():
    assert names(["市发展改革委"], None) == ["市发展和改革委员会"]


def test_district_of_a_municipality_is_the_jurisdiction():
    doc = extract_text("上海市嘉定区人民政府办公室关于印发《海绵城市建设方案》的通知\n"
                       "上海市嘉定区人民政府办公室\n2024年10月10日\n海绵城市建设方案\n一、重点任务\n"
                       "(一)编制规划。(责任单位:区建设管理委、各街镇)")
    assert doc.metadata.jurisdiction.qualified() == "上海市嘉定区"
    assert [u.agency.name for u in doc.tasks[0].units(doc)] == [
        "上海市嘉定区建设管理委", "上海市嘉定区各街镇"]


def test_abbreviation_of_a_co_issuer_ending_in_weiyuanhui():
    doc = extract_text("黄浦区发展和改革委员会等关于印发《行动方案》的通知\n"
                       "黄浦区发展和改革委员会黄浦区建设和管理委员会\n2025年2月24日\n行动方案\n"
                       "一、重点任务\n(一)推动光伏。(责任单位:区建管委、区发展改革委)")
    assert doc.metadata.issuers == ["黄浦区发展和改革委员会", "黄浦区建设和管理委员会"]
    assert [u.agency.name for u in doc.tasks[0].units(doc)] == [
        "上海市黄浦区建设和管理委员会", "上海市黄浦区发展和改革委员会"]


@pytest.mark.parametrize("mention, home, full", [
    ("地区农业农村局", "喀什地区", "喀什地区农业农村局"),
    ("林区文化和旅游局", "神农架林区", "神农架林区文化和旅游局"),
    ("自治区党委宣传部", "广西壮族自治区", "中共广西壮族自治区委宣传部"),
    ("市生态环境局西湖分局", "杭州市西湖区", "杭州市生态环境局西湖分局"),
])
def test_level_words_of_other_divisions(mention, home, full):
    assert names([mention], home) == [full]


def _corpus(tmp_path, files: dict[str, str]):
    from kg.build import load

    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    corpus = load([tmp_path])
    return {d.name: [(u.mention, u.agency.iri) for t in d.tasks for u in t.units(d)] for d in corpus.docs}


def test_a_body_no_place_can_scope_is_never_shared_by_two_plans(tmp_path):
    plan = ("县政府办公室\n2024年1月5日\n优化营商环境工作要点\n一、重点任务\n"
            "(一)推进改革。(责任单位:县发改局、供电公司)\n")
    got = _corpus(tmp_path, {"a.txt": plan, "b.txt": plan.replace("推进改革", "深化改革")})
    assert got["a.txt"][0][1] != got["b.txt"][0][1]
    assert got["a.txt"][1][1] != got["b.txt"][1][1]


def test_a_signature_in_one_plan_names_a_body_for_every_plan(tmp_path):
    got = _corpus(tmp_path, {
        "a.txt": "青岛市大数据发展管理局关于印发《数据要素方案》的通知\n青岛市大数据发展管理局\n"
                 "2024年1月5日\n数据要素方案\n一、重点任务\n(一)开放数据。(责任单位:市大数据局)\n",
        "b.txt": "青岛市人民政府办公厅关于印发《算力方案》的通知\n青岛市人民政府办公厅\n2024年2月5日\n"
                 "算力方案\n一、重点任务\n(一)建设算力。(责任单位:市大数据局)\n",
    })
    assert got["a.txt"][0][1] == got["b.txt"][0][1] == f"{AGENCY}青岛市大数据发展管理局"


def test_a_forwarded_plan_is_read_in_its_authors_place(tmp_path):
    got = _corpus(tmp_path, {"p.txt": (
        "平度市人民政府办公室关于转发青岛市人民政府办公厅关于印发青岛市数字经济行动方案的通知的通知\n"
        "平度市人民政府办公室\n2024年3月1日\n青岛市数字经济行动方案\n一、重点任务\n"
        "(一)建设平台。(责任单位:市发展改革委)\n")})
    assert got["p.txt"] == [("市发展改革委", f"{AGENCY}青岛市发展和改革委员会")]


def test_party_and_league_names_read_one_way(tmp_path):
    qd = G.find("青岛市")
    r = Resolver()
    a = r.resolve("中共崂山区委宣传部", G.find("崂山区", qd))[0]
    b = r.resolve("区委宣传部", G.find("崂山区", qd))[0]
    c = r.resolve("中共崂山区委宣传部", qd)[0]
    assert a.iri == b.iri == c.iri
    assert r.resolve("团市委", qd)[0].name == r.resolve("共青团青岛市委", qd)[0].name == "共青团青岛市委员会"
    gx = G.find("广西壮族自治区")
    assert r.resolve("自治区党委网信办", gx)[0].iri == r.resolve("自治区网信办", gx)[0].iri


def test_towns_and_streets(tmp_path):
    got = _corpus(tmp_path, {
        "district.txt": "青岛市崂山区人民政府办公室关于印发《治理方案》的通知\n青岛市崂山区人民政府办公室\n"
                        "2024年1月5日\n治理方案\n一、重点任务\n(一)治理社区。(责任单位:区民政局、沙子口街道)\n",
        "street.txt": "青岛市崂山区沙子口街道办事处关于印发《工作要点》的通知\n青岛市崂山区沙子口街道办事处\n"
                      "2024年3月10日\n工作要点\n一、重点任务\n(一)治理社区。(责任单位:街道办事处)\n",
    })
    assert got["district.txt"][1][1] == got["street.txt"][0][1] == f"{AGENCY}青岛市崂山区沙子口街道办事处"


def test_a_district_name_several_cities_share_is_settled_by_the_text(tmp_path):
    text = ("鼓楼区人民政府办公室关于印发《行动方案》的通知\n鼓楼区人民政府办公室\n2024年1月5日\n行动方案\n"
            "为贯彻落实《{city}市数字经济发展规划》,制定本方案。\n一、重点任务\n(一)建设平台。(责任单位:区发改局)\n")
    got = _corpus(tmp_path, {"fz.txt": text.format(city="福州"), "nj.txt": text.format(city="南京")})
    assert got["fz.txt"][0][1] == f"{AGENCY}福州市鼓楼区发展和改革局"
    assert got["nj.txt"][0][1] == f"{AGENCY}南京市鼓楼区发展和改革局"


def test_counties_are_named_without_their_city():
    assert names(["县税务局", "县发改局"], "沂水县") == ["国家税务总局沂水县税务局", "沂水县发展和改革局"]
    assert names(["国家税务总局沂水县税务局"], "沂水县") == ["国家税务总局沂水县税务局"]


def test_a_level_word_standing_for_an_unknown_place_never_joins_two_plans(tmp_path):
    """区税务局 in two plans whose district is unknown: the table makes it 国家税务总局区税务局,
    which must stay each plan's own body, not one IRI for both."""
    got = _corpus(tmp_path, {"a.txt": "工作要点\n一、重点任务\n(一)甲。(责任单位:区税务局)\n",
                             "b.txt": "工作方案\n一、重点任务\n(一)乙。(责任单位:区税务局)\n"})
    assert got["a.txt"][0][1] != got["b.txt"][0][1]


def test_a_plan_without_title_or_signature_takes_the_place_its_body_names_most():
    text = ("各县、区人民政府,市政府各部门:\n为促进兰州市经济发展,制定以下措施。\n一、重点任务\n"
            "(一)支持兰州市企业发展。(责任单位:市工信局)\n(二)优化兰州市营商环境。(责任单位:市发改委)\n")
    doc = extract_text(text)
    assert doc.metadata.jurisdiction is not None and doc.metadata.jurisdiction.name == "兰州市"
    assert [u.agency.name for t in doc.tasks for u in t.units(doc)] == [
        "兰州市工业和信息化局", "兰州市发展和改革委员会"]


def test_a_body_naming_two_places_as_often_gives_no_place():
    doc = extract_text("为促进兰州市与西宁市合作,制定以下措施。\n一、重点任务\n(一)甲。(责任单位:市工信局)\n")
    assert doc.metadata.jurisdiction is None


def test_central_bodies_in_a_state_council_plan_are_one_body_across_plans(tmp_path):
    """发展改革委 in a 国务院办公厅 plan is 国家发展和改革委员会, the same body as a
    ministry's 国家发展改革委; a plan whose place is unknown keeps its own 发改委."""
    got = _corpus(tmp_path, {
        "a.txt": "国务院办公厅关于加快发展某产业的指导意见\n国办发〔2018〕121号\n一、重点任务\n"
                 "(一)甲。(发展改革委、体育总局、网信办负责)\n",
        "b.txt": "工业和信息化部关于某工作的通知\n一、重点任务\n"
                 "(一)乙。(国家发展改革委、工业和信息化部负责)\n",
        "c.txt": "某工作方案\n一、重点任务\n(一)丙。(责任单位:发改委)\n"})
    iri = "https://w3id.org/policy-kg/agency/"
    assert got["a.txt"] == [("发展改革委", iri + "国家发展和改革委员会"), ("体育总局", iri + "国家体育总局"),
                            ("网信办", iri + "中共中央网络安全和信息化委员会办公室")]
    assert got["b.txt"][0][1] == iri + "国家发展和改革委员会"
    assert got["c.txt"][0][1] != iri + "国家发展和改革委员会" and "@" in got["c.txt"][0][1]


def test_written_forms_of_one_body_in_two_plans_of_one_city(tmp_path):
    """人行/人民银行, 国家金融监管总局/国家金融监督管理总局, 市市监局/市市场监管局, the 公积金中心
    forms, and a zone or district named bare in a list are each one body across plans."""
    head = "九江市人民政府办公室关于印发{0}的通知\n九江市人民政府办公室\n2024年3月1日\n{0}\n一、重点任务\n"
    a = "人行九江市分行、国家金融监管总局九江监管分局、市市监局、市公积金中心、九江经开区、浔阳区"
    b = ("人民银行九江市分行、国家金融监督管理总局九江监管分局、市市场监管局、市住房公积金管理中心、"
         "九江经开区管委会、浔阳区人民政府")
    got = _corpus(tmp_path, {"a.txt": head.format("甲方案") + f"(一)甲。(责任单位:{a})\n",
                             "b.txt": head.format("乙方案") + f"(一)乙。(责任单位:{b})\n"})
    assert [iri for _, iri in got["a.txt"]] == [iri for _, iri in got["b.txt"]]


def test_level_words_sharing_a_government_are_a_group():
    doc = extract_text("淮北市人民政府关于某事的通知\n某方案\n一、重点任务\n"
                       "(一)甲。(责任单位:市住建局、县、区政府)\n")
    units = doc.tasks[0].units(doc)
    assert [(u.mention, u.agency.kind) for u in units] == [
        ("市住建局", "department"), ("县、区政府", "collective")]


def test_blind_cross_document_identity():
    """Nine real plans of four cities, every mention's body written down blind: no two
    bodies share an IRI, and one body has one IRI across plans except where the texts
    use a renamed body's old name (the known splits, each with its reason)."""
    import difflib
    import itertools
    import json

    from kg.build import load
    from tests.conftest import DATA

    folder = DATA / "identity_blind"
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    corpus = load([folder / name for name in gold["docs"]])
    rows = []
    for doc in corpus.docs:
        want = gold["docs"][doc.name]
        ours = [(u.mention, u.agency.iri) for n in sorted(doc.notes, key=lambda n: n.span.start)
                for u in n.units]
        sm = difflib.SequenceMatcher(a=[m for m, _ in want], b=[m for m, _ in ours], autojunk=False)
        for a, b, size in sm.get_matching_blocks():
            rows += [(want[a + k][1], ours[b + k][1]) for k in range(size)
                     if not want[a + k][1].startswith("GROUP:")]
    assert len(rows) > 500
    merged = {(x[0], y[0]) for x, y in itertools.combinations(rows, 2) if x[1] == y[1] and x[0] != y[0]}
    split = {x[0] for x, y in itertools.combinations(rows, 2) if x[0] == y[0] and x[1] != y[1]}
    assert merged == set()
    assert split == set(gold["known_splits"])


def test_a_provincial_issuer_without_its_name_is_placed_by_its_document_number():
    text = ("省人民政府关于\n进一步优化营商环境的若干意见\n鄂政发〔2018〕26号\n"
            "各市、州、县人民政府,省政府各部门:\n二、主要任务\n"
            "(一)提高市场开放程度。(牵头单位:省发展改革委;责任单位:省环保厅)\n")
    doc = extract_text(text)
    assert doc.metadata.jurisdiction is not None and doc.metadata.jurisdiction.name == "湖北省"
    assert [u.agency.name for t in doc.tasks for u in t.units(doc)] == [
        "湖北省发展和改革委员会", "湖北省生态环境厅"]
    # a city's number begins with its own character: 青政办字 is Qingdao, not Qinghai
    city = extract_text("青岛市人民政府办公厅关于印发某方案的通知\n青政办字〔2024〕21号\n某方案\n"
                        "一、重点任务\n(一)甲。(责任单位:市发改委)\n")
    assert city.metadata.jurisdiction.name == "青岛市"
