"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint over the built graph.

Why it is built this way:

- **Loaded once, queried in killable processes.** pyoxigraph cannot interrupt a running
  query from Python, so the only hard time limit is a process that can be killed. One
  *loader* process loads the graph into an in-memory Oxigraph store once; each query worker
  is a fork of it, sharing the loaded store copy-on-write. A query still running at
  ``timeout`` seconds is answered 503 and its worker is killed (SIGKILL) and replaced by a
  fresh fork in milliseconds, so a runaway cross product cannot hold a core or memory.
- **Read-only by construction.** Workers only ever call ``Store.query``, whose parser knows
  only the SPARQL Query grammar; ``update=``, ``application/sparql-update`` and update text
  sent as a query are refused with 403 before that, PUT/DELETE/PATCH with 405.
- **No outbound requests.** Oxigraph evaluates ``SERVICE <url>`` by calling that URL; the
  endpoint refuses any query that uses SERVICE, so a query cannot make the server fetch.
- **Results are refused, never cut.** A SELECT (or CONSTRUCT/DESCRIBE) answer with more
  than ``max_rows`` rows (triples) gets a 422 that says so: the worker stops reading at
  ``max_rows + 1`` rows, so a large answer costs neither memory nor transfer, and a client
  never mistakes a truncated answer for a complete one.
- **pyoxigraph writes the formats.** Rows are counted as they are read, then handed back
  to pyoxigraph's own serializers (JSON, XML, CSV, TSV; Turtle, N-Triples, RDF/XML,
  JSON-LD), so the output is exactly what Oxigraph's own endpoint would send.

The default graph of a query is the union of all named graphs (as in ``kg query``),
unless the request names ``default-graph-uri`` / ``named-graph-uri``.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import json
import os
import pickle
import queue
import re
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from kg.query import FORMATS, QueryError, bind, canned, describe, graph_file, parameters

MAX_BODY = 1 << 20  # bytes of a POSTed query or form; SPARQL text is never that long
UPDATE_KEYWORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


# ---------------------------------------------------------------- formats and negotiation

@dataclass(frozen=True)
class Format:
    """One answer format: its ``format=`` name, media type and pyoxigraph serializer."""

    name: str
    media_type: str
    serializer: ox.QueryResultsFormat | ox.RdfFormat
    aliases: tuple[str, ...] = ()

    @property
    def content_type(self) -> str:
        textual = self.media_type.startswith("text/")
        return self.media_type + ("; charset=utf-8" if textual else "")

    def answers(self, media_range: str) -> int:
        """How specifically a media range (from Accept) names this format: 3 exact, 2 alias,
        1 type/*, 0 */*; -1 when it does not."""
        if media_range == self.media_type:
            return 3
        if media_range in self.aliases:
            return 2
        if media_range.endswith("/*") and self.media_type.startswith(media_range[:-1]):
            return 1
        return 0 if media_range == "*/*" else -1


