"""Responsibility notes: who leads, who is responsible, who cooperates.

Officialdom writes ownership in a handful of shapes, all handled by general rules:

* bracketed and labelled: ``(牵头单位:省科技厅,责任单位:省教育厅)``, labels with
  full- or half-width colons, 、 , ; between bodies;
* bracketed with a closing role phrase: ``(省发展改革委、省科技厅按职责分工负责)``,
  ``(市委组织部牵头,市人社局配合)``;
* a bare list at a sentence end: ``(市发展改革委、市财政局)``;
* a labelled line outside brackets: ``责任单位:市商务局``;
* running text: ``由市大数据委、市工信局牵头,各有关市直单位参与配合``.

Lists split on 、 , ; and on 及/和/与 only where both sides are bodies (so
工业和信息化局 stays whole); collectives (各区、市政府, 相关县(市)区人民政府) stay one
mention; brackets inside a name are kept; a trailing 等 sets ``etc``. Whatever part
of a note is not understood is kept as a fragment for the coverage report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kg.extract.lexicon import (
    agency_suffixes,
    collective_rules,
    label_name,
    label_regex,
    note_labels,
    role_phrase,
    role_verb_at_end,
    role_verbs,
)
from kg.extract.timex import deadline_words, scan, standing_regex
from kg.model import ROLES, Document, Fragment, Note, Problem, Span, UnitMention
from kg.places import gazetteer
from kg.text import CLOSE, OPEN, bracket_groups, depth_zero_splits, match_bracket

_PUNCT_STRIP = " \t\u3000。.;；,，、:："
_SENTENCE_PUNCT = re.compile(r"[。；;：:!！?？]")
_NUMERAL_ONLY = re.compile(r"^\s*[一二三四五六七八九十百零〇\d]+\s*$")
_REMARK = re.compile(
    r"(\d{4}\s*年|\d{1,2}\s*月|年底|年末|年初|季度|上半年|下半年|月底|前完成|长期|持续|常态|"
    r"每年|定期|逐年|分年度|按年度|时限|期限|完成)"
)
_ETC = re.compile(
    r"等(?:省直|市直|区直|县直|省级|市级|区级|县级|省|市|区|县)?(?:有关|相关|其他|其它|各)?"
    r"(?:成员单位|部门|单位|机构|地方|地区|方面)?"
    r"(?:(?:和|及|、)(?:有关|相关)?(?:部门|单位|机构))?(?:[(（](?:部门|单位)[)）])?$"
    # 等涉及项目联合验收相关单位: a longer description of the others, ending 相关单位
    r"|等[\u4e00-\u9fff]{1,12}?(?:有关|相关)(?:部门|单位|机构)$"
)
_LEVEL_BARE = re.compile(
    r"^(?:(?:县级市|自治县|自治州|自治区|街道|[省市县区镇乡州旗盟])(?:[(（][^()（）]*[)）])?)+"
    r"(?:级)?(?:人民)?(?:政府|管委会|办事处)?$"
)
# words no name contains: a "mention" holding them is a sentence, not a body
_MODAL_END = re.compile(r"(要|应|须|需|将|均|已|可|会同)$")  # 各部门要…: a subject, not a name
_NOT_A_NAME = re.compile(r"(均|需|要求|应当|涉及|按照|根据|对于|通过|确保|不再|下同|具体任务)")
# work verbs that may follow a role phrase: 具体职能部门负责起草, 县发改局牵头实施
_TRAILING_WORK = re.compile(
    r"(?:起草|实施|推进|落实|组织|指导|协调|制定|办理|执行|完成|开展|督导|监督|组织实施|抓好落实)$"
)
_CONJ = re.compile(r"以及|及|和|与")
_WITH = re.compile(r"会同|联合|协调")
_FIRST_IS_LEAD = re.compile(
    r"(?:列|排|排名|排序)(?:在)?(?:第一|首)(?:位|个)?(?:的|者)?(?:单位|部门)?(?:为|是|爲)(?:牵头|牽頭|主责)"
    r"|第一(?:个|位)?(?:责任)?(?:单位|部门)?为牵头(?:单位|部门)"
)
# a bare noun after a collective completes it: 市直有关部门、单位
_GENERIC_TAILS = {"单位", "部门", "机构", "企业", "单位)", "部门)", "政府", "人民政府", "党委", "党委政府",
                  "管委会", "管理委员会"}
_GENERIC = {"中央", "单位", "部门", "机构", "企业", "公司", "集团", "政府", "地方", "中心", "协会", "学校",
            "医院", "银行", "高校", "院校", "社会组织"}
_STANDING = re.compile(
    r"^(以下|下同|上述|其中|注[:：]|列第一位|列在第一位|排在第一位|排在首位|排名第一|第一个)|"
    r"^(具体|各项|所有|全部)(任务|工作|措施|政策|事项)*(均|都|一律)|"
    r"不再(单独|逐项|一一)?列出|不再做分工|下同$|为牵头(单位|部门)"
)
@lru_cache(maxsize=1)
def _verb_then_comma() -> re.Pattern[str]:
    return re.compile(role_phrase() + "、")


_ROLE_MARK = re.compile(
    r"\s*[(（〔\[]\s*(牵头单位|牵头|主责|配合单位|配合|协办|参与|负责|责任单位)\s*[)）〕\]]$")
_LEAD_MARKS = "☆★※△▲●◆*＊"
_MARK_RULE = re.compile(
    rf"标(?:注|有)?\s*(?P<mark>[{_LEAD_MARKS}])\s*(?:号)?的?(?:单位|部门)?为牵头(?:单位|部门)")
_TRAILING_RULE = re.compile(r"[(（〈][^()（）〈〉]*(下同|为牵头|不再列出|不再一一列出)[^()（）〈〉]*[)）〉]$")
_NOTE_WORDS = re.compile(r"(单位|部门|牵头|负责|配合|责任)")


@lru_cache(maxsize=1)
def _condition_regex() -> re.Pattern[str]:
    from importlib import resources

    data = resources.files("kg.data").joinpath("note_remark_words.txt").read_text(encoding="utf-8")
    words = [w.strip() for w in data.splitlines() if w.strip() and not w.startswith("#")]
    return re.compile("^(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")")


@lru_cache(maxsize=1)
def _done_regex() -> re.Pattern[str]:
    words = sorted(deadline_words().get("done", {}), key=len, reverse=True)
    return re.compile("(?:" + "|".join(re.escape(w) for w in words) + ")")


def _only_time(s: str) -> bool:
    """Nothing but times, standing words and completion words (2025年底前完成, 持续推进)."""
    rest = s
    for e in reversed(scan(rest)):
        rest = rest[: e.start] + rest[e.end :]
    rest = standing_regex(False).sub("", rest)
    rest = _done_regex().sub("", rest)
    return not rest.strip(_PUNCT_STRIP + "()（）")


def time_split(clause: str) -> tuple[int, int, int] | None:
    """Where a clause that names bodies goes on to say when: (head end, remark start, remark end).

    ``市商务局2025年底前完成``, ``市商务局 2025年6月底前``, ``市商务局(2025年底前完成)``,
    ``市商务局、2025年底前完成``, ``市商务局持续推进``: the bodies come first and the
    rest is a deadline, kept as a remark. Returns None when the clause holds no
    time, or when what precedes the time is not a list of bodies (a time inside
    a name, or a sentence).

    >>> c = "市商务局(2025年底前完成)"; h, a, b = time_split(c); (c[:h], c[a:b])
    ('市商务局', '2025年底前完成')
    """
    hits = [(e.start, e.end) for e in scan(clause)]
    hits += [(m.start(), m.end()) for m in standing_regex(False).finditer(clause)]
    for start, _ in sorted(hits):
        a, b = start, len(clause)
        depth_open = None
        depth = 0
        for i, ch in enumerate(clause[:start]):
            if ch in OPEN:
                depth += 1
                depth_open = i
            elif ch in CLOSE and depth:
                depth -= 1
        if depth:
            # inside a bracket: only a bracket holding nothing but a time splits off
            assert depth_open is not None
            close = match_bracket(clause, depth_open)
            if close is None or clause[close + 1 :].strip(_PUNCT_STRIP) or not _only_time(
                    clause[depth_open + 1 : close]):
                continue
            head_end, a, b = depth_open, depth_open + 1, close
        else:
            head_end = start
        head = clause[:head_end].rstrip(_PUNCT_STRIP)
        if not head:
            continue
        if not _only_time(clause[a:b]) and not scan(clause[a:b]):
            continue  # a standing word followed by more than a commitment (长期护理…)
        role, cut = _clause_role(head)
        names = head[:cut] if role else head
        parts = split_units(names, 0)
        if parts and all(agency_like(p[0]) for p in parts):
            return len(head), a, b
    return None


@dataclass
class Unit:
    mention: str
    start: int  # absolute offsets into the document text
    end: int
    role: str
    etc: bool = False
    marked: bool = False  # written with a lead mark (☆经信局) that the plan may define


@dataclass
class Parsed:
    units: list[Unit]
    remarks: list[tuple[str, int, int]]
    fragments: list[tuple[str, int, int, str]]
    labelled: bool
    verbs: int  # clauses closed by a role phrase


# ---------------------------------------------------------------- lexical tests


_COLLECTIVE_TAIL = re.compile(r"[省市区县镇乡街道州旗盟地]$|地方|企业|机构|学校|医院|银行|党委|园区|社区|村")


def is_collective(s: str) -> bool:
    rules = collective_rules()
    body = s.lstrip("由")
    if body.startswith(rules["prefix"]):
        # 其他有关单位, 各地: a quantifier then bodies or places; 其他贷款条件不变 is no one
        rest = _strip_trailing_brackets(body).rstrip("等")
        if (not body.startswith(("其他", "其它")) or len(rest) <= 4 or rest.endswith(agency_suffixes())
                or _COLLECTIVE_TAIL.search(rest)):
            return True
    if "、" in body and _places_sharing_a_tail(body):
        return True  # 钦南区、钦北区人民政府: two governments, a group
    if any(w in body for w in rules["contains"]):
        return True
    return body.endswith(rules["suffix"])


def _strip_trailing_brackets(s: str) -> str:
    # 中国(山东)自由贸易试验区济南片区管委会(筹) → judge by 管委会
    while s and s[-1] in ")）" and ("(" in s or "（" in s):
        cut = max(s.rfind("("), s.rfind("（"))
        s = s[:cut]
    return s


def agency_like(s: str, strict: bool = False) -> bool:
    """Does a phrase read as the name of a body (or a collective of bodies)?

    ``strict`` (for running text) also asks for a jurisdiction marker: a level word,
    a place name or a collective quantifier, since prose names many things that end
    in 会 or 中心 without being owners.

    >>> agency_like("市工业和信息化局"), agency_like("中国(山东)自由贸易试验区济南片区管委会(筹)")
    (True, True)
    >>> agency_like("以下简称“两区”"), agency_like("企业"), agency_like("济南市")
    (False, False, True)
    """
    s = s.strip()
    etc = _ETC.search(s)
    if etc and etc.start() >= 2:
        s = s[: etc.start()]
    if len(s) < 2 or len(s) > 60 or s in _GENERIC or _NOT_A_NAME.search(s) or _MODAL_END.search(s):
        return False
    if _SENTENCE_PUNCT.search(s) or "，" in s or "," in s:
        return False
    if is_collective(s):
        return True
    core = _strip_trailing_brackets(s)
    if not core:
        return False
    suffix = core.endswith(agency_suffixes())
    if strict:
        if not suffix:
            return False
        return bool(re.match(r"[省市县区镇乡州旗]", core)) or gazetteer().match_prefix(core) is not None
    if suffix:
        return True
    # a place standing for its government: 济南市、青岛市 (in a provincial plan)
    is_place = gazetteer().find(core) is not None
    return is_place and core.endswith(("省", "市", "县", "区", "州", "旗", "盟"))


# ---------------------------------------------------------------- list splitting


def split_units(text: str, base: int) -> list[tuple[str, int, int, bool]]:
    """Split a list of bodies into mentions: (mention, start, end, etc).

    >>> [m for m, *_ in split_units("市工业和信息化局及专班成员单位,各区、市政府", 0)]
    ['市工业和信息化局', '专班成员单位', '各区、市政府']
    >>> [m for m, *_ in split_units("相关县(市)区人民政府", 0)]
    ['相关县(市)区人民政府']
    """
    pieces: list[tuple[int, int]] = []
    for a, b in depth_zero_splits(text, "、,，;；"):
        for c, d in _split_spaces(text, a, b):
            pieces.extend(_split_conjunctions(text, c, d))
    # merge a collective's head with the level words that complete it: 各区、市政府
    merged: list[tuple[int, int]] = []
    i = 0
    while i < len(pieces):
        a, b = pieces[i]
        j = i
        while j < len(pieces) and _bare_place(text[pieces[j][0] : pieces[j][1]].strip()):
            j += 1
        if j > i and j < len(pieces) and _shares_tail(text[pieces[j][0] : pieces[j][1]].strip()):
            # 钦南区、钦北区人民政府: places that share one body word are written as one
            b, i = pieces[j][1], j
        while i + 1 < len(pieces) and is_collective(text[a:b].strip()):
            nxt = _ETC.sub("", text[pieces[i + 1][0] : pieces[i + 1][1]].strip())
            level_tail = not text[a:b].strip().endswith(agency_suffixes()) and _LEVEL_BARE.match(nxt)
            if not (level_tail or nxt in _GENERIC_TAILS):
                break
            b = pieces[i + 1][1]
            i += 1
        merged.append((a, b))
        i += 1
    out: list[tuple[str, int, int, bool]] = []
    for a, b in merged:
        # trim spaces and connective words at the edges
        while a < b and text[a] in " \t\u3000\n":
            a += 1
        while b > a and text[b - 1] in " \t\u3000\n。.":
            b -= 1
        for lead in ("由", "以及", "及", "和", "与", "并"):
            if text.startswith(lead, a) and agency_like(text[a + len(lead) : b]):
                a += len(lead)
                break
        etc = False
        m = _ETC.search(text, a, b)
        if m and m.end() == b and m.start() > a:
            etc = True
            b = m.start()
        if a < b:
            mention = text[a:b]
            if "\n" in mention:
                mention = re.sub(r"\s+", "", mention)  # 市城\n市管理综合行政执法局: one name
            out.append((mention, base + a, base + b, etc))
    return out


_SHARED_TAIL = re.compile(r"(人民政府|政府|管委会|管理委员会|党委|党工委)$")


def _bare_place(s: str) -> bool:
    """A piece that is a place's name and nothing more (钦南区, 胶州市), or a bare level
    word (县 in 县、区政府): no body by itself."""
    from kg.places import gazetteer

    if s in ("省", "市", "县", "区", "镇", "乡", "州", "旗"):
        return True
    return bool(gazetteer().candidates(s)) and s[-1] in "省市区县州旗盟"


def _shares_tail(s: str) -> bool:
    """The next piece: a place, or places joined the same way, then a body word."""
    from kg.places import gazetteer

    m = _SHARED_TAIL.search(s)
    if not m or m.start() == 0:
        return False
    head = s[: m.start()]
    if head in ("省", "市", "县", "区", "镇", "乡", "州", "旗"):
        return True  # 县、区政府
    hit = gazetteer().match_chain(head)
    return hit is not None and hit[1] == len(head)


def _places_sharing_a_tail(s: str) -> bool:
    *heads, last = s.split("、")
    return bool(heads) and all(_bare_place(h) for h in heads) and _shares_tail(last)


def _split_spaces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Bodies separated only by spaces (市发改委 市财政局), when every part is a body."""
    seg = text[a:b]
    parts = [(a + m.start(), a + m.end()) for m in re.finditer(r"[^\s\u3000]+", seg)]
    if len(parts) > 1 and all(
        agency_like(text[c:d]) and (_GOV_BODY_END.search(text[c:d]) or is_collective(text[c:d]))
        for c, d in parts
    ):
        return parts
    return [(a, b)]


