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

_UNPLACED = re.compile(r"^(中共)?(自治区|自治州|自治县|地区|林区|省|市|区|县|州|盟|旗|镇|乡|街道)")
_PARTY_LONG = re.compile(r"^中共([^委]{2,12}?[省市区县州旗盟])委员会(?=[\u4e00-\u9fff])")
_YOUTH_LONG = re.compile(r"^共青团([\u4e00-\u9fff]{2,12}?[省市区县])委$")
_YOUTH_LEAGUE = re.compile(r"^团(省|市|区|县)委$")
_LEVEL = re.compile(r"^(自治区|自治州|自治县|自治旗|地区|林区|街道|省|市|区|县|州|盟|旗|镇|乡)")
# names that begin with a level character without being prefixed by it (市场监管局)
_NAME_STARTS_WITH_LEVEL = ("市场", "市政公用", "市政工程", "市容", "区域", "县域", "省级", "市级",
                           "区级", "县级")


_KIND_ORDER = ["collective", "party", "government", "committee", "department", "institution", "unknown"]


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
        cols = [*ln.split("\t"), "", "", ""]
        short, full, kind, when = cols[0], cols[1], cols[2] or "department", cols[3]
        out.setdefault(short, []).append(Abbreviation(full, kind, when))
    return out


@lru_cache(maxsize=1)
def national_bodies() -> dict[str, str]:
    """ontology/national-bodies.tsv: a central body as written → its full name."""
    rows = [ln.split("\t") for ln in _ontology_file("national-bodies.tsv").splitlines()
            if ln.strip() and not ln.startswith("#")]
    return {r[0]: r[1] for r in rows if len(r) >= 2}


_CENTRAL_ISSUER = re.compile(r"^(国务院|中共中央|中央|全国人民代表大会|全国人大|国家)")


def is_national(doc: Document) -> bool:
    """A plan issued at the national level: no place of its own, a central issuer."""
    if doc.metadata.jurisdiction is not None:
        return False
    if any(_CENTRAL_ISSUER.match(i) or i in national_bodies()
           or (re.match(r"^[\u4e00-\u9fff]{2,8}部(?:办公厅)?$", i) and "委" not in i and not _LEVEL.match(i))
           for i in doc.metadata.issuers if i):
        return True
    return any(re.match(r"^(国务院|中共中央|全国人民代表大会)", t)
               for t in (doc.metadata.notice_title, doc.metadata.title))


_IRI_UNSAFE = set(' <>"{}|\\^`#?%[]') | {chr(c) for c in range(0x20)} | {"\x7f"}


