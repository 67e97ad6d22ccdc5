"""Offline OCR of scanned pages and images (issue 16): reading, fail-closed confidence, no download,
redaction of images and scanned pages verified by OCR of the output.

Fixtures are rendered here with Pillow and the Noto CJK font from invented text; identifiers are
computed (GB 11643 check character), never copied from anywhere.
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from screening.documents import ocr, read_document
from screening.documents.ocr import OcrLine
from tests.identifier_helpers import make_id

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
NAME = "欧阳明远"
PERSON_ID = make_id("620102", "19830914", "275")
PHONE = "13907315528"
ADDRESS = "甘肃省兰州市城关区东岗西路118号"
ROSTER = [("司马文杰", make_id("620103", "19760302", "114"), "13893127746"),
          ("上官雨桐", make_id("620104", "19910718", "228"), "15109316652")]

needs_ocr = pytest.mark.skipif(not ocr.available(), reason='OCR extra not installed (pip install ".[ocr]")')
needs_font = pytest.mark.skipif(not Path(FONT).exists(), reason="fonts-noto-cjk not installed")
pytestmark = [pytest.mark.slow]


def _font(size: int):
    from PIL import ImageFont

    return ImageFont.truetype(FONT, size)


def penalty_image():
    """A scanned penalty decision: title, party's name, ID, phone and address (A4 width, 200 dpi)."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (1654, 760), "white")
    d = ImageDraw.Draw(im)
    d.text((560, 60), "行政处罚决定书", font=_font(52), fill="black")
    lines = [f"当事人：{NAME}", f"公民身份号码：{PERSON_ID}", f"联系电话：{PHONE}", f"住址：{ADDRESS}",
             "经查，当事人于2024年3月在经营场所未按规定公示营业执照。"]
    for i, t in enumerate(lines):
        d.text((150, 200 + 90 * i), t, font=_font(36), fill=(20, 20, 20))
    return im


def roster_image():
    """A photographed-style 公示 list: a ruled table, slightly rotated, grey background, noise."""
    from PIL import Image, ImageDraw, ImageFilter

    im = Image.new("RGB", (1400, 420), (236, 234, 228))
    d = ImageDraw.Draw(im)
    d.text((420, 30), "困难群众救助名单公示", font=_font(44), fill="black")
    cols = [60, 300, 860, 1340]
    rows = [("姓名", "身份证号", "联系电话"), *ROSTER]
    for r, row in enumerate(rows):
        y = 120 + 90 * r
        d.line((cols[0], y, cols[-1], y), fill=(60, 60, 60), width=2)
        for c, cell in enumerate(row):
            d.text((cols[c] + 20, y + 22), cell, font=_font(36), fill=(25, 25, 30))
    d.line((cols[0], 120 + 90 * len(rows), cols[-1], 120 + 90 * len(rows)), fill=(60, 60, 60), width=2)
    for x in cols:
        d.line((x, 120, x, 120 + 90 * len(rows)), fill=(60, 60, 60), width=2)
    rnd = random.Random(16)
    px = im.load()
    for _ in range(6000):
        x, y = rnd.randrange(im.width), rnd.randrange(im.height)
        g = rnd.randrange(120, 255)
        px[x, y] = (g, g, g)
    return im.rotate(1.2, resample=Image.BICUBIC, expand=True, fillcolor=(236, 234, 228)).filter(
        ImageFilter.GaussianBlur(0.6))


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    if not Path(FONT).exists():
        pytest.skip("fonts-noto-cjk not installed")
    d = tmp_path_factory.mktemp("ocr")
    penalty_image().save(d / "处罚决定书.pdf", "PDF", resolution=200)
    roster = roster_image()
    roster.save(d / "名单.jpg", quality=88)
    roster.save(d / "名单.png")
    return d


def _values(findings, entity):
    return {f.text for f in findings if f.entity_type == entity}


def _cli(*args, env=None):
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}, timeout=600)


