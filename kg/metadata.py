"""A document's metadata: title, 文号, issuers, date, period, jurisdiction, genre.

Everything comes from how official documents lay out their head and signature:
the notice title ``X关于印发《Y》的通知``, the 文号 line ``青政办字〔2024〕21号``, the
signature block of issuing bodies just above the date ``2024年5月31日``, the period
``(2024—2026年)`` in the title.
"""

from __future__ import annotations

import re

from kg.model import Document, Metadata, Place
from kg.places import gazetteer, short_name
from kg.structure import _ISSUE_TITLES, plan_titles
from kg.text import cn_int, to_half

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,16}\s*[〔\[［【(（]\s*((?:19|20)\d{2})\s*[〕\]］】)）]\s*第?\s*\d{1,5}\s*号"
)
DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_D = "一二三四五六七八九十"
CN_DATE = re.compile(rf"([〇○零一二三四五六七八九]{{4}})年([{_CN_D}]{{1,3}})月([{_CN_D}]{{1,3}})日")
ISO_DATE = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年[\d\s月日]{0,8}|[〇○零一二三四五六七八九]{4}年.{0,8}|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})$"
)
PERIOD = re.compile(r"((?:19|20)\d{2})\s*(?:年)?\s*[—–\-－~～至到―─]+\s*((?:19|20)\d{2})\s*年?")
GLUED_PERIOD = re.compile(r"((?:19|20)\d{2})((?:19|20)\d{2})年")
PLAN_WORDS = re.compile(
    r"(行动计划|行动方案|实施方案|工作方案|方案|计划|实施意见|指导意见|意见|办法|措施|规划|要点|细则|"
    r"任务分工|责任分工|清单|决定|通知|纲要|规定|若干政策)"
)
NEWS_MARKERS = re.compile(r"(记者|通讯员|日讯|讯\s|报道|来源[:：]|编辑[:：]|责编|本报|新闻)")
NOTE_HINT = re.compile(r"(牵头单位|责任单位|牵头部门|责任部门|按职责分工负责)")
AGENCY_LINE = re.compile(
    r"^[\u4e00-\u9fff（）()]{3,40}(局|委|办|厅|部|院|会|中心|政府|办公室|委员会|分行|监管局|集团|公司|银行"
    r"|办事处|党工委|管委)$"
)


def iso_date(text: str) -> str:
    """ISO date of the first full date in a string (Arabic or Chinese numerals)."""
    m = DATE.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        m = CN_DATE.search(text)
        if m:
            digits = "〇一二三四五六七八九"
            y = int("".join(str(digits.index("〇" if c in "○零" else c)) for c in m.group(1)))
            mo, d = cn_int(m.group(2)) or 0, cn_int(m.group(3)) or 0
        else:
            m = ISO_DATE.search(text)
            if not m:
                return ""
            y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return ""
    return f"{y:04d}-{mo:02d}-{d:02d}"


def period_of(title: str) -> tuple[int, int] | None:
    """The plan period stated in a title: (2024—2026年), (2025-2027), even 20202022年.

    >>> period_of("行动计划(2024—2026年)"), period_of("行动计划(20202022年)")
    ((2024, 2026), (2020, 2022))
    """
    for rx in (PERIOD, GLUED_PERIOD):
        m = rx.search(to_half(title))
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= b <= a + 15:
                return a, b
    return None


def _line_texts(doc: Document) -> list[str]:
    return [doc.text[ln.start : ln.end] for ln in doc.lines]


def signature(lines: list[str], limit: int) -> tuple[list[str], str]:
    """Issuing bodies and date from the first signature block (bodies above a date)."""
    for i, text in enumerate(lines[:limit]):
        if not DATE_LINE.match(text):
            continue
        j = i - 1
        bodies: list[str] = []
        while j >= 0 and AGENCY_LINE.match(lines[j]) and "关于" not in lines[j]:
            bodies.insert(0, lines[j])
            j -= 1
        if bodies:
            return bodies, iso_date(text)
    return [], ""


def _split_run_together(line: str) -> list[str]:
    """A signature line holding two bodies: 黄浦区发展和改革委员会黄浦区建设和管理委员会.

    The line is cut where its own leading place name starts again after a body's ending.
    """
    hit = gazetteer().match_chain(line)
    if hit is None:
        return [line]
    place_text = line[: hit[1]]
    parts, start = [], 0
    for m in re.finditer(re.escape(place_text), line):
        if m.start() > start and re.search(r"(局|委|厅|办|部|会|室|政府|中心)$", line[start : m.start()]):
            parts.append(line[start : m.start()])
            start = m.start()
    parts.append(line[start:])
    return parts


_ORG_PREFIX = re.compile(r"^(中共|国家税务总局|国家金融监督管理总局|中国人民银行|共青团|国网)")


