"""Issue 15: check 3 of the verification (every part of the output searched for every redacted value)
uses the expectations' value index, streams a big member window by window, skips a view identical to
the one before it, and still fails closed: a value left in any part -- also in a cell the writer
never changed, or at the very end of a big member -- is a residue."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from reader_fixtures import make_id

from screening import Screener
from screening.redaction import load_policy
from screening.redaction.plan import PlanInput, Planner
from screening.redaction.verify import check_parts, verify_output
from screening.redaction.writers import get_writer

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


def test_the_shared_index_finds_what_a_fresh_one_finds(tmp_path: Path) -> None:
    # the expectations' index holds every value, also those allowed in the text: check 3 skips their hits
    from screening.redaction.search import ValueIndex

    other = "张伟华"
    values = {**VALUES, other: ("PERSON", "fp-name")}
    path = _package(tmp_path / "p.xlsx")
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/name.xml", f"<x><t>{other}</t></x>")
    allowed = {MOBILE: 0, other: 1}
    fresh = check_parts(path, "xlsx", values, allowed)
    shared = check_parts(path, "xlsx", values, allowed, index=ValueIndex(values))
    assert shared == fresh
    assert sorted(p for p, _e, _f in shared[0]) == ["xl/entities.xml", "xl/plain.xml", "xl/runs.xml"]
    with pytest.raises(ValueError):
        check_parts(path, "xlsx", values, allowed, index=ValueIndex([MOBILE]))


def test_a_value_in_the_last_window_of_a_big_member_is_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # a member bigger than a window is searched window by window: the value at its very end (the
    # last, short window) and one straddling two windows are both residues
    from screening.redaction import parts

    monkeypatch.setattr(parts, "WINDOW", 4096)
    monkeypatch.setattr(parts, "WINDOW_OVERLAP", 512)
    filler = "".join(f"<row r=\"{i}\"><c><v>{i}</v></c></row>" for i in range(2000))
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f"<sheetData>{filler}<t>{MOBILE}</t></sheetData>")
        zf.writestr("xl/worksheets/sheet2.xml", f"<sheetData>{filler}</sheetData>")
    assert zipfile.ZipFile(path).getinfo("xl/worksheets/sheet1.xml").file_size > 10 * parts.WINDOW
    found, checked = check_parts(path, "xlsx", VALUES, {MOBILE: 0})
    assert [p for p, _e, _f in found] == ["xl/worksheets/sheet1.xml"]
    assert checked > 20  # window by window, three views each
    # the same value put at the far end of the second member instead: still found
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("xl/worksheets/sheet1.xml", f"<sheetData>{filler}</sheetData>")
        zf.writestr("xl/worksheets/sheet2.xml", f"<sheetData>{filler}<v>{MOBILE}</v></sheetData>")
    assert [p for p, _e, _f in check_parts(path, "xlsx", VALUES, {MOBILE: 0})[0]] == ["xl/worksheets/sheet2.xml"]


def _roster(path: Path, rows: int) -> list[str]:
    wb = Workbook()
    ws = wb.active
    ws.append(["序号", "姓名", "身份证号", "联系电话"])
    ids = [make_id(700 + i) for i in range(rows)]
    for i in range(rows):
        ws.append([i + 1, "王" + "伟芳娜秀英"[i % 5] + "敏静丽"[i % 3], ids[i], f"139{i:08d}"])
    wb.save(path)
    return ids


def test_a_value_surviving_in_a_cell_the_writer_left_alone_fails_verification(tmp_path: Path) -> None:
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
    v = verify_output(out, "xlsx", plan, policy, screener)
    assert not v.ok
    assert {r.check for r in v.residues} >= {"re-read", "part"}  # the re-read text differs: counted
    assert any(r.check == "part" and r.place == sheet and r.entity_type == "CN_RESIDENT_ID" for r in v.residues)


def test_the_re_read_check_counts_only_around_the_difference_and_agrees_with_counting_all() -> None:
    # check 1 compares the re-read text with the planned one and counts only the values reaching into
    # the part that differs: on random texts it flags exactly what text.count(value) > allowed flags
    import random

    from screening.redaction import verify
    from screening.redaction.search import ValueIndex

    rnd = random.Random(11)
    flagged = 0
    for block, lookups in ((4, 0), (4, verify.DIFF_LOOKUPS), (1 << 16, verify.DIFF_LOOKUPS)):
        for _ in range(1500):
            values = {"".join(rnd.choice("张伟1") for _ in range(rnd.randrange(2, 5))): ("T", "f")
                      for _ in range(rnd.randrange(1, 6))}
            planned = "".join(rnd.choice("张伟1") for _ in range(rnd.randrange(0, 60)))
            i = rnd.randrange(0, len(planned) + 1)
            j = rnd.randrange(i, len(planned) + 1)
            reread = planned[:i] + "".join(rnd.choice("张伟1") for _ in range(rnd.randrange(0, 6))) + planned[j:]
            index = ValueIndex(values)
            allowed = index.counts(planned)
            exp = verify._Expected.of(planned, values, index if rnd.random() < 0.5 else None)
            old = (verify._BLOCK, verify.DIFF_LOOKUPS)
            verify._BLOCK, verify.DIFF_LOOKUPS = block, lookups
            try:
                got = verify._over_allowed(exp, reread)
            finally:
                verify._BLOCK, verify.DIFF_LOOKUPS = old
            want = {sv for sv in values if reread.count(sv) > allowed[sv]}
            assert got == want, (planned, reread, values)
            flagged += bool(want)
    assert flagged > 200  # the comparison saw many texts with a value over its allowance
