"""Sectors (SKOS scheme + jieba tagger) and leading actions of tasks."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from kg.extract.actions import actions_in, scheme, verbs
from kg.extract.sectors import sectors, tag
from kg.extract.segment import cut
from kg.pipeline import extract_text
from tests.conftest import DATA, ROOT

CHECKED = json.loads((DATA / "seeds_sectors.json").read_text(encoding="utf-8"))


# ----------------------------------------------------------------- jieba

def test_domain_words_are_kept_whole():
    words = cut("建设大模型和智算中心,发放算力券,发展具身智能和人形机器人")
    for w in ("大模型", "智算中心", "算力券", "具身智能", "人形机器人"):
        assert w in words, (w, words)


def test_keywords_match_whole_words_only():
    """港口 is not in 香港口岸; 农业 in an agency name does not count."""
    assert "港口" in "提升香港口碑" and "port" not in tag("提升香港口碑", "提升香港口碑")
    doc = extract_text("一、重点任务\n1.建设算力平台。建设全市算力平台。(责任单位:市农业农村局)\n",
                       name="x.txt")
    assert doc.tasks[0].sectors == ["computing-infrastructure"]


def _run_quietly(tmp: str, code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("TMPDIR", "TEMP", "TMP")}
    env["TMPDIR"] = tmp
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)


def test_jieba_is_quiet_and_a_foreign_cache_cannot_change_segmentation(tmp_path):
    """No log lines on stderr; a stale jieba.cache left by another program is never read."""
    code = "from kg.extract.segment import cut; print('/'.join(cut('统筹布局智算中心与港口大模型')))"
    first = _run_quietly(str(tmp_path), code)
    assert first.returncode == 0 and first.stderr == ""
    # the cache jieba itself would read from this folder, filled with an empty dictionary
    import marshal

    (tmp_path / "jieba.cache").write_bytes(marshal.dumps(({"统": 1}, 1)))
    second = _run_quietly(str(tmp_path), code)
    assert second.stderr == "" and second.stdout == first.stdout


# ----------------------------------------------------------------- the sector scheme and tagger

def test_every_sector_has_chinese_and_english_labels_and_keywords():
    ids = [s.id for s in sectors()]
    assert len(ids) == len(set(ids)) >= 23
    for s in sectors():
        assert s.zh and s.en and s.keywords, s.id


@pytest.mark.parametrize("case", CHECKED["tasks"], ids=lambda c: f"{c['doc'][:3]}:{c['path']}")
def test_sectors_of_hand_checked_tasks(case, seed_docs):
    [task] = [t for t in seed_docs[case["doc"]].tasks if t.path == case["path"]]
    assert task.title == case["title"]
    got = set(task.sectors)
    assert set(case["must"]) <= got, f"missing {set(case['must']) - got}"
    allowed = set(case["must"]) | set(case["may"])
    assert got <= allowed, f"unexpected {got - allowed}"


def test_every_seed_task_has_a_sector(seed_docs):
    for doc in seed_docs.values():
        for task in doc.tasks:
            assert task.sectors, (doc.name, task.path)


def test_a_list_of_beneficiaries_does_not_outweigh_the_subject():
    got = tag("优化边缘算力供给", "优化边缘算力供给。按需部署边缘计算中心,支撑工业制造、交通运输、"
              "智能电网、金融服务、医疗健康等低时延业务应用。")
    assert got == ["computing-infrastructure"]


def test_a_task_without_keywords_takes_its_headings_sectors():
    doc = extract_text("一、重点任务\n(一)人才引育行动\n1.完善工作举措。做好相关服务。(责任单位:市人社局)\n",
                       name="x.txt")
    assert doc.tasks[0].sectors == ["talent"]


# ----------------------------------------------------------------- actions

@pytest.mark.parametrize(("text", "want"), [
    ("加快建设国际通信业务出入口局", [("build-infrastructure", "建设", "国际通信业务出入口局")]),
    ("培育一批领军企业", [("cultivate-enterprises", "培育", "一批领军企业")]),
    ("引进高层次人才团队", [("attract-talent", "引进", "高层次人才团队")]),
    ("积极招引芯片企业", [("attract-investment", "招引", "芯片企业")]),
    ("设立人工智能产业引导基金", [("fund-subsidise", "设立", "人工智能产业引导基金")]),
    ("开放公共数据", [("open-data", "开放", "公共数据")]),
    ("制定人工智能地方标准", [("set-standards", "制定", "人工智能地方标准")]),
    ("开展大模型应用试点", [("pilot-demonstrate", "开展", "大模型应用试点")]),
    ("开展关键核心技术攻关", [("research", "开展", "关键核心技术攻关")]),
    ("统筹推进产业发展重大任务", [("coordinate", "统筹", "推进产业发展重大任务")]),
    ("支持企业建设算法创新基地", [("encourage", "支持", "企业建设算法创新基地")]),
    ("举办人工智能算法大赛", [("publicise-cooperate", "举办", "人工智能算法大赛")]),
    # a frame sets the scene and has no action of its own
    ("依托现有创新平台,打造海洋大模型体系", [("research", "打造", "海洋大模型体系")]),
])
def test_leading_actions(text, want):
    assert [(a.action, a.verb, a.object) for a in actions_in(text)] == want


def test_every_action_verb_points_into_the_scheme():
    known = set(scheme())
    for v in verbs().values():
        if v.mode not in ("adverb", "frame"):
            assert v.action in known, v.verb
            assert all(a in known for _cue, a in v.cues), v.verb


def test_seed_tasks_lead_with_actions(seed_docs):
    tasks = [t for d in seed_docs.values() for t in d.tasks]
    with_actions = [t for t in tasks if t.actions]
    assert len(with_actions) >= 0.95 * len(tasks)
    first = seed_docs["000_447c546ad0059f4a.txt"].tasks[0]
    assert (first.actions[0].action, first.actions[0].verb, first.actions[0].object) == (
        "build-infrastructure", "布局", "智算中心")
