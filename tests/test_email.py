"""EMAIL_ADDRESS: own regex (no tldextract download); severity from the mailbox owner."""

from __future__ import annotations

import pytest

from recognizers.email import CnEmailRecognizer
from screening import Severity
from tests.identifier_helpers import found, score_of, screener_with


@pytest.fixture(scope="module")
def scr():
    return screener_with(CnEmailRecognizer())


@pytest.mark.parametrize(
    ("text", "address", "severity", "personal"),
    [
        ("电子邮箱：wang.xiaoli88@163.com。", "wang.xiaoli88@163.com", Severity.HIGH, True),
        ("邮箱zhang_san-1990@qq.com，电话", "zhang_san-1990@qq.com", Severity.HIGH, True),
        ("E-mail: Li.Ming+news@Outlook.com", "Li.Ming+news@Outlook.com", Severity.HIGH, True),
        ("电子邮箱ｗａｎｇｌｉ＠１２６．ｃｏｍ。", "ｗａｎｇｌｉ＠１２６．ｃｏｍ", Severity.HIGH, True),
        ("电子邮箱：xxgk@lingxian.gov.cn", "xxgk@lingxian.gov.cn", Severity.LOW, False),
        ("投稿邮箱 bgs@mzj.example.gov.cn；", "bgs@mzj.example.gov.cn", Severity.LOW, False),
        ("联系邮箱：office@tianheng-zb.com.cn", "office@tianheng-zb.com.cn", Severity.LOW, False),
        ("项目负责人邮箱：liuyang@tianheng-zb.com.cn", "liuyang@tianheng-zb.com.cn", Severity.MEDIUM, False),
        ("导师邮箱chenjm@xmu.edu.cn", "chenjm@xmu.edu.cn", Severity.MEDIUM, False),
    ],
)
def test_email_positives(scr, text, address, severity, personal):
    fs = found(scr, text, "EMAIL_ADDRESS")
    assert [f.text for f in fs] == [address]
    assert fs[0].severity == severity
    assert fs[0].attributes["personal_provider"] is personal
    assert 0.8 <= fs[0].score <= 1.0


def test_context_raises_score(scr):
    assert score_of(scr, "电子邮箱：a.b@163.com", "EMAIL_ADDRESS") > score_of(scr, "甲乙丙丁：a.b@163.com", "EMAIL_ADDRESS")


@pytest.mark.parametrize(
    "text",
    [
        "请发送至@某某单位",
        "user@localhost",
        "a@b",
        "@163.com",
        "网址：http://www.example.gov.cn",
        "价格：5@10元",
        "名单.xlsx 与 附件2.docx",
    ],
)
def test_email_hard_negatives(scr, text):
    assert found(scr, text, "EMAIL_ADDRESS") == []


def test_two_addresses_in_one_line(scr):
    fs = found(scr, "邮箱a1@qq.com或b2@sina.com", "EMAIL_ADDRESS")
    assert [f.text for f in fs] == ["a1@qq.com", "b2@sina.com"]
