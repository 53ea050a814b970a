"""Reading files as officials publish them: encodings, saved pages, .docx, bad input."""

from __future__ import annotations

import io

import pytest

from kg.ingest import IngestError, ingest_bytes
from kg.metadata import annotate, iso_date, period_of

PLAN = ("某市人民政府办公室关于印发某市数字经济行动计划(2024—2026年)的通知\n"
        "某政办发〔2024〕3号\n各区人民政府:\n现将《某市数字经济行动计划(2024—2026年)》印发给你们。\n"
        "某市人民政府办公室\n2024年3月1日\n某市数字经济行动计划(2024—2026年)\n"
        "一、重点任务\n(一)建设数据平台。(责任单位:市大数据局、市财政局)\n")


def lines(doc):
    return doc.text.split("\n")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings(encoding):
    doc = ingest_bytes(PLAN.encode(encoding), "plan.txt")
    assert "一、重点任务" in lines(doc)
    assert "(一)建设数据平台。(责任单位:市大数据局、市财政局)" in lines(doc)


def test_crlf_and_ideographic_spaces_are_normalised():
    doc = ingest_bytes("\u3000\u3000一、重点任务\r\n\r\n  (一)建设平台。\r\n".encode(), "x.txt")
    assert lines(doc) == ["一、重点任务", "(一)建设平台。"]
    assert [ln.source_line for ln in doc.lines] == [1, 3]


def test_saved_web_page_keeps_the_article_not_the_site():
    html = f"""<!DOCTYPE html><html><head><meta charset="gbk"><title>某市政府网</title>
    <script>var x = "<p>不要</p>";</script></head><body>
    <div class="nav"><a href="/">首页</a> <a href="/zw">政务公开</a> <a href="/hd">互动交流</a>
    <a href="/a">新闻中心</a> <a href="/b">政策文件</a> <a href="/c">办事服务</a></div>
    <div class="content"><h1>某市数字经济行动计划</h1>
    {''.join(f'<p>{ln}</p>' for ln in PLAN.splitlines())}
    <table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr></table></div>
    <div class="footer">版权所有:某市人民政府 网站标识码:1234 ICP备05001234号 <a href="#">网站地图</a></div>
    <div>【打印本页】 【关闭窗口】</div>
    </body></html>"""
    doc = ingest_bytes(html.encode("gbk"), "page.html")
    assert doc.source_kind == "html"
    assert "(一)建设数据平台。(责任单位:市大数据局、市财政局)" in lines(doc)
    assert "序号\t任务\t牵头单位" in lines(doc)
    text = doc.text
    for junk in ("首页", "政务公开", "版权所有", "ICP备", "不要", "打印本页"):
        assert junk not in text


def test_docx(tmp_path):
    docx = pytest.importorskip("docx")
    d = docx.Document()
    for ln in PLAN.splitlines():
        d.add_paragraph(ln)
    table = d.add_table(rows=1, cols=3)
    for cell, value in zip(table.rows[0].cells, ["1", "建设平台", "市大数据局"], strict=True):
        cell.text = value
    buf = io.BytesIO()
    d.save(buf)
    doc = ingest_bytes(buf.getvalue(), "plan.docx")
    assert doc.source_kind == "docx"
    assert "一、重点任务" in lines(doc)
    assert "1\t建设平台\t市大数据局" in lines(doc)


@pytest.mark.parametrize("data, why", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x00\x01\x02\x03binary\x00", "binary"),
    (b"%PDF-1.7\n...", "PDF"),
    (b"PK\x03\x04not really a zip", "zip"),
    (bytes(range(128, 256)) * 4, "decode"),
    (b"just some english text, no chinese at all", "Chinese"),
])
def test_bad_input_is_refused_with_the_file_name(data, why):
    with pytest.raises(IngestError) as err:
        ingest_bytes(data, "bad.txt")
    assert str(err.value).startswith("bad.txt:")
    assert why.lower() in str(err.value).lower() or why in ("zip",)


def test_web_debris_lines_go_document_lines_stay():
    text = ("作者:张三 审核人:李四 访问次数: 发布时间:2019-11-21\n某市行动计划\n"
            "一、重点任务\n(一)关闭落后产能。(责任单位:市工信局)\n【关闭】\n×\n"
            "Copyright © 2014-2025 某网 All rights reserved. 鲁ICP备14028146号-1\n")
    doc = ingest_bytes(text.encode(), "x.txt")
    assert lines(doc) == ["某市行动计划", "一、重点任务", "(一)关闭落后产能。(责任单位:市工信局)"]
    assert [no for no, _ in doc.removed] == [1, 5, 6, 7]


