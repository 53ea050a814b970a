"""The five seeds against hand-checked expectations (tests/data/seeds_expected.json)."""

from __future__ import annotations

import pytest

from kg.contract import records

SEED_NAMES = ["000_447c546ad0059f4a.txt", "001_189a3258d8634c8e.txt", "002_d592eefb1c7a7cc1.txt",
              "003_ff2894e512514074.txt", "004_f07e0568717fa65d.txt"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_tasks_and_units(name, seed_docs, seed_expectations):
    doc = seed_docs[name]
    got = [
        {"path": r["path"], "title": r["title"],
         "units": [[u["mention"], u["role"], u["agency"]] for u in r["units"]], "etc": r["etc"]}
        for r in records(doc)
    ]
    assert got == seed_expectations[name]["tasks"]


@pytest.mark.parametrize("name", SEED_NAMES)
def test_every_note_is_accounted_for(name, seed_docs):
    doc = seed_docs[name]
    for note in doc.notes:
        assert note.owner is not None
        assert note.units, doc.text[note.span.start : note.span.end]
        assert not note.fragments
    assert not [p for p in doc.problems if p.kind in ("unparsed-note", "note-fragment")]


def test_every_bracket_that_names_a_role_is_a_note(seed_docs):
    """No bracket with 单位/牵头/负责 in a seed is left out of the notes."""
    from kg.text import bracket_groups

    for doc in seed_docs.values():
        starts = {n.span.start for n in doc.notes}
        for a, b in bracket_groups(doc.text):
            inner = doc.text[a:b]
            if any(w in inner for w in ("责任单位", "牵头单位", "按职责分工负责")):
                assert a in starts, (doc.name, inner)


def test_news_seed_has_no_tasks(seed_docs):
    doc = seed_docs["002_d592eefb1c7a7cc1.txt"]
    assert doc.metadata.genre == "news"
    assert doc.tasks == []


def test_seed_metadata(seed_docs):
    qd = seed_docs["000_447c546ad0059f4a.txt"].metadata
    assert (qd.doc_number, qd.issuers, qd.date, qd.period) == (
        "青政办字〔2024〕21号", ["青岛市人民政府办公厅"], "2024-05-31", (2024, 2026))
    assert qd.jurisdiction.name == "青岛市" and qd.jurisdiction.parent.name == "山东省"
    sd = seed_docs["003_ff2894e512514074.txt"].metadata
    assert len(sd.issuers) == 18
    assert sd.issuers[0] == "山东省科学技术厅" and sd.issuers[-1] == "国家金融监督管理总局山东监管局"
    assert sd.jurisdiction.name == "山东省" and sd.period == (2025, 2027)
    fz = seed_docs["004_f07e0568717fa65d.txt"].metadata
    assert fz.title == "福州市促进人工智能产业创新发展行动方案(2024—2026年)"
    assert fz.jurisdiction.name == "福州市" and fz.date == "2024-03-20"
    jn = seed_docs["001_189a3258d8634c8e.txt"].metadata
    assert jn.jurisdiction.name == "济南市" and jn.period == (2020, 2022)
    news = seed_docs["002_d592eefb1c7a7cc1.txt"]
    assert news.metadata.jurisdiction.name == "青岛市"
    assert not any("Copyright" in ln or "更多" in ln for ln in news.text.split("\n"))


def test_fuzhou_closing_line_governs_the_plan(seed_docs):
    doc = seed_docs["004_f07e0568717fa65d.txt"]
    plan_units = [u.agency.name for i in doc.plan_notes for u in doc.notes[i].units]
    assert plan_units == ["福州市大数据委"]
    assert not any(t.path.startswith("政策") for t in doc.tasks)
