"""Chinese government plans as a knowledge graph.

The pipeline (ARCHITECTURE.md): ingest → metadata → structure → responsibility notes →
tasks → agency resolution → RDF / exports. The public entry points:

>>> from kg import extract_text
>>> doc = extract_text("一、重点任务\\n(一)建设平台。(牵头单位:市发展改革委,责任单位:市财政局)")
>>> [(u.mention, u.role, u.agency.name) for u in doc.tasks[0].units(doc)]
[('市发展改革委', 'lead', '市发展和改革委员会'), ('市财政局', 'responsible', '市财政局')]
"""

__version__ = "0.1.0"

from kg.pipeline import extract_bytes, extract_file, extract_text

__all__ = ["__version__", "extract_bytes", "extract_file", "extract_text"]
