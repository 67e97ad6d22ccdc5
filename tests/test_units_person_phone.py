"""PERSON and PHONE ask ``ScanContext.unit()`` for "the same row / sentence / line" (invented text)."""

from __future__ import annotations

from recognizers.cn_resident_id import calc_check_char, is_valid
from recognizers.phone import CnPhoneRecognizer
from screening.scan_context import ScanContext


def _landline(text: str):
    ctx = ScanContext.for_text(text)
    found = [c for c in CnPhoneRecognizer().find(ctx.text, ctx) if c.attributes["kind"] == "landline"]
    assert len(found) == 1, found
    return found[0]


def test_a_private_person_earlier_in_the_sentence_makes_a_landline_maybe_private() -> None:
    assert _landline("申请人范晓东的联系电话为0571-87936024。").severity.label == "medium"


def test_the_sentence_ends_the_person_unit() -> None:
    """The role word stands in the sentence before: the number is the office's."""
    assert _landline("申请人范晓东已提交材料。受理窗口电话0571-87936024。").severity.label == "low"


def test_an_id_number_in_the_same_table_row_makes_the_landline_private() -> None:
    fictional_id = "11010119900307123" + calc_check_char("11010119900307123")
    assert is_valid(fictional_id)
    text = f"姓名\t身份证号\t电话\n范晓东\t{fictional_id}\t0571-87936024\n"
    assert _landline(text).severity.label == "high"


def test_a_bio_line_of_an_official_is_official() -> None:
    """The biography line (a unit's line) decides the role of the name that opens it."""
    from screening import Screener

    text = "拟任职人员基本情况\n邱海川，男，1979年3月生，现任某县交通运输局副局长。\n"
    persons = [f for f in Screener().scan_text(text) if f.entity_type == "PERSON"]
    assert [(f.text, f.attributes["role"]) for f in persons] == [("邱海川", "official")]
