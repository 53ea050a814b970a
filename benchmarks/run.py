"""Build and query benchmark on synthetic plans, printed side by side in one run.

    python benchmarks/run.py                 # 1,000 plans (about ten minutes on 2 cores)
    python benchmarks/run.py --plans 50      # a quick look

What it measures, each figure beside the one it is judged against:

- **build**: ``kg.build.build`` over the plans (extract, RDF, SHACL validation, every export),
  clean with one worker, clean with every core, then incremental after one plan changed
  (when build() has ``workers=`` / ``incremental=``); MB/s and plans/s, and peak memory
  (ru_maxrss of the building process, and of its largest worker). Each build runs in a
  fresh process, so one's memory does not count in another's.
- **jieba**: one single-process ``jieba.lcut`` pass over the same text in the same run (the
  dictionary loaded first and timed apart). The ratio build time / jieba time is the figure.
- **stages**: where one build's time goes (extract, RDF graph, SHACL, RDF exports, coverage, views),
  on the first 100 plans in one process.
- **queries**: p50 / p95 latency of every canned query (kg/queries/*.rq) on the built graph:
  the embedded Oxigraph store (``kg.query.run``, as ``kg query`` does), the same through
  ``kg serve`` over HTTP, and rdflib's own SPARQL engine on the same TriG. rdflib gets a
  time budget a query (it can take minutes a query on a large graph); a query whose first
  run did not end within it is reported as such.
"""

from __future__ import annotations

import argparse
import inspect
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from generate import generate  # noqa: E402

BUILD_CHILD = r"""
import json, resource, sys, time
from kg.build import build
args = json.loads(sys.argv[1])
started = time.perf_counter()
result = build([args["inputs"]], args["out"], **args["options"])
seconds = time.perf_counter() - started
c = result.corpus
stats = getattr(c, "stats", None)
print(json.dumps({
    "seconds": seconds, "docs": len(c.docs), "tasks": sum(len(d.tasks) for d in c.docs),
    "triples": len(result.dataset), "errors": len(c.errors),
    "extracted": getattr(stats, "extracted", None), "cached": getattr(stats, "cached", None),
    "rss_self_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rss_children_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""

STAGES_CHILD = r"""
import json, sys, time
from pathlib import Path
from kg.build import load
from kg.coverage import build_report, to_json, to_markdown
from kg.export.rdf import write_rdf
from kg.graph.rdf import build_dataset
from kg.validate import validate_dataset
args = json.loads(sys.argv[1])
files = sorted(Path(args["inputs"]).glob("*.txt"))[: args["plans"]]
times = {}
t = time.perf_counter(); corpus = load(files); times["extract (kg pipeline)"] = time.perf_counter() - t
t = time.perf_counter(); ds = build_dataset(corpus.docs, corpus.agencies)
times["RDF graph (in-memory quads)"] = time.perf_counter() - t
t = time.perf_counter(); validate_dataset(ds)
times["SHACL validation (pyshacl)"] = time.perf_counter() - t
t = time.perf_counter(); write_rdf(ds, Path(args["out"]))
times["exports: Turtle, N-Triples, JSON-LD, TriG (Oxigraph)"] = time.perf_counter() - t
t = time.perf_counter(); report = build_report(corpus.docs, corpus.errors)
to_json(report); to_markdown(report)
times["coverage report"] = time.perf_counter() - t
try:
    from kg.export.views import write_views
except ImportError:
    write_views = None
if write_views is not None:
    t = time.perf_counter(); write_views(corpus, Path(args["out"]))
    times["views: HTML page, tables, network exports"] = time.perf_counter() - t