def test_traditional_characters_are_read_in_simplified():
    text = "一、重點任務\n(一)完善權責清單制度。〔省委編辦牽頭,省直有關部門按職責分工負責〕"
    doc = ingest_bytes(text.encode(), "t.txt")
    assert doc.converted
    assert "〔省委编办牵头,省直有关部门按职责分工负责〕" in doc.text


def test_metadata_from_notice_head_and_signature():
    doc = annotate(ingest_bytes(PLAN.encode(), "plan.txt"))
    m = doc.metadata
    assert m.title == "某市数字经济行动计划(2024—2026年)"
    assert m.doc_number == "某政办发〔2024〕3号"
    assert m.issuers == ["某市人民政府办公室"]
    assert m.date == "2024-03-01"
    assert m.period == (2024, 2026)
    assert m.genre == "plan"


def test_dates_and_periods():
    assert iso_date("二〇二四年五月三十一日") == "2024-05-31"
    assert iso_date("2019-11-21 17:35") == "2019-11-21"
    assert period_of("(2025-2027年)") == (2025, 2027)
    assert period_of("2024至2026年") == (2024, 2026)
    assert period_of("(2026—2024年)") is None


def test_a_whole_page_on_one_line_is_kept():
    body = ("各区人民政府: 现将《措施》印发给你们。 某市人民政府办公厅 2024年7月18日 一、加快算力设施建设 "
            "(一)支持算力技术攻关。鼓励企业开展攻关。(责任单位:市科技局) 版权所有:某市人民政府") * 2
    text = "某市政府网\n时间:2024-07-23 来源:某市人民政府门户网站 浏览次数:\n" + body
    doc = ingest_bytes(text.encode(), "x.txt")
    assert body in doc.text


def test_note_labels_that_are_also_footer_words_stay():
    text = ("一、重点任务\n(一)加快推进老旧小区改造。(承办单位:市住建局;协办单位:市财政局)\n"
            "主办单位:某市人民政府办公室 网站标识码:1234 地址:某市人民路1号\n")
    doc = ingest_bytes(text.encode(), "x.txt")
    assert "(一)加快推进老旧小区改造。(承办单位:市住建局;协办单位:市财政局)" in doc.text
    assert "网站标识码" not in doc.text


def test_an_html_table_spreads_merged_cells_over_the_rows_they_cover():
    from bs4 import BeautifulSoup

    from kg.ingest import table_grid

    html = ("<table><tr><th>序号</th><th>任务</th><th>牵头单位</th><th>配合单位</th></tr>"
            "<tr><td colspan='4'>一、稳增长</td></tr>"
            "<tr><td>1</td><td>甲</td><td rowspan='2'>市发改委</td><td>市财政局<br/>市税务局</td></tr>"
            "<tr><td>2</td><td>乙</td><td></td></tr></table>")
    grid = table_grid(BeautifulSoup(html, "lxml").table)
    assert grid == [["序号", "任务", "牵头单位", "配合单位"], ["一、稳增长"],
                    ["1", "甲", "市发改委", "市财政局 市税务局"], ["2", "乙", "市发改委", ""]]


def test_html_comments_are_not_text():
    from kg.ingest import html_to_text

    text = html_to_text("<html><body><div id='zoom'><!--ZJEG_RSS.content.begin--><p>一、重点任务</p>"
                        "<p>(一)建设平台。(责任单位:市发改委)</p><!--ZJEG_RSS.content.end--></div></body></html>")
    assert "ZJEG" not in text and "(一)建设平台" in text


def test_pinyin_glosses_a_site_adds_are_not_text():
    from kg.ingest import ingest_bytes

    text = "二、重点任务\n(一)改造小区。(責(zé)任單位:縣住房和城鄉(xiāng)建設(shè)局)\n"
    doc = ingest_bytes(text.encode(), "p.txt")
    assert "(zé)" not in doc.text and "县住房和城乡建设局" in doc.text
    assert "项目(PPP)" in ingest_bytes("一、项目(PPP)建设\n".encode(), "q.txt").text
