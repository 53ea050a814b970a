"""China's administrative divisions: which place a name or a 市/省/区 prefix means.

An agency's identity depends on its jurisdiction (青岛市工业和信息化局 is not
济南市工业和信息化局), and plans name places in full (青岛市), short (青岛) or by level
(市, 省, 区). The gazetteer is GB/T 2260 data in kg/data/divisions.tsv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from kg.model import Place

# Suffixes a short name drops (广西壮族自治区 → 广西, 湘西土家族苗族自治州 → 湘西).
_LEVEL_SUFFIX = re.compile(r"(自治区|特别行政区|自治州|自治县|自治旗|地区|盟|省|市)$")
@lru_cache(maxsize=1)
def _ethnic() -> re.Pattern[str]:
    """The peoples' names autonomous areas carry (广西壮族自治区, 湘西土家族苗族自治州)."""
    data = resources.files("kg.data").joinpath("peoples.txt").read_text(encoding="utf-8")
    peoples = [p.strip() for p in data.splitlines() if p.strip() and not p.startswith("#")]
    names = sorted((p + "族" for p in peoples), key=len, reverse=True)
    return re.compile("(" + "|".join(names) + "|维吾尔)$")


def short_name(name: str) -> str:
    """A division's name without its level and its peoples: the way plans write it.

    >>> short_name("湘西土家族苗族自治州"), short_name("新疆维吾尔自治区"), short_name("青岛市")
    ('湘西', '新疆', '青岛')
    """
    s = _LEVEL_SUFFIX.sub("", name)
    while True:
        m = _ethnic().search(s)
        if not m or len(s) - len(m.group(1)) < 2:
            return s
        s = s[: m.start()]
_MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@dataclass
class Gazetteer:
    by_code: dict[str, Place]
    by_name: dict[str, list[Place]]  # full and short names
    max_len: int

    def candidates(self, name: str) -> list[Place]:
        return self.by_name.get(name, [])

    def match_prefix(self, text: str, context: Place | None = None) -> tuple[Place, int] | None:
        """The place a text starts with, preferring places inside the context's chain.

        >>> g = gazetteer(); qd = g.find("青岛市")
        >>> p, n = g.match_prefix("崂山区政府", qd); (p.qualified(), n)
        ('青岛市崂山区', 3)
        >>> g.match_prefix("山东金融监管局")[0].name
        '山东省'
        """
        for n in range(min(self.max_len, len(text)), 1, -1):
            cands = self.by_name.get(text[:n])
            if not cands:
                continue
            best = choose(cands, context)
            if best is not None:
                # a short name must not eat the start of a longer word: 青岛 in 青岛港
                # is the place, but 东城 in 东城区 must take the whole full name.
                return best, n
        return None

    def match_chain(self, text: str, context: Place | None = None) -> tuple[Place, int] | None:
        """The most specific place a text starts with, following nested names.

        ``上海市嘉定区人民政府`` is 嘉定区 (in 上海市), ``山东省青岛市…`` is 青岛市.

        >>> g = gazetteer(); p, n = g.match_chain("上海市嘉定区人民政府办公室"); (p.qualified(), n)
        ('上海市嘉定区', 6)
        """
        hit = self.match_prefix(text, context)
        if hit is None:
            return None
        place, n = hit
        while True:
            nxt = self.match_prefix(text[n:], place)
            if nxt is None or place.code not in {p.code for p in nxt[0].chain()[1:]}:
                return place, n
            place, n = nxt[0], n + nxt[1]

    def find(self, name: str, context: Place | None = None) -> Place | None:
        return choose(self.by_name.get(name, []), context)


def choose(cands: list[Place], context: Place | None) -> Place | None:
    """Pick among same-named places: the one related to the context, else a unique one."""
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    if context is not None:
        chain = {p.code for p in context.chain()}
        inside = [c for c in cands if chain & {p.code for p in c.chain()}]
        # prefer a candidate that is the context or one of its ancestors / descendants
        near = [c for c in inside if c.code in chain] or [
            c for c in inside if context.code in {p.code for p in c.chain()}
        ] or inside
        if len(near) == 1:
            return near[0]
    levels = sorted(cands, key=lambda c: ("province", "city", "county").index(c.level))
    if levels[0].level != levels[1].level:
        return levels[0]  # 北京市 the municipality before 北京市 the city entry
    return None


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    data = resources.files("kg.data").joinpath("divisions.tsv").read_text(encoding="utf-8")
    rows = [ln.split("\t") for ln in data.splitlines() if ln and not ln.startswith("#")]
    by_code: dict[str, Place] = {}
    parents: dict[str, str] = {}
    for code, name, parent in rows:
        if code[2:] == "0000":
            level = "province"
        elif code[4:] == "00":
            level = "city"
        else:
            level = "county"
        # a municipality's "city" entry (北京市 110100) is the municipality itself
        if level == "city" and code[:2] + "0000" in _MUNICIPALITIES:
            continue
        by_code[code] = Place(code, name, level)
        parents[code] = parent
    for code, place in by_code.items():
        parent = parents[code]
        if parent and parent not in by_code:
            parent = parent[:2] + "0000"
        place.parent = by_code.get(parent) if parent else None
    by_name: dict[str, list[Place]] = {}
    for place in by_code.values():
        names = {place.name}
        if place.level != "county":
            short = short_name(place.name)
            if len(short) >= 2:
                names.add(short)
                if place.name.endswith("自治州"):
                    names.add(short + "州")  # 湘西州, 延边州
        for n in names:
            by_name.setdefault(n, []).append(place)
    max_len = max(len(n) for n in by_name)
    return Gazetteer(by_code, by_name, max_len)


LEVEL_WORDS = ("自治区", "自治州", "省", "市", "区", "县", "州", "盟", "旗")


def place_for_level(word: str, context: Place | None) -> Place | None:
    """The place a bare level word (市, 省, 区 …) means inside a jurisdiction.

    In a Qingdao plan 市 is 青岛市 and 省 is 山东省; in a district plan 区 is the
    district and 市 its city; in a county-level city's plan 市 is that city.

    >>> g = gazetteer(); ls = g.find("崂山区")
    >>> place_for_level("市", ls).name, place_for_level("省", ls).name
    ('青岛市', '山东省')
    """
    if context is None:
        return None
    for p in context.chain():
        if word == "区" and p.name.endswith("区"):
            return p
        if word != "区" and p.name.endswith(word):
            return p
    return None
