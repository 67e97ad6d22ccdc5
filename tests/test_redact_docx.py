"""The .docx writer: every planted value gone from every part, structure kept, file sanitised."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from lxml import etree
from reader_fixtures import build_docx
from test_redaction_helpers import redact_built, zip_leaks

from screening.documents.docx import iter_paragraphs
from screening.redaction import redact_file

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def redacted(screener, tmp_path_factory):
    return redact_built(tmp_path_factory.mktemp("docx"), build_docx, ".docx", screener)


def _xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as zf:
        return etree.fromstring(zf.read(member))


def test_no_planted_value_survives_in_any_part(redacted) -> None:
    src, out, ids, rep = redacted
    assert rep.ok and rep.verification.ok
    assert zip_leaks(src, list(ids.values()))  # the check itself finds them in the input ...
    assert zip_leaks(out, list(ids.values())) == []  # ... and nothing in the output
    assert zip_leaks(out, ["张三", "李四", "审核人甲", "科员乙"]) == []  # authors of properties/changes/comments
    log = json.dumps(rep.to_dict(), ensure_ascii=False)
    assert not any(v in log for v in [*ids.values(), "科员乙", "审核人甲"])  # the log holds no originals


def test_structure_is_unchanged(redacted) -> None:
    src, out, _, _ = redacted
    a, b = docx.Document(src), docx.Document(out)
    assert len(a.paragraphs) == len(b.paragraphs)
    assert [p.style.name for p in a.paragraphs] == [p.style.name for p in b.paragraphs]
    assert len(a.tables) == len(b.tables)
    assert [(len(t.rows), len(t.columns)) for t in a.tables] == [(len(t.rows), len(t.columns)) for t in b.tables]
    assert len(a.sections) == len(b.sections)
    assert [(s.page_width, s.page_height, s.orientation) for s in a.sections] == \
           [(s.page_width, s.page_height, s.orientation) for s in b.sections]
    body_a, body_b = _xml(src, "word/document.xml"), _xml(out, "word/document.xml")
    assert len(list(body_a.iter(W + "p"))) == len(list(body_b.iter(W + "p")))  # text boxes included


def _visible(path: Path) -> dict[tuple[str, int], str]:
    with zipfile.ZipFile(path) as zf:
        return {(r.xml_part, r.index): r.text for r in iter_paragraphs(zf)}


def test_text_outside_values_unchanged_and_masks_applied(redacted) -> None:
    src, out, ids, _ = redacted
    before, after = _visible(src), _visible(out)
    compared = 0
    for key, text in before.items():
        if key[0].endswith(("comments.xml", "people.xml")):
            continue
        if not any(v in text for v in ids.values()):
            assert after[key] == text, key
            compared += 1
    assert compared > 10
    body = "\n".join(p.text for p in docx.Document(out).paragraphs)
    v = ids["body"]
    assert f"公民身份号码：{v[:6]}********{v[-4:]}" in body


def test_split_runs_keep_first_run_formatting(redacted) -> None:
    _, out, ids, _ = redacted
    para = next(p for p in docx.Document(out).paragraphs if p.text.startswith("身份证号码："))
    v = ids["split_runs"]
    assert para.text == f"身份证号码：{v[:6]}********{v[-4:]}"
    bold = [r for r in para.runs if r.bold]
    assert bold and bold[0].text.startswith(v[:6])  # the replacement sits in the first (bold) run


def test_sanitised(redacted) -> None:
    _, out, _, rep = redacted
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        rels = zf.read("word/_rels/document.xml.rels").decode()
        ct = zf.read("[Content_Types].xml").decode()
    assert not any(n.startswith("customXml/") for n in names)
    assert not any("comments" in n or "people" in n for n in names)
    assert "docProps/custom.xml" not in names and not any("thumbnail" in n for n in names)
    assert "comments" not in rels and "customXml" not in rels and "comments" not in ct
    body = _xml(out, "word/document.xml")
    for tag in ("del", "ins", "delText", "moveFrom", "commentRangeStart", "commentReference", "vanish"):
        assert body.find(f".//{W}{tag}") is None, tag
    assert not any(a.startswith(W + "rsid") for el in body.iter() for a in el.attrib)
    settings = _xml(out, "word/settings.xml")
    assert settings.find(f"{W}rsids") is None and settings.find(f"{W}attachedTemplate") is None
    core = _xml(out, "docProps/core.xml")
    assert len(core) == 0
    d = docx.Document(out)
    assert d.core_properties.author == "" and d.core_properties.last_modified_by == ""
    text = "\n".join(p.text for p in d.paragraphs)
    assert "联系人证件：110105" in text  # the accepted insertion stays (masked)
    assert "可见文字" in text and "原证件号已删除" in text
    assert {"comments removed", "hidden text removed", "tracked insertions accepted"} <= set(rep.sanitised)


def test_hidden_text_can_be_kept_redacted(screener, tmp_path: Path) -> None:
    ids = build_docx(tmp_path / "in.docx")
    policy = {"name": "keep-hidden", "extends": "publication", "document": {"hidden_text": "redact"}}
    rep = redact_file(tmp_path / "in.docx", tmp_path / "out.docx", policy, screener)
    assert rep.ok
    body = _xml(tmp_path / "out.docx", "word/document.xml")
    assert body.find(f".//{W}vanish") is not None  # the hidden run is still there ...
    assert zip_leaks(tmp_path / "out.docx", [ids["hidden"]]) == []  # ... without the value


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_output(redacted, tmp_path: Path) -> None:
    _, out, _, _ = redacted
    proc = subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                          capture_output=True, timeout=180, check=False)
    pdf = tmp_path / "out.pdf"
    assert proc.returncode == 0 and pdf.exists() and pdf.stat().st_size > 1000, proc.stderr[-500:]
