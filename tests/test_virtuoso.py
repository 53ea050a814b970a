"""`kg push` into a real triple store: Virtuoso Open Source from Debian's packages.

The test starts its own Virtuoso (``virtuoso-t``) from an ini it writes into a temporary
folder, with the database in that folder and both ports (SQL and HTTP) on free loopback
ports, waits until its SPARQL endpoint answers, and stops it by its own process id.
A fresh database's ``dba`` password is ``dba``; Virtuoso's authenticated Graph Store
endpoint ``/sparql-graph-crud-auth`` takes Digest credentials (not Basic).

Skipped only when the binary cannot be installed (``python3 dev.py test`` installs
``virtuoso-opensource`` and says so in KG_VIRTUOSO_UNAVAILABLE when it cannot, or the
machine has no apt-get); a missing binary anywhere else fails.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from kg.build import build
from kg.push import named_graphs, push
from kg.query import canned, open_store, run
from tests.conftest import SEEDS

GRAPH = "https://w3id.org/policy-kg/graph/"
SEED = "000_447c546ad0059f4a.txt"
VIRTUOSO = shutil.which("virtuoso-t")

INI = """\
; written by tests/test_virtuoso.py: everything in this folder, listening on loopback only
[Database]
DatabaseFile       = virtuoso.db
ErrorLogFile       = virtuoso.log
LockFile           = virtuoso.lck
TransactionFile    = virtuoso.trx
xa_persistent_file = virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = virtuoso-temp.db
TransactionFile    = virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort           = 127.0.0.1:{sql_port}
DisableUnixSocket    = 1
MaxClientConnections = 10
CheckpointInterval   = 60
CaseMode             = 2
DirsAllowed          = .
NumberOfBuffers      = 10000
MaxDirtyBuffers      = 6000

[HTTPServer]
ServerPort           = 127.0.0.1:{http_port}
MaxClientConnections = 10
ServerThreads        = 10
Charset              = UTF-8
EnabledGzipContent   = 0

[SPARQL]
ResultSetMaxRows      = 100000
MaxQueryExecutionTime = 60
"""


def _binary() -> str:
    if VIRTUOSO:
        return VIRTUOSO
    reason = os.environ.get("KG_VIRTUOSO_UNAVAILABLE")
    if reason:
        pytest.skip(f"virtuoso-t could not be installed: {reason}")
    if not shutil.which("apt-get"):
        pytest.skip("virtuoso-t is not installed and there is no apt-get here to install Debian's "
                    "virtuoso-opensource")
    pytest.fail("virtuoso-t is missing: run `python3 dev.py test` (it installs Debian's virtuoso-opensource) "
                "or `apt-get install virtuoso-opensource`")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Virtuoso:
    folder: Path
    process: subprocess.Popen
    http_port: int

    @property
    def crud(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-graph-crud-auth"

    def sparql(self, query: str) -> dict:
        """A query through Virtuoso's own /sparql endpoint, answered as SPARQL JSON."""
        conn = http.client.HTTPConnection("127.0.0.1", self.http_port, timeout=60)
        try:
            conn.request("POST", "/sparql", urlencode({"query": query}).encode("utf-8"),
                         {"Content-Type": "application/x-www-form-urlencoded",
                          "Accept": "application/sparql-results+json"})
            r = conn.getresponse()
            body = r.read()
        finally:
            conn.close()
        assert r.status == 200, body.decode("utf-8", "replace")[:2000]
        return json.loads(body)

    def rows(self, query: str) -> list[dict[str, str | None]]:
        data = self.sparql(query)
        return [{v: b[v]["value"] if v in b else None for v in data["head"]["vars"]}
                for b in data["results"]["bindings"]]

    def log_tail(self) -> str:
        log = self.folder / "virtuoso.log"
        return log.read_text("utf-8", "replace")[-3000:] if log.exists() else "(no log)"


def _wait_until_up(v: Virtuoso, limit: float = 120.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if v.process.poll() is not None:
            pytest.fail(f"virtuoso-t exited with {v.process.returncode}:\n{v.log_tail()}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", v.http_port, timeout=5)
            conn.request("GET", "/sparql?" + urlencode({"query": "ASK {}"}))
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.25)
    pytest.fail(f"Virtuoso did not answer within {limit:g} s:\n{v.log_tail()}")


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory) -> Iterator[Virtuoso]:
    binary = _binary()
    folder = tmp_path_factory.mktemp("virtuoso")
    http_port = _free_port()
    sql_port = _free_port()
    while sql_port == http_port:
        sql_port = _free_port()
    (folder / "virtuoso.ini").write_text(INI.format(sql_port=sql_port, http_port=http_port), encoding="utf-8")
    with open(folder / "stdout.log", "wb") as out:
        process = subprocess.Popen([binary, "+foreground", "+configfile", "virtuoso.ini"], cwd=folder,
                                   stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT)
    v = Virtuoso(folder, process, http_port)
    try:
        _wait_until_up(v)
        yield v
    finally:
        process.terminate()  # SIGTERM to its own pid: Virtuoso shuts down quickly
        try:
            process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@pytest.fixture(scope="module")