print(json.dumps({"plans": len(files), "triples": len(ds), "times": times}))
"""

RDFLIB_CHILD = r"""
import json, os, select, signal, sys, time
from rdflib import Dataset
args = json.loads(sys.argv[1])
started = time.perf_counter()
ds = Dataset(default_union=True)
ds.parse(args["trig"], format="trig")
print(json.dumps({"load": time.perf_counter() - started}), flush=True)
for name, query in args["queries"].items():
    # each query in a fork of the loaded graph, killed at its budget (rdflib cannot be interrupted)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        times, deadline = [], time.perf_counter() + args["budget"]
        for _ in range(args["repeat"]):
            t = time.perf_counter()
            rows = len(list(ds.query(query)))
            times.append(time.perf_counter() - t)
            os.write(w, (json.dumps({"times": times, "rows": rows}) + "\n").encode())
            if time.perf_counter() + times[-1] > deadline:
                break
        os._exit(0)
    os.close(w)
    buf, deadline = b"", time.monotonic() + args["budget"]
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([r], [], [], left)[0]:
            break
        chunk = os.read(r, 1 << 16)
        if not chunk:
            break
        buf += chunk
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
    os.close(r)
    lines = [ln for ln in buf.decode().splitlines() if ln]
    rec = json.loads(lines[-1]) if lines else {"times": [], "rows": 0}
    print(json.dumps({"query": name, **rec}), flush=True)