def iri_safe(s: str) -> str:
    """Keep Chinese readable in IRIs (RFC 3987); escape only what IRIs forbid or reserve.

    >>> iri_safe("青岛市工业和信息化局"), iri_safe("a b#c")
    ('青岛市工业和信息化局', 'a%20b%23c')
    """
    return "".join(quote(ch, safe="") if ch in _IRI_UNSAFE else ch for ch in s)


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
        self.known_issuers: list[str] = []  # every issuer's canonical name, across the corpus
        self.doc_scope = ""  # the document being resolved, for names no place can scope
        self.national = False  # the document is a central one: placeless names are central bodies
        self.local_unit = ""  # a 镇/街道/新区 the document's issuer names

    def _agency(self, name: str, kind: str, place: Place | None, mention: str,
                collective: bool = False, unplaced: bool = False) -> Agency:
        iri = group_iri(place, name) if collective else agency_iri(name)
        if (not collective and place is None and self.doc_scope
                and (unplaced or _UNPLACED.match(name) or _LOCAL_GENERIC.match(name))):
            # 区财政局 in a plan whose district we cannot tell: a body of that plan only,
            # never one shared by every plan that writes 区财政局
            iri = f"{iri}@{iri_safe(self.doc_scope)}"
        agency = self.registry.get(iri)
        if agency is None:
            agency = Agency(name=name, iri=iri, kind=kind, place=place)  # type: ignore[arg-type]
            self.registry[iri] = agency
        elif _KIND_ORDER.index(kind) < _KIND_ORDER.index(agency.kind):
            # the same body read two ways: keep the more specific kind, whatever the order
            agency.kind = kind  # type: ignore[assignment]
        if agency.place is None and place is not None:
            agency.place = place
        agency.aliases.add(mention)
        return agency

    def learn_issuers(self, docs: list[Document]) -> None:
        """Read every document's issuers first, so any plan's 市大数据局 can find the
        full name (青岛市大数据发展管理局) that one plan's signature gives."""
        for doc in docs:
            self._enter(doc)
            for i in doc.metadata.issuers:
                name = self.resolve(i, doc.metadata.jurisdiction)[0].name
                if name not in self.known_issuers:
                    self.known_issuers.append(name)

    def _enter(self, doc: Document) -> None:
        # names no place can scope belong to their text (two copies of one text agree)
        self.doc_scope = doc.digest[:16] or doc.name
        self.local_unit = _local_unit(doc)
        self.national = is_national(doc)

    def resolve_document(self, doc: Document) -> Document:
        home = doc.metadata.jurisdiction
        self._enter(doc)
        # the issuing bodies are agencies too (dcterms:creator), read like any mention; their
        # canonical names then serve as the full forms of the plan's abbreviations
        doc.issuer_agencies = [self.resolve(i, home)[0] for i in doc.metadata.issuers]
        issuers = [a.name for a in doc.issuer_agencies]
        groups = [note.units for note in doc.notes] + [rule.units for rule in doc.blankets]
        for units in groups:
            last: Scope | None = None
            for u in units:
                agency, scope = self.resolve(u.mention, home, last, issuers)
                u.agency = agency
                if scope is not None:
                    last = scope
        return doc

    def resolve(self, mention: str, home: Place | None, inherited: Scope | None = None,
                issuers: list[str] | None = None) -> tuple[Agency, Scope | None]:
        """An agency for one mention, and the scope it was read in (for the next one).

        >>> r = Resolver(); qd = gazetteer().find("青岛市")
        >>> r.resolve("市发展改革委", qd)[0].name, r.resolve("市委网信办", qd)[0].name
        ('青岛市发展和改革委员会', '中共青岛市委网络安全和信息化委员会办公室')
        >>> r.resolve("市发展改革委", None)[0].name
        '市发展和改革委员会'
        """
        issuers = issuers or []
        m = full_width_parens(re.sub(r"\s+", "", mention))
        # an alias in brackets after the name: 省发展改革委（省数据局）
        alias = re.match(r"^(.+?)（([^（）]+)）$", m)
        if alias and _looks_like_body(alias.group(2)) and _looks_like_body(alias.group(1)):
            m = alias.group(1)
        if is_collective(m):
            return self._collective(m, mention, home), None
        central = national_bodies().get(m)
        if central is not None and (self.national or m.startswith(("国家", "中国", "中央", "国务院"))):
            # 发展改革委 in a State Council plan, 国家发展改革委 anywhere: one central body
            return self._agency(central, _kind_of(central), None, mention), inherited
        if m.startswith("人民银行"):
            m = "中国" + m  # 人民银行青岛市分行 is 中国人民银行青岛市分行
        elif m.startswith("人行") and len(m) > 4:
            m = "中国人民银行" + m[2:]  # 人行昭通市分行
        if m.startswith("国家金融监管总局"):
            m = "国家金融监督管理总局" + m[len("国家金融监管总局"):]
        m = _as_body(m, home)
        m = _PARTY_LONG.sub(r"中共\1委", m)
        m = _YOUTH_LONG.sub(r"共青团\1委员会", m)
        if m.startswith(_NATIONAL) or (
            not _LEVEL.match(m) and not m.startswith("中共") and gazetteer().match_prefix(m) is None
            and _names_home(m, home)
        ):
            # 中国人民银行山东省分行, “智慧福州”管理服务中心: the name carries its own scope
            return self._agency(m, _kind_of(m), None, mention), inherited

        youth = _YOUTH_LEAGUE.match(m)
        if youth:
            # 团市委 is 共青团青岛市委员会
            p = place_for_level(youth.group(1), home)
            label = p.qualified() if p else youth.group(1)
            return self._agency(f"共青团{label}委员会", "party", p, mention), None
        rest = m
        party = False
        if rest.startswith("中共"):
            party, rest = True, rest[2:]
        scope: Scope
        explicit = True
        hit = gazetteer().match_chain(rest, home)
        lv = _LEVEL.match(rest)
        if hit is not None:
            place, n = hit
            short = rest[:n] not in (place.name, place.qualified())
            scope = Scope(place, place.qualified(), _short_name(place) if short else "", short)
            rest = rest[n:]
        elif lv and not rest.startswith(_NAME_STARTS_WITH_LEVEL) and lv.group(1) != rest:
            place = place_for_level(lv.group(1), home)
            label = place.qualified() if place else lv.group(1)
            if place is None and self.local_unit and self.local_unit.endswith(lv.group(1)):
                # 镇党委 in 长兴县煤山镇's plan, 区财政局 in 青岛西海岸新区's
                place, label = home, self.local_unit
            scope = Scope(place, label, _short_name(place) if place else label, False)
            rest = rest[len(lv.group(1)) :]
        else:
            explicit = False
            scope = inherited or Scope(home, home.qualified() if home else "",
                                       _short_name(home) if home else "", False)
            if _SUB_UNIT_NAME.search(rest):
                # 沙子口街道办事处 after 省XX in a list: a town or street of the plan's own place
                scope = Scope(home, home.qualified() if home else "", _short_name(home) if home else "",
                              False)
        if explicit and rest.startswith("委") and not rest.startswith("委员会"):
            party = True
        if explicit and rest.startswith("党委") and len(rest) > 2:
            # 自治区党委网信办 is 自治区网信办 is 中共广西壮族自治区委网信办: one convention
            party, rest = True, rest[1:]
        key = rest

        if explicit and scope.written_short and not (key in abbreviations() or _GOV_DEPT_END.search(key)):
            # 青岛海洋科技中心, 济南国际医学科学中心: an institution named after its city
            abbr = _lookup(key, short=True)
            if abbr is None:
                return self._agency(m, _kind_of(m), scope.place, mention), scope
            name = _fill(abbr.full, scope)
            agency = self._agency(name, "department", scope.place, mention)
            agency.vertical = abbr.kind == "vertical"
            return agency, scope

        if not explicit and not _department_word(key):
            # a company or institution written without a place: keep it as written
            return self._agency(m, _kind_of(m), None, mention), None

        abbr = _lookup(key, short=scope.written_short)
        if abbr is not None:
            full, kind = _fill(abbr.full, scope), abbr.kind
        elif party:
            body = key if key.startswith("委员会") else key[1:] if key.startswith("委") else key
            joint = "" if body.startswith("委员会") else "委"
            full, kind = f"中共{scope.label}{joint}{body}", "party"
        else:
            full, kind = scope.label + key, _kind_of(key)
        if kind == "party":
            full = _PARTY_LONG.sub(r"中共\1委", full)  # 中共X委员会宣传部 is written 中共X委宣传部
        full = _sub_unit_name(full)
        vertical = kind == "vertical"
        if vertical:
            kind = "department"
        full = self._issuer_alias(full, issuers)
        if scope.place is not None and full.startswith(scope.label):
            # a plan's 市大数据局 is the 青岛市大数据发展管理局 another plan's signature names
            full = self._issuer_alias(full, [n for n in self.known_issuers if n.startswith(scope.label)])
        # 区税务局 where the district is unknown is 国家税务总局区税务局 by the table: a
        # level word stands where the place should, so the name is this plan's only
        agency = self._agency(full, kind, scope.place, mention,
                              unplaced=scope.place is None and (explicit or not self.national))
        if vertical:
            agency.vertical = True
        return agency, scope

    def _collective(self, m: str, mention: str, home: Place | None) -> Agency:
        """各区、市政府 in a Qingdao plan: a group scoped to 青岛市, named 青岛市各区、市政府."""
        place, body = home, m
        lv = _LEVEL.match(m)
        if lv and not m.startswith(_NAME_STARTS_WITH_LEVEL):
            p = place_for_level(lv.group(1), home)
            if p is not None:
                place, body = p, m[len(lv.group(1)) :]
        name = m if _starts_with_place(m, home) else (place.qualified() if place else "") + body
        return self._agency(name, "collective", place, mention, collective=True)

    def _issuer_alias(self, name: str, issuers: list[str]) -> str:
        """The issuer the name abbreviates, when the document lists exactly one.

        An abbreviation keeps its full name's characters in order and ends the same way
        (委 for 委员会, 办 for 办公室): 上海市黄浦区建管委 → 上海市黄浦区建设和管理委员会.
        """
        if name in issuers:
            return name
        cands = [i for i in issuers if _same_ending(name, i) and is_subsequence(name, i)
                 and not _drops_a_place(name, i)]
        if len(cands) == 1:
            return cands[0]
        return name


