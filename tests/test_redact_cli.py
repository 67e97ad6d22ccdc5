"""`screening redact`: outputs, dry run, safety refusals, logs, keys and exit statuses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_redaction_helpers import ID_A, MOBILE, MUST_GO, draft

from cli import main


@pytest.fixture(scope="module", autouse=True)
def _shared_screener(screener):
    """Reuse the session screener: building one per CLI call would make these tests slow."""
    import cli

    original = cli.build_screener
    cli.build_screener = lambda *a, **k: screener
    yield
    cli.build_screener = original


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "drafts"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(draft(), encoding="utf-8")
    (d / "sub" / "b.txt").write_text(f"申请人：周建平，电话{MOBILE}。", encoding="utf-8")
    return d


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_single_file_to_file(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub.txt"
    r = run("redact", str(inputs / "a.txt"), "--out", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert all(v not in text for v in MUST_GO)
    assert "通过 ok" in r.output and "1/1 documents redacted and verified" in r.output


def test_directory_is_mirrored_and_json_log_has_no_originals(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    log = tmp_path / "log.json"
    r = run("redact", str(inputs), "--out", str(out), "--format", "json", "--log", str(log))
    assert r.exit_code == 0, r.output
    assert (out / "a.txt").exists() and (out / "sub" / "b.txt").exists()
    data = json.loads(r.output)
    assert data["summary"]["ok"] == 2 and json.loads(log.read_text(encoding="utf-8")) == data
    assert all(v not in r.output for v in [*MUST_GO, "周建平"])


def test_dry_run_writes_nothing(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "pub"
    r = run("redact", str(inputs), "--out", str(out), "--dry-run", "--format", "jsonl")
    assert r.exit_code == 0
    assert not out.exists()
    lines = [json.loads(line) for line in r.output.splitlines()]
    assert [d["status"] for d in lines] == ["dry-run", "dry-run"] and lines[0]["changes"]


def test_refusals_and_usage_errors(inputs: Path, tmp_path: Path) -> None:
    src = inputs / "a.txt"
    before = src.read_bytes()
    assert run("redact", str(src), "--out", str(src)).exit_code == 2
    assert run("redact", str(src), "--out", str(inputs)).exit_code == 2  # same name in the same folder
    assert src.read_bytes() == before
    r = run("redact", str(src), "--out", str(tmp_path / "x.txt"), "--policy", "pubication")
    assert r.exit_code == 2 and "no such policy" in r.output
    assert run("redact", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "o")).exit_code == 2
    assert run("redact", str(src), "--out", str(tmp_path / "o.txt"), "--key", "a", "--key-file",
               str(src)).exit_code == 2


def test_policy_file_and_pseudonym_key(inputs: Path, tmp_path: Path) -> None:
    policy = tmp_path / "release.yaml"
    policy.write_text("name: release\nextends: publication\nentities:\n  CN_RESIDENT_ID: pseudonym\n",
                      encoding="utf-8")
    src = inputs / "a.txt"
    r = run("redact", str(src), "--out", str(tmp_path / "o.txt"), "--policy", str(policy))
    assert r.exit_code == 2 and "key" in r.output  # a pseudonym needs a key
    key = tmp_path / "key"
    key.write_text("s3cret\n", encoding="utf-8")
    outs = []
    for name in ("o1.txt", "o2.txt"):
        r = run("redact", str(src), "--out", str(tmp_path / name), "--policy", str(policy), "--key-file", str(key))
        assert r.exit_code == 0, r.output
        outs.append((tmp_path / name).read_text(encoding="utf-8"))
    assert outs[0] == outs[1] and ID_A not in outs[0] and "[身份证号-" in outs[0]


def test_keep_originals(inputs: Path, tmp_path: Path) -> None:
    orig = tmp_path / "originals.json"
    r = run("redact", str(inputs / "a.txt"), "--out", str(tmp_path / "o.txt"), "--keep-originals", str(orig),
            "--format", "json")
    assert r.exit_code == 0
    assert ID_A in orig.read_text(encoding="utf-8") and ID_A not in r.output


def test_verification_failure_exits_1(inputs: Path, tmp_path: Path, monkeypatch) -> None:
    import shutil

    import screening.redaction.writers.text as text_writer
    from screening.redaction.writers import WriteResult

    def cosmetic(in_path, out_path, plan, policy):
        shutil.copyfile(in_path, out_path)
        return WriteResult()

    monkeypatch.setattr(text_writer, "write", cosmetic)
    out = tmp_path / "o.txt"
    r = run("redact", str(inputs / "a.txt"), "--out", str(out))
    assert r.exit_code == 1
    assert "verification failed" in r.output and not out.exists()
    assert all(v not in r.output for v in MUST_GO)


def test_output_folder_inside_the_input_folder_is_not_re_read(inputs: Path) -> None:
    out = inputs / "公开版"
    assert run("redact", str(inputs), "--out", str(out)).exit_code == 0
    r = run("redact", str(inputs), "--out", str(out), "--format", "json")  # a second run
    assert r.exit_code == 0
    assert sorted(d["input"].rsplit("/", 1)[-1] for d in json.loads(r.output)["documents"]) == ["a.txt", "b.txt"]
    assert not (out / "公开版").exists()


def test_out_with_a_trailing_slash_is_a_folder(inputs: Path, tmp_path: Path) -> None:
    r = run("redact", str(inputs / "a.txt"), "--out", f"{tmp_path}/new/")
    assert r.exit_code == 0 and (tmp_path / "new" / "a.txt").is_file()


def test_a_name_kept_as_an_official_elsewhere_is_still_redacted_for_a_private_person(tmp_path: Path) -> None:
    # Regression: decisions were grouped by value alone, so "王志强" kept as an official in one
    # document (or paragraph) left the private "王志强" of a subsidy list unredacted.
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("执法人员王志强、李雪依法进行检查。\n", encoding="utf-8")
    (d / "b.txt").write_text("序号\t户主姓名\t家庭住址\n1\t王志强\t凉州区和平街道东关路18号2单元301室\n", encoding="utf-8")
    (d / "c.txt").write_text("本局办公地址：凉州区和平街道东关路18号2单元301室。\n", encoding="utf-8")
    r = run("redact", str(d), "--out", str(tmp_path / "out"))
    assert r.exit_code == 0, r.output
    assert "王志强" in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")  # the official is kept
    b = (tmp_path / "out" / "b.txt").read_text(encoding="utf-8")
    assert "王志强" not in b and "王某某" in b
    assert "东关路18号" not in b  # the most severe reading of the address (a home) decides everywhere


def test_a_blocking_mark_makes_redact_exit_1(tmp_path: Path) -> None:
    p = tmp_path / "内部.txt"
    p.write_text("秘密★1年\n\n关于某事项的通报\n\n当事人张建国，手机13912345678。\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["redact", str(p), "--out", str(tmp_path / "out.txt")])
    assert r.exit_code == 1
    assert "禁止发布" in r.output
    out = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "13912345678" not in out  # the personal information is still removed
