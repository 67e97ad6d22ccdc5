"""Cue rows added for officials named by their unit or post (issue 14): ``市政务办X`` / ``分管副校长X``.

The rows live in ``recognizers/data/cues.tsv`` (unit_end: 政务办, 信访办, 保密办, 网信办, 政府办, 县委办 …;
official_title before: 副校长). Every text here is invented.
"""

from __future__ import annotations

import pytest

from screening import Screener


@pytest.fixture(scope="module")
def screener():
    return Screener()


def _person(screener, text, name):
    found = [f for f in screener.scan_text(text) if f.entity_type == "PERSON" and f.text == name]
    assert found, f"{name} not found in {text!r}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("会议议程：\n（一）全市政务公开工作情况介绍（市政务办刘晓军）；\n（二）分组讨论。", "刘晓军"),
        ("（三）网络安全形势通报（区网信办何春生）；", "何春生"),
        ("经县政府办唐文斌协调，有关部门已完成整改。", "唐文斌"),
        ("班主任对班级管理失职，学校给予其诫勉谈话；分管副校长周立新作出书面检查。", "周立新"),
    ],
)
def test_a_unit_or_post_before_a_name_makes_an_official(screener, text, name):
    f = _person(screener, text, name)
    assert f.severity.label == "low" and f.attributes.get("role") == "official", f.explanation


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # the person acts on the unit, the unit is not theirs: a private role word decides
        ("信访人刘建国到县信访办反映问题，要求答复。", "刘建国"),
        ("学生家长周建华称，副校长办公室无人接听。", "周建华"),
        ("经县政府办协调，王秀英一家已搬入新居。", "王秀英"),
    ],
)
def test_a_unit_word_elsewhere_in_the_sentence_keeps_a_private_person(screener, text, name):
    f = _person(screener, text, name)
    assert f.severity.label == "high" and f.attributes.get("role") != "official", f.explanation
