"""Named score features (recognizers/scorer.py) reach the finding as explanation_items (additive to schema 1)."""

from __future__ import annotations

from screening import Finding, Screener, Severity


def test_context_word_is_a_named_feature_in_the_json():
    found = Screener().scan_text("公民身份号码：11010519491231002X")
    ident = next(f for f in found if f.entity_type == "CN_RESIDENT_ID")
    items = ident.to_dict()["explanation_items"]
    cues = [i for i in items if i["feature"] == "cue_before"]
    assert cues and all(i["value"] and i["value"] in "公民身份号码" and i["weight"] > 0 for i in cues)
    assert all(set(i) == {"feature", "value", "weight"} for i in items)


def test_no_context_word_no_cue_feature():
    """Hard negative: the same number with no label before it records no cue_before feature."""
    found = Screener().scan_text("11010519491231002X")
    ident = next(f for f in found if f.entity_type == "CN_RESIDENT_ID")
    assert not [i for i in ident.to_dict()["explanation_items"] if i["feature"] == "cue_before"]


def test_findings_without_features_have_an_empty_list_and_round_trip():
    f = Finding("PHONE_NUMBER", 0, 11, "13912345678", 0.9, Severity.HIGH, "r")
    assert f.to_dict()["explanation_items"] == []
    g = Finding("PERSON", 0, 2, "甲乙", 0.9, Severity.HIGH, "r",
                explanation_items=({"feature": "cue_before", "value": "申请人", "weight": 0.4},))
    assert Finding.from_dict(g.to_dict()).explanation_items == g.explanation_items
    assert Finding.from_dict({k: v for k, v in f.to_dict().items() if k != "explanation_items"}) == f
