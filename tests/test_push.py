"""`kg push` against a tiny Graph Store Protocol server run by the test on loopback.

The fake store keeps graphs in a dict, checks Basic credentials when told to, and can be
made to refuse (401, 500) or to drop the connection at a chosen graph: the error paths
are what this file is about. The real store (Virtuoso) is in test_virtuoso.py.
"""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.push import PushError, named_graphs, push
from tests.conftest import SEEDS

GRAPH = "https://w3id.org/policy-kg/graph/"


@dataclass
class FakeStore:
    """What the fake Graph Store holds and how it behaves."""

    graphs: dict[str, bytes] = field(default_factory=dict)
    requests: list[tuple[str, str, bool]] = field(default_factory=list)  # method, graph, had auth
    credentials: str | None = None  # "user:password" for Basic, or None for an open store
    fail_at: int | None = None  # 1-based PUT number that fails
    fail_with: int | str = 500  # an HTTP status, or "drop" to close the connection unanswered

    def puts(self) -> int:
        return sum(1 for m, _, _ in self.requests if m == "PUT")


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *args: object) -> None:
        pass

    def do_PUT(self) -> None:
        store = self.server.store
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = parse_qs(urlsplit(self.path).query)["graph"][0]
        auth = self.headers.get("Authorization")
        store.requests.append(("PUT", graph, auth is not None))
        if store.credentials is not None:
            expected = "Basic " + base64.b64encode(store.credentials.encode()).decode()
            if auth != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="fake store"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
        if store.fail_at is not None and store.puts() - self._challenges() >= store.fail_at:
            if store.fail_with == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            message = b"disk full"
            self.send_response(int(store.fail_with))
            self.send_header("Content-Length", str(len(message)))
            self.end_headers()
            self.wfile.write(message)
            return
        created = graph not in store.graphs
        store.graphs[graph] = body
        self.send_response(201 if created else 204)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _challenges(self) -> int:
        """PUTs that were answered with a challenge, not counted as attempts."""
        store = self.server.store
        if store.credentials is None:
            return 0
        return sum(1 for m, _, auth in store.requests if m == "PUT" and not auth)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        super().__init__(("127.0.0.1", 0), _Handler)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the dropped connection is on purpose


@pytest.fixture()
def fake() -> Iterator[tuple[FakeStore, str]]:
    store = FakeStore()
    server = _Server(store)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield store, f"http://127.0.0.1:{server.server_address[1]}/ds/data"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    build([SEEDS], out)
    return out


DOCS = ["000_447c546ad0059f4a.txt", "001_189a3258d8634c8e.txt", "002_d592eefb1c7a7cc1.txt",
        "003_ff2894e512514074.txt", "004_f07e0568717fa65d.txt", "agencies"]


