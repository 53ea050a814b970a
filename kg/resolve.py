"""Mentions to agencies: one body, one canonical name, one IRI, across documents.

A mention is read in the jurisdiction of its plan: ``市工业和信息化局`` in a Qingdao
plan is 青岛市工业和信息化局, in a Jinan plan 济南市工业和信息化局. The rules, in order:

1. collectives (各区、市政府, 市相关行业主管部门) are groups scoped to the plan's place;
2. an explicit place (青岛市…, 崂山区…, 山东…) or level word (市, 省, 区, 县, 市委) fixes
   the jurisdiction; a bare abbreviation (工信局 after 市大数据委、) inherits the
   jurisdiction of the mention before it in the same list, else the plan's own;
3. the remaining short name is expanded with ontology/agency-abbreviations.tsv
   (发改委 → 发展和改革委员会; 网信办 → 中共{place}委网络安全和信息化委员会办公室);
4. the issuing bodies the document lists are an alias source: 省科技厅 resolves to
   山东省科学技术厅 when the plan lists that body and the short form is its abbreviation.

IRIs are minted from the canonical name (and the place, for collectives), so the same
body in two documents is one node and two bodies never share one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from urllib.parse import quote

from kg.extract.responsibility import is_collective
from kg.model import Agency, Document, Place
from kg.places import gazetteer, place_for_level
from kg.text import full_width_parens

BASE = "https://w3id.org/policy-kg/"

_LEVEL = re.compile(r"^(自治区|自治州|省|市|区|县|州|盟|旗|镇|乡)")
_PARTY = re.compile(r"^委(?!员会)")
_NAME_STARTS_WITH_LEVEL = ("市场", "市政", "区域", "县域", "省级", "市级", "区级", "县级")


@dataclass(frozen=True)
class Abbreviation:
    full: str
    kind: str
    when: str


def _ontology_file(name: str) -> str:
    return resources.files("kg.ontology").joinpath(name).read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def abbreviations() -> dict[str, list[Abbreviation]]:
    out: dict[str, list[Abbreviation]] = {}
    lines = [ln for ln in _ontology_file("agency-abbreviations.tsv").splitlines()
             if ln.strip() and not ln.startswith("#")]
    for ln in lines[1:]:
        cols = ln.split("\t") + ["", "", ""]
        short, full, kind, when = cols[0], cols[1], cols[2] or "department", cols[3]
        out.setdefault(short, []).append(Abbreviation(full, kind, when))
    return out


def iri_safe(s: str) -> str:
    """Keep Chinese readable in IRIs; escape only what IRIs forbid or treat specially."""
    return quote(s, safe="/()（）—–-_.~、·“”:,+&=!$'*;@")


def agency_iri(name: str) -> str:
    return f"{BASE}agency/{iri_safe(name)}"


def group_iri(place: Place | None, name: str) -> str:
    scope = place.qualified() if place else "unscoped"
    return f"{BASE}group/{iri_safe(scope)}/{iri_safe(name)}"


def is_subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


class Resolver:
    """Resolves the mentions of one document; keeps a registry shared across documents."""

    def __init__(self) -> None:
        self.registry: dict[str, Agency] = {}

    def _agency(self, name: str, kind: str, place: Place | None, mention: str,
                collective: bool = False) -> Agency:
        iri = group_iri(place, name) if collective else agency_iri(name)
        agency = self.registry.get(iri)
        if agency is None:
            agency = Agency(name=name, iri=iri, kind=kind, place=place)  # type: ignore[arg-type]
            self.registry[iri] = agency
        agency.aliases.add(mention)
        return agency

    def resolve_document(self, doc: Document) -> Document:
        home = doc.metadata.jurisdiction
        issuers = [full_width_parens(i) for i in doc.metadata.issuers]
        for note in doc.notes:
            last_place: Place | None = None
            for u in note.units:
                agency, place = self.resolve(u.mention, home, last_place, issuers)
                u.agency = agency
                if place is not None:
                    last_place = place
        return doc

    def resolve(self, mention: str, home: Place | None, inherited: Place | None,
                issuers: list[str]) -> tuple[Agency, Place | None]:
        """An agency for one mention, and the place it was read in (for the next one)."""
        m = full_width_parens(re.sub(r"\s+", "", mention))
        # an alias in brackets after the name: 省发展改革委（省数据局）
        alias = re.match(r"^(.+?)（([^（）]+)）$", m)
        if alias and _looks_like_body(alias.group(2)) and _looks_like_body(alias.group(1)):
            m = alias.group(1)
        if is_collective(m):
            place = home
            body = m
            lv = _LEVEL.match(m)
            if lv and not m.startswith(_NAME_STARTS_WITH_LEVEL):
                p = place_for_level(lv.group(1), home)
                if p is not None:
                    place, body = p, m[len(lv.group(1)) :]
            name = m if _starts_with_place(m, home) else (place.qualified() if place else "") + body
            return self._agency(name, "collective", place, mention, collective=True), None

        if m.startswith(_NATIONAL) or _names_home(m, home):
            # 中国人民银行山东省分行, “智慧福州”管理服务中心: the name carries its own scope
            return self._agency(m, _kind_of(m), None, mention), inherited

        g = gazetteer()
        place: Place | None = None
        rest = m
        short_place = False
        explicit = False
        party = False
        if m.startswith("中共"):
            party = True
            rest = m[2:]
        hit = g.match_prefix(rest, home)
        if hit is not None:
            place, n = hit
            short_place = not place.name == rest[:n] and place.qualified() != rest[:n]
            rest = rest[n:]
            explicit = True
            if rest.startswith("委") and not rest.startswith("委员会"):
                party = True
        else:
            lv = _LEVEL.match(rest)
            if lv and not rest.startswith(_NAME_STARTS_WITH_LEVEL) and lv.group(1) != rest:
                p = place_for_level(lv.group(1), home)
                if p is not None or home is None:
                    place = p
                    rest = rest[len(lv.group(1)) :]
                    explicit = True
            if not explicit:
                place = inherited or home
        if party and rest.startswith("委") and not rest.startswith("委员会"):
            key = rest
        else:
            key = rest

        if explicit and short_place and not (key in abbreviations() or _GOV_DEPT_END.search(key)):
            # 青岛海洋科技中心, 济南国际医学科学中心: an institution named after its city
            name = m
            kind = "institution"
            abbr = _lookup(key, short=True)
            if abbr is not None:
                name = _fill(abbr.full, place, short=True)
                kind = "department" if abbr.kind == "vertical" else abbr.kind
            return self._agency(name, kind, place, mention), place

        if not explicit and not _department_word(key):
            # a company or institution written without a place: keep it as written
            return self._agency(m, "institution", None, mention), None

        abbr = _lookup(key, short=short_place)
        if abbr is not None:
            full = _fill(abbr.full, place, short=short_place)
            kind = abbr.kind
        elif party or (key.startswith("委") and explicit):
            body = key[1:] if key.startswith("委") else key
            full = f"中共{place.qualified() if place else ''}委{body}"
            kind = "party"
        else:
            full = (place.qualified() if place else "") + key
            kind = _kind_of(key)
        if kind == "vertical":
            kind = "department"
        full = self._issuer_alias(full, issuers)
        return self._agency(full, kind, place, mention), place

    def _issuer_alias(self, name: str, issuers: list[str]) -> str:
        """The issuer the name abbreviates, when the document lists exactly one."""
        if name in issuers:
            return name
        cands = [i for i in issuers if i[-1] == name[-1] and is_subsequence(name, i)]
        if len(cands) == 1:
            return cands[0]
        return name


def _fill(template: str, place: Place | None, short: bool = False) -> str:
    pname = place.qualified() if place else ""
    sname = re.sub(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$", "", place.name) if place else ""
    if "{place}" in template or "{short}" in template:
        return template.replace("{place}", pname).replace("{short}", sname)
    return pname + template


def _lookup(key: str, short: bool = False) -> Abbreviation | None:
    rows = abbreviations().get(key)
    if not rows:
        return None
    for row in rows:
        if row.when == "short-place" and short:
            return row
    for row in rows:
        if row.when != "short-place":
            return row
    return None


_GOV_DEPT_END = re.compile(r"(局|委|厅|办|部|署)$")
_DEPT_END = re.compile(r"(局|委|厅|办|部|署|委员会|办公室|办公厅|政府|中心|管委会|分局)$")


def _department_word(key: str) -> bool:
    return key in abbreviations() or bool(_DEPT_END.search(key)) and len(key) <= 14


def _looks_like_body(s: str) -> bool:
    return bool(_DEPT_END.search(s))


_NATIONAL = ("中国", "国家", "中央", "国务院", "全国", "中华")


def _names_home(name: str, home: Place | None) -> bool:
    """Does a name without a leading place still name the plan's place inside it?"""
    if home is None:
        return False
    for p in home.chain():
        short = re.sub(r"(省|市|区|县|自治区|自治州)$", "", p.name)
        if len(short) >= 2 and short in name[1:]:
            return True
    return False


def _starts_with_place(s: str, home: Place | None) -> bool:
    return gazetteer().match_prefix(s, home) is not None


def _kind_of(key: str) -> str:
    if key.endswith("政府"):
        return "government"
    if key.endswith(("管委会", "管理委员会")):
        return "committee"
    if key.endswith(("局", "委", "厅", "办", "部", "署", "委员会", "办公室")):
        return "department"
    return "institution"


def resolve(doc: Document, resolver: Resolver | None = None) -> Document:
    return (resolver or Resolver()).resolve_document(doc)
