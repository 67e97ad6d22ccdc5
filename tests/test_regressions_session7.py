"""Misses and false alarms found in session 7 (leftovers of bench/holdout8-9 and the blind bench/holdout10),
pinned with invented text (pdfplumber's tests/test_issues.py shape), each with hard negatives."""

from __future__ import annotations

import pytest
from found_helpers import found as _found
from found_helpers import persons as _persons
from found_helpers import roles as _roles
from found_helpers import sensitive as _sensitive


# -- health: measured body temperature and weeks of pregnancy of a described person ----------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("患者周某，男，42岁，6月3日起发热，体温最高39.2℃，伴头痛。", "体温最高39.2℃"),
    ("留观人员吴某某入院时体温38.6℃，咽拭子已送检。", "体温38.6℃"),
    ("确诊病例郑某，女，31岁，该病例现孕18周，已转市妇幼保健院。", "现孕18周"),
    ("产妇钱某某妊娠34+2周时出现先兆早产。", "妊娠34+2周"),
])
def test_temperature_and_pregnancy_weeks_are_health(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "体温37.3℃以上人员须在入口处登记并引导至发热门诊。",     # a threshold for anyone
    "孕28周以上的孕妇应每两周到社区卫生服务中心产检一次。",  # a rule for a group
    "全镇建档孕妇126人，孕13周以内建档率达到95%。",          # a statistic
])
def test_hard_negative_thresholds_and_statistics_are_no_health_phrase(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


# -- minors: village schools and kindergarten classes --------------------------------------------------
@pytest.mark.parametrize(("text", "phrase"), [
    ("其女李小雨，11岁，就读于白水镇中心校五年级。", "白水镇中心校五年级"),
    ("其子马小军在青石乡完小三年级读书。", "青石乡完小三年级"),
    ("病例黄小宝，男，5岁，城南街道中心幼儿园中（3）班幼儿。", "城南街道中心幼儿园中（3）班幼儿"),
])
def test_village_school_and_kindergarten_class_are_minor(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "全镇共有中心校2所、完小5所、教学点3个。",                 # schools counted, no pupil
    "区委党校第三期培训班于5月开班。",                          # an adult training class
])
def test_hard_negative_school_counts_are_no_minor(text: str) -> None:
    assert not any(sev == "high" for _t, sev in _sensitive(text))


# -- names: minority names after a beneficiary label, followed by a verb ---------------------------------
@pytest.mark.parametrize(("text", "name"), [
    ("原发放对象巴图仓已于今年3月去世，自4月起停发。", "巴图仓"),
    ("救助对象乌云其其格已于本月迁出本旗。", "乌云其其格"),
    ("供养对象那日苏因病住院。", "那日苏"),
    ("5     完么才让      男    高一", "完么才让"),
])
def test_minority_name_after_beneficiary_label(text: str, name: str) -> None:
    assert any(t == name for t, _sev in _persons(text))


@pytest.mark.parametrize("text", [
    "本次发放对象为全县80周岁以上老人。",
    "享受对象名单见附件。",
    "扶助对象已于每年3月底前完成资格确认。",
])
def test_hard_negative_beneficiary_labels_without_a_name(text: str) -> None:
    assert _persons(text) == []


# -- addresses: a table row's phone columns are not part of the address --------------------------------
def _addresses(text: str) -> list[str]:
    return [t for t, _sev in _found(text, "CN_ADDRESS")]


def test_phone_columns_around_an_address_stay_phones() -> None:
    text = "经营者：赵建业　13985072346　白沙镇滨河路北段17号　139 5265 4412"
    assert _addresses(text) == ["白沙镇滨河路北段17号"]
    assert [t for t, _sev in _found(text, "PHONE_NUMBER")] == ["13985072346", "139 5265 4412"]


