"""Document genres (issue 14): detection with evidence, the persons rule, office overrides.

Every text here is invented for these tests.
"""

from __future__ import annotations

import re

import pytest

from screening import Screener
from screening.genres import GenreError, default_genres, load_genres
from screening.redaction import redact_text
from screening.results import scan_bytes_as_text

PRE_APPOINTMENT = """关于周明远等同志任职前公示的公告
根据《党政领导干部选拔任用工作条例》，现将拟任职人员予以公示：
姓名\t性别\t出生年月\t现任职务\t拟任职务
汪立新\t男\t1978.05\t某镇副镇长\t某镇镇长
公示期间，举报人如实反映情况的，请联系县委组织部，电话0931-7654321。
汪立新同志身份证号：320102198506120376。
"""

CANDIDATES = """某县第十八届人民代表大会代表正式候选人名单
第1选区：马玉兰、王建设
第3选区：刘海涛，联系电话13912345678
"""

CPPCC = """某市某区政协委员会关于增补委员建议人选的公示
经各推荐单位推荐、协商提名，现将建议人选予以公示。
序号  姓名      性别  出生年月  工作单位及职务            界别
1     韩立春    男    1976.04   某镇人民政府副镇长        农业界
2     白素梅    女    1983.09   区中医院主治医师          医药卫生界
"""

EXAM = """2025年某县中考考务工作方案
主考：李振华（县教育局副局长）
副主考由何春燕兼任。试卷押运负责人为县公安局周德明。
考生赵子涵因病申请单独考场。
"""


def _persons(findings):
    return {f.text: (f.severity.label, f.attributes.get("role")) for f in findings if f.entity_type == "PERSON"}


@pytest.mark.parametrize(
    ("text", "genre"),
    [
        (PRE_APPOINTMENT, "pre_appointment"),
        (CANDIDATES, "candidates"),
        (CPPCC, "candidates"),
        (EXAM, "exam_affairs"),
        ("关于孙某某政府信息公开申请答复的函\n孙某某：\n根据《中华人民共和国政府信息公开条例》，答复如下。", "disclosure_reply"),
        ("某县2025年第二季度城乡最低生活保障公示\n户主姓名\t保障人数\t保障金额\n", "assistance"),
        ("某县人民政府办公室关于全县安全生产检查情况的通报\n各乡镇：", "circular"),
    ],
)
def test_genre_detected_with_evidence(text, genre):
    g = default_genres().detect(text)
    assert g is not None and g.id == genre
    assert g.evidence and g.score >= g.min_score


@pytest.mark.parametrize(
    "text",
    [
        "关于做好汛期值班工作的通知\n各乡镇人民政府：\n现将有关事项通知如下。",
        "某县2025年政府工作报告\n各位代表：",
        # a genre word deep in the body, not in the title area, is not enough
        "关于加强机关作风建设的意见\n" + "正文段落。\n" * 12 + "对任前公示期间反映的问题要认真核查。\n",
    ],
)
def test_no_genre_without_evidence(text):
    assert default_genres().detect(text) is None


def test_candidates_and_officials_are_public_by_the_genre_rule():
    s = Screener()
    mentions = [f for f in s.scan_text(PRE_APPOINTMENT) if f.text == "汪立新"]
    assert mentions and all(f.severity.label == "low" for f in mentions)
    assert any(f.attributes["role"] == "public_by_rule" for f in mentions)  # the table cell
    got = _persons(s.scan_text(CANDIDATES))
    assert got["马玉兰"] == got["王建设"] == ("low", "public_by_rule")
    assert got["刘海涛"][0] == "low"  # an election district's contact person: public by rule or an official
    got = _persons(s.scan_text(CPPCC))
    assert got["韩立春"] == got["白素梅"] == ("low", "public_by_rule")
    f = next(f for f in s.scan_text(CANDIDATES) if f.text == "马玉兰")
    assert "选举法" in f.explanation and f.attributes["genre"] == "candidates"


def test_exam_staff_are_officials_and_candidates_stay_private():
    got = _persons(Screener().scan_text(EXAM))
    assert got["李振华"][1] == got["何春燕"][1] == got["周德明"][1] == "official"
    assert got["赵子涵"] == ("high", "private")  # 考生: never public, whatever the genre


def test_a_genre_never_makes_identifiers_public():
    fs = Screener().scan_text(PRE_APPOINTMENT)
    ids = [f for f in fs if f.entity_type == "CN_RESIDENT_ID"]
    phones = [f for f in fs if f.entity_type == "PHONE_NUMBER"]
    assert ids and all(f.severity.label == "high" for f in ids)
    assert phones and all("genre" not in f.attributes for f in phones)


