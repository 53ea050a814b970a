"""Bytes to a clean document text: decoding, HTML and .docx to text, web debris out.

Government sites still serve GB18030/GBK pages, saved pages carry the site's menus
and footers, and officials circulate .docx files; all of them must reach the later
stages as the same thing: the document's own lines, one per paragraph, with the
original line number of each kept for the coverage report.
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from kg.model import Document, Line
from kg.text import cjk_count


class IngestError(Exception):
    """A file that cannot be read as a document; the message names the file."""


@dataclass
class RawText:
    text: str
    encoding: str
    kind: str  # "text" | "html" | "docx"


@lru_cache(maxsize=1)
def _debris_rules() -> list[re.Pattern[str]]:
    data = resources.files("kg.data").joinpath("web_debris.txt").read_text(encoding="utf-8")
    return [re.compile(line) for line in data.splitlines() if line and not line.startswith("#")]


# A footer starts the tail of a page; after it nothing is the document's any more.
_HARD_FOOTER = re.compile(
    r"(Copyright|版权所有|ICP备|转载请|\[?来源[:：]|责编|责任编辑|编辑[:：]|Produced By|网站地图|联系我们)"
)
# web furniture is short; a long line is the document's own (sometimes a whole page
# arrives as one line, footer included, and must not be thrown away with it)
_DEBRIS_MAX = 160


def decode(data: bytes, name: str) -> tuple[str, str]:
    """Decode bytes, trying the encodings Chinese government sites actually use.

    UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312),
    then charset-normalizer's best guess; a file that none of them decodes into
    mostly-Chinese text is refused rather than turned into mojibake.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None and best.encoding:
        text = str(best)
        if cjk_count(text) > len(text) * 0.05:
            return text, best.encoding
    raise IngestError(f"{name}: cannot decode the file (not UTF-8, GB18030 or a known encoding)")


def looks_binary(data: bytes) -> bool:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    head = data[:4096]
    return b"\x00" in head


def html_to_text(html: str) -> str:
    """The document's text from a saved web page, without the site around it.

    The block holding most of the page's Chinese text that is not link text is the
    article; menus, footers and link lists are mostly links and lose. Block elements
    become line breaks and table rows become tab-separated lines.
    """
    from bs4 import BeautifulSoup, NavigableString, Tag

    soup = BeautifulSoup(html, "lxml")
    for tag in soup(["script", "style", "noscript", "iframe", "nav", "header", "footer",
                     "form", "button", "select", "input", "textarea", "svg", "template"]):
        tag.decompose()
    body = soup.body or soup

    def own_score(tag: Tag) -> int:
        total = cjk_count(tag.get_text())
        links = sum(cjk_count(a.get_text()) for a in tag.find_all("a"))
        return total - 2 * links

    page = max(own_score(body), 1)
    best: Tag = body
    for tag in body.find_all(["div", "article", "section", "td", "main", "table"]):
        score = own_score(tag)
        # the deepest block that still holds most of the page's prose
        if score >= 0.6 * page and len(tag.get_text()) <= len(best.get_text()):
            best = tag

    blocks = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "section",
              "article", "table", "blockquote", "pre", "dd", "dt", "ul", "ol"}
    out: list[str] = []

    def walk(node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is not NavigableString:
                    continue  # <!--ZJEG_RSS.content.end-->, a doctype, CDATA: not the text
                out.append(str(child).replace("\n", " ").replace("\r", " "))
            elif isinstance(child, Tag):
                if child.name == "br":
                    out.append("\n")
                elif child.name == "table" and not child.find("table"):
                    out.append("\n" + "\n".join("\t".join(r) for r in table_grid(child)) + "\n")
                elif child.name == "tr":
                    cells = [c.get_text(" ", strip=True) for c in child.find_all(["td", "th"])]
                    out.append("\n" + "\t".join(cells) + "\n")
                elif child.name in blocks:
                    out.append("\n")
                    walk(child)
                    out.append("\n")
                else:
                    walk(child)

    title = soup.find("h1")
    if title is not None and title.get_text(strip=True) and title not in best.descendants:
        out.append(title.get_text(strip=True) + "\n")
    if best.name == "table" and not best.find("table"):
        # the page is the table (a 任务分解表): read it as a grid, merged cells spread
        out.append("\n".join("\t".join(r) for r in table_grid(best)) + "\n")
    else:
        walk(best)
    return "".join(out)


def table_grid(table: Any) -> list[list[str]]:
    """An HTML table's rows with merged cells spread over the rows and columns they cover.

    A 牵头单位 cell merged over three task rows (rowspan) belongs to each of them, so it is
    written in each; a cell spanning columns (colspan) is written once, the columns it
    covers left empty; a row that is one cell across the table (a chapter row) stays one
    cell. Rows keep every column (empty ones too), so cells line up with the header.
    """
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    pending: dict[int, tuple[str, int]] = {}  # column -> (text, rows still to cover)
    grid: list[list[str]] = []
    for tr in rows:
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        for cell in cells:
            _fill_pending(row, pending)
            text = cell.get_text(" ", strip=True)
            down = _int_attr(cell, "rowspan")
            for k in range(_int_attr(cell, "colspan")):
                if down > 1:
                    pending[len(row)] = (text if k == 0 else "", down - 1)
                row.append(text if k == 0 else "")
        _fill_pending(row, pending)
        if len([c for c in row if c]) == 1 and len(cells) == 1:
            row = [next(c for c in row if c)]  # a chapter row across the table
        grid.append(row)
    return grid


def _fill_pending(row: list[str], pending: dict[int, tuple[str, int]]) -> None:
    """Write into the row the cells merged down from rows above, at their columns."""
    while len(row) in pending:
        col = len(row)
        text, left = pending[col]
        row.append(text)
        if left <= 1:
            del pending[col]
        else:
            pending[col] = (text, left - 1)


def _int_attr(tag: Any, name: str) -> int:
    try:
        return max(1, min(int(str(tag.get(name, "1")).strip() or "1"), 200))
    except ValueError:
        return 1


def docx_to_text(data: bytes, name: str) -> str:
    """Paragraphs and table rows of a .docx in body order."""
    from docx import Document as DocxDocument
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        d = DocxDocument(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several unrelated types
        raise IngestError(f"{name}: not a readable .docx file ({exc})") from exc
    out: list[str] = []
    for child in d.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, d).text)
        elif tag == "tbl":
            for row in Table(child, d).rows:
                out.append("\t".join(cell.text.replace("\n", " ") for cell in row.cells))
    return "\n".join(out)


