"""Old formats (.doc .wps .xls .et .rtf .odt .ods) read and redacted through LibreOffice (issue 16).

Fixtures are made here: a .docx/.xlsx written with python-docx/openpyxl from invented text is
converted by soffice into the old format; .wps/.et are the OLE .doc/.xls under WPS extensions
(LibreOffice tells the format by content: a WPS 文字 file saved in the Word-compatible format is
an OLE file with a ``WordDocument`` stream, as the converted .doc is).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from screening.documents import convert, read_document
from screening.errors import DocumentError, EncryptedDocument, UnsupportedFormat
from tests.identifier_helpers import make_id

ROOT = Path(__file__).resolve().parents[1]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PERSON_ID = make_id("110105", "19790521", "437")
PHONE = "13907315528"
BODY = f"行政处罚决定书\n当事人：欧阳明远，身份证号：{PERSON_ID}，联系电话：{PHONE}。"

needs_soffice = pytest.mark.skipif(convert.find_soffice() is None, reason="LibreOffice (soffice) not installed")


def _ole(path: Path, streams: bytes = b"") -> Path:
    """A (not really valid) OLE container: the signature, optionally some directory names, junk."""
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 + streams + os.urandom(2048))
    return path


@pytest.mark.parametrize("ext,fmt,streams,expected", [
    (".doc", "ole", b"", "docx"),
    (".wps", "ole", b"", "docx"),
    (".xls", "ole", b"", "xlsx"),
    (".et", "ole", b"", "xlsx"),
    (".doc", "ole", "Workbook".encode("utf-16-le"), "xlsx"),       # content beats the extension
    (".et", "ole", "WordDocument".encode("utf-16-le"), "docx"),
    (".ppt", "ole", "PowerPoint Document".encode("utf-16-le"), None),
    (".bin", "ole", b"", None),
    (".odt", "odf", b"", "docx"),
    (".ods", "odf", b"", "xlsx"),
    (".odp", "odf", b"", None),
    (".rtf", "unknown", b"{\\rtf1\\ansi", "docx"),
    (".txt", "unknown", b"plain", None),
])
def test_conversion_target(ext, fmt, streams, expected):
    head = (OLE_MAGIC + streams) if fmt == "ole" else streams
    assert convert.conversion_target(head, ext, fmt) == expected


def test_without_libreoffice_the_error_says_how_to_install(tmp_path, monkeypatch):
    monkeypatch.setenv("SCREENING_SOFFICE", str(tmp_path / "no-such-soffice"))
    for ext in (".doc", ".wps", ".xls", ".et"):
        p = _ole(tmp_path / f"草稿{ext}")
        with pytest.raises(UnsupportedFormat) as exc:
            read_document(p)
        msg = str(exc.value)
        assert str(p) in msg and "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui" in msg


def test_encrypted_ole_stays_a_clear_error(tmp_path):
    p = _ole(tmp_path / "加密.doc", "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(EncryptedDocument, match="password"):
        read_document(p)


def test_timeout_kills_the_process_group(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    pidfile = tmp_path / "child.pid"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {pidfile}\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SCREENING_SOFFICE", str(fake))
    src = _ole(tmp_path / "a.doc")
    t0 = time.monotonic()
    with pytest.raises(DocumentError, match="did not convert .* within 1 s"):
        convert.convert(src, "docx", tmp_path / "work", timeout=1)
    assert time.monotonic() - t0 < 10
    child = int(pidfile.read_text())
    time.sleep(0.2)
    with pytest.raises(ProcessLookupError):  # the grandchild is gone too (the group was killed)
        for _ in range(20):
            os.kill(child, 0)
            time.sleep(0.1)


def test_converted_copy_is_removed_even_on_failure(tmp_path, monkeypatch):
    fake = tmp_path / "soffice"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(0o755)
    monkeypatch.setenv("SCREENING_SOFFICE", str(fake))
    src = _ole(tmp_path / "a.wps")
    made: list[str] = []
    real = convert.tempfile.mkdtemp
    monkeypatch.setattr(convert.tempfile, "mkdtemp", lambda **kw: made.append(real(**kw)) or made[-1])
    with pytest.raises(DocumentError, match="could not convert"):
        read_document(src)
    assert made and not Path(made[0]).exists()


# -- real conversions (slow: one soffice start each) -------------------------------------------
@pytest.fixture(scope="module")
def old_files(tmp_path_factory):
    if convert.find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    import docx
    import openpyxl

    d = tmp_path_factory.mktemp("old")
    doc = docx.Document()
    for line in BODY.split("\n"):
        doc.add_paragraph(line)
    doc.save(d / "src.docx")
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["姓名", "身份证号", "联系电话"])
    ws.append(["欧阳明远", PERSON_ID, PHONE])
    wb.save(d / "src.xlsx")
    out: dict[str, Path] = {}
    for src, exts in (("src.docx", ("doc", "odt", "rtf")), ("src.xlsx", ("xls", "ods"))):
        for ext in exts:
            prof = (d / "profile").as_uri()
            subprocess.run([convert.find_soffice(), "--headless", f"-env:UserInstallation={prof}", "--convert-to",
                            ext, "--outdir", str(d / "conv"), str(d / src)], check=True, capture_output=True,
                           timeout=180)
            out[ext] = d / "conv" / f"{Path(src).stem}.{ext}"
    out["wps"] = d / "draft.wps"
    shutil.copyfile(out["doc"], out["wps"])
    out["et"] = d / "roster.et"
    shutil.copyfile(out["xls"], out["et"])
    return out


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("ext,target", [("doc", "docx"), ("wps", "docx"), ("odt", "docx"), ("rtf", "docx"),
                                        ("xls", "xlsx"), ("et", "xlsx"), ("ods", "xlsx")])
def test_old_format_is_read_through_libreoffice(old_files, screener, ext, target):
    path = old_files[ext]
    with open(path, "rb") as fh:
        before = fh.read()
    doc = read_document(path)
    assert doc.format == target and doc.path == str(path)
    assert doc.facts["converted_from"] == ext and doc.facts["converted_to"] == target
    assert "LibreOffice" in doc.facts["note"]
    assert PERSON_ID in doc.text and PHONE in doc.text and "欧阳明远" in doc.text
    found = {f.entity_type for f in screener.scan_document(doc)}
    assert {"CN_RESIDENT_ID", "PHONE_NUMBER"} <= found
    if target == "docx":
        body = [s for s in doc.segments if PHONE in s.text]
        assert body and body[0].location.get("converted") is True
    assert path.read_bytes() == before  # the input is never touched
    assert not any(p.name.startswith("screening-convert-") for p in Path(os.environ.get("TMPDIR", "/tmp")).iterdir()
                   if p.stat().st_mtime > time.time() - 5 and p.is_dir() and any(p.iterdir()))


@pytest.mark.slow
@needs_soffice
def test_scan_json_says_the_file_was_converted(old_files):
    r = subprocess.run([sys.executable, "cli.py", "scan", str(old_files["wps"]), "--format", "json"], cwd=ROOT,
                       env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True, timeout=300)
    assert r.returncode == 1, r.stderr
    d = json.loads(r.stdout)["documents"][0]
    assert d["status"] == "ok" and d["format"] == "docx" and d["converted_from"] == "wps"
    assert "converted" in d["note"]
    ids = [f for f in d["findings"] if f["entity_type"] == "CN_RESIDENT_ID"]
    assert ids and ids[0]["location"]["converted"] is True


@pytest.mark.slow
@needs_soffice
@pytest.mark.parametrize("ext,target", [("wps", "docx"), ("et", "xlsx")])
def test_redact_writes_the_converted_format(old_files, tmp_path, ext, target):
    out = tmp_path / "公开版"
    r = subprocess.run([sys.executable, "cli.py", "redact", str(old_files[ext]), "--out", f"{out}/", "--format",
                        "json"], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 0, r.stderr + r.stdout
    log = json.loads(r.stdout)["documents"][0]
    written = Path(log["output"])
    assert written.suffix == f".{target}" and written.stem == old_files[ext].stem and written.exists()
    assert log["format"] == target and log["verification"]["ok"]
    assert any("converted from" in n and f".{target}" in n for n in log["notes"])
    doc = read_document(written)
    assert PERSON_ID not in doc.text and PHONE not in doc.text and "欧阳明远" not in doc.text
    assert PHONE[:3] + "****" + PHONE[-4:] in doc.text
    assert sorted(p.name for p in out.iterdir()) == [written.name]  # no temp file left


@pytest.mark.slow
@needs_soffice
def test_unreadable_wps_fails_clearly(tmp_path):
    bad = _ole(tmp_path / "坏文件.wps")
    with pytest.raises(DocumentError) as exc:
        read_document(bad)
    assert str(bad) in str(exc.value) and "WPS" in str(exc.value)
