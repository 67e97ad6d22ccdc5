"""The .html reader: visible text by block, published attributes, comments, hidden text."""

from __future__ import annotations

from pathlib import Path

import pytest
from reader_fixtures import build_html

from screening import Screener
from screening.documents import read_document


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


EXPECTED = {
    "paragraph": {"path": "/html/body/div/p[1]"},
    "table": {"path": "/html/body/div/table/tr[2]/td[2]"},
    "hidden": {"hidden": True},
    "alt": {"attribute": "alt"},
    "title_attr": {"attribute": "title"},
    "meta": {"attribute": "content"},
    "comment": {"part": "comment"},
    "entities": {"path": "/html/body/div/p[2]"},
    "page_title": {"path": "/html/head/title"},
}


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_planted_ids(tmp_path: Path, screener: Screener, encoding: str) -> None:
    path = tmp_path / "公示.html"
    ids = build_html(path, encoding)
    doc = read_document(path)
    found = {f.text: f.location for f in screener.scan_document(doc) if f.entity_type == "CN_RESIDENT_ID"}
    for where, want in EXPECTED.items():
        assert ids[where] in found, where
        loc = found[ids[where]]
        assert isinstance(loc["line"], int) and loc["line"] > 0
        for key, value in want.items():
            assert loc.get(key) == value, (where, loc)
    # issue 11: scripts and styles are published in the page source: read by the residue sweep
    assert found[ids["_script"]]["place"] == "script" and found[ids["_style"]]["place"].startswith(("css", "style"))
    assert set(EXPECTED) == {k for k in ids if not k.startswith("_")}
    kinds = {f.entity_type for f in doc.hygiene}
    assert {"HIDDEN_TEXT", "COMMENTS"} <= kinds


def test_inline_tags_do_not_split_text(tmp_path: Path) -> None:
    path = tmp_path / "a.htm"
    path.write_text("<p>电&nbsp;话：<i>139</i>1234<b>5678</b><br>第二行</p>", encoding="utf-8")
    doc = read_document(path)
    assert doc.segments[0].text == "电\xa0话：13912345678\n第二行"


def test_html_without_extension_is_sniffed(tmp_path: Path) -> None:
    path = tmp_path / "page"
    path.write_text("<!DOCTYPE html><html><body><p>正文</p></body></html>", encoding="utf-8")
    assert read_document(path).format == "html"