def read_raw(data: bytes, name: str) -> RawText:
    """Turn a file's bytes into text, whatever its format."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                is_docx = "word/document.xml" in z.namelist()
        except zipfile.BadZipFile:
            is_docx = False
        if not is_docx:
            raise IngestError(f"{name}: a zip archive that is not a .docx document")
        return RawText(docx_to_text(data, name), "docx", "docx")
    if data[:5] == b"%PDF-":
        raise IngestError(f"{name}: PDF is not supported; save the document as .docx, HTML or text")
    if looks_binary(data):
        raise IngestError(f"{name}: a binary file, not a document")
    text, encoding = decode(data, name)
    head = text[:2048].lower()
    if "<html" in head or "<!doctype html" in head or ("<body" in head) or (
        name.lower().endswith((".html", ".htm")) and "<" in head
    ):
        return RawText(html_to_text(text), encoding, "html")
    return RawText(text, encoding, "text")


_LINE_SPLIT = re.compile(r"\r\n|\r|\n|\u2028|\u2029")
_STRIP = " \t\u3000\xa0\ufeff\u200b\u200c\u200d\u2002\u2003\u2009\u00ad"


def clean_lines(text: str) -> tuple[str, list[Line], list[tuple[int, str]]]:
    """Strip each line, drop blank lines and web furniture; keep source line numbers.

    Returns the document text (lines joined by newlines), its lines, and the removed
    lines with their numbers (so the coverage report can show what was taken out).
    """
    rules = _debris_rules()
    raw = [(i + 1, ln.strip(_STRIP)) for i, ln in enumerate(_LINE_SPLIT.split(text))]
    kept: list[tuple[int, str]] = []
    removed: list[tuple[int, str]] = []
    for no, ln in raw:
        if not ln:
            continue
        if len(ln) <= _DEBRIS_MAX and any(r.fullmatch(ln) for r in rules):
            removed.append((no, ln))
            continue
        kept.append((no, ln))

    # Cut the page's tail from the first hard footer line after which nothing reads
    # as the document's own prose any more.
    cut = len(kept)
    for idx in range(len(kept) - 1, int(len(kept) * 0.5) - 1, -1):
        no, ln = kept[idx]
        if len(ln) <= _DEBRIS_MAX and _HARD_FOOTER.search(ln):
            tail = kept[idx + 1 :]
            if all(not _is_prose(t) for _, t in tail):
                cut = idx
    removed.extend(kept[cut:])
    kept = kept[:cut]

    lines: list[Line] = []
    parts: list[str] = []
    pos = 0
    for no, ln in kept:
        lines.append(Line(pos, pos + len(ln), no))
        parts.append(ln)
        pos += len(ln) + 1
    removed.sort()
    return "\n".join(parts), lines, removed


def _is_prose(line: str) -> bool:
    from kg.structure import numbering_of

    if numbering_of(line) is not None:
        return True
    if len(line) > _DEBRIS_MAX:
        return True
    return len(line) > 50 and "。" in line and not _HARD_FOOTER.search(line)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, bool]:
    """Traditional-character copies of plans circulate; read them in simplified form.

    Conversion is character for character, so offsets and line numbers still hold.
    Returns the text and whether it was converted (only when a real share of its
    characters is traditional, so a simplified text is never touched).
    """
    cjk = cjk_count(text)
    if not cjk:
        return text, False
    converted = _t2s().convert(text)
    if len(converted) != len(text):
        converted = "".join(_t2s().convert(ch) if len(_t2s().convert(ch)) == 1 else ch
                            for ch in text)
    changed = sum(1 for a, b in zip(text, converted, strict=True) if a != b)
    if changed < max(3, cjk * 0.02):
        return text, False
    return converted, True


# 責(zé)任單位: some sites gloss characters with their pinyin; the gloss is not the text
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]")


def ingest_bytes(data: bytes, name: str) -> Document:
    """A Document from a file's bytes; raises IngestError with the file's name."""
    raw = read_raw(data, name)
    simplified, converted = to_simplified(_PINYIN_GLOSS.sub("", raw.text))
    text, lines, removed = clean_lines(simplified)
    if cjk_count(text) < 2:
        raise IngestError(f"{name}: no Chinese text found; is this a policy document?")
    doc = Document(name=name, text=text, lines=lines)
    doc.digest = hashlib.sha256(data).hexdigest()
    doc.removed = removed
    doc.encoding = raw.encoding
    doc.source_kind = raw.kind
    doc.converted = "traditional→simplified" if converted else ""
    return doc


def ingest_path(path: str | Path) -> Document:
    p = Path(path)
    try:
        data = p.read_bytes()
    except IsADirectoryError as exc:
        raise IngestError(f"{p.name}: is a directory") from exc
    except OSError as exc:
        raise IngestError(f"{p}: cannot read ({exc.strerror})") from exc
    return ingest_bytes(data, p.name)