RESULT_FORMATS = (  # SELECT and ASK; the first is the default
    Format("json", "application/sparql-results+json", ox.QueryResultsFormat.JSON, ("application/json",)),
    Format("xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML,
           ("application/xml", "text/xml")),
    Format("csv", "text/csv", ox.QueryResultsFormat.CSV),
    Format("tsv", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
)
GRAPH_FORMATS = (  # CONSTRUCT and DESCRIBE; the first is the default
    Format("turtle", "text/turtle", ox.RdfFormat.TURTLE, ("application/x-turtle",)),
    Format("ntriples", "application/n-triples", ox.RdfFormat.N_TRIPLES, ("text/plain",)),
    Format("rdfxml", "application/rdf+xml", ox.RdfFormat.RDF_XML, ("application/xml", "text/xml")),
    Format("jsonld", "application/ld+json", ox.RdfFormat.JSON_LD, ("application/json",)),
)


def _accept_ranges(accept: str | None) -> list[tuple[str, float]]:
    ranges = []
    for part in (accept or "").split(","):
        fields = part.strip().split(";")
        media_range = fields[0].strip().lower()
        if not media_range:
            continue
        q = 1.0
        for f in fields[1:]:
            key, _, value = f.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        ranges.append((media_range, q))
    return ranges


def negotiate(accept: str | None, offered: tuple[Format, ...]) -> Format:
    """The offered format the Accept header prefers (RFC 9110 q-values, most specific range
    wins); the first offered when nothing fits, as most SPARQL endpoints do.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_FORMATS).name
    'xml'
    >>> negotiate("text/*, text/csv;q=0", RESULT_FORMATS).name
    'tsv'
    >>> negotiate("image/png", RESULT_FORMATS).name
    'json'
    """
    ranges = _accept_ranges(accept)
    best: tuple[float, int, int] | None = None
    chosen = offered[0]
    for order, fmt in enumerate(offered):
        matches = [(fmt.answers(r), q) for r, q in ranges if fmt.answers(r) >= 0]
        if not matches:
            continue
        specificity, q = max(matches)
        if q <= 0:
            continue
        key = (q, specificity, -order)
        if best is None or key > best:
            best, chosen = key, fmt
    return chosen


def named_format(name: str) -> Format | None:
    """A ``format=`` value: a short name (json, csv, turtle…) or a media type."""
    name = name.strip().lower()
    for fmt in RESULT_FORMATS + GRAPH_FORMATS:
        if name in (fmt.name, fmt.media_type):
            return fmt
    return None


# ---------------------------------------------------------------- what a query may not do

def _codepoints(text: str) -> str:
    r"""SPARQL's \uXXXX / \UXXXXXXXX escapes are decoded before parsing (SPARQL 1.1 §19.2)."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})",
                  lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


def _skeleton(text: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords can be looked for."""
    pattern = r'"""(?:[^"\\]|\\.|"(?!""))*"""' r"|'''(?:[^'\\]|\\.|'(?!''))*'''" \
              r'|"(?:[^"\\\n]|\\.)*"' r"|'(?:[^'\\\n]|\\.)*'" r"|<[^<>\"{}|^`\\\s]*>" r"|#[^\n]*"
    return re.sub(pattern, " ", _codepoints(text))


def refusal(query: str) -> str | None:
    """Why the endpoint will not run this text, or None.

    >>> refusal("INSERT DATA { <urn:a> <urn:b> <urn:c> }")[:28]
    'this endpoint is read-only: '
    >>> refusal('SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')[:24]
    'SERVICE is not available'
    >>> refusal('SELECT * WHERE { ?s ?p "INSERT SERVICE" }') is None
    True
    """
    bare = _skeleton(query)
    if re.search(r"(?<![\w:?$])SERVICE(?![\w:])", bare, flags=re.I):
        return ("SERVICE is not available on this endpoint: it would make the server fetch "
                "another endpoint; run federated queries from your own client")
    head = re.sub(r"(?is)^\s*(?:(?:PREFIX\s+[\w.-]*:|BASE)\s*(?:\s|<\s*>)*)*", "", bare)
    first = re.match(r"\s*([A-Za-z]+)", head)
    if first and first.group(1).upper() in UPDATE_KEYWORDS:
        return (f"this endpoint is read-only: SPARQL Update ({first.group(1).upper()} …) is refused; "
                "change the plans and run `kg build` instead")
    return None


# ---------------------------------------------------------------- the worker side

@dataclass
class Job:
    """A query as the HTTP side hands it to a worker process."""

    query: str
    accept: str | None = None
    format: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_rows: int = 10_000


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def text_reply(status: int, message: str) -> Reply:
    """Errors are plain text, one message a line: what went wrong and what to do."""
    return Reply(status, "text/plain; charset=utf-8", (message.rstrip("\n") + "\n").encode("utf-8"))


def _graph_terms(iris: list[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(i) for i in iris]


def execute(store: ox.Store, job: Job) -> Reply:
    """Run one query against the store and serialize its answer (in the worker process)."""
    why = refusal(job.query)
    if why:
        return text_reply(HTTPStatus.FORBIDDEN, why)
    wanted = named_format(job.format) if job.format else None
    if job.format and wanted is None:
        names = ", ".join(f.name for f in RESULT_FORMATS + GRAPH_FORMATS)
        return text_reply(HTTPStatus.BAD_REQUEST, f"format={job.format!r} is not one of {names}")
    kwargs: dict[str, Any] = {}
    try:
        if job.default_graphs:
            kwargs["default_graph"] = _graph_terms(job.default_graphs)
        else:
            kwargs["use_default_graph_as_union"] = True
        if job.named_graphs:
            kwargs["named_graphs"] = _graph_terms(job.named_graphs)
    except ValueError as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, f"not a graph IRI: {exc}")
    try:
        answer = store.query(job.query, **kwargs)
        if isinstance(answer, ox.QueryTriples):
            return _graph_reply(answer, job, wanted)
        return _results_reply(answer, job, wanted)
    except SyntaxError as exc:
        return text_reply(HTTPStatus.BAD_REQUEST, f"SPARQL syntax error: {exc}")
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {exc}")


def _pick(job: Job, wanted: Format | None, offered: tuple[Format, ...], form: str) -> Format | Reply:
    if wanted is None:
        return negotiate(job.accept, offered)
    if wanted in offered:
        return wanted
    names = ", ".join(f.name for f in offered)
    return text_reply(HTTPStatus.NOT_ACCEPTABLE,
                      f"format={wanted.name} does not fit a {form} query; use one of {names}")


def _too_many(job: Job, what: str) -> Reply:
    return text_reply(HTTPStatus.UNPROCESSABLE_ENTITY,
                      f"the answer has more than {job.max_rows} {what} (the endpoint's --max-rows); "
                      "add LIMIT, or narrow the query")


def _results_reply(answer: ox.QuerySolutions | ox.QueryBoolean, job: Job, wanted: Format | None) -> Reply:
    fmt = _pick(job, wanted, RESULT_FORMATS, "SELECT or ASK")
    if isinstance(fmt, Reply):
        return fmt
    assert isinstance(fmt.serializer, ox.QueryResultsFormat)
    if isinstance(answer, ox.QueryBoolean):
        return Reply(HTTPStatus.OK, fmt.content_type, answer.serialize(format=fmt.serializer))
    variables = answer.variables
    rows = list(itertools.islice(answer, job.max_rows + 1))
    if len(rows) > job.max_rows:
        return _too_many(job, "rows")
    # The counted rows go back to pyoxigraph as TSV (N-Triples terms: lossless) so that its
    # own serializers write every format.
    lines = ["\t".join(str(v) for v in variables)]
    lines += ["\t".join("" if row[v] is None else str(row[v]) for v in variables) for row in rows]
    counted = ox.parse_query_results(("\n".join(lines) + "\n").encode("utf-8"), ox.QueryResultsFormat.TSV)
    return Reply(HTTPStatus.OK, fmt.content_type, counted.serialize(format=fmt.serializer))


def _graph_reply(answer: ox.QueryTriples, job: Job, wanted: Format | None) -> Reply:
    fmt = _pick(job, wanted, GRAPH_FORMATS, "CONSTRUCT or DESCRIBE")
    if isinstance(fmt, Reply):
        return fmt
    triples = list(itertools.islice(answer, job.max_rows + 1))
    if len(triples) > job.max_rows:
        return _too_many(job, "triples")
    from kg.graph.rdf import PREFIXES

    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt.name == "turtle" else None
    body = ox.serialize(triples, format=fmt.serializer, prefixes=prefixes)
    return Reply(HTTPStatus.OK, fmt.content_type, body or b"")


# The processes: the server (threads answering HTTP) starts one *loader* process, which loads
# the graph into an in-memory Oxigraph store once and then only forks. Each query worker is a
# fork of the loader: it shares the loaded store copy-on-write (no second load, no second copy),
# starts in milliseconds, and can be killed at any moment without harm to the others. The loader
# itself never runs a query and starts no thread, so forking it is safe.

def _send_frame(sock: socket.socket, obj: Any) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(len(data).to_bytes(8, "big") + data)


def _recv_frame(sock: socket.socket, timeout: float | None = None) -> Any:
    """The next frame; TimeoutError when it has not fully arrived within ``timeout``, EOFError
    when the other end closed."""
    deadline = None if timeout is None else time.monotonic() + timeout
    fd = sock.fileno()
    buf = bytearray()
    need, length = 8, None
    while True:
        while len(buf) < need:
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([fd], [], [], left)[0]:
                    raise TimeoutError()
            chunk = os.read(fd, max(need - len(buf), 1 << 16) if length is not None else need - len(buf))
            if not chunk:
                raise EOFError()
            buf += chunk
        if length is None:
            length = int.from_bytes(buf[:8], "big")
            buf, need = buf[8:], length
            continue
        return pickle.loads(bytes(buf[:length]))


def _loader_main(graph: str, fmt_suffix: str, control_fd: int) -> None:
    """The loader process: load the graph, report its size, then fork a worker per request.

    A request is the byte b"fork" with one socket passed along (SCM_RIGHTS); the forked
    worker answers jobs on that socket until it closes. Standard output is left alone.
    """
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # forked workers are reaped by the kernel
    control = socket.socket(fileno=control_fd)
    try:
        store = ox.Store()
        store.load(path=graph, format=FORMATS[fmt_suffix])
        _send_frame(control, ("loaded", len(store), sum(1 for _ in store.named_graphs())))
    except (OSError, SyntaxError, ValueError) as exc:
        _send_frame(control, ("error", str(exc), 0))
        return
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 16, 1)
        except OSError:
            return
        if not message:
            return  # the server closed the control socket: stop
        if not fds:
            continue
        pid = os.fork()
        if pid == 0:
            control.close()
            _worker(store, socket.socket(fileno=fds[0]))
            os._exit(0)
        os.close(fds[0])


