"""SECRECY_MARKING: 版头 marks by position and shape; no finding for texts that discuss 保密."""

from __future__ import annotations

import pytest

from screening import Severity
from screening.documents.model import Document, Segment
from screening.scan_context import ScanContext

TITLE = "\n\n某某县人民政府办公室\n关于做好汛期值班工作的通知\n\n各乡镇人民政府，县直各部门：\n　　现将有关事项通知如下。\n"

# A realistic implementation plan that only *talks about* 保密 (written for this test).
BAOMI_FANGAN = """\
公开属性：主动公开

临川区人民政府办公室
关于印发《临川区机关保密工作实施方案》的通知

临府办发〔2024〕37号

各乡镇人民政府、街道办事处，区政府各部门：
　　《临川区机关保密工作实施方案》已经区政府同意，现印发给你们，请结合实际认真贯彻落实。

临川区机关保密工作实施方案

　　一、总体要求
　　认真贯彻《中华人民共和国保守国家秘密法》及其实施条例，坚持“谁主管谁负责、谁产生谁定密”，加强保密审查，确保不发生泄露国家秘密、工作秘密和商业秘密事件。
　　二、主要任务
　　（一）规范定密工作。产生国家秘密事项的，应当同时标明密级和保密期限，如“秘密★1年”“机密★5年”“绝密★长期”。
　　（二）严格文件管理。标注“内部资料　注意保存”“内部参阅”“仅供内部使用”字样的文件，不得擅自复制、转发，严禁外传。
　　（三）强化涉密人员管理。涉密人员离岗离职实行脱密期管理，脱密期内不得违反规定就业。
　　（四）加强网络保密管理。严禁在互联网计算机上存储、处理涉密信息，做到“涉密不上网、上网不涉密”。
　　三、保障措施
　　区财政每年安排保密工作经费人民币20万元（预算项目编码361002240000018215）。区委保密办每半年组织一次保密检查，检查结果纳入年度绩效考核。
　　四、其他
　　本方案自印发之日起施行。工作秘密的具体范围另行制定。

临川区人民政府办公室
2024年6月3日
（此件公开发布）
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("机密★1年" + TITLE, ["机密★1年"]),
        ("秘密★6个月" + TITLE, ["秘密★6个月"]),
        ("绝密★长期" + TITLE, ["绝密★长期"]),
        ("秘密★启用前" + TITLE, ["秘密★启用前"]),
        ("机密☆3年" + TITLE, ["机密☆3年"]),
        ("机密＊10年" + TITLE, ["机密＊10年"]),  # full-width asterisk, folded for matching
        ("机密 1年" + TITLE, ["机密 1年"]),  # the ★ lost in PDF extraction
        ("秘密★１年" + TITLE, ["秘密★１年"]),  # full-width digit: offsets map back
        ("绝密·核心" + TITLE, ["绝密·核心"]),
        ("000186\n机密★5年\n特急" + TITLE, ["机密★5年"]),  # the 份号 line is no marking itself
        ("　　　　秘密★1年　　　　　　特急" + TITLE, ["秘密★1年"]),
        ("内部资料　注意保存" + TITLE, ["内部资料　注意保存"]),
        ("【内部参阅】" + TITLE, ["内部参阅"]),
        ("工作秘密" + TITLE, ["工作秘密"]),
        ("仅供内部使用，严禁外传" + TITLE, ["仅供内部使用，严禁外传"]),
        ("某某局工作简报\n第3期\n\n" + "正文段落。\n" * 20 + "（共印30份）\n内部资料　注意保存\n", ["内部资料　注意保存"]),
        ("关于某事项的报告\n" + "正文段落。\n" * 20 + "机密★3年\n" + "正文段落。\n" * 10, ["机密★3年"]),
        # a 密级 sharing the first line with the title, set apart by (full-width) spaces
        ("绝密★启用前　　　　关于调整考试安排的通知" + TITLE, ["绝密★启用前"]),
        ("机密★1年  关于某事的报告" + TITLE, ["机密★1年"]),
        ("　　关于某事的报告　　　秘密★6个月" + TITLE, ["秘密★6个月"]),
        ("000321　　秘密★2年　　关于清理档案的通知" + TITLE, ["秘密★2年"]),
    ],
)
def test_markings_found(screener, text, expected):
    found = [f for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"]
    assert [f.text for f in found] == expected
    assert all(f.severity is Severity.BLOCKING and f.start >= 0 for f in found)
    assert all(text[f.start : f.end] == f.text for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "各单位要加强保密审查，不得泄露国家秘密。" + TITLE,
        "依照《中华人民共和国保守国家秘密法》第九条规定执行。" + TITLE,
        "涉及商业秘密的，行政机关不得公开。" + TITLE,
        "本报告不属于工作秘密，但含有个人信息，仅限系统内部参阅。" + TITLE,
        "文件首页标注“秘密★”“机密★”等密级标志的，一律不得公开。" + TITLE,
        "标注“工作秘密”“内部资料　注意保存”等字样的文件，未经解除不得公开。" + TITLE,
        "绝密文件管理办法" + TITLE,  # a title, not a mark
        "关于做好秘密载体管理工作的通知" + TITLE,
        "机密级文件清退情况" + TITLE,
        "邮编：130022" + TITLE,  # six digits that are no 份号
        "000186\n关于做好汛期值班工作的通知\n",  # 份号-like number without a 密级 line
        "某某局工作简报\n" + "正文段落。\n" * 20 + "工作秘密\n" + "正文段落。\n" * 10,  # weak mark in the body
        BAOMI_FANGAN,
        # a level word set apart by spaces that is not a mark (no ★, no period) or not alone
        "附件1　　秘密  级别说明表" + TITLE,
        "第一条　　秘密★级文件由专人保管。" + TITLE,
        "一、工作要求　　机密★级材料一律不得上网" + TITLE,
    ],
)
def test_no_marking_in_running_text(screener, text):
    assert [f.text for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"] == []


def test_plan_that_discusses_baomi_has_no_flagged_secrecy_or_attribute_finding(screener):
    found = [
        f for f in screener.scan_text(BAOMI_FANGAN)
        if f.entity_type in ("SECRECY_MARKING", "PUBLICATION_ATTRIBUTE", "PROCESS_DRAFT") and f.is_flagged
    ]
    assert found == []


def _doc(*segments: Segment) -> Document:
    return Document(path=None, format="docx", segments=list(segments))


def test_reader_segments_header_and_first_page_top(screener):
    body = [Segment(f"第{i}段正文，内容与保密无关。", {"part": "body", "paragraph": i}) for i in range(1, 15)]
    doc = _doc(
        Segment("内部资料　注意保存", {"part": "header"}, kind="header"),
        Segment("机密★2年", {"part": "body", "paragraph": 0}, first_page_top=True),
        *body,
        Segment("工作秘密", {"part": "body", "paragraph": 99}),  # deep in the body: not a marking
    )
    found = [f for f in screener.scan_document(doc) if f.entity_type == "SECRECY_MARKING"]
    assert [f.text for f in found] == ["内部资料　注意保存", "机密★2年"]
    assert found[0].attributes["position"] == "header"
    assert found[1].attributes["level"] == "机密"


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("000213\n秘密★6个月" + TITLE, "000213"),
        ("No.004501　机密★2年" + TITLE, "No.004501"),
        ("000090\n特急\n绝密·核心" + TITLE, "000090"),
        ("秘密★1年" + TITLE, None),
    ],
)
def test_copy_number_is_an_attribute_of_the_level_line(screener, text, copy):
    found = [f for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"]
    assert len(found) == 1 and found[0].attributes.get("level")
    assert found[0].attributes.get("copy_number") == copy
    assert not any(ch.isdigit() for ch in found[0].text[:3])


def test_explanation_says_where_the_mark_is(screener):
    f = next(f for f in screener.scan_text("秘密★1年" + TITLE) if f.entity_type == "SECRECY_MARKING")
    assert "首页顶部" in f.explanation and "GB/T 9704" in f.explanation


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("密级：秘密\n保密期限：1年\n紧急程度：特急" + TITLE, ["密级:秘密", "保密期限:1年"]),
        ("（内部资料，注意保存）" + TITLE, ["内部资料，注意保存"]),
        ("密级：无" + TITLE, []),
    ],
)
def test_labelled_header_fields(screener, text, expected):
    found = [f.text for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"]
    assert [t.replace("：", ":") for t in found] == expected


def test_marking_lines_match_a_parse_of_every_line():
    """Only lines with a mark character or a leading 份号 are parsed: the result is a full parse's."""
    from recognizers.secrecy import TOP_LINES, marking_lines, parse_mark_line

    text = (
        "\n000123\n\n  (No.004501)\n机密★2年\n特急\n关于加强保密审查工作的通知（征求意见稿）\n"
        + "各单位要加强保密审查。\n123456789012\n\t内部资料　注意保存\n" * 30
        + "依申请公开\n此件不公开\n"
    )
    ctx = ScanContext.for_text(text)
    t = ctx.text
    expected, nonempty, pos = [], 0, 0
    for line in t.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            continue
        nonempty += 1
        marks = parse_mark_line(t, s, e) if e - s <= 60 else None
        if marks:
            expected.append((s, e, marks, nonempty <= TOP_LINES))
    got = [(ml.start, ml.end, ml.marks, ml.where == "top") for ml in marking_lines(t, ctx)]
    assert got == expected
    assert [m.text for m in got[0][2]] == ["000123"]