"""


def machine() -> str:
    mem = ""
    try:
        kib = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:"))
        mem = f", {kib / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration):
        pass
    return (f"{os.cpu_count()} CPUs{mem}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.machine()}")


def build_in_child(inputs: Path, out: Path, options: dict) -> dict:
    done = subprocess.run([sys.executable, "-c", BUILD_CHILD,
                           json.dumps({"inputs": str(inputs), "out": str(out), "options": options})],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        sys.exit(f"the build failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stages_in_child(inputs: Path, out: Path, plans: int) -> dict | None:
    """Where one build's time goes, stage by stage, on the first ``plans`` plans (one process).

    Calls kg's stage functions as build() does; None if their names have moved."""
    done = subprocess.run([sys.executable, "-c", STAGES_CHILD,
                           json.dumps({"inputs": str(inputs), "out": str(out), "plans": plans})],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def jieba_pass(files: list[Path]) -> tuple[float, float, int]:
    """(dictionary load seconds, pass seconds, tokens) for one process over every file."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    t = time.perf_counter()
    jieba.initialize()
    init = time.perf_counter() - t
    texts = [f.read_text(encoding="utf-8") for f in files]
    t = time.perf_counter()
    tokens = sum(len(jieba.lcut(text)) for text in texts)
    return init, time.perf_counter() - t, tokens


def percentile(times: list[float], p: float) -> float:
    """Nearest-rank percentile, in milliseconds."""
    ordered = sorted(times)
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k] * 1000


def bound_queries(exports: Path) -> dict[str, str]:
    """Every canned query with its parameters bound to values found in this graph."""
    from kg.query import bind, canned, open_store, parameters, run
    from kg.serve import example

    store = open_store(exports)
    busiest = run(store, canned()["workload"]).rows[0]["agencyLabel"] or "大数据局"
    out = {}
    for name, text in canned().items():
        values = {p: busiest if p == "agencyName" else example(text, p) for p in parameters(text)}
        bound = bind(text, values)
        # the bound text is a plain query: its "# Parameter" lines would ask kg.query.run for values
        out[name] = "\n".join(ln for ln in bound.splitlines() if not ln.startswith("# Parameter"))
    return out


def embedded_latency(exports: Path, queries: dict[str, str], repeat: int) -> dict[str, tuple[list, int]]:
    from kg.query import open_store, run

    store = open_store(exports)
    out = {}
    for name, query in queries.items():
        run(store, query)  # warm
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            rows = len(run(store, query).rows)
            times.append(time.perf_counter() - t)
        out[name] = (times, rows)
    return out


def http_latency(exports: Path, queries: dict[str, str], repeat: int) -> dict[str, tuple[list, int]]:
    import http.client

    from kg.serve import running

    out = {}
    with running(graph=exports, port=0, timeout=120, max_rows=10_000_000, workers=1, quiet=True) as srv:
        host, port = srv.server_address[:2]
        conn = http.client.HTTPConnection(host, port, timeout=300)
        for name, query in queries.items():
            body = urlencode({"query": query}).encode("utf-8")
            headers = {"Content-Type": "application/x-www-form-urlencoded",
                       "Accept": "application/sparql-results+json"}
            times, rows = [], 0
            for i in range(repeat + 1):
                t = time.perf_counter()
                conn.request("POST", "/sparql", body, headers)
                response = conn.getresponse()
                data = response.read()
                if i:  # the first is the warm-up
                    times.append(time.perf_counter() - t)
                if response.status != 200:
                    sys.exit(f"kg serve answered {response.status} to {name}: {data[:300]!r}")
            rows = len(json.loads(data)["results"]["bindings"])
            out[name] = (times, rows)
        conn.close()
    return out


def rdflib_latency(exports: Path, queries: dict[str, str], repeat: int,
                   budget: float) -> tuple[float | None, dict[str, tuple[list, int]]]:
    """rdflib in a child process: (load seconds, per-query times). Each query gets ``budget``
    seconds (in a fork of the loaded graph, killed at the budget); a query whose first run
    does not end within it has no times."""
    import selectors

    args = {"trig": str(exports / "graph.trig"), "queries": queries, "repeat": repeat, "budget": budget}
    proc = subprocess.Popen([sys.executable, "-c", RDFLIB_CHILD, json.dumps(args)], stdout=subprocess.PIPE,
                            text=True, cwd=ROOT)
    load, out = None, {}
    deadline = time.monotonic() + 1800 + budget * len(queries)  # loading 2M triples takes about a minute
    assert proc.stdout is not None
    sel = selectors.DefaultSelector()
    sel.register(proc.stdout, selectors.EVENT_READ)
    while time.monotonic() < deadline:
        if not sel.select(timeout=max(0.0, deadline - time.monotonic())):
            break
        line = proc.stdout.readline()
        if not line:
            break
        rec = json.loads(line)
        if "load" in rec:
            load = rec["load"]
        else:
            out[rec["query"]] = (rec["times"], rec["rows"])
    if proc.poll() is None:
        proc.kill()  # its own process id: past every budget
    proc.wait()
    return load, out


def fmt_ms(times: list[float] | None) -> str:
    if not times:
        return f"{'—':>9} {'—':>9}"
    return f"{percentile(times, 50):9.2f} {percentile(times, 95):9.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plans", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--repeat", type=int, default=30, help="runs of each query (embedded and HTTP)")
    ap.add_argument("--rdflib-repeat", type=int, default=5)
    ap.add_argument("--rdflib-budget", type=float, default=120.0,
                    help="seconds rdflib may spend on each query (its runs stop there)")
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                    help="processes for the parallel build")
    ap.add_argument("--stage-plans", type=int, default=100,
                    help="plans for the stage-by-stage breakdown of one build")
    ap.add_argument("--keep", type=Path, default=None, help="folder to keep the plans and builds in")
    args = ap.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    plans_dir = folder / "plans"
    files = generate(plans_dir, args.plans, args.seed)
    mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"policy-kg benchmark: {len(files)} synthetic plans (seed {args.seed}), {mb:.1f} MB of text")
    print(f"machine: {machine()}", flush=True)

    from kg.build import build

    params = inspect.signature(build).parameters
    has_workers, has_incremental = "workers" in params, "incremental" in params
    builds: list[tuple[str, dict]] = []
    one = {"workers": 1} if has_workers else {}
    builds.append(("clean, 1 worker", build_in_child(plans_dir, folder / "clean-1", one)))
    print(f"  built: {builds[-1][1]['seconds']:.1f} s", flush=True)
    inc_out = folder / "clean-n"
    if has_workers or has_incremental:
        opts = {"workers": args.workers} if has_workers else {}
        if has_incremental:
            opts["incremental"] = True
        label = f"clean, {args.workers} workers" if has_workers else "clean"
        builds.append((label + (", filling the cache" if has_incremental else ""),
                       build_in_child(plans_dir, inc_out, opts)))
        print(f"  built: {builds[-1][1]['seconds']:.1f} s", flush=True)
    if has_incremental:
        changed = files[len(files) // 2]
        text = changed.read_text(encoding="utf-8")
        changed.write_text(text.replace("责任单位:", "责任单位:各有关单位、", 1), encoding="utf-8")
        builds.append(("incremental, 1 plan changed", build_in_child(plans_dir, inc_out, opts)))
        print(f"  built: {builds[-1][1]['seconds']:.1f} s", flush=True)

    stages = stages_in_child(plans_dir, folder / "stages", min(args.stage_plans, len(files)))
    init, jieba_s, tokens = jieba_pass(files)
    first = builds[0][1]
    exports = folder / "clean-1"
    queries = bound_queries(exports)
    embedded = embedded_latency(exports, queries, args.repeat)
    served = http_latency(exports, queries, args.repeat)
    print(f"  queries timed; rdflib now ({args.rdflib_budget:g} s a query at most)", flush=True)
    rdf_load, rdf = rdflib_latency(exports, queries, args.rdflib_repeat, args.rdflib_budget)

    print()
    print(f"graph: {first['triples']:,} triples, {first['tasks']:,} tasks in {first['docs']} plans "
          f"({first['errors']} unreadable)")
    print()
    print(f"{'build (kg.build.build)':38} {'seconds':>9} {'MB/s':>7} {'plans/s':>8} {'× jieba':>8}  "
          f"{'peak RSS main / worker':>24}")
    for label, b in builds:
        workers_rss = f"{b['rss_children_kib'] / 1024:,.0f} MiB" if b["rss_children_kib"] else "—"
        note = ""
        if b.get("extracted") is not None:
            note = f"  ({b['extracted']} extracted, {b['cached']} from cache)"
        rss = f"{b['rss_self_kib'] / 1024:>9,.0f} MiB / {workers_rss:>9}"
        print(f"  {label:36} {b['seconds']:9.1f} {mb / b['seconds']:7.2f} {b['docs'] / b['seconds']:8.1f} "
              f"{b['seconds'] / jieba_s:8.1f}  {rss}{note}")
    print(f"  {'jieba.lcut, 1 process, same text':36} {jieba_s:9.1f} {mb / jieba_s:7.2f} "
          f"{len(files) / jieba_s:8.1f} {1:8.1f}  ({tokens:,} tokens; dictionary load {init:.1f} s apart)")
    if stages:
        total = sum(stages["times"].values())
        print(f"\nwhere a build's time goes ({stages['plans']} plans, {stages['triples']:,} triples, "
              f"1 process, {total:.1f} s):")
        for stage, seconds in stages["times"].items():
            print(f"  {stage:52} {seconds:7.1f} s {100 * seconds / total:5.1f} %")
    print()
    print(f"{'canned query latency, ms':22} {'rows':>7}  {'embedded Oxigraph':>19}  {'kg serve (HTTP)':>19}  "
          f"{'rdflib SPARQL':>19}")
    print(f"{'':22} {'':>7}  {'p50':>9} {'p95':>9}  {'p50':>9} {'p95':>9}  {'p50':>9} {'p95':>9}  runs")
    for name in queries:
        times, rows = embedded[name]
        rtimes, _ = rdf.get(name, (None, 0))
        runs = f"{len(rtimes)}" if rtimes else f"none within {args.rdflib_budget:g} s"
        print(f"  {name:20} {rows:7,}  {fmt_ms(times)}  {fmt_ms(served[name][0])}  {fmt_ms(rtimes)}  {runs}")
    print(f"  (embedded and HTTP: {args.repeat} runs each after a warm-up; rdflib loaded the TriG in "
          + (f"{rdf_load:.0f} s" if rdf_load is not None else "more than the budget") + ")")
    print(f"\nplans and builds in {folder}")


if __name__ == "__main__":
    main()
