"""Cue rows (issue 14): a diagnosis/treatment sentence without a subject (经诊断为…, 术后需…) refers back to the
private person named before it; the same words in a rule about anyone stay unlinked. Every text here is invented.
"""

from __future__ import annotations

import pytest

from screening import Screener

INJURY = (
    "关于某中学学生体育课受伤情况的通报\n"
    "11月20日上午，初二（3）班学生王小明在体育课上摔倒，立即送至市第二医院。经诊断为右腕关节桡骨远端骨折伴韧带损伤，"
    "11月21日行切开复位内固定手术，术后需石膏固定4周、拄拐行走。学生家长王建国已到院陪护。\n"
)


@pytest.fixture(scope="module")
def screener():
    return Screener()


def _health(screener, text):
    return {f.text: f for f in screener.scan_text(text)
            if f.entity_type == "SENSITIVE_PERSONAL_INFO" and "类别：health" in f.explanation}


def test_subjectless_diagnosis_and_treatment_refer_to_the_person_before(screener):
    got = _health(screener, INJURY)
    for phrase in ("右腕关节桡骨远端骨折伴韧带损伤", "切开复位内固定手术", "石膏固定", "拄拐"):
        hit = [f for t, f in got.items() if phrase in t]
        assert hit and all(f.severity.label == "high" for f in hit), (phrase, sorted(got))
        assert any("王小明" in f.explanation for f in hit)


@pytest.mark.parametrize(
    "text",
    [
        "经诊断为重大疾病、术后需长期康复的困难群众，可以申请临时救助。",
        "一、救助范围\n经诊断为重度残疾的人员，按规定给予护理补贴。",
        "申请人王秀兰提交了材料。经诊断为恶性肿瘤的，医保按规定报销。",
    ],
)
def test_the_same_words_in_a_rule_about_anyone_stay_unlinked(screener, text):
    assert all(f.severity.label == "low" for f in _health(screener, text).values())
