"""The SENSITIVE phrase patterns are data (recognizers/data/sensitive_phrases.tsv): every row is complete,
every pattern compiles, and every match holds one of its trigger characters (what the windowed search
of long texts relies on)."""

from __future__ import annotations

import pytest

from recognizers import sensitive_phrases as sp

SUBTYPES = {"health", "criminal", "religion", "minor", "financial", "biometric", "whereabouts"}
#: invented sentences with phrases of every pattern
TEXTS = [
    "申请人甲某某被确诊为肺结核，系肢体残疾三级，因公七级伤残，住院治疗5天。",
    "邻居乙某某吸入性损伤，双手Ⅱ度烧伤，烧伤面积约8%，右小腿软组织挫伤，膝关节置换术后。",
    "患儿青霉素过敏史，接种部位红肿约3cm，血压152/96mmHg，心电图提示心律不齐，体温38.2℃。其母现孕20周。出生日期:2020年1月2日，4岁男童。",
    "出现发热(最高38.9℃)、乏力及皮疹等症状，需进行康复治疗。",
    "其子(男,11岁,城南小学三年级(2)班)，正在读高二的儿子，子女丙小红12岁、丙小明8岁，未成年人(13岁)，留守儿童。学生戊某某，2015年3月12日出生，原就读于某小学。己某某系6周岁儿童。",
    "丁某某刑满释放，曾因涉嫌盗窃罪被判处有期徒刑二年，信仰基督教，(女,汉族,)民族:回族。",
    "家庭存款为12万元，其指纹信息和行程轨迹已采集。",
]


def test_every_pattern_row_is_complete():
    names = [s.name for s in sp.SPECS]
    assert len(names) == len(set(names)) >= 20
    for spec in sp.SPECS:
        assert spec.subtype in SUBTYPES, spec.name
        assert spec.how and spec.trigger and spec.reach > 0, spec.name
        assert spec.kind in sp.MATCHERS, spec.name


@pytest.mark.parametrize("text", TEXTS)
def test_every_match_holds_a_trigger(text):
    for spec in sp.SPECS:
        for m in spec.rx.finditer(text):
            assert set(m.group()) & set(spec.trigger), (spec.name, m.group())


def test_every_pattern_finds_something_in_the_invented_texts():
    found = {spec.name for spec in sp.SPECS for t in TEXTS if spec.rx.search(t)}
    assert found == {s.name for s in sp.SPECS}


def test_macros_expand_cue_kinds_and_fail_on_unknown_names():
    assert sp._expand("<CJK>", {"CJK": "x"}) == "x"
    assert "肺结核" in sp._expand("<cue:health_term>", {})
    assert sp._expand("<heads:病>", {}).startswith("病(?!")
    with pytest.raises(KeyError):
        sp._expand("<NOPE>", {})


def test_a_veto_row_drops_a_form_question():
    """询问有无过敏史 asks; 有青霉素过敏史 states (the allergy row's veto)."""
    assert not [p for p in sp.find_phrases("医生询问有无过敏史。") if "过敏" in p.text]
    assert [p.text for p in sp.find_phrases("甲某某有青霉素过敏史。")] == ["青霉素过敏史"]