def test_genres_off_keeps_the_old_roles():
    got = _persons(Screener(genres=False).scan_text(CANDIDATES))
    assert all(role != "public_by_rule" for _sev, role in got.values())


def test_json_document_carries_the_genre():
    r = scan_bytes_as_text(CANDIDATES, Screener())
    g = r.to_dict()["genre"]
    assert g["id"] == "candidates" and g["name"] == "人大代表/政协委员候选人"
    assert any("候选人" in e for e in g["evidence"])
    assert scan_bytes_as_text("关于做好汛期值班工作的通知\n", Screener()).to_dict()["genre"] is None


def test_publication_policy_keeps_a_public_by_rule_name():
    out, _log = redact_text(CANDIDATES, screener=Screener())
    assert "马玉兰" in out and "刘海涛" in out
    assert "13912345678" not in out


def test_office_override_replaces_a_genre(tmp_path):
    honour = "2025年度某县见义勇为先进个人表彰名单\n授予韩立民、谢雨婷“见义勇为先进个人”荣誉称号。\n"
    assert all(role != "public_by_rule" for _s, role in _persons(Screener().scan_text(honour)).values())
    own = tmp_path / "本单位文种.yaml"
    own.write_text(
        "genres:\n  - id: commendation\n    name: 表彰名单（本单位公开）\n    title: [表彰名单]\n"
        "    persons: public\n    rule: 本单位规定：表彰对象姓名公开\n", encoding="utf-8")
    got = _persons(Screener(genres=own).scan_text(honour))
    assert got and all(v == ("low", "public_by_rule") for v in got.values())
    assert len(load_genres(own).genres) == len(default_genres().genres)  # replaced, not added


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("genres:\n  - id: x\n    name: X\n    persons: maybe\n    rule: r\n", "persons"),
        ("genres:\n  - id: x\n    name: X\n    persons: public\n    rule: r\n    colour: red\n", "unknown key"),
        ("genres:\n  - id: x\n    name: X\n    persons: public\n    rule: r\n    never: [NOT_A_TYPE]\n", "entity type"),
        ("genres:\n  - id: x\n    persons: public\n    rule: r\n", "name"),
        ("genres: {a: 1}\n", "list"),
    ],
)
def test_bad_genre_tables_are_refused(tmp_path, yaml_text, message):
    p = tmp_path / "g.yaml"
    p.write_text(yaml_text, encoding="utf-8")
    with pytest.raises(GenreError, match=message):
        load_genres(p)


def test_cli_genre_options(tmp_path):
    import json

    from click.testing import CliRunner

    from cli import main

    p = tmp_path / "候选人.txt"
    p.write_text(CANDIDATES, encoding="utf-8")
    r = CliRunner().invoke(main, ["scan", str(p), "--format", "json"])
    doc = json.loads(r.output)["documents"][0]
    assert doc["genre"]["id"] == "candidates"
    r = CliRunner().invoke(main, ["scan", str(p), "--format", "json", "--no-genres"])
    doc = json.loads(r.output)["documents"][0]
    assert doc["genre"] is None
    assert all(f["attributes"].get("role") != "public_by_rule" for f in doc["findings"])
    bad = tmp_path / "bad.yaml"
    bad.write_text("genres:\n  - id: x\n", encoding="utf-8")
    r = CliRunner().invoke(main, ["scan", str(p), "--genres", str(bad)])
    assert r.exit_code == 2 and "genres[0]" in r.output


# -- every genre of issue 14 is told from its own evidence (invented titles, 文号 and headers) -----------
ALL_GENRES = {
    "pre_appointment": "中共某县委组织部\n干部任前公示\n经县委常委会研究，拟提拔以下同志：",
    "recruitment": "某市2025年考试录用公务员拟录用人员公示\n序号\t姓名\t准考证号\t报考职位",
    "candidates": "某乡第十届人民代表大会代表候选人名单\n第2选区：",
    "village_election": "某村第十二届村民委员会成员正式候选人公示\n某村村民选举委员会公告（第3号）\n",
    "commendation": "关于表彰2025年度优秀共产党员的决定\n",
    "bid_award": "某县道路改造工程中标候选人公示\n",
    "penalty": "某市市场监督管理局行政处罚决定书\n某市监罚〔2025〕12号\n当事人：",
    "licensing": "准予行政许可决定书\n某审批许〔2025〕8号",
    "assistance": "某街道2025年10月城市最低生活保障对象公示\n",
    "expropriation": "某区老城片区房屋征收分户补偿情况公示\n",
    "disclosure_reply": "政府信息公开申请答复书\n某政公开〔2025〕3号",
    "petition_reply": "信访事项处理意见书\n某信复〔2025〕5号",
    "meeting": "某县人民政府第12次常务会议纪要\n",
    "exam_affairs": "2025年某市高考考务工作方案\n",
    "circular": "关于2025年第三季度政务服务“好差评”情况的通报\n",
}


