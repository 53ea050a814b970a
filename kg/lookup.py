"""Finding agencies the way users type them: full names, short names, abbreviations.

A user types 工信局 or 市大数据局 or 发改委; the graph holds 青岛市工业和信息化局 and
福州市发展和改革委员会. The typed name is expanded with the abbreviation table and
compared with every agency's canonical name and with the forms plans wrote it in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from kg.query import run
from kg.resolve import abbreviations

_LEVEL = re.compile(r"^(省委|市委|区委|县委|省|市|区|县)")


@dataclass(frozen=True)
class Match:
    iri: str
    label: str
    score: int  # 3 exact name, 2 a written form, 1 part of the name


def variants(typed: str) -> list[str]:
    """The typed name and its expansions: 工信局 → 工业和信息化局; 市委网信办 → …

    >>> variants("市工信局")[:3]
    ['市工信局', '工信局', '工业和信息化局']
    """
    typed = re.sub(r"\s+", "", typed)
    out = [typed]
    bare = _LEVEL.sub("", typed)
    if bare and bare != typed:
        out.append(bare)
    for form in list(out):
        for row in abbreviations().get(form, []):
            full = row.full.replace("{place}", "").replace("{short}", "")
            full = full.removeprefix("中共委")
            if full and full not in out:
                out.append(full)
    return out


def find_agencies(store: ox.Store, typed: str) -> list[Match]:
    """Agencies whose name or written forms match what the user typed, best first."""
    rows = run(store, """
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?a ?label ?alt WHERE {
          ?a skos:prefLabel ?label .
          OPTIONAL { ?a skos:altLabel ?alt }
        }""").rows
    forms = variants(typed)
    best: dict[str, Match] = {}
    for row in rows:
        label, alt, iri = row["label"] or "", row["alt"] or "", row["a"] or ""
        score = 0
        if label == typed:
            score = 3
        elif alt == typed:
            score = 2
        elif any(f and f in label for f in forms):
            score = 1
        if score and (iri not in best or best[iri].score < score):
            best[iri] = Match(iri, label, score)
    if not best:
        return []
    if any(m.score == 3 for m in best.values()):
        # the exact canonical name was typed: that body alone
        return [m for m in best.values() if m.score == 3]
    # otherwise every body that fits, with the jurisdiction in its name to tell them apart
    return sorted(best.values(), key=lambda m: (-m.score, m.label))


_OWNS_BY_IRI = """
PREFIX kg: <https://w3id.org/policy-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?agencyLabel ?role ?planTitle ?path ?title WHERE {
  VALUES (?property ?role) {
    (kg:ledBy "lead") (kg:responsibility "responsible") (kg:cooperatedBy "cooperate") }
  ?agency skos:prefLabel ?agencyLabel .
  ?task ?property ?agency ; kg:path ?path ; dcterms:title ?title ; kg:startOffset ?start ;
        prov:wasDerivedFrom ?plan .
  ?plan dcterms:title ?planTitle .
}
ORDER BY ?planTitle ?start ?role
"""


def owned_tasks(store: ox.Store, iris: list[str], plan: str | None = None) -> list[dict[str, str | None]]:
    """Every task of the given agencies, agency by agency, optionally within some plans."""
    rows = []
    for iri in iris:
        for r in run(store, _OWNS_BY_IRI, {"agency": f"<{iri}>"}).rows:
            if plan and plan not in (r["planTitle"] or ""):
                continue
            rows.append({"agency": r["agencyLabel"], "role": r["role"], "plan": r["planTitle"],
                         "path": r["path"], "task": r["title"]})
    return rows
