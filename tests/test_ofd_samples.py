"""Issue 16 "done when": a scanned penalty decision, a photographed 公示 list, a .wps draft and an
.ofd file each go through ``screening scan`` and ``screening redact`` through the CLI. The files are
regenerated here by scripts/make_scanned_samples.py (the copies in samples/ are its output)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from screening.documents import ocr

ROOT = Path(__file__).resolve().parents[1]
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
pytestmark = pytest.mark.slow


def _script():
    spec = importlib.util.spec_from_file_location("make_scanned_samples", ROOT / "scripts" / "make_scanned_samples.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def _cli(*args):
    return subprocess.run([sys.executable, "cli.py", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=900)


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    if not Path(FONT).exists():
        pytest.skip("fonts-noto-cjk not installed")
    out = tmp_path_factory.mktemp("samples16")
    mod = _script()
    mod.ofd_notice(out / mod.NAMES[3])
    if ocr.available():
        mod.penalty_scan(out / mod.NAMES[0])
        mod.roster_photo(out / mod.NAMES[1])
    if shutil.which("soffice") or shutil.which("libreoffice"):
        mod.wps_draft(out / mod.NAMES[2])
    return mod, out


CASES = [  # sample index, entity types the scan must find, whether OCR is needed, whether LibreOffice is
    (0, {"CN_RESIDENT_ID", "PHONE_NUMBER", "PERSON"}, True, False),
    (1, {"CN_RESIDENT_ID", "PHONE_NUMBER", "PERSON"}, True, False),
    (2, {"CN_RESIDENT_ID", "PHONE_NUMBER"}, False, True),
    (3, {"CN_RESIDENT_ID", "PHONE_NUMBER", "PERSON", "DOCUMENT_METADATA", "COMMENTS"}, False, False),
]


@pytest.mark.parametrize(("index", "expected", "needs_ocr", "needs_soffice"), CASES)
def test_sample_scan_and_redact_through_the_cli(made, tmp_path, index, expected, needs_ocr, needs_soffice):
    mod, out = made
    if needs_ocr and not ocr.available():
        pytest.skip('OCR extra not installed (pip install ".[ocr]")')
    if needs_soffice and not (shutil.which("soffice") or shutil.which("libreoffice")):
        pytest.skip("LibreOffice (soffice) not installed")
    src = out / mod.NAMES[index]
    assert (ROOT / "samples" / mod.NAMES[index]).exists()  # the committed copy the README demo uses
    r = _cli("scan", str(src), "--format", "json")
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["status"] == "ok", doc.get("error")
    types = {f["entity_type"] for f in doc["findings"]}
    assert expected <= types, types
    if needs_ocr:
        assert "UNSCANNED_CONTENT" not in types  # OCR read the page/picture confidently
    # IDs and mobiles must go; a 监督电话 (an office's public landline) is kept by the policy
    values = {f["text"] for f in doc["findings"]
              if f["entity_type"] == "CN_RESIDENT_ID" or f["entity_type"] == "PHONE_NUMBER" and f["text"][0] == "1"}
    r = _cli("redact", str(src), "--out", str(tmp_path) + "/", "--format", "json")
    log = json.loads(r.stdout)["documents"][0]
    assert log["status"] == "ok" and log["verification"]["ok"], log
    written = Path(log["output"])
    assert written.exists()
    r = _cli("scan", str(written), "--format", "json")
    again = json.loads(r.stdout)["documents"][0]
    left = {f["text"] for f in again["findings"]}
    assert not values & left
