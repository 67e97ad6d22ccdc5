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


# -- issue 14: an address wrapped across two lines (PDF text) ------------------------------------------
@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("联系邮箱：zhangxiaoming\n@163.com，", "zhangxiaoming\n@163.com"),
        ("电子邮箱：zhang.xiaoming@qq.\ncom", "zhang.xiaoming@qq.\ncom"),
        ("邮箱 wangfang1985@\n  sina.com 联系", "wangfang1985@\n  sina.com"),
        ("邮箱：wang.li88@16\n3.com。", "wang.li88@16\n3.com"),
    ],
)
def test_wrapped_address(text, address):
    from screening import Screener

    found = [f for f in Screener().scan_text(text) if f.entity_type == "EMAIL_ADDRESS"]
    assert [f.text for f in found] == [address]
    assert found[0].attributes["domain"] in {"163.com", "qq.com", "sina.com"}


@pytest.mark.parametrize(
    "text",
    [
        "如需发邮件请@\n全体同事",
        "价格 12@\n34元",
        "账号 zhang\nli@ 未填写",
    ],
)
def test_no_wrapped_address(text):
    from screening import Screener

    assert [f.text for f in Screener().scan_text(text) if f.entity_type == "EMAIL_ADDRESS"] == []


def test_two_addresses_on_two_lines_stay_two():
    from screening import Screener

    got = [f.text for f in Screener().scan_text("邮箱：a1@qq.com\nb2@qq.com") if f.entity_type == "EMAIL_ADDRESS"]
    assert got == ["a1@qq.com", "b2@qq.com"]


def test_no_address_joined_across_two_cells():
    from screening import Screener
    from screening.documents.model import Document, Segment

    doc = Document(path=None, format="xlsx", segments=[Segment("zhangxiaoming", {"cell": "A1"}, kind="table_cell"),
                                                       Segment("@163.com", {"cell": "B1"}, kind="table_cell")])
    assert [f for f in Screener().scan_document(doc) if f.entity_type == "EMAIL_ADDRESS"] == []