def _worker(store: ox.Store, conn: socket.socket) -> None:
    """A forked worker: answer jobs on ``conn`` until the server closes it."""
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    try:
        _send_frame(conn, ("ready", os.getpid()))
        while True:
            job = _recv_frame(conn)
            try:
                reply = execute(store, job)
            except Exception as exc:  # a bug must not leave the HTTP side waiting for the deadline
                reply = text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, f"the query failed: {exc!r}")
            _send_frame(conn, reply)
    except (EOFError, OSError):
        return


class QueryTimeout(Exception):
    """The query ran past the time limit; its worker was killed."""


class Busy(Exception):
    """No worker became free within the time limit."""


@dataclass
class LoadedGraph:
    """The graph as the loader process holds it."""

    source: Path
    triples: int
    graphs: int


class _Worker:
    """One forked worker: its process id and the socket to it."""

    def __init__(self, pid: int, conn: socket.socket) -> None:
        self.pid, self.conn = pid, conn

    def kill(self) -> None:
        """Kill this worker by its own process id (the loader reaps it)."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        with contextlib.suppress(OSError):
            self.conn.close()


class QueryPool:
    """Query workers forked from one loader process, with a hard per-query time limit.

    The limit guarantees: a query whose worker has not handed back its serialized answer
    ``timeout`` seconds after taking it gets :class:`QueryTimeout`, and that worker is killed
    (SIGKILL: its core and memory are freed at once) and replaced by a fresh fork. Waiting
    for a free worker is bounded by the same ``timeout`` (:class:`Busy`).
    """

    def __init__(self, source: str | Path, size: int = 2, timeout: float = 10.0) -> None:
        path = graph_file(source)
        self.timeout = timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: dict[int, _Worker] = {}
        self._lock = threading.Lock()
        self._closed = False
        self._control, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
        self.loader = subprocess.Popen(
            [sys.executable, "-c", "import sys, kg.serve as s; s._loader_main(sys.argv[1], sys.argv[2], "
             "int(sys.argv[3]))", str(path), path.suffix, str(theirs.fileno())],
            pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        try:
            status, triples, graphs = _recv_frame(self._control)
        except (EOFError, OSError):
            self.close()
            raise QueryError(f"{path}: the loader process died while loading the graph") from None
        if status != "loaded":
            self.close()
            raise QueryError(f"{path}: cannot load the graph: {triples}")
        self.loaded = LoadedGraph(path, triples, graphs)
        for _ in range(max(1, size)):
            self._idle.put(self._fork())

    def _fork(self) -> _Worker:
        mine, theirs = socket.socketpair()
        with self._lock:
            if self._closed:
                raise RuntimeError("the query pool is closed")
            socket.send_fds(self._control, [b"fork"], [theirs.fileno()])
        theirs.close()
        try:
            _, pid = _recv_frame(mine, 30)
        except (TimeoutError, EOFError, OSError):
            mine.close()
            raise RuntimeError("a query worker did not start") from None
        w = _Worker(pid, mine)
        with self._lock:
            self._all[pid] = w
        return w

    def _replace(self, dead: _Worker) -> None:
        dead.kill()
        with self._lock:
            self._all.pop(dead.pid, None)
        with contextlib.suppress(RuntimeError, OSError):
            self._idle.put(self._fork())

    def pids(self) -> set[int]:
        with self._lock:
            return set(self._all)

    def run(self, job: Job) -> Reply:
        try:
            w = self._idle.get(timeout=self.timeout)
        except queue.Empty:
            if self.loader.poll() is not None and not self.pids():
                raise RuntimeError("the loader process has died, so no query worker is left; "
                                   "restart kg serve") from None
            raise Busy() from None
        try:
            _send_frame(w.conn, job)
            reply = _recv_frame(w.conn, self.timeout)
        except TimeoutError:
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            raise QueryTimeout() from None
        except (EOFError, OSError):
            threading.Thread(target=self._replace, args=(w,), daemon=True).start()
            raise RuntimeError("a query worker died; it is being replaced") from None
        self._idle.put(w)
        return reply

    def close(self) -> None:
        """Kill every worker and stop the loader, each by its own process id."""
        with self._lock:
            self._closed = True
            workers = list(self._all.values())
            self._all.clear()
        for w in workers:
            w.kill()
        with contextlib.suppress(OSError):
            self._control.close()  # the loader reads EOF and exits
        try:
            self.loader.wait(5)
        except subprocess.TimeoutExpired:
            self.loader.kill()
            self.loader.wait(5)


# ---------------------------------------------------------------- HTTP

def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class SparqlServer(ThreadingHTTPServer):
    """The HTTP side: parses SPARQL Protocol requests and hands queries to the pool."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], loaded: LoadedGraph, pool: QueryPool,
                 max_rows: int, quiet: bool = False) -> None:
        self.loaded, self.pool, self.max_rows, self.quiet = loaded, pool, max_rows, quiet
        super().__init__(address, SparqlHandler)
        self.page = query_page(self)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = f"[{host}]" if ":" in str(host) else host
        return f"http://{host}:{port}/"

    def close(self) -> None:
        """Stop serving, then kill the workers and the loader."""
        self.shutdown()
        self.server_close()
        self.pool.close()


