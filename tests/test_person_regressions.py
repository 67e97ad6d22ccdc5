"""Misses of the blind corpora, pinned with invented text (pdfplumber's tests/test_issues.py shape)."""

from __future__ import annotations

import pytest

from screening import Screener

_S = Screener()


def _persons(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.severity.label) for f in _S.scan_text(text) if f.entity_type == "PERSON"]


@pytest.mark.parametrize(("text", "name"), [
    ("学生周明轩，就读某小学三年级；监护人（祖母）欧阳秀兰，联系电话13912345678。", "欧阳秀兰"),
    ("随迁子女登记：监护人（外祖父）韩德胜，现住某小区。", "韩德胜"),
    ("委托代理人（母亲）：陶玉梅", "陶玉梅"),
])
def test_session5_relation_in_brackets_between_cue_and_name(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize("text", [
    "监护人（母亲）签字确认后生效。",
    "请监护人（父亲或母亲）携带户口簿到校登记。",
])
def test_session5_hard_negative_relation_in_brackets_without_a_name(text: str) -> None:
    assert _persons(text) == []
