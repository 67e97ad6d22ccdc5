"""SegmentList: compact spreadsheet cells behave exactly like the CellSegment objects they replace."""

from __future__ import annotations

import pytest

from screening.documents.cells import SegmentList
from screening.documents.model import SEPARATOR, CellSegment, Document, Segment


def _build() -> tuple[SegmentList, list]:
    plain: list = []
    segs = SegmentList()

    def seg(s):
        segs.append(s)
        plain.append(s)

    def cell(*args):
        segs.add_cell(*args)
        plain.append(CellSegment(*args))

    seg(Segment("页眉：内部资料", {"sheet": "名单", "part": "header"}, "header", first_page_top=True))
    cell("序号", "名单", 1, 1, None, None, True)
    cell("姓名", "名单", 1, 2, None, None, True)
    cell("1", "名单", 2, 1, None, "序号", False)
    cell("张三", "名单", 2, 2, "row", "姓名", False)
    cell("", "名单", 3, 1, "column", "序号", False)  # empty text still has a place
    cell("李四", "隐藏表", 3, 2, "sheet", "姓 名", False)
    seg(Segment("作者：王五", {"part": "properties"}, "metadata"))
    return segs, plain


def test_segments_equal_the_objects_they_replace():
    segs, plain = _build()
    text = segs.finish()
    assert text == SEPARATOR.join(s.text for s in plain)
    assert len(segs) == len(plain)
    assert list(segs) == plain
    assert [segs[i] for i in range(-len(plain), len(plain))] == plain + plain
    doc = Document("x.xlsx", "xlsx", segs)
    assert doc.text == text
    assert list(doc.starts) == list(Document("y", "xlsx", plain).starts)
    for i, s in enumerate(plain):
        assert segs.length_of(i) == len(s.text)
        assert segs.header_of(i) == s.column_header
        assert segs.is_cell(i) == isinstance(s, CellSegment)


def test_views_and_what_recognizers_ask():
    segs, plain = _build()
    segs.finish()
    view = segs[2:7]
    assert list(view) == plain[2:7] and len(view) == 5 and view[-1] == plain[6]
    assert list(view[1:3]) == plain[3:5]
    with pytest.raises(IndexError):
        view[5]
    assert list(segs.headed()) == [(i, s.column_header) for i, s in enumerate(plain) if s.column_header]
    assert list(view.headed()) == [(i - 2, s.column_header) for i, s in enumerate(plain[2:7], 2) if s.column_header]
    assert list(segs.layout()) == [0, 1, 2, 7]
    assert list(view.layout()) == [0]  # the second top cell, index 2 of the list
    assert segs.cell_row_key(4) == ("sheet", "名单", 2) == view.cell_row_key(2)


def test_finished_list_takes_no_more_segments():
    segs, _ = _build()
    segs.finish()
    with pytest.raises(RuntimeError):
        segs.add_cell("x", "名单", 9, 1, None, None, False)
    with pytest.raises(ValueError):
        segs[::2]


def test_locations_without_building_segments():
    segs, plain = _build()
    segs.finish()
    for i, s in enumerate(plain):
        assert segs.location_of(i) == s.location
        assert segs.sheet_column_of(i) == ((s.sheet, s.col) if isinstance(s, CellSegment) else None)


def test_findings_in_compact_cells_locate_like_the_cells(tmp_path):
    from reader_fixtures import build_xlsx

    from screening import Screener
    from screening.documents import read_document
    from screening.scanned import sheet_and_column

    path = tmp_path / "f.xlsx"
    build_xlsx(path)
    doc = read_document(path)
    findings = [f for f in Screener().scan_document(doc) if f.start >= 0]
    assert any(isinstance(doc.segments[doc.segment_index_at(f.start)], CellSegment) for f in findings)
    for f in findings:
        i = doc.segment_index_at(f.start)
        seg = doc.segments[i]
        want = seg.new_location()
        want["offset"] = [f.start - doc.starts[i], min(f.end - doc.starts[i], len(seg.text))]
        assert f.location == want
        where = sheet_and_column(f)
        assert where == ((seg.sheet, seg.col) if isinstance(seg, CellSegment) else None)