def _jurisdiction(doc: Document, meta: Metadata, head: list[str]) -> Place | None:
    """The place whose plan this is: the issuer's, or the title's.

    A forwarded plan (X转发Y…) is read in its author's place, not the forwarder's; an
    issuer that is a national body's local office names its place after its prefix
    (国家税务总局青岛市税务局); a district name found in several cities (鼓楼区) is
    settled by the city the text names most.
    """
    g = gazetteer()
    sources = [*meta.issuers, meta.title, meta.notice_title, *head[:3]]
    if "转发" in meta.notice_title:
        sources = [meta.title, *sources]
    for source in sources:
        s = _ORG_PREFIX.sub("", source)
        s = re.sub(r"^[【\[].*?[】\]]", "", s)
        hit = g.match_chain(s)
        if hit:
            return hit[0]
        tied = _tied_place(s, doc.text)
        if tied is not None:
            return tied
    province = _province_of_number(meta, head)
    return province if province is not None else _place_in_body(doc.text)


# the one-character names of the provinces that provincial 文号 begin with (鄂政发 is 湖北)
_PROVINCE_SHORT = {
    "京": "北京市", "津": "天津市", "冀": "河北省", "晋": "山西省", "蒙": "内蒙古自治区", "辽": "辽宁省",
    "吉": "吉林省", "黑": "黑龙江省", "沪": "上海市", "苏": "江苏省", "浙": "浙江省", "皖": "安徽省",
    "闽": "福建省", "赣": "江西省", "鲁": "山东省", "豫": "河南省", "鄂": "湖北省", "湘": "湖南省",
    "粤": "广东省", "桂": "广西壮族自治区", "琼": "海南省", "渝": "重庆市", "川": "四川省", "黔": "贵州省",
    "滇": "云南省", "云": "云南省", "藏": "西藏自治区", "陕": "陕西省", "甘": "甘肃省", "青": "青海省",
    "宁": "宁夏回族自治区", "新": "新疆维吾尔自治区",
}


def _province_of_number(meta: Metadata, head: list[str]) -> Place | None:
    """``省人民政府`` signs ``鄂政发〔2018〕26号``: a provincial issuer written without its
    name is placed by its 文号's first character. Only for a bare 省/自治区 issuer, since a
    city's 文号 begin with its own character (青政办字 is 青岛, 宁政发 南京)."""
    bare = [*meta.issuers, meta.notice_title, meta.title, *head[:3]]
    if not meta.doc_number or not any(re.match(r"^(省|自治区)(人民政府|委|政府)", t) for t in bare if t):
        return None
    name = _PROVINCE_SHORT.get(meta.doc_number[:1])
    return gazetteer().find(name) if name else None


_OWN_LEVEL = {"county": re.compile(r"全[区县旗]|[区县旗](?:委|政府|人民政府)"),
              "city": re.compile(r"全市|市(?:委|政府|人民政府)")}


_BODY_AFTER = r"(?=人民政府|政府|委|[\u4e00-\u9fff]{0,8}?(?:局|办|中心|委员会|支行|分行)(?![\u4e00-\u9fff]))"
_COMMON_PLACE_WORDS = {"老城区", "古城区", "新城区", "城中区", "开发区", "新市区", "市中区", "中心区"}


def _place_in_body(text: str) -> Place | None:
    """A text stripped of its title and signature: the place it names most, by full name.

    Crawled copies often keep only the body. The place written out most often (兰州市,
    阿勒泰地区; at least twice, and more than any other) is taken; when a county of
    that city is named too and the text speaks of 全区/区政府 more than of 全市/市政府,
    the plan is the county's (鹰潭市 … 余江区 with 全区). Nothing is taken on a tie.
    """
    g = gazetteer()
    counts: dict[str, int] = {}
    places: dict[str, Place] = {}
    for name, cands in g.by_name.items():
        if len(cands) != 1 or not name.endswith(("省", "市", "区", "县", "州", "盟", "旗", "地区")):
            continue
        if cands[0].name != name or len(name) < 2 or name in _COMMON_PLACE_WORDS:
            continue  # full names only: a short name (兰州) is too often a word's part
        # a two-character name (南县) counts only where a body of it follows (南县人民政府,
        # 南县住建局, 人行南县支行); 矿区治理, 和县三级平台 do not
        n = len(re.findall(re.escape(name) + _BODY_AFTER, text)) if len(name) == 2 else text.count(name)
        if n:
            counts[cands[0].code] = counts.get(cands[0].code, 0) + n
            places[cands[0].code] = cands[0]
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: -kv[1])
    best_code, best = ranked[0]
    if best < 2 or (len(ranked) > 1 and ranked[1][1] == best):
        return None
    place = places[best_code]
    if place.level == "city":
        below = [places[c] for c in counts if places[c].parent is not None
                 and places[c].parent.code == place.code and places[c].level == "county"]
        own = len(_OWN_LEVEL["county"].findall(text)) > len(_OWN_LEVEL["city"].findall(text))
        if len(below) == 1 and own:
            return below[0]
    return place