@pytest.mark.parametrize(("text", "address"), [
    ("住址：城关镇解放路8号3单元502", "城关镇解放路8号3单元502"),          # a bare room number stays
    ("户主：钱某某　新华街道人民路45号2单元601\t650", "新华街道人民路45号2单元601"),  # then the next column
    ("住址：一号路12号", "一号路12号"),                                    # a road may start with a numeral
])
def test_room_numbers_and_numeral_roads_still_read(text: str, address: str) -> None:
    assert address in _addresses(text)


def test_resettlement_site_house_number_is_an_address() -> None:
    text = "分配安置房一套（南山村移民安置点8号院），已通知户主本人。"
    assert _addresses(text) == ["南山村移民安置点8号院"]


@pytest.mark.parametrize("text", [
    "全县共建成集中安置点12个，安置群众3100人。",
    "请到幸福社区3号院会议室参加培训。",
])
def test_hard_negative_resettlement_counts_and_meeting_rooms(text: str) -> None:
    assert _addresses(text) == []


# -- officials: the leader a petition case is assigned to, and a unit's contact line ---------------------
@pytest.mark.parametrize(("text", "name"), [
    ("责任单位：区住建局、东坡街道；包案领导：范立群。", "范立群"),
    ("责任单位：青山乡人民政府，包保责任人宁晓峰。", "宁晓峰"),
    ("县二中资助办：马文静老师，电话0941-7125678。", "马文静"),
    ("河口镇征迁指挥部：程国栋，0396-8351234。", "程国栋"),
])
def test_assigned_leader_and_unit_contact_are_officials(text: str, name: str) -> None:
    assert _roles(text)[name] == ("low", "official")


@pytest.mark.parametrize(("text", "name"), [
    ("申请人：程国栋，电话0396-8351234。", "程国栋"),                # a private label, same shape
    ("县第一建筑公司：程国栋，电话0396-8351234。", "程国栋"),        # a company is no government unit
])
def test_hard_negative_private_and_company_contact_lines(text: str, name: str) -> None:
    assert _roles(text)[name][0] == "high"


# -- holdout10 (blind): beneficiaries, served parties, neighbours, bracketed details ----------------------
@pytest.mark.parametrize(("text", "name"), [
    ("二、被送达人：罗秀英，女，汉族，1981年5月2日出生。", "罗秀英"),
    ("（2）购机者：包金海\n身份证号：见附件", "包金海"),
    ("分包给不具备用工主体资格的自然人邱春明（包工头，男）。", "邱春明"),
    ("三、参保人：卓玛，女，已于2023年去世。", "卓玛"),
    ("监护人者文亮家中座机长期无人接听。", "者文亮"),
    ("四至为东至赵长海宅、西至村内道路、南至孙福来家承包地。", "赵长海"),
    ("四至为东至赵长海宅、西至村内道路、南至孙福来家承包地。", "孙福来"),
    ("复检不合格。\n温暖（女，360731********2154，某乡）：乙肝表面抗原阳性。", "温暖"),
    ("复检不合格。\n黄立远（360731********2154，某乡）：血压偏高。", "黄立远"),
    ("（三）儿童管理存在空白。城南镇马子涵（6岁，城南镇中心幼儿园大班）确诊哮喘。", "马子涵"),
    ("公司聘有俄罗斯籍技术顾问安德烈·彼得罗夫，负责分级。", "安德烈·彼得罗夫"),
])
def test_private_persons_of_served_notices_and_plot_boundaries(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


@pytest.mark.parametrize("text", [
    "四至为东至黄河路，西至京广铁路，南至张家沟，北至刘庄村界。",        # places, not neighbours
    "根据规定（2024年修订），现将有关情况（一）通报如下。",              # brackets of no person
    "被送达人应在公告期满后30日内领取文书。",                            # the label without a name
])
def test_hard_negative_boundaries_and_brackets_without_persons(text: str) -> None:
    assert [t for t, sev in _persons(text) if sev == "high"] == []


def test_word_names_are_not_mentions_in_phrases_with_de() -> None:
    text = "护林员：田野（男，45岁）。负责林地、田野的巡护。让群众感受到组织的温暖。"
    assert _persons(text) == [("田野", "high")]


def test_spaced_russian_passport_after_its_label() -> None:
    assert [t for t, _sev in _found("顾问伊万·彼得罗夫（护照号码72 4810397）", "CN_PASSPORT")] == ["72 4810397"]


@pytest.mark.parametrize(("text", "phrase"), [
    ("备注：刘浩然为应届高中毕业生，现年17周岁，符合条件。", "17周岁"),
    ("黄某（某乡）：收缩压三次复测均高于140mmHg，复检不合格。", "收缩压三次复测均高于140mmHg"),
])
def test_age_after_xiannian_and_systolic_pressure(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "收缩压高于140mmHg者不合格。",
    "纳入管理的高血压患者18216人、2型糖尿病患者6842人，高血压和糖尿病患者规范管理率分别为71.3%和68.9%。"
    "城关镇马红霞团队签约服务群众满意度较高。",
])
def test_hard_negative_standards_and_disease_counts(text: str) -> None:
    assert [t for t, sev in _sensitive(text) if sev == "high"] == []


