"""The graph as one self-contained HTML page that works with no network at all.

Many users sit on government networks with no internet, so the page must not fetch
anything: pyvis 0.3.2 links vis-network and Bootstrap from public CDNs even in its
``in_line`` mode, and its template writes node data into a script without escaping
``</script>``. So pyvis is used for what it does well here, shipping a pinned copy of
vis-network (``pyvis/lib/vis-9.1.2``, Apache-2.0 OR MIT), and the page is our own
Jinja template (``templates/graph.html.j2``) with the library, the styles, the app
(``templates/graph.js``) and the data inlined.

Safety: every string from a document travels as JSON inside a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the
app only ever writes it with ``textContent`` (vis-network draws labels on a canvas
and sets string tooltips with ``innerText``). A Content-Security-Policy allows only
the page's own two scripts (by hash) and no connection anywhere, so even a bug that
let markup through could neither run a script nor make a request.

Output is byte-stable: the data is in corpus order, the layout's random seed fixed,
and nothing carries a timestamp.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from kg.graph.network import NODE_COLOURS, ROLE_ZH, Analytics, PlanView, agency_type

VIS_VERSION = "9.1.2"
VIS_LICENCE = ("vis-network 9.1.2 © 2011–2017 Almende B.V., © 2017–2019 visjs contributors; "
               "Apache-2.0 OR MIT; bundled from pyvis 0.3.2 (BSD-3-Clause) and inlined")

# Above this many nodes (plans + sections + tasks + bodies) the page opens on the
# aggregated view (bodies and sectors, tasks folded into weighted links): vis-network
# stays fluid up to a few thousand nodes, and a thousand-plan corpus has tens of thousands.
FULL_VIEW_LIMIT = 1500

NODE_TYPES: dict[str, dict[str, str]] = {
    # zh: legend text; shape: vis-network shape; the colours are kg.graph.network's
    "plan": {"zh": "计划", "shape": "box"},
    "section": {"zh": "章节", "shape": "dot"},
    "task": {"zh": "任务", "shape": "dot"},
    "agency": {"zh": "单位", "shape": "diamond"},
    "group": {"zh": "单位集合", "shape": "triangle"},
    "sector": {"zh": "行业领域", "shape": "hexagon"},
    "target": {"zh": "目标指标", "shape": "square"},
}
KIND_ZH = {"department": "政府部门", "party": "党委机构", "government": "人民政府",
           "committee": "管委会", "institution": "机构", "collective": "单位集合",
           "unknown": "未分类"}


@lru_cache(maxsize=1)
def vis_network_js() -> str:
    """pyvis's bundled vis-network, made safe to inline.

    The source-map comment goes (it would make a browser's devtools fetch a file that
    is not there), and the one ``<script>`` in a string literal is written ``\\x3c`` so
    no HTML parser can read it as markup.
    """
    raw = resources.files("pyvis").joinpath(f"lib/vis-{VIS_VERSION}/vis-network.min.js")
    js = raw.read_text(encoding="utf-8")
    js = re.sub(r"\n?//# sourceMappingURL=\S*\s*$", "\n", js)
    return re.sub(r"<(/?script|!--)", r"\\x3c\1", js, flags=re.IGNORECASE)


def _template_text(name: str) -> str:
    return resources.files("kg.export").joinpath("templates", name).read_text(encoding="utf-8")


def json_for_html(data: Any) -> str:
    """JSON that cannot end its ``<script>`` block or open a comment in it.

    >>> json_for_html({"t": "</script><script>alert(1)</script>"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                    ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


def page_data(plans: Sequence[PlanView], analytics: Analytics, title: str = "") -> dict[str, Any]:
    """Everything the page shows, as plain lists with integer cross-references.

    Ids are the RDF IRIs; ``units`` are ``[agency index, role, mentions as written]``.
    """
    loads = analytics.by_iri()
    agency_index: dict[str, int] = {w.agency.iri: i for i, w in
                                    enumerate(sorted(analytics.workload, key=lambda w: w.agency.iri))}
    agencies = sorted((w for w in analytics.workload), key=lambda w: w.agency.iri)
    sector_index: dict[str, int] = {}
    sectors: list[dict[str, Any]] = []
    targets: list[dict[str, Any]] = []
    out_plans: list[dict[str, Any]] = []
    sections: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []
    jurisdictions: set[str] = set()

    def target(q: Any, task: int, plan: int) -> int:
        targets.append({"id": q.iri, "text": q.text, "kind": q.kind, "value": q.value, "unit": q.unit,
                        "comparator": q.comparator, "year": q.year, "task": task, "plan": plan})
        return len(targets) - 1

    for pi, plan in enumerate(plans):
        meta = plan.doc.metadata
        if plan.jurisdiction_name:
            jurisdictions.add(plan.jurisdiction_name)
        out_plans.append({
            "id": plan.iri, "title": plan.title, "doc": plan.doc.name, "number": meta.doc_number,
            "date": meta.date, "juris": plan.jurisdiction_name, "issuers": meta.issuers,
            "period": "–".join(map(str, meta.period)) if meta.period else "",
            "notice": meta.notice_title, "genre": meta.genre,
            "units": [[agency_index[a.agency.iri], a.role, "、".join(a.mentions)]
                      for a in plan.units if a.agency.iri in agency_index],
            "targets": [],
        })
        for s in plan.sections:
            sections.append({"id": s.iri, "plan": pi, "path": s.path, "title": s.title,
                             "parent": s.parent, "line": s.line})
        for t in plan.tasks:
            ti = len(tasks)
            sec_ids = []
            for s in t.sectors:
                if s.iri not in sector_index:
                    sector_index[s.iri] = len(sectors)
                    sectors.append({"id": s.iri, "label": s.label})
                sec_ids.append(sector_index[s.iri])
            tasks.append({
                "id": t.iri, "plan": pi, "parent": t.parent, "path": t.path, "title": t.title,
                "text": t.text, "line": t.line, "notes": t.notes, "etc": t.etc,
                "units": [[agency_index[a.agency.iri], a.role, "、".join(a.mentions)]
                          for a in t.assignments],
                "sectors": sec_ids, "targets": [],
            })
            tasks[ti]["targets"] = [target(q, ti, pi) for q in t.targets]
        out_plans[pi]["targets"] = [target(q, -1, pi) for q in plan.targets]

    out_agencies = []
    for w in agencies:
        a = w.agency
        load = loads[a.iri]
        out_agencies.append({
            "id": a.iri, "name": a.name, "kind": a.kind, "kindZh": KIND_ZH.get(a.kind, a.kind),
            "type": agency_type(a), "juris": load.jurisdiction,
            "aliases": sorted(x for x in a.aliases if x != a.name),
            "lead": load.lead, "responsible": load.responsible, "cooperate": load.cooperate,
            "tasks": load.tasks, "plans": load.plans, "shared": load.shared, "solo": load.solo,
            "partners": load.partners, "strength": load.strength,
            "degree": load.degree_centrality, "betweenness": load.betweenness,
        })
    size = len(out_plans) + len(sections) + len(tasks) + len(out_agencies)
    return {
        "title": title or "政策任务分工图谱",
        "types": {k: {**v, "colour": NODE_COLOURS[k]} for k, v in NODE_TYPES.items()},
        "roles": ROLE_ZH,
        "plans": out_plans,
        "sections": sections,
        "tasks": tasks,
        "agencies": out_agencies,
        "sectors": sectors,
        "targets": targets,
        "jurisdictions": sorted(jurisdictions),
        "ranking": [agency_index[w.agency.iri] for w in analytics.workload],
        "defaultView": "full" if size <= FULL_VIEW_LIMIT else "agg",
        "fullViewLimit": FULL_VIEW_LIMIT,
        "licence": VIS_LICENCE,
    }


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render_html(data: dict[str, Any]) -> str:
    """The page for :func:`page_data`'s output: one file, every asset inlined."""
    env = jinja2.Environment(autoescape=True, keep_trailing_newline=True,
                             undefined=jinja2.StrictUndefined)
    template = env.from_string(_template_text("graph.html.j2"))
    vis_js = vis_network_js()
    app_js = _template_text("graph.js")
    csp = ("default-src 'none'; script-src " + _csp_hash(vis_js) + " " + _csp_hash(app_js)
           + "; style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return template.render(
        title=data["title"], csp=Markup(csp), css=Markup(_template_text("graph.css")),
        data_json=Markup(json_for_html(data)),
        vis_js=Markup(vis_js), app_js=Markup(app_js),
        licence=data["licence"],
    )


def write_html(plans: Sequence[PlanView], analytics: Analytics, out: Path,
               name: str = "graph.html") -> list[Path]:
    path = out / name
    path.write_text(render_html(page_data(plans, analytics)), encoding="utf-8")
    return [path]
