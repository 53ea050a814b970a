"""The page as a file: self-contained, escaped, locked down by its CSP, byte-stable.

What it does in a browser is tests/test_html_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re

import pytest

from kg.build import load
from kg.export.html import page_data, render_html, vis_network_js
from kg.graph.network import analyse, corpus_view
from tests.conftest import SEEDS

EVIL = ("青岛市测试<script>alert(1)</script>行动计划\n一、重点任务\n"
        "1.建设<script>alert(1)</script>数据平台。推进<img src=x onerror=alert(2)>应用。"
        "(责任单位:市大数据局)\n"
        "2.开展</script><script>alert(3)</script>试点。(牵头单位:市工业和信息化局<b>加粗</b>)\n")


def page_for(*inputs) -> tuple[str, dict]:
    plans = corpus_view(load(inputs).docs)
    data = page_data(plans, analyse(plans))
    return render_html(data), data


@pytest.fixture(scope="module")
def seeds_page():
    return page_for(SEEDS)


def scripts(html: str) -> list[tuple[str, str]]:
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)


def test_one_file_nothing_external(seeds_page):
    html, _ = seeds_page
    assert not re.search(r"<(link|iframe|img|object|embed|base)\b", html, flags=re.I)
    assert not re.search(r"\s(src|href|srcset|action)\s*=", html, flags=re.I)
    assert "@import" not in html
    assert not re.search(r"url\(\s*['\"]?(?!data:)", html)
    assert "sourceMappingURL" not in html
    # the three blocks: the data, vis-network, the app
    assert [attrs.strip() for attrs, _ in scripts(html)] == ['type="application/json" id="kg-data"', "", ""]


def test_vis_network_licence_is_kept(seeds_page):
    html, _ = seeds_page
    assert "@license" in html and "Apache 2.0" in html and "MIT" in html
    assert "Apache-2.0 OR MIT" in html  # said in the page's footer too


def test_csp_allows_exactly_the_pages_own_scripts(seeds_page):
    html, _ = seeds_page
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp and "unsafe-inline' " not in csp.split(
        "style-src")[0]
    hashes = set(re.findall(r"'sha256-([^']+)'", csp))
    code = [body for attrs, body in scripts(html) if "application/json" not in attrs]
    assert hashes == {base64.b64encode(hashlib.sha256(b.encode()).digest()).decode() for b in code}


def test_data_block_round_trips(seeds_page):
    html, data = seeds_page
    block = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block) == data
    assert len(data["tasks"]) == 123 and len(data["plans"]) == 4
    assert data["defaultView"] == "full"
    qd = next(a for a in data["agencies"] if a["name"] == "青岛市工业和信息化局")
    assert (qd["lead"], qd["responsible"], qd["tasks"]) == (0, 26, 26)
    # every task has a sector (issue 4's tagger), with its Chinese label
    assert all(t["sectors"] for t in data["tasks"])
    assert "算力与数据基础设施" in {s["label"] for s in data["sectors"]}
    assert any(q["text"].startswith("12EFLOPS") or "12EFLOPS" in q["text"] for q in data["targets"])


def test_markup_in_documents_stays_text(tmp_path):
    (tmp_path / "evil.txt").write_text(EVIL, encoding="utf-8")
    html, data = page_for(tmp_path)
    assert "<script>alert" not in html and "<img" not in html and "<b>加粗" not in html
    assert len(re.findall(r"<script", html)) == 3
    block = re.search(r'id="kg-data">(.*?)</script>', html, re.S).group(1)
    assert "\\u003cscript\\u003ealert(1)" in block
    assert any("<script>alert(1)</script>" in t["text"] for t in data["tasks"])


def test_vis_network_is_safe_to_inline():
    js = vis_network_js()
    assert not re.search(r"</script|<script|<!--", js, flags=re.I)
    assert js.startswith("/**\n * vis-network")


def test_byte_stable_across_input_orders(tmp_path, seeds_page):
    files = sorted(SEEDS.glob("*.txt"))
    again, _ = page_for(*reversed(files))
    assert again == seeds_page[0]
