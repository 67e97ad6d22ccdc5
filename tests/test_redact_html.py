"""The .html writer: text (also split by inline tags or written as entities), published attributes,
comments and scripts; everything else byte for byte; the encoding kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import make_id
from test_redaction_helpers import changed_outside_spans, decoded_views

from screening.redaction import redact_file
from screening.redaction.writers.html import redact_html
from screening.redaction.writers.slots import ValueSweep

ID1, ID2, ID3 = make_id(701, "430102", "19880808"), make_id(702, "430102", "19880808"), make_id(703)

PAGE = f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="{{charset}}">
<meta name="description" content="申请人刘德华的低保公示，身份证号{ID3}">
<title>低保公示</title>
<style>.x {{{{ color: red }}}}</style>
</head>
<body>
<h1>关于最低生活保障对象的公示</h1>
<p class="lead">申请人：刘德华，身份证号码：{ID1}，联系电话：<b>139</b>1234<span>5678</span>。</p>
<p>共同生活家庭成员：&#24352;&#23567;&#32418;（女），公民身份号码：{ID2}。</p>
<img src="a.png" alt="刘德华身份证照片" title="刘德华">
<!-- 内部备注：申请人身份证号 {ID1} -->
<p>监督电话：0731-12345。</p>
</body>
</html>
"""


def test_redact_html_function_handles_split_text_entities_and_attributes() -> None:
    sweep = ValueSweep({"刘德华": "刘某某", "张小红": "张某某", ID1: "[身份证号]", "13912345678": "139****5678"})
    out, changes = redact_html(PAGE.format(charset="utf-8"), sweep)
    assert "刘德华" not in out and ID1 not in out and "&#24352;&#23567;&#32418;" not in out
    assert '<b>139****5678</b>' in out  # the replacement sits in the first piece
    assert 'alt="刘某某身份证照片" title="刘某某"' in out
    assert "内部备注" not in out  # comments are removed
    assert out.count("\n") == PAGE.count("\n") and "<style>.x { color: red }</style>" in out
    assert {c["location"].get("attribute") for c in changes} >= {"alt", "title", "content"}
    assert all("刘德华" not in str(c) for c in changes)


@pytest.mark.parametrize("charset", ["utf-8", "gb18030"])
def test_redact_file_html(screener, tmp_path: Path, charset: str) -> None:
    src = tmp_path / "page.html"
    page = PAGE.format(charset=charset).replace("\n", "\r\n")
    src.write_bytes(page.encode(charset))
    rep = redact_file(src, tmp_path / "out.html", "publication", screener)
    assert rep.ok and rep.verification.ok
    data = (tmp_path / "out.html").read_bytes()
    out = data.decode(charset)  # same encoding
    assert out.count("\r\n") == page.count("\r\n")
    for value in (ID1, ID2, ID3, "刘德华", "张小红", "13912345678"):
        assert not any(value in view for view in decoded_views(data)), value
    assert "<h1>关于最低生活保障对象的公示</h1>" in out and "监督电话：0731-12345" in out
    # nothing changed outside the values and the comment
    spans = []
    for needle in (ID1, ID2, ID3, "刘德华", "&#24352;&#23567;&#32418;", "<b>139</b>1234<span>5678</span>"):
        at = page.find(needle)
        while at >= 0:
            spans.append((at, at + len(needle)))
            at = page.find(needle, at + 1)
    spans.append((page.index("<!--"), page.index("-->") + 3))
    assert changed_outside_spans(page, out, spans) == []
