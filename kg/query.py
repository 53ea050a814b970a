"""SPARQL over the built graph through an embedded Oxigraph store, and the canned queries.

rdflib's own SPARQL engine is one to two orders of magnitude slower than Oxigraph on
graphs of a few hundred thousand triples, so queries run in pyoxigraph; rdflib stays
the graph builder. Canned queries live in kg/queries/*.rq; their first comment line
says what they answer and later comment lines name their parameters.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
           ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}


class QueryError(Exception):
    """A query that cannot run: a missing graph, a syntax error, an unknown parameter."""


@dataclass
class Result:
    variables: list[str]
    rows: list[dict[str, str | None]]
    boolean: bool | None = None


def graph_file(source: str | Path) -> Path:
    """The RDF file behind --graph: a file, or a build folder's graph.trig."""
    p = Path(source)
    if p.is_dir():
        p = p / "graph.trig"
    if not p.exists():
        raise QueryError(f"{p}: no graph here; run `kg build PLANS --out {p.parent}` first")
    if p.suffix not in FORMATS:
        raise QueryError(f"{p}: not an RDF file kg can load ({', '.join(FORMATS)})")
    return p


def open_store(source: str | Path) -> ox.Store:
    """An in-memory Oxigraph store holding the graph (named graphs kept)."""
    path = graph_file(source)
    store = ox.Store()
    store.load(path=str(path), format=FORMATS[path.suffix])
    return store


@lru_cache(maxsize=1)
def canned() -> dict[str, str]:
    """Canned queries by name (the .rq file's stem)."""
    folder = resources.files("kg.queries")
    return {f.name[:-3]: f.read_text(encoding="utf-8")
            for f in sorted(folder.iterdir(), key=lambda f: f.name) if f.name.endswith(".rq")}


def describe(text: str) -> str:
    first = next((ln for ln in text.splitlines() if ln.startswith("#")), "# ")
    return first.lstrip("# ").strip()


def parameters(text: str) -> list[str]:
    return re.findall(r"^# Parameter \?(\w+)", text, flags=re.M)


def resolve_query(arg: str) -> str:
    """A canned query's name, a .rq file, or the query text itself."""
    if arg in canned():
        return canned()[arg]
    p = Path(arg)
    if p.suffix == ".rq" or (len(arg) < 256 and "\n" not in arg and p.is_file()):
        if not p.is_file():
            raise QueryError(f"{arg}: no such query file")
        return p.read_text(encoding="utf-8")
    return arg


def _sparql_term(value: str) -> str:
    """A parameter as a SPARQL term: an IRI when it looks like one, else a string literal."""
    iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
    if re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+", iri):
        return f"<{iri}>"
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def bind(query: str, params: dict[str, str]) -> str:
    """Bind parameters with a VALUES block at the top of the WHERE clause.

    >>> bind("SELECT ?x WHERE { ?x ?p ?n }", {"n": 'a"b'})
    'SELECT ?x WHERE { VALUES (?n) { ("a\\\\"b") } ?x ?p ?n }'
    """
    if not params:
        return query
    m = re.search(r"WHERE\s*\{", query, flags=re.I)
    if not m:
        raise QueryError("parameters need a query with a WHERE clause")
    names = sorted(params)
    values = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + \
        " ".join(_sparql_term(params[n]) for n in names) + ") }"
    return query[: m.end()] + " " + values + query[m.end() :]


def _plain(term) -> str | None:
    if term is None:
        return None
    return term.value


def run(store: ox.Store, query: str, params: dict[str, str] | None = None) -> Result:
    """Run a SELECT or ASK query; parameters are bound as values of their variables."""
    params = params or {}
    wanted = parameters(query)
    missing = [p for p in wanted if p not in params]
    if missing:
        raise QueryError("this query needs " + ", ".join(f"--param {p}=…" for p in missing))
    unknown = [p for p in params if p not in wanted and f"?{p}" not in query]
    if unknown:
        raise QueryError("this query has no parameter " + ", ".join(unknown))
    try:
        answer = store.query(bind(query, params), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from exc
    except (OSError, RuntimeError) as exc:
        raise QueryError(f"the query failed: {exc}") from exc
    if isinstance(answer, ox.QueryBoolean):
        return Result(["ask"], [{"ask": str(bool(answer)).lower()}], bool(answer))
    if isinstance(answer, ox.QueryTriples):
        rows = [{"subject": _plain(t.subject), "predicate": _plain(t.predicate), "object": _plain(t.object)}
                for t in answer]
        return Result(["subject", "predicate", "object"], rows)
    variables = [v.value for v in answer.variables]
    rows = [{v: _plain(sol[v]) for v in variables} for sol in answer]
    return Result(variables, rows)


def to_csv(result: Result) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow(["" if row[v] is None else row[v] for v in result.variables])
    return buf.getvalue()


def to_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON (plain string values)."""
    if result.boolean is not None:
        return json.dumps({"head": {}, "boolean": result.boolean}) + "\n"
    bindings = [{v: {"type": "literal", "value": row[v]} for v in result.variables if row[v] is not None}
                for row in result.rows]
    return json.dumps({"head": {"vars": result.variables}, "results": {"bindings": bindings}},
                      ensure_ascii=False, indent=1) + "\n"
