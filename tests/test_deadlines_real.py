"""Deadlines in real plans from other provinces and domains, against hand-checked expectations.

Each excerpt in tests/data/deadlines was collected for this purpose (see the README
there); the expectation lists every task's units and every completion time a
person reads in it, with its normal form and the units it binds.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import extract_file
from kg.contract import records
from kg.ingest import _t2s

DATA = Path(__file__).resolve().parent / "data" / "deadlines"
CASES = sorted(DATA.glob("*.expected.json"))


def _simplified(doc, s: str) -> str:
    return _t2s().convert(s) if doc.converted else s


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_real_plan_deadlines(case):
    exp = json.loads(case.read_text(encoding="utf-8"))
    assert exp["source"].startswith("http") and exp["retrieved"]
    doc = extract_file(DATA / exp["doc"])
    got = {r["path"]: r for r in records(doc)}
    extra = set(exp.get("known_extra_tasks", {}))
    assert set(got) - extra == {t["path"] for t in exp["tasks"]}, "task paths differ"
    for task in exp["tasks"]:
        rec = got[task["path"]]
        units = [[_simplified(doc, m), r] for m, r in task["units"]]
        assert [[u["mention"], u["role"]] for u in rec["units"]] == units, task["path"]
        want = []
        for d in task["deadlines"]:
            norm = {k: d[k] for k in ("date", "start", "end", "recurrence", "year_from") if k in d}
            want.append((_simplified(doc, d["text"]), norm, bool(d.get("problem")),
                         [_simplified(doc, m) for m in d["units"]]))
        have = []
        for d in rec["deadlines"]:
            norm = {k: d[k] for k in ("date", "start", "end", "recurrence", "year_from") if k in d}
            have.append((d["text"], norm, "problem" in d, [rec["units"][k]["mention"] for k in d["units"]]))
        assert have == want, task["path"]


def test_the_real_plans_cover_every_place_a_deadline_is_written():
    assert len(CASES) >= 6
    # a note, the task's own text, a standing commitment, a range, a year taken from the plan
    texts = [d for c in CASES for t in json.loads(c.read_text(encoding="utf-8"))["tasks"]
             for d in t["deadlines"]]
    assert any("recurrence" in d for d in texts)
    assert any("start" in d for d in texts)
    assert any(d.get("year_from") for d in texts)
    assert any(d.get("problem") for d in texts)
