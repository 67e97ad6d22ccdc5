"""Misses and false alarms of the session-6 blind corpus (bench/holdout8) and the leftovers of holdout7,
pinned with invented text (pdfplumber's tests/test_issues.py shape), each with hard negatives."""

from __future__ import annotations

import pytest
from found_helpers import found as _found
from found_helpers import persons as _persons
from found_helpers import sensitive as _health


# -- health: a named person's clinical picture, narrative sentences with a policy word elsewhere ----------
def test_symptom_list_of_a_described_person_is_health() -> None:
    text = "患者赵某某，男，61岁，住某村。3月2日起出现持续低热、盗汗、乏力及腰背部疼痛，3月9日确诊为结核性胸膜炎。"
    found = _health(text)
    assert ("持续低热、盗汗、乏力及腰背部疼痛", "high") in found
    assert any(t.startswith("确诊为") and sev == "high" for t, sev in found)


def test_two_symptoms_without_etc_are_a_clinical_picture() -> None:
    found = _health("学生钱小雨，女，9岁，发病后出现间断低热及淋巴结肿大，已住院观察。")
    assert ("间断低热及淋巴结肿大", "high") in found


@pytest.mark.parametrize("text", [
    "学生钱小雨，女，9岁，晨检时出现头晕，休息后好转。",         # one symptom: a hint
    "如出现发热、咳嗽等症状，请及时到发热门诊就诊。",           # a rule for anyone
])
def test_hard_negative_short_symptom_mentions_stay_hints(text: str) -> None:
    assert all(sev == "low" for t, sev in _health(text) if "头晕" in t or "发热" in t)


def test_policy_word_in_another_clause_does_not_hide_a_diagnosis() -> None:
    text = "病例孙某某，男，47岁，从事屠宰工作。5月3日经实验室检测确诊为布鲁氏菌病，现已在家规范服药。"
    assert any(t.startswith("确诊为布鲁氏菌病") and sev == "high" for t, sev in _health(text))


def test_hard_negative_policy_clause_stays_a_hint() -> None:
    text = "患者孙某某，男，47岁。各地要规范治疗布鲁氏菌病，加强随访管理。"
    assert all(sev == "low" for t, sev in _health(text) if "布鲁氏菌病" in t)


def test_sentence_about_a_group_is_about_nobody() -> None:
    text = "（三）病例3刘某某，女，35岁，确诊为肺结核。其余5例病情较轻，均在村卫生室门诊治疗。"
    found = _health(text)
    assert ("确诊为肺结核", "high") in found
    assert all(sev == "low" for t, sev in found if "门诊" in t or "较轻" in t)


def test_bare_treatment_setting_is_a_hint_with_a_disease_it_is_health() -> None:
    assert _health("病例孙某某，男，47岁，现住院观察。") == [("住院观察", "low")]
    assert ("确诊后住院治疗", "high") in _health("病例孙某某，男，47岁，确诊后住院治疗。")  # the clause says why
    assert ("住院治疗", "high") in _health("申请人李国富当日因腰椎间盘突出在某医院住院治疗。")
    assert ("肺结核住院治疗", "high") in _health("患者孙某某，男，47岁，因肺结核住院治疗。")
    assert all(sev == "low" for _, sev in _health("患者孙某某，男，47岁，先后住院3次（住院号2025110347）。"))


# -- role words are no names -----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "列席：群众代表2人、学生代表1人",
    "列席：居民代表3人",
])
def test_hard_negative_role_phrases_under_a_label_are_no_names(text: str) -> None:
    assert _persons(text) == []


@pytest.mark.parametrize(("text", "name"), [
    ("出席：方向东、王国平（区城管局）", "方向东"),        # a name that opens with a word
    ("申请人：欧阳春生，男，住某村。", "欧阳春生"),          # compound surname + a word as given name
    ("申请人：乌云其木格，女，蒙古族。", "乌云其木格"),      # a minority name holding a word
])
def test_names_that_hold_words_stay_names(text: str, name: str) -> None:
    assert name in [t for t, _ in _persons(text)]


