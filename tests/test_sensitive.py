"""SENSITIVE_PERSONAL_INFO: phrases by subtype; high when tied to a private person, low otherwise."""

from __future__ import annotations

import pytest
from presidio_analyzer import RecognizerResult

from recognizers.base import META_ATTRIBUTES
from recognizers.sensitive import SensitiveInfoRecognizer
from recognizers.sensitive_phrases import find_phrases
from screening import Severity
from screening.scan_context import ScanContext

REC = SensitiveInfoRecognizer()


def _run(text: str, persons: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str, str]]:
    """(phrase, subtype, severity) for ``text``, with PERSON results for ``(name, role)`` injected."""
    ctx = ScanContext.for_text(text)
    results = []
    for name, role in persons:
        s = ctx.text.index(name)
        results.append(RecognizerResult("PERSON", s, s + len(name), 0.9, recognition_metadata={META_ATTRIBUTES: {"role": role}}))
    out = REC.document_pass(ctx.text, results, ctx)
    return [
        (ctx.text[r.start : r.end], r.recognition_metadata[META_ATTRIBUTES]["subtype"],
         r.recognition_metadata["cn_severity"].label)
        for r in out
    ]


@pytest.mark.parametrize(
    ("text", "persons", "phrase", "subtype"),
    [
        ("市民郑国强,男,63岁,2019年确诊为帕金森病。", (("郑国强", "private"),), "确诊为帕金森病", "health"),
        ("申请人刘桂芝患有慢性肾功能衰竭,每周透析三次。", (("刘桂芝", "private"),), "患有慢性肾功能衰竭", "health"),
        ("经核实,何玉兰系视力残疾一级,符合补贴条件。", (("何玉兰", "private"),), "视力残疾一级", "health"),
        ("其母(二级精神残疾)长期卧床。", (), "二级精神残疾", "health"),
        ("来访人反映其父胃癌晚期,住院化疗费用较高。", (), "胃癌晚期", "health"),
        ("石文斌(身份证号11010519491231002X)为HIV感染者。", (), "HIV感染者", "health"),
        ("该患者有精神分裂症病史,需监护人陪同。", (), "精神分裂症病史", "health"),
        ("宋志远刑满释放后一直未就业。", (("宋志远", "private"),), "刑满释放", "criminal"),
        ("其子正在接受社区矫正。", (), "社区矫正", "criminal"),
        ("马德福,男,回族,信仰伊斯兰教。", (), "信仰伊斯兰教", "religion"),
        ("她的指纹和人脸图像已录入门禁系统。", (), "指纹", "biometric"),
        ("低保户孔繁荣家庭存款3.5万元,未如实申报。", (("孔繁荣", "private"),), "家庭存款3.5万元", "financial"),
        ("公安机关调取了柯某某的行程轨迹。", (), "行程轨迹", "whereabouts"),
        ("其女许可馨(9岁,东关小学三年级(2)班)在校就读。", (), "9岁", "minor"),
        ("其女许可馨(9岁,东关小学三年级(2)班)在校就读。", (), "东关小学三年级(2)班", "minor"),
        ("学生潘一鸣(男,16岁,第二中学高一学生)骑车摔伤。", (("潘一鸣", "private"),), "16岁", "minor"),
    ],
)
def test_tied_phrases_are_high(text, persons, phrase, subtype):
    found = _run(text, persons)
    assert (phrase, subtype, "high") in found, found


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("各地要做好艾滋病防治宣传,落实免费抗病毒治疗政策。", "艾滋病"),
        ("对确诊为传染病的,医疗机构应当及时报告。", "确诊为传染病的"),
        ("重点审查病历资料、未成年人信息等,确需公开的应作去标识化处理。", "病历"),
        ("全市共有持证残疾人1.2万人,其中肢体残疾5,600人。", "肢体残疾"),
        ("加强社区矫正对象的教育帮扶。", "社区矫正"),
        ("推广人脸识别门禁,须取得本人单独同意。", "人脸识别"),
    ],
)
def test_policy_mentions_are_low(text, phrase):
    found = _run(text)
    assert found and all(sev == "low" for _, _, sev in found), found
    assert any(phrase in p or p in phrase for p, _, _ in found), found