class SparqlHandler(BaseHTTPRequestHandler):
    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "kg-serve"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes; without NODELAY, Nagle's algorithm holds the
        # body until the client's delayed ACK of the headers (40 ms on Linux)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, format: str, *args: Any) -> None:
        if not self.server.quiet:
            super().log_message(format, *args)

    # -- plumbing

    def _send(self, reply: Reply) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Vary", "Accept")
        self.send_header("X-Content-Type-Options", "nosniff")
        for k, v in reply.headers.items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _host_allowed(self) -> bool:
        """On a loopback address, only loopback Host names: a web page the user visits
        cannot reach the endpoint through a DNS name rebound to 127.0.0.1."""
        if not _is_loopback(str(self.server.server_address[0])):
            return True
        host = self.headers.get("Host")
        if host is None:
            return True
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        return _is_loopback(name)

    def _read_body(self) -> bytes | Reply:
        length = self.headers.get("Content-Length")
        if length is None:
            return text_reply(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length")
        try:
            n = int(length)
        except ValueError:
            return text_reply(HTTPStatus.BAD_REQUEST, "Content-Length is not a number")
        if n > MAX_BODY:
            self.close_connection = True
            if n <= 16 * MAX_BODY:  # read it away, so the client gets to read the answer
                while n > 0:
                    chunk = self.rfile.read(min(n, 1 << 16))
                    if not chunk:
                        break
                    n -= len(chunk)
            reply = text_reply(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"the request is over {MAX_BODY} bytes")
            reply.headers["Connection"] = "close"
            return reply
        return self.rfile.read(n)

    # -- methods

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(text_reply(HTTPStatus.FORBIDDEN, "this Host is not served"))
            return
        url = urlsplit(self.path)
        params = parse_qs(url.query, keep_blank_values=True)
        if url.path in ("/", "/index.html"):
            self._send(Reply(HTTPStatus.OK, "text/html; charset=utf-8", self.server.page))
        elif url.path == "/sparql":
            if not params and "text/html" in (self.headers.get("Accept") or ""):
                self._send(Reply(HTTPStatus.SEE_OTHER, "text/plain", b"", {"Location": "/"}))
                return
            self._send(self._protocol(params))
        elif url.path.startswith("/queries/"):
            self._send(self._canned(url.path.removeprefix("/queries/"), params))
        elif url.path == "/queries":
            listing = {n: {"description": describe(t), "parameters": parameters(t)}
                       for n, t in canned().items()}
            self._send(Reply(HTTPStatus.OK, "application/json",
                             json.dumps(listing, ensure_ascii=False, indent=1).encode("utf-8")))
        else:
            self._send(text_reply(HTTPStatus.NOT_FOUND, f"{url.path}: nothing here; SPARQL is at /sparql"))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        if not self._host_allowed():
            self._send(text_reply(HTTPStatus.FORBIDDEN, "this Host is not served"))
            return
        url = urlsplit(self.path)
        if url.path != "/sparql":
            self._send(text_reply(HTTPStatus.NOT_FOUND, f"{url.path}: nothing here; SPARQL is at /sparql"))
            return
        body = self._read_body()
        if isinstance(body, Reply):
            self._send(body)
            return
        params = parse_qs(url.query, keep_blank_values=True)
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype == "application/sparql-update":
            self._send(self._read_only("application/sparql-update"))
            return
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            except UnicodeDecodeError:
                self._send(text_reply(HTTPStatus.BAD_REQUEST, "the form is not UTF-8"))
                return
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            if "query" in params:
                self._send(text_reply(HTTPStatus.BAD_REQUEST,
                                      "a direct POST carries the query in its body, not in query="))
                return
            try:
                params["query"] = [body.decode("utf-8")]
            except UnicodeDecodeError:
                self._send(text_reply(HTTPStatus.BAD_REQUEST, "the query is not UTF-8"))
                return
        else:
            self._send(text_reply(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                  "POST application/sparql-query (the query as the body) or "
                                  "application/x-www-form-urlencoded (query=…)"))
            return
        self._send(self._protocol(params))

    def _refuse_write(self) -> None:
        self._send(self._read_only(f"HTTP {self.command}"))

    do_PUT = do_DELETE = do_PATCH = _refuse_write

    def _read_only(self, what: str) -> Reply:
        reply = text_reply(
            HTTPStatus.METHOD_NOT_ALLOWED if what.startswith("HTTP ") else HTTPStatus.FORBIDDEN,
            f"this endpoint is read-only: {what} is refused; change the plans and run `kg build`, "
            "or `kg push` the graph into a store you can write")
        reply.headers["Allow"] = "GET, POST, HEAD"
        return reply

    # -- SPARQL

    def _protocol(self, params: dict[str, list[str]]) -> Reply:
        if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
            return self._read_only("SPARQL Update (update=)")
        queries = params.get("query", [])
        if len(queries) != 1 or not queries[0].strip():
            return text_reply(HTTPStatus.BAD_REQUEST,
                              "give exactly one query: GET /sparql?query=…, or POST it (form or direct)")
        formats = params.get("format", [])
        job = Job(query=queries[0], accept=self.headers.get("Accept"),
                  format=formats[0] if formats else None,
                  default_graphs=params.get("default-graph-uri", []),
                  named_graphs=params.get("named-graph-uri", []),
                  max_rows=self.server.max_rows)
        why = refusal(job.query)  # answered here: no worker needed to say no
        if why:
            return text_reply(HTTPStatus.FORBIDDEN, why)
        started = time.monotonic()
        try:
            reply = self.server.pool.run(job)
        except QueryTimeout:
            return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                              f"the query ran past the time limit of {self.server.pool.timeout:g} s "
                              "(kg serve --timeout) and was stopped; add LIMIT or narrow the query")
        except Busy:
            return text_reply(HTTPStatus.SERVICE_UNAVAILABLE,
                              f"every query worker stayed busy for {self.server.pool.timeout:g} s; "
                              "try again")
        except RuntimeError as exc:
            return text_reply(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc))
        reply.headers["X-Query-Time"] = f"{(time.monotonic() - started) * 1000:.1f}ms"
        return reply

    def _canned(self, name: str, params: dict[str, list[str]]) -> Reply:
        """A canned query's text with its parameters bound (what the query page runs)."""
        name = name.removesuffix(".rq")
        text = canned().get(name)
        if text is None:
            return text_reply(HTTPStatus.NOT_FOUND, f"no canned query {name!r}; see /queries")
        values = {k: v[0] for k, v in params.items() if v and v[0]}
        missing = [p for p in parameters(text) if p not in values]
        if missing:
            return text_reply(HTTPStatus.BAD_REQUEST, "this query needs " + ", ".join(missing))
        unknown = [p for p in values if p not in parameters(text)]
        if unknown:
            return text_reply(HTTPStatus.BAD_REQUEST, "this query has no parameter " + ", ".join(unknown))
        try:
            bound = bind(text, values)
        except QueryError as exc:
            return text_reply(HTTPStatus.BAD_REQUEST, str(exc))
        return Reply(HTTPStatus.OK, "application/sparql-query; charset=utf-8", bound.encode("utf-8"))


