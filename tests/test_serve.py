"""`kg serve` over HTTP: the canned queries, the protocol, read-only, limits, formats, errors.

The server runs in a thread of the test process on a free loopback port; its query
workers are child processes, killed when the module's tests are done.
"""

from __future__ import annotations

import contextlib
import csv
import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.query import canned, open_store, run
from kg.serve import RESULT_FORMATS, Job, example, execute, running
from tests.conftest import SEEDS

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
# three copies of the graph joined on nothing: 7,700³ rows to count, far past any time limit
CROSS_PRODUCT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
MAX_ROWS = 5000


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    build([SEEDS], out)
    return out


@pytest.fixture(scope="module")
def sizes(exports) -> dict[str, int]:
    """Triples per named graph of the seeds' build (and "all"), counted from the TriG itself,
    so the tests follow the graph as the extractor grows."""
    from kg.push import named_graphs

    out = {g.iri.rsplit("/", 1)[1]: g.triples for g in named_graphs(exports)}
    out["all"] = sum(out.values())
    return out


@pytest.fixture(scope="module")
def server(exports):
    with running(graph=exports, port=0, timeout=TIMEOUT, max_rows=MAX_ROWS, workers=2, quiet=True) as srv:
        yield srv


def request(server, method: str, path: str, body: bytes | str | None = None,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request with http.client (no proxy settings can reroute it)."""
    host, port = server.server_address[:2]
    conn = http.client.HTTPConnection(host, port, timeout=30)
    try:
        conn.request(method, path, body=body.encode("utf-8") if isinstance(body, str) else body,
                     headers=headers or {})
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def get(server, query: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    return request(server, "GET", "/sparql?" + urlencode({"query": query}), headers=headers)


def solutions(body: bytes) -> list[dict[str, str | None]]:
    """SPARQL JSON results as plain rows (the same shape as kg.query.run's)."""
    data = json.loads(body)
    return [{v: row[v]["value"] if v in row else None for v in data["head"]["vars"]}
            for row in data["results"]["bindings"]]


# ---------------------------------------------------------------- the canned queries

def concat_sorted(rows: list[dict[str, str | None]]) -> list[dict[str, str | None]]:
    """GROUP_CONCAT lists in one order: SPARQL leaves it open, and two stores differ."""
    return [{k: " ".join(sorted(v.split(" "))) if k == "paths" and v else v for k, v in r.items()}
            for r in rows]


@pytest.mark.parametrize("name", sorted(canned()))
def test_every_canned_query_answers_over_http_as_kg_query_does(server, exports, name):
    text = canned()[name]
    wanted = {p: example(text, p) for p in re.findall(r"^# Parameter \?(\w+)", text, flags=re.M)}
    status, headers, bound = request(server, "GET", f"/queries/{name}?" + urlencode(wanted))
    assert status == 200, bound
    status, headers, body = request(server, "POST", "/sparql", urlencode({"query": bound.decode()}),
                                    {"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200, body
    assert headers["content-type"] == "application/sparql-results+json"
    expected = run(open_store(exports), text, wanted).rows
    assert concat_sorted(solutions(body)) == concat_sorted(expected)
    if name in ("keyword", "owns", "shared", "unowned", "workload"):  # the seeds have no dated deadlines
        assert expected, f"{name} answers something on the seeds"


def test_the_answers_are_the_documented_ones(server):
    _, _, bound = request(server, "GET", "/queries/workload")
    rows = {r["agencyLabel"]: r for r in solutions(get(server, bound.decode())[2])}
    assert (rows["山东省科学技术厅"]["lead"], rows["济南市工业和信息化局"]["tasks"]) == ("15", "29")
    _, _, bound = request(server, "GET", "/queries/owns?agencyName=" + quote("青岛市大数据局"))
    assert len(solutions(get(server, bound.decode())[2])) == 12


def test_get_form_post_and_direct_post_agree(server, sizes):
    a = get(server, COUNT_ALL)
    b = request(server, "POST", "/sparql", urlencode({"query": COUNT_ALL}),
                {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
    c = request(server, "POST", "/sparql", COUNT_ALL, {"Content-Type": "application/sparql-query"})
    assert a[0] == b[0] == c[0] == 200
    assert solutions(a[2]) == solutions(b[2]) == solutions(c[2]) == [{"n": str(sizes["all"])}]


def test_default_graph_uri_narrows_the_default_graph(server, sizes):
    iri = "https://w3id.org/policy-kg/graph/000_447c546ad0059f4a.txt"
    status, _, body = request(server, "GET",
                              "/sparql?" + urlencode({"query": COUNT_ALL, "default-graph-uri": iri}))
    assert status == 200 and solutions(body) == [{"n": str(sizes["000_447c546ad0059f4a.txt"])}]


# ---------------------------------------------------------------- formats

QUERY = 'SELECT ?label ?n WHERE { VALUES (?label ?n) { ("济南市, \\"工信局\\"\\t"@zh 1) ("b" 2) } }'


@pytest.mark.parametrize("fmt", RESULT_FORMATS, ids=lambda f: f.name)
def test_each_results_format_by_accept_and_by_format_parameter(server, fmt):
    by_accept = get(server, QUERY, Accept=fmt.media_type)
    by_param = request(server, "GET", "/sparql?" + urlencode({"query": QUERY, "format": fmt.name}),
                       headers={"Accept": "application/sparql-results+json"})
    for status, headers, body in (by_accept, by_param):
        assert status == 200, body
        assert headers["content-type"].split(";")[0] == fmt.media_type
        assert headers["vary"] == "Accept"
    assert by_accept[2] == by_param[2]
    if fmt.name == "csv":  # lossy by design: pyoxigraph will not read it back
        rows = list(csv.reader(io.StringIO(by_accept[2].decode("utf-8"))))[1:]
    else:
        parsed = ox.parse_query_results(by_accept[2], fmt.serializer)
        rows = [[None if s[v] is None else s[v].value for v in ("label", "n")] for s in parsed]
    assert rows == [['济南市, "工信局"\t', "1"], ["b", "2"]]


def test_csv_is_rfc4180_with_chinese_intact(server):
    _, headers, body = get(server, QUERY, Accept="text/csv")
    assert headers["content-type"] == "text/csv; charset=utf-8"
    assert list(csv.reader(io.StringIO(body.decode("utf-8")))) == [
        ["label", "n"], ['济南市, "工信局"\t', "1"], ["b", "2"]]


def test_accept_q_values_and_defaults(server):
    assert get(server, QUERY, Accept="text/csv;q=0.4, application/sparql-results+xml;q=0.8")[1][
        "content-type"] == "application/sparql-results+xml"
    assert get(server, QUERY)[1]["content-type"] == "application/sparql-results+json"
    assert get(server, QUERY, Accept="image/png")[1]["content-type"] == "application/sparql-results+json"


def test_ask_and_construct(server):
    status, headers, body = get(server, "ASK { ?s ?p ?o }", Accept="application/sparql-results+xml")
    assert status == 200 and bool(ox.parse_query_results(body, ox.QueryResultsFormat.XML)) is True
    construct = "CONSTRUCT WHERE { ?s <https://w3id.org/policy-kg/ontology#path> ?o } LIMIT 5"
    status, headers, body = get(server, construct)
    assert status == 200 and headers["content-type"] == "text/turtle; charset=utf-8"
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 5
    status, headers, body = get(server, construct, Accept="application/n-triples")
    assert headers["content-type"] == "application/n-triples" and len(body.splitlines()) == 5
    status, _, body = request(server, "GET", "/sparql?" + urlencode({"query": construct, "format": "csv"}))
    assert status == 406 and b"does not fit a CONSTRUCT" in body
    status, _, body = request(server, "GET", "/sparql?" + urlencode({"query": QUERY, "format": "yaml"}))
    assert status == 400 and b"format='yaml'" in body


# ---------------------------------------------------------------- read-only

def test_updates_and_writes_are_refused(server, sizes):
    insert = 'INSERT DATA { <urn:x> <urn:p> "written" }'
    attempts = [
        request(server, "GET", "/sparql?" + urlencode({"update": insert})),
        request(server, "POST", "/sparql", urlencode({"update": insert}),
                {"Content-Type": "application/x-www-form-urlencoded"}),
        request(server, "POST", "/sparql", insert, {"Content-Type": "application/sparql-update"}),
        get(server, insert),
        get(server, "PREFIX ex: <urn:ex#>\nDELETE WHERE { ?s ?p ?o }"),
        request(server, "POST", "/sparql", "DROP ALL", {"Content-Type": "application/sparql-query"}),
    ]
    for status, _, body in attempts:
        assert status == 403, body
        assert body.startswith(b"this endpoint is read-only"), body
    for method in ("PUT", "DELETE", "PATCH"):
        status, headers, body = request(server, method, "/sparql", "<urn:x> <urn:p> <urn:o> .",
                                        {"Content-Type": "text/turtle"})
        assert status == 405 and headers["allow"] == "GET, POST, HEAD"
        assert b"read-only" in body
    assert solutions(get(server, COUNT_ALL)[2]) == [{"n": str(sizes["all"])}]
    assert solutions(get(server, 'SELECT ?s WHERE { ?s ?p "written" }')[2]) == []


def test_workers_cannot_write_even_past_the_checks(monkeypatch):
    """execute() only calls Store.query, whose parser knows no update: with the refusal
    switched off, an update is a syntax error and the store is untouched."""
    monkeypatch.setattr("kg.serve.refusal", lambda query: None)
    store = ox.Store()
    for update in ('INSERT DATA { <urn:x> <urn:p> "written" }', "LOAD <http://127.0.0.1:9/x.ttl>"):
        reply = execute(store, Job(update))
        assert reply.status == 400 and reply.body.startswith(b"SPARQL syntax error")
    assert len(store) == 0


def test_service_is_refused_and_nothing_is_fetched(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    try:
        for query in (f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ \\u0053ERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}",
                      f"SELECT * WHERE {{ service silent <http://127.0.0.1:{port}/> {{ ?s ?p ?o }} }}"):
            status, _, body = get(server, query)
            assert status == 403 and body.startswith(b"SERVICE is not available"), body
        with pytest.raises(TimeoutError):
            listener.accept()
    finally:
        listener.close()
    # the word in a string or a name is not the keyword
    assert get(server, 'SELECT ?x WHERE { BIND("SERVICE" AS ?x) }')[0] == 200


# ---------------------------------------------------------------- limits

def _alive(pid: int) -> bool:
    """Running (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _descendants(pid: int) -> set[int]:
    found: set[int] = set()
    todo = [pid]
    while todo:
        p = todo.pop()
        for children in Path(f"/proc/{p}/task").glob("*/children"):
            with contextlib.suppress(OSError):
                kids = {int(c) for c in children.read_text().split()}
                todo.extend(kids - found)
                found |= kids
    return found


def test_a_query_past_the_time_limit_is_stopped_and_its_worker_killed(server, sizes):
    before = server.pool.pids()
    started = time.monotonic()
    status, _, body = get(server, CROSS_PRODUCT)
    took = time.monotonic() - started
    assert status == 503
    assert body.decode() == ("the query ran past the time limit of 2 s (kg serve --timeout) and was "
                             "stopped; add LIMIT or narrow the query\n")
    assert TIMEOUT <= took < TIMEOUT + 3
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # killed, reaped and dropped from the pool
        gone = [pid for pid in before if not _alive(pid)]
        if gone and not set(gone) & server.pool.pids():
            break
        time.sleep(0.05)
    else:
        pytest.fail("no worker was killed")
    assert len(gone) == 1
    # the endpoint goes on answering, and the pool is whole again
    assert solutions(get(server, COUNT_ALL)[2]) == [{"n": str(sizes["all"])}]
    deadline = time.monotonic() + 30
    while len(server.pool.pids()) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(server.pool.pids()) == 2


def test_a_large_answer_hits_the_row_limit(server):
    status, _, body = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 422
    assert body.decode().startswith(f"the answer has more than {MAX_ROWS} rows (the endpoint's --max-rows)")
    status, _, body = get(server, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert status == 422 and b"triples" in body
    status, _, body = get(server, f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}")
    assert status == 200 and len(solutions(body)) == MAX_ROWS


# ---------------------------------------------------------------- bad requests

def test_a_malformed_query_gets_400_with_the_parsers_message(server):
    bad = "SELECT ?x WHERE { ?x ?p }"
    with pytest.raises(SyntaxError) as parser:
        ox.Store().query(bad)
    status, headers, body = get(server, bad)
    assert status == 400 and headers["content-type"] == "text/plain; charset=utf-8"
    assert body.decode() == f"SPARQL syntax error: {parser.value}\n"


def test_other_bad_requests(server):
    assert request(server, "GET", "/sparql")[0] == 400
    status, _, body = request(server, "GET", "/sparql?query=a&query=b")
    assert status == 400 and b"exactly one query" in body
    assert request(server, "POST", "/sparql", "x", {"Content-Type": "text/plain"})[0] == 415
    assert request(server, "GET", "/nowhere")[0] == 404
    status, _, body = request(server, "GET", "/queries/owns")
    assert status == 400 and b"agencyName" in body
    assert request(server, "GET", "/queries/nosuch")[0] == 404
    big = "x" * (2 << 20)
    assert request(server, "POST", "/sparql", big, {"Content-Type": "application/sparql-query"})[0] == 413
    # a page on another site cannot reach the endpoint through a rebound DNS name
    status, _, _ = request(server, "GET", "/sparql?" + urlencode({"query": COUNT_ALL}),
                           headers={"Host": "attacker.example"})
    assert status == 403


# ---------------------------------------------------------------- the query page

def test_the_page_is_self_contained(server, sizes):
    status, headers, body = request(server, "GET", "/")
    page = body.decode("utf-8")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert not re.search(r"<script[^>]+src|<link|@import|url\(", page)
    assert not re.search(r"(src|href)=[\"']?(https?:)?//", page)
    for name in canned():
        assert f'"name": "{name}"' in page
    assert f"{sizes['all']:,} triples in 6 named graphs" in page
    listing = json.loads(request(server, "GET", "/queries")[2])
    assert listing["owns"]["parameters"] == ["agencyName"]


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium binary (apt-get install chromium; "
                                             "python3 dev.py test does)")
def test_one_click_on_a_canned_query_shows_its_answer_in_a_browser(server):
    """Debian's headless Chromium opens the page, clicks `workload` and shows the table."""
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        dom = subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--no-proxy-server", f"--user-data-dir={profile}", "--virtual-time-budget=10000",
             "--dump-dom", f"{server.url}#run=workload"],
            capture_output=True, text=True, timeout=120).stdout
    assert re.search(r'<span id="status"[^>]*>98 rows · \d+ ms</span>', dom), dom[-2000:]
    assert "<th>agencyLabel</th>" in dom and "济南市工业和信息化局" in dom


# ---------------------------------------------------------------- the command

def test_kg_serve_command_serves_and_stops_its_processes_on_sigterm(exports, sizes):
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "kg", "serve", "--graph", str(exports), "--port", "0",
                             "--timeout", "5", "-q"], stderr=subprocess.PIPE, text=True, env=env)
    try:
        box: list[str] = []
        reader = threading.Thread(target=lambda: box.append(proc.stderr.readline()), daemon=True)
        reader.start()
        reader.join(60)
        line = box[0] if box else ""
        m = re.search(r"at (http://127\.0\.0\.1:\d+/) .*limits 5 s, 10,000 rows", line)
        assert m, line
        url = urlsplit(m.group(1))
        conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        conn.request("GET", "/sparql?" + urlencode({"query": COUNT_ALL}), headers={"Accept": "text/csv"})
        assert conn.getresponse().read() == f"n\r\n{sizes['all']}\r\n".encode()
        conn.close()
        helpers = _descendants(proc.pid)
        assert len(helpers) == 3  # the loader and its two workers
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(30) == 0
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in helpers if _alive(p)]