def test_official_only_is_low_and_says_why():
    text = "区卫健委主任赵立群介绍了结核病防治工作。"
    ctx = ScanContext.for_text(text)
    s = text.index("赵立群")
    res = [RecognizerResult("PERSON", s, s + 3, 0.9, recognition_metadata={META_ATTRIBUTES: {"role": "official"}})]
    out = REC.document_pass(ctx.text, res, ctx)
    assert [r.recognition_metadata["cn_severity"] for r in out] == [Severity.LOW]
    assert "公职人员" in "".join(out[0].recognition_metadata["cn_explanation"])


def test_link_is_recorded_with_original_offsets():
    text = "　　居民（申请人）：陶春生，男，58岁，患有糖尿病。"
    ctx = ScanContext.for_text(text)
    s = ctx.text.index("陶春生")
    res = [RecognizerResult("PERSON", s, s + 3, 0.9, recognition_metadata={META_ATTRIBUTES: {"role": "private"}})]
    r = REC.document_pass(ctx.text, res, ctx)[0]
    link = r.recognition_metadata[META_ATTRIBUTES]["linked_to"]
    assert link["text"] == "陶春生" and text[link["start"] : link["end"]] == "陶春生"
    assert link["via"] == "person" and link["scope"] == "同句"


def test_table_row_links_to_name_column():
    text = "序号\t姓名\t救助事由\t金额\n1\t丁秀英\t骨髓增生异常综合征,长期输血\t6000\n2\t贾春来\t房屋倒塌\t5000\n"
    found = _run(text)
    assert ("骨髓增生异常综合征", "health", "high") in found or any(
        "综合征" in p and sev == "high" for p, _, sev in found
    ), found
    assert not any("房屋" in p for p, _, _ in found)


def test_narrative_paragraph_links_later_sentences():
    text = ("　　病例林某,女,35岁,身份证号码11010519491231002X。8月3日出现发热,"
            "8月5日经检测确诊为登革热,目前住院治疗。\n　　各地要做好登革热防控。")
    found = _run(text)
    assert ("确诊为登革热", "health", "high") in found, found


@pytest.mark.parametrize(
    "text",
    [
        "全面落实3岁以下婴幼儿照护服务政策。",
        "对年满16岁的务工人员开展技能培训。",
        "6至14岁儿童免费接种。",
        "人和街小学开展安全教育活动。",  # a school name alone is not a minor
        "第一中学2024年招生计划为12个班。",
        "受理编号150102202402200011的事项已办结。",
    ],
)
def test_no_minor_phrase(text):
    assert [p for p in find_phrases(ScanContext.for_text(text).text) if p.subtype == "minor"] == []


@pytest.mark.parametrize(
    "text",
    [
        "患者满意度达到96%。",  # 患者 is no diagnosis cue
        "消除安全隐患,确保群众满意。",
        "经快速诊断试剂检测,结果待定。",
        "财政收入完成年度预算的102%。",  # no person's money
        "住房因火灾受损,家庭生活困难。",
    ],
)
def test_no_health_or_financial_phrase_in_plain_statements(text):
    assert [(p.subtype, p.text) for p in find_phrases(ScanContext.for_text(text).text)
            if p.subtype in ("health", "financial")] == []


def test_end_to_end_with_screener(screener):
    text = "　　三、典型诉求\n　　市民反映其子(10岁,育才小学四年级(1)班)放学途中被犬咬伤,已接种狂犬疫苗。\n"
    found = [f for f in screener.scan_text(text) if f.entity_type == "SENSITIVE_PERSONAL_INFO"]
    assert {f.text for f in found if f.severity is Severity.HIGH} >= {"10岁", "育才小学四年级(1)班"}
    assert all(f.attributes["subtype"] in ("minor", "health") for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "招收护理员30名（男、女不限），患有传染病者不得报名。",
        "学生王某某所在班级，确诊为肺结核的学生应当休学治疗。",
    ],
)
def test_eligibility_rules_are_low(text):
    found = _run(text)
    assert found and all(sev == "low" for _, _, sev in found), found
