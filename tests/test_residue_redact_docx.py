"""Issue 11: docx redaction cleans every place the residue sweep finds (bookmarks, tooltips, field
instructions, hyperlink targets, chart caches, custom XML, DTD entities, embedded packages ...), and
verification searches every part, recursively into embedded packages, for every value found."""

from __future__ import annotations

import pytest
from residue_fixtures import ID, MOBILE
from test_residue_docx import PLACES, make

from screening.redaction import redact_file
from screening.redaction.parts import iter_parts
from screening.redaction.plan import squeeze


def _survivors(path) -> list[str]:  # type: ignore[no-untyped-def]
    out = []
    for place, view in iter_parts(path, "docx"):
        flat = squeeze(view)
        for value in (ID, MOBILE):
            if value in flat:
                out.append(f"{place}: {value[:3]}…")
    return out


@pytest.mark.parametrize("place", PLACES, ids=lambda f: f.__name__)
def test_place_is_cleaned(tmp_path, screener, place):
    src, _ = make(tmp_path, place)
    out = tmp_path / "out" / src.name
    out.parent.mkdir()
    rep = redact_file(src, out, screener=screener)
    assert rep.ok and rep.verification.ok, rep.error
    assert not _survivors(out)
    assert rep.verification.parts_checked > 0


def test_embedded_package_redacted_recursively(tmp_path, screener):
    from test_residue_docx import embedded_xlsx

    src, _ = make(tmp_path, embedded_xlsx)
    out = tmp_path / "o.docx"
    rep = redact_file(src, out, screener=screener)
    assert rep.ok
    import io
    import zipfile

    with zipfile.ZipFile(out) as zf:
        inner = zf.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
    with zipfile.ZipFile(io.BytesIO(inner)) as z2:  # still a workbook, without the value
        assert "xl/workbook.xml" in z2.namelist()
        assert not any(ID in z2.read(n).decode("utf-8", "ignore") for n in z2.namelist())


def test_ole_object_removed_with_note(tmp_path, screener):
    from reader_fixtures import rewrite_zip
    from residue_fixtures import add_rel, base_docx

    src = base_docx(tmp_path / "ole.docx")
    rewrite_zip(src, {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000})
    add_rel(src, "word/_rels/document.xml.rels", "rId95", "oleObject", "embeddings/oleObject1.bin")
    out = tmp_path / "o.docx"
    rep = redact_file(src, out, screener=screener)
    import zipfile

    with zipfile.ZipFile(out) as zf:
        assert "word/embeddings/oleObject1.bin" not in zf.namelist()
        assert b"oleObject1.bin" not in zf.read("word/_rels/document.xml.rels")
    assert any("oleObject1.bin" in n for n in rep.notes)


def test_verification_searches_embedded_packages(tmp_path):
    """The part walk goes into a package inside the package (so a value left there is a residue)."""
    from reader_fixtures import rewrite_zip
    from residue_fixtures import base_docx, zip_bytes

    p = base_docx(tmp_path / "v.docx")
    rewrite_zip(p, {"word/embeddings/x.docx": zip_bytes({"word/document.xml": f"<a>&#x{ord(ID[0]):x};{ID[1:]}</a>"})})
    places = [pl for pl, view in iter_parts(p, "docx") if ID in view]
    assert "word/embeddings/x.docx!/word/document.xml" in places
