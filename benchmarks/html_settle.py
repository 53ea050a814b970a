"""How long the offline graph page takes to settle, for the seeds and a large corpus.

Builds graph.html for the seeds and for N synthetic plans (benchmarks/synth_plans.py,
1,000 by default), opens each in headless Chromium with the network blocked, and
prints the page's size and the time from navigation to the moment its layout stops
(the page's own ``performance.now()`` when vis-network's stabilisation ends, and the
wall-clock time seen from outside), for the view the page opens on and for the views
an analyst switches to next.

    python benchmarks/html_settle.py [--plans 1000] [--seed 0]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synth_plans import generate  # noqa: E402
from kg.build import load  # noqa: E402
from kg.export.html import write_html  # noqa: E402
from kg.graph.network import analyse, corpus_view  # noqa: E402
from tests.chromium import Chromium, find_chromium  # noqa: E402


def build_page(inputs: list[Path], out: Path) -> tuple[Path, dict[str, int], float]:
    t0 = time.perf_counter()
    corpus = load(inputs)
    plans = corpus_view(corpus.docs)
    analytics = analyse(plans)
    page = write_html(plans, analytics, out)[0]
    counts = {"plans": len(plans), "tasks": sum(len(p.tasks) for p in plans),
              "bodies": len(analytics.workload)}
    return page, counts, time.perf_counter() - t0


def measure(binary: str, page: Path) -> list[tuple[str, float, float, int, int]]:
    """(what, page ms, wall s, nodes, edges) for the opening view and the next ones."""
    rows = []
    with Chromium(binary) as browser:
        t0 = time.perf_counter()
        browser.open(page.resolve().as_uri(), timeout=600)
        info = browser.wait_for("window.kgSettled", timeout=600)
        rows.append((f"open → {info['view']} view", info["ms"], time.perf_counter() - t0,
                     info["nodes"], info["edges"]))
        steps = [
            ("full view of one plan", "kg.state.plan = '0'; kg.setView('full')"),
            ("agency view, busiest body", "kg.state.plan = ''; kg.openAgency(kg.data.ranking[0])"),
            ("aggregated view, all plans", "kg.setView('agg')"),
        ]
        for label, js in steps:
            seq = browser.evaluate("kgSettled.seq")
            start = browser.evaluate("performance.now()")
            t0 = time.perf_counter()
            browser.evaluate(js)
            info = browser.wait_for(f"kgSettled.seq > {seq} && kgSettled", timeout=600)
            rows.append((label, info["ms"] - start, time.perf_counter() - t0, info["nodes"], info["edges"]))
        errors = browser.errors()
        requests = [u for u in browser.requests() if u != page.resolve().as_uri()]
        if errors or requests:
            print(f"  !! errors {errors} requests {requests}")
    return rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--plans", type=int, default=1000, help="synthetic plans to generate (default 1000)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    binary = find_chromium()
    if binary is None:
        print("no chromium binary: apt-get install chromium", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="kg-settle-") as tmp:
        work = Path(tmp)
        synth = work / "synth"
        generate(args.plans, synth, args.seed)
        for name, inputs in (("seeds", [ROOT / "seeds"]), (f"{args.plans} synthetic plans", [synth])):
            out = work / name.replace(" ", "_")
            out.mkdir()
            page, counts, build_s = build_page(inputs, out)
            size = page.stat().st_size
            print(f"{name}: {counts['plans']} plans, {counts['tasks']} tasks, {counts['bodies']} bodies; "
                  f"graph.html {size / 1e6:.2f} MB, written in {build_s:.1f} s")
            for label, page_ms, wall_s, nodes, edges in measure(binary, page):
                print(f"  {label:30} settled in {page_ms / 1000:6.2f} s (page clock), {wall_s:6.2f} s wall; "
                      f"{nodes} nodes, {edges} edges")
    return 0


if __name__ == "__main__":
    sys.exit(main())
