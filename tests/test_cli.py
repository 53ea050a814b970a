"""The kg command as a user runs it: the contract, determinism, errors, the build."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from tests.conftest import SEEDS


def jsonl(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines() if line.strip()]


def test_extract_prints_the_contract(cli):
    result = cli("extract", *sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert result.exit_code == 0
    recs = jsonl(result.stdout)
    assert {r["type"] for r in recs} == {"task", "target"}
    tasks = [r for r in recs if r["type"] == "task"]
    assert {r["doc"] for r in tasks} == {"000_447c546ad0059f4a.txt", "001_189a3258d8634c8e.txt",
                                         "003_ff2894e512514074.txt", "004_f07e0568717fa65d.txt"}
    for r in tasks:
        assert set(r) >= {"doc", "path", "title", "text", "units", "etc"}
        for u in r["units"]:
            assert set(u) >= {"mention", "role", "agency", "iri"}
            assert u["role"] in ("lead", "responsible", "cooperate")
    first = tasks[0]
    assert first["path"] == "二/(一)/1" and first["title"] == "统筹布局智算中心"
    assert first["units"][0] == {
        "mention": "市工业和信息化局", "role": "responsible", "agency": "青岛市工业和信息化局",
        "iri": "https://w3id.org/policy-kg/agency/青岛市工业和信息化局", "kind": "department"}


def test_extract_is_byte_identical_across_runs_and_input_orders(cli):
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    a = cli("extract", *files).stdout
    b = cli("extract", *reversed(files)).stdout
    c = cli("extract", str(SEEDS)).stdout
    assert a == b == c


def test_extract_plan_lines(cli):
    recs = jsonl(cli("extract", "--plan-lines", str(SEEDS / "003_ff2894e512514074.txt")).stdout)
    plan = recs[0]
    assert plan["type"] == "plan" and plan["doc_number"] == "鲁科字〔2024〕131号"
    assert plan["period"] == [2025, 2027] and plan["jurisdiction"] == "山东省"


def test_bad_files_are_reported_and_the_rest_still_processed(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    shutil.copy(SEEDS / "000_447c546ad0059f4a.txt", tmp_path / "good.txt")
    result = cli("extract", str(tmp_path))
    assert result.exit_code == 1
    assert {r["doc"] for r in jsonl(result.stdout)} == {"good.txt"}
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert errors[0].startswith("kg: empty.txt:") and "empty" in errors[0]
    assert errors[1].startswith("kg: image.txt:") and "binary" in errors[1]


def test_directory_without_plans_and_missing_path(cli, tmp_path):
    (tmp_path / "notes.csv").write_text("a,b\n")
    result = cli("extract", str(tmp_path), str(tmp_path / "nope.txt"))
    assert result.exit_code == 1
    assert "no plan files" in result.stderr and "no such file" in result.stderr


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())
            if p.is_file()}


def test_build_writes_graph_and_coverage_byte_stable(cli, tmp_path):
    out1, out2 = tmp_path / "a", tmp_path / "b"
    files = sorted(str(p) for p in SEEDS.glob("*.txt"))
    r1 = cli("build", *files, "--out", str(out1), "-q")
    r2 = cli("build", *reversed(files), "--out", str(out2), "-q")
    assert r1.exit_code == 0 and r2.exit_code == 0
    names = set(_digest(out1))
    assert {"graph.ttl", "graph.nt", "graph.jsonld", "graph.trig", "context.jsonld",
            "coverage.md", "coverage.json"} <= names
    assert _digest(out1) == _digest(out2)
    report = json.loads((out1 / "coverage.json").read_text(encoding="utf-8"))
    assert report["totals"]["documents"] == 5
    assert report["totals"]["notes_found"] == report["totals"]["notes_on_tasks"] + \
        report["totals"]["notes_on_plan"]
    assert "## 004_f07e0568717fa65d.txt" in (out1 / "coverage.md").read_text(encoding="utf-8")


def test_build_progress_names_each_file(cli, tmp_path):
    result = cli("build", str(SEEDS), "--out", str(tmp_path))
    lines = [ln for ln in result.stderr.splitlines() if ln.startswith("[")]
    # files finish in any order when extracted in parallel; each is named once, counted to 5
    assert sorted(ln.split("] ")[1] for ln in lines) == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert [ln.split("]")[0] for ln in lines] == [f"[{i}/5" for i in range(1, 6)]


def test_build_with_nothing_readable_fails(cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("build", str(tmp_path), "--out", str(tmp_path / "out"), "-q")
    assert result.exit_code == 1
    assert "no plans were read" in result.stderr


def test_help_teaches(cli):
    top = cli("--help").stdout
    assert "kg extract" in top and "kg build" in top
    ext = cli("extract", "--help").stdout
    assert "lead" in ext and "cooperate" in ext and "Example" in ext


def test_incremental_build_reextracts_only_what_changed(tmp_path):
    from kg.build import build

    plans = tmp_path / "plans"
    shutil.copytree(SEEDS, plans)
    out, clean = tmp_path / "out", tmp_path / "clean"
    first = build([plans], out, incremental=True)
    assert (first.corpus.stats.extracted, first.corpus.stats.cached) == (5, 0)
    again = build([plans], out, incremental=True)
    assert (again.corpus.stats.extracted, again.corpus.stats.cached) == (0, 5)
    touched = plans / "000_447c546ad0059f4a.txt"
    touched.write_text(touched.read_text(encoding="utf-8").replace("市教育局)", "市教育局、市体育局)"),
                       encoding="utf-8")
    third = build([plans], out, incremental=True)
    assert (third.corpus.stats.extracted, third.corpus.stats.cached) == (1, 4)
    build([plans], clean)
    assert _digest(out) == _digest(clean)
    assert "青岛市体育局" in (out / "graph.ttl").read_text(encoding="utf-8")


def test_parallel_build_equals_serial(tmp_path):
    from kg.build import build

    build([SEEDS], tmp_path / "serial", workers=1)
    build([SEEDS], tmp_path / "parallel", workers=3)
    assert _digest(tmp_path / "serial") == _digest(tmp_path / "parallel")
