"""PROCESS_DRAFT: draft stages, urgency marks, 请示 and 批示 labels in the title area."""

from __future__ import annotations

import pytest

BODY = "\n各有关单位：\n　　为进一步做好相关工作，现就有关事项通知如下。\n　　一、提高认识。\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("某某市交通运输局\n关于调整公交线路的通知\n（征求意见稿）" + BODY, ["征求意见稿"]),
        ("关于2024年重点工作安排的报告（送审稿）" + BODY, ["送审稿"]),
        ("某某县城市更新实施方案\n（第二稿）" + BODY, ["第二稿"]),
        ("【讨论稿】\n关于做好防汛工作的意见" + BODY, ["讨论稿"]),
        ("特急\n\n关于做好防汛工作的通知" + BODY, ["特急"]),
        ("秘密★1年　　加急\n\n关于做好防汛工作的通知" + BODY, ["加急"]),
        ("某某区卫生健康局\n关于增设社区卫生服务站的请示" + BODY, ["请示"]),
        ("关于做好防汛工作的通知" + BODY + "领导批示：请办公室抓紧落实。\n", ["领导批示"]),
        ("关于做好防汛工作的通知" + BODY + "王局长批示：同意。\n", ["王局长批示"]),
        ("关于做好防汛工作的通知" + BODY + "内部审核意见：建议删除第三段。\n", ["内部审核意见"]),
    ],
)
def test_process_marks_found(screener, text, expected):
    found = [f for f in screener.scan_text(text) if f.entity_type == "PROCESS_DRAFT"]
    assert [f.text for f in found] == expected
    urgent = {"特急", "加急", "特提"}
    assert all(f.severity.label == ("low" if f.text in urgent else "medium") for f in found)


@pytest.mark.parametrize(
    "text",
    [
        "关于做好防汛工作的通知\n　　现将征求意见稿印发给你们，请于5月10日前反馈。" + BODY,
        "关于做好防汛工作的通知" + BODY + "　　各单位要认真落实领导批示精神。\n",
        "关于建立重大事项请示报告制度的通知" + BODY,
        "关于做好防汛工作的通知" + BODY + "　　严格执行请示报告制度，不得擅自决定。\n",
        "关于做好防汛工作的通知" + BODY + "　　对特急件应当即时办理。\n",
        "关于印发草稿纸采购管理办法的通知" + BODY,
        "某某市人民政府\n关于加急办理不动产登记的若干措施" + BODY,
    ],
)
def test_running_text_is_not_a_process_mark(screener, text):
    assert [f.text for f in screener.scan_text(text) if f.entity_type == "PROCESS_DRAFT"] == []
