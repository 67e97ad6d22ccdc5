"""redact_text / redact_file on plain text: operators applied, consistency, encodings, safety."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from test_redaction_helpers import CARD, ID_A, ID_B, MOBILE, MUST_GO, changed_outside_spans, draft

from screening.errors import RedactionError
from screening.findings import Finding, Severity
from screening.redaction import load_policy, redact_file, redact_files, redact_text
from screening.redaction.plan import PlanInput, Planner


@pytest.fixture(scope="module")
def published(screener):
    return redact_text(draft(), "publication", screener)


def test_publication_preset_output(published) -> None:
    out, log = published
    assert f"身份证号码：{ID_A[:6]}********{ID_A[-4:]}" in out
    assert f"联系电话：{MOBILE[:3]}****{MOBILE[-4:]}" in out
    assert f"账号：{CARD[:6]}******{CARD[-4:]}" in out
    assert "家庭住址：甘肃省武威市凉州区和平街道，" in out  # generalised to the street level
    assert "申请人：马某某" in out and "马某某表示已知悉" in out  # the later mention too
    assert "副局长陈立新" in out  # an official acting in office is kept
    assert "监督电话：0935-12345" in out  # an organisation's hotline is kept
    assert log["verification"]["ok"]
    for value in MUST_GO:
        assert value not in out


def test_non_sensitive_text_unchanged(published) -> None:
    out, log = published
    spans = [(c["start"], c["end"]) for c in log["changes"]]
    assert changed_outside_spans(draft(), out, spans) == []


def test_log_has_no_original_values(published) -> None:
    _, log = published
    blob = repr(log)
    for value in MUST_GO:
        assert value not in blob


@pytest.mark.parametrize("policy", ["publication", "penalty", "strict"])
def test_every_preset_removes_the_identifiers(screener, policy: str) -> None:
    out, log = redact_text(draft(), policy, screener)
    for value in (ID_A, ID_B, CARD, MOBILE, "0935-2216688", "东关街88号"):
        assert value not in out
    assert log["verification"]["ok"]


def test_penalty_keeps_the_party_and_strict_removes_more(screener) -> None:
    text = ("行政处罚决定书\n当事人：赵建军，男，身份证号码：" + ID_A + "，住址：甘肃省武威市凉州区东大街12号。\n"
            "证人：钱小红，电话13812345678，证实当事人销售过期食品。\n")
    penalty, _ = redact_text(text, "penalty", screener)
    assert "当事人：赵建军" in penalty and "钱某" in penalty and "钱小红" not in penalty
    assert ID_A not in penalty and "[身份证号]" in penalty
    strict, _ = redact_text(text, "strict", screener)
    assert "赵建军" not in strict and "赵某" in strict


def test_strict_tells_people_with_one_surname_apart(screener) -> None:
    text = "申请人：张伟，被申请人：张强。张伟称张强欠款未还。"
    out, _ = redact_text(text, "strict", screener)
    assert out == "申请人：张某甲，被申请人：张某乙。张某甲称张某乙欠款未还。"


def _f(et: str, text: str, start: int, sev: Severity = Severity.HIGH, **attrs: object) -> Finding:
    return Finding(et, start, start + len(text), text, 0.9, sev, "t", attributes=dict(attrs))


def test_plan_is_consistent_across_documents_and_propagates() -> None:
    t1 = "申请人王芳，电话13900001111。"
    t2 = "王芳再次来电（13900001111），王芳的邻居王丽作证。"
    plans = Planner(load_policy("strict")).plan([
        PlanInput("a", t1, [_f("PERSON", "王芳", 3), _f("PHONE_NUMBER", "13900001111", 8)]),
        # second document: the recognizer found only one mention of each
        PlanInput("b", t2, [_f("PERSON", "王芳", 0), _f("PERSON", "王丽", t2.index("王丽"))]),
    ])
    assert plans[0].apply() == "申请人王某甲，电话[电话号码]。"
    assert plans[1].apply() == "王某甲再次来电（[电话号码]），王某甲的邻居王某乙作证。"
    assert any(r.propagated for r in plans[1].replacements)


def test_an_officials_later_mentions_are_kept() -> None:
    # the person recognizer carries the role of the first mention to later ones
    text = "市长李明出席。李明指出，要做好救助工作。"
    plan = Planner(load_policy("publication")).plan([PlanInput("a", text, [
        _f("PERSON", "李明", 2, Severity.LOW, role="official"),
        _f("PERSON", "李明", 7, Severity.LOW, role="official")])])[0]
    assert plan.apply() == text


def test_same_name_official_and_private_are_decided_apart() -> None:
    # fail closed: a private person who shares an official's name is still de-identified
    text = "市长李明出席。低保户李明反映困难。"
    plan = Planner(load_policy("publication")).plan([PlanInput("a", text, [
        _f("PERSON", "李明", 2, Severity.LOW, role="official"), _f("PERSON", "李明", 10, role="private")])])[0]
    assert plan.apply() == "市长李明出席。低保户李某反映困难。"


def test_kept_value_shields_a_shorter_redacted_one() -> None:
    text = "副县长张伟华主持，村民张伟发言。"
    plan = Planner(load_policy("publication")).plan([PlanInput("a", text, [
        _f("PERSON", "张伟华", 3, Severity.LOW, role="official"), _f("PERSON", "张伟", 11)])])[0]
    assert plan.apply() == "副县长张伟华主持，村民张某发言。"


@pytest.mark.parametrize(
    ("encoding", "newline", "bom"),
    [("gb18030", "\r\n", b""), ("utf-8", "\n", codecs.BOM_UTF8), ("utf-16-le", "\r\n", codecs.BOM_UTF16_LE),
     ("utf-8", "\r", b"")],
)
def test_file_keeps_encoding_and_line_endings(screener, tmp_path: Path, encoding: str, newline: str,
                                              bom: bytes) -> None:
    src = tmp_path / "公示.txt"
    src.write_bytes(bom + draft().replace("\n", newline).encode(encoding))
    rep = redact_file(src, tmp_path / "out.txt", "publication", screener)
    data = (tmp_path / "out.txt").read_bytes()
    assert data.startswith(bom)
    text = data[len(bom):].decode(encoding)
    assert text.count(newline) == draft().count("\n")
    if newline == "\n":
        assert "\r" not in text
    for value in MUST_GO:
        assert value not in text
    assert rep.ok and rep.verification.ok


def test_dry_run_writes_nothing(screener, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(draft(), encoding="utf-8")
    rep = redact_file(src, tmp_path / "out.txt", "publication", screener, dry_run=True)
    assert rep.status == "dry-run" and rep.changes and rep.output is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_refuses_to_overwrite_an_input(screener, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(draft(), encoding="utf-8")
    before = src.read_bytes()
    with pytest.raises(RedactionError, match="refusing"):
        redact_file(src, src, "publication", screener)
    link = tmp_path / "link.txt"
    os.symlink(src, link)
    with pytest.raises(RedactionError, match="refusing"):
        redact_file(src, link, "publication", screener)
    assert src.read_bytes() == before


def test_out_directory_and_keep_originals(screener, tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(draft(), encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    originals = tmp_path / "originals.json"
    rep = redact_file(src, out_dir, "publication", screener, keep_originals=originals)
    assert rep.output == str(out_dir / "a.txt") and (out_dir / "a.txt").exists()
    blob = originals.read_text(encoding="utf-8")
    assert ID_A in blob and MOBILE in blob
    assert oct(originals.stat().st_mode & 0o777) == "0o600"
    assert ID_A not in repr(rep.to_dict())


def test_verification_failure_leaves_no_output(screener, tmp_path: Path, monkeypatch) -> None:
    import shutil

    import screening.redaction.writers.text as text_writer
    from screening.redaction.writers import WriteResult

    def lazy_writer(in_path, out_path, plan, policy):  # "cosmetic" redaction: copies the input
        shutil.copyfile(in_path, out_path)
        return WriteResult()

    monkeypatch.setattr(text_writer, "write", lazy_writer)
    src = tmp_path / "a.txt"
    src.write_text(draft(), encoding="utf-8")
    with pytest.raises(RedactionError, match="verification failed") as exc:
        redact_file(src, tmp_path / "out.txt", "publication", screener)
    residues = exc.value.report.verification.residues
    assert {r.check for r in residues} >= {"re-read", "re-scan", "part"}
    assert all(v not in str(r) for r in residues for v in MUST_GO)  # places named, values not
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no output, no temp file


def test_pseudonyms_need_a_key_and_are_stable(screener, tmp_path: Path) -> None:
    policy = {"name": "release", "extends": "publication", "default": "keep",
              "entities": {"CN_RESIDENT_ID": {"operator": "pseudonym"}}}
    with pytest.raises(RedactionError, match="key"):
        redact_text(draft(), policy, screener)
    a, _ = redact_text(draft(), policy, screener, key=b"unit-secret")
    b, _ = redact_text(draft(), policy, screener, key=b"unit-secret")
    c, _ = redact_text(draft(), policy, screener, key=b"other")
    assert a == b != c and ID_A not in a and "[身份证号-" in a


def test_batch_same_value_same_replacement(screener, tmp_path: Path) -> None:
    (tmp_path / "1.txt").write_text(f"申请人：孙丽华，身份证号码：{ID_B}。", encoding="utf-8")
    (tmp_path / "2.txt").write_text(f"经核实，孙丽华（公民身份号码{ID_B}）符合条件。", encoding="utf-8")
    reps = redact_files([(tmp_path / "1.txt", tmp_path / "o1.txt"), (tmp_path / "2.txt", tmp_path / "o2.txt")],
                        "strict", screener)
    assert all(r.ok for r in reps)
    o1, o2 = ((tmp_path / n).read_text(encoding="utf-8") for n in ("o1.txt", "o2.txt"))
    assert "孙某" in o1 and "孙某" in o2 and ID_B not in o1 + o2


def test_unreadable_input_is_reported_and_the_batch_goes_on(screener, tmp_path: Path) -> None:
    (tmp_path / "good.txt").write_text(draft(), encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    reps = redact_files([(tmp_path / "bad.txt", tmp_path / "o_bad.txt"), (tmp_path / "good.txt", tmp_path / "o.txt")],
                        "publication", screener)
    assert [r.status for r in reps] == ["error", "ok"]
    assert not (tmp_path / "o_bad.txt").exists()


def test_a_writer_crash_is_an_error_for_that_file_only(screener, tmp_path: Path, monkeypatch) -> None:
    import screening.redaction.writers.text as text_writer

    def broken(in_path, out_path, plan, policy):
        raise ValueError("parser surprise")

    (tmp_path / "a.txt").write_text(draft(), encoding="utf-8")
    monkeypatch.setattr(text_writer, "write", broken)
    rep = redact_files([(tmp_path / "a.txt", tmp_path / "o.txt")], "publication", screener)[0]
    assert rep.status == "error" and "writer failed (ValueError" in rep.error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_extend_adds_values_the_first_scan_missed() -> None:
    text = "联系电话：139 1234\n5678，备用 13912345678。"
    planner = Planner(load_policy("publication"))
    plan = planner.plan([PlanInput("a", text, [])])[0]
    assert plan.replacements == []
    # a re-scan of the output found the number (offsets are the output's: irrelevant here)
    late = _f("PHONE_NUMBER", "13912345678", 0)
    extended = planner.extend(plan, [late])
    assert extended is not None
    assert extended.apply() == "联系电话：139****5678，备用 139****5678。"
    assert planner.extend(extended, [late]) is None  # nothing left to place: a second pass cannot help
