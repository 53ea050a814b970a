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
def build(inputs: tuple[Path, ...], out_dir: Path, quiet: bool) -> None:
    """Build the knowledge graph of the plans and write it to --out.

    \b
    Writes:
      graph.ttl, graph.nt, graph.jsonld, graph.trig   the graph (TriG: a named
                                                      graph per document)
      context.jsonld                                  the JSON-LD context
      coverage.md, coverage.json                      every note found, where it
                                                      went, and what was not understood

    Output is byte-identical across runs and input orders.

    \b
      kg build seeds/ --out exports/
    """
    from kg.build import build as run_build

    update, bar = _progress_printer(not quiet)
    if bar is not None:
        with bar:
            result = run_build(inputs, out_dir, update)
    else:
        result = run_build(inputs, out_dir, update)
    c = result.corpus
    tasks = sum(len(d.tasks) for d in c.docs)
    notes = sum(len(d.notes) for d in c.docs)
    problems = sum(len(d.problems) for d in c.docs)
    click.echo(
        f"{len(c.docs)} documents, {tasks} tasks, {notes} notes, {len(c.agencies)} agencies; "
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


if __name__ == "__main__":
    main()
