"""The sample drafts double as fixtures: what staff see in the README demo must stay right."""

from __future__ import annotations

import pytest

from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def scan(screener):
    from screening.results import scan_file

    def run(name: str):
        result = scan_file(SAMPLES / name, screener)
        assert result.status == "ok", result.error
        return result

    return run


def _flagged(result, entity_type=None):
    return {f.text for f in result.findings if f.is_flagged and entity_type in (None, f.entity_type)}


def test_penalty_decision(scan):
    r = scan("行政处罚决定书.txt")
    assert {"620602198503124513", "62062119920706082X"} <= _flagged(r, "CN_RESIDENT_ID")
    assert {"139 3521 6027", "18693520418"} <= _flagged(r, "PHONE_NUMBER")
    assert {"马国强", "刘秀英"} <= _flagged(r, "PERSON")
    flagged = _flagged(r)
    # hard negatives: document number, case number, 执法证号, 缴款码, amounts, the agency's hotline, officials
    for text in ("凉市监处罚〔2024〕58号", "620602202405118976", "62060210037", "6206021305024005871",
                 "0935-2212345", "12315", "王建华", "李雪", "91620602MA71XK3N2Q"):
        assert not any(text in f or f in text for f in flagged if len(f) > 1), (text, flagged)
    officials = {f.text: f for f in r.findings if f.entity_type == "PERSON" and f.attributes.get("role") == "official"}
    assert {"王建华", "李雪"} <= set(officials)
    assert r.flagged


def test_subsidy_list(scan):
    r = scan("低保公示.txt")
    assert {"张桂兰", "欧阳文博", "赵德明", "李小红", "古丽娜·艾买提"} <= _flagged(r, "PERSON")
    assert len(_flagged(r, "CN_RESIDENT_ID")) == 4  # the fifth ID is already masked
    assert {"6217002860001234565", "6228480753292611"} <= _flagged(r, "CN_BANK_CARD")
    assert any("西苑小区5号楼1单元202室" in a for a in _flagged(r, "CN_ADDRESS"))
    assert "13809352271" in _flagged(r, "PHONE_NUMBER")  # a contact person's own mobile
    assert "0935-2261234" not in _flagged(r)  # the street office's hotline
    assert "hpjd_mzb@liangzhou.gov.cn" not in _flagged(r)


def test_policy_text_that_only_discusses_secrecy_is_clean(scan):
    r = scan("保密审查工作方案.txt")
    assert not r.flagged, [(f.entity_type, f.text) for f in r.findings if f.is_flagged]


def test_internal_bulletin_is_blocked(scan):
    r = scan("内部情况通报（送审稿）.txt")
    assert r.blocked
    assert _flagged(r, "SECRECY_MARKING") == {"秘密★1年"}  # the 份号 line is not the marking
    assert "不予公开" in _flagged(r, "PUBLICATION_ATTRIBUTE")
    assert "送审稿" in _flagged(r, "PROCESS_DRAFT")
    assert any(f.text == "特急" and not f.is_flagged for f in r.findings)  # urgency: a low note
    assert {"杨春燕", "陈浩然"} <= _flagged(r, "PERSON")
    assert "刘海东" not in _flagged(r, "PERSON")  # an official acting in his role
    sensitive = " ".join(_flagged(r, "SENSITIVE_PERSONAL_INFO"))
    assert "细菌性痢疾" in sensitive and "9岁" in sensitive
