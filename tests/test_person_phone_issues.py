"""Regression tests for PERSON/PHONE misses found on fresh blind corpora (issue 13, step 5).

One test per general pattern, in the shape of pdfplumber's ``tests/test_issues.py``: each names the
pattern, the fix (a cue row or a rule) and checks our own invented sentence with fictional names; no
text of an evaluation corpus is quoted.
"""

from __future__ import annotations

import pytest

from screening import Screener


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener()


def persons(screener: Screener, text: str) -> dict[str, tuple[str, str]]:
    return {
        f.text: (f.severity.label, f.attributes.get("role", ""))
        for f in screener.scan_text(text)
        if f.entity_type == "PERSON"
    }


def phones(screener: Screener, text: str) -> dict[str, str]:
    return {f.text: f.severity.label for f in screener.scan_text(text) if f.entity_type == "PHONE_NUMBER"}


def test_surname_that_is_a_function_word_after_a_role(screener: Screener) -> None:
    """曾/于/向 after a role word without a colon: a whole delimited name is a name (rule
    ``person_cued._function_surname``); the function-word reading stays a word."""
    found = persons(screener, "二楼住户曾海波、曾海涛兄弟以噪音为由拒绝签字。")
    assert found == {"曾海波": ("high", "private"), "曾海涛": ("high", "private")}
    assert persons(screener, "申请人曾表示，同意调解。") == {}
    assert persons(screener, "当事人曾多次前往现场。") == {}


def test_nephew_or_niece_acting_for_the_applicant(screener: Screener) -> None:
    """A kinship word before a name (由侄子X代为办理): ``private_trigger`` rows 侄子/侄女/外甥/外甥女."""
    assert persons(screener, "因申请人行动不便，由侄子宋志远代为办理。")["宋志远"] == ("high", "private")


def test_parent_columns_of_a_student_roster(screener: Screener) -> None:
    """Cells under 父亲/母亲/家长 columns are names: ``name_header`` rows."""
    text = "序号\t学生姓名\t父亲\t母亲\n1\t庞小雨\t庞志刚\t吕秀英\n2\t季晨阳\t季建国\t郝美兰\n"
    found = persons(screener, text)
    for name in ("庞志刚", "吕秀英", "季建国", "郝美兰"):
        assert found[name] == ("high", "private"), name


def test_addressee_own_landline_is_private(screener: Screener) -> None:
    """A reply letter quoting the addressee's own number (你留存的联系电话：…): ``phone_addressee`` rows."""
    found = phones(screener, "你留存的联系电话：0571-8793602，办理人员将电话告知后续进展。")
    assert found == {"0571-8793602": "high"}
    # the office's number told to the addressee stays the office's
    assert phones(screener, "你可拨打受理窗口电话0571-8793602咨询。") == {"0571-8793602": "low"}


def test_numbers_listed_after_an_identifier_label_are_identifiers(screener: Screener) -> None:
    """工单号为A、B: B has no label of its own but is listed with an identifier (``_listed_after_identifier``)."""
    assert phones(screener, "本月重复投诉的工单号为13261100001、13261100002、13261100003。") == {}
    assert "13261100002" in phones(screener, "联系电话13261100001、13261100002。")


def test_official_labels_and_titles(screener: Screener) -> None:
    """包案领导：X / 起草人：X / 定密责任人X / X（招标人代表）act in an official capacity:
    ``official_label`` 领导, 起草人 and ``official_title`` 起草人, 定密责任人, 招标人代表."""
    assert persons(screener, "包案领导：柏志强\n") == {"柏志强": ("low", "official")}
    assert persons(screener, "起草单位：某区民政局，起草人：詹文博，联系电话：0571-8793602\n")["詹文博"] == ("low", "official")
    assert persons(screener, "定密责任人闻海涛负责审核。") == {"闻海涛": ("low", "official")}
    found = persons(screener, "二、评审小组成员\n邹明杰（组长）、邱丽华、汤晓峰、孔令军（招标人代表）\n")
    assert found["孔令军"] == ("low", "official")
    assert found["邱丽华"][0] == "high"


def test_an_office_name_is_no_name_in_a_labelled_list(screener: Screener) -> None:
    """The tail of an organisation (…局办公室 -> 公室, …政务公开科) is no name (``list_item``)."""
    assert persons(screener, "联系人：市应急管理局办公室 任晓东\n") == {"任晓东": ("low", "official")}
    assert persons(screener, "责任科室：区政务公开科\n") == {}