@needs_ocr
@needs_font
def test_scanned_pdf_contract(files):
    """`screening scan scanned.pdf --format json`: the usual entity types, boxes and confidence, no
    UNSCANNED_CONTENT for the page OCR read."""
    r = _cli("scan", str(files / "处罚决定书.pdf"), "--format", "json")
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["status"] == "ok" and doc["format"] == "pdf"
    by_type = {}
    for f in doc["findings"]:
        by_type.setdefault(f["entity_type"], []).append(f)
    assert "UNSCANNED_CONTENT" not in by_type
    assert PERSON_ID in {f["text"] for f in by_type["CN_RESIDENT_ID"]}
    assert PHONE in {f["text"] for f in by_type["PHONE_NUMBER"]}
    assert any(NAME in f["text"] for f in by_type["PERSON"])
    assert "CN_ADDRESS" in by_type
    loc = by_type["CN_RESIDENT_ID"][0]["location"]
    assert loc["page"] == 1 and loc["ocr"] is True and loc["ocr_confidence"] >= ocr.MIN_CONFIDENCE
    x0, top, x1, bottom = loc["bbox"]
    # the ID line is drawn at y = 200 + 90 px (200 dpi): 104 pt from the top, 54 pt in from the left
    assert 95 < top < 115 and 0 < x0 < x1 < 595 and bottom - top < 30


@needs_ocr
@needs_font
@pytest.mark.parametrize("name", ["名单.jpg", "名单.png"])
def test_photographed_roster_image(files, screener, name):
    doc = read_document(files / name)
    assert doc.format == "image" and doc.facts["ocr"] is True
    findings = screener.scan_document(doc)
    ids, phones = _values(findings, "CN_RESIDENT_ID"), _values(findings, "PHONE_NUMBER")
    for _person, pid, phone in ROSTER:
        assert pid in ids and phone in phones
    assert not [f for f in findings if f.entity_type == "UNSCANNED_CONTENT"]
    f = next(f for f in findings if f.text == ROSTER[0][1])
    assert f.location["image"] == 1 and len(f.location["bbox"]) == 4
    assert f.location["bbox"][0] > 250  # the ID column starts at x = 300 px