def test_the_table_has_the_genres_of_the_issue_and_village_elections():
    assert {g.id for g in default_genres().genres} == set(ALL_GENRES)
    assert all(g.rule and g.public for g in default_genres().genres)  # each names its rule and what it publishes


@pytest.mark.parametrize(("genre", "text"), sorted(ALL_GENRES.items()))
def test_each_genre_detected_with_evidence(genre, text):
    g = default_genres().detect(text)
    assert g is not None and g.id == genre, (genre, g and g.id)
    assert g.evidence and g.score >= g.min_score
    assert g.to_dict()["evidence"] == list(g.evidence)


@pytest.mark.parametrize(
    ("text", "genre", "evidence"),
    [
        # no genre word in the title: the 文号 prefix and a body word carry it
        ("某市市场监督管理局\n某市监罚〔2025〕12号\n当事人：某某商行，经营者刘建平。", "penalty", "文号“某市监罚〔2025〕12号”含“罚”"),
        ("某县人民政府\n某政信复［2025］第3号\n关于某某信访事项的答复", "petition_reply", "文号“某政信复［2025］第3号”含“信复”"),
        ("某区人民政府办公室\n某政办纪要〔2025〕7号\n出席：区长、副区长", "meeting", "文号“某政办纪要〔2025〕7号”含“纪要”"),
    ],
)
def test_docno_prefix_is_evidence(text, genre, evidence):
    g = default_genres().detect(text)
    assert g is not None and g.id == genre
    assert evidence in g.evidence


@pytest.mark.parametrize(
    "text",
    [
        # a 文号 whose prefix holds no genre word (a place name with 许 is no 行政许可)
        "许昌县人民政府办公室\n许政办〔2025〕1号\n关于做好秋粮收购的通知",
        # a 文号 with 罚 but nothing else of a penalty: 2 points, below the threshold
        "某市市场监督管理局\n某市监罚〔2025〕12号\n关于做好节日值班的通知",
        # 罚 outside the 文号 (running text) is no 文号 evidence
        "关于规范罚款收缴工作的通知\n各单位：",
    ],
)
def test_no_genre_from_a_docno_alone(text):
    assert default_genres().detect(text) is None


def test_office_override_adds_docno_evidence(tmp_path):
    own = tmp_path / "本单位文种.yaml"
    own.write_text(
        "genres:\n  - id: circular\n    name: 通报\n    title: [通报]\n    docno: [通]\n    body: [督查]\n"
        "    persons: policy\n    rule: 本单位规定\n", encoding="utf-8")
    text = "某县人民政府办公室\n某政办通〔2025〕9号\n关于第三季度督查情况的说明"
    assert default_genres().detect(text) is None
    g = load_genres(own).detect(text)
    assert g is not None and g.id == "circular" and any(e.startswith("文号") for e in g.evidence)


def test_explanation_of_a_public_by_rule_person_names_the_rule_not_the_old_verdict():
    f = next(f for f in Screener().scan_text(CANDIDATES) if f.text == "马玉兰")
    assert "选举法" in f.explanation and "依规公开" in f.explanation
    assert "按私人处理" not in f.explanation and "角色不明" not in f.explanation
    assert f.explanation.startswith("姓氏")  # the evidence for the name itself is kept


def test_reviewer_report_shows_the_genre_and_who_is_public_by_its_rule(tmp_path):
    from screening.reports.html import render_html
    from screening.results import scan_file

    path = tmp_path / "候选人.txt"
    path.write_text(CANDIDATES, encoding="utf-8")
    s = Screener()
    page = render_html([scan_file(path, s)], screener=s)
    section = re.search(r'<details class="public".*?</details>', page, re.S)
    assert section is not None and "选举法" in section.group()
    assert "文种 人大代表/政协委员候选人" in page
    assert "马玉兰" not in section.group()  # values masked unless shown
    shown = render_html([scan_file(path, s)], screener=s, show_values=True)
    assert "马玉兰" in re.search(r'<details class="public".*?</details>', shown, re.S).group()


def test_report_without_public_persons_has_no_such_section(tmp_path):
    from screening.reports.html import render_html
    from screening.results import scan_file

    path = tmp_path / "通知.txt"
    path.write_text("关于做好汛期值班工作的通知\n申请人张建国，联系电话13912345678。\n", encoding="utf-8")
    s = Screener()
    assert 'class="public"' not in render_html([scan_file(path, s)], screener=s)
