"""Custom word lists: formats, errors with file and line, allowlist, insensitive matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from recognizers import recognizer_classes
from recognizers.custom_terms import Allowlist, CustomTermRecognizer, load_wordlist_recognizer
from screening import Finding, Screener, Severity, WordListError
from screening.wordlists import builtin_wordlists, load_allowlist, load_wordlist


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def test_txt_one_term_per_line(tmp_path):
    p = _write(tmp_path, "内部代号.txt", "# 注释\n\n长风工程\n  ＢＬ－２０２４  \n长风工程\n")
    terms = load_wordlist(p)
    assert [(t.term, t.key, t.category, t.severity) for t in terms] == [
        ("长风工程", "长风工程", "内部代号", Severity.MEDIUM),
        ("ＢＬ－２０２４", "bl-2024", "内部代号", Severity.MEDIUM),
    ]
    assert terms[0].source.endswith("内部代号.txt:3")


def test_csv_with_category_and_severity_and_gbk(tmp_path):
    text = "term,category,severity\n青龙计划,内部代号,high\n城东片区拆迁底数,涉密事项,blocking\n临时词,,\n"
    p = _write(tmp_path, "list.csv", text, encoding="gb18030")
    got = [(t.term, t.category, t.severity.label) for t in load_wordlist(p)]
    assert got == [("青龙计划", "内部代号", "high"), ("城东片区拆迁底数", "涉密事项", "blocking"), ("临时词", "list", "medium")]


def test_csv_chinese_headers(tmp_path):
    p = _write(tmp_path, "l.csv", "词条,类别,级别\n金盾二期,项目代号,low\n")
    assert [(t.term, t.category, t.severity.label) for t in load_wordlist(p)] == [("金盾二期", "项目代号", "low")]


@pytest.mark.parametrize(
    "text",
    [
        "- 长风工程\n- term: 青龙计划\n  category: 内部代号\n  severity: high\n",
        "category: 内部代号\nseverity: high\nterms:\n  - 青龙计划\n  - term: 长风工程\n    severity: medium\n",
    ],
)
def test_yaml_forms(tmp_path, text):
    terms = {t.term: t for t in load_wordlist(_write(tmp_path, "l.yaml", text))}
    assert terms["青龙计划"].severity is Severity.HIGH and terms["青龙计划"].category == "内部代号"
    assert terms["长风工程"].severity is Severity.MEDIUM


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("bad.csv", "term,severity\n青龙计划,high\n长风工程,urgent\n", "line 3"),
        ("bad.csv", "word_x,level\n青龙计划,high\n", "no 'term' column"),
        ("bad.csv", "term,category\n,内部代号\n", "line 2: empty term"),
        ("bad.yaml", "- 青龙计划\n- category: 内部代号\n", "line 2"),
        ("bad.yaml", "terms: [青龙计划\n", "invalid YAML"),
        ("bad.yaml", "- 青龙计划\n- [1, 2]\n", "line 2"),
        ("bad.txt", "青龙计划\t内部代号\n", "line 1: a tab"),
        ("empty.txt", "# only a comment\n", "no terms"),
        ("list.docx", "x", "unknown word-list format"),
    ],
)
def test_bad_input_names_file_and_line(tmp_path, name, text, message):
    p = _write(tmp_path, name, text)
    with pytest.raises(WordListError) as err:
        load_wordlist(p)
    assert message in str(err.value) and str(p) in str(err.value)


def test_missing_file_and_unknown_builtin(tmp_path):
    with pytest.raises(WordListError, match="cannot read"):
        load_wordlist(tmp_path / "nope.txt")
    with pytest.raises(WordListError, match="no built-in word list"):
        load_wordlist("builtin:nope")


def test_builtin_lists_load_and_cite_sources():
    assert {"secrecy_terms", "process_terms"} <= set(builtin_wordlists())
    for name in builtin_wordlists():
        assert load_wordlist(f"builtin:{name}")
    readme = (Path(__file__).resolve().parents[1] / "screening" / "data" / "wordlists" / "README.md").read_text("utf-8")
    assert all(f"{name}.txt" in readme for name in builtin_wordlists())


def test_not_enabled_by_default():
    assert CustomTermRecognizer not in recognizer_classes()


@pytest.fixture(scope="module")
def wordlist_screener(tmp_path_factory):
    d = tmp_path_factory.mktemp("wl")
    words = _write(d, "w.csv", "term,category,severity\n长风工程,内部代号,high\nXJ-7,型号,medium\nabc,测试,low\n")
    allow = _write(d, "allow.txt", "长风工程指挥部\n")
    rec = load_wordlist_recognizer([words], [allow])
    return Screener(recognizers=[rec], fingerprint_key="k")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("长风工程进展顺利。", [("长风工程", "high")]),
        ("型号ｘｊ－７已定型。", [("ｘｊ－７", "medium")]),  # width- and case-insensitive, original text reported
        ("型号Xj-7与XJ-70不同。", [("Xj-7", "medium")]),  # no match glued to more Latin/digits
        ("ABC与abcd。", [("ABC", "low")]),
        ("长风工程指挥部发布通知。", []),  # allowlisted
        ("长风\u200b工程", [("长风\u200b工程", "high")]),  # zero-width character inside
    ],
)
def test_matching(wordlist_screener, text, expected):
    found = [(f.text, f.severity.label) for f in wordlist_screener.scan_text(text) if f.entity_type == "CUSTOM_TERM"]
    assert found == expected


def test_allowlist_filters_other_findings():
    allow = Allowlist(["王建国"])
    text = "区长王建国出席，市民王建国反映问题；王建国同志。"
    f1 = Finding("PERSON", 2, 5, "王建国", 0.9, Severity.HIGH, "r")
    f2 = Finding("PERSON", 10, 13, "王建国", 0.9, Severity.HIGH, "r")
    f3 = Finding("PERSON", 0, 2, "区长", 0.9, Severity.HIGH, "r")
    assert allow.filter_findings([f1, f2, f3], text) == [f3]


def test_load_allowlist_keys(tmp_path):
    p = _write(tmp_path, "a.txt", "ＡＢＣ公司\n")
    assert load_allowlist([p]) == frozenset({"abc公司"})
