"""SENSITIVE_PERSONAL_INFO findings say why, as named features (explanation_items): the phrase evidence
(a lexicon hit, a column header, a form label), the person link with its unit, the severity rule or the veto."""

from __future__ import annotations

import pytest

from screening import Screener, Severity


def _sensitive(text: str):
    return [f for f in Screener().scan_text(text) if f.entity_type == "SENSITIVE_PERSONAL_INFO"]


def _items(f) -> dict[str, str]:
    return {i["feature"]: i["value"] for i in f.to_dict()["explanation_items"]}


def test_a_tied_diagnosis_names_the_lexicon_hit_and_the_person_with_its_unit():
    f = next(f for f in _sensitive("患者甲某某，女，52岁，确诊为肺结核。") if "肺结核" in f.text)
    items = _items(f)
    assert f.severity == Severity.HIGH
    assert "lexicon" in items and items["person_link"].startswith("同句")
    assert sum(i["weight"] for i in f.to_dict()["explanation_items"]) == pytest.approx(f.score)


def test_a_policy_sentence_records_the_veto():
    f = next(f for f in _sensitive("各地要做好结核病防治工作。") if "结核病" in f.text)
    assert f.severity == Severity.LOW and "veto" in _items(f) and "person_link" not in _items(f)


def test_a_benefit_category_says_it_is_a_category():
    f = _sensitive("本季度按时发放失能老年人护理补贴。")[0]
    assert "类别" in _items(f)["veto"]


def test_a_cell_names_its_column_header_and_the_row():
    f = next(f for f in _sensitive("序号\t姓名\t病情\n1\t甲某某\t左胫骨骨裂\n") if f.text == "左胫骨骨裂")
    items = _items(f)
    assert items["column_header"] == "病情" and items["person_link"].startswith("同行")


def test_a_form_value_names_its_label():
    f = next(f for f in _sensitive("姓名:甲某某\n患病情况:确诊为肺癌,化疗4次\n") if "肺癌" in f.text)
    assert _items(f)["form_label"] == "患病情况"


def test_a_low_rule_for_a_tied_phrase_is_recorded():
    f = next(f for f in _sensitive("患者甲某某，男，41岁，出现发热、咳嗽等症状。") if "发热" in f.text)
    assert f.severity == Severity.LOW and "severity_rule" in _items(f) and "person_link" in _items(f)