def test_a_household_count_of_one_is_someone() -> None:
    text = "| 1 | 钱某某 | 低保边缘家庭（户内肢体残疾一级1人） | 拆除重建 |"
    assert any("肢体残疾一级" in t and sev == "high" for t, sev in _sensitive(text))


def test_university_in_a_school_column_is_no_minor() -> None:
    text = ("| 序号 | 姓名 | 年龄 | 学历 | 学校 |\n| 1 | 张小明 | 17 | 高中 | 城关中学 |\n"
            "| 2 | 李大伟 | 19 | 本科 | 某某理工大学 |")
    found = _sensitive(text)
    assert ("城关中学", "high") in found
    assert not any("大学" in t for t, _sev in found)


@pytest.mark.parametrize(("text", "name"), [
    ("镇自然资源所：贾志远　电话：0313-7212045", "贾志远"),
    ("县残联康复和维权部：杨春梅　023-75553016", "杨春梅"),
    ("责任医生为乡村医生丁建军。", "丁建军"),
])
def test_duty_contacts_and_duty_doctors_are_officials(text: str, name: str) -> None:
    assert _roles(text)[name] == ("low", "official")


def test_minority_name_before_chu_after_a_kin_word() -> None:
    assert ("巴图乌日根", "high") in _persons("经核验，该机系从其兄巴图乌日根处转手购得。")


def test_a_heading_sentence_is_about_nobody() -> None:
    text = "（三）儿童哮喘管理存在空白。城南镇马子涵（6岁，某幼儿园大班）确诊哮喘，未建档。"
    found = _sensitive(text)
    assert ("哮喘", "low") in found and ("确诊哮喘", "high") in found  # the heading's, then the child's


def test_a_heading_that_names_the_person_still_links() -> None:
    assert ("患有肺结核", "high") in _sensitive("（二）申请人李建华患有肺结核，家庭困难。")


# -- landlines right after a private person's name ------------------------------------------------------
def _phones(text: str) -> list[tuple[str, str]]:
    return _found(text, "PHONE_NUMBER")


@pytest.mark.parametrize("text", [
    "申请人张建华，男，家住城关镇。联系电话：0941-7121345。",
    "申请人：张建华\n联系电话：0941-7121345",
])
def test_landline_after_a_private_person_is_for_review(text: str) -> None:
    assert _phones(text) == [("0941-7121345", "medium")]


@pytest.mark.parametrize("text", [
    "联系人：孙建华　电话：0535-6850213",                                        # a contact line
    "项目联系人：王诗琪\n4．质疑受理：某区财政局采购股，电话：0898-68591230",        # another item's office
    "申请人张建华，男。\n\n三、县民政局办公室电话：0941-7121345",                  # an office's labelled line
    "联系人：县民政局张建华，电话0941-7121345。",                                  # an official
])
def test_hard_negative_office_lines_after_names_stay_low(text: str) -> None:
    assert all(sev == "low" for t, sev in _phones(text) if t.startswith("0"))


