"""Load a corpus of plans and write the graph and its reports into an output folder.

``kg build`` is a thin wrapper over :func:`build`; notebooks get the same power.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from kg.coverage import build_report, to_json, to_markdown
from kg.export.rdf import write_rdf
from kg.graph.rdf import build_dataset
from kg.ingest import IngestError
from kg.model import Agency, Document
from kg.pipeline import expand_inputs, extract_file
from kg.resolve import Resolver

Progress = Callable[[int, int, str], None]


@dataclass
class Corpus:
    docs: list[Document] = field(default_factory=list)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (file, one-line error)
    resolver: Resolver = field(default_factory=Resolver)

    @property
    def agencies(self) -> list[Agency]:
        used = {u.agency.iri for d in self.docs for n in d.notes for u in n.units if u.agency}
        used |= {u.agency.iri for d in self.docs for b in d.blankets for u in b.units if u.agency}
        return sorted((a for iri, a in self.resolver.registry.items() if iri in used),
                      key=lambda a: a.iri)


def load(inputs: Iterable[str | Path], progress: Progress | None = None) -> Corpus:
    """Extract every plan named or found under the inputs; bad files become errors."""
    files, missing = expand_inputs(inputs)
    corpus = Corpus()
    corpus.errors.extend((m.split(":", 1)[0], m) for m in missing)
    for i, path in enumerate(files, 1):
        if progress:
            progress(i, len(files), path.name)
        try:
            corpus.docs.append(extract_file(path, corpus.resolver))
        except IngestError as exc:
            corpus.errors.append((path.name, str(exc)))
    return corpus


@dataclass
class BuildResult:
    corpus: Corpus
    dataset: Dataset
    written: list[Path]


def build(inputs: Iterable[str | Path], out_dir: str | Path,
          progress: Progress | None = None) -> BuildResult:
    corpus = load(inputs, progress)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ds = build_dataset(corpus.docs, corpus.agencies)
    written = write_rdf(ds, out)
    report = build_report(corpus.docs, corpus.errors)
    for name, text in (("coverage.json", to_json(report)), ("coverage.md", to_markdown(report))):
        (out / name).write_text(text, encoding="utf-8")
        written.append(out / name)
    return BuildResult(corpus, ds, written)
