"""Bad input: every case gives a DocumentError subclass naming the file and the reason."""

from __future__ import annotations

import builtins
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from reader_fixtures import build_docx, build_pdf, build_xlsx, rewrite_zip

from screening.documents import Limits, read_document
from screening.documents.walk import iter_inputs
from screening.errors import DocumentError, EncryptedDocument, ResourceLimitExceeded, UnsupportedFormat


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("good")
    out = {"docx": d / "a.docx", "xlsx": d / "a.xlsx", "pdf": d / "a.pdf"}
    build_docx(out["docx"])
    build_xlsx(out["xlsx"])
    build_pdf(out["pdf"])
    return out


def _fails(path: Path, kind: type[DocumentError], match: str, **limits: int) -> DocumentError:
    with pytest.raises(kind, match=match) as info:
        read_document(path, **limits)
    assert str(info.value).startswith(str(path)), "the message names the file"
    assert "\n" not in str(info.value), "one line"
    return info.value


def test_zero_bytes(tmp_path: Path) -> None:
    p = tmp_path / "空.docx"
    p.write_bytes(b"")
    _fails(p, DocumentError, "empty file")


@pytest.mark.parametrize("kind", ["docx", "xlsx"])
def test_corrupt_zip(good, tmp_path: Path, kind: str) -> None:
    p = tmp_path / f"cut.{kind}"
    data = good[kind].read_bytes()
    p.write_bytes(data[: len(data) // 2])
    _fails(p, DocumentError, "corrupt or truncated zip")


def test_corrupt_xml_part(good, tmp_path: Path) -> None:
    p = tmp_path / "bad.docx"
    shutil.copy(good["docx"], p)
    rewrite_zip(p, {"word/document.xml": b"<w:document><w:body><w:p>"})
    _fails(p, DocumentError, "corrupt XML in part 'word/document.xml'")


def test_truncated_pdf(good, tmp_path: Path) -> None:
    p = tmp_path / "cut.pdf"
    data = good["pdf"].read_bytes()
    p.write_bytes(data[: len(data) * 2 // 3])
    _fails(p, DocumentError, "truncated")


def test_pdf_header_with_garbage(tmp_path: Path) -> None:
    p = tmp_path / "junk.pdf"
    p.write_bytes(b"%PDF-1.7\n" + os.urandom(2000) + b"\n%%EOF\n")
    _fails(p, DocumentError, "PDF")


def test_wrong_extension_content_decides(good, tmp_path: Path) -> None:
    as_xlsx = tmp_path / "其实是Word.xlsx"
    shutil.copy(good["docx"], as_xlsx)
    assert read_document(as_xlsx).format == "docx"
    as_txt = tmp_path / "其实是PDF.txt"
    shutil.copy(good["pdf"], as_txt)
    assert read_document(as_txt).format == "pdf"
    text_as_pdf = tmp_path / "其实是文本.pdf"
    text_as_pdf.write_text("身份证号：11010519491231002X", encoding="utf-8")
    doc = read_document(text_as_pdf)
    assert doc.format == "text" and "read as plain text" in doc.facts["note"]


def test_unknown_binary(tmp_path: Path) -> None:
    p = tmp_path / "image.gif"
    p.write_bytes(b"GIF89a" + bytes(range(256)) * 4)
    _fails(p, UnsupportedFormat, "unrecognised binary")


def test_corrupt_image(tmp_path: Path) -> None:  # images are read by OCR (issue 16): damaged ones are named
    p = tmp_path / "image.png"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    _fails(p, DocumentError, "corrupt or unreadable png image")


@pytest.mark.parametrize("ext", [".doc", ".xls", ".wps"])
def test_old_binary_formats(tmp_path: Path, ext: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_SOFFICE", str(tmp_path / "none"))  # without LibreOffice (issue 16)
    p = tmp_path / f"旧{ext}"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    _fails(p, UnsupportedFormat, "convert it")


def test_encrypted_office_file(tmp_path: Path) -> None:
    p = tmp_path / "加密.docx"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000 + "EncryptedPackage".encode("utf-16-le"))
    _fails(p, EncryptedDocument, "password")


def test_unsupported_zip_formats(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCREENING_SOFFICE", str(tmp_path / "none"))  # .odt needs LibreOffice (issue 16)
    odt = tmp_path / "a.odt"
    with zipfile.ZipFile(odt, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<x/>")
    _fails(odt, UnsupportedFormat, "OpenDocument")
    plain = tmp_path / "a.zip"
    with zipfile.ZipFile(plain, "w") as zf:
        zf.writestr("a.txt", "x")
    _fails(plain, UnsupportedFormat, "zip archive")


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    p = tmp_path / "bomb.docx"
    with zipfile.ZipFile(p, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<a>" + b" " * (30 * 1024 * 1024) + b"</a>")
    assert p.stat().st_size < 100_000
    _fails(p, ResourceLimitExceeded, "compression ratio")


def test_total_size_and_part_count_limits(good) -> None:
    _fails(good["docx"], ResourceLimitExceeded, "inflates to more than", max_total_size=10_000)
    _fails(good["xlsx"], ResourceLimitExceeded, "parts", max_parts=3)
    _fails(good["docx"], ResourceLimitExceeded, "inflates to", max_part_size=1000)
    _fails(good["pdf"], ResourceLimitExceeded, "pages", max_pages=2)


def test_limits_reject_typos() -> None:
    with pytest.raises(TypeError, match="max_total"):
        Limits.from_options(max_totl_size=1)


def test_huge_file_is_refused_without_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    p = tmp_path / "200MB.txt"
    with open(p, "wb") as fh:
        fh.truncate(200 * 1024 * 1024)  # sparse: no disk used
    reads: list[int] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: reads.append(1) or real(self))
    _fails(p, ResourceLimitExceeded, "limit")
    assert not reads
    _fails(p, ResourceLimitExceeded, "MB", max_file_size=100 * 1024 * 1024)


def test_permission_denied(good, monkeypatch: pytest.MonkeyPatch) -> None:
    real_open = builtins.open

    def deny(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(file) == str(good["docx"]):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", deny)
    _fails(good["docx"], DocumentError, "permission denied")


def test_directory_and_missing_file(tmp_path: Path) -> None:
    _fails(tmp_path, DocumentError, "is a directory")
    _fails(tmp_path / "nope.docx", DocumentError, "no such file")


# -- walking directories --------------------------------------------------------------------------
def test_walk_recursive_sorted_with_globs(tmp_path: Path) -> None:
    (tmp_path / "附件" / "二").mkdir(parents=True)
    for rel in ["b.docx", "a.pdf", "附件/c.xlsx", "附件/二/d.docx", "附件/草稿.docx", ".hidden.docx", "~$lock.docx"]:
        (tmp_path / rel).write_bytes(b"x")
    names = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert names == ["a.pdf", "b.docx", "附件/c.xlsx", "附件/草稿.docx", "附件/二/d.docx"]
    only_docx = [p.name for p in iter_inputs([tmp_path], include=["*.docx"], exclude=["草稿*"])]
    assert only_docx == ["b.docx", "d.docx"]
    assert [p.name for p in iter_inputs([tmp_path], exclude=["附件"])] == ["a.pdf", "b.docx"]
    assert [p.name for p in iter_inputs([str(tmp_path / "*.pdf")])] == ["a.pdf"]


def test_walk_survives_symlink_loops_and_errors(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    os.symlink(tmp_path / "self", tmp_path / "self")  # ELOOP
    os.symlink(tmp_path / "missing", tmp_path / "dangling.docx")
    items = list(iter_inputs([tmp_path, tmp_path / "不存在.docx"]))
    files = [i for i in items if isinstance(i, Path)]
    errors = [i for i in items if isinstance(i, DocumentError)]
    assert [f.name for f in files] == ["a.txt"]
    reasons = " | ".join(str(e) for e in errors)
    assert "loop" in reasons and "不存在.docx" in reasons and "dangling.docx" in reasons


def test_walk_permission_error_is_yielded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "locked").mkdir()
    (tmp_path / "ok.txt").write_text("x")
    real = os.scandir

    def scandir(path):  # type: ignore[no-untyped-def]
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    items = list(iter_inputs([tmp_path]))
    assert [i.name for i in items if isinstance(i, Path)] == ["ok.txt"]
    assert any("permission denied" in str(i) for i in items if isinstance(i, DocumentError))
