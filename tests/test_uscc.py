"""CN_USCC: GB 32100 check (python-stdnum), low severity, and never lost to a resident-ID reading."""

from __future__ import annotations

import pytest

from recognizers.cn_resident_id import CnResidentIdRecognizer
from recognizers.cn_resident_id import is_valid as is_resident_id
from recognizers.uscc import CnUsccRecognizer
from screening import Severity
from tests.identifier_helpers import found, make_id, make_uscc, screener_with

USCC = make_uscc("91620100MA71A2B3C")
USCC2 = make_uscc("52620100MJ123456A")


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnUsccRecognizer(), CnResidentIdRecognizer())


def _id_and_uscc() -> str:
    """An 18-digit number valid both as a resident ID and as a USCC (about 1 in 31 IDs)."""
    for seq in range(1000):
        pid = make_id("130102", "19850317", f"{seq:03d}")
        if pid[-1] != "X" and make_uscc(pid[:17]) == pid:
            return pid
    raise AssertionError("no number valid as both")


@pytest.mark.parametrize(
    ("text", "code", "lo", "hi"),
    [
        (f"统一社会信用代码：{USCC}", USCC, 0.99, 1.0),
        (f"某某商贸有限公司（{USCC2}）", USCC2, 0.9, 0.96),
        (f"纳税人识别号{USCC.lower()}".upper(), USCC, 0.99, 1.0),
    ],
)
def test_uscc_positives(scr, text, code, lo, hi):
    fs = found(scr, text, "CN_USCC")
    assert [f.text for f in fs] == [code]
    assert fs[0].severity == Severity.LOW
    assert fs[0].attributes["checksum_ok"] is True
    assert fs[0].attributes["region"] == code[2:8]
    assert lo <= fs[0].score <= hi


@pytest.mark.parametrize(
    "text",
    [
        f"统一社会信用代码：{USCC[:-1]}{'0' if USCC[-1] != '0' else '1'}",  # wrong check character
        f"统一社会信用代码：A{USCC[1:]}",  # authority must be a digit for the check
        f"统一社会信用代码：{USCC}9",  # 19 characters
        "统一社会信用代码：91620100MA71A2B3O",  # O is not in the alphabet
        "武政办发〔2023〕51号",
    ],
)
def test_uscc_hard_negatives(scr, text):
    assert found(scr, text, "CN_USCC") == []


def test_all_digit_code_needs_context():
    both = _id_and_uscc()
    rec = CnUsccRecognizer()
    assert rec.analyze(f"案件编号：{both}", ["CN_USCC"]) == []
    assert len(rec.analyze(f"统一社会信用代码：{both}", ["CN_USCC"])) == 1


def test_uscc_context_beats_an_id_reading_and_id_context_beats_uscc(scr):
    both = _id_and_uscc()
    assert is_resident_id(both)
    assert [f.entity_type for f in scr.scan_text(f"统一社会信用代码：{both}")] == ["CN_USCC"]
    assert [f.entity_type for f in scr.scan_text(f"身份证号码：{both}")] == ["CN_RESIDENT_ID"]


def test_check_agrees_with_python_stdnum():
    """_check_ok reads the code in base 34 (34 = 3 mod 31); it must agree with stdnum's cn.uscc."""
    import random

    from stdnum.cn import uscc

    from recognizers.uscc import _ALPHABET, _USCC, _check_ok

    rnd = random.Random(9)
    valid = 0
    for _ in range(5000):
        body = f"{rnd.randrange(10**8):08d}" + "".join(rnd.choice(_ALPHABET) for _ in range(9))
        code = body + (uscc.calc_check_digit(body) if rnd.random() < 0.3 else rnd.choice(_ALPHABET))
        assert _USCC.fullmatch(code)
        assert _check_ok(code) == uscc.is_valid(code), code
        valid += _check_ok(code)
    assert valid > 1000