# -- issue 14: a 密级 in every GB/T 9704 版头 position, for every level and form of period -------------------
_LEVELS = ("绝密", "机密", "秘密")
_PERIODS = ("★启用前", "★1年", "★6个月", "★长期", "☆10年", "★二十年", "★", "★公布前", " 5年")
_POSITIONS = {
    "alone on the first line": "{m}",
    "indented": "　　　　{m}",
    "under the 份号 line": "000123\n{m}",
    "after the 份号, one full-width space": "000123　{m}",
    "after the 份号, wide gap": "000123    {m}",
    "份号 line, then 密级, then 紧急程度": "000123\n{m}\n特急",
    "with 紧急程度 on its line": "{m}　　特急",
    "under 紧急程度": "特急\n{m}",
    "title line, wide full-width gap": "{m}　　　关于调整考试安排的通知",
    "title line, one full-width space": "{m}　关于调整考试安排的通知",
    "title line, a tab": "{m}\t关于调整考试安排的通知",
    "份号, 密级 and title on one line": "000123　　{m}　　关于调整考试安排的通知",
    "份号, 密级 and title, single spaces": "000123 {m} 关于调整考试安排的通知",
    "after the title, wide gap": "关于调整考试安排的通知　　　{m}",
    "in brackets": "【{m}】",
    "under the issuing office": "某某县人民政府办公室\n{m}",
}