# ---------------------------------------------------------------- the query page

def example(text: str, name: str) -> str:
    """The example on a query's ``# Parameter ?name`` line: its first quoted value, else the
    value after "e.g.".

    >>> example('# Parameter ?keyword: a word such as "算力" or "数据".', "keyword")
    '算力'
    >>> example("# Parameter ?before: the date, ISO (e.g. 2025-06-30); …", "before")
    '2025-06-30'
    """
    line = re.search(rf"^# Parameter \?{name}\b.*$", text, flags=re.M)
    if not line:
        return ""
    found = re.search(r'"([^"]+)"', line.group(0)) or re.search(r"e\.g\. ([^\s,;)]+)", line.group(0))
    return found.group(1) if found else ""


def query_page(server: SparqlServer) -> bytes:
    """The page at /: a query box, the canned queries one click away, results as a table.

    Everything is inline (no CDN, no external font or script), so it works offline.
    """
    queries = [{"name": n, "description": describe(t), "text": t,
                "parameters": [{"name": p, "example": example(t, p)} for p in parameters(t)]}
               for n, t in canned().items()]
    data = json.dumps({"queries": queries, "maxRows": server.max_rows, "timeout": server.pool.timeout},
                      ensure_ascii=False).replace("</", "<\\/")
    loaded = server.loaded
    stats = f"{loaded.triples:,} triples in {loaded.graphs} named graphs from {loaded.source.name}"
    return (PAGE.replace("__DATA__", data)
            .replace("__STATS__", _html_escape(stats))
            .encode("utf-8"))


