"""Issue 15: check 3 of the verification (every part of the output searched for every redacted value)
runs in a forked process for a big output, skips a view identical to the one before it, and still
fails closed: a value left in any part -- also in a cell the writer never changed -- is a residue,
and a child that dies or answers nothing is not trusted (the check is done again in the parent)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from reader_fixtures import make_id

from screening import Screener
from screening.redaction import load_policy
from screening.redaction import verify as verify_mod
from screening.redaction.plan import PlanInput, Planner
from screening.redaction.verify import check_parts, verify_output
from screening.redaction.writers import get_writer

ROOT = Path(__file__).resolve().parents[1]
MOBILE = "13912345678"
VALUES = {MOBILE: ("PHONE_NUMBER", "fp-mobile")}


def _package(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/clean.xml", "<x><t>无</t></x>")
        zf.writestr("xl/plain.xml", f"<x><t>联系电话 {MOBILE[:3]} {MOBILE[3:]}</t></x>")  # no '&': views equal
        zf.writestr("xl/entities.xml", "<x><t>&#49;" + MOBILE[1:] + "</t></x>")  # only the decoded view has it
        zf.writestr("xl/runs.xml", f"<x><r>{MOBILE[:5]}</r><r>{MOBILE[5:]}</r></x>")  # only the text view
    return path


def test_every_part_holding_the_value_is_found_once(tmp_path: Path) -> None:
    found, checked = check_parts(_package(tmp_path / "p.xlsx"), "xlsx", VALUES, {MOBILE: 0})
    assert sorted(place for place, _et, _fp in found) == ["xl/entities.xml", "xl/plain.xml", "xl/runs.xml"]
    assert {(et, fp) for _p, et, fp in found} == {VALUES[MOBILE]}
    assert checked == 12  # three views of each of the four parts: skipped duplicates are still counted


def test_a_value_allowed_in_the_text_is_not_searched(tmp_path: Path) -> None:
    assert check_parts(_package(tmp_path / "p.xlsx"), "xlsx", VALUES, {MOBILE: 1})[0] == []


_CHILD = """
import json, os, sys
sys.path[:0] = [sys.argv[1], sys.argv[1] + "/tests"]
import screening.redaction.verify as verify
from test_redaction_verify_parts import VALUES, MOBILE, _package
from pathlib import Path
verify.PARALLEL_PARTS_BYTES = 0
path = _package(Path(sys.argv[2]))
out = {}
check = verify._PartsCheck(path, "xlsx", VALUES, {MOBILE: 0})
out["forked"] = check.proc is not None
out["found"] = sorted(p for p, _e, _f in check.result()[0])
# a child that dies without answering: the parent does the check itself
verify._parts_child = lambda conn, args: os._exit(3)
check = verify._PartsCheck(path, "xlsx", VALUES, {MOBILE: 0})
out["dead_forked"] = check.proc is not None
out["dead_found"] = sorted(p for p, _e, _f in check.result()[0])
# a child that answers something else than a whole result
def liar(conn, args):
    conn.send(("ok", [], 12, "extra"))
    conn.close()
    os._exit(0)
verify._parts_child = liar
out["liar_found"] = sorted(p for p, _e, _f in verify._PartsCheck(path, "xlsx", VALUES, {MOBILE: 0}).result()[0])
print(json.dumps(out))
"""


def test_forked_check_finds_the_same_and_a_dead_child_is_not_trusted(tmp_path: Path) -> None:
    # a fresh interpreter: threads left by earlier tests in this process (rightly) stop the fork
    out = subprocess.run([sys.executable, "-c", _CHILD, str(ROOT), str(tmp_path / "p.xlsx")],
                         capture_output=True, text=True, timeout=300, check=False)
    assert out.returncode == 0, out.stderr[-2000:]
    res = json.loads(out.stdout.strip().splitlines()[-1])
    want = ["xl/entities.xml", "xl/plain.xml", "xl/runs.xml"]
    assert res["forked"] and res["dead_forked"]
    assert res["found"] == want and res["dead_found"] == want and res["liar_found"] == want


def _roster(path: Path, rows: int) -> list[str]:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "身份证号", "联系电话"])
    ids = [make_id(700 + i) for i in range(rows)]
    for i in range(rows):
        ws.append([i + 1, "王" + "伟芳娜秀英"[i % 5] + "敏静丽"[i % 3], ids[i], f"139{i:08d}"])
    wb.save(path)
    return ids


def test_a_value_surviving_in_a_cell_the_writer_left_alone_fails_verification(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    src, out = tmp_path / "in.xlsx", tmp_path / "out.xlsx"
    ids = _roster(src, 40)
    screener = Screener(fingerprint_key="k", scan_jobs=1)
    from screening.documents import read_document

    doc = read_document(src)
    policy = load_policy("publication")
    plan = Planner(policy).plan([PlanInput(str(src), doc, screener.scan_document(doc))])[0]
    get_writer("xlsx")(src, out, plan, policy)
    assert verify_output(out, "xlsx", plan, policy, screener).ok
    # the output with one cell put back as it was (the writer "forgot" it): every check must see it
    with zipfile.ZipFile(out) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist()}
    sheet = next(n for n in members if n.startswith("xl/worksheets/sheet"))
    xml = members[sheet].decode("utf-8")
    masked = ids[7][:6] + "*" * 8 + ids[7][-4:]
    assert masked in xml
    members[sheet] = xml.replace(masked, ids[7], 1).encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    for big in (False, True):  # in this process, and (where forking is possible) in a child
        monkeypatch.setattr(verify_mod, "PARALLEL_PARTS_BYTES", 0 if big else 1 << 40)
        v = verify_output(out, "xlsx", plan, policy, screener)
        assert not v.ok
        assert {r.check for r in v.residues} >= {"re-read", "part"}
        assert any(r.check == "part" and r.place == sheet and r.entity_type == "CN_RESIDENT_ID" for r in v.residues)
