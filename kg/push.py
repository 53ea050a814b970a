"""``kg push``: load the graph into a triple store over the SPARQL 1.1 Graph Store HTTP Protocol.

Each source document is one named graph in the build's TriG (plus one graph for the shared
agencies), so a push is one ``PUT ENDPOINT?graph=IRI`` per graph: PUT replaces the graph
whole, so re-pushing a changed plan leaves none of its old triples behind, and graphs of
other documents are not touched. Graphs go out in IRI order, one request each; when one
fails, the push stops and says which graphs were already replaced, so nothing half-written
goes unreported (a store applies a PUT whole or not at all; only a connection that broke
during a PUT leaves that one graph in doubt, and the message says so).

Works with any Graph Store Protocol endpoint (Virtuoso's /sparql-graph-crud-auth, Fuseki's
/DATASET/data, GraphDB's /repositories/ID/rdf-graphs/service, Oxigraph's /store).

>>> graph_url("http://127.0.0.1:8890/sparql-graph-crud-auth", "https://w3id.org/policy-kg/graph/a.txt")
'http://127.0.0.1:8890/sparql-graph-crud-auth?graph=https%3A%2F%2Fw3id.org%2Fpolicy-kg%2Fgraph%2Fa.txt'
"""

from __future__ import annotations

import errno
import http.client
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox

from kg.query import FORMATS, QueryError, graph_file

AUTH_SCHEMES = ("auto", "basic", "digest")


class PushError(Exception):
    """A push that stopped: the message is one line and names what was written before it."""

    def __init__(self, message: str, written: list[str] | None = None) -> None:
        super().__init__(message)
        self.written = written or []


@dataclass
class NamedGraph:
    """One named graph of the build, ready to send: its IRI, size and Turtle body."""

    iri: str
    triples: int
    body: bytes


@dataclass
class PushReport:
    endpoint: str
    graphs: list[NamedGraph]
    written: list[str] = field(default_factory=list)  # graph IRIs replaced, in order
    statuses: dict[str, int] = field(default_factory=dict)


def named_graphs(source: str | Path) -> list[NamedGraph]:
    """The build's named graphs (graph.trig, or another quad file), each as Turtle, in IRI order.

    Triples outside any named graph are refused: a push replaces graphs, and the store's
    default graph is not a document's to replace.
    """
    path = graph_file(source)
    fmt = FORMATS[path.suffix]
    if fmt not in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
        raise PushError(f"{path}: push needs a file with named graphs (graph.trig or .nq), "
                        "one per document; give the build folder")
    by_graph: dict[str, list[ox.Triple]] = {}
    loose = 0
    try:
        for quad in ox.parse(path=str(path), format=fmt):
            if isinstance(quad.graph_name, ox.NamedNode):
                by_graph.setdefault(quad.graph_name.value, []).append(quad.triple)
            else:
                loose += 1
    except (OSError, SyntaxError) as exc:
        raise PushError(f"{path}: cannot read the graph: {exc}") from exc
    if loose:
        raise PushError(f"{path}: {loose} triples lie outside any named graph; push sends named graphs only")
    if not by_graph:
        raise PushError(f"{path}: no named graphs to push")
    from kg.graph.rdf import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()}
    return [NamedGraph(iri, len(triples),
                       ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes) or b"")
            for iri, triples in sorted(by_graph.items())]


def graph_url(endpoint: str, iri: str) -> str:
    """The Graph Store Protocol's indirect identification: ``ENDPOINT?graph=IRI``."""
    return endpoint + ("&" if "?" in endpoint else "?") + urlencode({"graph": iri})


def _is_loopback(host: str | None) -> bool:
    from kg.serve import _is_loopback as loopback

    return bool(host) and loopback(str(host))


def opener(endpoint: str, user: str | None = None, password: str | None = None,
           auth: str = "auto") -> urllib.request.OpenerDirector:
    """An opener that answers the store's challenge: ``auto`` takes Basic or Digest as the
    store asks, ``digest`` only Digest, ``basic`` sends Basic credentials up front."""
    if auth not in AUTH_SCHEMES:
        raise PushError(f"--auth {auth}: use one of {', '.join(AUTH_SCHEMES)}")
    handlers: list[urllib.request.BaseHandler] = []
    if _is_loopback(urlsplit(endpoint).hostname):
        handlers.append(urllib.request.ProxyHandler({}))  # a local store is never behind a proxy
    if user is not None:
        if auth == "basic":
            prior = urllib.request.HTTPPasswordMgrWithPriorAuth()
            prior.add_password(None, endpoint, user, password or "", is_authenticated=True)
            handlers.append(urllib.request.HTTPBasicAuthHandler(prior))
        else:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, endpoint, user, password or "")
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
            if auth == "auto":
                handlers.append(urllib.request.HTTPBasicAuthHandler(mgr))
    return urllib.request.build_opener(*handlers)


