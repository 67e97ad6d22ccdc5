"""SENSITIVE_PERSONAL_INFO on big rosters: the windowed phrase search finds what a whole-text search
finds, remarks are tied to the person in the 姓名 cell of their row, and a bare 残疾 cell counts."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from recognizers.base import META_ATTRIBUTES
from recognizers.sensitive import SensitiveInfoRecognizer
from recognizers.sensitive_phrases import WINDOWED_FROM, _Scanner, find_phrases
from screening.scan_context import ScanContext

REC = SensitiveInfoRecognizer()

ROWS = [
    ("甘秀兰", "清水乡柳庄村3组7号", "残疾"),
    ("符国栋", "城关镇东街21号", "患尿毒症长期透析"),
    ("蔺小梅", "东坝镇红旗村9组4号", "老年人"),
    ("鄢建业", "双龙镇团结社区2组8号", "单亲家庭"),
    ("訾玉芳", "马家堡街道北关社区1组3号", "智力残疾二级"),
    ("郦春生", "清水乡杨庄村5组16号", "重病"),
    ("柏金花", "城关镇南街9号", "残疾人两项补贴已发放"),
]
HEADER = "序号\t姓名\t家庭住址\t备注\n"


def _roster() -> str:
    return HEADER + "".join(f"{i}\t{n}\t{a}\t{r}\n" for i, (n, a, r) in enumerate(ROWS, 1))


def _person(ctx: ScanContext, word: str) -> RecognizerResult:
    s = ctx.text.index(word)
    return RecognizerResult("PERSON", s, s + len(word), 0.85, recognition_metadata={META_ATTRIBUTES: {}})


def _found(text: str, person_words: list[str]) -> dict[str, tuple[str, str | None]]:
    ctx = ScanContext.for_text(text)
    out = REC.document_pass(ctx.text, [_person(ctx, w) for w in person_words], ctx)
    return {
        ctx.text[r.start : r.end]: (
            r.recognition_metadata["cn_severity"].label,
            (r.recognition_metadata[META_ATTRIBUTES]["linked_to"] or {}).get("text"),
        )
        for r in out
    }


def test_remarks_link_to_the_name_cell_even_when_a_village_is_read_as_a_person():
    # the first pass wrongly reports the villages 柳庄村 / 杨庄村 as names: the 姓名 cell still wins
    found = _found(_roster(), [n for n, _, _ in ROWS] + ["柳庄村", "杨庄村"])
    assert found["残疾"] == ("high", "甘秀兰")
    assert found["患尿毒症长期透析"] == ("high", "符国栋")
    assert found["智力残疾二级"] == ("high", "訾玉芳")
    assert found["重病"] == ("high", "郦春生")


def test_group_words_in_a_remark_are_not_sensitive_phrases():
    rows = [r for r in ROWS if r[2] in ("老年人", "单亲家庭", "残疾人两项补贴已发放")]
    text = HEADER + "".join(f"{i}\t{n}\t{a}\t{r}\n" for i, (n, a, r) in enumerate(rows, 1))
    assert _found(text, [n for n, _, _ in rows]) == {}


@pytest.mark.parametrize(
    "text",
    [
        "各地要做好残疾人两项补贴发放工作。",  # prose: the word is a topic
        "残疾\n",  # a line, not a table cell
        "序号\t姓名\t备注\n1\t甲某某\t残疾人联合会转来\n",  # more than the bare word
    ],
)
def test_bare_disability_only_as_a_whole_table_cell(text):
    assert "残疾" not in _found(text, [])


def _long_text() -> str:
    """Prose and table rows with phrases of every subtype, repeated past the windowing threshold."""
    block = (
        "患者王某某,女,52岁,确诊为肺结核,住院治疗。其子(9岁,城南小学三年级(2)班)。\n"
        "邻居李某某吸入性损伤,双手Ⅱ度烧伤,伴有焦虑、失眠症状,需接受心理干预。\n"
        "张某某系一级肢体残疾人,曾因盗窃罪被判处有期徒刑二年,刑满释放后信仰基督教。\n"
        "家庭存款为12万元,其指纹信息和行程轨迹已采集。\n"
        "1\t赵某某\t男,汉族,\t肢体残疾 三级\t14岁\t初二(3)班\n"
        + "1" * 18 + "\n" + "13800000000\n" * 20
    )
    text = block * (WINDOWED_FROM // len(block) + 2)
    assert len(text) > WINDOWED_FROM
    return text


def test_windowed_search_equals_a_whole_text_search(monkeypatch):
    text = _long_text()
    windowed = find_phrases(text)
    monkeypatch.setattr(_Scanner.__init__, "__defaults__", (10**9,))  # never windowed
    assert find_phrases(text) == windowed
    assert {p.subtype for p in windowed} >= {"health", "minor", "criminal", "religion", "financial",
                                              "biometric", "whereabouts"}
