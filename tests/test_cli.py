"""The command line: exit codes, formats, errors per file, documentation of every command."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cli import main

VALID_ID = "11010519491231002X"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_version_and_help():
    r = run("--version")
    assert r.exit_code == 0 and "screening" in r.output
    r = run("-h")
    assert r.exit_code == 0 and "scan" in r.output
    r = run("scan", "-h")
    assert r.exit_code == 0 and "--format" in r.output and "--exclude-entities" in r.output


def test_clean_file_exits_0(tmp_path: Path):
    p = tmp_path / "clean.txt"
    p.write_text("关于做好2024年度防汛工作的通知\n武政办发〔2023〕51号\n各有关单位：请按要求做好准备。", encoding="utf-8")
    r = run("scan", str(p), "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["summary"]["gate"] == "pass"


def test_flagged_file_exits_1_and_json_contract(tmp_path: Path):
    p = tmp_path / "草稿.txt"
    p.write_text(f"当事人身份证号：{VALID_ID}", encoding="utf-8")
    r = run("scan", str(p), "--format", "json")
    assert r.exit_code == 1
    assert "\\u" not in r.output  # UTF-8, never \\uXXXX escapes
    data = json.loads(r.output)
    assert data["schema_version"] == 1
    doc = data["documents"][0]
    assert doc["status"] == "ok" and doc["error"] is None and len(doc["sha256"]) == 64
    f = doc["findings"][0]
    assert f["entity_type"] == "CN_RESIDENT_ID" and f["text"] == VALID_ID
    assert p.read_text(encoding="utf-8")[f["start"] : f["end"]] == VALID_ID


def test_gbk_file_is_decoded_and_encoding_reported(tmp_path: Path):
    p = tmp_path / "gbk.txt"
    p.write_bytes(f"公民身份号码：{VALID_ID}，特此公示。".encode("gbk"))
    before = p.read_bytes()
    r = run("scan", str(p), "--format", "json")
    doc = json.loads(r.output)["documents"][0]
    assert doc["encoding"] == "gb18030"
    f = doc["findings"][0]
    assert before.decode("gb18030")[f["start"] : f["end"]] == VALID_ID
    assert p.read_bytes() == before  # never modified


def test_bad_file_is_reported_and_batch_goes_on(tmp_path: Path):
    good = tmp_path / "a.txt"
    good.write_text(f"身份证号：{VALID_ID}", encoding="utf-8")
    binary = tmp_path / "b.txt"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    empty = tmp_path / "c.txt"
    empty.write_bytes(b"")
    r = CliRunner().invoke(main, ["scan", str(good), str(binary), str(empty), str(tmp_path / "missing.txt"),
                                  "--format", "json"])
    assert r.exit_code == 1
    data = json.loads(r.stdout)
    statuses = {Path(d["path"]).name: d["status"] for d in data["documents"]}
    assert statuses == {"a.txt": "ok", "b.txt": "error", "c.txt": "error", "missing.txt": "error"}
    errors = [d["error"] for d in data["documents"] if d["error"]]
    assert all(str(tmp_path) in e for e in errors)
    assert "binary" in errors[0] and "empty" in errors[1]


def test_nothing_readable_exits_2(tmp_path: Path):
    p = tmp_path / "x.txt"
    p.write_bytes(b"")
    assert CliRunner().invoke(main, ["scan", str(p)]).exit_code == 2


def test_usage_errors_exit_2(tmp_path: Path):
    r = CliRunner().invoke(main, ["scan", "--entities", "NOT_A_TYPE", "x.txt"])
    assert r.exit_code == 2 and "unknown entity type" in r.output
    assert CliRunner().invoke(main, ["scan"]).exit_code == 2


def test_jsonl_one_document_per_line(tmp_path: Path):
    for i in range(3):
        (tmp_path / f"{i}.txt").write_text(f"第{i}份 身份证号：{VALID_ID}", encoding="utf-8")
    r = run("scan", str(tmp_path), "--format", "jsonl")
    lines = [json.loads(x) for x in r.output.strip().splitlines()]
    assert len(lines) == 3 and all(x["schema_version"] == 1 and x["findings"] for x in lines)


def test_table_is_readable_and_uncoloured_when_not_a_tty(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(f"身份证号：{VALID_ID}", encoding="utf-8")
    r = run("scan", str(p))
    assert "身份证号" in r.output and "\x1b[" not in r.output and "不通过" in r.output
    r = run("scan", str(p), "--color")
    assert "\x1b[" in r.output


def test_entity_filter_options(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(f"身份证号：{VALID_ID}，另 110105********002X", encoding="utf-8")
    r = run("scan", str(p), "--format", "json", "--exclude-entities", "CN_RESIDENT_ID")
    types = {f["entity_type"] for f in json.loads(r.output)["documents"][0]["findings"]}
    assert "CN_RESIDENT_ID" not in types and "CN_RESIDENT_ID_MASKED" in types
    assert r.exit_code == 0  # a masked ID is low severity: informational only


def test_every_command_is_documented_in_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"screening {name}" in readme, name
    for opt in ("--format", "--entities", "--exclude-entities", "--min-score"):
        assert opt in readme


def test_samples_demo_runs():
    root = Path(__file__).resolve().parents[1]
    r = run("scan", str(root / "samples" / "行政处罚决定书.txt"), "--format", "json")
    assert r.exit_code == 1
    r = run("scan", str(root / "samples" / "保密审查工作方案.txt"), "--format", "json")
    doc = json.loads(r.output)["documents"][0]
    assert not [f for f in doc["findings"] if f["severity"] in ("blocking", "high", "medium")], doc["findings"]


def test_allowlist_drops_findings_of_every_recognizer(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(f"经营者：马国强，公民身份号码：{VALID_ID}。", encoding="utf-8")
    allow = tmp_path / "allow.txt"
    allow.write_text("马国强\n", encoding="utf-8")
    r = run("scan", str(p), "--format", "json")
    assert "马国强" in {f["text"] for f in json.loads(r.output)["documents"][0]["findings"]}
    r = run("scan", str(p), "--format", "json", "--allowlist", str(allow))
    texts = {f["text"] for f in json.loads(r.output)["documents"][0]["findings"]}
    assert "马国强" not in texts and VALID_ID in texts


def test_publication_attribute_is_reported_per_document(tmp_path: Path):
    a = tmp_path / "a.txt"
    a.write_text("关于印发某某办法的通知\n\n各单位：现印发给你们。\n\n公开属性：依申请公开\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_text("关于印发某某办法的通知\n\n各单位：现印发给你们。\n", encoding="utf-8")
    docs = json.loads(run("scan", str(a), str(b), "--format", "json").output)["documents"]
    assert [d["publication_attribute"] for d in docs] == ["依申请公开", None]


def test_directory_walk_with_include_exclude_and_xlsx_column_counts(tmp_path: Path):
    import shutil

    root = Path(__file__).resolve().parents[1] / "samples"
    d = tmp_path / "公开附件"
    (d / "sub").mkdir(parents=True)
    shutil.copy(root / "低保公示.xlsx", d / "sub" / "名单.xlsx")
    shutil.copy(root / "行政处罚决定书.txt", d / "决定书.txt")
    r = run("scan", str(d), "--include", "*.xlsx", "--format", "json")
    docs = json.loads(r.output)["documents"]
    assert [Path(x["path"]).name for x in docs] == ["名单.xlsx"]
    cols = {(c["column"], c["entity_type"]): c for c in docs[0]["columns"]}
    assert cols[("C", "CN_RESIDENT_ID")]["header"] == "身份证号" and cols[("C", "CN_RESIDENT_ID")]["count"] >= 3
    r = run("scan", str(d), "--exclude", "*.xlsx", "--format", "json")
    assert [Path(x["path"]).name for x in json.loads(r.output)["documents"]] == ["决定书.txt"]
    table = run("scan", str(d), "--include", "*.xlsx").output
    assert "列 C（低保名单）身份证号" in table


def test_reader_limits_are_options(tmp_path: Path):
    root = Path(__file__).resolve().parents[1] / "samples"
    r = CliRunner().invoke(main, ["scan", str(root / "低保公示.xlsx"), "--max-parts", "2", "--format", "json"])
    assert r.exit_code == 2  # the only input could not be read
    doc = json.loads(r.stdout)["documents"][0]
    assert doc["status"] == "error" and "低保公示.xlsx" in doc["error"]
