"""PUBLICATION_ATTRIBUTE: 公开属性 labels and 此件… notes, by severity; not in running text."""

from __future__ import annotations

import pytest

from screening import Severity

HEAD = "某某区民政局\n关于调整城乡低保标准的通知\n\n某民发〔2024〕8号\n"
BODY = "\n各街道办事处：\n　　经研究，现将有关事项通知如下。\n"

# A realistic annual-report paragraph that talks about 公开 categories (written for this test).
NIANBAO = """\
某某市人民政府办公室2023年政府信息公开工作年度报告

　　一、总体情况
　　2023年，全市共主动公开政府信息12,431条。全年共收到政府信息公开申请1,207件，其中自然人提出1,052件。
　　二、依申请公开情况
　　对依申请公开事项，我们严格按照法定期限答复：予以公开684件，部分公开127件，不予公开96件（其中属于国家秘密的3件、属于工作秘密的11件、涉及个人隐私的41件）。
　　三、存在问题
　　个别单位对“不予公开”“部分公开”的理由说明不够充分，对此件公开发布的要求理解不到位。
"""


@pytest.mark.parametrize(
    ("text", "value", "severity"),
    [
        (HEAD + "公开属性：依申请公开" + BODY, "依申请公开", Severity.HIGH),
        (HEAD + "公开属性：部分公开" + BODY, "部分公开", Severity.HIGH),
        (HEAD + "公开属性：不予公开" + BODY, "不予公开", Severity.BLOCKING),
        (HEAD + "公开属性:免予公开" + BODY, "免予公开", Severity.BLOCKING),
        (HEAD + "【公开属性】不予公开" + BODY, "不予公开", Severity.BLOCKING),
        (HEAD + "信息公开选项：依申请公开" + BODY, "依申请公开", Severity.HIGH),
        (HEAD + "公开方式：主动公开" + BODY, "主动公开", Severity.INFO),
        (HEAD + BODY + "\n某某区民政局\n2024年3月1日\n（此件不公开）\n", "此件不公开", Severity.BLOCKING),
        (HEAD + BODY + "\n某某区民政局\n2024年3月1日\n（此件依申请公开）\n", "此件依申请公开", Severity.HIGH),
        (HEAD + BODY + "\n某某区民政局\n2024年3月1日\n（此件公开发布）\n", "此件公开发布", Severity.INFO),
        (HEAD + BODY + "\n2024年3月1日\n免予公开\n", "免予公开", Severity.BLOCKING),
    ],
)
def test_attribute_and_severity(screener, text, value, severity):
    found = [f for f in screener.scan_text(text) if f.entity_type == "PUBLICATION_ATTRIBUTE"]
    assert [(f.text, f.severity) for f in found] == [(value, severity)]
    assert found[0].attributes["value"] == value


def test_only_non_public_attributes_are_flagged(screener):
    flagged = [f.text for f in screener.scan_text(HEAD + "公开属性：主动公开" + BODY) if f.is_flagged]
    assert flagged == []


@pytest.mark.parametrize(
    "text",
    [
        NIANBAO,
        HEAD + "　　对依申请公开事项，应当在二十个工作日内答复。" + BODY,
        HEAD + "　　“依申请公开”“不予公开”的，须注明理由和依据条款。" + BODY,
        HEAD + "　　公开属性是否准确，由办公室负责审核。" + BODY,
        HEAD + "　　各单位要确定公开属性：主动公开的及时发布，依申请公开的按程序办理。" + BODY,
        HEAD + BODY + "　　二、收到和处理政府信息公开申请情况\n" * 12 + "依申请公开\n" + "　　本年度新收申请120件。\n" * 5,
    ],
)
def test_running_text_is_not_an_attribute(screener, text):
    assert [f.text for f in screener.scan_text(text) if f.entity_type == "PUBLICATION_ATTRIBUTE"] == []


@pytest.mark.parametrize(
    ("line", "value"),
    [("公开属性：不予公开（涉及个人隐私）", "不予公开"), ("公开属性：部分公开，删除第三部分", "部分公开")],
)
def test_attribute_followed_by_a_reason(screener, line, value):
    found = [f.text for f in screener.scan_text(HEAD + line + BODY) if f.entity_type == "PUBLICATION_ATTRIBUTE"]
    assert found == [value]
