"""The .pdf reader: text with boxes, metadata, annotations, form fields, hidden and unscanned content."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from reader_fixtures import build_pdf, build_text_pdf

from screening import Screener
from screening.documents import read_document
from screening.errors import DocumentError, EncryptedDocument


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    path = tmp_path_factory.mktemp("pdf") / "公示.pdf"
    return path, build_pdf(path)


@pytest.fixture(scope="module")
def found(planted, screener: Screener) -> dict[str, dict]:
    doc = read_document(planted[0])
    return {f.text.replace("\n", ""): f.location for f in screener.scan_document(doc)
            if f.entity_type == "CN_RESIDENT_ID"}


EXPECTED = {
    "body": {"page": 1, "line": 2},
    "second_line": {"page": 1, "line": 3},
    "wrapped": {"page": 1, "line": 4},
    "white": {"page": 1},
    "under_box": {"page": 1},
    "page3": {"page": 3, "line": 1},
    "author": {"part": "metadata", "property": "Author"},
    "subject": {"part": "metadata", "property": "Subject"},
    "annotation": {"page": 1, "part": "annotation", "subtype": "Text"},
    "form_field": {"part": "form_field", "field": "idno"},
}


@pytest.mark.parametrize("where", sorted(EXPECTED))
def test_planted_id_found_with_location(where: str, planted, found) -> None:
    value = planted[1][where]
    assert value in found, f"{where}: {value} not found"
    for key, want in EXPECTED[where].items():
        assert found[value].get(key) == want, (where, key, found[value])


def test_every_planted_item_is_covered(planted) -> None:
    assert set(planted[1]) == set(EXPECTED)


def test_bbox_is_on_the_characters(planted, found) -> None:
    import pdfplumber

    loc = found[planted[1]["body"]]
    x0, top, x1, bottom = loc["bbox"]
    with pdfplumber.open(planted[0]) as pdf:
        words = pdf.pages[0].within_bbox((x0 - 0.5, top - 0.5, x1 + 0.5, bottom + 0.5), strict=False).extract_text()
    assert words.replace(" ", "") == planted[1]["body"]


def test_wrapped_id_has_one_box_per_line(planted, found) -> None:
    loc = found[planted[1]["wrapped"]]
    assert len(loc["boxes"]) == 2
    assert loc["boxes"][0][1] < loc["boxes"][1][1]


def test_hygiene(planted) -> None:
    doc = read_document(planted[0])
    reasons = {(f.entity_type, f.attributes.get("reason")) for f in doc.hygiene}
    assert ("HIDDEN_TEXT", "white_text") in reasons
    assert ("HIDDEN_TEXT", "under_filled_box") in reasons
    assert ("UNSCANNED_CONTENT", "no_text_layer") in reasons
    unscanned = [f for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"]
    assert [f.location["page"] for f in unscanned] == [2]
    assert {"DOCUMENT_METADATA", "COMMENTS"} <= {f.entity_type for f in doc.hygiene}
    assert doc.facts["pages"] == 3


def test_first_lines_of_page_one_are_top(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    build_text_pdf(path, pages=2, lines=20)
    doc = read_document(path)
    top = [s for s in doc.segments if s.first_page_top]
    assert len(top) == 1 and top[0].text.count("\n") == 7
    assert doc.text.count("\n") >= 39


def test_mostly_image_page_with_a_caption_is_unscanned(tmp_path: Path) -> None:
    from PIL import Image
    from reader_fixtures import _cjk_canvas

    img = tmp_path / "scan.png"
    Image.new("RGB", (300, 400), "gray").save(img)
    path = tmp_path / "scan.pdf"
    c, (w, h) = _cjk_canvas(path)
    c.drawImage(str(img), 20, 20, width=w - 40, height=h - 80)
    c.setFont("STSong-Light", 10)
    c.drawString(30, h - 40, "附件：扫描件")
    c.save()
    doc = read_document(path)
    assert [f.attributes["reason"] for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"] == ["mostly_image"]


def test_text_page_with_small_logo_is_not_unscanned(tmp_path: Path) -> None:
    from PIL import Image
    from reader_fixtures import _cjk_canvas

    img = tmp_path / "logo.png"
    Image.new("RGB", (20, 20), "red").save(img)
    path = tmp_path / "logo.pdf"
    c, (w, h) = _cjk_canvas(path)
    c.drawImage(str(img), 20, h - 60, width=40, height=40)
    c.setFont("STSong-Light", 10)
    for i in range(30):
        c.drawString(30, h - 80 - 20 * i, "正文内容正文内容正文内容正文内容正文内容正文内容")
    c.save()
    assert not [f for f in read_document(path).hygiene if f.entity_type == "UNSCANNED_CONTENT"]


def test_encrypted_pdf(planted, tmp_path: Path) -> None:
    locked = tmp_path / "locked.pdf"
    with pikepdf.open(planted[0]) as pdf:
        pdf.save(locked, encryption=pikepdf.Encryption(user="secret", owner="owner"))
    with pytest.raises(EncryptedDocument, match="locked.pdf"):
        read_document(locked)
    owner_only = tmp_path / "owner.pdf"
    with pikepdf.open(planted[0]) as pdf:
        pdf.save(owner_only, encryption=pikepdf.Encryption(user="", owner="owner"))
    assert read_document(owner_only).facts["pages"] == 3


def test_truncated_pdf(planted, tmp_path: Path) -> None:
    cut = tmp_path / "cut.pdf"
    data = planted[0].read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(DocumentError, match="truncated"):
        read_document(cut)