def _tied_place(text: str, body: str) -> Place | None:
    """A name several places share (鼓楼区 in 福州 and 南京), told apart by the body text."""
    g = gazetteer()
    for n in range(min(len(text), g.max_len), 1, -1):
        cands = g.candidates(text[:n])
        if len(cands) < 2:
            continue
        counts = []
        for c in cands:
            names = [short_name(p.name) for p in c.chain()[1:]]
            counts.append(sum(body.count(n) for n in names if len(n) >= 2))
        best = max(counts)
        if best > 0 and counts.count(best) == 1:
            return cands[counts.index(best)]
        return None
    return None


def _title_fragment(line: str) -> bool:
    """The first part of a title broken over lines: short, no sentence, no signature."""
    return (4 <= len(line) <= 40 and not re.search(r"[。，,;；:：]", line) and not DOC_NUMBER.search(line)
            and not re.search(r"(政府|办公室|办公厅|委员会|局|厅|委)$|\d{4}\s*年\s*\d{1,2}\s*月", line))


def extract_metadata(doc: Document) -> Metadata:
    meta = Metadata()
    lines = _line_texts(doc)
    head = lines[:20]
    for text in head:
        if _ISSUE_TITLES.search(text) or (text.endswith("通知") and "关于" in text):
            meta.notice_title = text
            break
    titles = plan_titles(doc)
    if titles:
        meta.title = titles[0]
    else:
        for k, text in enumerate(head):
            if PLAN_WORDS.search(text) and not re.search(r"[。，,;；]", text) and len(text) <= 80:
                meta.title = text
                if k > 0 and len(text) <= 12 and _title_fragment(head[k - 1]):
                    # 郑州市金融支持经济高质量发展 / 若干措施: a title broken over two lines
                    meta.title = head[k - 1] + text
                break
        else:
            meta.title = head[0] if head else ""
    for text in head:
        m = DOC_NUMBER.search(text)
        if m and len(text) <= 40:
            meta.doc_number = m.group(0).replace(" ", "")
            break
    issuers, date = signature(lines, 40)
    if not issuers:
        # a plan published without a notice is signed at its end
        tail_issuers, tail_date = signature(lines[-6:], 6)
        issuers, date = tail_issuers, tail_date or date
    if not issuers and meta.notice_title:
        prefix = meta.notice_title.split("关于", 1)[0]
        prefix = re.sub(r"等\s*\d*\s*[个家]?(部门|单位)$", "", prefix)
        issuers = [p for p in re.split(r"[、,，]", prefix) if AGENCY_LINE.match(p)]
    issuers = [part for line in issuers for part in _split_run_together(line)]
    if not issuers:
        # a report headed by its source: 青岛市工业和信息化局:聚力推动…
        m = re.match(r"^([\u4e00-\u9fff（）()]{3,30}?)[:：]", meta.title)
        if m and AGENCY_LINE.match(m.group(1)):
            issuers = [m.group(1)]
    meta.issuers = issuers
    meta.date = date
    for _, text in doc.removed:
        m = re.search(r"(发布时间|发布日期|成文日期|时间)[:：]\s*(\S+)", text)
        if m:
            meta.published = iso_date(m.group(2))
            break
    if not meta.date:
        meta.date = meta.published
    meta.period = period_of(meta.title) or period_of(meta.notice_title)
    meta.jurisdiction = _jurisdiction(doc, meta, head)
    if PLAN_WORDS.search(meta.title) or NOTE_HINT.search(doc.text):
        meta.genre = "plan"
    elif NEWS_MARKERS.search(doc.text) or any(NEWS_MARKERS.search(t) for _, t in doc.removed):
        meta.genre = "news"
    else:
        meta.genre = "other"
    if meta.genre == "news" and not meta.date:
        meta.date = meta.published = _byline_date(lines, doc.removed)
    return meta


def _byline_date(lines: list[str], removed: list[tuple[int, str]]) -> str:
    """The date of a news report's byline (``2024-10-28 08:30 来源:青岛日报 记者 王晓``).

    Only a line just under the headline that names a source or a reporter, or starts with
    the date, is a byline: a date in the story is what it reports on, not when.
    """
    near = lines[1:4] + [t for n, t in removed if n <= 5]
    for text in near:
        if NEWS_MARKERS.search(text) or ISO_DATE.match(text.strip()) or DATE.match(text.strip()):
            found = iso_date(text)
            if found:
                return found
    return ""


def annotate(doc: Document) -> Document:
    doc.metadata = extract_metadata(doc)
    return doc