def _http_reason(exc: urllib.error.HTTPError) -> str:
    try:
        detail = exc.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        detail = ""
    detail = " ".join(detail.split())[:200]
    text = f"HTTP {exc.code} {exc.reason}"
    if exc.code == 401:
        text += " (the store wants other credentials: --user/--password, --auth)"
    elif exc.code == 403:
        text += " (this user may not write graphs here)"
    elif exc.code in (404, 405):
        text += " (is this the store's Graph Store Protocol endpoint?)"
    return text + (f": {detail}" if detail and detail.lower() not in str(exc.reason).lower() else "")


def push(source: str | Path, endpoint: str, user: str | None = None, password: str | None = None,
         auth: str = "auto", timeout: float = 60.0, dry_run: bool = False,
         progress: Callable[[NamedGraph, int], None] | None = None) -> PushReport:
    """PUT every named graph of the build to ``endpoint``, replacing each graph there.

    Raises PushError (one line, naming the graphs written before the failure) when the
    store cannot be reached or refuses a graph. ``progress(graph, status)`` is called after
    each graph is written.
    """
    parts = urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise PushError(f"--endpoint {endpoint!r}: give the store's Graph Store URL, "
                        "e.g. http://127.0.0.1:8890/sparql-graph-crud-auth")
    graphs = named_graphs(source)
    report = PushReport(endpoint, graphs)
    if dry_run:
        return report
    open_url = opener(endpoint, user, password, auth).open
    for i, g in enumerate(graphs, 1):
        request = urllib.request.Request(graph_url(endpoint, g.iri), data=g.body, method="PUT",
                                         headers={"Content-Type": "text/turtle; charset=utf-8"})
        where = f"graph {i} of {len(graphs)} <{g.iri}>"
        try:
            with open_url(request, timeout=timeout) as response:
                response.read()
                status = response.status
        except urllib.error.HTTPError as exc:
            raise PushError(f"{where} refused: {_http_reason(exc)}; {_before(report)}",
                            report.written) from None
        except urllib.error.URLError as exc:
            if _unreachable(exc.reason):
                raise PushError(f"cannot reach {endpoint}: {_why(exc.reason)}; {_before(report)}",
                                report.written) from None
            raise PushError(f"{where} may be partly written (the connection failed during the PUT: "
                            f"{_why(exc.reason)}); {_before(report)}", report.written) from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise PushError(f"{where} may be partly written (the connection failed during the PUT: "
                            f"{_why(exc)}); {_before(report)}", report.written) from None
        report.written.append(g.iri)
        report.statuses[g.iri] = status
        if progress:
            progress(g, status)
    return report


def _unreachable(reason: object) -> bool:
    """Failures before any byte of the request went out: that graph is certainly untouched."""
    if isinstance(reason, ConnectionRefusedError | socket.gaierror | ssl.SSLError):
        return True
    return isinstance(reason, OSError) and reason.errno in (errno.EHOSTUNREACH, errno.ENETUNREACH,
                                                            errno.EADDRNOTAVAIL)


def _why(reason: object) -> str:
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused (is the store running, and on this port?)"
    if isinstance(reason, socket.gaierror):
        return f"unknown host ({reason.strerror})"
    if isinstance(reason, TimeoutError):
        return "no answer in time (--timeout)"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror
    return str(reason) or type(reason).__name__


def _before(report: PushReport) -> str:
    done = report.written
    if not done:
        return "no graph was written"
    names = " ".join(f"<{iri}>" for iri in done) if len(done) <= 10 else \
        f"<{done[0]}> … <{done[-1]}>"
    return f"{len(done)} of {len(report.graphs)} graphs were replaced before it: {names}"


__all__ = ["AUTH_SCHEMES", "NamedGraph", "PushError", "PushReport", "QueryError", "graph_url",
           "named_graphs", "opener", "push"]
