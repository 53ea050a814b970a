"""The ``kg`` command: a thin layer of click commands over the kg package.

Every command reads plans (UTF-8 or GB18030 text, saved HTML pages, .docx) given as
files or directories; a file that cannot be read is reported on standard error with
its name and the command exits non-zero, while the other files are still processed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg import __version__

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _progress_printer(enabled: bool):
    """Progress on standard error: a bar in a terminal, a line per file otherwise."""
    if not enabled:
        return None, None
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        bar = Progress(TextColumn("[bold]extracting"), BarColumn(), MofNCompleteColumn(),
                       TextColumn("{task.description}"), transient=True,
                       console=__import__("rich.console").console.Console(stderr=True))
        task = bar.add_task("", total=None)

        def update(i: int, n: int, name: str) -> None:
            bar.update(task, total=n, completed=i, description=name)

        return update, bar

    def line(i: int, n: int, name: str) -> None:
        click.echo(f"[{i}/{n}] {name}", err=True)

    return line, None


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="kg")
def main() -> None:
    """Chinese government plans (行动计划, 实施方案, 任务分工方案) as a knowledge graph.

    \b
    Typical use:
      kg extract plan.txt              tasks and their owners, one JSON object a line
      kg build seeds/ --out exports/   the graph (Turtle, N-Triples, JSON-LD, TriG)
                                       and a coverage report of every note found
      kg coverage plan.html            what was understood and what was not
      kg ledger plans/ --as-of 2025-06-30
                                       the task ledger (任务台账): who delivers what
                                       by when, as XLSX and CSV
      kg due --before 2025-06-30 plans/
                                       what falls due by a date, by body
      kg targets --metric 算力          the plans' targets side by side, in one unit

    Inputs may be UTF-8 or GB18030/GBK text, saved web pages (.html) or .docx;
    directories are searched for such files.
    """


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--plan-lines", is_flag=True,
              help='Also print one "type": "plan" line per plan (title, 文号, issuers, '
                   "period, jurisdiction, plan-level notes).")
def extract(inputs: tuple[Path, ...], plan_lines: bool) -> None:
    """Print every task of the plans as JSON Lines (the extraction contract).

    \b
    One object a line, in file-name order then document order:
      {"type": "task", "doc": "plan.txt", "path": "二/(一)/1", "title": …, "text": …,
       "units": [{"mention": "市工业和信息化局", "role": "responsible",
                  "agency": "青岛市工业和信息化局", "iri": …, "kind": "department"}],
       "etc": false, "line": 12, "span": [431, 602]}

    Roles are lead (牵头), responsible (责任/负责) and cooperate (配合/参与).
    The README documents every field. Example:

    \b
      kg extract seeds/*.txt | jq -c 'select(.units==[]) | .path'
    """
    from kg.build import load
    from kg.contract import dumps, extract_records, plan_records

    corpus = load(inputs)
    for doc in sorted(corpus.docs, key=lambda d: d.name):
        if plan_lines:
            for rec in plan_records(doc):
                click.echo(dumps(rec))
        for rec in extract_records(doc):
            click.echo(dumps(rec))
    _report_errors(corpus.errors)


def _report_errors(errors: list[tuple[str, str]]) -> None:
    for _, message in sorted(errors):
        click.echo(f"kg: {message}", err=True)
    if errors:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out_dir", default="exports", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write the graph and reports into (created if missing).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on standard error.")
@click.option("--no-validate", is_flag=True,
              help="Skip the SHACL validation of the graph (ontology/shapes.ttl).")
@click.option("--workers", "-j", type=click.IntRange(1, 64), default=None,
              help="Processes extracting documents in parallel [default: the number of CPUs].")
@click.option("--no-cache", is_flag=True,
              help="Re-extract every document instead of reusing unchanged ones from OUT/.kg-cache.")
def build(inputs: tuple[Path, ...], out_dir: Path, quiet: bool, no_validate: bool,
          workers: int | None, no_cache: bool) -> None:
    """Build the knowledge graph of the plans and write it to --out.

    \b
    Writes:
      graph.ttl, graph.nt, graph.jsonld, graph.trig   the graph (TriG: a named
                                                      graph per document)
      context.jsonld                                  the JSON-LD context
      coverage.md, coverage.json                      every note found, where it
                                                      went, and what was not understood
      graph.html                                      the interactive graph, one file,
                                                      works offline
      task_assignments.csv/.xlsx                      the 任务分工表, one row per task
      agency_tasks.csv, agency_workload.csv,          what each body owes, its workload,
      co_responsibility.csv, agencies.xlsx            who shares tasks with whom
      graph.graphml, graph.gexf, agencies.gexf        for Gephi

    Documents are extracted in parallel; a document whose bytes have not changed since
    the last build into the same folder is taken from OUT/.kg-cache (the output is the
    same either way). The graph is validated against ontology/shapes.ttl (SHACL) before it is
    written;
    a violation stops the build with the report. Output is byte-identical across runs
    and input orders.

    \b
      kg build seeds/ --out exports/
    """
    import os

    from kg.build import build as run_build
    from kg.validate import ShapeViolation

    update, bar = _progress_printer(not quiet)
    options = {"validate": not no_validate, "workers": workers or min(os.cpu_count() or 1, 8),
               "incremental": not no_cache}
    try:
        if bar is not None:
            with bar:
                result = run_build(inputs, out_dir, update, **options)
        else:
            result = run_build(inputs, out_dir, update, **options)
    except ShapeViolation as exc:
        click.echo(f"kg: the graph violates its SHACL shapes; nothing was written:\n{exc}", err=True)
        sys.exit(2)
    c = result.corpus
    tasks = sum(len(d.tasks) for d in c.docs)
    notes = sum(len(d.notes) for d in c.docs)
    problems = sum(len(d.problems) for d in c.docs)
    click.echo(
        f"{len(c.docs)} documents ({c.stats.extracted} extracted, {c.stats.cached} unchanged), "
        f"{tasks} tasks, {notes} notes, {len(c.agencies)} agencies; "
        f"{problems} things not understood (see {out_dir / 'coverage.md'}); "
        f"wrote {len(result.written)} files to {out_dir}/",
        err=True,
    )
    if not c.docs:
        click.echo("kg: no plans were read", err=True)
    _report_errors(c.errors)
    if not c.docs:
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="The report as JSON instead of Markdown.")
def coverage(inputs: tuple[Path, ...], as_json: bool) -> None:
    """Report every responsibility note found and everything not understood.

    For each document: the notes with the task (or plan) they were given to and the
    units read from them; note fragments that are not bodies; brackets that read
    like notes but could not be parsed; numbering out of sequence; web-page lines
    removed. Nothing is dropped silently.
    """
    from kg.build import load
    from kg.coverage import build_report, to_json, to_markdown

    corpus = load(inputs)
    report = build_report(corpus.docs, corpus.errors)
    click.echo(to_json(report) if as_json else to_markdown(report))
    _report_errors(corpus.errors)


def _iso_date(ctx: click.Context, param: click.Parameter, value: str | None):
    """A --before/--as-of value as a date; today when the option is left out."""
    from datetime import date

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2025-06-30"
                                 ) from None


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", callback=_iso_date, metavar="YYYY-MM-DD",
              help="The date to judge each deadline by (default: today).")
@click.option("--out", "out_dir", default="ledger", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder to write ledger.xlsx and ledger.csv into (created if missing).")
def ledger(inputs: tuple[Path, ...], as_of, out_dir: Path) -> None:
    """Write the task ledger (任务台账) a supervision office keeps, as XLSX and CSV.

    \b
    One row per task and unit (and per deadline when a task sets several): plan,
    path, task, unit as written and its canonical name, role, whether a blanket
    rule implied it, the deadline as written, its normal form, the due date, and
    the status on --as-of: overdue, due, standing (持续推进, 每年 …), unparsed (a
    time kept as text), or no deadline.

    \b
    ledger.xlsx   frozen header, filters, dates as dates; a sheet of all rows and
                  one sheet per lead body; the same bytes on every run
    ledger.csv    the same rows, UTF-8 with a byte-order mark (opens in Excel)

    \b
      kg ledger plans/ --as-of 2025-06-30 --out ledger/
    """
    from kg.build import load
    from kg.export.ledger import write_ledger
    from kg.ledger import ledger_rows

    corpus = load(inputs)
    rows = ledger_rows(corpus.docs, as_of)
    written = write_ledger(rows, out_dir, as_of)
    counts = {s: sum(1 for r in rows if r.status == s) for s in ("overdue", "due", "standing",
                                                                  "unparsed", "no deadline")}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    click.echo(f"{len(rows)} rows as of {as_of.isoformat()} ({summary or 'none'}); "
               f"wrote {', '.join(str(p) for p in written)}", err=True)
    _report_errors(corpus.errors)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--before", "before", callback=_iso_date, metavar="YYYY-MM-DD", required=True,
              help="Show what falls due on or before this date.")
@click.option("--agency", default=None, metavar="NAME",
              help="Only this body: its canonical name or the mention, in part (e.g. 大数据局).")
@click.option("--as-of", "as_of", callback=_iso_date, metavar="YYYY-MM-DD",
              help="The date to judge overdue by (default: today).")
def due(inputs: tuple[Path, ...], before, agency: str | None, as_of) -> None:
    """Print what falls due on or before a date, by body, as a table in the terminal.

    \b
    The same rows as `kg ledger`, dated ones only, earliest first:
      kg due --before 2025-06-30 plans/
      kg due --before 2025-12-31 --agency 商务局 plan.txt
    """
    from rich.console import Console
    from rich.table import Table

    from kg.build import load
    from kg.ledger import ROLE_ZH, due_rows, ledger_rows

    corpus = load(inputs)
    rows = due_rows(ledger_rows(corpus.docs, as_of), before, agency)
    table = Table(title=f"due on or before {before.isoformat()}"
                  + (f" · {agency}" if agency else "") + f" · status as of {as_of.isoformat()}",
                  header_style="bold")
    for col in ("due", "status", "unit", "role", "deadline", "plan", "path", "task"):
        table.add_column(col, overflow="fold")
    for r in rows:
        style = "red" if r.status == "overdue" else None
        unit = r.agency + (" (implied)" if r.implied else "")
        table.add_row(r.due.isoformat() if r.due else "", r.status, unit, ROLE_ZH.get(r.role, r.role),
                      r.deadline, r.plan, r.path, r.title, style=style)
    Console(soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)
    click.echo(f"{len(rows)} rows", err=True)
@main.command()
@click.argument("inputs", nargs=-1, type=click.Path(path_type=Path))
@click.option("--metric", help="Keep targets whose metric contains this text (算力, 应用场景, 产值).")
@click.option("--year", type=int, help="Keep targets due that year, as the plan states it.")
@click.option("--unit", help="Keep targets in this unit or base unit (PFLOPS, 元, %).")
@click.option("--kind", "kinds", multiple=True, default=("target",), show_default=True,
              type=click.Choice(["target", "incentive", "actual"]),
              help="Which figures: goals (target), money offered (incentive), reported (actual); repeatable.")
@click.option("--json", "as_json", is_flag=True,
              help="JSON Lines (the target records, plus place and plan title).")
def targets(inputs: tuple[Path, ...], metric: str | None, year: int | None, unit: str | None,
            kinds: tuple[str, ...], as_json: bool) -> None:
    """List the targets of plans side by side, each converted to its dimension's base unit.

    \b
    Qingdao's 12 EFLOPS, Shandong's 14 EFlops and Fuzhou's 400 PFLOPS become one column
    in PFLOPS; money is in 元 (592.5亿元 → 59,250,000,000), counts stay in their
    classifier (个, 家, 项). With no FILES, the seeds are read.

    \b
      kg targets --metric 算力
      kg targets --metric 算力 --year 2026
      kg targets plans/ --kind incentive --unit 元 --json
    """
    from kg.build import load
    from kg.compare import table, target_rows
    from kg.contract import dumps

    corpus = load(inputs or (SEEDS,))
    rows = target_rows(corpus.docs, metric=metric, year=year, kinds=kinds, unit=unit)
    if as_json:
        for r in rows:
            click.echo(dumps(r))
    else:
        click.echo(table(rows), nl=False)
    _report_errors(corpus.errors)


# ---------------------------------------------------------------- SPARQL and lookups

_GRAPH_OPTION = click.option(
    "--graph", "graph", default="exports", show_default=True,
    help="The built graph: a `kg build` output folder or an RDF file (.trig, .nq, .ttl, .nt, .jsonld).")


def _print_result(result, fmt: str) -> None:
    from kg.query import to_csv, to_json

    if fmt == "csv":
        click.echo(to_csv(result), nl=False)
    elif fmt == "json":
        click.echo(to_json(result), nl=False)
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(show_lines=False, header_style="bold")
        for v in result.variables:
            table.add_column(v, overflow="fold")
        for row in result.rows:
            table.add_row(*["" if row[v] is None else row[v] for v in result.variables])
        Console(soft_wrap=False).print(table)
        click.echo(f"{len(result.rows)} rows", err=True)


def _fail(message: str, code: int = 2) -> None:
    click.echo(f"kg: {message}", err=True)
    sys.exit(code)


@main.command()
@click.argument("query", required=False)
@_GRAPH_OPTION
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind a query parameter (repeatable), e.g. -p agencyName=大数据局.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="table for reading, csv for spreadsheets, json (SPARQL results).")
@click.option("--list", "list_queries", is_flag=True, help="List the canned queries and exit.")
def query(query: str | None, graph: str, params: tuple[str, ...], fmt: str, list_queries: bool) -> None:
    """Run SPARQL over the built graph: a canned query's name, a .rq file, or query text.

    Queries run in an embedded Oxigraph store over every named graph at once (the
    default graph is their union). Canned queries (kg query --list):

    \b
      kg query workload                          lead / responsible / cooperate counts
      kg query owns -p agencyName=青岛市大数据局   what a body owns, with role and plan
      kg query keyword -p keyword=算力            who owns tasks about a word
      kg query shared                            bodies that share tasks most often
      kg query unowned                           tasks with no owner
      kg query 'SELECT (COUNT(*) AS ?n) WHERE { ?t a <https://w3id.org/policy-kg/ontology#Task> }'
    """
    from kg.query import QueryError, canned, describe, open_store, parameters, resolve_query, run

    if list_queries:
        for name, text in canned().items():
            needs = " ".join(f"-p {p}=…" for p in parameters(text))
            click.echo(f"{name:10} {describe(text)}" + (f"  [{needs}]" if needs else ""))
        return
    if not query:
        _fail("give a query (a canned name, a .rq file or SPARQL text), or --list")
    bound: dict[str, str] = {}
    for p in params:
        if "=" not in p:
            _fail(f"--param {p!r}: write NAME=VALUE")
        k, v = p.split("=", 1)
        bound[k.strip().lstrip("?")] = v
    try:
        result = run(open_store(graph), resolve_query(query), bound)
    except QueryError as exc:
        _fail(str(exc))
    _print_result(result, fmt)


@main.command()
@click.argument("name")
@_GRAPH_OPTION
@click.option("--plan", "plan", default=None, help="Only plans whose title contains this text.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def owns(name: str, graph: str, plan: str | None, fmt: str) -> None:
    """What does a body owe? Every task it leads, is responsible for or supports.

    NAME may be a full name (青岛市大数据局), a short one (大数据局) or an abbreviation
    (工信局, 发改委): it is expanded with ontology/agency-abbreviations.tsv and matched
    against every agency's name and the ways plans wrote it. When it matches bodies in
    several jurisdictions, each is listed under its own name.

    \b
      kg owns 市大数据局
      kg owns 工信局 --plan 青岛
    """
    from kg.lookup import find_agencies, owned_tasks
    from kg.query import QueryError, Result, open_store

    try:
        store = open_store(graph)
    except QueryError as exc:
        _fail(str(exc))
    agencies = find_agencies(store, name)
    if not agencies:
        _fail(f"no agency matches {name!r}; try a shorter name, or `kg query workload` to list them", 1)
    if len(agencies) > 1:
        click.echo(f"{name!r} matches {len(agencies)} bodies: " +
                   "; ".join(a.label for a in agencies), err=True)
    rows = owned_tasks(store, [a.iri for a in agencies], plan)
    _print_result(Result(["agency", "role", "plan", "path", "task"], rows), fmt)


@main.command()
@click.argument("keyword")
@_GRAPH_OPTION
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
def who(keyword: str, graph: str, fmt: str) -> None:
    """Which bodies own the tasks about a word (in a task's title or text)?

    \b
      kg who 算力
      kg who 数据要素 --format csv
    """
    from kg.query import QueryError, canned, open_store, run

    try:
        result = run(open_store(graph), canned()["keyword"], {"keyword": keyword})
    except QueryError as exc:
        _fail(str(exc))
    if not result.rows:
        _fail(f"no task mentions {keyword!r}", 1)
    _print_result(result, fmt)


# ---------------------------------------------------------------- serving and pushing

@main.command()
@_GRAPH_OPTION
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Keep the loopback default unless others must reach it.")
@click.option("--port", default=7878, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--timeout", default=10.0, show_default=True, type=click.FloatRange(0.1, 3600),
              help="Seconds a query may run; past it the query's worker process is killed "
                   "and the client gets 503.")
@click.option("--max-rows", default=10_000, show_default=True, type=click.IntRange(1),
              help="Rows (or triples) an answer may have; a larger answer is refused with 422.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64),
              help="Query worker processes (queries answered at once).")
@click.option("--quiet", "-q", is_flag=True, help="Do not log each request on standard error.")
def serve(graph: str, host: str, port: int, timeout: float, max_rows: int, workers: int,
          quiet: bool) -> None:
    """Serve the graph as a read-only SPARQL 1.1 endpoint, with a query page.

    \b
    The endpoint is /sparql (SPARQL 1.1 Protocol): GET ?query=…, POST a form
    (query=…) or POST application/sparql-query. Answers as SPARQL JSON, XML, CSV or
    TSV (Turtle, N-Triples, RDF/XML, JSON-LD for CONSTRUCT), chosen by the Accept
    header or format=json|xml|csv|tsv|turtle|…. The page at / runs any query and
    the canned ones (kg query --list) with one click; it needs no network.

    \b
    Updates (update=, application/sparql-update, PUT, DELETE) are refused, and so is
    SERVICE (the server never fetches another endpoint). The default graph is the
    union of every document's graph.

    \b
      kg serve                               http://127.0.0.1:7878/
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE {?s ?p ?o} LIMIT 3' \\
           http://127.0.0.1:7878/sparql
    """
    import signal

    from kg.query import QueryError
    from kg.serve import _is_loopback, make_server

    try:
        server = make_server(graph, host, port, timeout, max_rows, workers, quiet)
    except QueryError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot listen on {host}:{port}: {exc.strerror or exc}")
    except RuntimeError as exc:
        _fail(str(exc))
    if not _is_loopback(host):
        click.echo(f"kg: warning: listening on {host}, not loopback: anyone who can reach this "
                   "machine can query the graph", err=True)
    loaded = server.loaded
    click.echo(f"kg: serving {loaded.triples:,} triples in {loaded.graphs} graphs from {loaded.source} "
               f"at {server.url} (SPARQL endpoint {server.url}sparql); "
               f"limits {timeout:g} s, {max_rows:,} rows; Ctrl-C stops", err=True)
    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)  # `kill PID` cleans up like Ctrl-C
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        server.pool.close()


@main.command()
@click.option("--endpoint", required=True, metavar="URL",
              help="The store's Graph Store Protocol URL, e.g. "
                   "http://127.0.0.1:8890/sparql-graph-crud-auth (Virtuoso), "
                   "http://127.0.0.1:3030/DATASET/data (Fuseki).")
@_GRAPH_OPTION
@click.option("--user", default=None, help="User name for the store.")
@click.option("--password", default=None, envvar="KG_PUSH_PASSWORD", show_envvar=True,
              help="Password for --user (better from the environment than on the command line).")
@click.option("--auth", type=click.Choice(["auto", "basic", "digest"]), default="auto", show_default=True,
              help="auto answers the store's Basic or Digest challenge; basic sends Basic credentials "
                   "up front; digest answers Digest only.")
@click.option("--timeout", default=60.0, show_default=True, type=click.FloatRange(0.1),
              help="Seconds to wait for the store to answer one graph.")
@click.option("--dry-run", is_flag=True, help="List the graphs and requests without sending anything.")
def push(endpoint: str, graph: str, user: str | None, password: str | None, auth: str, timeout: float,
         dry_run: bool) -> None:
    """Load the graph into a triple store (SPARQL 1.1 Graph Store HTTP Protocol).

    Each document's named graph (and the shared agencies' graph) is sent with
    PUT ENDPOINT?graph=IRI, which replaces that graph in the store: re-pushing after a
    plan changed leaves none of its old triples. Graphs of documents no longer in the
    build stay in the store until you drop them there.

    A graph written is reported on standard error as it goes; if the store cannot be
    reached or refuses a graph, the push stops with a one-line error naming the graphs
    already replaced, and exits 1.

    \b
      kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba --auth digest
      KG_PUSH_PASSWORD=… kg push --endpoint https://store.example/ds/data --user me --auth basic
      kg push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --dry-run
    """
    from kg.push import PushError, graph_url
    from kg.push import push as run_push
    from kg.query import QueryError

    if password is not None and user is None:
        _fail("--password needs --user")
    if user is not None and password is None and not dry_run:
        password = click.prompt(f"password for {user}", hide_input=True, err=True)

    from urllib.parse import urlsplit

    from kg.serve import _is_loopback

    parts = urlsplit(endpoint)
    if user is not None and auth != "digest" and parts.scheme == "http" and \
            not _is_loopback(parts.hostname or ""):
        click.echo("kg: warning: Basic credentials would cross the network unencrypted; "
                   "use https, or --auth digest", err=True)

    def written(g, status: int) -> None:
        click.echo(f"kg: replaced <{g.iri}> ({g.triples} triples, HTTP {status})", err=True)

    try:
        report = run_push(graph, endpoint, user, password, auth, timeout, dry_run, written)
    except QueryError as exc:
        _fail(str(exc))
    except PushError as exc:
        _fail(f"push to {endpoint} stopped: {exc}", 1)
    if dry_run:
        for g in report.graphs:
            click.echo(f"PUT {graph_url(endpoint, g.iri)}  ({g.triples} triples, {len(g.body)} bytes)")
        click.echo(f"kg: dry run: {len(report.graphs)} graphs would be replaced; nothing was sent", err=True)
        return
    total = sum(g.triples for g in report.graphs)
    click.echo(f"kg: pushed {len(report.written)} graphs ({total:,} triples) to {endpoint}", err=True)


if __name__ == "__main__":
    main()