@pytest.mark.parametrize("position", sorted(_POSITIONS))
@pytest.mark.parametrize("level", _LEVELS)
def test_secrecy_mark_in_every_header_position(screener, level, position):
    for period in _PERIODS:
        mark = level + period
        text = _POSITIONS[position].format(m=mark) + TITLE
        found = [f for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"]
        assert [f.text for f in found] == [mark], (position, mark)
        assert found[0].severity is Severity.BLOCKING and found[0].attributes["level"] == level
        if "份号" in position:
            assert found[0].attributes.get("copy_number") == "000123"


@pytest.mark.parametrize(
    "text",
    [
        # a level word followed by one space on the first line, but no ★ and no period: not a mark
        "机密 文件清退情况" + TITLE,
        "绝密 文件管理办法" + TITLE,
        "秘密事项 由专人保管" + TITLE,
        # a ★ glued to the next word (秘密★级, 秘密★1年的文件) is a word, not a mark
        "秘密★级文件 由专人保管。" + TITLE,
        "秘密★1年的文件 由专人保管" + TITLE,
        # a mark-like head with one space in the body (not the 版头): running text
        "关于某事的报告\n" + "正文。\n" * 20 + "秘密★1年 的文件由机要室保管。\n",
    ],
)
def test_single_gap_needs_a_strong_mark_in_the_header(screener, text):
    assert [f.text for f in screener.scan_text(text) if f.entity_type == "SECRECY_MARKING"] == []