@needs_ocr
def test_low_confidence_lines_stay_unscanned(monkeypatch, tmp_path):
    """Fail closed: a line OCR is unsure of is scanned *and* stays an UNSCANNED_CONTENT finding."""
    from PIL import Image

    Image.new("RGB", (400, 200), "white").save(tmp_path / "a.png")
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [
        OcrLine(f"电话{PHONE}", (10, 10, 200, 40), 0.97), OcrLine("模糊不清的一行", (10, 60, 200, 90), 0.41)])
    doc = read_document(tmp_path / "a.png")
    assert PHONE in doc.text and "模糊不清的一行" in doc.text
    (low,) = [f for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"]
    assert low.attributes["reason"] == "ocr_low_confidence" and low.location["ocr_confidence"] == 0.41
    assert low.location["boxes"] == [[10, 60, 200, 90]]
    monkeypatch.setattr(ocr, "ocr_array", lambda arr: [OcrLine(f"电话{PHONE}", (10, 10, 200, 40), 0.97)])
    assert not [f for f in read_document(tmp_path / "a.png").hygiene if f.entity_type == "UNSCANNED_CONTENT"]


@needs_ocr
def test_a_scan_without_text_stays_unscanned(tmp_path):
    """OCR that finds nothing (a photo, a blank scan) does not make the page clean."""
    from PIL import Image, ImageDraw

    im = Image.new("RGB", (800, 600), "white")
    ImageDraw.Draw(im).ellipse((200, 150, 600, 450), fill=(180, 40, 40))
    im.save(tmp_path / "stamp.pdf", "PDF", resolution=150)
    doc = read_document(tmp_path / "stamp.pdf")
    (f,) = [f for f in doc.hygiene if f.entity_type == "UNSCANNED_CONTENT"]
    assert f.attributes["ocr"] == "no_text" and f.location["page"] == 1


@needs_font
def test_without_the_extra_the_finding_says_how_to_enable_ocr(files, tmp_path):
    r = _cli("scan", str(files / "处罚决定书.pdf"), "--format", "json", env={"SCREENING_OCR": "off"})
    assert r.returncode == 1
    doc = json.loads(r.stdout)["documents"][0]
    (f,) = [f for f in doc["findings"] if f["entity_type"] == "UNSCANNED_CONTENT"]
    assert 'pip install "gongkai-screening[ocr]"' in f["explanation"] and f["location"]["page"] == 1
    r = _cli("scan", str(files / "名单.png"), "--format", "json", env={"SCREENING_OCR": "off"})
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["status"] == "ok" and r.returncode == 1
    assert [f["entity_type"] for f in doc["findings"]] == ["UNSCANNED_CONTENT"]
    assert "gongkai-screening[ocr]" in doc["findings"][0]["explanation"]


@needs_ocr
@needs_font
def test_mixed_page_image_region_is_ocrd(tmp_path, screener):
    """A page with a short text layer and a big picture of a list: the picture is OCR'd in place."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    roster_image().save(buf, "PNG")
    c = canvas.Canvas(str(tmp_path / "mixed.pdf"), pagesize=A4)
    c.setFont("Helvetica", 10)
    c.drawString(50, 800, "Annex 1")
    c.drawImage(ImageReader(io.BytesIO(buf.getvalue())), 20, 300, width=555, height=480)
    c.save()
    doc = read_document(tmp_path / "mixed.pdf")
    assert "Annex 1" in doc.text
    ids = _values(screener.scan_document(doc), "CN_RESIDENT_ID")
    assert {pid for _, pid, _ in ROSTER} <= ids
    f = next(f for f in screener.scan_document(doc) if f.text == ROSTER[1][1])
    x0, top, x1, bottom = f.location["bbox"]
    assert f.location["page"] == 1 and f.location["image"] == 0
    assert 20 < x0 < x1 < 575 and 842 - 780 < top < bottom < 842 - 300  # inside the image, in points
    assert not [h for h in doc.hygiene if h.entity_type == "UNSCANNED_CONTENT"]


NO_NETWORK = textwrap.dedent("""
    import socket, sys
    def refuse(*a, **k):
        raise OSError("network blocked by test")
    socket.socket.connect = refuse
    socket.socket.connect_ex = refuse
    socket.create_connection = refuse
    socket.getaddrinfo = refuse
    from PIL import Image, ImageDraw, ImageFont
    im = Image.new("RGB", (900, 120), "white")
    ImageDraw.Draw(im).text((20, 30), "联系电话：{phone}", font=ImageFont.truetype({font!r}, 40), fill="black")
    im.save(sys.argv[1])
    from screening.documents import read_document
    print(read_document(sys.argv[1]).text)
""")


@needs_ocr
@needs_font
def test_ocr_runs_with_the_network_blocked(tmp_path):
    script = NO_NETWORK.format(phone=PHONE, font=FONT)
    r = subprocess.run([sys.executable, "-c", script, str(tmp_path / "n.png")], cwd=ROOT, capture_output=True,
                       text=True, env={**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(tmp_path)}, timeout=300)
    assert r.returncode == 0, r.stderr
    assert PHONE in r.stdout


# -- redaction -----------------------------------------------------------------------------------
@needs_ocr
@needs_font
def test_redact_image_burns_boxes_and_verifies_by_ocr(files, tmp_path):
    out = tmp_path / "out"
    r = _cli("redact", str(files / "名单.png"), "--out", f"{out}/", "--format", "json")
    assert r.returncode == 0, r.stderr + r.stdout
    log = json.loads(r.stdout)["documents"][0]
    assert log["format"] == "image" and log["verification"]["ok"]
    assert {c["operator"] for c in log["changes"]} == {"box"}
    assert any("black boxes" in n for n in log["notes"])
    assert not any(PHONE in json.dumps(c) for c in log["changes"])  # the log never holds a value
    text = read_document(out / "名单.png").text  # OCR of the output
    for person, pid, phone in ROSTER:
        assert pid not in text and phone not in text and person not in text
    assert "身份证号" in text  # the headers are still there: only the values were covered


@needs_ocr
@needs_font
def test_redact_scanned_pdf_replaces_the_page_raster(files, tmp_path):
    out = tmp_path / "公开版.pdf"
    r = _cli("redact", str(files / "处罚决定书.pdf"), "--out", str(out), "--format", "json")
    assert r.returncode == 0, r.stderr + r.stdout
    log = json.loads(r.stdout)["documents"][0]
    assert log["verification"]["ok"] and log["rasterised_pages"] == [1]
    text = read_document(out).text
    for value in (PERSON_ID, PHONE, NAME):
        assert value not in text
    assert "行政处罚决定书" in text