# -- holdout11 (blind, written after the fixes above) ---------------------------------------------------
_PUPILS = ("| 序号 | 学生姓名 | 性别 | 出生年月 | 就读学校 | 年级及专业 |\n|---|---|---|---|---|---|\n"
           "| 1 | 杨小美 | 女 | 2003.11 | 某某职业技术学院 | 2024级护理 |\n"
           "| 2 | 潘小伟 | 男 | 2012.07 | 某某中学 | 初三（2）班 |")


def test_pupil_table_rule_row_and_adult_rows_are_no_minor_phrases() -> None:
    found = [t for t, sev in _sensitive(_PUPILS) if sev == "high"]
    assert "初三（2）班" in found and "某某中学" in found and "2012.07" in found
    assert not any(t.startswith("---") or "护理" in t or "学院" in t for t in found)


def test_ages_are_counted_at_the_document_date() -> None:
    text = ("| 序号 | 姓名 | 出生年月 | 毕业（就读）学校 |\n| 1 | 刘某某 | 2007.05 | 某县第二中学 |\n"
            "| 2 | 钱小军 | 2007.05 | 某县第二中学 |\n\n某县征兵办公室\n2024年8月2日")
    assert ("2007.05", "high") in _sensitive(text)  # 17 on the notice's date, an adult today


@pytest.mark.parametrize(("text", "phrase"), [
    ("屋内仅有4岁男童欧阳小轩一人。", "4岁"),
    ("新生儿姓名：王小萱　　性别：女\n出生日期：2025年9月27日　　出生地点：某县妇幼保健院", "2025年9月27日"),
    ("1.第3号患者钟小辉现年15岁，在某县特殊教育学校就读。", "15岁"),
])
def test_child_ages_and_newborn_birth_dates_are_minor(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "全县6岁儿童免费乘车。",
    "出生日期：1980年5月3日",
])
def test_hard_negative_group_ages_and_adult_birth_dates(text: str) -> None:
    assert [t for t, sev in _sensitive(text) if sev == "high"] == []


@pytest.mark.parametrize(("text", "name"), [
    ("某村牧民巴特尔（蒙古族，身份证号见附件）等5户牧民拉设围栏。", "巴特尔"),
    ("与相邻牧户才让多杰（藏族，联系电话见附件）发生推搡。", "才让多杰"),
    ("屋内仅有4岁男童欧阳小轩一人。", "欧阳小轩"),
    ("| 序号 | 姓名 | 身份证号 |\n|---|---|---|\n| 1 | 江南 | 361128********2211 |", "江南"),
    ("| 案号 | 申请人 | 被申请人 |\n| 第58号 | 马力 | 某某木业有限公司 |", "马力"),
])
def test_persons_of_herders_children_and_word_name_cells(text: str, name: str) -> None:
    assert (name, "high") in _persons(text)


def test_one_character_given_name_opening_a_word_is_no_name() -> None:
    assert _persons("本案由独任仲裁员刘晓燕审理。") == [("刘晓燕", "low")]


@pytest.mark.parametrize(("text", "phrase"), [
    ("吴通银，男，侗族，右小腿开放性伤口缝合14针。", "右小腿开放性伤口缝合14针"),
])
def test_stitches_are_an_injury(text: str, phrase: str) -> None:
    assert (phrase, "high") in _sensitive(text)


@pytest.mark.parametrize("text", [
    "患者家属林某某对住院费用清单中耗材收费提出异议。",
    "经调查，证人黎明证言与公司考勤记录、监控录像及病历材料相互印证。",
    "重点审查病历资料、未成年人信息等，确需公开的应作去标识化处理。",  # papers, no one's illness
])
def test_hard_negative_costs_and_papers_are_no_health(text: str) -> None:
    assert [t for t, sev in _sensitive(text) if sev == "high"] == []
