"""The benchmark's synthetic plans are deterministic and read like real ones; run.py runs in one go."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import load
from kg.query import canned

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402


def test_same_seed_same_bytes_other_seed_other_plans(tmp_path):
    a = [p.read_bytes() for p in generate(tmp_path / "a", 8, seed=3)]
    b = [p.read_bytes() for p in generate(tmp_path / "b", 8, seed=3)]
    c = [p.read_bytes() for p in generate(tmp_path / "c", 8, seed=4)]
    assert a == b and a != c


@pytest.fixture(scope="module")
def plans(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("plans"), 40, seed=11)


def test_the_plans_have_the_shapes_of_real_ones(plans):
    text = "\n".join(p.read_text(encoding="utf-8") for p in plans)
    for marker in (r"^一、", r"^\(一\)", r"^1\.", r"^\(1\)", r"^①"):
        assert re.search(marker, text, flags=re.M), marker
    for form in ("(责任单位:", "(牵头单位:", "配合单位:", "按职责分工负责)", "牵头,", "等)", "各有关单位"):
        assert form in text, form
    assert re.search(r"[市省区县](发改委|工信局|人社局|卫健委)", text)  # abbreviations


def test_the_extractor_understands_them(plans):
    corpus = load(plans)
    assert len(corpus.docs) == 40 and not corpus.errors
    assert sum(len(d.problems) for d in corpus.docs) == 0
    tasks = [t for d in corpus.docs for t in d.tasks]
    assert len(tasks) > 600
    owned = [t for d in corpus.docs for t in d.tasks if t.units(d)]
    assert len(owned) / len(tasks) > 0.8
    places = {d.metadata.jurisdiction.name for d in corpus.docs if d.metadata.jurisdiction}
    assert len(places) >= 30  # jurisdictions vary
    levels = {len(d.metadata.jurisdiction.code.rstrip("0")) for d in corpus.docs if d.metadata.jurisdiction}
    assert len(levels) >= 2


def test_run_prints_its_figures_in_one_go(tmp_path):
    args = ["--plans", "3", "--repeat", "2", "--rdflib-repeat", "1", "--rdflib-budget", "120",
            "--keep", str(tmp_path)]
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), *args],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    assert "policy-kg benchmark: 3 synthetic plans" in out
    assert re.search(r"clean, 1 worker +[\d.]+ +[\d.]+ +[\d.]+ +[\d.]+ +[\d,]+ MiB", out), out
    assert re.search(r"jieba\.lcut, 1 process, same text +[\d.]+", out)
    for name in canned():
        six_figures = r" +[\d.]+" * 6
        assert re.search(rf"^  {name} +[\d,]+{six_figures} +1$", out, re.M), out