def _html_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


PAGE = """<!doctype html>
<html lang="zh">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>policy-kg SPARQL</title>
<style>
body { font: 14px/1.45 system-ui, "Noto Sans CJK SC", "PingFang SC", sans-serif; margin: 1.2em; color: #222; }
h1 { font-size: 1.25em; margin: 0 0 .2em; } .muted { color: #666; }
#canned { display: flex; flex-wrap: wrap; gap: .5em; margin: .8em 0; }
.card { border: 1px solid #ccd; border-radius: 6px; padding: .45em .6em; max-width: 24em;
        background: #f8f9fc; }
.card button { font-weight: 600; } .card p { margin: .25em 0; font-size: .9em; }
.card input { width: 11em; }
textarea { width: 100%; height: 14em; box-sizing: border-box;
           font: 13px/1.35 ui-monospace, Menlo, Consolas, monospace; }
#bar { margin: .5em 0; display: flex; gap: .6em; align-items: center; flex-wrap: wrap; }
table { border-collapse: collapse; margin-top: .6em; }
th, td { border: 1px solid #ddd; padding: .2em .45em; vertical-align: top; }
th { background: #eef; position: sticky; top: 0; } td { max-width: 40em; overflow-wrap: break-word; }
#status.error { color: #a00; white-space: pre-wrap; } .iri { color: #24a; }
</style>
</head>
<body>
<h1>policy-kg SPARQL endpoint</h1>
<div class="muted">__STATS__ · read-only · endpoint <code>/sparql</code> (SPARQL 1.1 Protocol: GET or POST;
JSON, XML, CSV, TSV; Turtle for CONSTRUCT) · <span id="limits"></span></div>
<div id="canned"></div>
<textarea id="query" spellcheck="false" aria-label="SPARQL query"></textarea>
<div id="bar">
  <button id="run" type="button">Run ▶</button>
  <label>as <select id="format"><option value="table">table</option><option>json</option><option>xml</option>
  <option>csv</option><option>tsv</option><option>turtle</option></select></label>
  <span id="status"></span> <span id="links"></span>
</div>
<div id="out"></div>
<script id="kg-data" type="application/json">__DATA__</script>
<script>
"use strict";
const data = JSON.parse(document.getElementById("kg-data").textContent);
const $ = (id) => document.getElementById(id);
$("limits").textContent = "limits: " + data.timeout + " s, " + data.maxRows.toLocaleString() + " rows";
$("query").value = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 20";

function el(tag, attrs, text) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

for (const q of data.queries) {
  const card = el("div", {class: "card"});
  const button = el("button", {type: "button", id: "q-" + q.name}, q.name);
  card.append(button, el("p", {}, q.description));
  const inputs = {};
  for (const p of q.parameters) {
    const label = el("label", {}, p.name + " ");
    const input = el("input", {value: p.example, "aria-label": p.name});
    label.append(input); card.append(label); inputs[p.name] = input;
  }
  button.addEventListener("click", async () => {
    const args = new URLSearchParams();
    for (const [name, input] of Object.entries(inputs)) args.set(name, input.value);
    const r = await fetch("/queries/" + q.name + "?" + args);
    const text = await r.text();
    if (!r.ok) { showError(r.status, text); return; }
    $("query").value = text;
    run();
  });
  $("canned").append(card);
}

function showError(status, text) {
  $("status").className = "error";
  $("status").textContent = status + ": " + text;
  $("out").textContent = "";
}

function term(b) {
  if (!b) return el("span", {}, "");
  if (b.type === "uri") {
    const short = b.value.replace(/^https:\\/\\/w3id.org\\/policy-kg\\//, "kg/");
    return el("span", {class: "iri", title: b.value}, short);
  }
  const t = el("span", {}, b.value);
  if (b["xml:lang"]) t.title = "@" + b["xml:lang"]; else if (b.datatype) t.title = b.datatype;
  return t;
}

async function run() {
  const query = $("query").value;
  const fmt = $("format").value;
  const form = new URLSearchParams({query});
  if (fmt !== "table") form.set("format", fmt);
  $("status").className = ""; $("status").textContent = "running…"; $("links").textContent = "";
  const t0 = performance.now();
  let r;
  try {
    r = await fetch("/sparql", {method: "POST", body: form,
                               headers: {"Accept": "application/sparql-results+json, text/turtle;q=0.9"}});
  } catch (e) { showError("network", String(e)); return; }
  const ms = Math.round(performance.now() - t0);
  const type = r.headers.get("Content-Type") || "";
  const body = await r.text();
  if (!r.ok) { showError(r.status, body); return; }
  for (const f of ["json", "xml", "csv", "tsv"]) {
    const href = "/sparql?" + new URLSearchParams({query, format: f});
    const a = el("a", {href, download: "result." + f}, f);
    $("links").append(a, " ");
  }
  $("out").textContent = "";
  if (type.startsWith("application/sparql-results+json")) {
    const res = JSON.parse(body);
    if ("boolean" in res) { $("status").textContent = "ASK: " + res.boolean + " · " + ms + " ms"; return; }
    const vars = res.head.vars, rows = res.results.bindings;
    const table = el("table"), head = el("tr");
    for (const v of vars) head.append(el("th", {}, v));
    table.append(head);
    for (const row of rows) {
      const tr = el("tr");
      for (const v of vars) { const td = el("td"); td.append(term(row[v])); tr.append(td); }
      table.append(tr);
    }
    $("out").append(table);
    $("status").textContent = rows.length + " rows · " + ms + " ms";
  } else {
    $("out").append(el("pre", {}, body));
    $("status").textContent = type.split(";")[0] + " · " + ms + " ms";
  }
}

$("run").addEventListener("click", run);
// /#run=NAME clicks that canned query on load (a link to a ready answer)
const wanted = new URLSearchParams(location.hash.slice(1)).get("run");
if (wanted && $("q-" + wanted)) $("q-" + wanted).click();
$("query").addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) run(); });
</script>
</body>
</html>
"""


# ---------------------------------------------------------------- entry point

def make_server(graph: str | Path = "exports", host: str = "127.0.0.1", port: int = 7878,
                timeout: float = 10.0, max_rows: int = 10_000, workers: int = 2,
                quiet: bool = False) -> SparqlServer:
    """Load the graph, fork the workers and bind the socket (port 0: any free port).

    Call ``serve_forever()`` on the result (in a thread, for tests) and ``close()`` after.
    """
    pool = QueryPool(graph, workers, timeout)
    try:
        return SparqlServer((host, port), pool.loaded, pool, max_rows, quiet)
    except OSError:
        pool.close()
        raise


@contextlib.contextmanager
def running(**kwargs: Any):
    """A server serving in a background thread for the length of a ``with`` block."""
    server = make_server(**kwargs)
    thread = threading.Thread(target=server.serve_forever, daemon=True, name="kg-serve")
    thread.start()
    try:
        yield server
    finally:
        server.close()
        thread.join(10)