# -- names the cues missed ------------------------------------------------------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("申请人：乌云其木格，女，蒙古族。", "乌云其木格"),                 # Mongolian parts fill the run
    ("申请人：巴特尔，男，住某嘎查。", "巴特尔"),
    ("包金山（某街道某小区16号楼1单元102室）反映，楼道灯损坏。", "包金山"),  # a line-start name + home address
    ("会上，居民发言如下：\n苏日娜（某街道某小区8号楼2单元301室）反映车位问题。", "苏日娜"),
    ("某车间班长于海波安排工人清理料仓。", "于海波"),                       # 于 surname, then a verb
    ("当即由车间主任冼伟明驾驶私家车送医。", "冼伟明"),                     # a workshop head is a company's
])
def test_private_names_found(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize("text", [
    "区住建局（某路18号）负责牵头。",             # an office with its address in brackets
    "申请人于近日提出申请。",                     # 于 as a preposition
    "申请人曾表示不服。",
])
def test_hard_negative_no_name(text: str) -> None:
    assert _persons(text) == []


# -- roles -----------------------------------------------------------------------------------------------
def test_company_title_before_a_name_is_private_and_wins_over_a_listing() -> None:
    text = "会议听取了某热力有限公司副总经理隋振宇介绍情况。\n出席：孙海龙　曲文涛（区财政局）\n列席：隋振宇"
    found = _persons(text)
    assert found.count(("隋振宇", "high")) == 2
    assert ("孙海龙", "low") in found and ("曲文涛", "low") in found


@pytest.mark.parametrize(("text", "name"), [
    ("被申请人：某县公安局交通警察大队。\n负责人：何建明，大队长。", "何建明"),     # a post in apposition
    ("5．宋占军，某镇安全生产监管站站长，建议给予政务警告处分。", "宋占军"),
    ("村报账员：刘庆伟　手机：15853045216", "刘庆伟"),                           # a village cadre's label
    ("单位　　　　姓名　　职务　　　联系电话\n区司法局　　罗敏　　副局长　　13983126647", "罗敏"),  # post column
])
def test_officials_by_their_post(text: str, name: str) -> None:
    assert (name, "low") in _persons(text)


@pytest.mark.parametrize(("text", "name"), [
    ("2．于海波，班长，未落实检修作业监护。\n某车间班长于海波安排工人清理。", "于海波"),  # a company post
    ("申请人张建华，某贸易有限公司总经理，住某村。", "张建华"),
    ("序号\t姓名\t职务\t电话\n1\t张建华\t总经理\t13912345678", "张建华"),
])
def test_hard_negative_company_posts_stay_private(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


# -- tables whose cells are set apart by single full-width spaces ------------------------------------------
_WORD_TABLE = ("序号　字号名称　　　　　　经营者　　身份证号　　　　　　　经营场所　　　　　　联系电话\n"
               "１　　某某区某镇阿兰茶水铺　　季兰　110101199003074514　某镇湖滨路北段17号　139 5265 4417\n"
               "２　　某某区某镇鑫旺农资店　　缪国强　110101********3915　某镇某村九组26号　181-5260-3382\n")


def test_single_space_table_cells_are_read_under_their_headers() -> None:
    persons = _persons(_WORD_TABLE)
    assert ("季兰", "high") in persons and ("缪国强", "high") in persons
    phones = _found(_WORD_TABLE, "PHONE_NUMBER")
    assert ("139 5265 4417", "high") in phones and ("181-5260-3382", "high") in phones


def test_hard_negative_padded_header_is_not_read_word_by_word() -> None:
    text = "序号  姓　名    身份证号            类别\n1     冉　刚    110101199003074514  一级\n2     杨　梅    110101199003071234  二级\n"
    assert _persons(text) == [("冉\u3000刚", "high"), ("杨\u3000梅", "high")]


# -- addresses ----------------------------------------------------------------------------------------------
def _addresses(text: str) -> list[tuple[str, str]]:
    return _found(text, "CN_ADDRESS")


@pytest.mark.parametrize(("text", "value"), [
    ("现住址：某区某街道红旗中路聚福楼B座402房\n联系电话：13530000000", "某区某街道红旗中路聚福楼B座402房"),
    ("送达：司徒永安（某街道红旗中路聚福楼B座402房）", "某街道红旗中路聚福楼B座402房"),
    ("序号\t姓名\t单位或住址\t事迹\n1\t沈建国\t某镇某村西埭组\t救人\n", "某镇某村西埭组"),  # mixed header: the cell decides
])
def test_home_addresses_found(text: str, value: str) -> None:
    found = _addresses(text)
    assert any(value.endswith(t) and sev == "high" for t, sev in found), found


@pytest.mark.parametrize("text", [
    "某公司位于解放路金融大厦A座1203室。",                                   # an office (low)
    "序号\t姓名\t单位或住址\t事迹\n1\t王某某\t某县人民医院（某路18号）\t义诊\n",   # an organisation in the cell
])
def test_hard_negative_office_addresses_stay_low(text: str) -> None:
    assert all(sev == "low" for _, sev in _addresses(text))


def test_hard_negative_flat_layout_is_no_room() -> None:
    assert _addresses("户型为3房2厅，建筑面积89平方米。") == []


# -- batch 3: identifier tables, children's ages, documents named 病历, people served, word boundaries -------
def test_identifier_column_table_without_phone_column_holds_no_phones() -> None:
    text = ("序号 姓名   性别 毕业院校及专业          准考证号     总成绩\n"
            "1    上官慧云 女   某医科大学 护理学      13415250107  78.35\n"
            "2    程江河   男   某工业大学 土木工程    13415250213  81.20\n")
    assert _found(text, "PHONE_NUMBER") == []


def test_hard_negative_phone_in_a_table_with_a_phone_column() -> None:
    text = "序号 姓名   准考证号     联系电话\n1    程江河 20260011     13912345678\n2    李河山 20260012     13912345679\n"
    assert ("13912345678", "high") in _found(text, "PHONE_NUMBER")


@pytest.mark.parametrize(("text", "age"), [
    ("备注：宋佳欣系6周岁儿童，另患孤独症。", "6周岁"),
    ("注：柳欣然为7岁患儿，就读于某镇中心小学。", "7岁"),
])
def test_age_said_of_a_named_child_is_minor(text: str, age: str) -> None:
    assert (age, "high") in _health(text)


@pytest.mark.parametrize("text", ["对6周岁以下儿童实行免费接种。", "补贴对象为年满6周岁的儿童。"])
def test_hard_negative_ages_in_rules(text: str) -> None:
    assert all(sev == "low" for _, sev in _health(text))


@pytest.mark.parametrize("text", [
    "以上事实有证人证言、门诊病历及出院记录等证据证实。",
    "申请人李国富提交的住院病历、费用清单等材料齐全。",
    "1\t王某某\t男\t组织周末课堂义务辅导留守儿童",
    "长期结对帮扶孤儿3名。",
])
def test_hard_negative_records_and_people_served(text: str) -> None:
    assert all(sev == "low" for _, sev in _health(text))


@pytest.mark.parametrize(("text", "value"), [
    ("患者王某某病历记载：右肺占位，已手术。", "病历记载"),
    ("学生李小明系留守儿童，父母在外务工。", "留守儿童"),
])
def test_records_and_status_of_a_person_stay_health(text: str, value: str) -> None:
    assert (value, "high") in _health(text)


@pytest.mark.parametrize("text", [
    "某县黄集镇前刘庄村\n2026年耕地地力保护补贴发放公示",       # a village, not a name
    "抚恤金已于3月21日支付至家属账户。",                         # 付 ends 支付
])
def test_hard_negative_places_and_word_tails_are_no_names(text: str) -> None:
    assert _persons(text) == []


def test_name_before_family_word_still_found() -> None:
    assert ("王建国", "high") in _persons("请王建国家属于3日内领取。")


def test_hard_negative_village_organisation_is_no_group_address() -> None:
    assert _addresses("县财政拨付村级组织运转经费3,000.00元。") == []
    assert ("某县某镇杨墩村下塘组", "high") in _addresses("住某县某镇杨墩村下塘组。")


# -- batch 4: foreign nationals, list notes, places ending in 盟 ----------------------------------------------
def test_foreign_national_name_and_passport() -> None:
    text = "申请人：PARK MINSOO（朴民秀），韩国籍，护照号码M12345678\n许可类别：外国专业人才"
    assert ("PARK MINSOO", "high") in _persons(text)
    assert ("M12345678", "high") in _found(text, "CN_PASSPORT")


@pytest.mark.parametrize("text", [
    "申请人：PDF文件一份",                         # no Latin name
    "请携带护照原件。护照办理费用120元。",          # no number after the label
    "申请单位：Global Tech Ltd（某公司）",          # an organisation's label
])
def test_hard_negative_no_foreign_name_or_passport(text: str) -> None:
    assert _persons(text) == [] and _found(text, "CN_PASSPORT") == []


def test_list_neighbour_after_a_bracketed_note() -> None:
    text = "调查组聘请王立军（某大学安全工程教授）、那日苏（高级工程师）为技术专家。"
    assert ("那日苏", "high") in _persons(text)


def test_hard_negative_league_name_is_no_person() -> None:
    assert _persons("曾获锡林郭勒盟“乡村振兴带头人”称号。") == []


# -- batch 5: committee lists, Tibetan names before a verb, former posts -----------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("三、评标委员会成员\n管文涛（组长）、蒋莉、褚洪斌", "管文涛"),     # a bare committee role is no post
    ("评审专家：欧阳文彬（组长）、郑雪芳", "欧阳文彬"),
    ("由侄女拉巴卓嘎代为申请，联系电话13912345678。", "拉巴卓嘎"),     # Tibetan name, then a verb
])
def test_panel_members_and_relatives_are_private(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize(("text", "name"), [
    ("检查组：王建国（组长）、李明（区财政局）", "王建国"),          # an official label still decides
    ("杨丽萍（某街道司法所所长）参加。", "杨丽萍"),                   # a real post in brackets
])
def test_hard_negative_officials_with_posts_stay_officials(text: str, name: str) -> None:
    assert (name, "low") in _persons(text)


def test_hard_negative_former_post_in_apposition_is_no_official_evidence() -> None:
    assert ("冀文娟", "low") not in _persons("患者冀文娟，原财务科会计，患乳腺癌。")


def test_name_and_account_column() -> None:
    text = ("序号\t日期\t摘要\t金额（元）\t凭证号\t收款人/账号\n"
            "3\t11-03\t临时救助\t3,000.00\t记-038\t拉毛吉 6230580000123456787\n"
            "4\t11-05\t办公用品\t300.00\t记-039\t某某文具店 6230580000123456700\n")
    assert _persons(text) == [("拉毛吉", "high")]


def test_clause_about_a_counted_group_is_about_nobody() -> None:
    found = _health("驾驶人龙某某左腿开放性骨折，另有2名伤者为轻微伤。")
    assert any(t.endswith("左腿开放性骨折") and sev == "high" for t, sev in found)
    assert all(sev == "low" for t, sev in found if "轻微伤" in t)


# -- batch 6 (holdout9 first score 0.910) ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("| 申请人姓名 | 吉克阿呷 | 性别 | 女 |", "吉克阿呷"),                 # a | form's key and value cells
    ("| 姓名 | 与申请人关系 | 年龄 |\n| 阿说拉哈 | 配偶 | 41 |", "阿说拉哈"),  # Yi clan surname
    ("三、敬业奉献类\n\n费晓东，某精密机械有限公司数控车间主任，带领班组攻关。", "费晓东"),  # line-start bio
    ("徐　敏，某县人民医院急诊科护士长，从事急诊护理工作。", "徐　敏"),
])
def test_batch6_private_names(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


def test_batch6_line_start_official_with_post() -> None:
    assert ("王建国", "low") in _persons("王建国，县住建局局长，主持会议。")


@pytest.mark.parametrize("text", [
    "与上述病例为同一小区居民。",                      # a word opening a place, after 病例为
    "会议要求，各单位负责人，认真落实。",
])
def test_batch6_hard_negative_no_names(text: str) -> None:
    assert _persons(text) == []


def test_address_after_a_resident_id_on_its_line_is_personal() -> None:
    text = "申请人身份证号码110101199003074514；通讯地址：某市某区鹭江道217号海悦大厦1906室；联系电话：13912345678"
    assert ("某市某区鹭江道217号海悦大厦1906室", "high") in _addresses(text)


def test_hard_negative_company_line_address_stays_low() -> None:
    text = "某公司　统一社会信用代码91350200MA31234567　地址：某市某区鹭江道217号海悦大厦1906室"
    assert all(sev == "low" for _, sev in _addresses(text))


def test_expert_panel_leader_is_private() -> None:
    assert ("崔英哲", "high") in _persons("经专家组组长崔英哲签字确认后，报市人防办。")


def test_list_neighbour_takes_its_anchors_final_role() -> None:
    found = _persons("复查承办：县信访局罗敏、谢书文。")
    assert ("罗敏", "low") in found and ("谢书文", "low") in found


def test_hard_negative_neighbour_of_a_private_name_stays_private() -> None:
    found = _persons("调查组聘请王立军（某大学教授）、那日苏（高级工程师）为技术专家。")
    assert ("王立军", "high") in found and ("那日苏", "high") in found