def exports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("exports")
    build([SEEDS], out)
    return out


XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("decimal", "double", "float", "integer", "int", "long",
                             "nonNegativeInteger", "positiveInteger")}


def _value(value: str, datatype: str | None) -> str:
    """A literal's value as both sides can agree on: Virtuoso stores numbers by value and
    writes them back canonically (30.0 comes back as 30)."""
    if datatype in NUMERIC:
        return str(Decimal(value).normalize())
    return value


def _local_triples(graph) -> set[tuple[str, str, str, str]]:
    out = set()
    for t in graph:
        o = t.object
        datatype = o.datatype.value if isinstance(o, ox.Literal) else None
        out.add((t.subject.value, t.predicate.value, _value(o.value, datatype),
                 getattr(o, "language", None) or ""))
    return out


def _remote_triples(v: Virtuoso, iri: str) -> set[tuple[str, str, str, str]]:
    data = v.sparql(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")
    return {(b["s"]["value"], b["p"]["value"], _value(b["o"]["value"], b["o"].get("datatype")),
             b["o"].get("xml:lang", ""))
            for b in data["results"]["bindings"]}


def _count(v: Virtuoso, iri: str) -> int:
    return int(v.rows(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}")[0]["n"])


def test_push_then_query_round_trip(virtuoso, exports):
    report = push(exports, virtuoso.crud, "dba", "dba", auth="digest")
    graphs = named_graphs(exports)
    assert report.written == [g.iri for g in graphs]
    for g in graphs:
        assert _count(virtuoso, g.iri) == g.triples, g.iri
    # every triple of a document, IRIs and Chinese literals as written
    local = _local_triples(ox.parse(named_graphs(exports)[0].body, format=ox.RdfFormat.TURTLE))
    assert _remote_triples(virtuoso, GRAPH + SEED) == local
    label = virtuoso.rows("SELECT ?l WHERE { <https://w3id.org/policy-kg/agency/山东省科学技术厅> "
                          "<http://www.w3.org/2004/02/skos/core#prefLabel> ?l }")
    assert label == [{"l": "山东省科学技术厅"}]
    # a canned query gives the same answer in Virtuoso as in the embedded store
    workload = canned()["workload"]
    here = run(open_store(exports), workload).rows
    there = virtuoso.rows(workload)
    assert there[:10] == here[:10]
    assert {r["agencyLabel"]: r["tasks"] for r in there} == {r["agencyLabel"]: r["tasks"] for r in here}


def test_a_repush_after_a_change_leaves_no_stale_triples(virtuoso, exports, tmp_path):
    push(exports, virtuoso.crud, "dba", "dba", auth="digest")
    changed = tmp_path / "seeds"
    shutil.copytree(SEEDS, changed)
    seed = changed / SEED
    text = seed.read_text(encoding="utf-8")
    assert text.count("统筹布局智算中心") == 1 and "(责任单位:市工业和信息化局、市大数据局、" in text
    seed.write_text(text.replace("统筹布局智算中心", "统筹建设智算中心", 1)
                    .replace("(责任单位:市工业和信息化局、市大数据局、", "(责任单位:市工业和信息化局、", 1),
                    encoding="utf-8")
    out = tmp_path / "exports"
    build([changed], out)
    before = {g.iri: g for g in named_graphs(exports)}
    after = {g.iri: g for g in named_graphs(out)}
    old = _local_triples(ox.parse(before[GRAPH + SEED].body, format=ox.RdfFormat.TURTLE))
    new = _local_triples(ox.parse(after[GRAPH + SEED].body, format=ox.RdfFormat.TURTLE))
    assert old - new and new - old  # the change is real: triples gone and triples added

    report = push(out, virtuoso.crud, "dba", "dba", auth="digest")
    assert len(report.written) == len(after)
    remote = _remote_triples(virtuoso, GRAPH + SEED)
    assert remote == new
    assert not remote & (old - new)
    for iri, g in after.items():
        assert _count(virtuoso, iri) == g.triples, iri
    titled = 'SELECT ?t WHERE {{ ?t <http://purl.org/dc/terms/title> "{}"@zh }}'
    assert virtuoso.rows(titled.format("统筹布局智算中心")) == []
    assert len(virtuoso.rows(titled.format("统筹建设智算中心"))) == 1


def test_wrong_credentials_are_a_one_line_error(cli, virtuoso, exports):
    args = ("push", "--endpoint", virtuoso.crud, "--graph", str(exports), "--user", "dba")
    r = cli(*args, "--password", "nope")
    assert r.exit_code == 1
    assert r.stderr.count("\n") == 1 and "HTTP 401" in r.stderr and "no graph was written" in r.stderr
    r = cli(*args, "--password", "dba", "--auth", "digest")
    total = sum(g.triples for g in named_graphs(exports))
    assert r.exit_code == 0
    assert r.stderr.splitlines()[-1].startswith(f"kg: pushed 6 graphs ({total:,} triples)")
