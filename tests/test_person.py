"""PERSON recognizer: table-driven positives, hard negatives, roles and later mentions.

All sentences are written for these tests (fictional people)."""

from __future__ import annotations

import pytest

from screening import Screener
from screening.findings import Severity


@pytest.fixture(scope="module")
def screener() -> Screener:
    return Screener(entities=["PERSON"], options={"official_allowlist": ["高志国"]})


def persons(screener: Screener, text: str) -> list[tuple[str, str, Severity]]:
    return [(f.text, f.attributes.get("role"), f.severity) for f in screener.scan_text(text)]


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("当事人：孙立平，男，1978年出生。", "孙立平", "private"),
        ("申请人：韩雪，现住城关镇。", "韩雪", "private"),
        ("被申请人钱国华未到场。", "钱国华", "private"),
        ("法定代表人：诸葛文涛", "诸葛文涛", "private"),
        ("经查，患者郑晓燕于6月3日入院。", "郑晓燕", "private"),
        ("投诉人欧阳丽华反映噪声问题。", "欧阳丽华", "private"),
        ("刘红梅女士：您好！", "刘红梅", "unknown"),
        ("居民冯德海等5人联名反映", "冯德海", "private"),
        ("（二）阿依古丽·买买提，女，维吾尔族", "阿依古丽·买买提", "private"),
        ("（三）乌云其木格，女，蒙古族", "乌云其木格", "private"),
        ("序号\t姓名\t金额\n1\t曹文静\t500\n2\t上官晓辉\t600\n", "上官晓辉", "private"),
        ("| 序号 | 户主 | 人口 |\n|---|---|---|\n| 1 | 潘建军 | 3 |\n", "潘建军", "private"),
        ("副县长赵明远出席会议并讲话。", "赵明远", "official"),
        ("执法人员：周建华（执法证号62012345678）", "周建华", "official"),
        ("签发人：马国强", "马国强", "official"),
        ("会议由主任科员吴丽娟记录。", "吴丽娟", "official"),
        ("联系人：宋佳　联系电话：0935-2212345", "宋佳", "official"),
        ("项目联系人：田晓梅　电话：13912345678", "田晓梅", "private"),
        ("评标专家：罗永平、严佳慧、葛俊", "严佳慧", "private"),
        ("本次会议高志国同志作报告。", "高志国", "official"),
    ],
)
def test_positive(screener: Screener, text: str, name: str, role: str) -> None:
    found = {t: (r, s) for t, r, s in persons(screener, text)}
    assert name in found, found
    r, sev = found[name]
    assert r == role
    assert sev == (Severity.LOW if role == "official" else Severity.HIGH)


def test_list_shares_role(screener: Screener) -> None:
    got = persons(screener, "副市长王建华、李晓红、张振宇出席。")
    assert [(t, r) for t, r, _ in got] == [("王建华", "official"), ("李晓红", "official"), ("张振宇", "official")]


def test_later_mentions_found(screener: Screener) -> None:
    text = "申请人：黎文博，男。经核实，黎文博于2023年迁入本村。黎文博表示无异议。"
    got = [f for f in screener.scan_text(text) if f.text == "黎文博"]
    assert len(got) == 3
    assert all(f.severity == Severity.HIGH for f in got)
    assert any("同文前述姓名" in f.explanation for f in got)


def test_explanation_records_signals(screener: Screener) -> None:
    f = screener.scan_text("当事人：王小龙")[0]
    assert "姓氏“王”" in f.explanation and "触发词“当事人”" in f.explanation


@pytest.mark.parametrize(
    "text",
    [
        "经审查，该申请符合行政许可条件，当事人在法定期限内未提出陈述、申辩意见。",
        "高新区黄金周期间共接待游客3万人次，实现收入120万元。",
        "根据《武威市人民政府办公室关于印发实施方案的通知》（武政办发〔2023〕51号）要求，",
        "江苏省、黄河流域石油企业的金额于是向前推进，程序马上启动。",
        "当事人张某、李某某于2024年3月到场接受询问。",
        "案件编号：620602202403150012，罚款金额：伍仟元整。",
        "周年纪念活动方案已经常务会议审议通过，李子园路段封闭。",
        "序号\t姓名\t金额\n1\t王某\t500\n",
    ],
)
def test_negative(screener: Screener, text: str) -> None:
    flagged = [t for t, _, s in persons(screener, text) if s.is_flagged]
    assert flagged == []


def test_officials_mostly_low(screener: Screener) -> None:
    text = "区长陈建新主持会议，副区长林海、黄丽出席。局长何振东汇报工作。\n出席：陈建新　林海　黄丽\n记录：许文静"
    got = persons(screener, text)
    assert got and all(s == Severity.LOW for _, _, s in got)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("据市场部经理孔德明介绍，项目已完工。", "孔德明"),  # descriptive role before
        ("会上，邹立新表示将积极配合。", "邹立新"),  # speech verb after, boundary before
        ("主帅博斯克公布了名单。", "博斯克"),  # transliterated name after a role
        ("球员萨勒曼·阿里就表示反对。", "萨勒曼·阿里"),  # dotted run trimmed to the name
        ("未提交材料：符亚妹、羊文兴、麦秀兰。", "羊文兴"),  # list of names with rare surnames
        ("序号  姓名  性别\n1     海兰芳    女\n", "海兰芳"),  # gender in a space-aligned table
        ("2\t次仁卓嘎\t540102\n", "次仁卓嘎"),  # Tibetan name (two common syllables)
        ("| 序号 | 被拆迁人 |\n|---|---|\n| 1 | 那丽华 |\n", "那丽华"),  # 那 as a surname
        ("户主李桂英|女|子女庞子轩（12岁）", "庞子轩"),
    ],
)
def test_uncued_and_context_names(screener: Screener, text: str, name: str) -> None:
    got = {f.text: f for f in screener.scan_text(text)}
    assert name in got, list(got)
    assert got[name].severity.is_flagged


@pytest.mark.parametrize(
    "text",
    [
        "王先生反映小区停车难，李女士建议增设车位。",  # surname + form of address: not a name
        "途经马驹桥镇、卢森堡公园和秦皇陵景区。",  # places that start with a surname
        "请求解决孙子课后托管问题，与孙子二人共同生活。",  # kinship words
        "意大利、西班牙、葡萄牙三国代表出席。",  # countries written with transliteration characters
    ],
)
def test_context_negatives(screener: Screener, text: str) -> None:
    assert [f.text for f in screener.scan_text(text) if f.is_flagged] == []
