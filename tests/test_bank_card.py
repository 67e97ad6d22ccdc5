"""CN_BANK_CARD: Luhn, grouping, card vs non-card labels, organisation accounts, IDs never cards."""

from __future__ import annotations

import pytest

from recognizers.bank_card import CnBankCardRecognizer
from recognizers.cn_resident_id import CnResidentIdRecognizer
from screening import Severity
from tests.identifier_helpers import bad_luhn, found, group4, make_card, make_id, screener_with

CARD19 = make_card("6222", 19)
CARD16 = make_card("6214", 16)
VISA16 = make_card("4367", 16)
OTHER19 = make_card("1502", 19)  # Luhn-valid but no card prefix


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnBankCardRecognizer(), CnResidentIdRecognizer())


@pytest.mark.parametrize(
    ("text", "number", "severity", "lo", "hi"),
    [
        (f"银行卡号：{CARD19}。", CARD19, Severity.HIGH, 0.9, 1.0),
        (f"补贴发放至其社保卡{CARD16}", CARD16, Severity.HIGH, 0.9, 1.0),
        (f"开户行：中国农业银行某某支行，账号：{group4(CARD19)}", group4(CARD19), Severity.HIGH, 0.9, 1.0),
        (f"“一卡通”账号 {group4(CARD16, '-')}", group4(CARD16, "-"), Severity.HIGH, 0.9, 1.0),
        (f"卡号{CARD19[:6]} {CARD19[6:]}", f"{CARD19[:6]} {CARD19[6:]}", Severity.HIGH, 0.9, 1.0),
        (f"银行卡号：{CARD19[:10]}\n{CARD19[10:]}", f"{CARD19[:10]}\n{CARD19[10:]}", Severity.HIGH, 0.9, 1.0),
        (f"信用卡{VISA16}", VISA16, Severity.HIGH, 0.9, 1.0),
        (f"卡号：{OTHER19}", OTHER19, Severity.HIGH, 0.9, 1.0),
        # no context: a UnionPay number is still reported, weaker; other networks need review
        (f"张某某　{CARD19}　已领取", CARD19, Severity.HIGH, 0.5, 0.7),
        (f"张某某　{VISA16}　已领取", VISA16, Severity.MEDIUM, 0.3, 0.5),
        # an organisation's account that happens to pass Luhn is low
        (f"征地补偿专户账号：{CARD19}", CARD19, Severity.LOW, 0.5, 0.7),
        (f"或汇入虚拟子账号{CARD19}", CARD19, Severity.LOW, 0.5, 0.7),
    ],
)
def test_card_positives(scr, text, number, severity, lo, hi):
    fs = found(scr, text, "CN_BANK_CARD")
    assert [f.text for f in fs] == [number]
    assert fs[0].severity == severity
    assert lo <= fs[0].score <= hi
    assert fs[0].attributes["checksum_ok"] is True
    assert fs[0].attributes["length"] == len(number.replace(" ", "").replace("-", "").replace("\n", ""))


def test_table_column_header_is_card_context(scr):
    text = (
        "序号\t户主\t补偿金额（元）\t收款账号\t补偿协议编号\n"
        f"1\t张某\t48,326.00\t{CARD19}\t{make_card('3401', 19, '0720240915001')}\n"
        f"2\t李某\t21,940.50\t{CARD16}\t{make_card('3401', 19, '0420241103002')}\n"
    )
    fs = found(scr, text, "CN_BANK_CARD")
    assert [f.text for f in fs] == [CARD19, CARD16]  # the 协议编号 column is dropped even when Luhn passes
    assert all(f.score >= 0.9 for f in fs)


def test_card_at_row_end_followed_by_next_row_number(scr):
    text = f"序号\t姓名\t账号\n1\t张某\t{group4(CARD16)}\n2\t李某\t{CARD19}\n"
    assert [f.text for f in found(scr, text, "CN_BANK_CARD")] == [group4(CARD16), CARD19]


