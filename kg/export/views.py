"""Everything a person reads rather than queries: the page, the tables, the Gephi files.

``kg build`` calls :func:`write_views` once, after the RDF, so one flattening of the
corpus (``kg.graph.network.corpus_view``) and one analysis feed all of them and they
never disagree.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from kg.export.html import write_html
from kg.export.tables import write_tables
from kg.graph.network import analyse, corpus_view, write_gephi

if TYPE_CHECKING:
    from kg.build import Corpus


def write_views(corpus: Corpus, out: str | Path) -> list[Path]:
    """Write graph.html, the CSV/XLSX tables and the GraphML/GEXF files; return their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    plans = corpus_view(corpus.docs)
    analytics = analyse(plans)
    written = write_html(plans, analytics, out)
    written += write_tables(plans, analytics, out)
    written += write_gephi(plans, analytics, out)
    return written
