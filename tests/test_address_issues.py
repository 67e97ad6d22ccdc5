"""Regression tests for ADDRESS behaviour changed on purpose while the recognizer became data + one chain
matcher (issue 13; pdfplumber's tests/test_issues.py shape). Invented text only."""

from __future__ import annotations

import pytest

from screening import Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(entities=["CN_ADDRESS", "LOCATION"])


def _places(screener: Screener, text: str) -> list[str]:
    return [f.text for f in screener.scan_text(text) if f.entity_type == "LOCATION"]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # issue 13: 地处/地址 are lead words before a road name everywhere (one address_lead cue kind), so a
        # bare road name no longer swallows them (was 地处北长街)
        ("该中心地处北长街，交通便利。", "北长街"),
        ("联系地址松柏路", "松柏路"),
    ],
)
def test_lead_words_stay_outside_a_road_name(screener: Screener, text: str, place: str) -> None:
    got = _places(screener, text)
    assert place in got, got
    assert not any(p.startswith(("地处", "地址")) for p in got), got


def test_a_road_name_that_is_no_lead_word_keeps_its_first_characters(screener: Screener) -> None:
    # hard negative: 地坛 is no lead word, the road keeps it
    assert "地坛东路" in _places(screener, "会场在地坛东路，请准时到达。")
