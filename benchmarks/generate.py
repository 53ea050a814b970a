"""Realistic synthetic plans for the benchmarks: deterministic for a seed.

Each plan is a 通知 that issues a 行动计划/实施方案 of one jurisdiction (a province, a
prefecture-level city or a county/district, drawn from kg/data/divisions.tsv), with the
shapes the extractor meets in real plans:

- numbering styles 一、 (一) 1. (1) ① at two to four levels, and a closing 保障措施 chapter
  whose items are tasks with their notes in running text;
- note formats ``(责任单位:…)``, ``(牵头单位:…,责任单位:…)``, ``(牵头单位:…;配合单位:…)``,
  ``(…按职责分工负责)`` and running text ``由…牵头,…配合``;
- unit lists of one to eight bodies, abbreviated (市发改委, 省科技厅) or written in full,
  collectives (各区、市政府, 各县(市、区)人民政府), open lists ending in 等, and tasks with no note;
- covering-notice lines, a descriptive 总体要求 chapter, targets with figures and years.

    python benchmarks/generate.py OUT_DIR [--plans 1000] [--seed 7]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

# (short form as written after the place prefix, full name after the place) by level;
# short forms are rows of ontology/agency-abbreviations.tsv, so they resolve as in real plans
CITY_UNITS = [
    ("发展改革委", "发展和改革委员会"), ("工业和信息化局", "工业和信息化局"), ("科技局", "科学技术局"),
    ("教育局", "教育局"), ("财政局", "财政局"), ("人力资源社会保障局", "人力资源和社会保障局"),
    ("商务局", "商务局"), ("大数据局", "大数据局"), ("市场监管局", "市场监督管理局"),
    ("交通运输局", "交通运输局"), ("卫生健康委", "卫生健康委员会"), ("文化和旅游局", "文化和旅游局"),
    ("农业农村局", "农业农村局"), ("生态环境局", "生态环境局"), ("住房城乡建设局", "住房和城乡建设局"),
    ("应急局", "应急管理局"), ("自然资源和规划局", "自然资源和规划局"),
    ("国资委", "人民政府国有资产监督管理委员会"),
    ("委网信办", "委网络安全和信息化委员会办公室"), ("委组织部", "委组织部"), ("委宣传部", "委宣传部"),
    ("行政审批局", "行政审批服务局"), ("医保局", "医疗保障局"), ("统计局", "统计局"),
]
ABBREVIATED = {"发展改革委": "发改委", "工业和信息化局": "工信局", "人力资源社会保障局": "人社局",
               "住房城乡建设局": "住建局", "卫生健康委": "卫健委", "文化和旅游局": "文旅局"}
PROVINCE_UNITS = [
    ("发展改革委", "发展和改革委员会"), ("工业和信息化厅", "工业和信息化厅"), ("科技厅", "科学技术厅"),
    ("教育厅", "教育厅"), ("财政厅", "财政厅"), ("人力资源社会保障厅", "人力资源和社会保障厅"),
    ("商务厅", "商务厅"), ("大数据局", "大数据局"), ("市场监管局", "市场监督管理局"),
    ("交通运输厅", "交通运输厅"), ("卫生健康委", "卫生健康委员会"), ("文化和旅游厅", "文化和旅游厅"),
    ("农业农村厅", "农业农村厅"), ("生态环境厅", "生态环境厅"), ("住房城乡建设厅", "住房和城乡建设厅"),
    ("委网信办", "委网络安全和信息化委员会办公室"), ("委组织部", "委组织部"),
    ("地方金融监管局", "地方金融监督管理局"),
]
VERTICAL = ["通信管理局", "税务局", "气象局"]
COLLECTIVES = {
    "province": ["各市人民政府", "省直有关部门", "各有关单位"],
    "city": ["各区、市政府", "各县(市、区)人民政府", "市直有关部门", "各有关单位"],
    "county": ["各乡镇人民政府", "{p}直有关部门", "各有关单位"],
}
TOPICS = [
    "人工智能产业创新发展", "数字经济高质量发展", "制造业数字化转型", "新能源汽车产业发展",
    "生物医药产业高质量发展", "现代农业提质增效", "文化和旅游深度融合发展", "营商环境优化提升",
    "高层次人才集聚", "无废城市建设", "数据要素市场化配置改革", "低空经济发展", "算力基础设施建设",
    "优化消费环境", "就业创业促进", "智慧城市建设", "绿色低碳转型", "科技成果转化",
]
GENRES = ["行动计划", "实施方案", "工作方案", "三年行动计划"]
AREAS = ["算力", "数据", "大模型", "智能制造", "工业互联网", "集成电路", "新材料", "生物医药",
         "智慧农业", "文旅融合", "跨境电商", "绿色能源", "低空经济", "人形机器人", "车联网", "智慧医疗",
         "智慧教育", "数字政府", "信用体系", "知识产权", "科技金融", "人才培养", "中试验证", "标准体系"]
VERBS = ["加快建设", "统筹布局", "培育壮大", "深入推进", "完善提升", "积极打造", "大力发展", "健全完善",
         "全面推广", "探索建立", "持续优化", "支持引导"]
OBJECTS = ["公共服务平台", "创新中心", "产业园区", "应用场景", "标杆企业", "数据中心", "重点实验室",
           "示范项目", "产业集群", "服务体系", "协同机制", "开放平台", "孵化载体", "标准规范"]
GOALS = ["推动产业链上下游协同发展", "提升自主创新能力", "促进数字经济和实体经济深度融合",
         "形成一批可复制可推广的经验做法", "打造具有全国影响力的产业高地", "降低企业综合成本",
         "提升公共服务水平", "增强区域竞争力", "促进产业集聚发展", "强化要素保障"]
SECTION_TITLES = ["“强基”行动", "“铸魂”行动", "“赋能”行动", "“聚链”行动", "“育企”行动", "“筑巢”行动",
                  "“引才”行动", "“护航”行动", "“开放”行动", "“攻坚”行动"]
CHINESE = "一二三四五六七八九十"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str  # province | city | county
    prefix: str  # 省 | 市 | 县 | 区


def places() -> list[Place]:
    """Provinces ending in 省, prefecture-level cities ending in 市, counties and districts."""
    out = []
    text = resources.files("kg.data").joinpath("divisions.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name, *_ = line.split("\t")
        if code.endswith("0000"):
            if name.endswith("省"):
                out.append(Place(code, name, "province", "省"))
        elif code.endswith("00"):
            if name.endswith("市") and len(name) >= 3:
                out.append(Place(code, name, "city", "市"))
        elif name.endswith(("县", "区")) and len(name) >= 3:
            out.append(Place(code, name, "county", name[-1]))
    return out


class PlanWriter:
    """One synthetic plan; every choice comes from the one Random."""

    def __init__(self, rng: random.Random, place: Place) -> None:
        self.rng, self.place = rng, place
        self.units = PROVINCE_UNITS if place.level == "province" else CITY_UNITS
        self.prefix = "省" if place.level == "province" else ("市" if place.level == "city" else place.prefix)

    def unit(self) -> str:
        short, _ = self.rng.choice(self.units)
        if short.startswith("委"):  # party organs: 市委网信办, 省委组织部
            return self.prefix + short
        if self.prefix in "县区" and self.rng.random() < 0.5:  # 县发改局-style names of counties
            short = short.replace("发展改革委", "发展改革局").replace("卫生健康委", "卫生健康局")
        if short in ABBREVIATED and self.rng.random() < 0.35:
            short = ABBREVIATED[short]
        return self.prefix + short

    def collective(self) -> str:
        return self.rng.choice(COLLECTIVES[self.place.level]).replace("{p}", self.prefix)

    def unit_list(self, lo: int = 1, hi: int = 6) -> str:
        n = self.rng.randint(lo, hi)
        chosen: list[str] = []
        while len(chosen) < n:
            u = self.unit()
            if u not in chosen:
                chosen.append(u)
        if self.rng.random() < 0.08 and self.place.level != "county":
            chosen.append(self.place.name[:2] + self.rng.choice(VERTICAL))
        if self.rng.random() < 0.2:
            chosen.append(self.collective())
        text = "、".join(chosen)
        if self.rng.random() < 0.07:
            text += "等"
        return text

    def note(self) -> str:
        r = self.rng.random()
        if r < 0.08:
            return ""  # a task with no owner
        if r < 0.45:
            return f"(责任单位:{self.unit_list()})"
        if r < 0.65:
            sep = self.rng.choice([",", ";"])
            return f"(牵头单位:{self.unit_list(1, 2)}{sep}责任单位:{self.unit_list(1, 5)})"
        if r < 0.75:
            return f"(牵头单位:{self.unit_list(1, 1)};配合单位:{self.unit_list(1, 4)})"
        if r < 0.88:
            return f"({self.unit_list(1, 4)}按职责分工负责)"
        return ""  # running text, written into the body by task()

    def sentence(self) -> str:
        rng = self.rng
        area, verb, obj, goal = rng.choice(AREAS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(GOALS)
        s = f"{verb}{area}{obj},{goal}"
        if rng.random() < 0.4:
            s += f",到{rng.randint(2025, 2027)}年,{rng.choice(['培育', '建成', '打造', '引进'])}" \
                 f"{rng.randint(3, 200)}个以上{rng.choice(AREAS)}{rng.choice(OBJECTS)}"
        return s + "。"

    def task(self, marker: str) -> str:
        rng = self.rng
        title = f"{rng.choice(VERBS)}{rng.choice(AREAS)}{rng.choice(OBJECTS)}"
        body = "".join(self.sentence() for _ in range(rng.randint(1, 4)))
        note = self.note()
        if not note and rng.random() < 0.6:
            lead, rest = self.unit_list(1, 1), self.rng.choice(
                ["各有关单位参与配合", f"{self.unit_list(1, 3)}配合", "相关部门按职责分工负责"])
            body += f"由{lead}牵头,{rest}。"
        return f"{marker}{title}。{body}{note}"

    def plan(self, taken: set[str]) -> str:
        """The plan's text; its title is not in ``taken`` (and is added to it).

        Titles are kept unique because kg names a plan by its title: two files with one
        title are one plan to it (see the README's benchmark notes).
        """
        rng, place = self.rng, self.place
        while True:
            year = rng.randint(2023, 2025)
            period = f"({year}—{year + 2}年)"
            topic = rng.choice(TOPICS)
            genre = rng.choice(GENRES)
            title = f"{place.name}{topic}{genre}{period}"
            if title not in taken:
                taken.add(title)
                break
        office = f"{place.name}人民政府办公{'厅' if place.level == 'province' else '室'}"
        level_gov = {"province": "各市人民政府,省政府各部门、各直属机构",
                     "city": "各区、市人民政府,市政府各部门,市直各单位",
                     "county": f"各乡镇人民政府、街道办事处,{self.prefix}直各部门"}[place.level]
        lines = [
            f"{office}关于印发{title}的通知",
            f"{place.name[0]}政办字〔{year}〕{rng.randint(1, 99)}号",
            f"{level_gov}:",
            f"《{title}》已经{'省' if place.level == 'province' else '本级'}政府研究同意,"
            "现印发给你们,请认真贯彻执行。",
            office,
            f"{year}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
            title,
            f"为深入贯彻落实{topic}决策部署,{rng.choice(GOALS)},结合实际,制定本{genre[-2:]}。",
            "一、总体要求",
            "".join(self.sentence() for _ in range(rng.randint(2, 4))),
            "二、重点任务",
        ]
        depth = rng.choice([2, 3, 3, 3, 4])
        leaf = rng.choice(["1.", "(1)", "①"]) if depth == 3 else "1."
        for s in range(rng.randint(3, 8)):
            section = f"({CHINESE[s]}){rng.choice(AREAS)}{rng.choice(SECTION_TITLES)}"
            if depth == 2:
                lines.append(self.task(f"({CHINESE[s]})"))
                continue
            lines.append(section)
            for i in range(rng.randint(2, 6)):
                marker = {"1.": f"{i + 1}.", "(1)": f"({i + 1})", "①": CIRCLED[i]}[leaf]
                if depth == 4 and rng.random() < 0.3:
                    lines.append(f"{i + 1}.{rng.choice(AREAS)}{rng.choice(OBJECTS)}")
                    for k in range(rng.randint(2, 3)):
                        lines.append(self.task(f"({k + 1})"))
                else:
                    lines.append(self.task(marker))
        lines.append("三、保障措施")
        for s in range(rng.randint(2, 4)):
            heading = rng.choice(["健全工作机制", "强化政策支持", "加强要素保障", "营造良好氛围"])
            lines.append(f"({CHINESE[s]}){heading}。{self.sentence()}"
                         f"由{self.unit_list(1, 1)}牵头,{self.collective()}配合。")
        return "\n".join(lines) + "\n"


def generate(out_dir: str | Path, plans: int = 1000, seed: int = 7) -> list[Path]:
    """Write ``plans`` plan files into ``out_dir``; the same seed always writes the same bytes."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    pool = places()
    written = []
    titles: set[str] = set()
    for i in range(plans):
        place = rng.choice(pool)
        text = PlanWriter(rng, place).plan(titles)
        path = out / f"plan_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out_dir")
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    files = generate(args.out_dir, args.plans, args.seed)
    size = sum(f.stat().st_size for f in files)
    print(f"{len(files)} plans, {size / 1e6:.1f} MB in {args.out_dir}")


if __name__ == "__main__":
    main()
