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
CONSTRUCTED = Path(__file__).resolve().parent / "data" / "constructed"
CASES = sorted(CORPUS.glob("*.expected.json")) + sorted(CONSTRUCTED.glob("*.expected.json"))


@pytest.mark.parametrize("case", CASES, ids=[c.name.split(".")[0] for c in CASES])
def test_corpus_document(case):
    exp = json.loads(case.read_text(encoding="utf-8"))
    doc = extract_file(case.parent / exp["doc"])
    got = {r["path"]: [[u["mention"], u["role"]] for u in r["units"]] for r in records(doc)}
    want = {t["path"]: [list(u)[:2] for u in t["units"]] for t in exp["tasks"]}
    # an expectation may also name the body a mention stands for: ours must end with it
    # (青岛市崂山区人民政府 for 崂山区人民政府 — the city is the qualifier we add)
    agencies = {r["path"]: [u["agency"] for u in r["units"]] for r in records(doc)}
    for t in exp["tasks"]:
        for k, u in enumerate(t["units"]):
            if len(u) > 2 and t["path"] in agencies and k < len(agencies[t["path"]]):
                assert agencies[t["path"]][k].endswith(u[2]), (t["path"], u, agencies[t["path"]][k])
    if doc.converted:
        want = {p: [[_t2s().convert(m), r] for m, r in us] for p, us in want.items()}
    assert list(got) == list(want), "task paths differ"
    for path in want:
        assert got[path] == want[path], path
    etc = {t["path"]: t.get("etc", False) for t in exp["tasks"]}
    assert {r["path"]: r["etc"] for r in records(doc)} == etc


def test_the_corpus_is_not_empty():
    assert len(list(CORPUS.glob("*.expected.json"))) >= 40
    assert len(list(CONSTRUCTED.glob("*.expected.json"))) >= 50


SHAPED = [c for c in CASES if "must_not_contain" in json.loads(c.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("case", SHAPED, ids=[c.name.split(".")[0] for c in SHAPED])
def test_saved_pages_and_word_files_keep_the_plan_and_drop_the_site(case):
    """HTML pages (GB2312-declared too), GBK text with CRLF, .docx: the plan's title as a
    reader would give it, and none of the page's furniture in any task."""
    exp = json.loads(case.read_text(encoding="utf-8"))
    doc = extract_file(case.parent / exp["doc"])
    texts = "\n".join(r["text"] + r["title"] for r in records(doc) if r["type"] == "task")
    assert exp["must_not_contain"] and not [s for s in exp["must_not_contain"] if s in texts]
    assert doc.metadata.title.replace(" ", "") == exp["title"].replace(" ", "")
