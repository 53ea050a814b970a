"""The page in a real browser: Debian's headless Chromium with the network blocked.

Skipped only when no Chromium binary exists (``python3 dev.py test`` installs Debian's
``chromium``); any other problem, including a browser that fails to start, fails.
"""

from __future__ import annotations

import shutil

import pytest

from kg.build import load
from kg.export.views import write_views
from tests.chromium import Chromium, find_chromium, settle
from tests.conftest import SEEDS
from tests.test_html import EVIL

BINARY = find_chromium()
pytestmark = pytest.mark.skipif(
    BINARY is None, reason="no chromium binary on PATH (apt-get install chromium; python3 dev.py test does)")

# canvas pixels that are not blank: the graph was drawn
DRAWN_PIXELS = """(() => {
  const c = document.querySelector('#graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return {w: c.width, h: c.height, drawn: n};
})()"""


def build_page(tmp_path, *inputs):
    out = tmp_path / "out"
    corpus = load(inputs)
    write_views(corpus, out)
    return out / "graph.html"


@pytest.fixture(scope="module")
def seeds_browser(tmp_path_factory):
    page = build_page(tmp_path_factory.mktemp("seeds"), SEEDS)
    with Chromium(BINARY) as browser:
        info = settle(browser, page, timeout=90)
        yield browser, page, info


def test_graph_draws_and_settles(seeds_browser):
    browser, _, info = seeds_browser
    # 4 plans, their sections, 123 tasks, 98 bodies and 7 groups (264), plus each task's
    # sectors and targets
    extra = browser.evaluate("kg.data.sectors.length + kg.data.targets.length")
    assert info["view"] == "full" and info["nodes"] == 264 + extra and info["edges"] > 400
    px = browser.evaluate(DRAWN_PIXELS)
    assert px["w"] > 500 and px["h"] > 500
    assert px["drawn"] > 5000, px
    # physics stopped once the layout settled
    assert browser.evaluate("kg.network().physics.options.enabled") is False


def test_no_console_errors_and_no_requests(seeds_browser):
    browser, page, _ = seeds_browser
    browser.pump(0.3)
    assert browser.errors() == []
    assert browser.requests() == [page.resolve().as_uri()]
    assert browser.dialogs() == [] and browser.evaluate("window.__kgDialogs") == []


def test_search_lights_up_an_agency(seeds_browser):
    browser, _, _ = seeds_browser
    browser.type_text("#search", "市大数据局")
    names = browser.wait_for("""(() => {
      const li = [...document.querySelectorAll('#search-results li')].map(e => e.textContent);
      return li.length ? li : null; })()""", timeout=10)
    assert any("青岛市大数据局" in n for n in names)
    lit = browser.evaluate("kg.nodes().get({filter: n => n.borderWidth === 4}).map(n => n.label)")
    assert "青岛市大数据局" in lit
    assert "找到" in browser.evaluate("document.getElementById('search-count').textContent")
    browser.evaluate("document.getElementById('search').value = ''")
    browser.type_text("#search", "算力")
    lit = browser.wait_for("""(() => { const n = kg.nodes().get({filter: n => n.borderWidth === 4});
      return n.length ? n.map(x => x.kgType) : null; })()""", timeout=10)
    assert lit.count("task") >= 10  # 统筹布局智算中心, 提升算力资源统筹供给能力 …
    browser.evaluate("kg.search(''); document.getElementById('search').value = ''")
    assert browser.evaluate("kg.nodes().get({filter: n => n.borderWidth === 4}).length") == 0


