"""PERSON findings explain their score as named features (``Finding.explanation_items``).

Invented sentences and fictional names only.
"""

from __future__ import annotations

import pytest

from screening import Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


def _person(screener: Screener, text: str, name: str):
    found = [f for f in screener.scan_text(text) if f.entity_type == "PERSON" and f.text == name]
    assert found, f"{name} not found in {text!r}"
    return found[0]


def _items(f) -> dict[str, dict]:
    return {i["feature"]: i for i in f.explanation_items}


def test_trigger_word_is_a_cue_before_with_the_word_and_the_score(screener: Screener) -> None:
    f = _person(screener, "经审查，申请人杜明远提交的材料齐全。", "杜明远")
    items = _items(f)
    assert items["cue_before"]["value"] == "申请人"
    assert items["cue_before"]["weight"] == pytest.approx(f.score)
    assert items["surname_prior"]["value"].startswith("杜(")
    assert items["given_name"]["value"].startswith("明远(")
    assert f.explanation  # the human string stays


def test_column_header_is_a_feature(screener: Screener) -> None:
    text = "序号\t姓名\t金额\n1\t黄秋燕\t300\n2\t林志海\t450\n3\t苏晓宁\t200\n"
    items = _items(_person(screener, text, "林志海"))
    assert items["column_header"]["value"] == "姓名"


def test_speech_verb_after_is_a_cue_after(screener: Screener) -> None:
    items = _items(_person(screener, "座谈会上，居民代表韩立秋表示支持。", "韩立秋"))
    assert {"cue_before", "cue_after"} & set(items)


def test_uncued_name_sums_its_statistics_to_the_score(screener: Screener) -> None:
    """A name found by statistics alone: the features are the score's parts and add up to it."""
    f = _person(screener, "二〇二五年春，谢文斌在村口种下一棵银杏。", "谢文斌")
    items = _items(f)
    assert {"base", "surname_prior", "given_name", "cue_before", "cue_after"} <= set(items)
    assert sum(i["weight"] for i in f.explanation_items) == pytest.approx(f.score, abs=0.002)


def test_official_role_cue_is_recorded(screener: Screener) -> None:
    f = _person(screener, "会议由副区长孔德平主持。孔德平强调要抓好落实。", "孔德平")
    assert f.attributes["role"] == "official"
    assert any(i["feature"] in ("cue_before", "role_cue") for i in f.explanation_items)


def test_a_later_mention_is_a_mention_feature(screener: Screener) -> None:
    text = "申请人邵雨桐于3月提出申请。\n经核实，邵雨桐符合条件。"
    later = [f for f in screener.scan_text(text) if f.text == "邵雨桐"][-1]
    assert _items(later)["mention"]["weight"] == pytest.approx(later.score)


def test_genre_rule_is_a_feature() -> None:
    """A genre that publishes persons by rule (a candidates list) records it as a ``genre_rule`` item."""
    text = "某某县第五届人民代表大会代表候选人名单\n（按姓氏笔画为序）\n郑远航　钱书宁　孙嘉禾\n"
    persons = [f for f in Screener().scan_text(text) if f.entity_type == "PERSON"]
    assert persons
    for f in persons:
        assert f.attributes["role"] == "public_by_rule"
        assert {"feature": "genre_rule", "value": "candidates:public_by_rule", "weight": 0.0} in f.explanation_items
        assert any(i["feature"] == "base" or i["feature"].startswith("cue") for i in f.explanation_items)