# endings of government bodies proper, for the riskier space-separated lists (a bank's
# branch written "中国人民银行 某某支行" is one name)
_GOV_BODY_END = re.compile(r"(局|委|办|厅|部|署|中心|政府|管委会|单位|部门)$")


def _split_conjunctions(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Split at 及/和/与 only where both sides are bodies (工业和信息化局 stays whole)."""
    seg = text[a:b]
    depth = 0
    for i, ch in enumerate(seg):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        if depth:
            continue
        m = _CONJ.match(seg, i)
        if not m or i == 0:
            continue
        left, right = seg[:i].strip(), seg[m.end() :].strip()
        if agency_like(left) and right and _right_is_body(right):
            return [(a, a + i), *_split_conjunctions(text, a + m.end(), b)]
    return [(a, b)]


def _right_is_body(right: str) -> bool:
    if agency_like(right):
        return True
    m = _ETC.search(right)
    return bool(m and m.start() > 0 and agency_like(right[: m.start()]))


# ---------------------------------------------------------------- note bodies


def _clause_role(clause: str) -> tuple[str | None, int]:
    """Role phrase closing a clause and where it starts (len(clause) when none)."""
    m = role_verb_at_end().search(clause)
    if m:
        return role_verbs()[m.group("core")], m.start()
    w = _TRAILING_WORK.search(clause)
    if w and w.start() > 0:
        m = role_verb_at_end().search(clause[: w.start()])
        if m:
            return role_verbs()[m.group("core")], m.start()
    return None, len(clause)


def _split_after_verbs(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """(X负责、Y、Z配合): a role phrase followed by 、 ends its clause."""
    out: list[tuple[int, int]] = []
    last = a
    for m in _verb_then_comma().finditer(text, a, b):
        out.append((last, m.end() - 1))
        last = m.end()
    out.append((last, b))
    return out


def parse_run(text: str, base: int, default_role: str | None, lenient: bool) -> Parsed:
    """Parse label-free note text: clauses split by , and ; each may close with a role.

    A clause with no role phrase takes the role of the next clause in its ;-group
    that has one (X,Y按职责分工负责), else the label's role, else ``responsible``.
    """
    units: list[Unit] = []
    remarks: list[tuple[str, int, int]] = []
    fragments: list[tuple[str, int, int, str]] = []
    verbs = 0
    for ga, gb in depth_zero_splits(text, ";；。"):
        clauses = []
        for a, b in depth_zero_splits(text[ga:gb], ",，"):
            clauses.extend(_split_after_verbs(text, ga + a, ga + b))
        pending: list[tuple[int, int]] = []
        roles: list[tuple[list[tuple[int, int]], str | None]] = []
        for ca, cb in clauses:
            raw = text[ca:cb]
            lead_ws = len(raw) - len(raw.lstrip(_PUNCT_STRIP))
            ca += lead_ws
            cb = ca + len(raw.strip(_PUNCT_STRIP))
            clause = text[ca:cb]
            rule = _TRAILING_RULE.search(clause)
            if rule and rule.start() > 0:
                # 市发改委、市财政局(第一责任单位为牵头单位,下同): the rule is a remark
                remarks.append((clause[rule.start() :], base + ca + rule.start(), base + cb))
                cb = ca + rule.start()
                clause = text[ca:cb]
            if not clause:
                continue
            if _STANDING.search(clause):
                # 以下均需试点城市政府落实 / 排在第一位的部门为牵头部门,下同: a rule, not units
                remarks.append((clause, base + ca, base + cb))
                continue
            split = time_split(clause)
            if split is not None:
                # 市商务局2025年底前完成: the bodies, then a deadline kept as a remark
                head, ra, rb = split
                remarks.append((clause[ra:rb], base + ca + ra, base + ca + rb))
                cb = ca + head
                clause = text[ca:cb]
            role, cut = _clause_role(clause)
            if role is None and _REMARK.search(clause) and not any(
                agency_like(p) for p in re.split(r"[、和及]", clause)
            ):
                remarks.append((clause, base + ca, base + cb))
                continue
            if role is None and _condition_regex().match(clause) and not any(
                agency_like(p) for p in re.split(r"[、和及]", clause)
            ):
                # 根据国家部署推进, 视情推进: a condition on the work, not a body
                remarks.append((clause, base + ca, base + cb))
                continue
            if role is not None:
                verbs += 1
                if default_role and pending:
                    # 牵头单位:市发改委,市财政局配合: the label names what directly follows it
                    roles.append((pending, default_role))
                    pending = []
                pending.append((ca, ca + cut))
                roles.append((pending, role))
                pending = []
            else:
                pending.append((ca, cb))
        if pending:
            roles.append((pending, None))
        for spans, role in roles:
            for ca, cb in spans:
                body = text[ca:cb]
                if body.startswith("由"):
                    ca += 1
                    body = body[1:]
                if not body.strip():
                    continue
                # X会同Y负责: X leads, Y cooperates
                w = _WITH.search(body)
                heads: list[tuple[str, int, str | None]] = [(body, ca, role)]
                if w and role in ("responsible", None) and agency_like(body[: w.start()].rstrip("等")):
                    heads = [(body[: w.start()], ca, "lead"), (body[w.end() :], ca + w.end(), "cooperate")]
                for part, pa, prole in heads:
                    _units_of(part, pa, base, prole or default_role or "responsible", lenient,
                              units, fragments, remarks)
    return Parsed(units, remarks, fragments, labelled=False, verbs=verbs)


def _units_of(body: str, ca: int, base: int, r: str, lenient: bool, units: list[Unit],
              fragments: list[tuple[str, int, int, str]], remarks: list[tuple[str, int, int]]) -> None:
    """Read the bodies of one clause into ``units``; what is not a body into ``fragments``."""
    for mention, s, e, etc in split_units(body, ca):
        rule = _TRAILING_RULE.search(mention)
        if rule:
            # 市财政局(第一责任单位为牵头单位,下同): the bracket states a rule, not a name
            remarks.append((mention[rule.start() :], base + s + rule.start(), base + e))
            mention, e = mention[: rule.start()], s + rule.start()
        mark = _ROLE_MARK.search(mention)
        role_here = r
        if mark and mark.start() > 0:
            # 市经信局（牵头）, 市科技局(配合): the bracket gives the body's role
            role_here = role_verbs().get(mark.group(1)) or note_labels().get(mark.group(1)) or r
            mention, e = mention[: mark.start()].rstrip(), s + len(mention[: mark.start()].rstrip())
        marked = bool(mention) and mention[0] in _LEAD_MARKS
        if marked:
            stripped = mention[1:].lstrip()
            mention, s = stripped, s + len(mention) - len(stripped)
        if mention:
            name_ok = agency_like(mention) or (
                lenient and not _SENTENCE_PUNCT.search(mention) and len(mention) <= 40
                and not _NOT_A_NAME.search(mention)
            )
            if name_ok:
                units.append(Unit(mention, base + s, base + e, role_here, etc, marked))
            else:
                fragments.append((mention, base + s, base + e, "not the name of a body"))


def parse_note(text: str, base: int = 0) -> Parsed:
    """Parse the inside of a note (without its brackets).

    >>> p = parse_note("牵头单位:省科技厅,责任单位:省发展改革委、省工业和信息化厅")
    >>> [(u.mention, u.role) for u in p.units]
    [('省科技厅', 'lead'), ('省发展改革委', 'responsible'), ('省工业和信息化厅', 'responsible')]
    >>> [(u.mention, u.role) for u in parse_note("省发展改革委、省科技厅按职责分工负责").units]
    [('省发展改革委', 'responsible'), ('省科技厅', 'responsible')]
    """
    labels = [m for m in label_regex().finditer(text) if _at_depth_zero(text, m.start())]
    if not labels:
        return parse_run(text, base, None, lenient=False)
    units: list[Unit] = []
    remarks: list[tuple[str, int, int]] = []
    fragments: list[tuple[str, int, int, str]] = []
    verbs = 0
    head = text[: labels[0].start()]
    if head.strip(_PUNCT_STRIP):
        p = parse_run(head, base, None, lenient=False)
        units += p.units
        remarks += p.remarks
        fragments += p.fragments
    for k, m in enumerate(labels):
        end = labels[k + 1].start() if k + 1 < len(labels) else len(text)
        kind = note_labels()[label_name(m)]
        seg_start = m.end()
        seg = text[seg_start:end]
        stripped = seg.rstrip(_PUNCT_STRIP)
        if kind in ("remark", "person"):
            if stripped.strip():
                remarks.append((m.group(0) + stripped, base + m.start(), base + seg_start + len(stripped)))
            continue
        p = parse_run(seg, base + seg_start, kind if kind in ROLES else None, lenient=True)
        units += p.units
        remarks += p.remarks
        fragments += p.fragments
        verbs += p.verbs
    return Parsed(units, remarks, fragments, labelled=True, verbs=verbs)


def _at_depth_zero(text: str, pos: int) -> bool:
    depth = 0
    for ch in text[:pos]:
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
    return depth == 0


# ---------------------------------------------------------------- finding notes


def _is_note(p: Parsed, at_sentence_end: bool, after_sentence: bool) -> bool:
    if not p.units:
        return False
    if p.labelled:
        return True
    if p.verbs:
        return len(p.fragments) <= len(p.units)
    # a bare list of bodies: only at a sentence end, and every part a body (a completion time
    # beside them is fine: (市商务局,2025年底前)); right after a noun (北部科技驿站（朱桥片区）)
    # it must also name a jurisdiction, as 市大数据局 does
    if not at_sentence_end or p.fragments or not all(_only_time(r[0]) for r in p.remarks):
        return False
    return after_sentence or all(agency_like(u.mention, strict=True) for u in p.units)


def _make_note(doc: Document, p: Parsed, span: Span, body: Span, form: str) -> Note:
    idx = len(doc.notes)
    note = Note(span=span, body=body, form=form)  # type: ignore[arg-type]
    for u in p.units:
        mention = UnitMention(u.mention, u.role, Span(u.start, u.end), idx,  # type: ignore[arg-type]
                              marked=u.marked)
        note.units.append(mention)
        note.etc = note.etc or u.etc
    note.remarks = [(t, Span(a, b)) for t, a, b in p.remarks]
    note.fragments = [Fragment(t, Span(a, b), why) for t, a, b, why in p.fragments]
    doc.notes.append(note)
    return note


@lru_cache(maxsize=1)
def _run_lead() -> re.Pattern[str]:
    """由X牵头 / 由X按职责分工负责 / 由A和B共同负责: the bodies, then a lead or duty phrase."""
    # 由X负责解释 names who interprets the text, not who does the work
    return re.compile(rf"由(?P<u>[^。；;，,：:由\x00]{{2,80}}?)(?P<v>{role_phrase()})(?!解释)")
_RUN_COOP = re.compile(r"[,，](?P<c>[^。；;，,：:\x00]{2,80}?)(?P<v>参与配合|配合|参与|协助|协同)")


def notes_in_line(doc: Document, start: int, end: int) -> None:
    """Find every note in one line of the document and append it to ``doc.notes``.

    Labelled text outside brackets (责任单位:…) is read first, with any brackets inside
    it (各街道(园区)); then bracketed notes; then running text in what is left.
    """
    text = doc.text
    line = text[start:end]
    taken = [False] * len(line)
    # labelled text outside brackets: 责任单位:市商务局 / 牵头单位:… 责任单位:…
    for m in label_regex().finditer(line):
        if any(taken[m.start() : m.end()]) or not _at_depth_zero(line, m.start()):
            continue
        if m.start() > 0 and line[m.start() - 1] not in "。；; \t\u3000】]":
            continue
        if note_labels()[label_name(m)] in ("remark", "person"):
            continue
        stop = _sentence_end(line, m.end())
        p = parse_note(line[m.start() : stop], start + m.start())
        if p.units:
            _make_note(doc, p, Span(start + m.start(), start + stop),
                       Span(start + m.start(), start + stop), "labelled-line")
            for j in range(m.start(), stop):
                taken[j] = True
    groups = list(bracket_groups(text, start, end, across_lines="\n" in line))
    unclosed = _unclosed_note(text, start, end, groups)
    if unclosed is not None:
        groups.append(unclosed)
        groups.sort()
        doc.problems.append(Problem(
            "unclosed-note", f"a note without its closing bracket, read up to what follows it: "
            f"{text[unclosed[0]:unclosed[1]]}", Span(*unclosed), doc.line_of(unclosed[0])))
    for a, b in groups:
        if any(taken[a - start : b - start]):
            continue
        closed = (a, b) != unclosed
        inner = text[a + 1 : b - 1 if closed else b].rstrip(" \u3000")
        if _NUMERAL_ONLY.match(inner):
            continue
        p = _parse_across_breaks(inner, a + 1)
        after = text[b : b + 1]
        before = text[a - 1 : a] if a > start else ""
        at_end = b >= end or after in "。;；.\n" or before in "。;；"
        if _is_note(p, at_end, before in "。;；.!！?？"):
            _make_note(doc, p, Span(a, b), Span(a + 1, b - 1 if closed else b), "bracketed")
            for j in range(a - start, b - start):
                taken[j] = True  # a note's text is no one else's
        elif (p.labelled or p.verbs) and _NOTE_WORDS.search(inner):
            doc.problems.append(
                Problem("unparsed-note", f"a note the parser could not read: {text[a:b]}",
                        Span(a, b), doc.line_of(a))
            )
    masked = "".join("\x00" if t else ch for ch, t in zip(line, taken, strict=True))
    # running text: 由X牵头,Y配合
    for m in _run_lead().finditer(masked):
        if masked[m.end() : m.end() + 1] == "的":
            continue  # 建立由X牵头的…机制 describes a mechanism, it assigns nothing
        role = role_verbs()[m.group("core")]
        if role == "cooperate":
            continue
        parts = split_units(m.group("u"), start + m.start("u"))
        if not parts or not all(agency_like(x[0], strict=True) for x in parts):
            continue
        units = [Unit(x[0], x[1], x[2], role, x[3]) for x in parts]
        note_end = start + m.end()
        coop = _RUN_COOP.match(masked, m.end())
        if coop:
            cparts = split_units(coop.group("c"), start + coop.start("c"))
            if cparts and all(agency_like(x[0]) for x in cparts):
                units += [Unit(x[0], x[1], x[2], "cooperate", x[3]) for x in cparts]
                note_end = start + coop.end()
        p = Parsed(units, [], [], labelled=False, verbs=1)
        _make_note(doc, p, Span(start + m.start(), note_end), Span(start + m.start(), note_end),
                   "running-text")
        masked = masked[: m.start()] + "\x00" * (note_end - start - m.start()) + masked[note_end - start :]
    # a whole sentence that only assigns: 市发展改革委牵头,市财政局配合。
    for a, b in _sentences(masked):
        sentence = masked[a:b]
        if "\x00" in sentence or not sentence.strip():
            continue
        p = parse_run(sentence, start + a, None, lenient=False)
        if (p.verbs and p.units and not p.fragments and not p.remarks
                and all(agency_like(u.mention, strict=True) for u in p.units)):
            _make_note(doc, p, Span(start + a, start + b), Span(start + a, start + b), "running-text")


def _unclosed_note(text: str, start: int, end: int, groups: list[tuple[int, int]]
                   ) -> tuple[int, int] | None:
    """``…90万元(责任单位:市住房公积金管理中心`` at a line's end: a labelled note whose
    closing bracket was lost (a scan, a copy). Only a bracket opened outside every
    group, holding a label right after it, counts; it runs to the next bracket group or
    numbered item on the line, else to the line's end."""
    from kg.structure import numbering_of

    depth, opened, k = 0, -1, start
    ordered = sorted(groups)
    g = 0
    while k < end:
        while g < len(ordered) and ordered[g][1] <= k:
            g += 1
        if g < len(ordered) and ordered[g][0] <= k:
            k = ordered[g][1]  # inside a closed group: skip it whole
            continue
        if text[k] in OPEN:
            depth, opened = depth + 1, (k if depth == 0 else opened)
        elif text[k] in CLOSE and depth:
            depth -= 1
        k += 1
    if depth != 1 or opened < 0:
        return None
    m = label_regex().match(text, opened + 1, end)
    if m is None or note_labels()[label_name(m)] not in (*ROLES, "verbs"):
        return None
    stop = end
    for a, b in ordered:
        if a <= opened:
            continue
        if b - a <= 12 and text[a - 1] not in " \u3000、,，;；。" and "\n" not in text[a:b]:
            continue  # 各区(市): a bracket inside a name, part of the note
        stop = a
        break
    for j in range(m.end(), stop):
        if text[j - 1] in " \u3000。;；" and numbering_of(text[j:stop]) is not None:
            stop = j
            break
    return opened, stop


def _parse_across_breaks(inner: str, base: int) -> Parsed:
    """parse_note on a note a line break cut (责\n任单位:…), with offsets in the document."""
    if "\n" not in inner:
        return parse_note(inner, base)
    keep = [k for k, ch in enumerate(inner) if ch != "\n"]
    p = parse_note("".join(inner[k] for k in keep), 0)

    def at(c: int) -> int:
        return base + (keep[c] if c < len(keep) else len(inner))

    for u in p.units:
        u.start, u.end = at(u.start), at(u.end - 1) + 1
    p.remarks[:] = [(t, at(a), at(b - 1) + 1) for t, a, b in p.remarks]
    p.fragments[:] = [(t, at(a), at(b - 1) + 1, why) for t, a, b, why in p.fragments]
    return p


def _note_runs_on(doc: Document, i: int, reach: int = 2) -> int | None:
    """The line where a bracket left open at the end of line ``i`` closes, when what it
    holds reads as a note (a label or a role word) and no numbered item starts on the way."""
    from kg.structure import numbering_of

    lines = doc.lines
    text = doc.text
    depth, opened = 0, -1
    for k in range(lines[i].start, lines[i].end):
        if text[k] in OPEN:
            depth += 1
            if depth == 1:
                opened = k
        elif text[k] in CLOSE and depth:
            depth -= 1
    if depth == 0:
        return None
    for j in range(i + 1, min(i + 1 + reach, len(lines))):
        line = text[lines[j].start : lines[j].end]
        if numbering_of(line) is not None:
            return None
        for k in range(lines[j].start, lines[j].end):
            if text[k] in OPEN:
                depth += 1
            elif text[k] in CLOSE and depth:
                depth -= 1
                if depth == 0:
                    inner = re.sub(r"\s+", "", text[opened + 1 : k])
                    return j if _NOTE_WORDS.search(inner) else None
    return None


def _sentences(line: str) -> list[tuple[int, int]]:
    """Sentences of a line (ending with 。；;), without their closing mark."""
    out, last = [], 0
    for m in re.finditer(r"[。；;]", line):
        out.append((last, m.start()))
        last = m.end()
    if last < len(line):
        out.append((last, len(line)))
    return [(a, b) for a, b in out if b > a]


def _sentence_end(line: str, pos: int) -> int:
    """Where the sentence holding ``pos`` ends: the next 。 outside brackets, or the line end."""
    depth = 0
    for j in range(pos, len(line)):
        ch = line[j]
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE and depth:
            depth -= 1
        elif ch == "。" and depth == 0:
            return j
    return len(line)


def find_notes(doc: Document) -> Document:
    """Every responsibility note of the document, in text order."""
    from kg.structure import numbering_of

    lines = doc.lines
    i = 0
    while i < len(lines):
        ln = lines[i]
        text = doc.text[ln.start : ln.end]
        m = label_regex().fullmatch(text)
        if m and i + 1 < len(lines) and note_labels()[label_name(m)] in (*ROLES, "verbs"):
            nxt = doc.text[lines[i + 1].start : lines[i + 1].end]
            if numbering_of(nxt) is None:
                # 责任单位: at a line's end, its bodies on the next line (a PDF's line break)
                notes_in_line(doc, ln.start, lines[i + 1].end)
                i += 2
                continue
        j = _note_runs_on(doc, i)
        if j is not None:
            # (责任单位:市教育局、市城\n市管理综合行政执法局): a note broken by a page's line end
            notes_in_line(doc, ln.start, lines[j].end)
            i = j + 1
            continue
        notes_in_line(doc, ln.start, ln.end)
        i += 1
    doc.notes.sort(key=lambda n: n.span.start)
    for i, note in enumerate(doc.notes):
        for u in note.units:
            u.note_index = i
    if _MARK_RULE.search(doc.text):
        # 标☆的为牵头单位: the marked bodies lead
        for note in doc.notes:
            for u in note.units:
                if u.marked:
                    u.role = "lead"
    rule = _FIRST_IS_LEAD.search(doc.text)
    if rule:
        doc.first_is_lead = True
        # stated inside a note with 下同 (the same below), the rule holds from that note
        # on; stated anywhere else (the notice, a closing 注), for every note
        home = next((n for n in doc.notes if n.span.start <= rule.start() < n.span.end), None)
        since = home.span.start if home is not None and "下同" in doc.text[home.span.start : home.span.end] \
            else 0
        for note in doc.notes:
            if note.span.start >= since and note.units and all(u.role == "responsible" for u in note.units):
                note.units[0].role = "lead"
    for note in doc.notes:
        for f in note.fragments:
            doc.problems.append(
                Problem("note-fragment", f"part of a note not understood ({f.reason}): {f.text}",
                        f.span, doc.line_of(f.span.start))
            )
    return doc
