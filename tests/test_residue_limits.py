"""Issue 11: bounded memory on hostile zip packages -- clear per-file errors instead of gigabytes
(the limits are lowered here so the hostile files stay small; the defaults are measured in the README)."""

from __future__ import annotations

import pytest
from reader_fixtures import rewrite_zip
from residue_fixtures import base_docx, base_xlsx, edit_member

from screening.documents import Limits, read_document
from screening.errors import ResourceLimitExceeded

REPEATED = "经审核符合条件现予以公示如有异议请反映" * 50


def test_docx_text_cap(tmp_path):
    p = base_docx(tmp_path / "t.docx")
    edit_member(p, "word/document.xml", lambda s: s.replace(
        "<w:sectPr", f"<w:p><w:r><w:t>{REPEATED}</w:t></w:r></w:p>" * 40 + "<w:sectPr", 1))
    with pytest.raises(ResourceLimitExceeded, match="max_text_chars"):
        read_document(p, max_text_chars=10_000)
    assert read_document(p).segments  # within the default limits it is read


def test_docx_tree_part_cap(tmp_path):
    p = base_docx(tmp_path / "t.docx")
    edit_member(p, "word/document.xml", lambda s: s.replace(
        "<w:sectPr", f"<w:p><w:r><w:t>{REPEATED}</w:t></w:r></w:p>" * 40 + "<w:sectPr", 1))
    with pytest.raises(ResourceLimitExceeded, match="max_xml_part_size"):
        read_document(p, max_xml_part_size=50_000)


def test_xlsx_shared_strings_cap(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    for i in range(60):
        wb.active.append([f"{REPEATED}{i}"])
    p = tmp_path / "s.xlsx"
    wb.save(p)
    with pytest.raises(ResourceLimitExceeded, match="max_text_chars"):
        read_document(p, max_text_chars=20_000)


def test_residue_cap(tmp_path):
    p = base_xlsx(tmp_path / "r.xlsx")
    rewrite_zip(p, {"customXml/item1.xml": ("<d>" + "".join(f"<x>{REPEATED}{i}</x>" for i in range(50)) + "</d>").encode()})
    with pytest.raises(ResourceLimitExceeded, match="max_residue_chars"):
        read_document(p, limits=Limits(max_residue_chars=10_000))
