"""Load a corpus of plans and write the graph and its reports into an output folder.

``kg build`` is a thin wrapper over :func:`build`; notebooks get the same power.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import pickle
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kg.coverage import build_report, to_json, to_markdown
from kg.export.rdf import write_rdf
from kg.export.views import write_views
from kg.graph.rdf import build_dataset
from kg.graph.store import QuadDataset
from kg.ingest import IngestError, ingest_path
from kg.model import Agency, Document
from kg.pipeline import expand_inputs, run_stages
from kg.resolve import Resolver
from kg.validate import ShapeViolation, validate_dataset

Progress = Callable[[int, int, str], None]


@dataclass
class LoadStats:
    extracted: int = 0
    cached: int = 0


@dataclass
class Corpus:
    docs: list[Document] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)
    resolver: Resolver = field(default_factory=Resolver)
    stats: LoadStats = field(default_factory=lambda: LoadStats())

    @property
    def agencies(self) -> list[Agency]:
        used = {u.agency.iri for d in self.docs for n in d.notes for u in n.units if u.agency}
        used |= {a.iri for d in self.docs for a in d.issuer_agencies}
        used |= {u.agency.iri for d in self.docs for b in d.blankets for u in b.units if u.agency}
        return sorted((a for iri, a in self.resolver.registry.items() if iri in used),
                      key=lambda a: a.iri)


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A digest of the extractor's code and data: a cached extraction is valid only for it."""
    h = hashlib.sha256()
    roots = [Path(__file__).resolve().parent, Path(resources.files("kg.ontology"))]  # type: ignore[arg-type]
    for root in roots:
        for f in sorted(root.rglob("*")):
            if f.suffix in (".py", ".tsv", ".txt", ".json", ".ttl") and "__pycache__" not in f.parts:
                h.update(f.relative_to(root).as_posix().encode())
                h.update(f.read_bytes())
    return h.hexdigest()[:16]


def _extract_unresolved(path: Path) -> Document | str:
    """Ingest and run every stage but agency resolution (which needs the whole corpus)."""
    try:
        return run_stages(ingest_path(path), resolve=False)
    except IngestError as exc:
        return str(exc)


def load(inputs: Iterable[str | Path], progress: Progress | None = None, workers: int = 1,
         cache_dir: str | Path | None = None) -> Corpus:
    """Extract every plan named or found under the inputs; bad files become errors.

    Documents are independent, so extraction runs in ``workers`` processes; agency
    resolution then runs in file order in this process, so identities do not depend
    on scheduling. With a ``cache_dir``, a document whose bytes (and the extractor's
    code) are unchanged since the last build is read back instead of re-extracted.
    """
    files, missing = expand_inputs(inputs)
    corpus = Corpus()
    corpus.errors.extend((m.split(":", 1)[0], m) for m in missing)
    cache = Path(cache_dir) if cache_dir else None
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    results: dict[Path, Document | str] = {}
    keys: dict[Path, str] = {}
    todo: list[Path] = []
    for path in files:
        if cache:
            try:
                keys[path] = hashlib.sha256(path.read_bytes() + extractor_version().encode()).hexdigest()
            except OSError:
                keys[path] = ""
            hit = cache / f"{keys[path]}.pickle"
            if keys[path] and hit.exists():
                try:
                    results[path] = pickle.loads(hit.read_bytes())
                    corpus.stats.cached += 1
                    continue
                except Exception:  # a damaged cache entry is simply redone
                    hit.unlink(missing_ok=True)
        todo.append(path)
    done = len(results)
    if workers > 1 and len(todo) > 1:
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods()
                                          else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(_extract_unresolved, p): p for p in todo}
            for fut in as_completed(futures):
                path = futures[fut]
                results[path] = fut.result()
                done += 1
                if progress:
                    progress(done, len(files), path.name)
    else:
        for path in todo:
            results[path] = _extract_unresolved(path)
            done += 1
            if progress:
                progress(done, len(files), path.name)
    corpus.stats.extracted = len(todo)
    for path in files:
        result = results[path]
        if isinstance(result, str):
            corpus.errors.append((path.name, result))
            continue
        if cache and path in todo and keys.get(path):
            (cache / f"{keys[path]}.pickle").write_bytes(pickle.dumps(result, protocol=5))
        corpus.docs.append(result)
    # every plan's signature is known before any mention is read, so a short form resolves
    # the same way in every document of the corpus
    corpus.resolver.learn_issuers(corpus.docs)
    for doc in corpus.docs:
        corpus.resolver.resolve_document(doc)
    return corpus


@dataclass
class BuildResult:
    corpus: Corpus
    dataset: QuadDataset
    written: list[Path]


def build(inputs: Iterable[str | Path], out_dir: str | Path,
          progress: Progress | None = None, validate: bool = True, workers: int = 1,
          incremental: bool = False) -> BuildResult:
    """Extract, build the graph, validate it against the SHACL shapes, write everything.

    A graph that violates a shape is not written: ShapeViolation is raised with the
    report (also saved as shacl-report.txt in the output folder).
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    corpus = load(inputs, progress, workers=workers,
                  cache_dir=out / ".kg-cache" if incremental else None)
    ds = build_dataset(corpus.docs, corpus.agencies)
    if validate:
        report = validate_dataset(ds)
        if not report.conforms:
            (out / "shacl-report.txt").write_text(report.text, encoding="utf-8")
            raise ShapeViolation(report.text)
    written = write_rdf(ds, out)
    report = build_report(corpus.docs, corpus.errors)
    for name, text in (("coverage.json", to_json(report)), ("coverage.md", to_markdown(report))):
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    written += write_views(corpus, out)
    return BuildResult(corpus, ds, written)