@dataclass(frozen=True)
class Scope:
    """Where a mention was read: its place (when known) and how to write it in a name."""

    place: Place | None
    label: str  # 青岛市, 青岛市崂山区, or a bare level word (市) when the place is unknown
    short: str  # 山东 for 山东省, used by {short} templates
    written_short: bool  # the place was written by its short name (山东金融监管局)


def _short_name(place: Place) -> str:
    return re.sub(r"(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区)$", "", place.name)


_ENDINGS = {"委": ("委", "委员会"), "办": ("办", "办公室", "办公厅"), "会": ("会", "委员会")}


def _drops_a_place(short: str, full: str) -> bool:
    """Would reading ``short`` as ``full`` skip a place (长兴县政府 vs 长兴县煤山镇人民政府)?"""
    it = iter(short)
    pending = next(it, None)
    dropped = []
    for ch in full:
        if ch == pending:
            pending = next(it, None)
        else:
            dropped.append(ch)
    return bool(re.search(r"[镇乡区县市省州旗]|街道", "".join(dropped)))


def _same_ending(short: str, full: str) -> bool:
    return full.endswith(_ENDINGS.get(short[-1], (short[-1],)))


def _fill(template: str, scope: Scope) -> str:
    if "{place}" in template or "{short}" in template:
        return template.replace("{place}", scope.label).replace("{short}", scope.short)
    return scope.label + template


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
_DEPT_END = re.compile(r"(局|委|厅|办|部|署|委员会|办公室|办公厅|政府|中心|管委会|分局|街道|办事处|镇|乡)$")


