"""Generate a corpus of synthetic city action plans, for benchmarks at scale.

Each plan is written the way real ones are (a covering notice, 总体要求, numbered
重点任务 and 保障措施, every task ending in a ``(牵头单位:…;责任单位:…)`` note) for a real
prefecture-level city from kg/data/divisions.tsv, so the whole pipeline runs on it:
jurisdiction, agency resolution, tasks. Deterministic for a given seed.

    python benchmarks/synth_plans.py 1000 /tmp/synth      # writes 1000 .txt plans
"""

from __future__ import annotations

import random
import sys
from importlib import resources
from pathlib import Path

TOPICS = ["人工智能产业创新发展", "数字经济高质量发展", "算力基础设施建设", "智能制造提升",
          "数据要素市场培育", "智慧医疗健康", "机器人产业发展", "低空经济发展", "新能源汽车产业",
          "智慧农业发展", "工业互联网创新", "人工智能赋能新型工业化"]
BODIES = ["市发展改革委", "市工业和信息化局", "市科技局", "市财政局", "市大数据局", "市教育局",
          "市人力资源社会保障局", "市商务局", "市卫生健康委", "市交通运输局",
          "市自然资源和规划局", "市生态环境局", "市农业农村局", "市文化和旅游局", "市市场监管局",
          "市公安局", "市民政局", "市住房城乡建设局", "市应急局", "市地方金融监管局", "市统计局",
          "市国资委", "市委网信办", "市委组织部", "市委宣传部", "市投资促进局", "市通信管理局",
          "各区(市)政府"]
HEADINGS = ["夯实算力基础", "强化技术创新", "培育市场主体", "拓展应用场景", "建设产业园区",
            "推动数据开放", "壮大人才队伍", "完善标准体系", "深化开放合作", "优化发展环境"]
VERBS = ["建设", "打造", "培育", "推动", "支持", "引进", "开展", "设立", "完善", "提升"]
OBJECTS = ["智算中心", "大模型训练平台", "数据交易场所", "创新应用先导区", "公共服务平台",
           "产业创新中心", "行业大模型", "算力调度平台", "人形机器人整机", "智能网联汽车测试区",
           "高质量数据集", "中试验证基地", "专精特新企业", "场景应用清单", "算力券政策"]
NUMERALS = "一二三四五六七八九十"


def cities() -> list[str]:
    """Prefecture-level cities (名称 ends in 市, code ends in 00) from the division table."""
    text = resources.files("kg.data").joinpath("divisions.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        code, name, *_ = line.split("\t")
        if code.endswith("00") and not code.endswith("0000") and name.endswith("市") and name != "市辖区":
            out.append(name)
    return sorted(set(out))


def plan_text(rng: random.Random, city: str, topic: str, number: int) -> str:
    year = rng.choice([2022, 2023, 2024, 2025])
    title = f"{city}{topic}行动计划({year}—{year + 2}年)"
    lines = [
        f"{city}人民政府办公室关于印发{title}的通知",
        f"{city[:1]}政办发〔{year - 1}〕{number}号",
        "各区(市)人民政府,市政府各部门,市直各单位:",
        f"《{title}》已经市政府同意,现印发给你们,请认真贯彻执行。",
        f"{city}人民政府办公室",
        f"{year - 1}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        title,
        f"为加快{topic},结合我市实际,制定本行动计划。",
        "一、总体要求",
        f"到{year + 2}年,全市{topic}水平显著提升,形成一批可复制可推广的经验。",
        "二、重点任务",
    ]
    for h, heading in enumerate(rng.sample(HEADINGS, rng.randint(3, 6))):
        lines.append(f"({NUMERALS[h]}){heading}")
        for k in range(1, rng.randint(2, 5) + 1):
            verb, obj = rng.choice(VERBS), rng.choice(OBJECTS)
            bodies = rng.sample(BODIES, rng.randint(1, 5))
            lead, rest = bodies[0], bodies[1:]
            note = f"牵头单位:{lead}" + (f";责任单位:{'、'.join(rest)}" if rest else "")
            if rng.random() < 0.15:
                note = f"责任单位:{'、'.join(bodies)}"
            projects, scale = rng.randint(2, 20), rng.randint(10, 500)
            lines.append(f"{k}.{verb}{obj}。围绕{heading},{verb}一批{obj},到{year + 2}年形成{projects}个"
                         f"示范项目,带动相关产业规模超过{scale}亿元。({note})")
    lines += [
        "三、保障措施",
        f"(一)加强组织领导。建立{topic}工作推进机制,统筹推进各项任务。(牵头单位:{rng.choice(BODIES[:5])})",
        "(二)强化要素保障。加大财政资金支持力度,落实各项政策。(责任单位:市财政局、市发展改革委)",
    ]
    return "\n".join(lines) + "\n"


def generate(n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` plans into ``out_dir`` (created) and return their paths."""
    rng = random.Random(seed)
    places = cities()
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        city = places[rng.randrange(len(places))]
        text = plan_text(rng, city, TOPICS[rng.randrange(len(TOPICS))], i + 1)
        path = out_dir / f"synth_{i:05d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    print(f"wrote {len(generate(int(sys.argv[1]), Path(sys.argv[2])))} plans to {sys.argv[2]}")
