"""The synthetic plans behind benchmarks/html_settle.py read as real plans do."""

from __future__ import annotations

from benchmarks.synth_plans import generate
from kg.build import load
from kg.graph.network import corpus_view


def test_synthetic_plans_extract_fully(tmp_path):
    paths = generate(5, tmp_path, seed=3)
    assert [p.name for p in paths] == [f"synth_{i:05d}.txt" for i in range(5)]
    assert generate(5, tmp_path / "again", seed=3)[0].read_text() == paths[0].read_text()
    corpus = load([tmp_path])
    assert not corpus.errors
    plans = corpus_view(d for d in corpus.docs if d.name.startswith("synth"))[:5]
    assert len(plans) == 5
    for plan in plans:
        assert plan.jurisdiction_name.endswith("市")
        assert len(plan.tasks) >= 8
        assert all(t.assignments for t in plan.tasks)
        # every body resolved into the plan's own city (party organs are 中共{city}委…)
        assert all(a.agency.name.removeprefix("中共").startswith(plan.jurisdiction_name)
                   for t in plan.tasks for a in t.assignments if a.agency.kind != "collective")