def _sub_unit_name(name: str) -> str:
    """A town's or street's body written the usual ways: X镇政府 / X镇 → X镇人民政府,
    X街道 → X街道办事处."""
    if re.search(r"(镇|乡)(政府)?$", name):
        return re.sub(r"(政府)?$", "", name) + "人民政府"
    if name.endswith("街道"):
        return name + "办事处"
    return name


_SUB_UNIT_NAME = re.compile(r"(街道|镇|乡)(办事处|人民政府|政府|党委|党工委)?$")
_LOCAL_GENERIC = re.compile(r"^[\u4e00-\u9fff]{1,4}(公司|部门|分公司|所|站|队|中心)$")


def _department_word(key: str) -> bool:
    """A name that needs a place: a department, or a generic local body (供电公司)."""
    if key in abbreviations() or (bool(_DEPT_END.search(key)) and len(key) <= 14):
        return True
    return bool(_LOCAL_GENERIC.match(key))


_ZONE = re.compile(r"(?:开发区|经开区|高新区|新区|园区|度假区|试验区|示范区|合作区)$")


def _as_body(m: str, home: Place | None) -> str:
    """A place or a zone named as a unit is its government or its committee.

    浔阳区 in a list of bodies is 浔阳区人民政府, 九江经开区 is 九江经开区管委会 (a list
    such as 浔阳区、濂溪区人民政府 leaves the first name bare).
    """
    if _ZONE.search(m) and not m.startswith(("各", "相关", "有关")):
        return m + "管委会"
    hit = gazetteer().match_chain(m, home)
    if hit is not None and hit[1] == len(m) and hit[0].level == "county":
        return m + "人民政府"
    return m


def _looks_like_body(s: str) -> bool:
    return bool(_DEPT_END.search(s))


_NATIONAL = ("中国", "国家", "中央", "国务院", "全国", "中华")
_SUB_UNIT = re.compile(
    r"^([\u4e00-\u9fff]{1,10}?(镇|乡|街道|新区|开发区|高新区|园区|片区))"
    r"(人民政府|政府|管委会|管理委员会|管委|办事处|党委|党工委)")


def _local_unit(doc: Document) -> str:
    """The 镇, 街道 or zone below the county that the document's issuer is, if any.

    ``长兴县煤山镇人民政府`` → 长兴县煤山镇; ``青岛西海岸新区管委`` → 青岛市西海岸新区.
    """
    for issuer in [*doc.metadata.issuers[:1], doc.metadata.title]:
        hit = gazetteer().match_chain(issuer)
        rest = issuer[hit[1] :] if hit else issuer
        m = _SUB_UNIT.match(rest)
        if m:
            return (hit[0].qualified() if hit else "") + m.group(1)
    return ""


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
    key = re.sub(r"（[^（）]*）$", "", key)
    if key.startswith("中共") or re.search(r"[省市县区]委(组织部|宣传部|统战部|政法委|办公[厅室])", key):
        return "party"
    if key.endswith("政府"):
        return "government"
    if key.endswith(("管委会", "管委")) or (
        key.endswith("管理委员会") and re.search(r"(区|园|港|城|基地)管理委员会$", key)
    ):
        return "committee"  # a zone's management committee, not 国资委-style departments
    if key.endswith(("局", "委", "厅", "办", "部", "署", "委员会", "办公室")):
        return "department"
    return "institution"


def resolve(doc: Document, resolver: Resolver | None = None) -> Document:
    return (resolver or Resolver()).resolve_document(doc)