@pytest.mark.parametrize(
    "text",
    [
        f"银行卡号：{bad_luhn(CARD19)}",  # Luhn fails
        f"持缴款码{make_card('9577', 16)}至代收银行缴纳",  # Luhn passes but labelled as a payment code
        f"缴款识别码：{make_card('6217', 16)}",
        f"指标文号{make_card('4501', 16)}",
        f"预算项目编码{make_card('4000', 19)}",
        f"网签备案号{make_card('3502', 19)}",
        f"保单号{make_card('9001', 19)}",
        f"虚拟子账号{bad_luhn(make_card('6230', 19))}",
        f"基本账户账号：{bad_luhn(make_card('2110', 17))}",
        "对公账户：42010738150200001296",  # 20 digits
        f"张某某　{OTHER19}　已领取",  # no context, no card prefix
        f"编号{make_card('5115', 18)}",
        f"账号4201 0738 1502 0000 {CARD16[:4]}",  # inside a longer grouped number
        "金额：12,345,678.90元，2024年5月6日，武政办发〔2023〕51号",
        "1234567890123456789012345",
    ],
)
def test_card_hard_negatives(scr, text):
    assert found(scr, text, "CN_BANK_CARD") == []


def test_resident_id_is_never_a_card(scr):
    pid = make_id("430102", "19800101", "001")
    fs = scr.scan_text(f"账号：{pid}")
    assert [f.entity_type for f in fs] == ["CN_RESIDENT_ID"]
    assert CnBankCardRecognizer().analyze(f"银行卡号：{pid}", ["CN_BANK_CARD"]) == []


def test_luhn_valid_18_digits_without_context_are_dropped(scr):
    number = make_card("6222", 18)
    assert found(scr, f"张某　{number}", "CN_BANK_CARD") == []
    assert [f.text for f in found(scr, f"卡号{number}", "CN_BANK_CARD")] == [number]


def test_luhn_agrees_with_python_stdnum():
    """luhn_ok reads digit strings in base 11 (11 = 1 mod 10); it must agree with stdnum's Luhn."""
    import random

    from stdnum import luhn

    from recognizers.bank_card import luhn_ok

    rnd = random.Random(7)
    for _ in range(5000):
        digits = "".join(rnd.choice("0123456789") for _ in range(rnd.randint(1, 22)))
        assert luhn_ok(digits) == luhn.is_valid(digits), digits
    assert luhn_ok(CARD19) and not luhn_ok(bad_luhn(CARD19))


def test_card_fast_branches_find_what_the_general_pattern_finds():
    """_CARD tries a run of digits first; on any text it must match exactly as the general
    pattern (groups, line breaks) alone does -- e.g. ``<16 digits> 12`` stays one match."""
    import random
    import re

    from recognizers.bank_card import _CARD, _SEP

    general = re.compile(rf"[1-9](?<![0-9A-Za-z*][1-9])(?:{_SEP}[0-9]){{15,18}}(?![0-9A-Za-z*])")
    rnd = random.Random(8)
    matched = 0
    texts = [f"{CARD16} 12", f"{CARD16}\n1\n", f"{CARD19}\n2\n", f"{CARD16}\r\n  34。"]
    texts += [_digit_runs(rnd) for _ in range(3000)]
    for text in texts:
        expected = [m.span() for m in general.finditer(text)]
        assert [m.span() for m in _CARD.finditer(text)] == expected, repr(text)
        matched += len(expected)
    assert matched > 500


def _digit_runs(rnd) -> str:
    """Digit runs of random lengths (1-20) joined by separators, line breaks, letters, ``*``."""
    joins = [" ", "-", "\n", "\r\n", "\n  ", " \n", "X", "x", "a", "*", "号", "\t", ""]
    return "".join(f"{rnd.randrange(10**20):020d}"[: rnd.randint(1, 20)] + rnd.choice(joins) for _ in range(6))


@pytest.mark.parametrize("label", ["发票号码：", "运单号：", "快递单号", "交易号：", "票据号："])
def test_luhn_valid_number_after_a_document_number_label_is_no_card(scr, label):
    card = make_card("6222", 19)
    assert found(scr, f"{label}{card}。", "CN_BANK_CARD") == []


def test_card_word_nearer_than_an_invoice_word_keeps_the_card(scr):
    card = make_card("6222", 19)
    [c] = found(scr, f"报销发票已审核，收款人银行卡号：{card}。", "CN_BANK_CARD")
    assert c.severity is Severity.HIGH
