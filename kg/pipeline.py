"""The stages in order, for one document or many: the Python API the CLI wraps.

>>> from kg.pipeline import extract_text
>>> doc = extract_text("一、重点任务\\n1.建设平台。(责任单位:市大数据局)", name="x.txt")
>>> [(t.path, [u.mention for u in t.units(doc)]) for t in doc.tasks]
[('一/1', ['市大数据局'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kg.extract.actions import tag_actions
from kg.extract.blankets import find_blankets
from kg.extract.deadlines import find_deadlines
from kg.extract.responsibility import find_notes
from kg.extract.sectors import tag_sectors
from kg.extract.targets import extract_targets
from kg.ingest import IngestError, ingest_bytes, ingest_path
from kg.metadata import annotate
from kg.model import Document
from kg.resolve import Resolver
from kg.structure import structure
from kg.tables import table_tasks
from kg.tasks import assign_tasks, unique_paths

PLAN_SUFFIXES = (".txt", ".html", ".htm", ".docx", ".text", ".md")


# The stages after ingest, in order; each takes the document and returns it enriched.
# Agency resolution runs last, with a resolver shared across the documents of a build.
STAGES: list[Callable[[Document], Document]] = [
    annotate,
    structure,
    find_notes,
    assign_tasks,
    table_tasks,
    unique_paths,
    find_blankets,
    find_deadlines,
    extract_targets,  # quantities: targets, incentives, reported figures (after tasks: it links them)
    tag_sectors,
    tag_actions,
]


def run_stages(doc: Document, resolver: Resolver | None = None, resolve: bool = True) -> Document:
    """metadata → structure → notes → tasks → … → agencies, each enriching the document."""
    for stage in STAGES:
        stage(doc)
    if resolve:
        (resolver or Resolver()).resolve_document(doc)
    return doc


def extract_file(path: str | Path, resolver: Resolver | None = None) -> Document:
    return run_stages(ingest_path(path), resolver)


def extract_bytes(data: bytes, name: str, resolver: Resolver | None = None) -> Document:
    return run_stages(ingest_bytes(data, name), resolver)


def extract_text(text: str, name: str = "text.txt", resolver: Resolver | None = None) -> Document:
    return extract_bytes(text.encode("utf-8"), name, resolver)


def expand_inputs(inputs: Iterable[str | Path]) -> tuple[list[Path], list[str]]:
    """Files named or found in directories, sorted by name so input order never matters.

    Returns the files and an error line for every input that yields none.
    """
    files: list[Path] = []
    errors: list[str] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in PLAN_SUFFIXES
                           and not f.name.startswith("."))
            if not found:
                errors.append(f"{p}: no plan files ({', '.join(PLAN_SUFFIXES)}) in this directory")
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            errors.append(f"{p}: no such file or directory")
    unique = sorted(set(files), key=lambda f: (f.name, str(f)))
    return unique, errors


def extract_many(paths: Iterable[Path]) -> Iterator[tuple[Path, Document | None, str | None]]:
    """Each file's document, or its one-line error; one bad file never stops the rest."""
    resolver = Resolver()
    for path in paths:
        try:
            yield path, extract_file(path, resolver), None
        except IngestError as exc:
            yield path, None, str(exc)