def test_clicking_a_task_shows_its_note(seeds_browser):
    browser, _, _ = seeds_browser
    task = browser.evaluate("""(() => {
      const t = kg.data.tasks.find(
        t => t.path === '二/(一)/1' && kg.data.plans[t.plan].doc.startsWith('003'));
      return {id: t.id, note: t.notes[0]}; })()""")
    assert task["note"] == "(牵头单位:省科技厅,责任单位:省教育厅)"
    # bring the node to the middle, large, then click where it is drawn
    x, y = browser.evaluate(f"""(() => {{
      const net = kg.network(), id = {task['id']!r};
      net.moveTo({{position: net.getPosition(id), scale: 2.5}});
      const p = net.canvasToDOM(net.getPosition(id));
      const r = document.getElementById('graph').getBoundingClientRect();
      return [r.left + p.x, r.top + p.y]; }})()""")
    browser.click(x, y)
    browser.wait_for(f"document.getElementById('panel-body').dataset.id === {task['id']!r}", timeout=10)
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert task["note"] in panel
    assert "山东省科学技术厅" in panel and "山东省教育厅" in panel
    assert "003_ff2894e512514074.txt" in panel and "二/(一)/1" in panel
    assert browser.evaluate("document.getElementById('panel').hidden") is False


def test_other_views_draw(seeds_browser):
    browser, _, _ = seeds_browser
    # the aggregated view: the 98 bodies named on tasks and the sectors their tasks are in
    sectors = browser.evaluate("kg.data.sectors.length")
    for view, nodes in (("agg", 98 + sectors), ("stats", None)):
        seq = browser.evaluate("kgSettled.seq")
        browser.evaluate(f"kg.setView({view!r})")
        info = browser.wait_for(f"kgSettled.seq > {seq} && kgSettled", timeout=60)
        if nodes:
            assert info["nodes"] == nodes
    assert "济南市工业和信息化局" in browser.evaluate("document.getElementById('stats').innerText")
    seq = browser.evaluate("kgSettled.seq")
    browser.evaluate("kg.openAgency(kg.data.agencies.findIndex(a => a.name === '山东省科学技术厅'))")
    info = browser.wait_for(f"kgSettled.seq > {seq} && kgSettled", timeout=60)
    assert info["view"] == "agency"
    # the agency, its 21 tasks, their plan
    assert info["nodes"] >= 23
    panel = browser.evaluate("document.getElementById('panel').innerText")
    assert "牵头 15 · 责任 6 · 配合 0，共 21 项任务" in panel
    browser.pump(0.2)
    assert browser.errors() == []


def test_csp_blocks_a_script_that_got_in(seeds_browser):
    """Defence in depth: even markup that reached the DOM could not run a script."""
    browser, _, _ = seeds_browser
    browser.evaluate("""document.body.append(Object.assign(document.createElement('script'),
                        {textContent: 'window.__injected = 1'}))""")
    browser.pump(0.2)
    assert browser.evaluate("window.__injected === undefined") is True
    assert any("Content Security Policy" in e for e in browser.errors())


def test_script_in_a_document_shows_as_text(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "evil.txt").write_text(EVIL, encoding="utf-8")
    shutil.copy(SEEDS / "000_447c546ad0059f4a.txt", docs)
    page = build_page(tmp_path, docs)
    with Chromium(BINARY) as browser:
        settle(browser, page, timeout=90)
        task = browser.evaluate("kg.data.tasks.find(t => t.title.includes('alert(1)')).id")
        browser.evaluate(f"kg.select({task!r})")
        browser.type_text("#search", "alert")
        browser.wait_for("document.querySelectorAll('#search-results li').length > 0", timeout=10)
        browser.evaluate("kg.select(kg.data.plans.find(p => p.title.includes('alert')).id)")
        browser.pump(0.3)
        panel = browser.evaluate("document.getElementById('panel').innerText")
        assert "青岛市测试<script>alert(1)</script>行动计划" in panel
        browser.evaluate(f"kg.select({task!r})")
        panel = browser.evaluate("document.getElementById('panel').innerText")
        assert "建设<script>alert(1)</script>数据平台" in panel
        assert "<img src=x onerror=alert(2)>" in panel
        results = browser.evaluate("document.getElementById('search-results').innerText")
        assert "</script><script>alert(3)</script>" in results
        assert browser.evaluate("document.scripts.length") == 3
        assert browser.evaluate("document.querySelectorAll('img, b').length") == 0
        browser.pump(0.3)
        assert browser.evaluate("window.__kgDialogs") == []
        assert browser.dialogs() == []
        assert browser.errors() == []
        assert browser.requests() == [page.resolve().as_uri()]
