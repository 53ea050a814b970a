"""The development corpus: real plans from other jurisdictions, hand-checked.

Each document in tests/data/corpus has an expectation written by reading the text
(see tests/data/corpus/README.md); the extractor must give exactly those tasks and,
for each, exactly those units with those roles, in written order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg import extract_file
from kg.contract import records
from kg.ingest import _t2s

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"
CASES = sorted(CORPUS.glob("*.expected.json"))


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_corpus_document(case):
    exp = json.loads(case.read_text(encoding="utf-8"))
    doc = extract_file(CORPUS / exp["doc"])
    got = {r["path"]: [[u["mention"], u["role"]] for u in r["units"]] for r in records(doc)}
    want = {t["path"]: [list(u) for u in t["units"]] for t in exp["tasks"]}
    if doc.converted:
        want = {p: [[_t2s().convert(m), r] for m, r in us] for p, us in want.items()}
    assert list(got) == list(want), "task paths differ"
    for path in want:
        assert got[path] == want[path], path
    etc = {t["path"]: t.get("etc", False) for t in exp["tasks"]}
    assert {r["path"]: r["etc"] for r in records(doc)} == etc


def test_the_corpus_is_not_empty():
    assert len(CASES) >= 20