def test_named_graphs_are_the_trigs_one_per_document(exports):
    graphs = named_graphs(exports)
    assert [g.iri for g in graphs] == [GRAPH + d for d in DOCS]
    trig = ox.Dataset(ox.parse(path=str(exports / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert sum(g.triples for g in graphs) == len(trig)
    back = list(ox.parse(graphs[0].body, format=ox.RdfFormat.TURTLE))
    assert len(back) == graphs[0].triples > 1000


def test_push_puts_every_graph_and_a_repush_replaces_it(fake, exports):
    store, url = fake
    report = push(exports, url)
    assert report.written == [GRAPH + d for d in DOCS]
    assert set(store.graphs) == set(report.written)
    assert set(report.statuses.values()) == {201}
    for g in named_graphs(exports):
        assert store.graphs[g.iri] == g.body
    report = push(exports, url)
    assert set(report.statuses.values()) == {204}
    assert [m for m, _, _ in store.requests] == ["PUT"] * 12


def test_basic_auth_answers_the_challenge_or_goes_up_front(fake, exports):
    store, url = fake
    store.credentials = "kg:秘密"
    with pytest.raises(PushError, match=r"graph 1 of 6 .* refused: HTTP 401 .*no graph was written"):
        push(exports, url)
    store.requests.clear()
    push(exports, url, "kg", "秘密")  # auto: answers the Basic challenge
    assert [auth for _, _, auth in store.requests] == [False, True] * 6
    store.requests.clear()
    push(exports, url, "kg", "秘密", auth="basic")  # up front: one request a graph
    assert [auth for _, _, auth in store.requests] == [True] * 6
    with pytest.raises(PushError, match="HTTP 401"):
        push(exports, url, "kg", "wrong", auth="basic")


def test_a_refusal_midway_names_the_graphs_already_written(fake, exports):
    store, url = fake
    store.fail_at = 3
    with pytest.raises(PushError) as err:
        push(exports, url)
    message = str(err.value)
    assert "\n" not in message
    assert message.startswith(f"graph 3 of 6 <{GRAPH}002_d592eefb1c7a7cc1.txt> refused: HTTP 500 "
                              "Internal Server Error: disk full; 2 of 6 graphs were replaced before it: ")
    assert message.endswith(f"<{GRAPH}000_447c546ad0059f4a.txt> <{GRAPH}001_189a3258d8634c8e.txt>")
    assert err.value.written == [GRAPH + d for d in DOCS[:2]] == sorted(store.graphs)


def test_a_dropped_connection_leaves_that_graph_in_doubt_and_says_so(fake, exports):
    store, url = fake
    store.fail_at, store.fail_with = 2, "drop"
    with pytest.raises(PushError, match=r"graph 2 of 6 <.*001_189a3258d8634c8e.txt> may be partly written "
                                        r"\(the connection failed during the PUT.*; 1 of 6 graphs were "
                                        r"replaced before it: <.*000_447c546ad0059f4a.txt>$"):
        push(exports, url)


def test_an_unreachable_store(exports):
    with socket.socket() as s:  # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    refused = (r"^cannot reach http://127.0.0.1:\d+/ds: connection refused "
               r"\(is the store running, and on this port\?\); no graph was written$")
    with pytest.raises(PushError, match=refused):
        push(exports, f"http://127.0.0.1:{port}/ds")
    with pytest.raises(PushError, match="give the store's Graph Store URL"):
        push(exports, "127.0.0.1:8890/sparql-graph-crud")


def test_a_graph_without_named_graphs_is_refused(exports):
    with pytest.raises(PushError, match="needs a file with named graphs"):
        named_graphs(exports / "graph.ttl")


def test_cli_push_dry_run_ok_and_failures(cli, fake, exports):
    store, url = fake
    graphs = named_graphs(exports)
    first, total = graphs[0].triples, sum(g.triples for g in graphs)
    r = cli("push", "--endpoint", url, "--graph", str(exports), "--dry-run")
    assert r.exit_code == 0 and store.requests == []
    assert r.stdout.splitlines()[0].startswith(f"PUT {url}?graph=https%3A%2F%2Fw3id.org%2Fpolicy-kg%2Fgraph"
                                               f"%2F000_447c546ad0059f4a.txt  ({first} triples, ")
    assert "6 graphs would be replaced; nothing was sent" in r.stderr
    r = cli("push", "--endpoint", url, "--graph", str(exports))
    assert r.exit_code == 0
    assert r.stderr.splitlines()[0] == \
        f"kg: replaced <{GRAPH}000_447c546ad0059f4a.txt> ({first} triples, HTTP 201)"
    assert r.stderr.splitlines()[-1] == f"kg: pushed 6 graphs ({total:,} triples) to {url}"
    store.fail_at = 5
    store.requests.clear()
    r = cli("push", "--endpoint", url, "--graph", str(exports))
    assert r.exit_code == 1
    lines = r.stderr.splitlines()
    assert len(lines) == 5  # four graphs replaced, then the one-line error
    assert lines[-1].startswith(f"kg: push to {url} stopped: graph 5 of 6 <{GRAPH}004_f07e0568717fa65d.txt> "
                                "refused: HTTP 500")
    assert "4 of 6 graphs were replaced before it" in lines[-1]
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    r = cli("push", "--endpoint", f"http://127.0.0.1:{port}/x", "--graph", str(exports))
    assert r.exit_code == 1 and len(r.stderr.splitlines()) == 1
    assert "cannot reach" in r.stderr and "no graph was written" in r.stderr
    r = cli("push", "--endpoint", url, "--graph", str(exports), "--password", "p")
    assert r.exit_code == 2 and "--password needs --user" in r.stderr
